package advisor_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/advisor"
	"github.com/aigov/aigov/advisor/advisortest"
	"github.com/aigov/aigov/internal/pager"
	"github.com/google/go-cmp/cmp"
)

const (
	research = "111111111111"
	platform = "222222222222"
)

// orgSeed adds an organisation-wide S3 Bucket Permissions recommendation:
// two open buckets in research, one in platform, and one bucket in good
// standing and one excluded in platform.
func orgSeed(t *testing.T, opts ...advisortest.Option) (*advisortest.TrustedAdvisor, string) {
	t.Helper()
	ta, _ := seed(t, opts...)
	r := advisortest.OpenBucketCheck("research-raw", "research-features", "platform-logs")
	r.Resources[0].Account, r.Resources[1].Account, r.Resources[2].Account = research, research, platform
	ok := r.Resources[2]
	ok.AWSResourceID, ok.Status, ok.Metadata = "platform-models", advisor.StatusOK, map[string]string{"Bucket Name": "platform-models", "Status": "Green"}
	excluded := r.Resources[2]
	excluded.AWSResourceID, excluded.Suppressed, excluded.Metadata = "platform-public-site", true, map[string]string{"Bucket Name": "platform-public-site"}
	r.Resources = append(r.Resources, ok, excluded)
	return ta, ta.AddOrganizationRecommendation(r)
}

func TestOrganizationRecommendations(t *testing.T) {
	ta, orgARN := orgSeed(t, advisortest.WithPageSize(1))
	// Not in the default selection: left out.
	ta.AddOrganizationRecommendation(advisor.Recommendation{CheckID: "Qch7DwouX1", Name: "Low Utilization Amazon EC2 Instances", Category: advisor.CostOptimizing, Status: advisor.StatusWarning, Account: research})

	recs, err := pager.Collect(advisor.New(ta, nil).OrganizationRecommendations(context.Background(), advisor.SecurityChecksForAIData()))
	if err != nil {
		t.Fatal(err)
	}
	type summary struct {
		Account, ARN                         string
		Status                               advisor.Status
		Flagged, Processed, Suppressed, Rows int64
		Stage                                advisor.LifecycleStage
	}
	var got []summary
	for _, r := range recs {
		if r.OrganizationARN != orgARN || r.CheckID != advisor.CheckS3BucketPermissions || r.Type != "priority" {
			t.Errorf("result %+v", r)
		}
		got = append(got, summary{r.Account, r.ARN, r.Status, r.ResourcesFlagged, r.ResourcesProcessed, r.ResourcesSuppressed, int64(len(r.Resources)), r.LifecycleStage})
	}
	want := []summary{
		{research, "arn:aws:trustedadvisor::111111111111:recommendation/" + orgARN[len(orgARN)-36:], advisor.StatusWarning, 2, 2, 0, 2, advisor.LifecyclePendingResponse},
		{platform, "arn:aws:trustedadvisor::222222222222:recommendation/" + orgARN[len(orgARN)-36:], advisor.StatusWarning, 1, 2, 1, 2, advisor.LifecyclePendingResponse},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("per account (-want +got):\n%s", d)
	}
	platformRows := recs[1].Resources
	if platformRows[0].AWSResourceID != "platform-logs" || platformRows[1].AWSResourceID != "platform-public-site" || !platformRows[1].Suppressed {
		t.Errorf("platform resources = %+v", platformRows)
	}
	if platformRows[0].Metadata["Bucket Name"] != "platform-logs" || platformRows[0].Account != platform {
		t.Errorf("metadata not named: %+v", platformRows[0])
	}
	if n := ta.CallCount("ListOrganizationRecommendationResources"); n != 5 {
		t.Errorf("resources listed in %d pages, want 5", n)
	}
}

func TestOrganizationRecommendationsStopWhenTheCallerDoes(t *testing.T) {
	ta, _ := orgSeed(t)
	ta.AddOrganizationRecommendation(advisortest.OpenSecurityGroupCheck("sg-0a1"))
	for range advisor.New(ta, nil).OrganizationRecommendations(context.Background(), advisor.SecurityChecksForAIData()) {
		break
	}
	if n := ta.CallCount("ListOrganizationRecommendationAccounts"); n != 1 {
		t.Errorf("kept reading after break: %d account listings", n)
	}
}

func TestOrganizationRecommendationsWithoutPriority(t *testing.T) {
	ta, _ := orgSeed(t, advisortest.WithoutPriority())
	_, err := pager.Collect(advisor.New(ta, nil).OrganizationRecommendations(context.Background(), advisor.SecurityChecksForAIData()))
	if !errors.Is(err, aigov.ErrNotEnabled) || !errors.Is(err, advisor.ErrPriorityNotEnabled) || errors.Is(err, advisor.ErrNoSupportPlan) {
		t.Errorf("err = %v", err)
	}
	// The account's own view still works.
	if _, _, err := advisor.New(ta, nil).Recommendations(context.Background(), advisor.SecurityChecksForAIData()); err != nil {
		t.Errorf("account view: %v", err)
	}
	// An IAM denial of an organisation operation is access denied, not
	// Priority.
	ta, _ = orgSeed(t)
	ta.Fail("ListOrganizationRecommendations", advisortest.AccessDenied())
	_, err = pager.Collect(advisor.New(ta, nil).OrganizationRecommendations(context.Background(), advisor.SecurityChecksForAIData()))
	if !errors.Is(err, aigov.ErrAccessDenied) || errors.Is(err, advisor.ErrPriorityNotEnabled) {
		t.Errorf("IAM denial: %v", err)
	}
	// No plan at all.
	ta, _ = orgSeed(t, advisortest.WithoutSubscription())
	_, err = pager.Collect(advisor.New(ta, nil).OrganizationRecommendations(context.Background(), advisor.SecurityChecksForAIData()))
	if !errors.Is(err, advisor.ErrNoSupportPlan) || errors.Is(err, advisor.ErrPriorityNotEnabled) {
		t.Errorf("no plan: %v", err)
	}
	_, err = pager.Collect(advisor.New(nil, advisortest.NewSupport()).OrganizationRecommendations(context.Background(), advisor.SecurityChecksForAIData()))
	if err == nil {
		t.Error("the organisation view without the TrustedAdvisor API")
	}
}

func TestUpdateOrganizationLifecycle(t *testing.T) {
	ta, orgARN := orgSeed(t)
	c := advisor.New(ta, nil)
	if err := c.UpdateLifecycle(context.Background(), orgARN, advisor.LifecycleInProgress, "Platform team owns the fix"); err != nil {
		t.Fatal(err)
	}
	want := map[string]advisor.LifecycleStage{research: advisor.LifecycleInProgress, platform: advisor.LifecycleInProgress}
	if d := cmp.Diff(want, ta.OrganizationLifecycle(orgARN)); d != "" {
		t.Errorf("stages (-want +got):\n%s", d)
	}
	ta, orgARN = orgSeed(t, advisortest.WithoutPriority())
	if err := advisor.New(ta, nil).UpdateLifecycle(context.Background(), orgARN, advisor.LifecycleInProgress, ""); !errors.Is(err, advisor.ErrPriorityNotEnabled) {
		t.Errorf("without Priority: %v", err)
	}
}

// An account AWS names without listing resources for it keeps the
// organisation's status, and says so.
func TestOrganizationAccountWithoutResources(t *testing.T) {
	ta, _ := seed(t)
	r := advisortest.RootWithoutMFACheck()
	r.Account = research
	ta.AddOrganizationRecommendation(r)
	recs, err := pager.Collect(advisor.New(ta, nil).OrganizationRecommendations(context.Background(), advisor.CheckIDs(advisor.CheckRootMFA)))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Account != research || recs[0].Status != advisor.StatusError ||
		recs[0].ResourcesFlagged != 0 || recs[0].StatusReason != "the organisation's status: AWS listed no resources for this account" {
		t.Errorf("got %+v", recs)
	}
}
