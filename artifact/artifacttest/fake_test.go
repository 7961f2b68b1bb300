package artifacttest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/artifact/artifacttest"
	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	awsartifact "github.com/aws/aws-sdk-go-v2/service/artifact"
	"github.com/aws/aws-sdk-go-v2/service/artifact/types"
	"github.com/aws/smithy-go"
)

var ctx = context.Background()

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

func reason(err error) types.ValidationExceptionReason {
	var ve *types.ValidationException
	if errors.As(err, &ve) {
		return ve.Reason
	}
	return ""
}

func TestLimitsAndTokens(t *testing.T) {
	f := artifacttest.New()
	f.AddReports(artifacttest.Catalog(time.Now())...)
	for _, n := range []int32{0, 301} {
		_, err := f.ListReports(ctx, &awsartifact.ListReportsInput{MaxResults: aws.Int32(n)})
		if code(err) != "ValidationException" || status(err) != 400 || reason(err) != types.ValidationExceptionReasonFieldValidationFailed {
			t.Errorf("maxResults %d: %v", n, err)
		}
	}
	out, err := f.ListReports(ctx, &awsartifact.ListReportsInput{MaxResults: aws.Int32(300)})
	if err != nil || len(out.Reports) != len(artifacttest.Catalog(time.Now())) || out.NextToken != nil {
		t.Fatalf("maxResults 300: %d reports, %v", len(out.Reports), err)
	}
	out, err = f.ListReports(ctx, &awsartifact.ListReportsInput{MaxResults: aws.Int32(2)})
	if err != nil || len(out.Reports) != 2 || out.NextToken == nil {
		t.Fatalf("first page: %v, %v", out, err)
	}
	// A token of one operation is no good for another.
	_, err = f.ListCustomerAgreements(ctx, &awsartifact.ListCustomerAgreementsInput{NextToken: out.NextToken})
	if code(err) != "ValidationException" || reason(err) != types.ValidationExceptionReasonInvalidToken {
		t.Errorf("foreign token: %v", err)
	}
}

func TestSDKAgreementsPaginatorWorksOnFake(t *testing.T) {
	f := artifacttest.New(artifacttest.WithPageSize(1))
	f.AddAgreement(artifacttest.BAA(artifact.AgreementStateActive))
	f.AddAgreement(artifact.Agreement{Name: "AWS Artifact Nondisclosure Agreement"})
	p := awsartifact.NewListCustomerAgreementsPaginator(f, &awsartifact.ListCustomerAgreementsInput{})
	n := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n += len(out.CustomerAgreements)
	}
	if n != 2 {
		t.Errorf("paginator saw %d agreements", n)
	}
}

func TestReportLookups(t *testing.T) {
	f := artifacttest.New()
	r := f.AddReport(artifact.Report{Name: "SOC 3 Report"}, nil)
	_, err := f.GetReportMetadata(ctx, &awsartifact.GetReportMetadataInput{ReportId: aws.String("soc3")})
	if code(err) != "ValidationException" || status(err) != 400 {
		t.Errorf("malformed id: %v", err)
	}
	_, err = f.GetReportMetadata(ctx, &awsartifact.GetReportMetadataInput{ReportId: aws.String("report-zzzzzzzzzzzzzzzz")})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) || aws.ToString(nf.ResourceId) != "report-zzzzzzzzzzzzzzzz" || status(err) != 404 {
		t.Errorf("unknown id: %v", err)
	}
	_, err = f.GetReportMetadata(ctx, &awsartifact.GetReportMetadataInput{ReportId: aws.String(r.ID), ReportVersion: aws.Int64(0)})
	if code(err) != "ValidationException" {
		t.Errorf("version 0: %v", err)
	}
	out, err := f.GetReportMetadata(ctx, &awsartifact.GetReportMetadataInput{ReportId: aws.String(r.ID)})
	if err != nil || aws.ToInt64(out.ReportDetails.Version) != 1 || out.ReportDetails.TermArn == nil {
		t.Errorf("metadata: %+v, %v", out, err)
	}
}

func TestTermTokens(t *testing.T) {
	f := artifacttest.New()
	defer f.Close()
	r1 := f.AddReport(artifact.Report{Name: "SOC 2 Type 2 Report"}, nil)
	f.AddReport(artifact.Report{ID: r1.ID, Name: "SOC 2 Type 2 Report"}, nil)
	term, err := f.GetTermForReport(ctx, &awsartifact.GetTermForReportInput{ReportId: aws.String(r1.ID), ReportVersion: aws.Int64(1)})
	if err != nil || !strings.HasPrefix(aws.ToString(term.DocumentPresignedUrl), "https://") {
		t.Fatalf("term: %+v, %v", term, err)
	}
	cases := []struct {
		name    string
		version *int64
		token   *string
		reason  types.ValidationExceptionReason
	}{
		{"no token", aws.Int64(1), nil, types.ValidationExceptionReasonFieldValidationFailed},
		{"made-up token", aws.Int64(1), aws.String("term-token-made-up"), types.ValidationExceptionReasonInvalidToken},
		{"token of another version", nil, term.TermToken, types.ValidationExceptionReasonInvalidToken},
	}
	for _, tc := range cases {
		_, err := f.GetReport(ctx, &awsartifact.GetReportInput{ReportId: aws.String(r1.ID), ReportVersion: tc.version, TermToken: tc.token})
		if reason(err) != tc.reason {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	out, err := f.GetReport(ctx, &awsartifact.GetReportInput{ReportId: aws.String(r1.ID), ReportVersion: aws.Int64(1), TermToken: term.TermToken})
	if err != nil || !strings.Contains(aws.ToString(out.DocumentPresignedUrl), "/v1/") {
		t.Errorf("GetReport: %+v, %v", out, err)
	}
	if terms := f.Terms(); len(terms) != 1 || terms[0].Version != 1 || terms[0].Token != aws.ToString(term.TermToken) {
		t.Errorf("terms = %+v", terms)
	}
}

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func get(t *testing.T, hc *http.Client, method, url string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestDocumentServer(t *testing.T) {
	f := artifacttest.New()
	defer f.Close()
	clk := &clock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	f.SetClock(clk.Now)
	r := f.AddReport(artifact.Report{Name: "SOC 2 Type 2 Report"}, []byte("the report"))
	term, _ := f.GetTermForReport(ctx, &awsartifact.GetTermForReportInput{ReportId: aws.String(r.ID)})
	out, err := f.GetReport(ctx, &awsartifact.GetReportInput{ReportId: aws.String(r.ID), TermToken: term.TermToken})
	if err != nil {
		t.Fatal(err)
	}
	url := aws.ToString(out.DocumentPresignedUrl)
	hc := f.HTTPClient()

	if st, body := get(t, hc, http.MethodGet, url); st != 200 || body != "the report" {
		t.Errorf("GET: %d %q", st, body)
	}
	if st, body := get(t, hc, http.MethodGet, aws.ToString(term.DocumentPresignedUrl)); st != 200 || !strings.Contains(body, "Terms and conditions of SOC 2 Type 2 Report") {
		t.Errorf("GET terms: %d %q", st, body)
	}
	if st, body := get(t, hc, http.MethodGet, strings.Replace(url, "X-Amz-Signature=", "X-Amz-Signature=0", 1)); st != 403 || !strings.Contains(body, "<Code>SignatureDoesNotMatch</Code>") {
		t.Errorf("bad signature: %d %q", st, body)
	}
	if st, body := get(t, hc, http.MethodGet, strings.Replace(url, "/v1/", "/v2/", 1)); st != 403 || !strings.Contains(body, "SignatureDoesNotMatch") {
		t.Errorf("a signature for another key: %d %q", st, body)
	}
	if st, _ := get(t, hc, http.MethodPost, url); st != 405 {
		t.Errorf("POST: %d", st)
	}
	clk.Add(6 * time.Minute)
	if st, body := get(t, hc, http.MethodGet, url); st != 403 || !strings.Contains(body, "<Message>Request has expired</Message>") {
		t.Errorf("expired: %d %q", st, body)
	}
	if n := f.DocumentRequests(); n != 6 {
		t.Errorf("DocumentRequests = %d, want 6", n)
	}
	// The server is HTTPS with its own certificate: a client that does not
	// trust it fails.
	if _, err := http.Get(url); err == nil {
		t.Error("an untrusting client fetched the document")
	}
}

func TestCloseThenUseAgain(t *testing.T) {
	f := artifacttest.New()
	f.Close() // never started: a no-op
	r := f.AddReport(artifact.Report{Name: "SOC 3 Report"}, []byte("soc 3"))
	f.HTTPClient() // starts the server
	f.Close()
	c := artifact.New(f, artifact.WithHTTPClient(f.HTTPClient()))
	defer f.Close()
	var b strings.Builder
	if _, err := c.Download(ctx, r.ID, 0, &b); err != nil || b.String() != "soc 3" {
		t.Errorf("download after Close: %q, %v", b.String(), err)
	}
}

func TestThrottlingSendsRetryAfter(t *testing.T) {
	f := artifacttest.New()
	f.Fail("GetAccountSettings", artifacttest.Throttling())
	_, err := f.GetAccountSettings(ctx, &awsartifact.GetAccountSettingsInput{})
	var re *awshttp.ResponseError
	if !errors.As(err, &re) || re.HTTPStatusCode() != 429 || re.Response.Header.Get("Retry-After") != "1" {
		t.Errorf("err = %v", err)
	}
	if after, ok := artifact.RetryAfter(err); !ok || after != time.Second {
		t.Errorf("RetryAfter = %v, %v", after, ok)
	}
	f = artifacttest.New()
	f.Fail("*", artifacttest.AccessDenied())
	_, err = f.GetAccountSettings(ctx, &awsartifact.GetAccountSettingsInput{})
	if !errors.As(err, &re) || re.HTTPStatusCode() != 403 || re.Response.Header.Get("Retry-After") != "" {
		t.Errorf("access denied: %v", err)
	}
}

func TestOnlyUSEast1Answers(t *testing.T) {
	f := artifacttest.New()
	_, err := f.GetAccountSettings(ctx, &awsartifact.GetAccountSettingsInput{}, func(o *awsartifact.Options) { o.Region = "ap-southeast-2" })
	if err == nil || !strings.Contains(err.Error(), "lookup artifact.ap-southeast-2.amazonaws.com: no such host") {
		t.Errorf("err = %v", err)
	}
	if calls := f.Calls(); len(calls) != 1 || calls[0].Region != "ap-southeast-2" {
		t.Errorf("calls = %+v", calls)
	}
}

func TestSeedingPanics(t *testing.T) {
	cases := map[string]func(f *artifacttest.Fake){
		"report without name":  func(f *artifacttest.Fake) { f.AddReport(artifact.Report{}, nil) },
		"report id of no form": func(f *artifacttest.Fake) { f.AddReport(artifact.Report{ID: "soc2", Name: "x"}, nil) },
		"duplicate version": func(f *artifacttest.Fake) {
			r := f.AddReport(artifact.Report{Name: "x"}, nil)
			f.AddReport(artifact.Report{ID: r.ID, Name: "x", Version: 1}, nil)
		},
		"negative version":       func(f *artifacttest.Fake) { f.AddReport(artifact.Report{Name: "x", Version: -1}, nil) },
		"agreement without name": func(f *artifacttest.Fake) { f.AddAgreement(artifact.Agreement{}) },
		"agreement state":        func(f *artifacttest.Fake) { f.AddAgreement(artifact.Agreement{Name: "x", State: "SIGNED"}) },
		"agreement id":           func(f *artifacttest.Fake) { f.AddAgreement(artifact.Agreement{Name: "x", ID: "baa"}) },
		"duplicate agreement": func(f *artifacttest.Fake) {
			a := f.AddAgreement(artifact.Agreement{Name: "x"})
			f.AddAgreement(artifact.Agreement{Name: "x", ID: a.ID})
		},
	}
	for name, seed := range cases {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			seed(artifacttest.New())
		})
	}
}

func TestMadeUpIDsSkipChosenOnes(t *testing.T) {
	f := artifacttest.New()
	f.AddReport(artifact.Report{ID: "report-0000000000000001", Name: "chosen"}, nil)
	if r := f.AddReport(artifact.Report{Name: "made up"}, nil); r.ID != "report-0000000000000002" || r.Version != 1 {
		t.Errorf("report = %+v", r)
	}
	f.AddAgreement(artifact.Agreement{ID: "customer-agreement-0000000000000002", Name: "chosen"})
	if a := f.AddAgreement(artifact.Agreement{Name: "made up"}); a.ID != "customer-agreement-0000000000000003" {
		t.Errorf("agreement = %+v", a)
	}
}

func TestCatalogMeetsTheDefaults(t *testing.T) {
	end := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	for _, st := range artifact.EvaluateCertifications(artifacttest.Catalog(end), end.AddDate(0, 1, 0)) {
		if st.State != artifact.CertificationCurrent {
			t.Errorf("%s: %s", st.Requirement.Name, st.Reason)
		}
	}
}
