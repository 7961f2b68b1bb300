package inspectortest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/inspector"
	"github.com/aigov/aigov/inspector/inspectortest"
)

// A test of your own code reads Amazon Inspector through the fake: seed it
// with a realistic finding in one line, hand it to inspector.New, and get
// the answers AWS would give.
func Example() {
	fake := inspectortest.New()
	fake.SetAccountStatus(inspectortest.Enabled(inspectortest.DefaultAccount, inspector.ScanECR))
	fake.AddFinding(inspectortest.ImageFinding("123456789012.dkr.ecr.us-east-1.amazonaws.com/ml/serving:prod",
		"CVE-2025-32434", inspector.SeverityCritical, "torch", "2.5.1", "2.6.0"))

	c := inspector.New(fake)
	for x, err := range c.Findings(context.Background(), inspector.FindingFilter{Packages: inspector.Equal("torch")}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(x.Severity, x.VulnerabilityID, x.Resources[0].ImageRepository, x.Resources[0].ImageTags)
	}
	// Output:
	// CRITICAL CVE-2025-32434 ml/serving [prod]
}

// Inject faults to test how your code behaves when AWS refuses: here the
// first call is throttled and the second goes through, as a transient
// throttle does.
func Example_faultInjection() {
	fake := inspectortest.New()
	fake.AddFinding(inspectortest.LambdaFinding("feature-etl", "CVE-2024-35195", inspector.SeverityMedium, "requests", "2.31.0", "2.32.0"))
	fake.FailN("ListFindings", 1, inspectortest.Throttling())

	c := inspector.New(fake)
	for attempt := 1; attempt <= 2; attempt++ {
		for x, err := range c.Findings(context.Background(), inspector.FindingFilter{}) {
			if errors.Is(err, aigov.ErrThrottled) {
				fmt.Println("attempt", attempt, "throttled")
				break
			}
			fmt.Println("attempt", attempt, x.Title, "in", x.Resources[0].LambdaFunction)
		}
	}
	fmt.Println("calls:", fake.CallCount("ListFindings"))
	// Output:
	// attempt 1 throttled
	// attempt 2 CVE-2024-35195 - requests in feature-etl
	// calls: 2
}

// A reactor sees every call and can answer in place of the fake, here only
// for one region.
func ExampleFake_PrependReactor() {
	fake := inspectortest.New()
	fake.PrependReactor("ListCoverage", func(call inspectortest.Call) (bool, any, error) {
		if call.Region == "eu-west-1" {
			return true, nil, inspectortest.AccessDenied()
		}
		return false, nil, nil
	})
	c := inspector.New(fake)
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		for _, err := range c.InRegion(region).Coverage(context.Background(), inspector.CoverageFilter{}) {
			fmt.Println(region, errors.Is(err, aigov.ErrAccessDenied))
		}
	}
	// Output:
	// eu-west-1 true
}

// Accounts outside the caller's view come back in failedAccounts, and
// package inspector keeps them with their error.
func ExampleFake_FailAccount() {
	fake := inspectortest.New()
	fake.SetAccountStatus(inspectortest.Enabled(inspectortest.DefaultAccount))
	fake.FailAccount("210987654321", "ACCESS_DENIED", "Invoking account does not have access to this account")

	statuses, err := inspector.New(fake).AccountStatus(context.Background(), inspectortest.DefaultAccount, "210987654321")
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, s := range statuses {
		fmt.Printf("%s ECR enabled: %v, error: %q\n", s.Account, s.Enabled(inspector.ScanECR), s.State.ErrorCode)
	}
	// Output:
	// 123456789012 ECR enabled: true, error: ""
	// 210987654321 ECR enabled: false, error: "ACCESS_DENIED"
}
