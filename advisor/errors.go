package advisor

import (
	"errors"
	"strings"

	"github.com/aigov/aigov"
)

// Errors that say why Trusted Advisor would not answer. An error a Client
// returns matches one of them, with errors.Is, in addition to
// aigov.ErrNotEnabled, so that callers can tell a missing support plan from
// a missing Trusted Advisor Priority.
var (
	// ErrNoSupportPlan: the account has no support plan that includes the
	// Trusted Advisor APIs (SubscriptionRequiredException from the Support
	// API, AccessDeniedException "Access denied due to support level" from
	// the TrustedAdvisor API, InvalidParameterValueException "…requires a
	// Premium Support Plan…" for a check the plan does not include). See
	// PlanRequirement.
	ErrNoSupportPlan = errors.New("advisor: the account's AWS Support plan does not include the Trusted Advisor APIs")

	// ErrPriorityNotEnabled: the organisation view refused the call because
	// Trusted Advisor Priority is not enabled, or the caller is neither the
	// organisation's management account nor its delegated administrator for
	// Trusted Advisor.
	ErrPriorityNotEnabled = errors.New("advisor: Trusted Advisor Priority is not enabled, or the caller is not the organisation's management or delegated administrator account")
)

// PlanRequirement explains, for reports, what an account needs to use
// Trusted Advisor through its APIs.
const PlanRequirement = "AWS Trusted Advisor's APIs need a Business, Enterprise On-Ramp or Enterprise Support plan " +
	"(Business Support+, Enterprise Support or Unified Operations under AWS's new plans). " +
	"AWS discontinues Developer, Business and Enterprise On-Ramp Support on 2027-01-01 (Business Support+ replaces Business), " +
	"so an account on one of them loses API access unless it moves to a new plan."

// causeError adds a sentinel of this package to a classified error, keeping
// its message.
type causeError struct {
	cause error
	err   error
}

func (e *causeError) Error() string   { return e.err.Error() }
func (e *causeError) Unwrap() []error { return []error{e.cause, e.err} }

// orgOperations are the TrustedAdvisor API operations of the organisation
// view, which answer AccessDeniedException when Priority is not enabled.
var orgOperations = map[string]bool{
	"ListOrganizationRecommendations":           true,
	"ListOrganizationRecommendationAccounts":    true,
	"ListOrganizationRecommendationResources":   true,
	"UpdateOrganizationRecommendationLifecycle": true,
}

// explain adds ErrNoSupportPlan or ErrPriorityNotEnabled to an error that
// means one of them.
func explain(err error) error {
	var e *aigov.Error
	if !errors.As(err, &e) || e.Kind != aigov.ErrNotEnabled || errors.Is(err, ErrNoSupportPlan) || errors.Is(err, ErrPriorityNotEnabled) {
		return err
	}
	msg := strings.ToLower(e.Message)
	switch {
	case strings.EqualFold(e.Code, "SubscriptionRequiredException"),
		strings.Contains(msg, "support level"),
		strings.Contains(msg, "premium support plan"):
		return &causeError{cause: ErrNoSupportPlan, err: err}
	case orgOperations[e.Operation]:
		return &causeError{cause: ErrPriorityNotEnabled, err: err}
	}
	return err
}

// refinePriority classifies the AccessDeniedException of the organisation
// operations. AWS documents that they answer it when Priority is not
// enabled, with a message nobody has published; an IAM or SCP denial names
// the action ("is not authorized to perform"), and the support plan answer
// says "support level". Anything else is taken for Priority being off.
func refinePriority(code, message string) error {
	if !strings.EqualFold(code, "AccessDeniedException") {
		return nil
	}
	m := strings.ToLower(message)
	if strings.Contains(m, "not authorized to perform") || strings.Contains(m, "support level") {
		return nil
	}
	return aigov.ErrNotEnabled
}
