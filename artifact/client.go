package artifact

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/internal/awserr"
	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsartifact "github.com/aws/aws-sdk-go-v2/service/artifact"
)

// Region is the only region AWS Artifact's API is served from. Every call a
// Client makes goes there, whatever the region of the configuration it was
// built from.
const Region = "us-east-1"

// ErrUnsupportedPartition is returned by every call of a Client built for a
// region outside the aws partition (China, GovCloud, the ISO and European
// Sovereign partitions), where AWS Artifact's API is not served. Such errors
// also match aigov.ErrNotEnabled: the account cannot use the service.
var ErrUnsupportedPartition = errors.New("AWS Artifact's API is served only from us-east-1 in the aws partition")

// errNoOutput is what a listing says of an API that returned neither
// output nor error, which the SDK never does but a stub might.
var errNoOutput = errors.New("the API returned no output and no error")

// Client reads AWS Artifact: the compliance reports AWS publishes, the
// agreements the account has accepted and the account's settings, and
// downloads a report for an evidence pack when asked to. Its methods are
// safe for concurrent use.
type Client struct {
	api      API
	base     clientkit.Base
	pageSize int32
	http     *http.Client
	insecure bool
}

// Option configures a Client. An invalid option does not stop New: every
// call made by the Client returns the error instead, naming the option.
type Option func(*Client)

// maxPageSize is the largest maxResults ListReports and
// ListCustomerAgreements accept.
const maxPageSize = 300

// New returns a Client that calls api: the SDK's *artifact.Client, the fake
// of package artifacttest, or any other implementation. Every call is made
// in us-east-1. When api is the SDK's client configured for a region
// outside the aws partition, every call returns an error matching
// ErrUnsupportedPartition and aigov.ErrNotEnabled, without calling AWS.
func New(api API, opts ...Option) *Client {
	c := &Client{
		api:      api,
		base:     clientkit.NewBase(awserr.Classifier{Service: "artifact"}),
		pageSize: maxPageSize,
		http:     &http.Client{Timeout: 5 * time.Minute},
	}
	c.base.Region = Region
	switch sdk := api.(type) {
	case nil:
		c.base.Invalid("New", "the API must not be nil")
	case *awsartifact.Client:
		if sdk == nil {
			c.base.Invalid("New", "the API must not be nil")
			break
		}
		c.checkPartition(sdk.Options().Region)
	}
	for _, opt := range opts {
		opt(c)
	}
	return c
}

// NewFromConfig returns a Client with the credentials and retries of cfg.
// The region of cfg only chooses the partition: in the aws partition (or
// with no region at all) the Client calls us-east-1; in any other partition
// every call returns an error matching ErrUnsupportedPartition and
// aigov.ErrNotEnabled instead of calling an endpoint that does not exist.
func NewFromConfig(cfg aws.Config, opts ...Option) *Client {
	return New(awsartifact.NewFromConfig(cfg), opts...)
}

func (c *Client) checkPartition(region string) {
	if p := partition(region); p != "aws" && c.base.Err == nil {
		c.base.Err = fmt.Errorf("artifact: region %s is in the %s partition: %w: %w", region, p, ErrUnsupportedPartition, aigov.ErrNotEnabled)
	}
}

// partitions maps region prefixes to the partitions other than aws, most
// specific first, as the SDK's endpoint tables define them.
var partitions = []struct{ prefix, partition string }{
	{"cn-", "aws-cn"},
	{"us-gov-", "aws-us-gov"},
	{"us-isob-", "aws-iso-b"},
	{"us-isof-", "aws-iso-f"},
	{"us-iso-", "aws-iso"},
	{"eu-isoe-", "aws-iso-e"},
	{"eusc-", "aws-eusc"},
}

// partition returns the partition of region; aws for an empty or unknown
// region, since AWS names every new commercial region with a plain prefix.
func partition(region string) string {
	for _, p := range partitions {
		if strings.HasPrefix(region, p.prefix) {
			return p.partition
		}
	}
	return "aws"
}

// WithAccount names the account the Client reads; it appears in errors and
// debug logs.
func WithAccount(id string) Option {
	return func(c *Client) { c.base.Account = id }
}

// WithLogger sends a Debug record for every AWS call and every download to
// l. Logs are discarded by default. Presigned URLs are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) { c.base.SetLogger(l) }
}

// WithMaxPages bounds every listing to n pages (default 10,000); a listing
// that goes on longer fails with aigov.ErrPagination instead of looping.
func WithMaxPages(n int) Option {
	return func(c *Client) { c.base.SetMaxPages("WithMaxPages", n) }
}

// WithPageSize sets the maxResults of ListReports and
// ListCustomerAgreements (1 to 300; default 300, the most AWS allows).
func WithPageSize(n int) Option {
	return func(c *Client) {
		if n < 1 || n > maxPageSize {
			c.base.Invalid("WithPageSize", "the page size must be between 1 and %d, got %d", maxPageSize, n)
			return
		}
		c.pageSize = int32(n)
	}
}

// WithClock sets the clock CheckCertifications judges the age of reports
// by and Download stamps its result with (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(c *Client) { c.base.SetClock("WithClock", now) }
}

// WithHTTPClient sets the HTTP client Download fetches documents with
// (default: a client with a five-minute timeout). Tests pass the client of
// the fake's document server, artifacttest.Fake.HTTPClient.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc == nil {
			c.base.Invalid("WithHTTPClient", "the HTTP client must not be nil")
			return
		}
		c.http = hc
	}
}

// WithInsecureDownloads lets Download fetch documents over plain HTTP. It is
// for tests against a local server only: a real presigned URL is always
// HTTPS, and one that is not has been tampered with.
func WithInsecureDownloads() Option {
	return func(c *Client) { c.insecure = true }
}

func (c *Client) optFns() []func(*awsartifact.Options) {
	return clientkit.RegionOption(c.base.Region, func(o *awsartifact.Options, r string) { o.Region = r })
}
