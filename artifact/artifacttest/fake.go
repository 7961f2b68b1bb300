package artifacttest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/internal/fakeaws"
	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	awsartifact "github.com/aws/aws-sdk-go-v2/service/artifact"
	"github.com/aws/aws-sdk-go-v2/service/artifact/types"
)

// Call is one call the fake received.
type Call = fakeaws.Call

// Reactor inspects a call before the fake answers it; see Fake.PrependReactor.
type Reactor = fakeaws.Reactor

// Defaults of a new Fake.
const (
	DefaultAccount = "123456789012"
	// DefaultRegion is the region of calls made without a region option,
	// and the only region AWS Artifact answers in.
	DefaultRegion = artifact.Region
)

// Fake is an in-memory AWS Artifact. Its methods are safe for concurrent use.
//
// Error injection and the call log come from the embedded Core: Fail(op,
// err), FailN(op, n, err), PrependReactor(op, r), Calls(), CallCount(op),
// SetClock(now).
type Fake struct {
	*fakeaws.Core

	account  string
	region   string
	pageSize int

	mu         sync.Mutex
	reports    []storedReport // every version, in the order added
	agreements []artifact.Agreement
	settings   artifact.AccountSettings
	terms      []Term

	docs documents
}

type storedReport struct {
	artifact.Report
	document []byte
	fileName string
	addedAt  time.Time
}

var _ artifact.API = (*Fake)(nil)

// Option configures a Fake.
type Option func(*Fake)

// WithAccount sets the calling account (default DefaultAccount).
func WithAccount(id string) Option { return func(f *Fake) { f.account = id } }

// WithRegion sets the region of calls made without a region option (default
// DefaultRegion). Calls in any region but us-east-1 fail as they do against
// AWS, where no such endpoint exists.
func WithRegion(r string) Option { return func(f *Fake) { f.region = r } }

// WithPageSize makes every listing return at most n items a page, below the
// limits AWS applies, so that tests exercise paging with few items.
func WithPageSize(n int) Option { return func(f *Fake) { f.pageSize = n } }

// New returns an empty fake: no reports, no agreements, notifications not
// subscribed. Call Close when done if the test downloads documents.
func New(opts ...Option) *Fake {
	f := &Fake{
		Core:     fakeaws.NewCore(awsartifact.ServiceID, fakeaws.RESTStatus),
		account:  DefaultAccount,
		region:   DefaultRegion,
		settings: artifact.AccountSettings{NotificationSubscription: string(types.NotificationSubscriptionStatusNotSubscribed)},
	}
	for _, o := range opts {
		o(f)
	}
	return f
}

// Errors as AWS Artifact returns them, for Fail and FailN. Every operation
// the package calls models them, so they arrive typed.

// AccessDenied is the AccessDeniedException of an IAM denial (HTTP 403).
func AccessDenied() error {
	return &types.AccessDeniedException{Message: aws.String("User: arn:aws:sts::123456789012:assumed-role/aigov/session is not authorized to perform this operation")}
}

// Throttling is the ThrottlingException (HTTP 429) AWS Artifact sends when
// its rate limit is exceeded, asking to retry after one second; the fake
// sends RetryAfterSeconds as the Retry-After header, as AWS does. Build a
// *types.ThrottlingException yourself for another delay.
func Throttling() error {
	return &types.ThrottlingException{Message: aws.String("Rate exceeded"), RetryAfterSeconds: aws.Int32(1)}
}

func validation(reason types.ValidationExceptionReason, field, message string) error {
	e := &types.ValidationException{Message: aws.String(message), Reason: reason}
	if field != "" {
		e.FieldList = []types.ValidationExceptionField{{Name: aws.String(field), Message: aws.String(message)}}
	}
	return e
}

func reportNotFound(id string) error {
	return &types.ResourceNotFoundException{
		Message:      aws.String("Report resource not found: " + id),
		ResourceId:   aws.String(id),
		ResourceType: aws.String("report"),
	}
}

var reportID = regexp.MustCompile(`^report-[a-zA-Z0-9]{16}$`)

// checkReportID refuses an id that does not have the form AWS requires.
func checkReportID(id *string) error {
	switch {
	case id == nil:
		return validation(types.ValidationExceptionReasonFieldValidationFailed, "reportId", "1 validation error detected: Value null at 'reportId' failed to satisfy constraint: Member must not be null")
	case !reportID.MatchString(*id):
		return validation(types.ValidationExceptionReasonFieldValidationFailed, "reportId",
			fmt.Sprintf("1 validation error detected: Value '%s' at 'reportId' failed to satisfy constraint: Member must satisfy regular expression pattern: report-[a-zA-Z0-9]{16}", *id))
	}
	return nil
}

// AWS's page-size limits for ListReports and ListCustomerAgreements. The
// default page when maxResults is absent is not documented; 100 is assumed.
const (
	maxPage     = 300
	defaultPage = 100
)

// page applies paging with AWS's limits for the operation.
func page[T any](f *Fake, op string, items []T, token *string, maxResults *int32) ([]T, *string, error) {
	size := defaultPage
	if maxResults != nil {
		if n := *maxResults; n < 1 || n > maxPage {
			return nil, nil, validation(types.ValidationExceptionReasonFieldValidationFailed, "maxResults",
				fmt.Sprintf("1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and %d", n, maxPage))
		}
		size = int(*maxResults)
	}
	if f.pageSize > 0 {
		size = min(size, f.pageSize)
	}
	p, next, err := fakeaws.Page(op, items, token, size)
	if errors.Is(err, fakeaws.ErrBadToken) {
		return nil, nil, validation(types.ValidationExceptionReasonInvalidToken, "nextToken", "The provided nextToken is not valid.")
	}
	return p, next, err
}

// handle is fakeaws.Handle with the region of the call, AWS's one-region
// endpoint and the Retry-After header of throttling errors.
func handle[Out any](ctx context.Context, f *Fake, op string, optFns []func(*awsartifact.Options), in any, answer func() (*Out, error)) (*Out, error) {
	region := fakeaws.ApplyOptions(awsartifact.Options{Region: f.region}, optFns).Region
	out, err := fakeaws.Handle(ctx, f.Core, op, region, in, func() (*Out, error) {
		if region != DefaultRegion {
			host := "artifact." + region + ".amazonaws.com"
			return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		return answer()
	})
	if err != nil {
		setRetryAfter(err)
	}
	return out, err
}

// setRetryAfter puts the RetryAfterSeconds of a throttling or internal
// error into the Retry-After header of its response, where AWS sends it and
// the SDK reads it from.
func setRetryAfter(err error) {
	after, ok := artifact.RetryAfter(err)
	var resp *awshttp.ResponseError
	if !ok || !errors.As(err, &resp) || resp.Response == nil || resp.Response.Response == nil {
		return
	}
	if resp.Response.Header == nil {
		resp.Response.Header = http.Header{}
	}
	resp.Response.Header.Set("Retry-After", strconv.Itoa(int(after/time.Second)))
}
