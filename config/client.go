package config

import (
	"log/slog"
	"strings"
	"time"

	"github.com/aigov/aigov/internal/awserr"
	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
)

// Client answers governance questions from AWS Config. It reads one account
// and region, or a whole organisation through a configuration aggregator
// (WithAggregator). Its methods are safe for concurrent use.
type Client struct {
	api        API
	base       clientkit.Base
	aggregator string
	pageSize   int32
}

// Option configures a Client. An invalid option does not stop New: every
// call made by the Client returns the error instead, naming the option.
type Option func(*Client)

// New returns a Client that calls api: a *configservice.Client, the fake of
// package configtest, or any other implementation.
func New(api API, opts ...Option) *Client {
	c := &Client{
		api:      api,
		base:     clientkit.NewBase(awserr.Classifier{Service: "config"}),
		pageSize: 100,
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
	return New(configservice.NewFromConfig(cfg), append([]Option{WithRegion(cfg.Region)}, opts...)...)
}

// WithAggregator answers the organisation-wide questions (rule compliance,
// evaluations, inventory) through the named configuration aggregator, so one
// call covers every account and region it aggregates. Results carry the
// account and region they come from.
func WithAggregator(name string) Option {
	return func(c *Client) {
		if strings.TrimSpace(name) == "" {
			c.base.Invalid("WithAggregator", "the aggregator name is empty")
			return
		}
		c.aggregator = name
	}
}

// WithAccount names the account the Client reads. Results that AWS Config
// returns without an account (rules, recorder statuses, evaluations outside
// aggregator mode) carry it, and it appears in debug logs.
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

// WithPageSize sets the page size of the operations that take a Limit (1 to
// 100; default 100, the most AWS Config allows).
func WithPageSize(n int) Option {
	return func(c *Client) {
		if n < 1 || n > 100 {
			c.base.Invalid("WithPageSize", "the page size must be between 1 and 100, got %d", n)
			return
		}
		c.pageSize = int32(n)
	}
}

// WithClock sets the clock the Client stamps collected data with (default
// time.Now).
func WithClock(now func() time.Time) Option {
	return func(c *Client) { c.base.SetClock("WithClock", now) }
}

// WithRegion makes every call in region, whatever the region of the API's
// own configuration, and stamps results that AWS returns without a region.
func WithRegion(region string) Option {
	return func(c *Client) { c.base.Region = region }
}

// InRegion returns a copy of c that makes every call in region, whatever the
// region of the underlying SDK client. It is how one Client reads several
// regions of an account.
func (c *Client) InRegion(region string) *Client {
	cp := *c
	cp.base.Region = region
	return &cp
}

// ThroughAggregator returns a copy of c that answers the organisation-wide
// questions through the named configuration aggregator, as if c had been
// built with WithAggregator(name).
func (c *Client) ThroughAggregator(name string) *Client {
	cp := *c
	WithAggregator(name)(&cp)
	return &cp
}

// Region is the region the Client calls, as set by NewFromConfig or
// InRegion; empty when it is the underlying API's own.
func (c *Client) Region() string { return c.base.Region }

// Aggregator is the configuration aggregator the Client reads through, or
// empty.
func (c *Client) Aggregator() string { return c.aggregator }

func (c *Client) optFns() []func(*configservice.Options) {
	return clientkit.RegionOption(c.base.Region, func(o *configservice.Options, r string) { o.Region = r })
}
