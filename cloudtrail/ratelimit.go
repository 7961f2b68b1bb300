package cloudtrail

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// rateLimits keeps one token bucket per account and region. A Client and
// every Client that InRegion derives from it share one rateLimits, so that
// scans of the same account and region, run at once, share its rate.
//
// The buckets read the Client's clock and the callers wait with the Client's
// sleeper, so a test drives them with a fake clock and never sleeps.
type rateLimits struct {
	rate  float64 // tokens added per second
	burst float64 // most tokens a bucket holds

	mu      sync.Mutex
	buckets map[string]*tokenBucket
}

type tokenBucket struct {
	// tokens may go below zero: each caller takes its token at once and
	// waits until the bucket would have held it, so that callers queue up
	// in the order they came.
	tokens float64
	last   time.Time
}

func newRateLimits(perSecond float64, burst int) *rateLimits {
	return &rateLimits{rate: perSecond, burst: float64(burst), buckets: make(map[string]*tokenBucket)}
}

// reserve takes a token from the bucket of key at now and returns how long
// the caller must wait before it may make its call.
func (l *rateLimits) reserve(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		b = &tokenBucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	if now.After(b.last) {
		b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
		b.last = now
	}
	b.tokens--
	if b.tokens >= 0 {
		return 0
	}
	return time.Duration(-b.tokens / l.rate * float64(time.Second))
}

// unreserve gives back a token that a caller reserved but did not use.
func (l *rateLimits) unreserve(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b := l.buckets[key]; b != nil {
		b.tokens = min(l.burst, b.tokens+1)
	}
}

// awaitLookupTurn waits until the Client may call LookupEvents in its
// account and region.
func (c *Client) awaitLookupTurn(ctx context.Context) error {
	key := c.base.Account + "/" + c.base.Region
	wait := c.lookupLimits.reserve(key, c.base.Now())
	if wait <= 0 {
		return nil
	}
	c.base.Logger.LogAttrs(ctx, slog.LevelDebug, "waiting for the LookupEvents rate limit",
		slog.String("service", "cloudtrail"), slog.String("region", c.base.Region),
		slog.String("account", c.base.Account), slog.Duration("wait", wait))
	if err := c.sleep(ctx, wait); err != nil {
		c.lookupLimits.unreserve(key)
		return err
	}
	return nil
}
