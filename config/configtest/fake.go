package configtest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/aigov/aigov/config"
	"github.com/aigov/aigov/internal/fakeaws"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
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

// Fake is an in-memory AWS Config. Its methods are safe for concurrent use.
//
// Error injection and the call log come from the embedded Core: Fail(op,
// err), FailN(op, n, err), PrependReactor(op, r), Calls(), CallCount(op).
type Fake struct {
	*fakeaws.Core

	account  string
	region   string
	pageSize int

	mu          sync.Mutex
	rules       []config.Rule
	evaluations []config.Evaluation
	packs       []pack
	recorders   map[location][]config.Recorder
	aggregators []config.Aggregator
	sources     map[string][]config.AggregatorSource
	resources   []config.Resource
}

type location struct{ account, region string }

type pack struct {
	config.ConformancePack
	rules    []string
	template string
}

var _ config.API = (*Fake)(nil)

// Option configures a Fake.
type Option func(*Fake)

// WithAccount sets the calling account (default DefaultAccount).
func WithAccount(id string) Option { return func(f *Fake) { f.account = id } }

// WithRegion sets the region of calls made without a region option
// (default DefaultRegion).
func WithRegion(r string) Option { return func(f *Fake) { f.region = r } }

// WithPageSize makes every listing return at most n items a page, below the
// limits AWS applies, so that tests exercise paging with few items.
func WithPageSize(n int) Option { return func(f *Fake) { f.pageSize = n } }

// New returns an empty fake.
func New(opts ...Option) *Fake {
	f := &Fake{
		Core:      fakeaws.NewCore(configservice.ServiceID, fakeaws.JSONStatus),
		account:   DefaultAccount,
		region:    DefaultRegion,
		recorders: make(map[location][]config.Recorder),
		sources:   make(map[string][]config.AggregatorSource),
	}
	for _, o := range opts {
		o(f)
	}
	return f
}

// Errors as AWS Config returns them, for Fail and FailN.

// AccessDenied is the unmodeled AccessDeniedException of an IAM denial.
func AccessDenied() error {
	return fakeaws.APIError("AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/aigov/session is not authorized to perform this operation")
}

// Throttling is the unmodeled ThrottlingException AWS Config sends when
// its rate limit is exceeded.
func Throttling() error { return fakeaws.APIError("ThrottlingException", "Rate exceeded") }

func noSuchRule(name string) error {
	return &types.NoSuchConfigRuleException{Message: aws.String("The ConfigRule '" + name + "' provided in the request is invalid. Please check the configRule name.")}
}

func noSuchAggregator(name string) error {
	return &types.NoSuchConfigurationAggregatorException{Message: aws.String("The configuration aggregator '" + name + "' does not exist.")}
}

func noSuchPack(name string) error {
	return &types.NoSuchConformancePackException{Message: aws.String("Conformance pack '" + name + "' does not exist.")}
}

func invalidLimit(limit int32, max int) error {
	return &types.InvalidLimitException{Message: aws.String(fmt.Sprintf("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value less than or equal to %d", limit, max))}
}

func (f *Fake) callRegion(optFns []func(*configservice.Options)) string {
	return fakeaws.ApplyOptions(configservice.Options{Region: f.region}, optFns).Region
}

// page applies paging with AWS's limit for the operation: limit 0 means the
// operation's default page size def, a limit above max is refused.
func page[T any](f *Fake, op string, items []T, token *string, limit int32, def, max int) ([]T, *string, error) {
	if limit < 0 || int(limit) > max {
		return nil, nil, invalidLimit(limit, max)
	}
	size := def
	if limit > 0 {
		size = int(limit)
	}
	if f.pageSize > 0 {
		size = min(size, f.pageSize)
	}
	p, next, err := fakeaws.Page(op, items, token, size)
	if errors.Is(err, fakeaws.ErrBadToken) {
		return nil, nil, &types.InvalidNextTokenException{Message: aws.String("The nextToken provided is invalid")}
	}
	return p, next, err
}

func sortedBy[T any, K cmp.Ordered](items []T, key func(T) K) []T {
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
	return out
}

// handle is fakeaws.Handle with the region of the call.
func handle[Out any](ctx context.Context, f *Fake, op string, optFns []func(*configservice.Options), in any, answer func(region string) (*Out, error)) (*Out, error) {
	region := f.callRegion(optFns)
	return fakeaws.Handle(ctx, f.Core, op, region, in, func() (*Out, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		return answer(region)
	})
}
