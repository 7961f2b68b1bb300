package cloudtrailtest

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Clock is a fake clock for tests: Now reads it and Sleep moves it on at
// once, recording the wait, so that code that waits (the rate limit of
// cloudtrail.Client, its retries, its polls of a Lake query) runs without
// sleeping. Give the same Clock to the fake and the client:
//
//	clock := cloudtrailtest.NewClock(t0)
//	fake.SetClock(clock.Now)
//	c := cloudtrail.New(fake, cloudtrail.WithClock(clock.Now), cloudtrail.WithSleeper(clock.Sleep))
//
// Its methods are safe for concurrent use.
type Clock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

// NewClock returns a Clock that reads t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep moves the clock on by d and records d, or returns ctx's error,
// without moving the clock, when ctx is done.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.waits = append(c.waits, d)
	return nil
}

// Advance moves the clock on by d without recording a wait.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Waits returns the waits Sleep recorded, in order.
func (c *Clock) Waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.waits)
}

// Waited returns the sum of the waits Sleep recorded.
func (c *Clock) Waited() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	var total time.Duration
	for _, d := range c.waits {
		total += d
	}
	return total
}
