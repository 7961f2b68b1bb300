package cloudtrailtest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/internal/fakeaws"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

// Call is one call the fake received.
type Call = fakeaws.Call

// Reactor inspects a call before the fake answers it; see Fake.PrependReactor.
type Reactor = fakeaws.Reactor

// Defaults of a new Fake.
const (
	DefaultAccount = "123456789012"
	DefaultRegion  = "us-east-1"
)

// Fake is an in-memory CloudTrail. Its methods are safe for concurrent use.
//
// Error injection and the call log come from the embedded Core: Fail(op,
// err), FailN(op, n, err), PrependReactor(op, r), Calls(), CallCount(op),
// SetClock(now).
type Fake struct {
	*fakeaws.Core

	account     string
	region      string
	pageSize    int
	lookupLimit int // LookupEvents calls a second per region; 0 for none

	mu         sync.Mutex
	trails     []*trailState
	events     []*storedEvent // newest first
	eventSeq   int
	lookups    map[string][]time.Time // region -> times of recent LookupEvents calls
	stores     []storeState
	answers    []answer
	queries    map[string]*query
	queryCount int
	keys       []regionKey
}

var _ cloudtrail.API = (*Fake)(nil)

// Option configures a Fake.
type Option func(*Fake)

// WithAccount sets the calling account (default DefaultAccount).
func WithAccount(id string) Option { return func(f *Fake) { f.account = id } }

// WithRegion sets the region of calls made without a region option, and of
// seeds that name none (default DefaultRegion).
func WithRegion(r string) Option { return func(f *Fake) { f.region = r } }

// WithPageSize makes every listing return at most n items a page, below the
// limits AWS applies, so that tests exercise paging with few items.
func WithPageSize(n int) Option { return func(f *Fake) { f.pageSize = n } }

// WithLookupRateLimit makes LookupEvents answer ThrottlingException ("Rate
// exceeded") to a call that comes when perSecond calls were already
// answered in the region in the second before it, by the fake's clock (see
// Fake.SetClock): AWS's documented limit is 2.
func WithLookupRateLimit(perSecond int) Option {
	return func(f *Fake) { f.lookupLimit = perSecond }
}

// New returns an empty fake.
func New(opts ...Option) *Fake {
	f := &Fake{
		Core:    fakeaws.NewCore(awsct.ServiceID, fakeaws.JSONStatus),
		account: DefaultAccount,
		region:  DefaultRegion,
		lookups: make(map[string][]time.Time),
		queries: make(map[string]*query),
	}
	for _, o := range opts {
		o(f)
	}
	return f
}

// Errors as CloudTrail returns them, for Fail and FailN.

// AccessDenied is the unmodeled AccessDeniedException of an IAM denial.
func AccessDenied() error {
	return fakeaws.APIError("AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/aigov/session is not authorized to perform this operation")
}

// Throttling is the unmodeled ThrottlingException CloudTrail sends when
// its rate limit is exceeded (2 a second for LookupEvents).
func Throttling() error { return fakeaws.APIError("ThrottlingException", "Rate exceeded") }

// MaxConcurrentQueries is StartQuery's answer when ten CloudTrail Lake
// queries already run.
func MaxConcurrentQueries() error {
	return &types.MaxConcurrentQueriesException{Message: aws.String("You are already running the maximum number of concurrent queries. The maximum number of concurrent queries is 10. Wait a minute for some queries to finish, and then run the query again.")}
}

// NoManagementAccountSLR is CloudTrail's answer when the organisation's
// management account lacks CloudTrail's service-linked role: organisation
// trails and event data stores are not set up. It is modeled (typed) on
// DescribeTrails, GetEventSelectors and the Lake operations.
func NoManagementAccountSLR() error {
	return &types.NoManagementAccountSLRExistsException{Message: aws.String("This exception is thrown when the management account does not have a service-linked role.")}
}

func trailNotFound(name, account string) error {
	return &types.TrailNotFoundException{Message: aws.String("Unknown trail: " + name + " for the user: " + account)}
}

func invalidMaxResults(n int32, max int) error {
	return &types.InvalidMaxResultsException{Message: aws.String(fmt.Sprintf("Value %d for MaxResults is invalid: it must be between 1 and %d.", n, max))}
}

func (f *Fake) callRegion(optFns []func(*awsct.Options)) string {
	return fakeaws.ApplyOptions(awsct.Options{Region: f.region}, optFns).Region
}

// page applies paging with AWS's limit for the operation: a nil limit
// means the page size def, a limit outside 1 to max is refused. The token
// is bound to key, the operation and what else a token must be used with.
func page[T any](f *Fake, key string, items []T, token *string, limit *int32, def, max int) ([]T, *string, error) {
	size := def
	if limit != nil {
		if *limit < 1 || int(*limit) > max {
			return nil, nil, invalidMaxResults(*limit, max)
		}
		size = int(*limit)
	}
	if f.pageSize > 0 {
		size = min(size, f.pageSize)
	}
	p, next, err := fakeaws.Page(key, items, token, size)
	if errors.Is(err, fakeaws.ErrBadToken) {
		return nil, nil, &types.InvalidNextTokenException{Message: aws.String("Invalid NextToken: it was not issued for this request.")}
	}
	return p, next, err
}

// handle is fakeaws.Handle with the region of the call and the fake's
// time, under the fake's lock.
func handle[Out any](ctx context.Context, f *Fake, op string, optFns []func(*awsct.Options), in any, answer func(region string, now time.Time) (*Out, error)) (*Out, error) {
	region := f.callRegion(optFns)
	return fakeaws.Handle(ctx, f.Core, op, region, in, func() (*Out, error) {
		now := f.Now().UTC()
		f.mu.Lock()
		defer f.mu.Unlock()
		return answer(region, now)
	})
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return aws.Time(t)
}
