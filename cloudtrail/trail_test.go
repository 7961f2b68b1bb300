package cloudtrail_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/cloudtrail/cloudtrailtest"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/google/go-cmp/cmp"
)

const (
	acct    = "123456789012"
	orgAcct = "999988887777"
	orgARN  = "arn:aws:cloudtrail:us-east-1:999988887777:trail/org"
	kmsKey  = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// account returns a fake with the trails of a typical account: its own
// multi-region trail created in eu-west-1, a single-region trail in
// us-east-1 that is stopped, and the organisation's trail.
func account(t *testing.T) *cloudtrailtest.Fake {
	t.Helper()
	f := cloudtrailtest.New()
	f.AddTrail(cloudtrail.Trail{
		Name: "main", HomeRegion: "eu-west-1", MultiRegion: true, GlobalServiceEvents: true, Logging: true,
		LogFileValidation: true, KMSKeyID: kmsKey, S3Bucket: "audit-logs", CloudWatchLogsGroupARN: "arn:aws:logs:eu-west-1:123456789012:log-group:trail",
		LatestDeliveryTime: t0, StartLoggingTime: t0.Add(-24 * time.Hour),
		ManagementEvents:   cloudtrail.ManagementEvents{Read: true, Write: true},
		DataEventSelectors: []cloudtrail.DataEventSelector{cloudtrailtest.S3DataEvents("training-data/")},
		Insights:           []string{"ApiErrorRateInsight", "ApiCallRateInsight"},
	})
	f.AddTrail(cloudtrail.Trail{Name: "stopped", StopLoggingTime: t0})
	f.AddTrail(cloudtrail.Trail{Name: "org", Account: orgAcct, Organization: true, MultiRegion: true, Logging: true, LatestDeliveryError: "AccessDenied"})
	return f
}

func TestTrailsReportsEachTrailOnce(t *testing.T) {
	f := account(t)
	c := cloudtrail.New(f, cloudtrail.WithAccount(acct))
	trails, err := c.Trails(context.Background(), "us-east-1", "eu-west-1", "ap-south-1")
	if err != nil {
		t.Fatal(err)
	}
	var arns []string
	for _, tr := range trails {
		arns = append(arns, tr.ARN+" "+tr.HomeRegion)
	}
	want := []string{
		"arn:aws:cloudtrail:eu-west-1:123456789012:trail/main eu-west-1",
		"arn:aws:cloudtrail:us-east-1:123456789012:trail/stopped us-east-1",
		orgARN + " us-east-1",
	}
	if d := cmp.Diff(want, arns); d != "" {
		t.Fatalf("trails (-want +got):\n%s", d)
	}
	// Listed in three regions, each trail is read once, by ARN.
	if n := f.CallCount("DescribeTrails"); n != 3 {
		t.Errorf("DescribeTrails called %d times", n)
	}
	if n := f.CallCount("GetTrailStatus"); n != 3 {
		t.Errorf("GetTrailStatus called %d times, want one per trail", n)
	}
	for _, call := range f.Calls() {
		if in, ok := call.Input.(*awsct.GetTrailStatusInput); ok && !strings.HasPrefix(aws.ToString(in.Name), "arn:") {
			t.Errorf("status asked by name %q, which misses shadow trails", aws.ToString(in.Name))
		}
	}
	main := trails[0]
	wantMain := cloudtrail.Trail{
		Name: "main", ARN: "arn:aws:cloudtrail:eu-west-1:123456789012:trail/main", HomeRegion: "eu-west-1", Account: acct,
		MultiRegion: true, GlobalServiceEvents: true, Logging: true, LatestDeliveryTime: t0, StartLoggingTime: t0.Add(-24 * time.Hour),
		LogFileValidation: true, KMSKeyID: kmsKey, CloudWatchLogsGroupARN: "arn:aws:logs:eu-west-1:123456789012:log-group:trail", S3Bucket: "audit-logs",
		AdvancedSelectors: true,
		ManagementEvents:  cloudtrail.ManagementEvents{Read: true, Write: true},
		DataEventSelectors: []cloudtrail.DataEventSelector{{
			Name: "S3 data events", Advanced: true, Category: "Data", ResourceType: "AWS::S3::Object", Read: true, Write: true,
			Conditions: []cloudtrail.FieldCondition{{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::training-data/"}}},
		}},
		Insights: []string{"ApiCallRateInsight", "ApiErrorRateInsight"},
	}
	if d := cmp.Diff(wantMain, main); d != "" {
		t.Errorf("main (-want +got):\n%s", d)
	}
	if !main.IsSecurityTrail() || !main.CoversDataEvents("training-data", "") || main.CoversDataEvents("other", "") {
		t.Errorf("main: security trail %v, covers training data %v", main.IsSecurityTrail(), main.CoversDataEvents("training-data", ""))
	}
	org := trails[2]
	if org.Account != orgAcct || !org.Organization || org.LatestDeliveryError != "AccessDenied" || len(org.Insights) != 0 || org.StatusError != "" {
		t.Errorf("org = %+v", org)
	}
	if trails[1].Logging || trails[1].LogsManagementWrites() || !trails[1].ManagementEvents.Complete() {
		t.Errorf("stopped = %+v", trails[1])
	}
}

func TestTrailStatusErrorsAreRecorded(t *testing.T) {
	f := account(t)
	f.PrependReactor("GetTrailStatus", func(call cloudtrailtest.Call) (bool, any, error) {
		if aws.ToString(call.Input.(*awsct.GetTrailStatusInput).Name) == orgARN {
			return true, nil, cloudtrailtest.AccessDenied()
		}
		return false, nil, nil
	})
	trails, err := cloudtrail.New(f).Trails(context.Background())
	if !errors.Is(err, aigov.ErrAccessDenied) || !strings.Contains(err.Error(), "trail "+orgARN) {
		t.Fatalf("err = %v", err)
	}
	if len(trails) != 3 {
		t.Fatalf("a failing trail dropped the others: %d trails", len(trails))
	}
	org := trails[2]
	if org.ARN != orgARN || org.Logging || !strings.Contains(org.StatusError, "GetTrailStatus") || !strings.Contains(org.StatusError, "AccessDeniedException") {
		t.Errorf("org = %+v", org)
	}
	// Its selectors were still read.
	if !org.ManagementEvents.Write {
		t.Errorf("selectors lost with the status: %+v", org.ManagementEvents)
	}
}

func TestTrailsKeepsRegionsThatAnswered(t *testing.T) {
	f := account(t)
	f.PrependReactor("DescribeTrails", func(call cloudtrailtest.Call) (bool, any, error) {
		if call.Region == "ap-south-1" {
			return true, nil, cloudtrailtest.AccessDenied()
		}
		return false, nil, nil
	})
	trails, err := cloudtrail.New(f).Trails(context.Background(), "us-east-1", "ap-south-1")
	if !errors.Is(err, aigov.ErrAccessDenied) || !strings.Contains(err.Error(), "ap-south-1") || len(trails) != 3 {
		t.Errorf("%d trails, err = %v", len(trails), err)
	}
}

func TestTrailsWithBasicSelectors(t *testing.T) {
	f := cloudtrailtest.New()
	f.AddTrail(cloudtrail.Trail{Name: "basic", Logging: true})
	f.SetEventSelectors("basic",
		types.EventSelector{
			ReadWriteType: types.ReadWriteTypeWriteOnly, IncludeManagementEvents: aws.Bool(true),
			ExcludeManagementEventSources: []string{"kms.amazonaws.com"},
			DataResources: []types.DataResource{
				{Type: aws.String("AWS::S3::Object"), Values: []string{"arn:aws:s3:::datasets/train", "arn:aws:s3:::models/"}},
				{Type: aws.String("AWS::Lambda::Function"), Values: []string{"arn:aws:lambda", "arn:aws:lambda:us-east-1:123456789012:function:score"}},
			},
		},
		types.EventSelector{ReadWriteType: types.ReadWriteTypeReadOnly, IncludeManagementEvents: aws.Bool(false),
			DataResources: []types.DataResource{{Type: aws.String("AWS::S3::Object"), Values: []string{"arn:aws:s3"}}}},
	)
	trails, err := cloudtrail.New(f).Trails(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tr := trails[0]
	wantMgmt := cloudtrail.ManagementEvents{Write: true, ExcludedSources: []string{"kms.amazonaws.com"}}
	if d := cmp.Diff(wantMgmt, tr.ManagementEvents); d != "" {
		t.Errorf("management (-want +got):\n%s", d)
	}
	wantData := []cloudtrail.DataEventSelector{
		{Category: "Data", ResourceType: "AWS::S3::Object", Write: true,
			Conditions: []cloudtrail.FieldCondition{{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::datasets/train", "arn:aws:s3:::models/"}}}},
		{Category: "Data", ResourceType: "AWS::Lambda::Function", Write: true,
			Conditions: []cloudtrail.FieldCondition{{Field: "resources.ARN", Equals: []string{"arn:aws:lambda:us-east-1:123456789012:function:score"}, StartsWith: []string{"arn:aws:lambda"}}}},
		{Category: "Data", ResourceType: "AWS::S3::Object", Read: true,
			Conditions: []cloudtrail.FieldCondition{{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3"}}}},
	}
	if d := cmp.Diff(wantData, tr.DataEventSelectors); d != "" {
		t.Errorf("data selectors (-want +got):\n%s", d)
	}
	if tr.AdvancedSelectors || !tr.LogsManagementWrites() || tr.LogsManagementReads() {
		t.Errorf("trail = %+v", tr)
	}
	// Writes come from the first selector, reads of every bucket from the
	// second.
	for _, c := range []struct {
		bucket, prefix string
		want           bool
	}{
		{"datasets", "train/2026/", true},
		{"datasets", "training/", true},
		{"datasets", "test/", false},
		{"datasets", "", false},
		{"models", "", true},
		{"elsewhere", "", false},
	} {
		if got := tr.CoversDataEvents(c.bucket, c.prefix); got != c.want {
			t.Errorf("CoversDataEvents(%q, %q) = %v", c.bucket, c.prefix, got)
		}
	}
}

func TestTrailsWithoutInsights(t *testing.T) {
	f := cloudtrailtest.New()
	f.AddTrail(cloudtrail.Trail{Name: "plain", Logging: true})
	trails, err := cloudtrail.New(f).Trails(context.Background())
	if err != nil || len(trails) != 1 || trails[0].Insights != nil || trails[0].StatusError != "" {
		t.Errorf("trails = %+v, err = %v", trails, err)
	}
	if f.CallCount("GetInsightSelectors") != 1 {
		t.Error("Insights not asked for")
	}
}

func field(name string, equals ...string) types.AdvancedFieldSelector {
	return types.AdvancedFieldSelector{Field: aws.String(name), Equals: equals}
}

func TestTrailsWithAdvancedSelectors(t *testing.T) {
	f := cloudtrailtest.New()
	f.AddTrail(cloudtrail.Trail{Name: "adv", Logging: true})
	f.SetAdvancedEventSelectors("adv",
		// Reads without KMS, writes from every source.
		types.AdvancedEventSelector{Name: aws.String("reads"), FieldSelectors: []types.AdvancedFieldSelector{
			field("eventCategory", "Management"), field("readOnly", "true"),
			{Field: aws.String("eventSource"), NotEquals: []string{"kms.amazonaws.com"}},
		}},
		types.AdvancedEventSelector{Name: aws.String("writes"), FieldSelectors: []types.AdvancedFieldSelector{
			field("eventCategory", "Management"), field("readOnly", "false"),
		}},
		// A management selector with a condition AWS does not allow is
		// not counted.
		types.AdvancedEventSelector{Name: aws.String("odd"), FieldSelectors: []types.AdvancedFieldSelector{
			field("eventCategory", "Management"), field("eventName", "CreateRole"),
		}},
		types.AdvancedEventSelector{Name: aws.String("objects and tables"), FieldSelectors: []types.AdvancedFieldSelector{
			field("eventCategory", "Data"), field("resources.type", "AWS::S3::Object", "AWS::DynamoDB::Table"),
			{Field: aws.String("resources.ARN"), StartsWith: []string{"arn:aws:s3:::datasets/"}},
		}},
	)
	trails, err := cloudtrail.New(f).Trails(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tr := trails[0]
	want := cloudtrail.ManagementEvents{Read: true, Write: true, ExcludedSources: []string{"kms.amazonaws.com"}}
	if d := cmp.Diff(want, tr.ManagementEvents); d != "" {
		t.Errorf("management (-want +got):\n%s", d)
	}
	if !tr.LogsManagementWrites() || tr.ManagementEvents.Complete() || !tr.AdvancedSelectors {
		t.Errorf("trail = %+v", tr)
	}
	if len(tr.DataEventSelectors) != 2 || tr.DataEventSelectors[1].ResourceType != "AWS::DynamoDB::Table" || tr.DataEventSelectors[0].Name != "objects and tables" {
		t.Errorf("data selectors = %+v", tr.DataEventSelectors)
	}
	if !tr.CoversDataEvents("datasets", "x/") || tr.CoversDataEvents("models", "") {
		t.Error("resources.ARN condition not applied")
	}
}

func TestEvaluateCoverage(t *testing.T) {
	trails, err := cloudtrail.New(account(t)).Trails(context.Background(), "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	mainARN := "arn:aws:cloudtrail:eu-west-1:123456789012:trail/main"
	cov := cloudtrail.EvaluateCoverage(trails, []string{"us-east-1", "eu-west-1", "us-east-1"})
	want := cloudtrail.Coverage{
		Regions: []cloudtrail.RegionCoverage{
			{Region: "eu-west-1", State: cloudtrail.Covered, WriteTrails: []string{mainARN, orgARN}, ReadTrails: []string{mainARN, orgARN}},
			{Region: "us-east-1", State: cloudtrail.Covered, WriteTrails: []string{mainARN, orgARN}, ReadTrails: []string{mainARN, orgARN}},
		},
		MultiRegionTrails:   []string{mainARN, orgARN},
		ProtectedTrails:     []string{mainARN},
		SecurityTrails:      []string{mainARN},
		GlobalServiceTrails: []string{mainARN},
		FailingDelivery:     []string{orgARN},
	}
	if d := cmp.Diff(want, cov); d != "" {
		t.Errorf("coverage (-want +got):\n%s", d)
	}
	if !cov.Complete() {
		t.Error("not complete")
	}

	// Without the multi-region trails, only the stopped trail is left.
	var rest []cloudtrail.Trail
	for _, tr := range trails {
		if !tr.MultiRegion {
			rest = append(rest, tr)
		}
	}
	cov = cloudtrail.EvaluateCoverage(rest, []string{"us-east-1", "eu-west-1"})
	if got := cov.RegionsIn(cloudtrail.Uncovered); !cmp.Equal(got, []string{"eu-west-1", "us-east-1"}) || cov.Complete() {
		t.Errorf("uncovered = %v", got)
	}
	if len(cov.MultiRegionTrails)+len(cov.ProtectedTrails)+len(cov.SecurityTrails) != 0 {
		t.Errorf("coverage = %+v", cov)
	}
}

func TestEvaluateCoverageUnknown(t *testing.T) {
	unreadable := cloudtrail.Trail{ARN: "arn:x", HomeRegion: "us-east-1", StatusError: "access denied"}
	readsOnly := cloudtrail.Trail{ARN: "arn:r", HomeRegion: "us-east-1", Logging: true, ManagementEvents: cloudtrail.ManagementEvents{Read: true}}
	// A trail whose Insights could not be read still covers what its
	// status and selectors say.
	partly := cloudtrail.Trail{ARN: "arn:p", HomeRegion: "eu-west-1", Logging: true, ManagementEvents: cloudtrail.ManagementEvents{Write: true}, StatusError: "GetInsightSelectors: throttled"}
	cov := cloudtrail.EvaluateCoverage([]cloudtrail.Trail{unreadable, readsOnly, partly}, []string{"us-east-1", "eu-west-1", "ap-south-1", ""})
	// A single-region trail outside us-east-1 gets no global service
	// events, whatever it asks for.
	partly.GlobalServiceEvents = true
	if got := cloudtrail.EvaluateCoverage([]cloudtrail.Trail{partly}, nil).GlobalServiceTrails; got != nil {
		t.Errorf("global service trails = %v", got)
	}
	want := []cloudtrail.RegionCoverage{
		{Region: "ap-south-1", State: cloudtrail.Uncovered},
		{Region: "eu-west-1", State: cloudtrail.Covered, WriteTrails: []string{"arn:p"}},
		{Region: "us-east-1", State: cloudtrail.CoverageUnknown, ReadTrails: []string{"arn:r"}, UnknownTrails: []string{"arn:x"}},
	}
	if d := cmp.Diff(want, cov.Regions); d != "" {
		t.Errorf("regions (-want +got):\n%s", d)
	}
	if got := cov.RegionsIn(cloudtrail.CoverageUnknown); !cmp.Equal(got, []string{"us-east-1"}) {
		t.Errorf("unknown = %v", got)
	}
}
