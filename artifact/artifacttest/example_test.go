package artifacttest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/artifact/artifacttest"
)

// A test of your own code reads AWS Artifact through the fake: seed it with
// a catalogue and agreements, hand it to artifact.New, and get the answers
// AWS would give.
func Example() {
	fake := artifacttest.New()
	defer fake.Close()
	fake.AddReports(artifacttest.Catalog(time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC))...)
	fake.AddAgreement(artifacttest.BAA(artifact.AgreementStateAWSTerminated))

	c := artifact.New(fake,
		artifact.WithHTTPClient(fake.HTTPClient()), // trusts the fake's HTTPS document server
		artifact.WithClock(func() time.Time { return time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC) }))
	soc2, _ := artifact.LookupRequirement("SOC 2")
	statuses, _ := c.CheckCertifications(context.Background(), soc2)
	baa, _ := c.AgreementStatus(context.Background(), artifact.HIPAABAA)
	fmt.Println("SOC 2:", statuses[0].State, statuses[0].Report.Name)
	fmt.Println("BAA:", baa.State)
	// Output:
	// SOC 2: current SOC 2 Type 2 Report
	// BAA: inactive
}

// Inject faults to test how your code behaves when AWS refuses: here the
// first call is throttled and the second goes through, as a transient
// throttle does.
func Example_faultInjection() {
	fake := artifacttest.New()
	fake.AddAgreement(artifacttest.BAA(artifact.AgreementStateActive))
	fake.FailN("ListCustomerAgreements", 1, artifacttest.Throttling())

	c := artifact.New(fake)
	for attempt := 1; attempt <= 2; attempt++ {
		st, err := c.AgreementStatus(context.Background(), artifact.HIPAABAA)
		if errors.Is(err, aigov.ErrThrottled) {
			after, _ := artifact.RetryAfter(err)
			fmt.Println("attempt", attempt, "throttled, retry after", after)
			continue
		}
		fmt.Println("attempt", attempt, "BAA", st.State)
	}
	// Output:
	// attempt 1 throttled, retry after 1s
	// attempt 2 BAA active
}

// WrapDocuments makes the document server answer as a test needs: here as
// Amazon S3 does when the presigned URL has expired.
func ExampleFake_WrapDocuments() {
	fake := artifacttest.New()
	defer fake.Close()
	report := fake.AddReport(artifact.Report{Name: "ISO/IEC 27001:2022 Certification"}, nil)
	fake.WrapDocuments(func(http.Handler) http.Handler {
		return artifacttest.S3Error(http.StatusForbidden, "AccessDenied", "Request has expired")
	})

	c := artifact.New(fake, artifact.WithHTTPClient(fake.HTTPClient()))
	var evidence strings.Builder
	_, err := c.Download(context.Background(), report.ID, 0, &evidence)
	fmt.Println(errors.Is(err, aigov.ErrAccessDenied), evidence.Len())
	var e *aigov.Error
	if errors.As(err, &e) {
		fmt.Println(e.Operation, e.StatusCode, e.Code, e.Message)
	}
	// Output:
	// true 0
	// GetObject 403 AccessDenied Request has expired
}
