package inspectortest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov/inspector"
	"github.com/aigov/aigov/inspector/inspectortest"
	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
	"github.com/aws/smithy-go"
)

var ctx = context.Background()

const ecr = "123456789012.dkr.ecr.us-east-1.amazonaws.com"

func code(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func status(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

func fake(t *testing.T) *inspectortest.Fake {
	f := inspectortest.New()
	t0 := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	f.SetClock(func() time.Time { return t0 })
	f.AddFinding(inspectortest.ImageFinding(ecr+"/ml/serving:prod", "CVE-1", inspector.SeverityCritical, "torch", "1", "2"))
	x := inspectortest.ImageFinding(ecr+"/ml/serving:prod", "CVE-2", inspector.SeverityLow, "numpy", "1", "")
	x.Resources[0].ImageTags = []string{"prod", "stable"}
	x.Resources[0].ImageDigest = inspectortest.Digest("two")
	x.InspectorScore = 2
	f.AddFinding(x)
	f.AddFinding(inspectortest.ImageFinding(ecr+"/ml/training:dev", "CVE-3", inspector.SeverityHigh, "pillow", "1", "2"))
	return f
}

func str(op types.StringComparison, v string) types.StringFilter {
	return types.StringFilter{Comparison: op, Value: aws.String(v)}
}

func count(t *testing.T, f *inspectortest.Fake, fc *types.FilterCriteria) int {
	t.Helper()
	out, err := f.ListFindings(ctx, &inspector2.ListFindingsInput{FilterCriteria: fc})
	if err != nil {
		t.Fatal(err)
	}
	return len(out.Findings)
}

func TestFilterSemantics(t *testing.T) {
	f := fake(t)
	eq, pre, ne := types.StringComparisonEquals, types.StringComparisonPrefix, types.StringComparisonNotEquals
	day := 24 * time.Hour
	now := f.Now()
	tests := []struct {
		name string
		fc   types.FilterCriteria
		want int
	}{
		{"equals alternatives", types.FilterCriteria{VulnerabilityId: []types.StringFilter{str(eq, "CVE-1"), str(eq, "CVE-3")}}, 2},
		{"prefix", types.FilterCriteria{EcrImageRepositoryName: []types.StringFilter{str(pre, "ml/")}}, 3},
		{"exclusions all hold", types.FilterCriteria{VulnerabilityId: []types.StringFilter{str(ne, "CVE-1"), str(ne, "CVE-3")}}, 1},
		{"prefix minus exclusion", types.FilterCriteria{EcrImageRepositoryName: []types.StringFilter{str(pre, "ml/"), str(ne, "ml/training")}}, 2},
		{"any tag matches", types.FilterCriteria{EcrImageTags: []types.StringFilter{str(eq, "stable")}}, 1},
		{"no tag may equal an exclusion", types.FilterCriteria{EcrImageTags: []types.StringFilter{str(ne, "stable")}}, 2},
		{"package name", types.FilterCriteria{VulnerablePackages: []types.PackageFilter{{Name: &types.StringFilter{Comparison: eq, Value: aws.String("numpy")}}}}, 1},
		{"number range", types.FilterCriteria{InspectorScore: []types.NumberFilter{{LowerInclusive: aws.Float64(1), UpperInclusive: aws.Float64(5)}}}, 1},
		{"number ranges are alternatives", types.FilterCriteria{InspectorScore: []types.NumberFilter{{UpperInclusive: aws.Float64(2)}, {LowerInclusive: aws.Float64(9)}}}, 2},
		{"date range inclusive", types.FilterCriteria{FirstObservedAt: []types.DateFilter{{StartInclusive: aws.Time(now), EndInclusive: aws.Time(now)}}}, 3},
		{"date range outside", types.FilterCriteria{LastObservedAt: []types.DateFilter{{EndInclusive: aws.Time(now.Add(-day))}}}, 0},
		{"fields combine", types.FilterCriteria{EcrImageTags: []types.StringFilter{str(eq, "prod")}, Severity: []types.StringFilter{str(eq, "LOW")}}, 1},
	}
	for _, tt := range tests {
		if got := count(t, f, &tt.fc); got != tt.want {
			t.Errorf("%s: %d findings, want %d", tt.name, got, tt.want)
		}
	}
}

func TestValidation(t *testing.T) {
	f := fake(t)
	eleven := make([]types.StringFilter, 11)
	for i := range eleven {
		eleven[i] = str(types.StringComparisonEquals, fmt.Sprint(i))
	}
	for name, in := range map[string]*inspector2.ListFindingsInput{
		"too many filters":   {FilterCriteria: &types.FilterCriteria{Title: eleven}},
		"no comparison":      {FilterCriteria: &types.FilterCriteria{Title: []types.StringFilter{{Value: aws.String("x")}}}},
		"empty value":        {FilterCriteria: &types.FilterCriteria{Title: []types.StringFilter{str(types.StringComparisonEquals, "")}}},
		"page too large":     {MaxResults: aws.Int32(101)},
		"page too small":     {MaxResults: aws.Int32(0)},
		"foreign token":      {NextToken: aws.String("Zm9vQDE")},
		"garbage token":      {NextToken: aws.String("!!")},
		"empty filter list":  {FilterCriteria: &types.FilterCriteria{Severity: []types.StringFilter{}}},
		"unknown sort order": {SortCriteria: &types.SortCriteria{Field: types.SortFieldSeverity, SortOrder: "UP"}},
	} {
		_, err := f.ListFindings(ctx, in)
		var ve *types.ValidationException
		if !errors.As(err, &ve) || status(err) != 400 {
			t.Errorf("%s: err = %v, want a typed ValidationException with HTTP 400", name, err)
		}
	}
	if _, err := f.ListCoverage(ctx, &inspector2.ListCoverageInput{MaxResults: aws.Int32(200)}); err != nil {
		t.Errorf("coverage takes 200 a page: %v", err)
	}
	if _, err := f.ListCoverage(ctx, &inspector2.ListCoverageInput{MaxResults: aws.Int32(201)}); code(err) != "ValidationException" {
		t.Errorf("coverage page of 201: %v", err)
	}
	// A token of one operation is no good for another.
	out, err := f.ListFindings(ctx, &inspector2.ListFindingsInput{MaxResults: aws.Int32(1)})
	if err != nil || out.NextToken == nil {
		t.Fatalf("first page: %v", err)
	}
	if _, err := f.ListCoverage(ctx, &inspector2.ListCoverageInput{NextToken: out.NextToken}); code(err) != "ValidationException" {
		t.Errorf("token of ListFindings on ListCoverage: %v", err)
	}
}

func TestUnmodelledRequestsFailLoudly(t *testing.T) {
	f := fake(t)
	vpc := []types.StringFilter{str(types.StringComparisonEquals, "vpc-1")}
	checks := map[string]error{}
	_, checks["filter field"] = f.ListFindings(ctx, &inspector2.ListFindingsInput{FilterCriteria: &types.FilterCriteria{Ec2InstanceVpcId: vpc}})
	_, checks["package version"] = f.ListFindings(ctx, &inspector2.ListFindingsInput{FilterCriteria: &types.FilterCriteria{VulnerablePackages: []types.PackageFilter{{Version: &vpc[0]}}}})
	_, checks["sort field"] = f.ListFindings(ctx, &inspector2.ListFindingsInput{SortCriteria: &types.SortCriteria{Field: types.SortFieldNetworkProtocol, SortOrder: types.SortOrderAsc}})
	_, checks["coverage field"] = f.ListCoverage(ctx, &inspector2.ListCoverageInput{FilterCriteria: &types.CoverageFilterCriteria{ScanMode: []types.CoverageStringFilter{{Comparison: "EQUALS", Value: aws.String("x")}}}})
	_, checks["aggregation"] = f.ListFindingAggregations(ctx, &inspector2.ListFindingAggregationsInput{AggregationType: types.AggregationTypePackage})
	for name, err := range checks {
		if err == nil || !strings.Contains(err.Error(), "not modelled") && !strings.Contains(err.Error(), "name only") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestErrorsTypedPerOperation(t *testing.T) {
	f := fake(t)
	f.Fail("*", inspectortest.AccessDenied())
	_, err := f.ListFindings(ctx, &inspector2.ListFindingsInput{})
	var generic *smithy.GenericAPIError
	if !errors.As(err, &generic) || status(err) != 403 {
		t.Errorf("ListFindings: %T %v, want a generic AccessDeniedException with HTTP 403", err, err)
	}
	_, err = f.BatchGetAccountStatus(ctx, &inspector2.BatchGetAccountStatusInput{})
	var ade *types.AccessDeniedException
	if !errors.As(err, &ade) || status(err) != 403 {
		t.Errorf("BatchGetAccountStatus: %v, want a typed AccessDeniedException", err)
	}
	// A typed error the operation does not model arrives generic.
	f = fake(t)
	f.Fail("ListCoverage", &types.ResourceNotFoundException{Message: aws.String("gone")})
	_, err = f.ListCoverage(ctx, &inspector2.ListCoverageInput{})
	if !errors.As(err, &generic) || code(err) != "ResourceNotFoundException" || status(err) != 404 {
		t.Errorf("ListCoverage: %v", err)
	}
	f.Fail("ListFindingAggregations", inspectortest.InternalError())
	_, err = f.ListFindingAggregations(ctx, &inspector2.ListFindingAggregationsInput{AggregationType: types.AggregationTypeAccount})
	var ise *types.InternalServerException
	if !errors.As(err, &ise) || status(err) != 500 {
		t.Errorf("ListFindingAggregations: %v", err)
	}
}

func TestAccountStatusDefaults(t *testing.T) {
	f := inspectortest.New()
	out, err := f.BatchGetAccountStatus(ctx, &inspector2.BatchGetAccountStatusInput{AccountIds: []string{inspectortest.DefaultAccount, "210987654321"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Accounts) != 1 || out.Accounts[0].State.Status != types.StatusDisabled || len(out.FailedAccounts) != 1 || out.FailedAccounts[0].ErrorCode != types.ErrorCodeAccessDenied {
		t.Errorf("out = %+v", out)
	}
	f.SetAccountStatus(inspectortest.Enabled("210987654321"))
	out, _ = f.BatchGetAccountStatus(ctx, &inspector2.BatchGetAccountStatusInput{AccountIds: []string{"210987654321"}})
	if len(out.Accounts) != 1 || out.Accounts[0].ResourceState.LambdaCode.Status != types.StatusEnabled {
		t.Errorf("seeded account: %+v", out)
	}
	// Statuses are per region.
	out, _ = f.BatchGetAccountStatus(ctx, &inspector2.BatchGetAccountStatusInput{AccountIds: []string{"210987654321"}}, func(o *inspector2.Options) { o.Region = "eu-west-1" })
	if len(out.FailedAccounts) != 1 {
		t.Errorf("eu-west-1: %+v", out)
	}
	if _, err := f.BatchGetAccountStatus(ctx, &inspector2.BatchGetAccountStatusInput{AccountIds: make([]string, 101)}); code(err) != "ValidationException" {
		t.Errorf("101 accounts: %v", err)
	}
	if _, err := f.BatchGetAccountStatus(ctx, &inspector2.BatchGetAccountStatusInput{AccountIds: []string{"123"}}); code(err) != "ValidationException" {
		t.Errorf("short account id: %v", err)
	}
}

func TestSBOMExportLifecycle(t *testing.T) {
	f := inspectortest.New(inspectortest.WithSBOMPolls(1))
	dest := &types.Destination{BucketName: aws.String("b"), KmsKeyArn: aws.String("k")}
	if _, err := f.CreateSbomExport(ctx, &inspector2.CreateSbomExportInput{ReportFormat: "PDF", S3Destination: dest}); code(err) != "ValidationException" {
		t.Errorf("bad format: %v", err)
	}
	if _, err := f.CreateSbomExport(ctx, &inspector2.CreateSbomExportInput{ReportFormat: types.SbomReportFormatSpdx23, S3Destination: &types.Destination{BucketName: aws.String("b")}}); code(err) != "ValidationException" {
		t.Errorf("no KMS key: %v", err)
	}
	out, err := f.CreateSbomExport(ctx, &inspector2.CreateSbomExportInput{ReportFormat: types.SbomReportFormatSpdx23, S3Destination: dest})
	if err != nil {
		t.Fatal(err)
	}
	var states []types.ExternalReportStatus
	for range 3 {
		got, err := f.GetSbomExport(ctx, &inspector2.GetSbomExportInput{ReportId: out.ReportId})
		if err != nil {
			t.Fatal(err)
		}
		states = append(states, got.Status)
	}
	if fmt.Sprint(states) != "[IN_PROGRESS SUCCEEDED SUCCEEDED]" {
		t.Errorf("states = %v", states)
	}
	_, err = f.GetSbomExport(ctx, &inspector2.GetSbomExportInput{ReportId: out.ReportId}, func(o *inspector2.Options) { o.Region = "eu-west-1" })
	var rnf *types.ResourceNotFoundException
	if !errors.As(err, &rnf) || status(err) != 404 {
		t.Errorf("report read from another region: %v", err)
	}
}

func TestAggregationOrder(t *testing.T) {
	f := fake(t)
	f.AddFinding(inspectortest.ImageFinding("210987654321.dkr.ecr.us-east-1.amazonaws.com/a:1", "CVE-9", inspector.SeverityCritical, "x", "1", "2"))
	out, err := f.ListFindingAggregations(ctx, &inspector2.ListFindingAggregationsInput{
		AggregationType:    types.AggregationTypeRepository,
		AggregationRequest: &types.AggregationRequestMemberRepositoryAggregation{Value: types.RepositoryAggregation{SortBy: types.RepositorySortByCritical, SortOrder: types.SortOrderDesc}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range out.Responses {
		v := r.(*types.AggregationResponseMemberRepositoryAggregation).Value
		got = append(got, fmt.Sprintf("%s/%s:%d/%d", aws.ToString(v.AccountId), aws.ToString(v.Repository), aws.ToInt64(v.SeverityCounts.Critical), aws.ToInt64(v.AffectedImages)))
	}
	if want := "[123456789012/ml/serving:1/2 210987654321/a:1/1 123456789012/ml/training:0/1]"; fmt.Sprint(got) != want {
		t.Errorf("got %v, want %s", got, want)
	}
	if _, err := f.ListFindingAggregations(ctx, &inspector2.ListFindingAggregationsInput{
		AggregationType: types.AggregationTypeAccount, AggregationRequest: &types.AggregationRequestMemberRepositoryAggregation{},
	}); code(err) != "ValidationException" {
		t.Errorf("mismatched request: %v", err)
	}
}

func TestSeedingPanics(t *testing.T) {
	img := func() inspector.Finding {
		return inspectortest.ImageFinding(ecr+"/m:1", "CVE-1", inspector.SeverityHigh, "torch", "1", "2")
	}
	cases := map[string]func(f *inspectortest.Fake){
		"no severity": func(f *inspectortest.Fake) { x := img(); x.Severity = ""; f.AddFinding(x) },
		"no resource": func(f *inspectortest.Fake) { x := img(); x.Resources = nil; f.AddFinding(x) },
		"bad digest":  func(f *inspectortest.Fake) { x := img(); x.Resources[0].ImageDigest = "latest"; f.AddFinding(x) },
		"bad status":  func(f *inspectortest.Fake) { x := img(); x.Status = "OPEN"; f.AddFinding(x) },
		"bad type": func(f *inspectortest.Fake) {
			f.AddFinding(inspector.Finding{Severity: inspector.SeverityLow, Resources: []inspector.AffectedResource{{Type: "S3_BUCKET", ID: "b"}}})
		},
		"duplicate ARN": func(f *inspectortest.Fake) {
			x := img()
			x.ARN = "arn:aws:inspector2:us-east-1:123456789012:finding/x"
			f.AddFinding(x)
			f.AddFinding(x)
		},
		"lambda without name": func(f *inspectortest.Fake) {
			f.AddFinding(inspectortest.LambdaFinding("", "CVE-1", inspector.SeverityLow, "x", "1", ""))
		},
		"coverage without type": func(f *inspectortest.Fake) {
			f.AddCoverage(inspector.CoveredResource{ResourceID: "i-1"})
		},
		"coverage of image without digest": func(f *inspectortest.Fake) {
			f.AddCoverage(inspector.CoveredResource{Type: inspector.ResourceECRImage, Repository: "m"})
		},
		"coverage with bad status": func(f *inspectortest.Fake) {
			f.AddCoverage(inspector.CoveredResource{Type: inspector.ResourceEC2Instance, ResourceID: "i-1", Status: "ON"})
		},
		"image finding of Docker Hub": func(*inspectortest.Fake) {
			inspectortest.ImageFinding("pytorch/pytorch:2", "CVE-1", inspector.SeverityLow, "x", "1", "")
		},
		"enabled unknown scan": func(*inspectortest.Fake) { inspectortest.Enabled("1", "GPU") },
		"fail account without code": func(f *inspectortest.Fake) {
			f.FailAccount("123456789012", "", "")
		},
	}
	for name, seed := range cases {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			seed(inspectortest.New())
		})
	}
}

func TestCoverageReplacesAndFindingsCover(t *testing.T) {
	f := fake(t)
	d := inspectortest.Digest(ecr + "/ml/serving:prod")
	f.AddCoverage(inspector.CoveredResource{Type: inspector.ResourceECRImage, Repository: "ml/serving", ImageDigest: d, Status: inspector.CoverageInactive, Reason: inspector.ReasonImageArchived})
	out, err := f.ListCoverage(ctx, &inspector2.ListCoverageInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.CoveredResources) != 3 {
		t.Fatalf("%d covered resources, want 3 (one per image of a finding)", len(out.CoveredResources))
	}
	for _, r := range out.CoveredResources {
		if strings.HasSuffix(aws.ToString(r.ResourceId), d) && r.ScanStatus.Reason != types.ScanStatusReasonImageArchived {
			t.Errorf("AddCoverage did not replace the coverage a finding made: %+v", r.ScanStatus)
		}
	}
}
