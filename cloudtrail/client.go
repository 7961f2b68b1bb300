package cloudtrail

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/internal/awserr"
	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
)

// Client reads CloudTrail for governance: the posture of the account's
// trails (Trails, EvaluateCoverage), who did what (LookupEvents, whose events
// the detectors of this package read) and, for organisations whose volume
// outgrows LookupEvents, CloudTrail Lake (EventDataStores, Query). It reads
// one account and region at a time; InRegion gives a Client for another
// region. Its methods are safe for concurrent use.
//
// A Client wraps anything that implements API: the real *cloudtrail.Client
// of the SDK (built for you by NewFromConfig), or the in-memory fake of
// package cloudtrailtest in tests.
//
// Everything it does is read-only, with one exception: Query cancels a
// CloudTrail Lake query it started (CancelQuery) when it gives up waiting
// for it, so that an abandoned query does not go on scanning, and billing.
//
// IAM actions, read-only: cloudtrail:DescribeTrails,
// cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors,
// cloudtrail:GetInsightSelectors (Trails); cloudtrail:LookupEvents
// (LookupEvents); cloudtrail:ListEventDataStores,
// cloudtrail:GetEventDataStore (EventDataStores); cloudtrail:StartQuery,
// cloudtrail:DescribeQuery, cloudtrail:GetQueryResults (Query);
// cloudtrail:ListPublicKeys (PublicKeys). Write: cloudtrail:CancelQuery
// (Query, only for its own query).
type Client struct {
	api  API
	base clientkit.Base

	// sleep waits between calls: for the LookupEvents rate limit, before
	// retrying a throttled call and between polls of a Lake query.
	sleep func(ctx context.Context, d time.Duration) error
	// lookupLimits is shared with every Client derived by InRegion.
	lookupLimits *rateLimits
	lookupRate   float64
	lookupBurst  int
	// throttleRetries is how often a throttled call is tried again.
	throttleRetries int
	// pollFirst and pollMax bound the wait between polls of a Lake query.
	pollFirst, pollMax time.Duration
}

// Defaults of a new Client.
const (
	// DefaultLookupRate is the rate, in requests per second, at which a
	// Client calls LookupEvents in one account and region: the limit AWS
	// documents for the operation.
	DefaultLookupRate = 2
	// DefaultLookupBurst is how many LookupEvents calls may go out at once
	// before the rate applies.
	DefaultLookupBurst = 1
	// DefaultThrottleRetries is how often a Client tries a throttled call
	// again, after 1, 2, 4 and 8 seconds, on top of the SDK's own retries.
	DefaultThrottleRetries = 4
	// DefaultPollFirst and DefaultPollMax bound the wait between two polls
	// of a CloudTrail Lake query: it starts at DefaultPollFirst and doubles
	// up to DefaultPollMax.
	DefaultPollFirst = time.Second
	DefaultPollMax   = 16 * time.Second
)

// Option configures a Client. An invalid option does not stop New: every
// call made by the Client returns the error instead, naming the option.
type Option func(*Client)

// New returns a Client that calls api: a *cloudtrail.Client of the SDK, the
// fake of package cloudtrailtest, or any other implementation.
func New(api API, opts ...Option) *Client {
	c := &Client{
		api: api,
		base: clientkit.NewBase(awserr.Classifier{
			Service: "cloudtrail",
			Refine:  refineError,
		}),
		sleep:           sleepContext,
		lookupRate:      DefaultLookupRate,
		lookupBurst:     DefaultLookupBurst,
		throttleRetries: DefaultThrottleRetries,
		pollFirst:       DefaultPollFirst,
		pollMax:         DefaultPollMax,
	}
	if api == nil {
		c.base.Invalid("New", "the API must not be nil")
	}
	for _, opt := range opts {
		opt(c)
	}
	c.lookupLimits = newRateLimits(c.lookupRate, c.lookupBurst)
	return c
}

// NewFromConfig returns a Client for the account and region of cfg, with the
// SDK's own retries and credentials.
func NewFromConfig(cfg aws.Config, opts ...Option) *Client {
	return New(awsct.NewFromConfig(cfg), append([]Option{WithRegion(cfg.Region)}, opts...)...)
}

// refineError gives the CloudTrail codes whose meaning is particular to the
// service their class. InsufficientEncryptionPolicyException means the KMS
// key policy of an event data store does not let the caller (or CloudTrail
// on its behalf) decrypt: a permission the caller lacks.
func refineError(code, _ string) error {
	if code == "InsufficientEncryptionPolicyException" {
		return aigov.ErrAccessDenied
	}
	return nil
}

// WithAccount names the account the Client reads. Trails carry the account
// of their ARN; the account appears in errors and debug logs, and keys the
// LookupEvents rate limit.
func WithAccount(id string) Option {
	return func(c *Client) { c.base.Account = id }
}

// WithRegion makes every call in region, whatever the region of the API's
// own configuration.
func WithRegion(region string) Option {
	return func(c *Client) { c.base.Region = region }
}

// WithLogger sends a Debug record for every AWS call, and for every wait,
// to l. Logs are discarded by default.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) { c.base.SetLogger(l) }
}

// WithMaxPages bounds every listing to n pages (default 10,000); a listing
// that goes on longer fails with aigov.ErrPagination instead of looping.
func WithMaxPages(n int) Option {
	return func(c *Client) { c.base.SetMaxPages("WithMaxPages", n) }
}

// WithClock sets the clock the rate limiter reads (default time.Now). Tests
// pair it with WithSleeper, so that nothing waits for real.
func WithClock(now func() time.Time) Option {
	return func(c *Client) { c.base.SetClock("WithClock", now) }
}

// WithSleeper sets how the Client waits: sleep must return after d, or
// earlier with ctx's error when ctx is done. The default waits on a timer.
// Tests give a sleeper that advances a fake clock and records the waits
// (see cloudtrailtest.Clock).
func WithSleeper(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Client) {
		if sleep == nil {
			c.base.Invalid("WithSleeper", "the sleeper must not be nil")
			return
		}
		c.sleep = sleep
	}
}

// WithLookupRate sets the rate at which the Client calls LookupEvents in
// each account and region: perSecond requests a second on average, burst of
// them at once (default 2 a second, one at a time, which AWS documents as
// the limit). Calls beyond the rate wait their turn rather than fail. Every
// Client derived from this one by InRegion shares its limits, one per
// account and region.
func WithLookupRate(perSecond float64, burst int) Option {
	return func(c *Client) {
		if !(perSecond > 0) || perSecond > 1000 {
			c.base.Invalid("WithLookupRate", "the rate must be above 0 and at most 1000 a second, got %v", perSecond)
			return
		}
		if burst < 1 {
			c.base.Invalid("WithLookupRate", "the burst must be at least 1, got %d", burst)
			return
		}
		c.lookupRate, c.lookupBurst = perSecond, burst
	}
}

// WithThrottleRetries sets how often a call that AWS throttled is tried
// again, after waits of 1, 2, 4, 8 … seconds (at most 30); 0 returns the
// throttling error at once. The default is DefaultThrottleRetries. The SDK's
// own retries come first: this is for long scans that must slow down rather
// than fail.
func WithThrottleRetries(n int) Option {
	return func(c *Client) {
		if n < 0 || n > 10 {
			c.base.Invalid("WithThrottleRetries", "the number of retries must be between 0 and 10, got %d", n)
			return
		}
		c.throttleRetries = n
	}
}

// WithQueryPolling sets how Query waits for a CloudTrail Lake query: first
// after first, then twice as long each time, up to max (defaults
// DefaultPollFirst and DefaultPollMax).
func WithQueryPolling(first, max time.Duration) Option {
	return func(c *Client) {
		if first <= 0 || max < first {
			c.base.Invalid("WithQueryPolling", "want 0 < first <= max, got first %v, max %v", first, max)
			return
		}
		c.pollFirst, c.pollMax = first, max
	}
}

// InRegion returns a copy of c that makes every call in region, whatever the
// region of the underlying SDK client. The copy shares c's LookupEvents rate
// limits, which are kept per account and region.
func (c *Client) InRegion(region string) *Client {
	cp := *c
	cp.base.Region = region
	return &cp
}

// Region is the region the Client calls, as set by NewFromConfig, WithRegion
// or InRegion; empty when it is the underlying API's own.
func (c *Client) Region() string { return c.base.Region }

func (c *Client) optFns() []func(*awsct.Options) {
	return clientkit.RegionOption(c.base.Region, func(o *awsct.Options, r string) { o.Region = r })
}

// inRegion is InRegion, but returns c itself for its own region.
func (c *Client) inRegion(region string) *Client {
	if region == c.base.Region {
		return c
	}
	return c.InRegion(region)
}

// sleepContext waits for d on a timer, or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// maxThrottleWait caps the wait before a throttled call is tried again.
const maxThrottleWait = 30 * time.Second

// retryThrottled calls call, and calls it again after a growing wait each
// time AWS answers that it is throttled, up to the Client's retry count. The
// error it returns is the SDK's, for clientkit.Do to classify.
func retryThrottled[Out any](ctx context.Context, c *Client, op string, call func(context.Context) (Out, error)) (Out, error) {
	wait := time.Second
	for attempt := 0; ; attempt++ {
		out, err := call(ctx)
		if err == nil || attempt >= c.throttleRetries || !errors.Is(c.base.Classifier.Wrap(op, err), aigov.ErrThrottled) {
			return out, err
		}
		c.base.Logger.LogAttrs(ctx, slog.LevelDebug, "throttled, waiting to retry",
			slog.String("service", "cloudtrail"), slog.String("op", op),
			slog.String("region", c.base.Region), slog.String("account", c.base.Account),
			slog.Duration("wait", wait), slog.Int("attempt", attempt+1))
		if serr := c.sleep(ctx, wait); serr != nil {
			return out, errors.Join(err, serr)
		}
		wait = min(2*wait, maxThrottleWait)
	}
}
