package advisor

import (
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/aigov/aigov/internal/awserr"
	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/support"
	"github.com/aws/aws-sdk-go-v2/service/trustedadvisor"
)

// Client reads AWS Trusted Advisor through the TrustedAdvisor API when it
// can and through the AWS Support API when it must (see Recommendations).
// Its methods are safe for concurrent use.
type Client struct {
	ta      TrustedAdvisorAPI
	support SupportAPI
	// base carries the options; TrustedAdvisor API calls use it as it is.
	base clientkit.Base
	// supportRegion is the region of Support API calls; empty leaves the
	// SDK client's own.
	supportRegion string
	language      string
	pageSize      int32
}

// Option configures a Client. An invalid option does not stop New: every
// call made by the Client returns the error instead, naming the option.
type Option func(*Client)

// TrustedAdvisorRegions are the regions with a TrustedAdvisor API endpoint.
// The API's data is global: every one of them answers for the whole account.
var TrustedAdvisorRegions = []string{"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "ap-northeast-2", "ap-southeast-2"}

// Languages are the languages both APIs name checks and columns in.
var Languages = []string{"en", "ja", "zh", "fr", "de", "ko", "zh_TW", "it", "es", "pt_BR", "id"}

// New returns a Client over ta (the TrustedAdvisor API: a
// *trustedadvisor.Client, the fake of package advisortest, or any other
// implementation) and support (the AWS Support API: a *support.Client or its
// fake). Either may be nil, and the Client then uses the other; both nil is
// an invalid option that every call returns.
func New(ta TrustedAdvisorAPI, support SupportAPI, opts ...Option) *Client {
	c := &Client{
		base:     clientkit.NewBase(awserr.Classifier{Service: "advisor"}),
		language: "en",
		pageSize: 200,
	}
	// A typed nil (a nil *trustedadvisor.Client in the interface) is as
	// unusable as an untyped one.
	if ta != nil && !isNil(ta) {
		c.ta = ta
	}
	if support != nil && !isNil(support) {
		c.support = support
	}
	if c.ta == nil && c.support == nil {
		c.base.Invalid("New", "both the TrustedAdvisor API and the Support API are nil; give at least one")
	}
	for _, opt := range opts {
		opt(c)
	}
	return c
}

func isNil(api any) bool {
	switch a := api.(type) {
	case *trustedadvisor.Client:
		return a == nil
	case *support.Client:
		return a == nil
	}
	return false
}

// NewFromConfig returns a Client over both APIs for the account of cfg, with
// the SDK's own retries and credentials.
//
// The Support API serves Trusted Advisor only from us-east-1 in the aws
// partition (cn-north-1 and us-gov-west-1 in the others), so its client is
// pinned there. The TrustedAdvisor API has endpoints in six regions
// (TrustedAdvisorRegions) and answers globally from each: the client uses
// cfg.Region when it is one of them and us-east-1 otherwise.
func NewFromConfig(cfg aws.Config, opts ...Option) *Client {
	supportRegion := supportRegionFor(cfg.Region)
	var pre []Option
	taRegion := cfg.Region
	if partitionOf(cfg.Region) == "aws" {
		if !slices.Contains(TrustedAdvisorRegions, taRegion) {
			taRegion = "us-east-1"
		}
		pre = append(pre, WithRegion(taRegion))
	}
	ta := trustedadvisor.NewFromConfig(cfg, func(o *trustedadvisor.Options) { o.Region = taRegion })
	sup := support.NewFromConfig(cfg, func(o *support.Options) { o.Region = supportRegion })
	c := New(ta, sup, append(pre, opts...)...)
	c.supportRegion = supportRegion
	return c
}

// partitionOf returns the AWS partition of a region name: "aws-cn",
// "aws-us-gov", "aws-iso…" or "aws".
func partitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-iso"), strings.HasPrefix(region, "eu-isoe-"):
		return "aws-iso"
	}
	return "aws"
}

// supportRegionFor returns the region whose Support endpoint serves the
// Trusted Advisor operations in the partition of region.
func supportRegionFor(region string) string {
	switch partitionOf(region) {
	case "aws":
		return "us-east-1"
	case "aws-cn":
		return "cn-north-1"
	case "aws-us-gov":
		return "us-gov-west-1"
	}
	return region
}

// WithAccount names the account the Client reads. Results the Support API
// returns (which name no account) carry it, and it appears in errors and
// debug logs.
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

// WithPageSize sets MaxResults of the TrustedAdvisor API listings (1 to 200;
// default 200, the most the API allows).
func WithPageSize(n int) Option {
	return func(c *Client) {
		if n < 1 || n > 200 {
			c.base.Invalid("WithPageSize", "the page size must be between 1 and 200, got %d", n)
			return
		}
		c.pageSize = int32(n)
	}
}

// WithClock sets the clock the Client computes refresh times
// (RefreshStatus.RefreshableAt) and stamps Availability.CheckedAt with
// (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(c *Client) { c.base.SetClock("WithClock", now) }
}

// WithRegion makes every TrustedAdvisor API call in region, one of
// TrustedAdvisorRegions. The Support API is not affected: it answers only
// from us-east-1.
func WithRegion(region string) Option {
	return func(c *Client) {
		if !slices.Contains(TrustedAdvisorRegions, region) {
			c.base.Invalid("WithRegion", "the TrustedAdvisor API has no endpoint in %q; use one of %s", region, strings.Join(TrustedAdvisorRegions, ", "))
			return
		}
		c.base.Region = region
	}
}

// WithLanguage sets the language of check names and metadata column names
// (default "en"; one of Languages). Column names are the keys of
// FlaggedResource.Metadata, so code that reads columns by name should keep
// the default.
func WithLanguage(lang string) Option {
	return func(c *Client) {
		if !slices.Contains(Languages, lang) {
			c.base.Invalid("WithLanguage", "Trusted Advisor has no language %q; use one of %s", lang, strings.Join(Languages, ", "))
			return
		}
		c.language = lang
	}
}

// Region is the region of TrustedAdvisor API calls; empty when it is the
// API's own.
func (c *Client) Region() string { return c.base.Region }

func (c *Client) taOptFns() []func(*trustedadvisor.Options) {
	return clientkit.RegionOption(c.base.Region, func(o *trustedadvisor.Options, r string) { o.Region = r })
}

func (c *Client) supportOptFns() []func(*support.Options) {
	return clientkit.RegionOption(c.supportRegion, func(o *support.Options, r string) { o.Region = r })
}

// supportBase is the base of Support API calls: the Client's options with
// the Support region, so that errors say where the call went.
func (c *Client) supportBase() *clientkit.Base {
	b := c.base
	b.Region = c.supportRegion
	return &b
}
