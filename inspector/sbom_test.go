package inspector_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/inspector"
	"github.com/aigov/aigov/inspector/inspectortest"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"
)

// recorder is a sleep that returns at once and remembers the waits asked
// for; it can cancel the context after n waits.
type recorder struct {
	waits    []time.Duration
	cancelAt int
	cancel   context.CancelFunc
}

func (r *recorder) sleep(ctx context.Context, d time.Duration) error {
	r.waits = append(r.waits, d)
	if r.cancel != nil && len(r.waits) == r.cancelAt {
		r.cancel()
	}
	return ctx.Err()
}

var sbomRequest = inspector.SBOMRequest{
	Format: inspector.SBOMCycloneDX, Bucket: "sbom-reports", KeyPrefix: "ml/", KMSKeyARN: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	ResourceTypes: []inspector.ResourceType{inspector.ResourceECRImage}, Repositories: inspector.Equal("ml/serving", "ml/training"), ImageTags: inspector.Not("dev"),
}

func TestExportSBOM(t *testing.T) {
	f := seeded(t, inspectortest.WithSBOMPolls(6))
	rec := &recorder{}
	c := inspector.New(f, inspector.WithPollInterval(time.Second), inspector.WithSleep(rec.sleep), inspector.WithClock(func() time.Time { return t0 }))
	exp, err := c.ExportSBOM(context.Background(), sbomRequest)
	if err != nil {
		t.Fatal(err)
	}
	want := inspector.SBOMExport{
		ReportID: "00000008-0000-4000-8000-000000000008", Format: inspector.SBOMCycloneDX, Status: inspector.ExportSucceeded,
		Bucket: "sbom-reports", KeyPrefix: "ml/", KMSKeyARN: sbomRequest.KMSKeyARN, Polls: 7, StartedAt: t0, FinishedAt: t0,
	}
	if d := cmp.Diff(want, exp); d != "" {
		t.Errorf("export (-want +got):\n%s", d)
	}
	// The wait doubles from the interval and stops at 16 times it.
	wantWaits := []time.Duration{1, 2, 4, 8, 16, 16, 16}
	for i := range wantWaits {
		wantWaits[i] *= time.Second
	}
	if d := cmp.Diff(wantWaits, rec.waits); d != "" {
		t.Errorf("waits (-want +got):\n%s", d)
	}
	reqs := f.SBOMExports()
	if len(reqs) != 1 || aws.ToString(reqs[0].S3Destination.BucketName) != "sbom-reports" || len(reqs[0].ResourceFilterCriteria.EcrRepositoryName) != 2 ||
		string(reqs[0].ResourceFilterCriteria.EcrImageTags[0].Comparison) != "NOT_EQUALS" || aws.ToString(reqs[0].ResourceFilterCriteria.ResourceType[0].Value) != "AWS_ECR_CONTAINER_IMAGE" {
		t.Errorf("request = %+v", reqs)
	}
	// The export can be read again later by its id.
	again, err := c.SBOMExport(context.Background(), exp.ReportID)
	if err != nil || again.Status != inspector.ExportSucceeded || again.Bucket != "sbom-reports" || !again.Done() {
		t.Errorf("SBOMExport: %+v, %v", again, err)
	}
}

func TestExportSBOMIsAnExplicitWrite(t *testing.T) {
	f := seeded(t)
	c := inspector.New(f)
	ctx := context.Background()
	collect(t, c.Findings(ctx, inspector.FindingFilter{}))
	collect(t, c.Coverage(ctx, inspector.CoverageFilter{}))
	if _, err := c.AccountStatus(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SeverityCounts(ctx, inspector.SeverityCountQuery{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.FindingsForImages(ctx, []string{servingProd}, inspector.FindingFilter{}); err != nil {
		t.Fatal(err)
	}
	if n := f.CallCount("CreateSbomExport"); n != 0 {
		t.Fatalf("reads called CreateSbomExport %d times", n)
	}
}

func TestExportSBOMFailures(t *testing.T) {
	for _, tt := range []struct {
		code string
		kind error
	}{
		{"INVALID_PERMISSIONS", aigov.ErrAccessDenied},
		{"BUCKET_NOT_FOUND", aigov.ErrNotFound},
		{"NO_FINDINGS_FOUND", nil},
	} {
		f := seeded(t, inspectortest.WithSBOMPolls(0))
		f.FailSBOMExports(tt.code, "export failed: "+tt.code)
		rec := &recorder{}
		exp, err := inspector.New(f, inspector.WithSleep(rec.sleep), inspector.WithRegion("us-east-1")).ExportSBOM(context.Background(), sbomRequest)
		var e *aigov.Error
		if !errors.As(err, &e) || e.Code != tt.code || e.Kind != tt.kind || e.Operation != "GetSbomExport" || e.Message != "export failed: "+tt.code {
			t.Errorf("%s: err = %v (%+v)", tt.code, err, e)
		}
		if exp.Status != inspector.ExportFailed || exp.ErrorCode != tt.code || exp.Polls != 1 || len(rec.waits) != 1 || rec.waits[0] != inspector.DefaultPollInterval {
			t.Errorf("%s: export %+v, waits %v", tt.code, exp, rec.waits)
		}
	}
}

func TestExportSBOMContextEnds(t *testing.T) {
	f := seeded(t, inspectortest.WithSBOMPolls(100))
	ctx, cancel := context.WithCancel(context.Background())
	rec := &recorder{cancelAt: 3, cancel: cancel}
	exp, err := inspector.New(f, inspector.WithSleep(rec.sleep)).ExportSBOM(ctx, sbomRequest)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "report "+exp.ReportID+" still IN_PROGRESS after 2 polls") {
		t.Errorf("err = %v", err)
	}
	if exp.ReportID == "" || exp.Done() || exp.Polls != 2 {
		t.Errorf("export = %+v", exp)
	}
	// The real sleep also stops when the context ends.
	f = seeded(t, inspectortest.WithSBOMPolls(100))
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	if _, err := inspector.New(f, inspector.WithPollInterval(time.Hour)).ExportSBOM(ctx, sbomRequest); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}

func TestExportSBOMErrors(t *testing.T) {
	f := seeded(t)
	f.Fail("CreateSbomExport", inspectortest.AccessDenied())
	if _, err := inspector.New(f).ExportSBOM(context.Background(), sbomRequest); !errors.Is(err, aigov.ErrAccessDenied) {
		t.Errorf("err = %v", err)
	}
	if _, err := inspector.New(seeded(t)).SBOMExport(context.Background(), ""); err == nil {
		t.Error("an empty report id was accepted")
	}
	for _, tt := range []struct {
		req  inspector.SBOMRequest
		want string
	}{
		{inspector.SBOMRequest{Format: "PDF", Bucket: "b", KMSKeyARN: "k"}, `inspector: invalid SBOMRequest: Format "PDF" is neither CYCLONEDX_1_4 nor SPDX_2_3`},
		{inspector.SBOMRequest{Format: inspector.SBOMSPDX, Bucket: "b"}, "inspector: invalid SBOMRequest: Bucket and KMSKeyARN are required"},
		{inspector.SBOMRequest{Format: inspector.SBOMSPDX, Bucket: "b", KMSKeyARN: "k", ResourceTypes: []inspector.ResourceType{inspector.ResourceCodeRepository}}, `inspector: invalid SBOMRequest.ResourceTypes: "CODE_REPOSITORY" is not one of`},
		{inspector.SBOMRequest{Format: inspector.SBOMSPDX, Bucket: "b", KMSKeyARN: "k", Repositories: inspector.Prefix("ml/")}, `inspector: invalid SBOMRequest.Repositories: comparison "PREFIX" is not allowed here`},
	} {
		f := seeded(t)
		if _, err := inspector.New(f).ExportSBOM(context.Background(), tt.req); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
		if f.CallCount("*") != 0 {
			t.Error("an invalid request reached AWS")
		}
	}
}
