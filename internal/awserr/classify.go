// Package awserr classifies errors returned by aws-sdk-go-v2 clients into the
// sentinels of package aigov.
//
// Classification reads smithy.APIError.ErrorCode(), never the concrete error
// type: the SDK matches typed errors per operation, so the same code arrives
// as a typed error from one operation and as a *smithy.GenericAPIError from
// another (AccessDeniedException from Inspector2 ListFindings, for example).
package awserr

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aigov/aigov"
	"github.com/aws/smithy-go"
)

// Classifier wraps the errors of one aigov service package.
type Classifier struct {
	// Service is the aigov package name put in front of every error.
	Service string
	// Refine, when set, is asked first; it returns a sentinel of package
	// aigov for codes whose meaning is particular to the service (an
	// AccessDeniedException that means "no support plan"), or nil to use
	// the shared table.
	Refine func(code, message string) error
}

// Wrap returns err classified as an *aigov.Error when it carries an AWS
// error code or an HTTP status, or wrapped with the service and operation
// names otherwise (context cancellation, network failures, pagination
// errors). A nil err stays nil and an error already classified is returned
// as it is.
func (c Classifier) Wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var done *aigov.Error
	if errors.As(err, &done) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s: %s: %w", c.Service, op, err)
	}
	e := &aigov.Error{Service: c.Service, Operation: op, Err: err}
	var status interface{ HTTPStatusCode() int }
	if errors.As(err, &status) {
		e.StatusCode = status.HTTPStatusCode()
	}
	var rid interface{ ServiceRequestID() string }
	if errors.As(err, &rid) {
		e.RequestID = rid.ServiceRequestID()
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		e.Code = NormalizeCode(ae.ErrorCode())
		e.Message = ae.ErrorMessage()
	} else if e.StatusCode == 0 {
		return fmt.Errorf("%s: %s: %w", c.Service, op, err)
	}
	if c.Refine != nil {
		e.Kind = c.Refine(e.Code, e.Message)
	}
	if e.Kind == nil {
		e.Kind = KindOf(e.Code, e.Message)
	}
	// A response without a usable code (an empty body, a proxy's HTML
	// page) still says something through its status.
	if e.Kind == nil && (e.Code == "" || e.Code == "UnknownError") {
		e.Kind = byStatus[e.StatusCode]
	}
	return e
}

var byStatus = map[int]error{403: aigov.ErrAccessDenied, 404: aigov.ErrNotFound, 429: aigov.ErrThrottled}

// NormalizeCode strips what some protocols put around an error code: a
// namespace ("com.amazonaws.config#NoSuchConfigRuleException") and a
// trailing URI (":http://internal.amazon.com/coral/...").
func NormalizeCode(code string) string {
	if i := strings.LastIndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}
	if i := strings.IndexByte(code, ':'); i >= 0 {
		code = code[:i]
	}
	return strings.TrimSpace(code)
}

// KindOf returns the sentinel of package aigov for an AWS error code and
// message, or nil. Codes match without regard to case, as the SDK's own
// deserializers match them.
func KindOf(code, message string) error {
	for _, n := range needles {
		if strings.EqualFold(code, n.code) && strings.Contains(strings.ToLower(message), n.text) {
			return n.kind
		}
	}
	lc := strings.ToLower(code)
	if k, ok := kinds[lc]; ok {
		return k
	}
	// Config and S3 spell "not found" as NoSuchX for every resource type.
	if strings.HasPrefix(lc, "nosuch") {
		return aigov.ErrNotFound
	}
	return nil
}

// needles are codes whose meaning only their message tells. Most of all
// AccessDeniedException, which means an IAM denial, a service not set up
// (Audit Manager), no support plan (Trusted Advisor) or a feature not offered
// in the region (Inspector2, Config).
var needles = []struct {
	code, text string
	kind       error
}{
	{"AccessDeniedException", "support level", aigov.ErrNotEnabled},
	{"AccessDeniedException", "complete aws audit manager setup", aigov.ErrNotEnabled},
	{"AccessDeniedException", "registered with audit manager", aigov.ErrNotEnabled},
	{"AccessDeniedException", "is not supported in", aigov.ErrNotEnabled},
	{"InvalidParameterValueException", "premium support plan", aigov.ErrNotEnabled},
}

// kinds lists, lower-cased, the codes the six services and STS really
// return, from the modeled errors of each aws-sdk-go-v2 service module, the
// throttle codes of aws/retry and the services' documentation for the codes
// that arrive unmodeled. LimitExceededException and
// ServiceQuotaExceededException are left out: for the operations aigov calls
// they mean a quota, not a rate.
var kinds = lower(map[string]error{
	// Not authorised, or credentials refused.
	"AccessDenied":                      aigov.ErrAccessDenied,
	"AccessDeniedException":             aigov.ErrAccessDenied,
	"UnauthorizedOperation":             aigov.ErrAccessDenied,
	"Client.UnauthorizedOperation":      aigov.ErrAccessDenied,
	"UnauthorizedException":             aigov.ErrAccessDenied,
	"NotAuthorized":                     aigov.ErrAccessDenied,
	"OrganizationAccessDeniedException": aigov.ErrAccessDenied,
	"InsufficientDependencyServiceAccessPermissionException": aigov.ErrAccessDenied,
	"InsufficientIAMAccessPermissionException":               aigov.ErrAccessDenied,
	"NotOrganizationMasterAccountException":                  aigov.ErrAccessDenied,
	"NotOrganizationManagementAccountException":              aigov.ErrAccessDenied,
	"UnrecognizedClientException":                            aigov.ErrAccessDenied,
	"InvalidClientTokenId":                                   aigov.ErrAccessDenied,
	"ExpiredToken":                                           aigov.ErrAccessDenied,
	"ExpiredTokenException":                                  aigov.ErrAccessDenied,
	"InvalidSignatureException":                              aigov.ErrAccessDenied,
	"SignatureDoesNotMatch":                                  aigov.ErrAccessDenied,
	"IncompleteSignature":                                    aigov.ErrAccessDenied,
	"IncompleteSignatureException":                           aigov.ErrAccessDenied,
	"MissingAuthenticationToken":                             aigov.ErrAccessDenied,
	"MissingAuthenticationTokenException":                    aigov.ErrAccessDenied,
	"AuthFailure":                                            aigov.ErrAccessDenied,

	// Rate limits.
	"Throttling":                             aigov.ErrThrottled,
	"ThrottlingException":                    aigov.ErrThrottled,
	"ThrottledException":                     aigov.ErrThrottled,
	"RequestThrottled":                       aigov.ErrThrottled,
	"RequestThrottledException":              aigov.ErrThrottled,
	"TooManyRequestsException":               aigov.ErrThrottled,
	"ProvisionedThroughputExceededException": aigov.ErrThrottled,
	"TransactionInProgressException":         aigov.ErrThrottled,
	"RequestLimitExceeded":                   aigov.ErrThrottled,
	"BandwidthLimitExceeded":                 aigov.ErrThrottled,
	"SlowDown":                               aigov.ErrThrottled,
	"PriorRequestNotComplete":                aigov.ErrThrottled,
	"EC2ThrottledException":                  aigov.ErrThrottled,
	"MaxConcurrentQueriesException":          aigov.ErrThrottled,

	// Missing resources (NoSuchX is matched by prefix).
	"ResourceNotFoundException":       aigov.ErrNotFound,
	"NotFoundException":               aigov.ErrNotFound,
	"NotFound":                        aigov.ErrNotFound,
	"ResourceNotDiscoveredException":  aigov.ErrNotFound,
	"TrailNotFoundException":          aigov.ErrNotFound,
	"EventDataStoreNotFoundException": aigov.ErrNotFound,
	"QueryIdNotFoundException":        aigov.ErrNotFound,
	"ChannelNotFoundException":        aigov.ErrNotFound,
	"ImportNotFoundException":         aigov.ErrNotFound,
	"ResourcePolicyNotFoundException": aigov.ErrNotFound,
	"AccountNotFoundException":        aigov.ErrNotFound,

	// The service or feature is not set up, or not subscribed.
	"SubscriptionRequiredException":              aigov.ErrNotEnabled,
	"OptInRequired":                              aigov.ErrNotEnabled,
	"NoAvailableConfigurationRecorderException":  aigov.ErrNotEnabled,
	"NoRunningConfigurationRecorderException":    aigov.ErrNotEnabled,
	"NoAvailableDeliveryChannelException":        aigov.ErrNotEnabled,
	"NoAvailableOrganizationException":           aigov.ErrNotEnabled,
	"OrganizationAllFeaturesNotEnabledException": aigov.ErrNotEnabled,
	"OrganizationNotInAllFeaturesModeException":  aigov.ErrNotEnabled,
	"OrganizationsNotInUseException":             aigov.ErrNotEnabled,
	"CloudTrailAccessNotEnabledException":        aigov.ErrNotEnabled,
	"NoManagementAccountSLRExistsException":      aigov.ErrNotEnabled,
	"InsightNotEnabledException":                 aigov.ErrNotEnabled,
	"InactiveEventDataStoreException":            aigov.ErrNotEnabled,
})

func lower(m map[string]error) map[string]error {
	out := make(map[string]error, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
}
