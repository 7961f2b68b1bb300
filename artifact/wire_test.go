package artifact_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/artifact/artifacttest"
	"github.com/aigov/aigov/internal/pager"
	"github.com/aigov/aigov/internal/wiretest"
	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	awsartifact "github.com/aws/aws-sdk-go-v2/service/artifact"
	"github.com/aws/aws-sdk-go-v2/service/artifact/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

// These tests run the real *awsartifact.Client against canned AWS
// responses, to check that the wire shapes package artifact relies on decode
// (restJson1, RFC 3339 times) and that the errors the fake builds look like
// the ones the real client returns.

func wireClient(t *testing.T, opts ...artifact.Option) (*wiretest.Server, *artifact.Client) {
	srv := wiretest.New(t)
	return srv, artifact.NewFromConfig(srv.Config(), append([]artifact.Option{artifact.WithAccount("123456789012")}, opts...)...)
}

func TestWireReports(t *testing.T) {
	srv, c := wireClient(t)
	srv.Answer("GET /v1/report/list", wiretest.JSON(`{"reports":[{"id":"report-abcdEFGH01234567","arn":"arn:aws:artifact:us-east-1::report/report-abcdEFGH01234567:3",
		"name":"SOC 2 Type 2 Report","description":"AWS SOC 2","category":"Audit Reports","series":"SOC","companyName":"AWS","productName":"AWS",
		"version":3,"state":"PUBLISHED","uploadState":"COMPLETE","statusMessage":"ok","acceptanceType":"EXPLICIT",
		"periodStart":"2025-10-01T00:00:00Z","periodEnd":"2026-03-31T23:59:59.999-07:00"}]}`))
	reports, err := pager.Collect(c.Reports(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	want := []artifact.Report{{
		ID: "report-abcdEFGH01234567", ARN: "arn:aws:artifact:us-east-1::report/report-abcdEFGH01234567:3",
		Name: "SOC 2 Type 2 Report", Description: "AWS SOC 2", Category: "Audit Reports", Series: "SOC", CompanyName: "AWS", ProductName: "AWS",
		Version: 3, State: "PUBLISHED", UploadState: "COMPLETE", StatusMessage: "ok", AcceptanceType: artifact.AcceptanceExplicit,
		PeriodStart: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(2026, 4, 1, 6, 59, 59, 999e6, time.UTC),
	}}
	if d := cmp.Diff(want, reports); d != "" {
		t.Errorf("reports (-want +got):\n%s", d)
	}
	if reports[0].PeriodEnd.Location() != time.UTC {
		t.Error("times are not in UTC")
	}
}

func TestWireAgreements(t *testing.T) {
	srv, c := wireClient(t)
	srv.Answer("GET /v1/customer-agreement/list", wiretest.JSON(`{"customerAgreements":[{"id":"customer-agreement-abcdEFGH01234567",
		"arn":"arn:aws:artifact::123456789012:customer-agreement/customer-agreement-abcdEFGH01234567","agreementArn":"arn:aws:artifact:::agreement/agreement-x",
		"name":"AWS Business Associate Addendum","description":"BAA","type":"DEFAULT","state":"CUSTOMER_TERMINATED","awsAccountId":"123456789012",
		"organizationArn":"arn:aws:organizations::111111111111:organization/o-abc","acceptanceTerms":["I agree"],"terminateTerms":["I understand"],
		"effectiveStart":"2024-01-15T10:00:00Z","effectiveEnd":"2026-03-01T00:00:00Z"}]}`))
	st, err := c.AgreementStatus(context.Background(), artifact.HIPAABAA)
	if err != nil {
		t.Fatal(err)
	}
	want := artifact.AgreementStatus{
		Required: artifact.HIPAABAA, State: artifact.AgreementInactive,
		Agreement: &artifact.Agreement{
			ID: "customer-agreement-abcdEFGH01234567", ARN: "arn:aws:artifact::123456789012:customer-agreement/customer-agreement-abcdEFGH01234567",
			AgreementARN: "arn:aws:artifact:::agreement/agreement-x", Name: "AWS Business Associate Addendum", Description: "BAA", Type: "DEFAULT",
			State: artifact.AgreementStateCustomerTerminated, Account: "123456789012", OrganizationARN: "arn:aws:organizations::111111111111:organization/o-abc",
			EffectiveStart: time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC), EffectiveEnd: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		},
		Reason: `"AWS Business Associate Addendum" (customer-agreement-abcdEFGH01234567) for organisation arn:aws:organizations::111111111111:organization/o-abc was terminated by the customer on 2026-03-01 and no agreement of that name is active`,
	}
	if d := cmp.Diff(want, st); d != "" {
		t.Errorf("status (-want +got):\n%s", d)
	}
}

func TestWireAccountSettings(t *testing.T) {
	srv, c := wireClient(t)
	srv.Answer("GET /v1/account-settings/get", wiretest.JSON(`{"accountSettings":{"notificationSubscriptionStatus":"SUBSCRIBED"}}`))
	s, err := c.AccountSettings(context.Background())
	if err != nil || !s.Subscribed() {
		t.Errorf("settings = %+v, %v", s, err)
	}
	srv.Answer("GET /v1/account-settings/get", wiretest.JSON(`{}`))
	if s, err := c.AccountSettings(context.Background()); err != nil || s.Subscribed() || s.NotificationSubscription != "" {
		t.Errorf("empty settings = %+v, %v", s, err)
	}
}

func TestWireDownload(t *testing.T) {
	doc := []byte("%PDF-1.7 wire")
	s3 := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("X-Amz-Signature") != "sig" {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = w.Write(doc)
	}))
	t.Cleanup(s3.Close)
	srv, c := wireClient(t, artifact.WithHTTPClient(s3.Client()))
	srv.Answer("GET /v1/report/getMetadata", wiretest.JSON(`{"reportDetails":{"id":"report-abcdEFGH01234567","name":"ISO/IEC 27001:2022 Certification",
		"version":4,"state":"PUBLISHED","uploadState":"COMPLETE","acceptanceType":"PASSTHROUGH","periodEnd":"2027-11-07T00:00:00Z",
		"createdAt":"2025-11-10T00:00:00Z","termArn":"arn:aws:artifact:us-east-1::term/x","sequenceNumber":4}}`))
	srv.Answer("GET /v1/report/getTermForReport", wiretest.JSON(`{"termToken":"term-token-x","documentPresignedUrl":"`+s3.URL+`/terms.pdf"}`))
	srv.Answer("GET /v1/report/get", wiretest.JSON(`{"documentPresignedUrl":"`+s3.URL+`/iso27001.pdf?X-Amz-Signature=sig"}`))
	var buf bytes.Buffer
	d, err := c.Download(context.Background(), "report-abcdEFGH01234567", 0, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if d.SHA256 != sha(doc) || d.Report.Version != 4 || d.FileName != "iso27001.pdf" || d.ContentType != "application/pdf" || buf.String() != string(doc) {
		t.Errorf("download = %+v", d)
	}
	var keys []string
	for _, r := range srv.Requests() {
		keys = append(keys, r.Key)
	}
	if d := cmp.Diff([]string{"GET /v1/report/getMetadata", "GET /v1/report/getTermForReport", "GET /v1/report/get"}, keys); d != "" {
		t.Errorf("requests (-want +got):\n%s", d)
	}
}

// recordingClient is an aws.HTTPClient that records the credential scope of
// every request it forwards.
type recordingClient struct {
	mu     sync.Mutex
	scopes []string
}

func (rc *recordingClient) Do(r *http.Request) (*http.Response, error) {
	auth := r.Header.Get("Authorization")
	_, scope, _ := strings.Cut(auth, "Credential=")
	scope, _, _ = strings.Cut(scope, ",")
	rc.mu.Lock()
	rc.scopes = append(rc.scopes, scope)
	rc.mu.Unlock()
	return http.DefaultClient.Do(r)
}

func TestWireRegionIsPinned(t *testing.T) {
	srv := wiretest.New(t)
	srv.Answer("GET /v1/account-settings/get", wiretest.JSON(`{"accountSettings":{"notificationSubscriptionStatus":"NOT_SUBSCRIBED"}}`))
	rec := &recordingClient{}
	cfg := srv.Config()
	cfg.Region, cfg.HTTPClient = "eu-west-1", rec
	if _, err := artifact.NewFromConfig(cfg).AccountSettings(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(rec.scopes) != 1 || !strings.Contains(rec.scopes[0], "/us-east-1/artifact/aws4_request") {
		t.Errorf("signed for %v, want us-east-1", rec.scopes)
	}
}

// TestErrorShapeConformance checks the same assertions against an error the
// real client decoded from the wire and one the fake built.
func TestErrorShapeConformance(t *testing.T) {
	cases := []struct {
		code   string
		status int
		kind   error
		fake   error
		retry  time.Duration
	}{
		{"AccessDeniedException", 403, aigov.ErrAccessDenied, artifacttest.AccessDenied(), 0},
		{"ThrottlingException", 429, aigov.ErrThrottled, &types.ThrottlingException{Message: aws.String("Rate exceeded"), RetryAfterSeconds: aws.Int32(7)}, 7 * time.Second},
		{"ValidationException", 400, nil, nil, 0},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			srv, wire := wireClient(t)
			answer := wiretest.JSONError(tc.status, tc.code, "refused")
			if tc.retry > 0 {
				answer.Header["Retry-After"] = "7"
			}
			srv.Answer("GET /v1/report/list", answer)
			f := artifacttest.New()
			fakeOpts := []artifact.Option{}
			if tc.fake != nil {
				f.Fail("ListReports", tc.fake)
			} else {
				fakeOpts = append(fakeOpts, artifact.WithPageSize(1))
				f.PrependReactor("ListReports", func(call artifacttest.Call) (bool, any, error) {
					// A page size AWS refuses, sent behind the client's back.
					call.Input.(*awsartifact.ListReportsInput).MaxResults = aws.Int32(0)
					return false, nil, nil
				})
			}
			fake := artifact.New(f, fakeOpts...)
			for name, c := range map[string]*artifact.Client{"wire": wire, "fake": fake} {
				_, err := pager.Collect(c.Reports(context.Background()))
				assertShape(t, name, err, tc.code, tc.status, tc.kind)
				if after, _ := artifact.RetryAfter(err); after != tc.retry {
					t.Errorf("%s: RetryAfter = %v, want %v", name, after, tc.retry)
				}
				var resp *awshttp.ResponseError
				if tc.retry > 0 && (!errors.As(err, &resp) || resp.Response.Header.Get("Retry-After") != "7") {
					t.Errorf("%s: no Retry-After header in %v", name, err)
				}
			}
		})
	}
}

func assertShape(t *testing.T, backend string, err error, code string, status int, kind error) {
	t.Helper()
	if aigov.Kind(err) != kind {
		t.Errorf("%s: kind %v, want %v, for %v", backend, aigov.Kind(err), kind, err)
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != code {
		t.Errorf("%s: APIError code: %v", backend, err)
	}
	var opErr *smithy.OperationError
	if !errors.As(err, &opErr) || opErr.Service() != awsartifact.ServiceID || opErr.Operation() != "ListReports" {
		t.Errorf("%s: OperationError: %v", backend, err)
	}
	var e *aigov.Error
	if !errors.As(err, &e) || e.StatusCode != status || e.RequestID == "" || e.Code != code {
		t.Errorf("%s: aigov.Error = %+v", backend, e)
	}
	// Every code here is modeled for ListReports: both arrive typed.
	if _, generic := apiErr.(*smithy.GenericAPIError); generic {
		t.Errorf("%s: %s arrived untyped", backend, code)
	}
}
