package advisortest

import (
	"fmt"
	"time"

	"github.com/aigov/aigov/internal/fakeaws"
	"github.com/aws/aws-sdk-go-v2/aws"
	supporttypes "github.com/aws/aws-sdk-go-v2/service/support/types"
	tatypes "github.com/aws/aws-sdk-go-v2/service/trustedadvisor/types"
)

// Call is one call a fake received.
type Call = fakeaws.Call

// Reactor inspects a call before a fake answers it; see PrependReactor.
type Reactor = fakeaws.Reactor

// DefaultAccount is the calling account of a new fake.
const DefaultAccount = "123456789012"

// DefaultRefreshInterval is how long after a refresh the Support fake
// refuses the next one, unless WithRefreshInterval says otherwise. AWS
// documents no single value; five minutes is the shortest interval the
// Trusted Advisor console shows.
const DefaultRefreshInterval = 5 * time.Minute

// Option configures a fake; every option applies to both fakes, and those
// about a feature one API lacks are ignored by the other.
type Option func(*settings)

type settings struct {
	account         string
	pageSize        int
	noSubscription  bool
	noPriority      bool
	refreshInterval time.Duration
	gated           map[string]bool
}

func newSettings(opts []Option) settings {
	s := settings{account: DefaultAccount, refreshInterval: DefaultRefreshInterval, gated: map[string]bool{}}
	for _, o := range opts {
		o(&s)
	}
	return s
}

// WithAccount sets the calling account (default DefaultAccount): the
// account of recommendation ARNs.
func WithAccount(id string) Option { return func(s *settings) { s.account = id } }

// WithPageSize makes every TrustedAdvisor listing return at most n items a
// page, below the limits AWS applies, so that tests exercise paging with few
// items. (The Support API does not page.)
func WithPageSize(n int) Option { return func(s *settings) { s.pageSize = n } }

// WithoutSubscription makes every call answer as AWS does for an account
// without a Business-level support plan: SubscriptionRequiredException
// from the Support API, AccessDeniedException "Access denied due to support
// level" from the TrustedAdvisor API.
func WithoutSubscription() Option { return func(s *settings) { s.noSubscription = true } }

// WithoutPriority makes the TrustedAdvisor API's organisation operations
// answer as AWS does where Trusted Advisor Priority is not enabled (an
// AccessDeniedException).
func WithoutPriority() Option { return func(s *settings) { s.noPriority = true } }

// WithRefreshInterval sets how long after a refresh (or the seeded
// LastUpdated) the Support fake reports a check as not refreshable.
func WithRefreshInterval(d time.Duration) Option {
	return func(s *settings) { s.refreshInterval = d }
}

// WithPlanGatedChecks makes the Support fake answer, for these checks, what
// AWS answers for a check the account's plan does not include:
// InvalidParameterValueException "Unknown ID: Account requires a Premium
// Support Plan for access to Trusted Advisor check: <id>" from the summary,
// result and refresh operations. The checks are still listed by
// DescribeTrustedAdvisorChecks.
func WithPlanGatedChecks(ids ...string) Option {
	return func(s *settings) {
		for _, id := range ids {
			s.gated[id] = true
		}
	}
}

// Errors as the Support API returns them, for Fail and FailN.

// SubscriptionRequired is what the Support API answers an account without a
// qualifying plan: an unmodeled SubscriptionRequiredException.
func SubscriptionRequired() error {
	return fakeaws.APIError("SubscriptionRequiredException", "Amazon Web Services Premium Support Subscription is required to use this service.")
}

// PremiumPlanRequired is what the Support API answers for one check the
// account's plan does not include.
func PremiumPlanRequired(checkID string) error {
	return fakeaws.APIError("InvalidParameterValueException", "Unknown ID: Account requires a Premium Support Plan for access to Trusted Advisor check: "+checkID)
}

// SupportAccessDenied is the Support API's answer to an IAM denial: an
// unmodeled AccessDeniedException.
func SupportAccessDenied() error {
	return fakeaws.APIError("AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/aigov/session is not authorized to perform: support:DescribeTrustedAdvisorChecks")
}

// SupportThrottling is the Support API's ThrottlingException, typed as the
// Describe operations model it.
func SupportThrottling() error {
	return &supporttypes.ThrottlingException{Message: aws.String("Rate exceeded")}
}

// Errors as the TrustedAdvisor API returns them (all typed: every operation
// models them), for Fail and FailN.

// AccessDenied is the TrustedAdvisor API's answer to an IAM denial.
func AccessDenied() error {
	return &tatypes.AccessDeniedException{Message: aws.String("User: arn:aws:sts::123456789012:assumed-role/aigov/session is not authorized to perform: trustedadvisor:ListRecommendations")}
}

// SupportLevel is the TrustedAdvisor API's answer to an account without a
// qualifying support plan.
func SupportLevel() error {
	return &tatypes.AccessDeniedException{Message: aws.String("Access denied due to support level")}
}

// PriorityNotEnabled is the TrustedAdvisor API's answer to an organisation
// operation where Trusted Advisor Priority is not enabled. AWS documents
// the code, not the message; the message here is made up.
func PriorityNotEnabled() error {
	return &tatypes.AccessDeniedException{Message: aws.String("Trusted Advisor Priority is not enabled for this organization")}
}

// Throttling is the TrustedAdvisor API's ThrottlingException.
func Throttling() error {
	return &tatypes.ThrottlingException{Message: aws.String("Rate exceeded")}
}

func notFound(what string) error {
	return &tatypes.ResourceNotFoundException{Message: aws.String(what + " not found")}
}

func validation(format string, args ...any) error {
	return &tatypes.ValidationException{Message: aws.String(fmt.Sprintf(format, args...))}
}

func invalidParameter(format string, args ...any) error {
	return fakeaws.APIError("InvalidParameterValueException", fmt.Sprintf(format, args...))
}
