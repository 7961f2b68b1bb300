package advisor_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/advisor"
	"github.com/aigov/aigov/advisor/advisortest"
	"github.com/aigov/aigov/internal/pager"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/support"
	supporttypes "github.com/aws/aws-sdk-go-v2/service/support/types"
	"github.com/aws/aws-sdk-go-v2/service/trustedadvisor"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return t0 }

// seed puts the same account in both fakes: every AI data check passing
// except S3 bucket permissions, which flags two buckets.
func seed(t *testing.T, opts ...advisortest.Option) (*advisortest.TrustedAdvisor, *advisortest.Support) {
	t.Helper()
	ta := advisortest.NewTrustedAdvisor(opts...)
	sup := advisortest.NewSupport(opts...)
	for _, f := range []interface{ SetClock(func() time.Time) }{ta, sup} {
		f.SetClock(clock)
	}
	for _, r := range advisortest.PassingAIDataChecks() {
		if r.CheckID == advisor.CheckS3BucketPermissions {
			r = advisortest.OpenBucketCheck("training-data", "features")
		}
		ta.AddRecommendation(r)
		sup.AddCheck(r)
	}
	return ta, sup
}

func find(t *testing.T, recs []advisor.Recommendation, id string) advisor.Recommendation {
	t.Helper()
	for _, r := range recs {
		if r.CheckID == id {
			return r
		}
	}
	t.Fatalf("no result for check %s in %d results", id, len(recs))
	return advisor.Recommendation{}
}

func bucket(name string) map[string]string {
	return map[string]string{
		"Region Name": "us-east-1", "Region API Parameter": "us-east-1", "Bucket Name": name,
		"ACL Allows List": "No", "ACL Allows Upload/Delete": "No", "Status": "Yellow", "Policy Allows Access": "Yes",
	}
}

func TestRecommendationsFromTheTrustedAdvisorAPI(t *testing.T) {
	ta, sup := seed(t, advisortest.WithPageSize(3))
	c := advisor.New(ta, sup, advisor.WithPageSize(50))
	recs, src, err := c.Recommendations(context.Background(), advisor.SecurityChecksForAIData())
	if err != nil {
		t.Fatal(err)
	}
	if src.API != advisor.SourceTrustedAdvisorAPI || src.Fallback != "" || src.Cause != nil {
		t.Errorf("source = %+v, want the TrustedAdvisor API", src)
	}
	if len(recs) != len(advisor.SecurityChecksForAIData().IDs()) {
		t.Errorf("got %d results, want one per selected check", len(recs))
	}
	if sup.CallCount("*") != 0 {
		t.Errorf("the Support API was called %d times", sup.CallCount("*"))
	}
	if n := ta.CallCount("ListRecommendations"); n < 2 {
		t.Errorf("ListRecommendations called %d times, want several pages", n)
	}
	got := find(t, recs, advisor.CheckS3BucketPermissions)
	if !strings.HasPrefix(got.ARN, "arn:aws:trustedadvisor::123456789012:recommendation/") {
		t.Errorf("ARN = %q", got.ARN)
	}
	for i, name := range []string{"features", "training-data"} {
		r := got.Resources[i]
		if !strings.HasPrefix(r.ARN, "arn:aws:trustedadvisor::123456789012:recommendation-resource/") || r.ID == "" {
			t.Errorf("resource %d: ARN %q, ID %q", i, r.ARN, r.ID)
		}
		if r.AWSResourceID != name || r.Account != "123456789012" || r.LastUpdated != t0 {
			t.Errorf("resource %d = %+v", i, r)
		}
		if d := cmp.Diff(bucket(name), r.Metadata); d != "" {
			t.Errorf("resource %d metadata (-want +got):\n%s", i, d)
		}
	}
	want := advisor.Recommendation{
		CheckID: advisor.CheckS3BucketPermissions, Name: "Amazon S3 Bucket Permissions",
		Category: advisor.Security, Pillars: []advisor.Pillar{advisor.Security}, Status: advisor.StatusWarning,
		ResourcesFlagged: 2, ResourcesProcessed: 5,
		Columns:     []string{"Region Name", "Region API Parameter", "Bucket Name", "ACL Allows List", "ACL Allows Upload/Delete", "Status", "Policy Allows Access", "Ignored Bucket Name"},
		LastUpdated: t0, ARN: got.ARN, Type: "standard", Origin: "ta_check", Account: "123456789012",
	}
	got.Resources = nil
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
}

// The same account read through either API gives the same answer, but for
// what only the TrustedAdvisor API knows.
func TestBothAPIsAgree(t *testing.T) {
	ta, sup := seed(t)
	fromTA, _, err := advisor.New(ta, nil, advisor.WithAccount("123456789012")).Recommendations(context.Background(), advisor.SecurityChecksForAIData())
	if err != nil {
		t.Fatal(err)
	}
	fromSupport, src, err := advisor.New(nil, sup, advisor.WithAccount("123456789012")).Recommendations(context.Background(), advisor.SecurityChecksForAIData())
	if err != nil {
		t.Fatal(err)
	}
	if src.API != advisor.SourceSupportAPI || src.Fallback != "no TrustedAdvisor API client was given" {
		t.Errorf("source = %+v", src)
	}
	onlyTA := func(r advisor.Recommendation) advisor.Recommendation {
		r.ARN, r.Type, r.Origin = "", "", ""
		for i := range r.Resources {
			r.Resources[i].ARN, r.Resources[i].AWSResourceID, r.Resources[i].LastUpdated = "", "", time.Time{}
		}
		return r
	}
	for i := range fromTA {
		fromTA[i] = onlyTA(fromTA[i])
	}
	if d := cmp.Diff(fromTA, fromSupport); d != "" {
		t.Errorf("TrustedAdvisor API (-) and Support API (+) differ:\n%s", d)
	}
}

func TestFallbackToTheSupportAPI(t *testing.T) {
	ta, sup := seed(t)
	ta.Fail("ListRecommendations", advisortest.AccessDenied())
	recs, src, err := advisor.New(ta, sup).Recommendations(context.Background(), advisor.SecurityChecksForAIData())
	if err != nil {
		t.Fatal(err)
	}
	if src.API != advisor.SourceSupportAPI || !errors.Is(src.Cause, aigov.ErrAccessDenied) ||
		!strings.HasPrefix(src.Fallback, "the TrustedAdvisor API failed: advisor: ListRecommendations: access denied: AccessDeniedException") {
		t.Errorf("source = %+v", src)
	}
	if r := find(t, recs, advisor.CheckS3BucketPermissions); r.Status != advisor.StatusWarning || len(r.Resources) != 2 {
		t.Errorf("bucket check = %+v", r)
	}
}

func TestNoFallbackWhenTheContextEnds(t *testing.T) {
	ta, sup := seed(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, src, err := advisor.New(ta, sup).Recommendations(ctx, advisor.SecurityChecksForAIData())
	if !errors.Is(err, context.Canceled) || aigov.Kind(err) != nil || src.API != advisor.SourceTrustedAdvisorAPI {
		t.Errorf("err = %v, source = %+v", err, src)
	}
	if sup.CallCount("*") != 0 {
		t.Error("fell back after the context ended")
	}
}

func TestNoSupportPlan(t *testing.T) {
	ta, sup := seed(t, advisortest.WithoutSubscription())
	c := advisor.New(ta, sup)
	_, src, err := c.Recommendations(context.Background(), advisor.SecurityChecksForAIData())
	if !errors.Is(err, aigov.ErrNotEnabled) || !errors.Is(err, advisor.ErrNoSupportPlan) {
		t.Fatalf("err = %v, want not enabled and no support plan", err)
	}
	if src.API != advisor.SourceSupportAPI || !errors.Is(src.Cause, advisor.ErrNoSupportPlan) {
		t.Errorf("source = %+v", src)
	}
	// Both answers are in the error, with their codes and statuses.
	for _, want := range []string{"AccessDeniedException: Access denied due to support level (HTTP 403", "SubscriptionRequiredException", "(HTTP 400"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}

	a, err := c.Status(context.Background())
	if err != nil {
		t.Fatalf("Status: no plan is an answer, got error %v", err)
	}
	if a.Available || !a.NoSupportPlan || a.Reason != advisor.PlanRequirement || a.CheckedAt.IsZero() {
		t.Errorf("availability = %+v", a)
	}
	if !strings.Contains(a.Reason, "2027-01-01") || !strings.Contains(a.Reason, "Business Support+") {
		t.Errorf("the reason does not name the plan changes: %s", a.Reason)
	}
	if !errors.Is(a.Err(), aigov.ErrNotEnabled) || !errors.Is(a.Err(), advisor.ErrNoSupportPlan) {
		t.Errorf("Availability.Err() = %v", a.Err())
	}
	if !a.TrustedAdvisorAPI.Configured || a.TrustedAdvisorAPI.Usable || !a.SupportAPI.Configured || a.SupportAPI.Usable {
		t.Errorf("per-API availability = %+v / %+v", a.TrustedAdvisorAPI, a.SupportAPI)
	}
}

func TestStatus(t *testing.T) {
	ta, sup := seed(t)
	a, err := advisor.New(ta, sup).Status(context.Background())
	if err != nil || !a.Available || a.Source != advisor.SourceTrustedAdvisorAPI || a.Err() != nil || a.Reason != "" {
		t.Errorf("both usable: %+v, %v", a, err)
	}
	ta.Fail("*", advisortest.AccessDenied())
	a, err = advisor.New(ta, sup).Status(context.Background())
	if err != nil || !a.Available || a.Source != advisor.SourceSupportAPI || !strings.Contains(a.Reason, "the TrustedAdvisor API failed") {
		t.Errorf("only Support usable: %+v, %v", a, err)
	}
	a, err = advisor.New(nil, sup).Status(context.Background())
	if err != nil || a.TrustedAdvisorAPI.Configured || a.Reason != "only the Support API answers" {
		t.Errorf("no TrustedAdvisor client: %+v, %v", a, err)
	}
	sup.Fail("*", advisortest.SupportAccessDenied())
	a, err = advisor.New(ta, sup).Status(context.Background())
	if !errors.Is(err, aigov.ErrAccessDenied) || a.Available || a.NoSupportPlan {
		t.Errorf("neither answers, for IAM: %+v, %v", a, err)
	}
}

func TestPlanGatedCheck(t *testing.T) {
	_, sup := seed(t, advisortest.WithPlanGatedChecks(advisor.CheckCloudTrailLogging))
	recs, _, err := advisor.New(nil, sup).Recommendations(context.Background(), advisor.SecurityChecksForAIData())
	if err != nil {
		t.Fatal(err)
	}
	got := find(t, recs, advisor.CheckCloudTrailLogging)
	if got.Status != advisor.StatusNotAvailable || got.Name != "AWS CloudTrail Logging" ||
		!strings.Contains(got.StatusReason, "support plan does not include this check") || !strings.Contains(got.StatusReason, "Premium Support Plan") {
		t.Errorf("gated check = %+v", got)
	}
	if find(t, recs, advisor.CheckS3BucketPermissions).Status != advisor.StatusWarning {
		t.Error("the other checks were lost")
	}
	// One batch refused, then one call per check to find the gated one.
	if n := sup.CallCount("DescribeTrustedAdvisorCheckSummaries"); n != 1+len(recs) {
		t.Errorf("DescribeTrustedAdvisorCheckSummaries called %d times", n)
	}
}

func TestEverySelectedCheckIsReported(t *testing.T) {
	ta, sup := seed(t)
	// A check the account's catalog lists but has no result for yet.
	ta.AddRecommendation(advisor.Recommendation{CheckID: advisor.CheckLambdaDeprecatedRuntimes, Status: advisor.StatusNotAvailable})
	sel := advisor.CheckIDs(advisor.CheckRootMFA, advisor.CheckLambdaDeprecatedRuntimes, "n0SuchCheck")
	for name, c := range map[string]*advisor.Client{"trustedadvisor": advisor.New(ta, nil), "support": advisor.New(nil, sup)} {
		recs, _, err := c.Recommendations(context.Background(), sel)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range recs {
			got = append(got, r.CheckID+" "+string(r.Status))
		}
		want := []string{"7DAFEmoDos ok", "L4dfs2Q4C5 not_available", "n0SuchCheck not_available"}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", name, d)
		}
		if r := find(t, recs, "n0SuchCheck"); !strings.Contains(r.StatusReason, "not offered to this account") {
			t.Errorf("%s: unknown check reason %q", name, r.StatusReason)
		}
		if r := find(t, recs, advisor.CheckLambdaDeprecatedRuntimes); r.Name == "" || r.Category != advisor.Security {
			t.Errorf("%s: a check without result lost its name: %+v", name, r)
		}
	}
}

func TestSelections(t *testing.T) {
	ta, sup := seed(t)
	cost := advisor.Recommendation{CheckID: "Qch7DwouX1", Name: "Low Utilization Amazon EC2 Instances", Category: advisor.CostOptimizing, Status: advisor.StatusWarning, ResourcesFlagged: 3, ResourcesProcessed: 9}
	ta.AddRecommendation(cost)
	sup.AddCheck(cost)
	for name, c := range map[string]*advisor.Client{"trustedadvisor": advisor.New(ta, nil), "support": advisor.New(nil, sup)} {
		recs, _, err := c.Recommendations(context.Background(), advisor.Category(advisor.CostOptimizing))
		if err != nil || len(recs) != 1 || recs[0].CheckID != "Qch7DwouX1" || recs[0].Category != advisor.CostOptimizing {
			t.Errorf("%s: Category: %+v, %v", name, recs, err)
		}
		all, _, err := c.Recommendations(context.Background(), advisor.AllChecks())
		if err != nil || len(all) != len(advisor.SecurityChecksForAIData().IDs())+1 {
			t.Errorf("%s: AllChecks: %d results, %v", name, len(all), err)
		}
		// Security first.
		if all[0].Category != advisor.Security || all[len(all)-1].Category != advisor.CostOptimizing {
			t.Errorf("%s: not sorted security first", name)
		}
	}
	before := ta.CallCount("*") + sup.CallCount("*")
	for _, sel := range []advisor.Selection{advisor.CheckIDs(), advisor.Category(), advisor.Category("money"), advisor.CheckIDs(" ")} {
		_, _, err := advisor.New(ta, sup).Recommendations(context.Background(), sel)
		if err == nil {
			t.Errorf("selection %v was accepted", sel)
		}
	}
	if ta.CallCount("*")+sup.CallCount("*") != before {
		t.Errorf("an invalid selection called AWS")
	}
}

func TestErrorClasses(t *testing.T) {
	tests := []struct {
		name   string
		ta     error
		sup    error
		want   error
		status int // of the TrustedAdvisor API; the Support API's is always 400
	}{
		{"access denied", advisortest.AccessDenied(), advisortest.SupportAccessDenied(), aigov.ErrAccessDenied, 403},
		{"throttled", advisortest.Throttling(), advisortest.SupportThrottling(), aigov.ErrThrottled, 429},
		{"not enabled", advisortest.SupportLevel(), advisortest.SubscriptionRequired(), aigov.ErrNotEnabled, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ta, sup := seed(t)
			ta.Fail("*", tt.ta)
			sup.Fail("*", tt.sup)
			_, _, err := advisor.New(ta, sup, advisor.WithAccount("123456789012"), advisor.WithRegion("eu-west-1")).Recommendations(context.Background(), advisor.AllChecks())
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var opErr *smithy.OperationError
			if !errors.As(err, &opErr) || opErr.Service() != trustedadvisor.ServiceID {
				t.Errorf("no TrustedAdvisor OperationError in %v", err)
			}
			var e *aigov.Error
			if !errors.As(err, &e) || e.Region != "eu-west-1" || e.Account != "123456789012" || e.RequestID == "" || e.Operation != "ListChecks" || e.StatusCode != tt.status {
				t.Errorf("aigov.Error = %+v", e)
			}
			if !strings.Contains(err.Error(), "DescribeTrustedAdvisorChecks") || !strings.Contains(err.Error(), "(HTTP 400") {
				t.Errorf("the Support API's error is not joined: %v", err)
			}
		})
	}
}

func TestNotFound(t *testing.T) {
	ta, _ := seed(t)
	ta.Fail("ListRecommendationResources", &smithy.GenericAPIError{Code: "ResourceNotFoundException", Message: "Recommendation not found"})
	_, _, err := advisor.New(ta, nil).Recommendations(context.Background(), advisor.SecurityChecksForAIData())
	var e *aigov.Error
	if !errors.Is(err, aigov.ErrNotFound) || !errors.As(err, &e) || e.StatusCode != 404 {
		t.Errorf("err = %v", err)
	}
}

func TestThrottlingIsTransient(t *testing.T) {
	ta, _ := seed(t)
	ta.FailN("ListChecks", 1, advisortest.Throttling())
	c := advisor.New(ta, nil)
	if _, _, err := c.Recommendations(context.Background(), advisor.SecurityChecksForAIData()); !errors.Is(err, aigov.ErrThrottled) {
		t.Fatalf("first call: %v", err)
	}
	if recs, _, err := c.Recommendations(context.Background(), advisor.SecurityChecksForAIData()); err != nil || len(recs) == 0 {
		t.Fatalf("second call: %d, %v", len(recs), err)
	}
}

func TestPaginationGuards(t *testing.T) {
	ta, _ := seed(t, advisortest.WithPageSize(1))
	_, _, err := advisor.New(ta, nil, advisor.WithMaxPages(2)).Recommendations(context.Background(), advisor.SecurityChecksForAIData())
	if !errors.Is(err, aigov.ErrPagination) {
		t.Errorf("page cap: err = %v", err)
	}
	ta.PrependReactor("ListRecommendations", func(advisortest.Call) (bool, any, error) {
		return true, &trustedadvisor.ListRecommendationsOutput{NextToken: aws.String("same")}, nil
	})
	_, _, err = advisor.New(ta, nil).Recommendations(context.Background(), advisor.SecurityChecksForAIData())
	if !errors.Is(err, aigov.ErrPagination) || !strings.Contains(err.Error(), "advisor: ListRecommendations") {
		t.Errorf("repeated token: err = %v", err)
	}
}

func TestSDKPaginatorWorksOnTheFake(t *testing.T) {
	ta, _ := seed(t, advisortest.WithPageSize(4))
	p := trustedadvisor.NewListRecommendationsPaginator(ta, &trustedadvisor.ListRecommendationsInput{})
	n := 0
	for p.HasMorePages() {
		out, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n += len(out.RecommendationSummaries)
	}
	if n != len(advisor.SecurityChecksForAIData().IDs()) {
		t.Errorf("paginator saw %d recommendations", n)
	}
}

func TestInvalidOptions(t *testing.T) {
	tests := []struct {
		opt  advisor.Option
		want string
	}{
		{advisor.WithMaxPages(0), "advisor: invalid option WithMaxPages: the page limit must be at least 1, got 0"},
		{advisor.WithPageSize(201), "advisor: invalid option WithPageSize: the page size must be between 1 and 200, got 201"},
		{advisor.WithRegion("eu-central-1"), `advisor: invalid option WithRegion: the TrustedAdvisor API has no endpoint in "eu-central-1"; use one of us-east-1, us-east-2, us-west-2, eu-west-1, ap-northeast-2, ap-southeast-2`},
		{advisor.WithLanguage("klingon"), `advisor: invalid option WithLanguage: Trusted Advisor has no language "klingon"; use one of en, ja, zh, fr, de, ko, zh_TW, it, es, pt_BR, id`},
		{advisor.WithClock(nil), "advisor: invalid option WithClock: the clock must not be nil"},
	}
	for _, tt := range tests {
		ta, sup := seed(t)
		c := advisor.New(ta, sup, tt.opt)
		calls := map[string]error{}
		_, _, calls["Recommendations"] = c.Recommendations(context.Background(), advisor.SecurityChecksForAIData())
		_, calls["Status"] = c.Status(context.Background())
		_, calls["RefreshCheck"] = c.RefreshCheck(context.Background(), advisor.CheckIAMUse)
		calls["UpdateLifecycle"] = c.UpdateLifecycle(context.Background(), "arn:aws:trustedadvisor::123456789012:recommendation/x", advisor.LifecycleResolved, "")
		_, calls["OrganizationRecommendations"] = pager.Collect(c.OrganizationRecommendations(context.Background(), advisor.SecurityChecksForAIData()))
		for method, err := range calls {
			if err == nil || err.Error() != tt.want {
				t.Errorf("%s: err = %v, want %q", method, err, tt.want)
			}
		}
		if ta.CallCount("*")+sup.CallCount("*") != 0 {
			t.Errorf("a client with an invalid option called AWS")
		}
	}
	var nilTA *trustedadvisor.Client
	var nilSupport *support.Client
	for _, c := range []*advisor.Client{advisor.New(nil, nil), advisor.New(nilTA, nilSupport)} {
		if _, _, err := c.Recommendations(context.Background(), advisor.AllChecks()); err == nil || !strings.Contains(err.Error(), "both the TrustedAdvisor API and the Support API are nil") {
			t.Errorf("no API: err = %v", err)
		}
	}
}

func TestNewFromConfigRegions(t *testing.T) {
	for region, want := range map[string]string{
		"eu-west-1":     "eu-west-1",
		"eu-central-1":  "us-east-1", // no TrustedAdvisor endpoint there; the data is global
		"us-east-1":     "us-east-1",
		"cn-north-1":    "", // another partition: the SDK client's own region
		"us-gov-west-1": "",
	} {
		c := advisor.NewFromConfig(aws.Config{Region: region})
		if got := c.Region(); got != want {
			t.Errorf("%s: TrustedAdvisor region %q, want %q", region, got, want)
		}
	}
}

func TestDecodeErrorsKeepTheRest(t *testing.T) {
	_, sup := seed(t)
	sup.PrependReactor("DescribeTrustedAdvisorCheckSummaries", func(advisortest.Call) (bool, any, error) {
		return true, &support.DescribeTrustedAdvisorCheckSummariesOutput{Summaries: []supporttypes.TrustedAdvisorCheckSummary{{
			CheckId: aws.String(advisor.CheckRootMFA), Status: aws.String("purple"), Timestamp: aws.String("yesterday"),
		}}}, nil
	})
	recs, _, err := advisor.New(nil, sup).Recommendations(context.Background(), advisor.CheckIDs(advisor.CheckRootMFA))
	if err != nil {
		t.Fatal(err)
	}
	got := recs[0]
	if got.Status != "purple" || !got.LastUpdated.IsZero() ||
		got.DecodeError != `status "purple" is not ok, warning, error or not_available; timestamp "yesterday" is not RFC 3339` {
		t.Errorf("got %+v", got)
	}
	if got.Failing() {
		t.Error("an unknown status reads as a problem found")
	}
}

func TestCheckIDFromARN(t *testing.T) {
	for arn, want := range map[string]string{
		"arn:aws:trustedadvisor:::check/Pfx0RwqBli":              "Pfx0RwqBli",
		"arn:aws-cn:trustedadvisor:::check/Pfx0RwqBli":           "Pfx0RwqBli",
		"arn:aws:trustedadvisor:::check/":                        "",
		"arn:aws:trustedadvisor:::check/a/b":                     "",
		"arn:aws:trustedadvisor::123456789012:check/x":           "",
		"arn:aws:trustedadvisor:::organization-recommendation/x": "",
		"Pfx0RwqBli": "",
		"":           "",
	} {
		got, ok := advisor.CheckIDFromARN(arn)
		if got != want || ok != (want != "") {
			t.Errorf("CheckIDFromARN(%q) = %q, %v", arn, got, ok)
		}
	}
	for _, ck := range advisor.KnownChecks() {
		if id, _ := advisor.CheckIDFromARN(advisor.CheckARN(ck.ID)); id != ck.ID {
			t.Errorf("%s does not round-trip", ck.ID)
		}
	}
}

// Column headers can be null or repeat, and rows can be longer than the
// headers: nothing is lost, the odd values are keyed by position.
func TestOddMetadataColumns(t *testing.T) {
	_, sup := seed(t)
	sup.AddCheck(advisor.Recommendation{CheckID: "odd0000001", Name: "Odd check", Category: advisor.Security,
		Resources: []advisor.FlaggedResource{{Status: advisor.StatusWarning, Region: "eu-west-1"}}})
	sup.PrependReactor("DescribeTrustedAdvisorChecks", func(advisortest.Call) (bool, any, error) {
		return true, &support.DescribeTrustedAdvisorChecksOutput{Checks: []supporttypes.TrustedAdvisorCheckDescription{{
			Id: aws.String("odd0000001"), Name: aws.String("Odd check"), Category: aws.String("security"),
			Metadata: []*string{aws.String("Region"), nil, aws.String("Region"), aws.String("Status")},
		}}}, nil
	})
	sup.PrependReactor("DescribeTrustedAdvisorCheckResult", func(advisortest.Call) (bool, any, error) {
		return true, &support.DescribeTrustedAdvisorCheckResultOutput{Result: &supporttypes.TrustedAdvisorCheckResult{
			CheckId: aws.String("odd0000001"), Status: aws.String("warning"), Timestamp: aws.String("2026-11-01T12:00:00Z"),
			FlaggedResources: []supporttypes.TrustedAdvisorResourceDetail{{
				ResourceId: aws.String("r1"), Status: aws.String("warning"),
				Metadata: []*string{aws.String("eu-west-1"), aws.String("a"), aws.String("b"), nil, aws.String("extra")},
			}, {
				ResourceId: aws.String("r0"), Status: aws.String("ok"), Metadata: []*string{aws.String("eu-west-1")},
			}},
		}}, nil
	})
	recs, _, err := advisor.New(nil, sup).Recommendations(context.Background(), advisor.CheckIDs("odd0000001"))
	if err != nil {
		t.Fatal(err)
	}
	got := recs[0]
	if d := cmp.Diff([]string{"Region", "1", "2", "Status"}, got.Columns); d != "" {
		t.Errorf("columns (-want +got):\n%s", d)
	}
	if len(got.Resources) != 1 {
		t.Fatalf("resources = %+v, want the ok one left out", got.Resources)
	}
	want := map[string]string{"Region": "eu-west-1", "1": "a", "2": "b", "4": "extra"}
	if d := cmp.Diff(want, got.Resources[0].Metadata); d != "" {
		t.Errorf("metadata (-want +got):\n%s", d)
	}
}

func TestDebugLog(t *testing.T) {
	ta, _ := seed(t)
	var buf strings.Builder
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if _, _, err := advisor.New(ta, nil, advisor.WithLogger(logger), advisor.WithRegion("eu-west-1"), advisor.WithAccount("123456789012")).Recommendations(context.Background(), advisor.SecurityChecksForAIData()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "msg=\"aws call\" service=advisor op=ListChecks region=eu-west-1 account=123456789012") {
		t.Errorf("log = %s", buf.String())
	}
}

func TestSelectionString(t *testing.T) {
	for sel, want := range map[*advisor.Selection]string{
		ptr(advisor.SecurityChecksForAIData()):                          "security checks for AI data",
		ptr(advisor.AllChecks()):                                        "all checks",
		ptr(advisor.Category(advisor.Security, advisor.CostOptimizing)): "categories [security cost_optimizing]",
		ptr(advisor.CheckIDs(advisor.CheckRootMFA)):                     "checks [7DAFEmoDos]",
	} {
		if got := sel.String(); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
	}
	if ids := advisor.AllChecks().IDs(); ids != nil {
		t.Errorf("AllChecks().IDs() = %v", ids)
	}
}

func ptr[T any](v T) *T { return &v }
