package inspector

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/internal/awserr"
	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
)

// Client answers governance questions from Amazon Inspector (v2): which
// scan types are on, which resources are scanned, which vulnerabilities
// affect them. Amazon Inspector is regional; a Client reads one region (see
// InRegion). Its methods are safe for concurrent use.
type Client struct {
	api      API
	base     clientkit.Base
	pageSize int32
	// pollInterval is the first wait between two GetSbomExport calls;
	// the wait doubles up to maxPollFactor times it.
	pollInterval time.Duration
	sleep        func(context.Context, time.Duration) error
}

// Option configures a Client. An invalid option does not stop New: every
// call made by the Client returns the error instead, naming the option.
type Option func(*Client)

// Defaults of a new Client.
const (
	// DefaultPageSize is the page size of ListFindings and
	// ListFindingAggregations, the most they allow. ListCoverage uses
	// coveragePageSize, its own maximum, unless WithPageSize is given.
	DefaultPageSize  = 100
	coveragePageSize = 200
	// DefaultPollInterval is the first wait between two polls of an SBOM
	// export.
	DefaultPollInterval = 2 * time.Second
	// maxPollFactor caps the doubling of the poll interval: with the
	// default interval, the longest wait is 32 seconds.
	maxPollFactor = 16
)

// New returns a Client that calls api: an *inspector2.Client, the fake of
// package inspectortest, or any other implementation.
func New(api API, opts ...Option) *Client {
	c := &Client{
		api:          api,
		base:         clientkit.NewBase(classifier),
		pollInterval: DefaultPollInterval,
		sleep:        sleep,
	}
	if api == nil {
		c.base.Invalid("New", "the API must not be nil")
	}
	for _, opt := range opts {
		opt(c)
	}
	return c
}

// NewFromConfig returns a Client for the account and region of cfg, with the
// SDK's own retries and credentials.
func NewFromConfig(cfg aws.Config, opts ...Option) *Client {
	return New(inspector2.NewFromConfig(cfg), append([]Option{WithRegion(cfg.Region)}, opts...)...)
}

// classifier adds to the shared table the one meaning particular to
// Amazon Inspector: an AccessDeniedException whose message says Inspector is
// not enabled. Which message AWS sends on the List operations of an account
// that never enabled Inspector is not documented, so AccountStatus remains
// the authoritative answer.
var classifier = awserr.Classifier{
	Service: "inspector",
	Refine: func(code, message string) error {
		if strings.EqualFold(code, "AccessDeniedException") && strings.Contains(strings.ToLower(message), "not enabled") {
			return aigov.ErrNotEnabled
		}
		return nil
	},
}

// WithAccount names the account the Client reads; it appears in errors and
// debug logs. AccountStatus asks about it when given no account.
func WithAccount(id string) Option {
	return func(c *Client) { c.base.Account = id }
}

// WithLogger sends a Debug record for every AWS call to l. Logs are
// discarded by default.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) { c.base.SetLogger(l) }
}

// WithMaxPages bounds every listing to n pages (default 10,000); a listing
// that goes on longer fails with aigov.ErrPagination instead of looping.
func WithMaxPages(n int) Option {
	return func(c *Client) { c.base.SetMaxPages("WithMaxPages", n) }
}

// WithPageSize sets the page size (MaxResults) of every listing, 1 to 100
// (default 100 for findings and aggregations, 200 for coverage).
func WithPageSize(n int) Option {
	return func(c *Client) {
		if n < 1 || n > 100 {
			c.base.Invalid("WithPageSize", "the page size must be between 1 and 100, got %d", n)
			return
		}
		c.pageSize = int32(n)
	}
}

// WithClock sets the clock the Client stamps SBOM exports with (default
// time.Now).
func WithClock(now func() time.Time) Option {
	return func(c *Client) { c.base.SetClock("WithClock", now) }
}

// WithRegion makes every call in region, whatever the region of the API's
// own configuration.
func WithRegion(region string) Option {
	return func(c *Client) { c.base.Region = region }
}

// WithPollInterval sets the first wait between two polls of an SBOM export
// (default 2s). The wait doubles after each poll, up to 16 times d.
func WithPollInterval(d time.Duration) Option {
	return func(c *Client) {
		if d <= 0 {
			c.base.Invalid("WithPollInterval", "the poll interval must be positive, got %v", d)
			return
		}
		c.pollInterval = d
	}
}

// WithSleep replaces the wait between two polls of an SBOM export. sleep
// must return ctx.Err() when ctx ends first. Tests use it to poll without
// waiting and to see the waits the Client asked for.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Client) {
		if sleep == nil {
			c.base.Invalid("WithSleep", "the sleep function must not be nil")
			return
		}
		c.sleep = sleep
	}
}

// InRegion returns a copy of c that makes every call in region, whatever the
// region of the underlying SDK client. It is how one Client reads several
// regions of an account.
func (c *Client) InRegion(region string) *Client {
	cp := *c
	cp.base.Region = region
	return &cp
}

// Region is the region the Client calls, as set by NewFromConfig, WithRegion
// or InRegion; empty when it is the underlying API's own.
func (c *Client) Region() string { return c.base.Region }

func (c *Client) optFns() []func(*inspector2.Options) {
	return clientkit.RegionOption(c.base.Region, func(o *inspector2.Options, r string) { o.Region = r })
}

// size returns the MaxResults to send: the Client's page size, or max, the
// operation's own limit.
func (c *Client) size(max int32) *int32 {
	if c.pageSize > 0 {
		return aws.Int32(min(c.pageSize, max))
	}
	return aws.Int32(max)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
