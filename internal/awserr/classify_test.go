package awserr_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/internal/awserr"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// sdkError builds the chain a real client returns.
func sdkError(status int, apiErr error) error {
	return &smithy.OperationError{ServiceID: "Config Service", OperationName: "DescribeConfigRules", Err: &awshttp.ResponseError{
		RequestID: "req-1",
		ResponseError: &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}},
			Err:      apiErr,
		},
	}}
}

func TestKindOf(t *testing.T) {
	tests := []struct {
		code, message string
		want          error
	}{
		{"AccessDeniedException", "User: arn:aws:iam::1:user/x is not authorized to perform: config:DescribeConfigRules", aigov.ErrAccessDenied},
		{"AccessDenied", "", aigov.ErrAccessDenied},
		{"Client.UnauthorizedOperation", "", aigov.ErrAccessDenied},
		{"UnrecognizedClientException", "The security token included in the request is invalid.", aigov.ErrAccessDenied},
		{"ExpiredTokenException", "", aigov.ErrAccessDenied},
		{"AccessDeniedException", "Access denied due to support level", aigov.ErrNotEnabled},
		{"AccessDeniedException", "Please complete AWS Audit Manager setup from home page to enable this action in this account.", aigov.ErrNotEnabled},
		{"AccessDeniedException", "Lambda code scanning is not supported in ca-central-1", aigov.ErrNotEnabled},
		{"SubscriptionRequiredException", "AWS Premium Support Subscription is required to use this service.", aigov.ErrNotEnabled},
		{"InvalidParameterValueException", "Unknown ID: Account requires a Premium Support Plan for access to Trusted Advisor check: fH7LL0l7J9", aigov.ErrNotEnabled},
		{"InvalidParameterValueException", "bad value", nil},
		{"NoAvailableConfigurationRecorderException", "", aigov.ErrNotEnabled},
		{"ThrottlingException", "Rate exceeded", aigov.ErrThrottled},
		{"throttlingexception", "", aigov.ErrThrottled},
		{"TooManyRequestsException", "", aigov.ErrThrottled},
		{"MaxConcurrentQueriesException", "", aigov.ErrThrottled},
		{"LimitExceededException", "", nil},
		{"ServiceQuotaExceededException", "", nil},
		{"NoSuchConfigRuleException", "", aigov.ErrNotFound},
		{"NoSuchConfigurationAggregatorException", "", aigov.ErrNotFound},
		{"ResourceNotFoundException", "", aigov.ErrNotFound},
		{"TrailNotFoundException", "", aigov.ErrNotFound},
		{"ValidationException", "", nil},
	}
	for _, tt := range tests {
		if got := awserr.KindOf(tt.code, tt.message); got != tt.want {
			t.Errorf("KindOf(%q, %q) = %v, want %v", tt.code, tt.message, got, tt.want)
		}
	}
}

func TestWrapKeepsBothChains(t *testing.T) {
	c := awserr.Classifier{Service: "config"}
	err := c.Wrap("DescribeConfigRules", sdkError(400, &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "nope"}))
	if !errors.Is(err, aigov.ErrAccessDenied) {
		t.Errorf("errors.Is(ErrAccessDenied) = false for %v", err)
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "AccessDeniedException" {
		t.Errorf("errors.As(smithy.APIError) = false for %v", err)
	}
	var opErr *smithy.OperationError
	if !errors.As(err, &opErr) || opErr.Operation() != "DescribeConfigRules" {
		t.Errorf("errors.As(*smithy.OperationError) = false for %v", err)
	}
	var e *aigov.Error
	if !errors.As(err, &e) || e.StatusCode != 400 || e.RequestID != "req-1" || e.Code != "AccessDeniedException" || e.Message != "nope" {
		t.Errorf("aigov.Error = %+v", e)
	}
	want := "config: DescribeConfigRules: access denied: AccessDeniedException: nope (HTTP 400, request id req-1)"
	if err.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", err.Error(), want)
	}
	if again := c.Wrap("X", err); again != err {
		t.Errorf("Wrap of a classified error changed it: %v", again)
	}
}

func TestWrapNormalizesCode(t *testing.T) {
	err := awserr.Classifier{Service: "cloudtrail"}.Wrap("LookupEvents", sdkError(400, &smithy.GenericAPIError{Code: "com.amazonaws.cloudtrail.v20131101#ThrottlingException:http://internal.amazon.com/coral/"}))
	var e *aigov.Error
	if !errors.As(err, &e) || e.Code != "ThrottlingException" || !errors.Is(err, aigov.ErrThrottled) {
		t.Errorf("got %v", err)
	}
}

func TestWrapFallsBackToStatus(t *testing.T) {
	for status, want := range map[int]error{403: aigov.ErrAccessDenied, 404: aigov.ErrNotFound, 429: aigov.ErrThrottled, 500: nil} {
		deser := &smithy.DeserializationError{Err: fmt.Errorf("invalid character '<'")}
		err := awserr.Classifier{Service: "artifact"}.Wrap("ListReports", sdkError(status, deser))
		var e *aigov.Error
		if !errors.As(err, &e) {
			t.Fatalf("status %d: not an *aigov.Error: %v", status, err)
		}
		if e.Kind != want {
			t.Errorf("status %d: kind %v, want %v", status, e.Kind, want)
		}
		unknown := awserr.Classifier{Service: "artifact"}.Wrap("ListReports", sdkError(status, &smithy.GenericAPIError{Code: "UnknownError"}))
		if got := aigov.Kind(unknown); got != want {
			t.Errorf("status %d UnknownError: kind %v, want %v", status, got, want)
		}
	}
}

func TestWrapRefine(t *testing.T) {
	c := awserr.Classifier{Service: "x", Refine: func(code, _ string) error {
		if code == "ValidationException" {
			return aigov.ErrNotFound
		}
		return nil
	}}
	if err := c.Wrap("Op", sdkError(400, &smithy.GenericAPIError{Code: "ValidationException"})); !errors.Is(err, aigov.ErrNotFound) {
		t.Errorf("Refine not applied: %v", err)
	}
	if err := c.Wrap("Op", sdkError(400, &smithy.GenericAPIError{Code: "ThrottlingException"})); !errors.Is(err, aigov.ErrThrottled) {
		t.Errorf("shared table not applied after Refine: %v", err)
	}
}

func TestWrapPassesOtherErrors(t *testing.T) {
	c := awserr.Classifier{Service: "config"}
	if c.Wrap("Op", nil) != nil {
		t.Error("Wrap(nil) != nil")
	}
	err := c.Wrap("DescribeConfigRules", &smithy.OperationError{OperationName: "DescribeConfigRules", Err: context.Canceled})
	if !errors.Is(err, context.Canceled) || aigov.Kind(err) != nil {
		t.Errorf("cancellation: %v", err)
	}
	if got, want := err.Error(), "config: DescribeConfigRules: operation error : DescribeConfigRules, context canceled"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	plain := errors.New("dial tcp: no such host")
	if err := c.Wrap("Op", plain); !errors.Is(err, plain) {
		t.Errorf("network error lost: %v", err)
	}
}
