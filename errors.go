package aigov

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors shared by every aigov package. Errors returned by the
// service packages match them with [errors.Is]:
//
//	if errors.Is(err, aigov.ErrAccessDenied) { ... }
//
// The sentinels describe why AWS refused to answer, which is what decides
// how a governance control reports the gap (see package governance): a
// control whose evidence could not be read is Unknown, never Pass.
var (
	// ErrAccessDenied means the caller's credentials were valid but not
	// allowed to call the operation (AccessDeniedException, AccessDenied,
	// UnauthorizedOperation, an SCP, a missing trust relationship), or the
	// credentials themselves were rejected (expired or unknown keys).
	ErrAccessDenied = errors.New("access denied")

	// ErrThrottled means AWS rejected the call for its request rate and the
	// SDK's retries did not get it through.
	ErrThrottled = errors.New("throttled")

	// ErrNotFound means the named resource (rule, trail, assessment, report,
	// query …) does not exist.
	ErrNotFound = errors.New("not found")

	// ErrNotEnabled means the service is not enabled, not set up or not
	// subscribed for the account: no Config recorder, Inspector not
	// activated, the account not registered with Audit Manager, no
	// Business-level support plan for Trusted Advisor.
	ErrNotEnabled = errors.New("not enabled or subscription required")

	// ErrPagination means a paginated listing did not terminate: AWS (or a
	// fake) returned a token it had already returned, or the listing passed
	// the page limit set on the client.
	ErrPagination = errors.New("pagination did not terminate")
)

// Error is an error returned by an AWS API call, classified.
//
// It unwraps to both the matching sentinel (Kind) and the error the SDK
// returned (Err), so both of these hold for an AccessDeniedException:
//
//	errors.Is(err, aigov.ErrAccessDenied)
//	var apiErr smithy.APIError; errors.As(err, &apiErr)
//
// Kind is nil when the code belongs to none of the classes, such as a
// ValidationException.
type Error struct {
	// Service is the aigov package that made the call, such as "config".
	Service string
	// Operation is the AWS API operation, such as "DescribeConfigRules".
	Operation string
	// Account and Region say where the call was made, when the client
	// knows; either may be empty.
	Account string
	Region  string
	// Code is the AWS error code, such as "AccessDeniedException".
	Code string
	// Message is the error message AWS sent, if any.
	Message string
	// StatusCode is the HTTP status of the response; 0 when unknown.
	StatusCode int
	// RequestID is the AWS request id; quote it to AWS Support.
	RequestID string
	// Kind is one of the sentinels of this package, or nil.
	Kind error
	// Err is the error as the SDK returned it.
	Err error
}

// Error formats the error as "service: Operation in account/region: kind:
// Code: message (HTTP status, request id id)", leaving out what is unknown.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Service)
	b.WriteString(": ")
	b.WriteString(e.Operation)
	switch {
	case e.Account != "" && e.Region != "":
		fmt.Fprintf(&b, " in %s/%s", e.Account, e.Region)
	case e.Account != "":
		fmt.Fprintf(&b, " in %s", e.Account)
	case e.Region != "":
		fmt.Fprintf(&b, " in %s", e.Region)
	}
	if e.Kind != nil {
		b.WriteString(": ")
		b.WriteString(e.Kind.Error())
	}
	if e.Code != "" {
		b.WriteString(": ")
		b.WriteString(e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Code == "" && e.Message == "" && e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	switch {
	case e.StatusCode != 0 && e.RequestID != "":
		fmt.Fprintf(&b, " (HTTP %d, request id %s)", e.StatusCode, e.RequestID)
	case e.StatusCode != 0:
		fmt.Fprintf(&b, " (HTTP %d)", e.StatusCode)
	case e.RequestID != "":
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

// Unwrap returns the sentinel (when there is one) and the SDK error, so that
// errors.Is and errors.As see both.
func (e *Error) Unwrap() []error {
	if e.Kind == nil {
		return []error{e.Err}
	}
	return []error{e.Kind, e.Err}
}

// Kind returns the sentinel that err matches, or nil when it matches none.
// It is a convenience for code that reports the class of a failure, such as
// a status line; use errors.Is to test for one class.
func Kind(err error) error {
	for _, k := range []error{ErrAccessDenied, ErrNotEnabled, ErrThrottled, ErrNotFound, ErrPagination} {
		if errors.Is(err, k) {
			return k
		}
	}
	return nil
}
