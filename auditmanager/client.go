package auditmanager

import (
	"iter"
	"log/slog"
	"strings"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/internal/awserr"
	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	sdk "github.com/aws/aws-sdk-go-v2/service/auditmanager"
)

// Client answers governance questions from AWS Audit Manager in one account
// and region, and writes evidence and reports when asked to. Its methods are
// safe for concurrent use.
type Client struct {
	api      API
	base     clientkit.Base
	pageSize int32
	// quota counts the manual evidence this Client (and its InRegion
	// copies) imported per control and UTC day.
	quota *importLedger
}

// Option configures a Client. An invalid option does not stop New: every
// call made by the Client returns the error instead, naming the option.
type Option func(*Client)

// maxPageSize is the largest maxResults Audit Manager accepts.
const maxPageSize = 1000

// New returns a Client that calls api: the SDK's *auditmanager.Client, the
// fake of package auditmanagertest, or any other implementation.
func New(api API, opts ...Option) *Client {
	c := &Client{
		api:      api,
		base:     clientkit.NewBase(classifier),
		pageSize: maxPageSize,
		quota:    newImportLedger(),
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
	return New(sdk.NewFromConfig(cfg), append([]Option{WithRegion(cfg.Region)}, opts...)...)
}

// WithAccount names the account the Client reads. Results that Audit Manager
// returns without an account carry it, and it appears in errors and debug
// logs.
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

// WithPageSize sets the maxResults of every listing (1 to 1000; default
// 1000, the most Audit Manager allows).
func WithPageSize(n int) Option {
	return func(c *Client) {
		if n < 1 || n > maxPageSize {
			c.base.Invalid("WithPageSize", "the page size must be between 1 and %d, got %d", maxPageSize, n)
			return
		}
		c.pageSize = int32(n)
	}
}

// WithClock sets the clock the Client reads the UTC day from when it
// counts manual evidence against the daily quota (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(c *Client) { c.base.SetClock("WithClock", now) }
}

// WithRegion makes every call in region, whatever the region of the API's
// own configuration, and stamps results that AWS returns without a region.
func WithRegion(region string) Option {
	return func(c *Client) { c.base.Region = region }
}

// InRegion returns a copy of c that makes every call in region. The copy
// shares c's count of manual evidence imported today.
func (c *Client) InRegion(region string) *Client {
	cp := *c
	cp.base.Region = region
	return &cp
}

// Region is the region the Client calls, as set by NewFromConfig, WithRegion
// or InRegion; empty when it is the underlying API's own.
func (c *Client) Region() string { return c.base.Region }

func (c *Client) optFns() []func(*sdk.Options) {
	return clientkit.RegionOption(c.base.Region, func(o *sdk.Options, r string) { o.Region = r })
}

// classifier adds to the shared table the answer an account gets since AWS
// closed Audit Manager to new customers: the message, whatever its code,
// says the account cannot use the service. AWS has not documented that
// answer; these needles are the wording AWS uses on its availability page.
var classifier = awserr.Classifier{
	Service: "auditmanager",
	Refine: func(code, message string) error {
		m := strings.ToLower(message)
		for _, needle := range closedNeedles {
			if strings.Contains(m, needle) {
				return aigov.ErrNotEnabled
			}
		}
		return nil
	},
}

var closedNeedles = []string{
	"no longer open to new customers",
	"not open to new customers",
	"cannot enable audit manager for new accounts",
}

// fail is a sequence that yields err and ends.
func fail[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}
