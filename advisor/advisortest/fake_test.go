package advisortest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aigov/aigov/advisor"
	"github.com/aigov/aigov/advisor/advisortest"
	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/support"
	"github.com/aws/aws-sdk-go-v2/service/trustedadvisor"
	"github.com/aws/aws-sdk-go-v2/service/trustedadvisor/types"
	"github.com/aws/smithy-go"
)

var ctx = context.Background()

// code returns the AWS error code of err and the HTTP status it came with.
func code(err error) (string, int) {
	var ae smithy.APIError
	var re *awshttp.ResponseError
	if !errors.As(err, &ae) || !errors.As(err, &re) {
		return "", 0
	}
	return ae.ErrorCode(), re.HTTPStatusCode()
}

func TestTrustedAdvisorPaging(t *testing.T) {
	f := advisortest.NewTrustedAdvisor()
	for _, r := range advisortest.PassingAIDataChecks() {
		f.AddRecommendation(r)
	}
	for _, n := range []int32{0, 201} {
		_, err := f.ListRecommendations(ctx, &trustedadvisor.ListRecommendationsInput{MaxResults: aws.Int32(n)})
		var ve *types.ValidationException
		if c, status := code(err); c != "ValidationException" || status != 400 || !errors.As(err, &ve) {
			t.Errorf("MaxResults %d: %v", n, err)
		}
	}
	out, err := f.ListRecommendations(ctx, &trustedadvisor.ListRecommendationsInput{MaxResults: aws.Int32(5)})
	if err != nil || len(out.RecommendationSummaries) != 5 || out.NextToken == nil {
		t.Fatalf("first page: %+v, %v", out, err)
	}
	// A token of one operation is no good for another.
	_, err = f.ListChecks(ctx, &trustedadvisor.ListChecksInput{NextToken: out.NextToken})
	if c, _ := code(err); c != "ValidationException" {
		t.Errorf("foreign token: %v", err)
	}
}

func TestTrustedAdvisorIdentifiers(t *testing.T) {
	f := advisortest.NewTrustedAdvisor()
	arn := f.AddRecommendation(advisortest.OpenBucketCheck("b"))
	for id, want := range map[string]string{
		"not-an-arn": "ValidationException",
		"arn:aws:trustedadvisor::123456789012:recommendation/00000000-0000-4000-8000-000000000999": "ResourceNotFoundException",
		arn: "",
	} {
		_, err := f.ListRecommendationResources(ctx, &trustedadvisor.ListRecommendationResourcesInput{RecommendationIdentifier: aws.String(id)})
		if c, _ := code(err); c != want {
			t.Errorf("%s: got %q (%v), want %q", id, c, err, want)
		}
	}
	_, err := f.ListRecommendations(ctx, &trustedadvisor.ListRecommendationsInput{CheckIdentifier: aws.String(advisor.CheckS3BucketPermissions)})
	if c, _ := code(err); c != "ValidationException" {
		t.Errorf("a check id where the ARN goes: %v", err)
	}
	out, err := f.ListRecommendations(ctx, &trustedadvisor.ListRecommendationsInput{CheckIdentifier: aws.String(advisor.CheckARN(advisor.CheckS3BucketPermissions))})
	if err != nil || len(out.RecommendationSummaries) != 1 {
		t.Errorf("by check ARN: %+v, %v", out, err)
	}
}

// The Support API sends metadata as a list in column order, with null for
// a column the resource lacks, cut after the last value.
func TestSupportRowsArePositional(t *testing.T) {
	f := advisortest.NewSupport()
	r := advisortest.OpenBucketCheck("training-data")
	delete(r.Resources[0].Metadata, "ACL Allows List")
	f.AddCheck(r)
	out, err := f.DescribeTrustedAdvisorCheckResult(ctx, &support.DescribeTrustedAdvisorCheckResultInput{CheckId: aws.String(advisor.CheckS3BucketPermissions), Language: aws.String("en")})
	if err != nil {
		t.Fatal(err)
	}
	row := out.Result.FlaggedResources[0].Metadata
	var got []string
	for _, v := range row {
		if v == nil {
			got = append(got, "<null>")
		} else {
			got = append(got, *v)
		}
	}
	want := []string{"us-east-1", "us-east-1", "training-data", "<null>", "No", "Yellow", "Yes"}
	if len(got) != len(want) {
		t.Fatalf("row = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row = %q, want %q", got, want)
			break
		}
	}
	if ts := aws.ToString(out.Result.Timestamp); ts == "" || ts[len(ts)-1] != 'Z' {
		t.Errorf("timestamp = %q", ts)
	}
}

func TestPlanGatedChecks(t *testing.T) {
	f := advisortest.NewSupport(advisortest.WithPlanGatedChecks(advisor.CheckCloudTrailLogging))
	f.AddCheck(advisortest.PassingCheck(advisor.CheckCloudTrailLogging))
	f.AddCheck(advisortest.PassingCheck(advisor.CheckIAMUse))
	checks, err := f.DescribeTrustedAdvisorChecks(ctx, &support.DescribeTrustedAdvisorChecksInput{Language: aws.String("en")})
	if err != nil || len(checks.Checks) != 2 {
		t.Errorf("a gated check is still listed: %+v, %v", checks, err)
	}
	_, err = f.DescribeTrustedAdvisorCheckSummaries(ctx, &support.DescribeTrustedAdvisorCheckSummariesInput{CheckIds: aws.StringSlice([]string{advisor.CheckIAMUse, advisor.CheckCloudTrailLogging})})
	if c, status := code(err); c != "InvalidParameterValueException" || status != 400 {
		t.Errorf("one gated check fails the batch: %v", err)
	}
}

func TestWithoutSubscription(t *testing.T) {
	sup := advisortest.NewSupport(advisortest.WithoutSubscription())
	ta := advisortest.NewTrustedAdvisor(advisortest.WithoutSubscription())
	id := aws.String(advisor.CheckIAMUse)
	calls := map[string]func() error{
		"DescribeTrustedAdvisorChecks": func() error {
			_, err := sup.DescribeTrustedAdvisorChecks(ctx, &support.DescribeTrustedAdvisorChecksInput{Language: aws.String("en")})
			return err
		},
		"DescribeTrustedAdvisorCheckSummaries": func() error {
			_, err := sup.DescribeTrustedAdvisorCheckSummaries(ctx, &support.DescribeTrustedAdvisorCheckSummariesInput{CheckIds: []*string{id}})
			return err
		},
		"DescribeTrustedAdvisorCheckResult": func() error {
			_, err := sup.DescribeTrustedAdvisorCheckResult(ctx, &support.DescribeTrustedAdvisorCheckResultInput{CheckId: id})
			return err
		},
		"DescribeTrustedAdvisorCheckRefreshStatuses": func() error {
			_, err := sup.DescribeTrustedAdvisorCheckRefreshStatuses(ctx, &support.DescribeTrustedAdvisorCheckRefreshStatusesInput{CheckIds: []*string{id}})
			return err
		},
		"RefreshTrustedAdvisorCheck": func() error {
			_, err := sup.RefreshTrustedAdvisorCheck(ctx, &support.RefreshTrustedAdvisorCheckInput{CheckId: id})
			return err
		},
	}
	for op, call := range calls {
		if c, status := code(call()); c != "SubscriptionRequiredException" || status != 400 {
			t.Errorf("Support %s: %s %d", op, c, status)
		}
	}
	rec := aws.String("arn:aws:trustedadvisor::123456789012:recommendation/x")
	org := aws.String("arn:aws:trustedadvisor:::organization-recommendation/x")
	taCalls := map[string]func() error{
		"ListChecks": func() error { _, err := ta.ListChecks(ctx, &trustedadvisor.ListChecksInput{}); return err },
		"ListRecommendations": func() error {
			_, err := ta.ListRecommendations(ctx, &trustedadvisor.ListRecommendationsInput{})
			return err
		},
		"ListRecommendationResources": func() error {
			_, err := ta.ListRecommendationResources(ctx, &trustedadvisor.ListRecommendationResourcesInput{RecommendationIdentifier: rec})
			return err
		},
		"UpdateRecommendationLifecycle": func() error {
			_, err := ta.UpdateRecommendationLifecycle(ctx, &trustedadvisor.UpdateRecommendationLifecycleInput{RecommendationIdentifier: rec})
			return err
		},
		"ListOrganizationRecommendations": func() error {
			_, err := ta.ListOrganizationRecommendations(ctx, &trustedadvisor.ListOrganizationRecommendationsInput{})
			return err
		},
		"ListOrganizationRecommendationAccounts": func() error {
			_, err := ta.ListOrganizationRecommendationAccounts(ctx, &trustedadvisor.ListOrganizationRecommendationAccountsInput{OrganizationRecommendationIdentifier: org})
			return err
		},
		"ListOrganizationRecommendationResources": func() error {
			_, err := ta.ListOrganizationRecommendationResources(ctx, &trustedadvisor.ListOrganizationRecommendationResourcesInput{OrganizationRecommendationIdentifier: org})
			return err
		},
		"UpdateOrganizationRecommendationLifecycle": func() error {
			_, err := ta.UpdateOrganizationRecommendationLifecycle(ctx, &trustedadvisor.UpdateOrganizationRecommendationLifecycleInput{OrganizationRecommendationIdentifier: org})
			return err
		},
	}
	for op, call := range taCalls {
		err := call()
		var ad *types.AccessDeniedException
		if c, status := code(err); c != "AccessDeniedException" || status != 403 || !errors.As(err, &ad) || aws.ToString(ad.Message) != "Access denied due to support level" {
			t.Errorf("TrustedAdvisor %s: %v", op, err)
		}
	}
}

func TestRefreshInterval(t *testing.T) {
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	f := advisortest.NewSupport(advisortest.WithRefreshInterval(time.Hour))
	f.SetClock(func() time.Time { return now })
	f.AddCheck(advisortest.PassingCheck(advisor.CheckIAMUse))
	refresh := func() (string, int64) {
		out, err := f.RefreshTrustedAdvisorCheck(ctx, &support.RefreshTrustedAdvisorCheckInput{CheckId: aws.String(advisor.CheckIAMUse)})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.Status.Status), out.Status.MillisUntilNextRefreshable
	}
	if st, ms := refresh(); st != "none" || ms != time.Hour.Milliseconds() {
		t.Errorf("just seeded: %s, %d", st, ms)
	}
	now = now.Add(time.Hour)
	if st, ms := refresh(); st != "enqueued" || ms != time.Hour.Milliseconds() {
		t.Errorf("after the interval: %s, %d", st, ms)
	}
	out, err := f.DescribeTrustedAdvisorCheckRefreshStatuses(ctx, &support.DescribeTrustedAdvisorCheckRefreshStatusesInput{CheckIds: aws.StringSlice([]string{advisor.CheckIAMUse})})
	if err != nil || aws.ToString(out.Statuses[0].Status) != "success" {
		t.Errorf("after the refresh: %+v, %v", out, err)
	}
	_, err = f.RefreshTrustedAdvisorCheck(ctx, &support.RefreshTrustedAdvisorCheckInput{CheckId: aws.String(advisor.CheckExposedAccessKeys)})
	if c, _ := code(err); c != "InvalidParameterValueException" {
		t.Errorf("auto-refreshed check: %v", err)
	}
}

func TestOrganizationView(t *testing.T) {
	f := advisortest.NewTrustedAdvisor()
	r := advisortest.OpenBucketCheck("a", "b")
	r.Resources[0].Account, r.Resources[1].Account = "111111111111", "222222222222"
	arn := f.AddOrganizationRecommendation(r)
	out, err := f.ListOrganizationRecommendationResources(ctx, &trustedadvisor.ListOrganizationRecommendationResourcesInput{
		OrganizationRecommendationIdentifier: aws.String(arn), AffectedAccountId: aws.String("222222222222"),
	})
	if err != nil || len(out.OrganizationRecommendationResourceSummaries) != 1 || aws.ToString(out.OrganizationRecommendationResourceSummaries[0].AwsResourceId) != "b" {
		t.Errorf("by account: %+v, %v", out, err)
	}
	f = advisortest.NewTrustedAdvisor(advisortest.WithoutPriority())
	f.AddRecommendation(advisortest.PassingCheck(advisor.CheckIAMUse))
	_, err = f.ListOrganizationRecommendations(ctx, &trustedadvisor.ListOrganizationRecommendationsInput{})
	if c, status := code(err); c != "AccessDeniedException" || status != 403 {
		t.Errorf("without Priority: %v", err)
	}
	if _, err := f.ListRecommendations(ctx, &trustedadvisor.ListRecommendationsInput{}); err != nil {
		t.Errorf("the account view needs no Priority: %v", err)
	}
}

func TestCallRegion(t *testing.T) {
	f := advisortest.NewTrustedAdvisor()
	_, _ = f.ListChecks(ctx, &trustedadvisor.ListChecksInput{}, func(o *trustedadvisor.Options) { o.Region = "eu-west-1" })
	_, _ = f.ListChecks(ctx, &trustedadvisor.ListChecksInput{})
	if calls := f.Calls(); calls[0].Region != "eu-west-1" || calls[1].Region != "us-east-1" {
		t.Errorf("calls = %+v", calls)
	}
}

func TestSeedingPanics(t *testing.T) {
	cases := map[string]func(){
		"support check without id": func() {
			advisortest.NewSupport().AddCheck(advisor.Recommendation{Name: "x", Category: advisor.Security})
		},
		"unknown check without name": func() {
			advisortest.NewTrustedAdvisor().AddRecommendation(advisor.Recommendation{CheckID: "abc", Category: advisor.Security})
		},
		"no category": func() { advisortest.NewSupport().AddCheck(advisor.Recommendation{CheckID: "abc", Name: "x"}) },
		"bad status": func() {
			advisortest.NewSupport().AddCheck(advisor.Recommendation{CheckID: advisor.CheckIAMUse, Status: "green"})
		},
		"bad resource status": func() {
			advisortest.NewSupport().AddCheck(advisor.Recommendation{CheckID: advisor.CheckIAMUse, Resources: []advisor.FlaggedResource{{Status: "red"}}})
		},
		"metadata outside the columns": func() {
			r := advisortest.OpenBucketCheck("b")
			r.Resources[0].Metadata["Owner"] = "me"
			advisortest.NewSupport().AddCheck(r)
		},
		"other account": func() {
			advisortest.NewTrustedAdvisor().AddRecommendation(advisor.Recommendation{CheckID: advisor.CheckIAMUse, Account: "999999999999"})
		},
		"standard organisation recommendation": func() {
			advisortest.NewTrustedAdvisor().AddOrganizationRecommendation(advisor.Recommendation{CheckID: advisor.CheckIAMUse, Type: "standard"})
		},
		"unknown passing check": func() { advisortest.PassingCheck("nope") },
	}
	for name, seed := range cases {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			seed()
		})
	}
}
