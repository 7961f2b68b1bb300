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
	"github.com/aigov/aigov/internal/pager"
	"github.com/aigov/aigov/internal/wiretest"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

// These tests run the real *inspector2.Client against canned AWS responses,
// to check that the wire shapes package inspector relies on decode and that
// the errors the fake builds look like the ones the real client returns.

func wireClient(t *testing.T) (*wiretest.Server, *inspector.Client) {
	srv := wiretest.New(t)
	return srv, inspector.New(inspector2.NewFromConfig(srv.Config()), inspector.WithRegion("us-east-1"), inspector.WithAccount(acct))
}

const wireDigest = "sha256:0f3a9e1b2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7"

func TestWireFindings(t *testing.T) {
	srv, c := wireClient(t)
	srv.Answer("POST /findings/list", wiretest.JSON(`{"findings":[{
		"findingArn":"arn:aws:inspector2:us-east-1:123456789012:finding/abc","awsAccountId":"123456789012",
		"severity":"CRITICAL","status":"ACTIVE","type":"PACKAGE_VULNERABILITY","title":"CVE-2025-32434 - torch",
		"description":"torch.load with weights_only=True can still run code.","inspectorScore":9.8,"epss":{"score":0.0123},
		"fixAvailable":"YES","exploitAvailable":"YES","exploitabilityDetails":{"lastKnownExploitAt":1.7e9},
		"firstObservedAt":1.6e9,"lastObservedAt":1.7e9,"updatedAt":1.7e9,
		"remediation":{"recommendation":{"text":"Upgrade torch","Url":"https://example.com/fix"}},
		"packageVulnerabilityDetails":{"vulnerabilityId":"CVE-2025-32434","source":"NVD","vendorSeverity":"CRITICAL",
			"sourceUrl":"https://nvd.nist.gov/vuln/detail/CVE-2025-32434","referenceUrls":["https://github.com/pytorch/pytorch/security"],
			"relatedVulnerabilities":["GHSA-53q9-r3pm-6pq6"],
			"vulnerablePackages":[{"name":"torch","version":"2.5.1","fixedInVersion":"2.6.0","packageManager":"PYTHONPKG","filePath":"usr/lib/python3/torch"},
				{"name":"torchvision","version":"0.20.1","fixedInVersion":"NotAvailable","packageManager":"PYTHONPKG","epoch":0}]},
		"resources":[{"type":"AWS_ECR_CONTAINER_IMAGE","id":"arn:aws:ecr:us-east-1:123456789012:repository/ml/serving/`+wireDigest+`",
			"partition":"aws","region":"us-east-1","details":{"awsEcrContainerImage":{"registry":"123456789012","repositoryName":"ml/serving",
			"imageHash":"`+wireDigest+`","imageTags":["prod"],"pushedAt":1.65e9,"inUseCount":2,"architecture":"amd64","platform":"DEBIAN_12"}}}]}],
		"nextToken":null}`))
	got, err := pager.Collect(c.Findings(context.Background(), inspector.FindingFilter{MinSeverity: inspector.SeverityCritical, Packages: inspector.Prefix("torch")}))
	if err != nil {
		t.Fatal(err)
	}
	at := func(sec float64) time.Time { return time.Unix(int64(sec), 0).UTC() }
	want := []inspector.Finding{{
		ARN: "arn:aws:inspector2:us-east-1:123456789012:finding/abc", Account: acct, Region: "us-east-1",
		Severity: inspector.SeverityCritical, Status: inspector.StatusActive, Type: inspector.TypePackageVulnerability,
		Title: "CVE-2025-32434 - torch", Description: "torch.load with weights_only=True can still run code.",
		InspectorScore: 9.8, EPSS: 0.0123, FixAvailable: inspector.Yes, ExploitAvailable: inspector.Yes, ExploitLastSeenAt: at(1.7e9),
		VulnerabilityID: "CVE-2025-32434", VulnerabilitySource: "NVD", VendorSeverity: "CRITICAL",
		SourceURL: "https://nvd.nist.gov/vuln/detail/CVE-2025-32434", ReferenceURLs: []string{"https://github.com/pytorch/pytorch/security"},
		RelatedVulnerabilities: []string{"GHSA-53q9-r3pm-6pq6"},
		Packages: []inspector.VulnerablePackage{
			{Name: "torch", InstalledVersion: "2.5.1", FixedVersion: "2.6.0", PackageManager: "PYTHONPKG", FilePath: "usr/lib/python3/torch"},
			{Name: "torchvision", InstalledVersion: "0.20.1", PackageManager: "PYTHONPKG"},
		},
		Resources: []inspector.AffectedResource{{
			Type: inspector.ResourceECRImage, ID: "arn:aws:ecr:us-east-1:123456789012:repository/ml/serving/" + wireDigest,
			Account: acct, Region: "us-east-1", Partition: "aws", ImageRegistry: acct, ImageRepository: "ml/serving", ImageDigest: wireDigest,
			ImageTags: []string{"prod"}, ImagePushedAt: at(1.65e9), ImageInUseCount: 2, ImageArchitecture: "amd64", ImagePlatform: "DEBIAN_12",
		}},
		Remediation: "Upgrade torch", RemediationURL: "https://example.com/fix",
		FirstObservedAt: at(1.6e9), LastObservedAt: at(1.7e9), UpdatedAt: at(1.7e9),
	}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("findings (-want +got):\n%s", d)
	}
	body := srv.Requests()[0].Body
	// Amazon Inspector refuses an empty filter list (at least one member).
	if strings.Contains(body, "[]") {
		t.Errorf("request has an empty list: %s", body)
	}
	for _, s := range []string{`"severity":[{"comparison":"EQUALS","value":"CRITICAL"}]`, `"vulnerablePackages":[{"name":{"comparison":"PREFIX","value":"torch"}}]`,
		`"findingStatus":[{"comparison":"EQUALS","value":"ACTIVE"}]`, `"sortCriteria":{"field":"SEVERITY","sortOrder":"DESC"}`, `"maxResults":100`} {
		if !strings.Contains(body, s) {
			t.Errorf("request lacks %s: %s", s, body)
		}
	}
}

func TestWireCoverageAndImages(t *testing.T) {
	srv, c := wireClient(t)
	srv.Answer("POST /coverage/list", wiretest.JSON(`{"coveredResources":[{"accountId":"123456789012","resourceType":"AWS_ECR_CONTAINER_IMAGE",
		"resourceId":"arn:aws:ecr:us-east-1:123456789012:repository/ml/serving/`+wireDigest+`","scanType":"PACKAGE","lastScannedAt":1.7e9,
		"scanStatus":{"statusCode":"ACTIVE","reason":"SUCCESSFUL"},
		"resourceMetadata":{"ecrImage":{"tags":["prod"],"imagePulledAt":1.69e9,"inUseCount":1},"ecrRepository":{"name":"ml/serving","scanFrequency":"CONTINUOUS_SCAN"}}}]}`))
	srv.Answer("POST /findings/list", wiretest.JSON(`{"findings":[]}`))
	got, err := c.FindingsForImages(context.Background(), []string{registry + "/ml/serving:prod"}, inspector.FindingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if !got[0].Evidence() || got[0].Image.Digest != wireDigest || got[0].Coverage.ScanFrequency != "CONTINUOUS_SCAN" || got[0].Coverage.ImagePulledAt.Unix() != 1.69e9 {
		t.Errorf("image = %+v, coverage %+v", got[0], got[0].Coverage)
	}
	reqs := srv.Requests()
	if strings.Contains(reqs[0].Body+reqs[1].Body, "[]") {
		t.Errorf("a request has an empty list: %+v", reqs)
	}
	if !strings.Contains(reqs[0].Body, `"ecrImageTags":[{"comparison":"EQUALS","value":"prod"}]`) || !strings.Contains(reqs[1].Body, `"ecrImageHash":[{"comparison":"EQUALS","value":"`+wireDigest+`"}]`) {
		t.Errorf("requests = %+v", reqs)
	}
}

func TestWireAccountStatusAndCounts(t *testing.T) {
	srv, c := wireClient(t)
	srv.Answer("POST /status/batch/get", wiretest.JSON(`{"accounts":[{"accountId":"123456789012",
		"state":{"status":"ENABLED","errorCode":"ALREADY_ENABLED","errorMessage":"already"},
		"resourceState":{"ec2":{"status":"DISABLED","errorCode":"SSM_UNAVAILABLE","errorMessage":"no SSM"},"ecr":{"status":"ENABLED","errorCode":"ALREADY_ENABLED","errorMessage":"x"},
		"lambda":{"status":"ENABLED","errorCode":"ALREADY_ENABLED","errorMessage":"x"}}}],
		"failedAccounts":[{"accountId":"210987654321","errorCode":"ACCESS_DENIED","errorMessage":"Invoking account does not have access to this account","status":"DISABLED",
		"resourceStatus":{"ec2":"DISABLED","ecr":"ENABLED"}}]}`))
	st, err := c.AccountStatus(context.Background(), acct, other)
	if err != nil {
		t.Fatal(err)
	}
	if !st[0].Enabled(inspector.ScanECR) || st[0].Enabled(inspector.ScanEC2) || st[0].EC2.ErrorCode != "SSM_UNAVAILABLE" || st[0].LambdaCode.Status != "" {
		t.Errorf("own account: %+v", st[0])
	}
	if !st[1].Failed || st[1].ECR.Status != "ENABLED" || st[1].Enabled(inspector.ScanECR) || !errors.Is(st[1].Err(inspector.ScanECR), aigov.ErrAccessDenied) {
		t.Errorf("failed account: %+v", st[1])
	}

	srv.Answer("POST /findings/aggregation/list", wiretest.JSON(`{"aggregationType":"ACCOUNT","responses":[
		{"accountAggregation":{"accountId":"123456789012","severityCounts":{"all":12,"critical":2,"high":3,"medium":4},"fixAvailableCount":9,"exploitAvailableCount":1}}]}`))
	counts, err := c.SeverityCounts(context.Background(), inspector.SeverityCountQuery{})
	want := []inspector.SeverityCount{{Account: acct, All: 12, Critical: 2, High: 3, Medium: 4, FixAvailable: 9, ExploitAvailable: 1}}
	if d := cmp.Diff(want, counts); d != "" || err != nil {
		t.Errorf("counts (-want +got):\n%s %v", d, err)
	}
	srv.Answer("POST /findings/aggregation/list", wiretest.JSON(`{"aggregationType":"REPOSITORY","responses":[
		{"repositoryAggregation":{"repository":"ml/serving","accountId":"123456789012","affectedImages":3,"severityCounts":{"all":5,"critical":1}}}]}`))
	counts, err = c.SeverityCounts(context.Background(), inspector.SeverityCountQuery{By: inspector.CountByRepository})
	if err != nil || len(counts) != 1 || counts[0].AffectedImages != 3 || counts[0].Critical != 1 || counts[0].High != 0 || counts[0].Other() != 4 {
		t.Errorf("repository counts %+v, %v", counts, err)
	}
}

func TestWireSBOMExport(t *testing.T) {
	srv, _ := wireClient(t)
	c := inspector.New(inspector2.NewFromConfig(srv.Config()), inspector.WithSleep((&recorder{}).sleep))
	srv.Answer("POST /sbomexport/create", wiretest.JSON(`{"reportId":"r-1"}`))
	srv.Answer("POST /sbomexport/get", wiretest.JSON(`{"reportId":"r-1","format":"SPDX_2_3","status":"SUCCEEDED",
		"s3Destination":{"bucketName":"b","keyPrefix":"p","kmsKeyArn":"k"}}`))
	exp, err := c.ExportSBOM(context.Background(), inspector.SBOMRequest{Format: inspector.SBOMSPDX, Bucket: "b", KeyPrefix: "p", KMSKeyARN: "k"})
	if err != nil || exp.Status != inspector.ExportSucceeded || exp.Polls != 1 || exp.ReportID != "r-1" {
		t.Errorf("export %+v, %v", exp, err)
	}
	if body := srv.Requests()[0].Body; !strings.Contains(body, `"reportFormat":"SPDX_2_3"`) || !strings.Contains(body, `"s3Destination":{"bucketName":"b","keyPrefix":"p","kmsKeyArn":"k"}`) {
		t.Errorf("request = %s", body)
	}
}

// TestErrorShapeConformance checks the same assertions against an error the
// real client decoded from the wire and one the fake built, including
// whether the SDK typed it for the operation.
func TestErrorShapeConformance(t *testing.T) {
	cases := []struct {
		op, path string
		code     string
		status   int
		kind     error
		fake     error
		typed    bool
		call     func(*inspector.Client) error
	}{
		{"ListFindings", "POST /findings/list", "AccessDeniedException", 403, aigov.ErrAccessDenied, inspectortest.AccessDenied(), false, listFindings},
		{"ListCoverage", "POST /coverage/list", "ThrottlingException", 429, aigov.ErrThrottled, inspectortest.Throttling(), true, listCoverage},
		{"BatchGetAccountStatus", "POST /status/batch/get", "AccessDeniedException", 403, aigov.ErrAccessDenied, inspectortest.AccessDenied(), true, accountStatus},
		{"ListFindingAggregations", "POST /findings/aggregation/list", "AccessDeniedException", 403, aigov.ErrNotEnabled, inspectortest.NotEnabled(), false, severityCounts},
		{"GetSbomExport", "POST /sbomexport/get", "ResourceNotFoundException", 404, aigov.ErrNotFound, nil, true, func(c *inspector.Client) error {
			_, err := c.SBOMExport(context.Background(), "missing")
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.op, func(t *testing.T) {
			srv, wire := wireClient(t)
			msg := "refused"
			var fakeErr smithy.APIError
			if tc.fake != nil && errors.As(tc.fake, &fakeErr) {
				msg = fakeErr.ErrorMessage()
			}
			srv.Answer(tc.path, wiretest.JSONError(tc.status, tc.code, msg))
			f := inspectortest.New()
			if tc.fake != nil {
				f.Fail(tc.op, tc.fake)
			}
			fake := inspector.New(f, inspector.WithRegion("us-east-1"), inspector.WithAccount(acct))
			for name, c := range map[string]*inspector.Client{"wire": wire, "fake": fake} {
				assertShape(t, name, tc.call(c), tc.op, tc.code, tc.status, tc.kind, tc.typed)
			}
		})
	}
}

func assertShape(t *testing.T, backend string, err error, op, code string, status int, kind error, typed bool) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Errorf("%s: errors.Is(%v) false for %v", backend, kind, err)
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != code {
		t.Errorf("%s: APIError code: %v", backend, err)
	}
	var generic *smithy.GenericAPIError
	if errors.As(err, &generic) == typed {
		t.Errorf("%s: typed = %v, want %v (%T)", backend, !typed, typed, apiErr)
	}
	if typed && code == "AccessDeniedException" {
		var ade *types.AccessDeniedException
		if !errors.As(err, &ade) {
			t.Errorf("%s: not a *types.AccessDeniedException: %T", backend, apiErr)
		}
	}
	var opErr *smithy.OperationError
	if !errors.As(err, &opErr) || opErr.Service() != inspector2.ServiceID || opErr.Operation() != op {
		t.Errorf("%s: OperationError: %v", backend, err)
	}
	var e *aigov.Error
	if !errors.As(err, &e) || e.StatusCode != status || e.RequestID == "" || e.Code != code || e.Operation != op || e.Account != acct {
		t.Errorf("%s: aigov.Error = %+v", backend, e)
	}
}
