package inspector_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aigov/aigov/internal/testkit"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/inspector"
	"github.com/aigov/aigov/inspector/inspectortest"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/google/go-cmp/cmp"
)

const hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestParseImageURI(t *testing.T) {
	ecr := "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
	tests := []struct {
		uri  string
		want inspector.ImageRef
	}{
		{ecr + "/ml/serving:v3", inspector.ImageRef{Registry: ecr, Repository: "ml/serving", Tag: "v3", Account: "123456789012", Region: "eu-west-1"}},
		{ecr + "/ml/serving@sha256:" + hex64, inspector.ImageRef{Registry: ecr, Repository: "ml/serving", Digest: "sha256:" + hex64, Account: "123456789012", Region: "eu-west-1"}},
		{ecr + "/a/b/c:v3@sha256:" + hex64, inspector.ImageRef{Registry: ecr, Repository: "a/b/c", Tag: "v3", Digest: "sha256:" + hex64, Account: "123456789012", Region: "eu-west-1"}},
		{ecr + "/serving", inspector.ImageRef{Registry: ecr, Repository: "serving", Tag: "latest", Account: "123456789012", Region: "eu-west-1"}},
		{"123456789012.DKR.ECR.eu-west-1.AMAZONAWS.COM/x:Tag_1.0-rc", inspector.ImageRef{Registry: ecr, Repository: "x", Tag: "Tag_1.0-rc", Account: "123456789012", Region: "eu-west-1"}},
		{"123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/x:1", inspector.ImageRef{Registry: "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com", Repository: "x", Tag: "1", Account: "123456789012", Region: "us-gov-west-1"}},
		{"123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/x:1", inspector.ImageRef{Registry: "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", Repository: "x", Tag: "1", Account: "123456789012", Region: "cn-north-1"}},
		{"123456789012.dkr-ecr.eu-west-1.on.aws/x:1", inspector.ImageRef{Registry: "123456789012.dkr-ecr.eu-west-1.on.aws", Repository: "x", Tag: "1", Account: "123456789012", Region: "eu-west-1"}},
		{"pytorch/pytorch:2.5.1-cuda12.4", inspector.ImageRef{Registry: "docker.io", Repository: "pytorch/pytorch", Tag: "2.5.1-cuda12.4"}},
		{"python", inspector.ImageRef{Registry: "docker.io", Repository: "library/python", Tag: "latest"}},
		{"public.ecr.aws/lambda/python:3.12", inspector.ImageRef{Registry: "public.ecr.aws", Repository: "lambda/python", Tag: "3.12"}},
		{"localhost:5000/model:dev", inspector.ImageRef{Registry: "localhost:5000", Repository: "model", Tag: "dev"}},
		{"ghcr.io/org/img@sha512:" + hex64 + hex64, inspector.ImageRef{Registry: "ghcr.io", Repository: "org/img", Digest: "sha512:" + hex64 + hex64}},
	}
	for _, tt := range tests {
		got, err := inspector.ParseImageURI(tt.uri)
		if err != nil {
			t.Errorf("%s: %v", tt.uri, err)
			continue
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.uri, d)
		}
		if got.ECR() != (tt.want.Account != "") {
			t.Errorf("%s: ECR() = %v", tt.uri, got.ECR())
		}
	}
	if s := (inspector.ImageRef{Registry: ecr, Repository: "a/b", Tag: "v", Digest: "sha256:" + hex64}).String(); s != ecr+"/a/b:v@sha256:"+hex64 {
		t.Errorf("String() = %s", s)
	}
}

func TestParseImageURIErrors(t *testing.T) {
	ecr := "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
	tests := []struct{ uri, reason string }{
		{"", "empty"},
		{ecr + "/ml serving:v1", "it contains white space"},
		{"https://" + ecr + "/x:1", "an image reference has no scheme"},
		{ecr + "/x@sha256:abc", `digest "sha256:abc" is not algorithm:hex`},
		{ecr + "/x@sha256:" + strings.ToUpper(hex64), "is not algorithm:hex"},
		{ecr + "/x:bad!tag", `tag "bad!tag" is not 1 to 128`},
		{ecr + "/x:", `tag "" is not 1 to 128`},
		{ecr + "/ML/Serving:v1", `repository "ML/Serving": component "ML" is not lower-case`},
		{ecr + "//x:1", `component "" is not lower-case`},
		{ecr + "/:1", "no repository"},
		{"bad_host.example.com/x:1", `registry "bad_host.example.com" is not a host name`},
		{ecr + "/" + strings.Repeat("a/", 128) + "x:1", "repository has 257 characters, at most 256"},
	}
	for _, tt := range tests {
		_, err := inspector.ParseImageURI(tt.uri)
		want := fmt.Sprintf("inspector: invalid image URI %q: ", tt.uri)
		if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), tt.reason) {
			t.Errorf("%q: err = %v, want %s…%s", tt.uri, err, want, tt.reason)
		}
	}
}

func TestFindingsForImages(t *testing.T) {
	f := seeded(t)
	servingDigest := inspectortest.Digest(servingProd)
	// The SageMaker model references the serving image by tag, the training
	// image by digest, and a Hugging Face DLC image AWS owns.
	uris := []string{
		servingProd,
		registry + "/ml/training@" + inspectortest.Digest(trainingV1),
		registry + "/ml/serving:prod@" + servingDigest,
		"763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-inference:2.1-gpu",
		"pytorch/pytorch:2.5.1",
		"not a uri",
		registry + "/ml/serving:retired",
	}
	got, err := inspector.New(f).FindingsForImages(context.Background(), uris, inspector.FindingFilter{})
	if len(got) != len(uris) {
		t.Fatalf("%d results for %d URIs", len(got), len(uris))
	}
	if err == nil || !strings.Contains(err.Error(), `invalid image URI "not a uri"`) || aigov.Kind(err) != nil {
		t.Errorf("err = %v, want the invalid URI named", err)
	}
	type summary struct {
		URI                           string
		Scannable, Resolved, Evidence bool
		Digest                        string
		Findings                      []string
		Problem                       string
	}
	var sums []summary
	for _, r := range got {
		var ids []string
		for _, x := range r.Findings {
			ids = append(ids, x.VulnerabilityID)
		}
		sums = append(sums, summary{r.URI, r.Scannable, r.Resolved, r.Evidence(), r.Image.Digest, ids, r.Problem})
	}
	want := []summary{
		{uris[0], true, true, true, servingDigest, []string{"CVE-2025-32434", "CVE-2024-11392"}, ""},
		{uris[1], true, true, true, inspectortest.Digest(trainingV1), []string{"CVE-2024-3568"}, ""},
		{uris[2], true, true, true, servingDigest, []string{"CVE-2025-32434", "CVE-2024-11392"}, ""},
		{uris[3], true, false, false, "", nil, "Amazon Inspector knows no image tagged 2.1-gpu in repository huggingface-pytorch-inference (account 763104351884 in us-east-1): ECR scanning is off, the tag is not there, or the caller cannot see it"},
		{uris[4], false, false, false, "", nil, "registry docker.io is not a private Amazon ECR registry: Amazon Inspector does not scan its images"},
		{uris[5], false, false, false, "", nil, `inspector: invalid image URI "not a uri": it contains white space`},
		{uris[6], true, false, false, "", nil, "Amazon Inspector knows no image tagged retired in repository ml/serving (account 123456789012 in us-east-1): ECR scanning is off, the tag is not there, or the caller cannot see it"},
	}
	if d := cmp.Diff(want, sums); d != "" {
		t.Errorf("results (-want +got):\n%s", d)
	}
	if got[0].Worst() != inspector.SeverityCritical || got[1].Worst() != inspector.SeverityMedium || got[3].Worst() != "" {
		t.Errorf("Worst: %s %s %q", got[0].Worst(), got[1].Worst(), got[3].Worst())
	}
	if got[0].Coverage == nil || !got[0].Coverage.Scanned() {
		t.Errorf("coverage of the serving image: %+v", got[0].Coverage)
	}
	// The other account's ml/serving:prod holds the same CVE; it must not
	// leak into this account's image.
	for _, x := range got[0].Findings {
		if x.Account != acct {
			t.Errorf("finding of account %s on image of %s", x.Account, acct)
		}
	}
}

func TestFindingsForImagesFilterAndTagMove(t *testing.T) {
	f := seeded(t)
	// The tag moved: coverage knows prod on a new digest, scanned later;
	// findings of the old digest still list prod among their tags.
	newer := inspectortest.ImageFinding(registry+"/ml/serving:prod@"+inspectortest.Digest("rebuilt"), "CVE-2025-9999", inspector.SeverityLow, "pillow", "10.0.0", "10.3.0")
	newer.FirstObservedAt = t0.Add(3600e9)
	f.AddFinding(newer)
	got, err := inspector.New(f).FindingsForImages(context.Background(), []string{servingProd}, inspector.FindingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Image.Digest != inspectortest.Digest("rebuilt") || len(got[0].Findings) != 1 || got[0].Findings[0].VulnerabilityID != "CVE-2025-9999" {
		t.Errorf("tag resolved to %s with %d findings, want the latest scanned image", got[0].Image.Digest, len(got[0].Findings))
	}
	// The filter narrows the findings of each image.
	got, err = inspector.New(f).FindingsForImages(context.Background(), []string{registry + "/ml/serving@" + inspectortest.Digest(servingProd)},
		inspector.FindingFilter{MinSeverity: inspector.SeverityCritical, Repositories: inspector.Equal("ignored"), Packages: inspector.Equal("torch")})
	if err != nil || len(got[0].Findings) != 1 || got[0].Findings[0].Severity != inspector.SeverityCritical {
		t.Errorf("filtered: %+v, %v", got[0].Findings, err)
	}
}

func TestFindingsForImagesCoverageGaps(t *testing.T) {
	f := seeded(t)
	stale := inspectortest.Digest(trainingV1)
	f.AddCoverage(inspector.CoveredResource{Type: inspector.ResourceECRImage, Repository: "ml/training", ImageDigest: stale, ImageTags: []string{"v1"},
		Status: inspector.CoverageInactive, Reason: inspector.ReasonScanEligibilityExpired})
	unscanned := registry + "/ml/serving@sha256:" + hex64
	got, err := inspector.New(f).FindingsForImages(context.Background(), []string{trainingV1, unscanned}, inspector.FindingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// Findings from before the scan stopped are kept, but are no evidence.
	if got[0].Evidence() || len(got[0].Findings) != 1 || !strings.Contains(got[0].Problem, "does not scan AWS_ECR_CONTAINER_IMAGE") || !strings.Contains(got[0].Problem, "INACTIVE SCAN_ELIGIBILITY_EXPIRED") {
		t.Errorf("inactive image: %+v", got[0])
	}
	if got[1].Evidence() || !got[1].Resolved || got[1].Coverage != nil || !strings.HasPrefix(got[1].Problem, "Amazon Inspector has no scan record of ml/serving@sha256:"+hex64) {
		t.Errorf("unknown digest: %+v", got[1])
	}
}

func TestFindingsForImagesBatchesAndRegions(t *testing.T) {
	f := inspectortest.New()
	var uris []string
	for i := range 12 {
		uri := fmt.Sprintf("%s/ml/batch:v%d", registry, i)
		uris = append(uris, uri)
		f.AddFinding(inspectortest.ImageFinding(uri, fmt.Sprintf("CVE-2025-%04d", i), inspector.SeverityHigh, "numpy", "1.0", "2.0"))
	}
	eu := "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ml/batch:v0"
	f.AddFinding(inspectortest.ImageFinding(eu, "CVE-2025-0100", inspector.SeverityHigh, "numpy", "1.0", "2.0"))
	uris = append(uris, eu, uris[0])
	got, err := inspector.New(f).FindingsForImages(context.Background(), uris, inspector.FindingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range got {
		if !r.Evidence() || len(r.Findings) != 1 {
			t.Errorf("%s: %d findings, problem %q", r.URI, len(r.Findings), r.Problem)
		}
		if i < 12 && r.Findings[0].VulnerabilityID != fmt.Sprintf("CVE-2025-%04d", i) {
			t.Errorf("%s got %s", r.URI, r.Findings[0].VulnerabilityID)
		}
	}
	if got[12].Findings[0].Region != "eu-west-1" {
		t.Errorf("the eu-west-1 image was read in %s", got[12].Findings[0].Region)
	}
	// 13 distinct images: 13 coverage lookups (the repeated URI is looked
	// up once); 12 digests of one repository take two listings, the other
	// region one.
	if n := f.CallCount("ListCoverage"); n != 13 {
		t.Errorf("ListCoverage called %d times, want 13", n)
	}
	var digestsPerCall []int
	for _, c := range f.Calls() {
		if c.Op == "ListFindings" {
			digestsPerCall = append(digestsPerCall, len(c.Input.(*inspector2.ListFindingsInput).FilterCriteria.EcrImageHash))
		}
	}
	if d := cmp.Diff([]int{10, 2, 1}, digestsPerCall); d != "" {
		t.Errorf("digests per ListFindings call (-want +got):\n%s", d)
	}
}

func TestFindingsForImagesLookupFailures(t *testing.T) {
	f := seeded(t)
	f.FailN("ListCoverage", 1, inspectortest.AccessDenied())
	got, err := inspector.New(f).FindingsForImages(context.Background(), []string{servingProd, trainingV1}, inspector.FindingFilter{})
	if !errors.Is(err, aigov.ErrAccessDenied) || !strings.Contains(err.Error(), "image "+servingProd) {
		t.Errorf("err = %v", err)
	}
	if got[0].Evidence() || !strings.HasPrefix(got[0].Problem, "looking up its coverage failed: inspector: ListCoverage") {
		t.Errorf("first image: %+v", got[0])
	}
	if !got[1].Evidence() || len(got[1].Findings) != 1 {
		t.Errorf("the second image was lost: %+v", got[1])
	}

	f = seeded(t)
	f.Fail("ListFindings", inspectortest.Throttling())
	got, err = inspector.New(f).FindingsForImages(context.Background(), []string{servingProd}, inspector.FindingFilter{})
	if !errors.Is(err, aigov.ErrThrottled) || got[0].Evidence() || !strings.HasPrefix(got[0].Problem, "listing its findings failed: ") {
		t.Errorf("failed listing: %+v, %v", got[0], err)
	}
}

// TestSnapshotJSON pins the JSON the governance snapshot stores for an
// image's findings: camelCase names, times in UTC, empty fields left out.
func TestSnapshotJSON(t *testing.T) {
	got, err := inspector.New(seeded(t)).FindingsForImages(context.Background(), []string{servingProd, "pytorch/pytorch:2.5.1"}, inspector.FindingFilter{MinSeverity: inspector.SeverityCritical})
	if err != nil {
		t.Fatal(err)
	}
	testkit.GoldenJSON(t, "image-findings.json", got)
}
