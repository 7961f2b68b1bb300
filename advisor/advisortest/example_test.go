package advisortest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/advisor"
	"github.com/aigov/aigov/advisor/advisortest"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/support"
)

// Inject faults to test how your code behaves when AWS refuses: here the
// first call is throttled and the second goes through, as a transient
// throttle does.
func Example_faultInjection() {
	ta := advisortest.NewTrustedAdvisor()
	ta.AddRecommendation(advisortest.RootWithoutMFACheck())
	ta.FailN("ListChecks", 1, advisortest.Throttling())

	c := advisor.New(ta, nil)
	for attempt := 1; attempt <= 2; attempt++ {
		recs, _, err := c.Recommendations(context.Background(), advisor.CheckIDs(advisor.CheckRootMFA))
		if errors.Is(err, aigov.ErrThrottled) {
			fmt.Println("attempt", attempt, "throttled")
			continue
		}
		fmt.Println("attempt", attempt, recs[0].Name, recs[0].Status)
	}
	// Output:
	// attempt 1 throttled
	// attempt 2 MFA on Root Account error
}

// An account without a Business-level support plan, as both APIs answer it.
func ExampleWithoutSubscription() {
	c := advisor.New(
		advisortest.NewTrustedAdvisor(advisortest.WithoutSubscription()),
		advisortest.NewSupport(advisortest.WithoutSubscription()),
	)
	_, src, err := c.Recommendations(context.Background(), advisor.SecurityChecksForAIData())
	fmt.Println(errors.Is(err, aigov.ErrNotEnabled), errors.Is(err, advisor.ErrNoSupportPlan))
	fmt.Println("last tried:", src.API)
	// Output:
	// true true
	// last tried: support
}

// The Support fake answers with the Support API's own shapes: metadata as a
// list in column order, null where a resource has no value.
func ExampleSupport_AddCheck() {
	sup := advisortest.NewSupport()
	r := advisortest.OpenBucketCheck("training-data")
	delete(r.Resources[0].Metadata, "ACL Allows Upload/Delete")
	sup.AddCheck(r)

	out, err := sup.DescribeTrustedAdvisorCheckResult(context.Background(), &support.DescribeTrustedAdvisorCheckResultInput{
		CheckId: aws.String(advisor.CheckS3BucketPermissions), Language: aws.String("en"),
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, v := range out.Result.FlaggedResources[0].Metadata {
		fmt.Print(aws.ToString(v), "|")
	}
	fmt.Println()
	// Output:
	// us-east-1|us-east-1|training-data|No||Yellow|Yes|
}

// Seed the same account in both fakes to test code that must work whichever
// API answers.
func ExampleTrustedAdvisor_AddRecommendation() {
	ta, sup := advisortest.NewTrustedAdvisor(), advisortest.NewSupport()
	for _, r := range advisortest.PassingAIDataChecks() {
		ta.AddRecommendation(r)
		sup.AddCheck(r)
	}
	for _, c := range []*advisor.Client{advisor.New(ta, nil), advisor.New(nil, sup)} {
		recs, src, _ := c.Recommendations(context.Background(), advisor.SecurityChecksForAIData())
		failing := 0
		for _, r := range recs {
			if r.Status != advisor.StatusOK {
				failing++
			}
		}
		fmt.Println(src.API, len(recs), "checks,", failing, "not ok")
	}
	// Output:
	// trustedadvisor 14 checks, 0 not ok
	// support 14 checks, 0 not ok
}
