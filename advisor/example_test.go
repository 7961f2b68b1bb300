package advisor_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/advisor"
	"github.com/aigov/aigov/advisor/advisortest"
)

// A test of your own code reads Trusted Advisor through the fakes: seed
// them, hand them to advisor.New, and get the answers AWS would give.
func Example() {
	ta := advisortest.NewTrustedAdvisor()
	ta.AddRecommendation(advisortest.OpenBucketCheck("training-data"))
	ta.AddRecommendation(advisortest.PassingCheck(advisor.CheckRootMFA))

	c := advisor.New(ta, advisortest.NewSupport())
	recs, src, err := c.Recommendations(context.Background(), advisor.CheckIDs(advisor.CheckS3BucketPermissions, advisor.CheckRootMFA))
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("answered by", src.API)
	for _, r := range recs {
		fmt.Printf("%s %s: %s, %d flagged\n", r.CheckID, r.Name, r.Status, r.ResourcesFlagged)
		for _, res := range r.Resources {
			fmt.Printf("  bucket %s: policy allows access: %s\n", res.Metadata["Bucket Name"], res.Metadata["Policy Allows Access"])
		}
	}
	// Output:
	// answered by trustedadvisor
	// 7DAFEmoDos MFA on Root Account: ok, 0 flagged
	// Pfx0RwqBli Amazon S3 Bucket Permissions: warning, 1 flagged
	//   bucket training-data: policy allows access: Yes
}

// When the TrustedAdvisor API cannot answer, the Support API does, and
// Source says so.
func Example_fallback() {
	ta := advisortest.NewTrustedAdvisor()
	ta.Fail("*", advisortest.AccessDenied()) // IAM allows only support:*
	sup := advisortest.NewSupport()
	sup.AddCheck(advisortest.RootWithoutMFACheck())

	recs, src, err := advisor.New(ta, sup).Recommendations(context.Background(), advisor.CheckIDs(advisor.CheckRootMFA))
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("answered by", src.API, "because the TrustedAdvisor API denied access:", errors.Is(src.Cause, aigov.ErrAccessDenied))
	fmt.Println(recs[0].Name, recs[0].Status)
	// Output:
	// answered by support because the TrustedAdvisor API denied access: true
	// MFA on Root Account error
}

// Without a Business-level support plan, Trusted Advisor has no API: Status
// says so as a value, so that the controls resting on it can be reported
// Unknown rather than passed.
func ExampleClient_Status() {
	c := advisor.New(
		advisortest.NewTrustedAdvisor(advisortest.WithoutSubscription()),
		advisortest.NewSupport(advisortest.WithoutSubscription()),
	)
	a, err := c.Status(context.Background())
	if err != nil {
		fmt.Println("could not tell:", err)
		return
	}
	fmt.Println("available:", a.Available)
	fmt.Println("no support plan:", a.NoSupportPlan, errors.Is(a.Err(), aigov.ErrNotEnabled))
	// Output:
	// available: false
	// no support plan: true true
}

// RefreshCheck reads the refresh status first and does not ask while AWS
// reports a wait.
func ExampleClient_RefreshCheck() {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	sup := advisortest.NewSupport()
	sup.SetClock(func() time.Time { return now })
	sup.AddCheck(advisor.Recommendation{CheckID: advisor.CheckIAMUse, Status: advisor.StatusOK, LastUpdated: now.Add(-2 * time.Minute)})

	_, err := advisor.New(nil, sup).RefreshCheck(context.Background(), advisor.CheckIAMUse)
	var refused *advisor.RefreshRefusedError
	if errors.As(err, &refused) {
		fmt.Println("wait", refused.Wait)
	}
	fmt.Println("refresh calls:", sup.CallCount("RefreshTrustedAdvisorCheck"))
	// Output:
	// wait 3m0s
	// refresh calls: 0
}

// The organisation view, where Trusted Advisor Priority is enabled, gives
// one result per affected account.
func ExampleClient_OrganizationRecommendations() {
	ta := advisortest.NewTrustedAdvisor()
	r := advisortest.OpenBucketCheck("research-raw", "platform-logs")
	r.Resources[0].Account, r.Resources[1].Account = "111111111111", "222222222222"
	ta.AddOrganizationRecommendation(r)

	for rec, err := range advisor.New(ta, nil).OrganizationRecommendations(context.Background(), advisor.SecurityChecksForAIData()) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(rec.Account, rec.Name, rec.Status, rec.Resources[0].Metadata["Bucket Name"], rec.LifecycleStage)
	}
	// Output:
	// 111111111111 Amazon S3 Bucket Permissions warning research-raw pending_response
	// 222222222222 Amazon S3 Bucket Permissions warning platform-logs pending_response
}

// The TrustedAdvisor API names checks by ARN, the Support API by id: the
// id is the ARN's last segment.
func ExampleCheckIDFromARN() {
	id, ok := advisor.CheckIDFromARN("arn:aws:trustedadvisor:::check/Pfx0RwqBli")
	fmt.Println(id, ok, id == advisor.CheckS3BucketPermissions)
	fmt.Println(advisor.CheckARN(advisor.CheckRootMFA))
	// Output:
	// Pfx0RwqBli true true
	// arn:aws:trustedadvisor:::check/7DAFEmoDos
}
