package aigov_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/aigov/aigov"
	"github.com/aws/smithy-go"
)

func TestErrorUnwrapsBothWays(t *testing.T) {
	sdk := &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "no"}
	err := fmt.Errorf("collecting: %w", &aigov.Error{Service: "config", Operation: "DescribeConfigRules", Code: sdk.Code, Kind: aigov.ErrAccessDenied, Err: sdk})
	if !errors.Is(err, aigov.ErrAccessDenied) || errors.Is(err, aigov.ErrThrottled) {
		t.Error("errors.Is does not see the sentinel alone")
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr != sdk {
		t.Error("errors.As does not reach the SDK error")
	}
	if aigov.Kind(err) != aigov.ErrAccessDenied || aigov.Kind(errors.New("x")) != nil {
		t.Error("Kind")
	}
	unclassified := &aigov.Error{Service: "s", Operation: "Op", Code: "ValidationException", Err: sdk}
	if !errors.As(unclassified, &apiErr) || aigov.Kind(unclassified) != nil {
		t.Error("an unclassified error must still unwrap to the SDK error")
	}
}

func TestErrorMessage(t *testing.T) {
	tests := []struct {
		e    aigov.Error
		want string
	}{
		{aigov.Error{Service: "config", Operation: "Op", Account: "1", Region: "r", Kind: aigov.ErrThrottled, Code: "ThrottlingException", Message: "Rate exceeded", StatusCode: 400, RequestID: "id"},
			"config: Op in 1/r: throttled: ThrottlingException: Rate exceeded (HTTP 400, request id id)"},
		{aigov.Error{Service: "artifact", Operation: "ListReports", Region: "us-east-1", StatusCode: 403, Kind: aigov.ErrAccessDenied, Err: errors.New("deserialization failed")},
			"artifact: ListReports in us-east-1: access denied: deserialization failed (HTTP 403)"},
		{aigov.Error{Service: "x", Operation: "Op", Account: "1", RequestID: "id", Err: errors.New("e")}, "x: Op in 1: e (request id id)"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("got  %q\nwant %q", got, tt.want)
		}
	}
}

// Callers decide what a failure means from its class, not its text.
func ExampleKind() {
	err := &aigov.Error{Service: "advisor", Operation: "ListRecommendations", Code: "AccessDeniedException",
		Message: "Access denied due to support level", Kind: aigov.ErrNotEnabled, Err: errors.New("sdk error")}
	switch aigov.Kind(err) {
	case aigov.ErrNotEnabled:
		fmt.Println("no evidence: the service is not enabled for this account")
	case aigov.ErrAccessDenied:
		fmt.Println("no evidence: grant the read-only policy")
	}
	// Output: no evidence: the service is not enabled for this account
}
