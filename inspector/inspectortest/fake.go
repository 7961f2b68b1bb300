package inspectortest

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/aigov/aigov/inspector"
	"github.com/aigov/aigov/internal/fakeaws"
	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
	"github.com/aws/smithy-go"
)

// Call is one call the fake received.
type Call = fakeaws.Call

// Reactor inspects a call before the fake answers it; see Fake.PrependReactor.
type Reactor = fakeaws.Reactor

// Defaults of a new Fake.
const (
	DefaultAccount = "123456789012"
	DefaultRegion  = "us-east-1"
	// DefaultSBOMPolls is how many GetSbomExport calls see an export
	// IN_PROGRESS before it ends.
	DefaultSBOMPolls = 2
)

// Fake is an in-memory Amazon Inspector. Its methods are safe for
// concurrent use.
//
// Error injection and the call log come from the embedded Core: Fail(op,
// err), FailN(op, n, err), PrependReactor(op, r), Calls(), CallCount(op),
// SetClock(now).
type Fake struct {
	*fakeaws.Core

	account   string
	region    string
	pageSize  int
	sbomPolls int

	mu       sync.Mutex
	findings []inspector.Finding
	coverage []inspector.CoveredResource
	statuses map[location]inspector.AccountStatus
	failed   map[location]types.FailedAccount
	exports  map[string]*export
	// exportFailure, when set, is how every later export ends.
	exportFailure *types.ReportingErrorCode
	exportMessage string
	seq           int
}

type location struct{ account, region string }

type export struct {
	input   *inspector2.CreateSbomExportInput
	polls   int
	region  string
	failure *types.ReportingErrorCode
	message string
}

var _ inspector.API = (*Fake)(nil)

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

// WithSBOMPolls sets how many GetSbomExport calls see an export
// IN_PROGRESS before it ends (default DefaultSBOMPolls; 0 ends it at the
// first poll).
func WithSBOMPolls(n int) Option { return func(f *Fake) { f.sbomPolls = n } }

// New returns an empty fake.
func New(opts ...Option) *Fake {
	f := &Fake{
		Core:      fakeaws.NewCore(inspector2.ServiceID, fakeaws.RESTStatus),
		account:   DefaultAccount,
		region:    DefaultRegion,
		sbomPolls: DefaultSBOMPolls,
		statuses:  make(map[location]inspector.AccountStatus),
		failed:    make(map[location]types.FailedAccount),
		exports:   make(map[string]*export),
	}
	for _, o := range opts {
		o(f)
	}
	return f
}

// Errors as Amazon Inspector returns them, for Fail and FailN. Whatever their
// Go type, the fake delivers them typed on the operations whose SDK model
// lists the code and as a *smithy.GenericAPIError elsewhere, as the real
// client does: AccessDeniedException is generic on ListFindings,
// ListCoverage and ListFindingAggregations.

// AccessDenied is the AccessDeniedException of an IAM denial (HTTP 403).
func AccessDenied() error {
	return fakeaws.APIError("AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/aigov/session is not authorized to perform: inspector2:ListFindings")
}

// Throttling is the ThrottlingException of a rate limit (HTTP 429).
func Throttling() error {
	return fakeaws.APIError("ThrottlingException", "The limit on the number of requests per second was exceeded.")
}

// NotEnabled is an AccessDeniedException saying Amazon Inspector is not
// enabled, which package inspector classifies as aigov.ErrNotEnabled. AWS
// documents no such message for the List operations (an account without
// Inspector may get empty listings instead); use it to test the not-enabled
// path of your code, and AccountStatus for the real signal.
func NotEnabled() error {
	return fakeaws.APIError("AccessDeniedException", "Amazon Inspector is not enabled for this account in this Region.")
}

// InternalError is the InternalServerException of a fault on AWS's side
// (HTTP 500).
func InternalError() error {
	return fakeaws.APIError("InternalServerException", "The request has failed due to an internal failure of the Amazon Inspector service.")
}

func validation(format string, args ...any) error {
	return &types.ValidationException{Message: aws.String(fmt.Sprintf(format, args...)), Reason: types.ValidationExceptionReasonFieldValidationFailed}
}

// modeled lists, per operation, the error codes the SDK's deserializer
// types (inspector2@v1.48.2 deserializers.go).
var modeled = map[string][]string{
	"ListFindings":            {"InternalServerException", "ThrottlingException", "ValidationException"},
	"ListCoverage":            {"InternalServerException", "ThrottlingException", "ValidationException"},
	"ListFindingAggregations": {"InternalServerException", "ThrottlingException", "ValidationException"},
	"BatchGetAccountStatus":   {"AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "ThrottlingException", "ValidationException"},
	"CreateSbomExport":        {"AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "ThrottlingException", "ValidationException"},
	"GetSbomExport":           {"AccessDeniedException", "InternalServerException", "ResourceNotFoundException", "ThrottlingException", "ValidationException"},
}

// typed returns the API error as the real client would deliver it for op.
func typed(op string, api smithy.APIError) error {
	code, msg := api.ErrorCode(), aws.String(api.ErrorMessage())
	isModeled := false
	for _, m := range modeled[op] {
		isModeled = isModeled || m == code
	}
	if _, generic := api.(*smithy.GenericAPIError); !generic {
		if isModeled {
			return api
		}
		return &smithy.GenericAPIError{Code: code, Message: *msg, Fault: api.ErrorFault()}
	}
	if !isModeled {
		return api
	}
	switch code {
	case "AccessDeniedException":
		return &types.AccessDeniedException{Message: msg}
	case "InternalServerException":
		return &types.InternalServerException{Message: msg}
	case "ResourceNotFoundException":
		return &types.ResourceNotFoundException{Message: msg}
	case "ThrottlingException":
		return &types.ThrottlingException{Message: msg}
	case "ValidationException":
		return &types.ValidationException{Message: msg, Reason: types.ValidationExceptionReasonOther}
	}
	return api
}

func (f *Fake) callRegion(optFns []func(*inspector2.Options)) string {
	return fakeaws.ApplyOptions(inspector2.Options{Region: f.region}, optFns).Region
}

// handle is fakeaws.Handle with the region of the call, the fake's lock
// held while it answers, and errors typed per operation.
func handle[Out any](ctx context.Context, f *Fake, op string, optFns []func(*inspector2.Options), in any, answer func(region string) (*Out, error)) (*Out, error) {
	region := f.callRegion(optFns)
	out, err := fakeaws.Handle(ctx, f.Core, op, region, in, func() (*Out, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		return answer(region)
	})
	var re *awshttp.ResponseError
	var api smithy.APIError
	if err != nil && errors.As(err, &re) && re.ResponseError != nil && errors.As(re.ResponseError.Err, &api) {
		re.ResponseError.Err = typed(op, api)
	}
	return out, err
}

// page applies paging with Amazon Inspector's limit for the operation: a
// nil maxResults means max, a value outside 1 to max is refused.
func page[T any](f *Fake, op string, items []T, token *string, maxResults *int32, max int) ([]T, *string, error) {
	size := max
	if maxResults != nil {
		if *maxResults < 1 || int(*maxResults) > max {
			return nil, nil, validation("1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and %d", *maxResults, max)
		}
		size = int(*maxResults)
	}
	if f.pageSize > 0 {
		size = min(size, f.pageSize)
	}
	p, next, err := fakeaws.Page(op, items, token, size)
	if errors.Is(err, fakeaws.ErrBadToken) {
		return nil, nil, validation("The nextToken is not valid for this request.")
	}
	return p, next, err
}
