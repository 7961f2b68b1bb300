package inspector_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov/inspector"
	"github.com/aigov/aigov/inspector/inspectortest"
	"github.com/aigov/aigov/internal/pager"
	"github.com/google/go-cmp/cmp"
)

// filterFake is seeded() plus a canary image with a known exploit, seen
// a month ago (finding 8), and an EC2 network finding (finding 9).
func filterFake(t *testing.T) *inspectortest.Fake {
	f := seeded(t)
	canary := inspectortest.ImageFinding(registry+"/ml/serving:canary", "CVE-2024-5480", inspector.SeverityCritical, "torch", "2.2.0", "2.3.0")
	canary.ExploitAvailable, canary.EPSS, canary.InspectorScore = inspector.Yes, 0.92, 10
	canary.FirstObservedAt, canary.LastObservedAt = t0.AddDate(0, 0, -30), t0.AddDate(0, 0, -1)
	f.AddFinding(canary)
	f.AddFinding(inspector.Finding{
		Severity: inspector.SeverityLow, Type: inspector.TypeNetworkReachability, Title: "Port 22 is reachable from an Internet Gateway",
		Resources: []inspector.AffectedResource{{Type: inspector.ResourceEC2Instance, ID: "i-0abc", EC2InstanceType: "ml.p4d.24xlarge"}},
	})
	return f
}

// nums returns the sequence numbers the fake put in the findings' ARNs.
func nums(t *testing.T, fs []inspector.Finding) []int {
	t.Helper()
	out := []int{}
	for _, f := range fs {
		n, err := strconv.ParseInt(f.ARN[strings.LastIndexByte(f.ARN, '/')+1:], 16, 64)
		if err != nil {
			t.Fatalf("ARN %s: %v", f.ARN, err)
		}
		out = append(out, int(n))
	}
	return out
}

func TestFindingFilterFields(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		name   string
		filter inspector.FindingFilter
		want   []int
	}{
		{"zero: active, most severe first", inspector.FindingFilter{}, []int{1, 8, 6, 2, 3, 5, 4, 9}},
		{"MinSeverity", inspector.FindingFilter{MinSeverity: inspector.SeverityHigh}, []int{1, 8, 6, 2}},
		{"MinSeverity informational keeps all", inspector.FindingFilter{MinSeverity: inspector.SeverityInformational}, []int{1, 8, 6, 2, 3, 5, 4, 9}},
		{"Statuses", inspector.FindingFilter{Statuses: []inspector.Status{inspector.StatusClosed}}, []int{7}},
		{"AllStatuses", inspector.FindingFilter{Statuses: inspector.AllStatuses}, []int{1, 8, 6, 2, 7, 3, 5, 4, 9}},
		{"Types", inspector.FindingFilter{Types: []inspector.FindingType{inspector.TypeNetworkReachability}}, []int{9}},
		{"ResourceTypes", inspector.FindingFilter{ResourceTypes: []inspector.ResourceType{inspector.ResourceLambdaFunction, inspector.ResourceEC2Instance}}, []int{5, 9}},
		{"Accounts equal", inspector.FindingFilter{Accounts: inspector.Equal(other)}, []int{6}},
		{"Accounts prefix", inspector.FindingFilter{Accounts: inspector.Prefix("2109")}, []int{6}},
		{"Accounts not", inspector.FindingFilter{Accounts: inspector.Not(acct)}, []int{6}},
		{"Repositories equal", inspector.FindingFilter{Repositories: inspector.Equal("ml/serving")}, []int{1, 8, 6, 2}},
		{"Repositories prefix", inspector.FindingFilter{Repositories: inspector.Prefix("ml/")}, []int{1, 8, 6, 2, 3}},
		{"Repositories prefix except one", inspector.FindingFilter{Repositories: append(inspector.Prefix("ml/"), inspector.Not("ml/training")...)}, []int{1, 8, 6, 2}},
		{"ImageDigests", inspector.FindingFilter{ImageDigests: inspector.Equal(inspectortest.Digest(trainingV1))}, []int{3}},
		{"ImageTags", inspector.FindingFilter{ImageTags: inspector.Equal("canary", "v1")}, []int{8, 3}},
		{"LambdaFunctions", inspector.FindingFilter{LambdaFunctions: inspector.Equal("feature-etl")}, []int{5}},
		{"Packages equal", inspector.FindingFilter{Packages: inspector.Equal("torch", "urllib3")}, []int{1, 8, 6, 4}},
		{"Packages prefix", inspector.FindingFilter{Packages: inspector.Prefix("trans")}, []int{2, 3}},
		{"VulnerabilityIDs", inspector.FindingFilter{VulnerabilityIDs: inspector.Equal("CVE-2025-32434")}, []int{1, 6}},
		{"FixAvailable no", inspector.FindingFilter{FixAvailable: inspector.No}, []int{3}},
		{"FixAvailable yes", inspector.FindingFilter{FixAvailable: inspector.Yes}, []int{1, 8, 6, 2, 5, 4}},
		{"ExploitAvailable", inspector.FindingFilter{ExploitAvailable: inspector.Yes}, []int{8}},
		{"MinInspectorScore", inspector.FindingFilter{MinInspectorScore: 9.9}, []int{8}},
		{"MinEPSS", inspector.FindingFilter{MinEPSS: 0.5}, []int{8}},
		{"FirstObserved before", inspector.FindingFilter{FirstObserved: inspector.TimeRange{To: t0.Add(-day)}}, []int{8}},
		{"FirstObserved since", inspector.FindingFilter{FirstObserved: inspector.TimeRange{From: t0}, MinSeverity: inspector.SeverityCritical}, []int{1, 6}},
		{"LastObserved window", inspector.FindingFilter{LastObserved: inspector.TimeRange{From: t0.Add(-2 * day), To: t0.Add(-time.Hour)}}, []int{8}},
		{"fields combine", inspector.FindingFilter{Packages: inspector.Equal("torch"), Accounts: inspector.Equal(acct), ExploitAvailable: inspector.No}, []int{1}},
		{"SortBy ascending", inspector.FindingFilter{SortBy: inspector.SortByVulnerabilityID, Ascending: true}, []int{9, 4, 2, 5, 3, 8, 1, 6}},
		{"SortBy EPSS", inspector.FindingFilter{SortBy: inspector.SortByEPSS}, []int{8, 1, 2, 3, 4, 5, 6, 9}},
		{"SortBy severity ascending", inspector.FindingFilter{SortBy: inspector.SortBySeverity, Ascending: true, MinSeverity: inspector.SeverityMedium}, []int{3, 5, 2, 1, 8, 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := filterFake(t)
			got := collect(t, inspector.New(f, inspector.WithPageSize(3)).Findings(context.Background(), tt.filter))
			if d := cmp.Diff(tt.want, nums(t, got)); d != "" {
				t.Errorf("findings (-want +got):\n%s", d)
			}
		})
	}
}

func TestInvalidFindingFilter(t *testing.T) {
	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = strconv.Itoa(100000000000 + i)
	}
	tests := []struct {
		filter inspector.FindingFilter
		want   string
	}{
		{inspector.FindingFilter{MinSeverity: inspector.SeverityUntriaged}, `inspector: invalid FindingFilter.MinSeverity: "UNTRIAGED" is not one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL`},
		{inspector.FindingFilter{Statuses: []inspector.Status{"OPEN"}}, `inspector: invalid FindingFilter.Statuses: "OPEN" is not one of [ACTIVE SUPPRESSED CLOSED]`},
		{inspector.FindingFilter{Types: []inspector.FindingType{"MALWARE"}}, `inspector: invalid FindingFilter.Types: "MALWARE" is not one of`},
		{inspector.FindingFilter{ResourceTypes: []inspector.ResourceType{inspector.ResourceECRRepository}}, `inspector: invalid FindingFilter.ResourceTypes: "AWS_ECR_REPOSITORY" is not one of`},
		{inspector.FindingFilter{Accounts: inspector.Equal(eleven...)}, "inspector: invalid FindingFilter.Accounts: 11 matches, at most 10"},
		{inspector.FindingFilter{Packages: inspector.Not("torch")}, `inspector: invalid FindingFilter.Packages: comparison "NOT_EQUALS" is not allowed here (allowed: [EQUALS PREFIX])`},
		{inspector.FindingFilter{Repositories: inspector.Equal("")}, "inspector: invalid FindingFilter.Repositories: the value of a EQUALS match must have 1 to 1024 characters"},
		{inspector.FindingFilter{ImageTags: []inspector.Match{{Op: "CONTAINS", Value: "x"}}}, `inspector: invalid FindingFilter.ImageTags: comparison "CONTAINS" is not allowed here`},
		{inspector.FindingFilter{FixAvailable: "MAYBE"}, `inspector: invalid FindingFilter.FixAvailable: "MAYBE" is not one of [YES NO PARTIAL]`},
		{inspector.FindingFilter{ExploitAvailable: inspector.Partial}, `inspector: invalid FindingFilter.ExploitAvailable: "PARTIAL" is not one of [YES NO]`},
		{inspector.FindingFilter{MinEPSS: 2}, "inspector: invalid FindingFilter.MinEPSS: 2 is outside 0 to 1"},
		{inspector.FindingFilter{MinInspectorScore: -1}, "inspector: invalid FindingFilter.MinInspectorScore: -1 is outside 0 to 10"},
		{inspector.FindingFilter{LastObserved: inspector.TimeRange{From: t0, To: t0.Add(-time.Hour)}}, "inspector: invalid FindingFilter.LastObserved: From 2026-11-01T12:00:00Z is after To 2026-11-01T11:00:00Z"},
		{inspector.FindingFilter{SortBy: "TITLE"}, `inspector: invalid FindingFilter.SortBy: "TITLE" is not a sort field of this package`},
	}
	for _, tt := range tests {
		f := seeded(t)
		c := inspector.New(f)
		_, err := pager.Collect(c.Findings(context.Background(), tt.filter))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
		if _, err := c.FindingsForImages(context.Background(), []string{servingProd}, tt.filter); err == nil {
			t.Errorf("FindingsForImages accepted %+v", tt.filter)
		}
		if f.CallCount("*") != 0 {
			t.Errorf("an invalid filter reached AWS")
		}
	}
}

// coverageFake is seeded() plus coverage gaps.
func coverageFake(t *testing.T) *inspectortest.Fake {
	f := seeded(t)
	f.AddCoverage(inspector.CoveredResource{Type: inspector.ResourceECRImage, Repository: "ml/archive", ImageDigest: inspectortest.Digest("old"), ImageTags: []string{"2023"},
		Status: inspector.CoverageInactive, Reason: inspector.ReasonScanEligibilityExpired})
	f.AddCoverage(inspector.CoveredResource{Type: inspector.ResourceLambdaFunction, ResourceID: "arn:aws:lambda:us-east-1:123456789012:function:legacy-scorer",
		LambdaFunction: "legacy-scorer", LambdaRuntime: "python3.7", Status: inspector.CoverageInactive, Reason: inspector.ReasonUnsupportedRuntime})
	f.AddCoverage(inspector.CoveredResource{Type: inspector.ResourceEC2Instance, ResourceID: "i-0training", Account: other,
		Status: inspector.CoverageInactive, Reason: inspector.ReasonUnmanagedEC2Instance, ScanMode: "EC2_SSM_AGENT_BASED"})
	f.AddCoverage(inspector.CoveredResource{Type: inspector.ResourceECRImage, Repository: "ml/serving", ImageDigest: inspectortest.Digest("new"), ImageTags: []string{"next"},
		Status: inspector.CoverageActive, Reason: inspector.ReasonPendingInitialScan})
	return f
}

func TestCoverageFilterFields(t *testing.T) {
	ids := func(rs []inspector.CoveredResource) []string {
		out := []string{}
		for _, r := range rs {
			id := r.ResourceID
			if r.Repository != "" {
				id = r.Repository + ":" + strings.Join(r.ImageTags, ",")
			}
			out = append(out, id)
		}
		return out
	}
	tests := []struct {
		name   string
		filter inspector.CoverageFilter
		want   []string
	}{
		{"gaps", inspector.CoverageFilter{Status: inspector.CoverageInactive}, []string{"ml/archive:2023", "arn:aws:lambda:us-east-1:123456789012:function:legacy-scorer", "i-0training"}},
		{"ResourceTypes", inspector.CoverageFilter{ResourceTypes: []inspector.ResourceType{inspector.ResourceLambdaFunction}}, []string{"arn:aws:lambda:us-east-1:123456789012:function:feature-etl", "arn:aws:lambda:us-east-1:123456789012:function:legacy-scorer"}},
		{"Reasons", inspector.CoverageFilter{Reasons: []inspector.ScanReason{inspector.ReasonPendingInitialScan, inspector.ReasonUnsupportedRuntime}}, []string{"ml/serving:next", "arn:aws:lambda:us-east-1:123456789012:function:legacy-scorer"}},
		{"Accounts", inspector.CoverageFilter{Accounts: inspector.Equal(other)}, []string{"i-0training", "ml/serving:prod"}},
		{"Accounts not", inspector.CoverageFilter{Accounts: inspector.Not(acct), ResourceTypes: []inspector.ResourceType{inspector.ResourceEC2Instance}}, []string{"i-0training"}},
		{"Repositories", inspector.CoverageFilter{Repositories: inspector.Equal("ml/serving"), Accounts: inspector.Equal(acct)}, []string{"ml/serving:prod", "ml/serving:next"}},
		{"ImageTags", inspector.CoverageFilter{ImageTags: inspector.Equal("v1")}, []string{"ml/training:v1"}},
		{"LambdaFunctions", inspector.CoverageFilter{LambdaFunctions: inspector.Equal("legacy-scorer")}, []string{"arn:aws:lambda:us-east-1:123456789012:function:legacy-scorer"}},
		{"ResourceIDs", inspector.CoverageFilter{ResourceIDs: inspector.Equal("i-0training")}, []string{"i-0training"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := collect(t, inspector.New(coverageFake(t), inspector.WithPageSize(1)).Coverage(context.Background(), tt.filter))
			if d := cmp.Diff(tt.want, ids(got)); d != "" {
				t.Errorf("coverage (-want +got):\n%s", d)
			}
		})
	}
	_, err := pager.Collect(inspector.New(coverageFake(t)).Coverage(context.Background(), inspector.CoverageFilter{Repositories: inspector.Prefix("ml/")}))
	if err == nil || !strings.Contains(err.Error(), `CoverageFilter.Repositories: comparison "PREFIX" is not allowed here`) {
		t.Errorf("prefix on coverage: err = %v", err)
	}
	_, err = pager.Collect(inspector.New(coverageFake(t)).Coverage(context.Background(), inspector.CoverageFilter{Status: "BROKEN"}))
	if err == nil || !strings.Contains(err.Error(), `CoverageFilter.Status: "BROKEN" is not one of`) {
		t.Errorf("bad status: err = %v", err)
	}
}

func TestCoveredResource(t *testing.T) {
	got := collect(t, inspector.New(coverageFake(t), inspector.WithRegion("us-east-1")).Coverage(context.Background(), inspector.CoverageFilter{Repositories: inspector.Equal("ml/serving"), Accounts: inspector.Equal(acct)}))
	digest := inspectortest.Digest("new")
	want := inspector.CoveredResource{
		Account: acct, Region: "us-east-1", ResourceID: "arn:aws:ecr:us-east-1:123456789012:repository/ml/serving/" + digest,
		Type: inspector.ResourceECRImage, ScanKind: "PACKAGE", Status: inspector.CoverageActive, Reason: inspector.ReasonPendingInitialScan,
		Repository: "ml/serving", ImageDigest: digest, ImageTags: []string{"next"},
	}
	if d := cmp.Diff(want, got[1]); d != "" {
		t.Errorf("covered resource (-want +got):\n%s", d)
	}
	if got[1].Scanned() || got[1].Gap() != "Amazon Inspector has not scanned AWS_ECR_CONTAINER_IMAGE "+want.ResourceID+" yet (PENDING_INITIAL_SCAN)" {
		t.Errorf("Scanned %v, Gap %q", got[1].Scanned(), got[1].Gap())
	}
	if !got[0].Scanned() || got[0].Gap() != "" || got[0].LastScannedAt != t0 {
		t.Errorf("a scanned image: %+v", got[0])
	}
	gaps := collect(t, inspector.New(coverageFake(t)).Coverage(context.Background(), inspector.CoverageFilter{LambdaFunctions: inspector.Equal("legacy-scorer")}))
	if g := gaps[0].Gap(); g != "Amazon Inspector does not scan AWS_LAMBDA_FUNCTION arn:aws:lambda:us-east-1:123456789012:function:legacy-scorer: INACTIVE UNSUPPORTED_RUNTIME" || gaps[0].LambdaRuntime != "python3.7" {
		t.Errorf("Gap = %q, runtime %q", g, gaps[0].LambdaRuntime)
	}
}

func TestUntriagedFindings(t *testing.T) {
	f := seeded(t)
	f.AddFinding(inspectortest.ImageFinding(servingProd, "CVE-2026-0001", inspector.SeverityUntriaged, "safetensors", "0.4.0", ""))
	c := inspector.New(f)
	all := collect(t, c.Findings(context.Background(), inspector.FindingFilter{}))
	if last := all[len(all)-1]; last.Severity != inspector.SeverityUntriaged {
		t.Errorf("UNTRIAGED is not last in severity order: %s", last.Severity)
	}
	for _, x := range collect(t, c.Findings(context.Background(), inspector.FindingFilter{MinSeverity: inspector.SeverityInformational})) {
		if x.Severity == inspector.SeverityUntriaged {
			t.Error("a minimum severity admitted an UNTRIAGED finding")
		}
	}
	img, err := c.FindingsForImages(context.Background(), []string{servingProd}, inspector.FindingFilter{MinSeverity: inspector.SeverityCritical})
	if err != nil || img[0].Worst() != inspector.SeverityCritical {
		t.Errorf("Worst = %s, %v", img[0].Worst(), err)
	}
	only := inspector.ImageFindings{Findings: []inspector.Finding{{Severity: inspector.SeverityUntriaged}}}
	if only.Worst() != inspector.SeverityUntriaged {
		t.Errorf("Worst of an untriaged finding = %q", only.Worst())
	}
}
