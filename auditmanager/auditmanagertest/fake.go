package auditmanagertest

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"time"

	"github.com/aigov/aigov/auditmanager"
	"github.com/aigov/aigov/internal/fakeaws"
	"github.com/aws/aws-sdk-go-v2/aws"
	sdk "github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"
)

// Call is one call the fake received.
type Call = fakeaws.Call

// Reactor inspects a call before the fake answers it; see Fake.PrependReactor.
type Reactor = fakeaws.Reactor

// Defaults of a new Fake.
const (
	DefaultAccount = "123456789012"
	DefaultRegion  = "us-east-1"
	// DefaultPageSize is the page size of a listing called without
	// maxResults; AWS does not document its own.
	DefaultPageSize = 100
)

// Fake is an in-memory AWS Audit Manager. Its methods are safe for
// concurrent use.
//
// Error injection and the call log come from the embedded Core: Fail(op,
// err), FailN(op, n, err), PrependReactor(op, r), Calls(), CallCount(op),
// SetClock(now).
type Fake struct {
	*fakeaws.Core

	account  string
	region   string
	pageSize int
	standard bool

	mu          sync.Mutex
	state       auditmanager.AccountState
	settings    auditmanager.Settings
	frameworks  []auditmanager.Framework
	assessments []*assessment
	imports     []Import
	reports     []auditmanager.Report
	ids         int
}

// assessment is a seeded assessment and its evidence, in the order added.
type assessment struct {
	auditmanager.Assessment
	evidence []auditmanager.Evidence
}

var _ auditmanager.API = (*Fake)(nil)

// Option configures a Fake.
type Option func(*Fake)

// WithAccount sets the calling account (default DefaultAccount).
func WithAccount(id string) Option { return func(f *Fake) { f.account = id } }

// WithRegion sets the region of calls made without a region option
// (default DefaultRegion).
func WithRegion(r string) Option { return func(f *Fake) { f.region = r } }

// WithPageSize makes every listing return at most n items a page, whatever
// maxResults asks, so that tests exercise paging with few items.
func WithPageSize(n int) Option { return func(f *Fake) { f.pageSize = n } }

// WithAccountState sets what GetAccountStatus answers (default ACTIVE).
// In any other state, every other operation answers the AccessDeniedException
// of an account whose setup is not complete, as Audit Manager does.
func WithAccountState(s auditmanager.AccountState) Option { return func(f *Fake) { f.state = s } }

// NotRegistered models an account that never enrolled in Audit Manager, as
// every account that was not a customer on 2026-04-30 is:
// GetAccountStatus answers INACTIVE and every other operation
// SetupIncomplete().
func NotRegistered() Option { return WithAccountState(auditmanager.Inactive) }

// WithSettings sets what GetSettings answers.
func WithSettings(s auditmanager.Settings) Option { return func(f *Fake) { f.settings = s } }

// WithStandardFrameworks seeds the framework library with StandardFrameworks.
func WithStandardFrameworks() Option { return func(f *Fake) { f.standard = true } }

// New returns a fake of an ACTIVE account with an empty framework library
// and no assessments.
func New(opts ...Option) *Fake {
	f := &Fake{
		Core:    fakeaws.NewCore(sdk.ServiceID, fakeaws.RESTStatus),
		account: DefaultAccount,
		region:  DefaultRegion,
		state:   auditmanager.Active,
	}
	for _, o := range opts {
		o(f)
	}
	// After the options, so that the frameworks' ARNs have the region.
	if f.standard {
		for _, fw := range StandardFrameworks() {
			f.addFramework(fw)
		}
	}
	return f
}

// Errors as Audit Manager returns them, for Fail and FailN.

// AccessDenied is the AccessDeniedException of an IAM denial, typed as the
// SDK types it on every operation package auditmanager calls but
// GetAccountStatus.
func AccessDenied() error {
	return &types.AccessDeniedException{Message: aws.String("User: arn:aws:sts::123456789012:assumed-role/aigov/session is not authorized to perform this operation")}
}

// SetupIncomplete is the AccessDeniedException Audit Manager answers in an
// account (or region) where it is not set up.
func SetupIncomplete() error {
	return &types.AccessDeniedException{Message: aws.String("Please complete AWS Audit Manager setup from home page to enable this action in this account.")}
}

// AccountNotRegistered is the AccessDeniedException of an account that is
// not registered with Audit Manager, such as a member account whose
// delegated administrator setup is missing.
func AccountNotRegistered() error {
	return &types.AccessDeniedException{Message: aws.String("Your account isn't registered with Audit Manager. Check the delegated administrator setup on the Audit Manager settings page, and try again.")}
}

// ClosedToNewCustomers is an answer to an account that is not an Audit
// Manager customer since AWS closed the service to new customers. AWS has
// not documented it; the message is the wording of its availability notice.
func ClosedToNewCustomers() error {
	return &types.AccessDeniedException{Message: aws.String("AWS Audit Manager is no longer open to new customers.")}
}

// Throttling is the ThrottlingException Audit Manager sends when its rate
// limit is exceeded. The SDK does not model it on the read operations, so it
// arrives untyped, with HTTP 429.
func Throttling() error {
	return fakeaws.APIError("ThrottlingException", "The request was denied due to request throttling.")
}

func notFound(kind, id string) error {
	return &types.ResourceNotFoundException{
		Message:      aws.String(fmt.Sprintf("The %s with ID %s doesn't exist.", kind, id)),
		ResourceId:   aws.String(id),
		ResourceType: aws.String(kind),
	}
}

func invalid(field, message string) error {
	return &types.ValidationException{
		Message: aws.String("1 validation error detected: Value at '" + field + "' failed to satisfy constraint: " + message),
		Reason:  types.ValidationExceptionReasonFieldValidationFailed,
		Fields:  []types.ValidationExceptionField{{Name: aws.String(field), Message: aws.String(message)}},
	}
}

var uuid = regexp.MustCompile(`^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$`)

// checkUUID answers the ValidationException of an identifier that is not a
// UUID, as Audit Manager checks them before looking anything up.
func checkUUID(field string, id *string) error {
	if !uuid.MatchString(aws.ToString(id)) {
		return invalid(field, "Member must satisfy regular expression pattern: ^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$")
	}
	return nil
}

// page applies Audit Manager's maxResults bounds (1 to 1000) and the fake's
// page size.
func page[T any](f *Fake, op string, items []T, token *string, maxResults *int32) ([]T, *string, error) {
	size := DefaultPageSize
	if maxResults != nil {
		n := *maxResults
		if n < 1 || n > 1000 {
			return nil, nil, invalid("maxResults", fmt.Sprintf("Member must have value between 1 and 1000 (got %d)", n))
		}
		size = int(n)
	}
	if f.pageSize > 0 {
		size = min(size, f.pageSize)
	}
	p, next, err := fakeaws.Page(op, items, token, size)
	if errors.Is(err, fakeaws.ErrBadToken) {
		return nil, nil, &types.ValidationException{Message: aws.String("The nextToken provided is not valid."), Reason: types.ValidationExceptionReasonOther}
	}
	return p, next, err
}

// handle is fakeaws.Handle with the region of the call and the fake's lock,
// answering SetupIncomplete for every operation but GetAccountStatus when the
// account is not ACTIVE.
func handle[Out any](ctx context.Context, f *Fake, op string, optFns []func(*sdk.Options), in any, answer func(region string) (*Out, error)) (*Out, error) {
	region := fakeaws.ApplyOptions(sdk.Options{Region: f.region}, optFns).Region
	return fakeaws.Handle(ctx, f.Core, op, region, in, func() (*Out, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		if op != "GetAccountStatus" && f.state != auditmanager.Active {
			return nil, SetupIncomplete()
		}
		return answer(region)
	})
}

// newID returns a fresh identifier in Audit Manager's UUID format.
func (f *Fake) newID() string {
	f.ids++
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", f.ids)
}

// stableID derives an identifier in UUID format from parts, for things the
// fake computes rather than stores (evidence folders).
func stableID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	s := fmt.Sprintf("%x", h.Sum(nil))
	return s[0:8] + "-" + s[8:12] + "-4" + s[13:16] + "-8" + s[17:20] + "-" + s[20:32]
}

func (f *Fake) now() time.Time { return f.Now().UTC() }

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
