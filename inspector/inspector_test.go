package inspector_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/inspector"
	"github.com/aigov/aigov/inspector/inspectortest"
	"github.com/aigov/aigov/internal/pager"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

func TestFindingRoundTrip(t *testing.T) {
	c := inspector.New(seeded(t))
	got := collect(t, c.Findings(context.Background(), inspector.FindingFilter{VulnerabilityIDs: inspector.Equal("CVE-2024-11392")}))
	digest := inspectortest.Digest(servingProd)
	want := []inspector.Finding{{
		ARN:     "arn:aws:inspector2:us-east-1:123456789012:finding/00000000000000000000000000000002",
		Account: acct, Region: "us-east-1",
		Severity: inspector.SeverityHigh, Status: inspector.StatusActive, Type: inspector.TypePackageVulnerability,
		Title: "CVE-2024-11392 - transformers", Description: "CVE-2024-11392 affects transformers 4.46.0.",
		InspectorScore: 7.5, EPSS: 0.00042, FixAvailable: inspector.Yes, ExploitAvailable: inspector.No,
		VulnerabilityID: "CVE-2024-11392", VulnerabilitySource: "NVD", VendorSeverity: "HIGH",
		SourceURL: "https://nvd.nist.gov/vuln/detail/CVE-2024-11392",
		Packages: []inspector.VulnerablePackage{{
			Name: "transformers", InstalledVersion: "4.46.0", FixedVersion: "4.48.0", PackageManager: "PYTHONPKG",
			FilePath: "usr/local/lib/python3.11/site-packages/transformers-4.46.0.dist-info/METADATA",
		}},
		Resources: []inspector.AffectedResource{{
			Type: inspector.ResourceECRImage, ID: "arn:aws:ecr:us-east-1:123456789012:repository/ml/serving/" + digest,
			Account: acct, Region: "us-east-1", Partition: "aws",
			ImageRegistry: acct, ImageRepository: "ml/serving", ImageDigest: digest, ImageTags: []string{"prod"},
			ImageArchitecture: "amd64", ImagePlatform: "DEBIAN_12",
		}},
		Remediation:     "Upgrade your installed software packages to the proposed fixed in version and release.\n\ntransformers 4.46.0 -> 4.48.0",
		FirstObservedAt: t0, LastObservedAt: t0, UpdatedAt: t0,
	}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("finding (-want +got):\n%s", d)
	}
	if uri := got[0].Resources[0].ImageURI(); uri != registry+"/ml/serving@"+digest {
		t.Errorf("ImageURI = %q", uri)
	}
}

func TestFindingsDefaultsToActiveMostSevereFirst(t *testing.T) {
	f := seeded(t)
	got := collect(t, inspector.New(f).Findings(context.Background(), inspector.FindingFilter{}))
	want := []string{
		"CVE-2025-32434/torch", "CVE-2025-32434/torch", "CVE-2024-11392/transformers",
		"CVE-2024-3568/transformers", "CVE-2024-35195/requests", "CVE-2023-43804/urllib3",
	}
	if d := cmp.Diff(want, vulnIDs(got)); d != "" {
		t.Errorf("order (-want +got):\n%s", d)
	}
	in := f.Calls()[0].Input.(*inspector2.ListFindingsInput)
	if st := in.FilterCriteria.FindingStatus; len(st) != 1 || aws.ToString(st[0].Value) != "ACTIVE" {
		t.Errorf("status filter sent = %+v", st)
	}
	if in.SortCriteria.Field != types.SortFieldSeverity || in.SortCriteria.SortOrder != types.SortOrderDesc || aws.ToInt32(in.MaxResults) != 100 {
		t.Errorf("sort %+v, max results %d", in.SortCriteria, aws.ToInt32(in.MaxResults))
	}
}

func TestFindingsPaging(t *testing.T) {
	f := seeded(t, inspectortest.WithPageSize(2))
	got := collect(t, inspector.New(f).Findings(context.Background(), inspector.FindingFilter{Statuses: inspector.AllStatuses}))
	if len(got) != 7 || f.CallCount("ListFindings") != 4 {
		t.Errorf("%d findings in %d calls, want 7 in 4 pages", len(got), f.CallCount("ListFindings"))
	}
	seen := map[string]bool{}
	for _, x := range got {
		if seen[x.ARN] {
			t.Errorf("finding %s twice", x.ARN)
		}
		seen[x.ARN] = true
	}
	// The client's own page size goes into MaxResults.
	f.ResetCalls()
	collect(t, inspector.New(f, inspector.WithPageSize(3)).Findings(context.Background(), inspector.FindingFilter{}))
	if in := f.Calls()[0].Input.(*inspector2.ListFindingsInput); aws.ToInt32(in.MaxResults) != 3 {
		t.Errorf("MaxResults = %d, want 3", aws.ToInt32(in.MaxResults))
	}
}

func TestFindingsEarlyBreak(t *testing.T) {
	f := seeded(t, inspectortest.WithPageSize(1))
	n := 0
	for _, err := range inspector.New(f).Findings(context.Background(), inspector.FindingFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n == 2 {
			break
		}
	}
	if f.CallCount("ListFindings") != 2 {
		t.Errorf("%d calls after breaking at the second finding, want 2", f.CallCount("ListFindings"))
	}
}

func TestSDKPaginatorWorksOnFake(t *testing.T) {
	f := seeded(t, inspectortest.WithPageSize(2))
	p := inspector2.NewListFindingsPaginator(f, &inspector2.ListFindingsInput{})
	n := 0
	for p.HasMorePages() {
		out, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n += len(out.Findings)
	}
	if n != 7 {
		t.Errorf("paginator saw %d findings, want 7", n)
	}
	cp := inspector2.NewListCoveragePaginator(f, &inspector2.ListCoverageInput{MaxResults: aws.Int32(1)})
	pages := 0
	for cp.HasMorePages() {
		if _, err := cp.NextPage(context.Background()); err != nil {
			t.Fatal(err)
		}
		pages++
	}
	if pages != 5 {
		t.Errorf("coverage paginator read %d pages, want 5 (one per covered resource)", pages)
	}
}

func TestErrorClasses(t *testing.T) {
	tests := []struct {
		name   string
		op     string
		inject error
		call   func(*inspector.Client) error
		want   error
		code   string
		status int
		typed  bool
	}{
		{"access denied on ListFindings arrives unmodeled", "ListFindings", inspectortest.AccessDenied(), listFindings, aigov.ErrAccessDenied, "AccessDeniedException", 403, false},
		{"access denied on BatchGetAccountStatus is typed", "BatchGetAccountStatus", inspectortest.AccessDenied(), accountStatus, aigov.ErrAccessDenied, "AccessDeniedException", 403, true},
		{"throttled", "ListCoverage", inspectortest.Throttling(), listCoverage, aigov.ErrThrottled, "ThrottlingException", 429, true},
		{"not enabled", "ListFindingAggregations", inspectortest.NotEnabled(), severityCounts, aigov.ErrNotEnabled, "AccessDeniedException", 403, false},
		{"not found", "GetSbomExport", nil, func(c *inspector.Client) error {
			_, err := c.SBOMExport(context.Background(), "no-such-report")
			return err
		}, aigov.ErrNotFound, "ResourceNotFoundException", 404, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := seeded(t)
			if tt.inject != nil {
				f.Fail(tt.op, tt.inject)
			}
			c := inspector.New(f, inspector.WithAccount(acct), inspector.WithRegion("us-east-1"))
			err := tt.call(c)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var e *aigov.Error
			if !errors.As(err, &e) || e.Code != tt.code || e.StatusCode != tt.status || e.RequestID == "" || e.Operation != tt.op || e.Account != acct || e.Region != "us-east-1" {
				t.Errorf("aigov.Error = %+v", e)
			}
			var opErr *smithy.OperationError
			if !errors.As(err, &opErr) || opErr.Service() != inspector2.ServiceID {
				t.Errorf("no OperationError in %v", err)
			}
			var generic *smithy.GenericAPIError
			if isGeneric := errors.As(err, &generic); isGeneric == tt.typed {
				t.Errorf("typed = %v, want %v: %T", !isGeneric, tt.typed, errors.Unwrap(errors.Unwrap(err)))
			}
		})
	}
}

func listFindings(c *inspector.Client) error {
	_, err := pager.Collect(c.Findings(context.Background(), inspector.FindingFilter{}))
	return err
}

func listCoverage(c *inspector.Client) error {
	_, err := pager.Collect(c.Coverage(context.Background(), inspector.CoverageFilter{}))
	return err
}

func accountStatus(c *inspector.Client) error {
	_, err := c.AccountStatus(context.Background())
	return err
}

func severityCounts(c *inspector.Client) error {
	_, err := c.SeverityCounts(context.Background(), inspector.SeverityCountQuery{})
	return err
}

func TestThrottlingIsTransient(t *testing.T) {
	f := seeded(t)
	f.FailN("ListFindings", 1, inspectortest.Throttling())
	c := inspector.New(f)
	if err := listFindings(c); !errors.Is(err, aigov.ErrThrottled) {
		t.Fatalf("first call: %v", err)
	}
	if err := listFindings(c); err != nil {
		t.Fatalf("second call: %v", err)
	}
}

func TestPaginationGuards(t *testing.T) {
	f := seeded(t, inspectortest.WithPageSize(1))
	if err := listFindings(inspector.New(f, inspector.WithMaxPages(2))); !errors.Is(err, aigov.ErrPagination) {
		t.Errorf("page cap: err = %v", err)
	}
	f.PrependReactor("ListCoverage", func(inspectortest.Call) (bool, any, error) {
		return true, &inspector2.ListCoverageOutput{NextToken: aws.String("same")}, nil
	})
	if err := listCoverage(inspector.New(f)); !errors.Is(err, aigov.ErrPagination) || !strings.Contains(err.Error(), "inspector: ListCoverage") {
		t.Errorf("repeated token: err = %v", err)
	}
}

func TestMalformedFindingKeepsWhatWasRead(t *testing.T) {
	f := seeded(t)
	good, err := f.ListFindings(context.Background(), &inspector2.ListFindingsInput{})
	if err != nil {
		t.Fatal(err)
	}
	f.PrependReactor("ListFindings", func(inspectortest.Call) (bool, any, error) {
		bad := good.Findings[1]
		bad.FindingArn = nil
		return true, &inspector2.ListFindingsOutput{Findings: []types.Finding{good.Findings[0], bad, good.Findings[2]}}, nil
	})
	got, err := pager.Collect(inspector.New(f).Findings(context.Background(), inspector.FindingFilter{}))
	if len(got) != 1 || err == nil || err.Error() != "inspector: ListFindings: page 1, finding 2: the finding has no findingArn" {
		t.Errorf("got %d findings and %v; want the first finding and an error naming the second", len(got), err)
	}
}

func TestInvalidOptions(t *testing.T) {
	tests := []struct {
		opt  inspector.Option
		want string
	}{
		{inspector.WithMaxPages(0), "inspector: invalid option WithMaxPages: the page limit must be at least 1, got 0"},
		{inspector.WithPageSize(101), "inspector: invalid option WithPageSize: the page size must be between 1 and 100, got 101"},
		{inspector.WithClock(nil), "inspector: invalid option WithClock: the clock must not be nil"},
		{inspector.WithPollInterval(0), "inspector: invalid option WithPollInterval: the poll interval must be positive, got 0s"},
		{inspector.WithSleep(nil), "inspector: invalid option WithSleep: the sleep function must not be nil"},
	}
	ctx := context.Background()
	for _, tt := range tests {
		f := seeded(t)
		c := inspector.New(f, tt.opt)
		errs := []error{listFindings(c), listCoverage(c), accountStatus(c), severityCounts(c)}
		_, err := c.FindingsForImages(ctx, []string{servingProd}, inspector.FindingFilter{})
		errs = append(errs, err)
		_, err = c.ExportSBOM(ctx, inspector.SBOMRequest{Format: inspector.SBOMCycloneDX, Bucket: "b", KMSKeyARN: "k"})
		errs = append(errs, err)
		_, err = c.SBOMExport(ctx, "id")
		errs = append(errs, err)
		for i, err := range errs {
			if err == nil || err.Error() != tt.want {
				t.Errorf("call %d: err = %v, want %q", i, err, tt.want)
			}
		}
		if f.CallCount("*") != 0 {
			t.Errorf("a client with an invalid option called AWS")
		}
	}
	if err := listFindings(inspector.New(nil)); err == nil || !strings.Contains(err.Error(), "the API must not be nil") {
		t.Errorf("nil API: err = %v", err)
	}
}

func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := pager.Collect(inspector.New(seeded(t)).Findings(ctx, inspector.FindingFilter{}))
	if !errors.Is(err, context.Canceled) || aigov.Kind(err) != nil {
		t.Errorf("err = %v", err)
	}
}

func TestInRegion(t *testing.T) {
	f := seeded(t)
	f.AddFinding(inspectortest.ImageFinding("123456789012.dkr.ecr.eu-west-1.amazonaws.com/ml/serving:prod", "CVE-2025-1", inspector.SeverityHigh, "numpy", "1.0", "2.0"))
	c := inspector.New(f)
	eu := c.InRegion("eu-west-1")
	got := collect(t, eu.Findings(context.Background(), inspector.FindingFilter{}))
	if len(got) != 1 || got[0].Region != "eu-west-1" || eu.Region() != "eu-west-1" || c.Region() != "" {
		t.Errorf("InRegion: %d findings, regions %q / %q", len(got), eu.Region(), c.Region())
	}
	if calls := f.Calls(); calls[len(calls)-1].Region != "eu-west-1" {
		t.Errorf("call made in %s", calls[len(calls)-1].Region)
	}
}

func TestLogger(t *testing.T) {
	var b strings.Builder
	c := inspector.New(seeded(t), inspector.WithLogger(newTextLogger(&b)), inspector.WithRegion("us-east-1"))
	if err := listFindings(c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "service=inspector op=ListFindings region=us-east-1") {
		t.Errorf("log = %q", b.String())
	}
}

func TestSeverityOrder(t *testing.T) {
	order := []inspector.Severity{inspector.SeverityUntriaged, inspector.SeverityInformational, inspector.SeverityLow, inspector.SeverityMedium, inspector.SeverityHigh, inspector.SeverityCritical}
	for i, s := range order {
		if s.Rank() != i {
			t.Errorf("%s.Rank() = %d, want %d", s, s.Rank(), i)
		}
		if !s.Valid() {
			t.Errorf("%s not valid", s)
		}
	}
	if !inspector.SeverityCritical.AtLeast(inspector.SeverityHigh) || inspector.SeverityMedium.AtLeast(inspector.SeverityHigh) {
		t.Error("AtLeast does not follow the order")
	}
	if inspector.SeverityUntriaged.AtLeast(inspector.SeverityInformational) || !inspector.SeverityUntriaged.AtLeast("") {
		t.Error("UNTRIAGED must be at least nothing but the empty minimum")
	}
	if inspector.Severity("SEVERE").Valid() {
		t.Error("an unknown severity is valid")
	}
}
