package artifact_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/artifact/artifacttest"
	"github.com/aigov/aigov/internal/pager"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsartifact "github.com/aws/aws-sdk-go-v2/service/artifact"
	"github.com/aws/aws-sdk-go-v2/service/artifact/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

// t0 is the fake clock's time in every test; periodEnd ends the seeded
// reports' periods four months earlier.
var (
	t0        = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	periodEnd = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
)

func clock() time.Time { return t0 }

// seeded returns a fake with AWS's catalogue of reports and an active BAA.
func seeded(t *testing.T, opts ...artifacttest.Option) *artifacttest.Fake {
	t.Helper()
	f := artifacttest.New(opts...)
	t.Cleanup(f.Close)
	f.SetClock(clock)
	f.AddReports(artifacttest.Catalog(periodEnd)...)
	f.AddAgreement(artifacttest.BAA(artifact.AgreementStateActive))
	return f
}

func collect[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		out = append(out, v)
	}
	return out
}

func TestReports(t *testing.T) {
	f := seeded(t, artifacttest.WithPageSize(4))
	c := artifact.New(f)
	reports := collect(t, c.Reports(context.Background()))
	if len(reports) != len(artifacttest.Catalog(periodEnd)) {
		t.Fatalf("got %d reports, want %d", len(reports), len(artifacttest.Catalog(periodEnd)))
	}
	if got := f.CallCount("ListReports"); got != 4 {
		t.Errorf("ListReports called %d times, want 4 pages of at most 4", got)
	}
	want := artifact.Report{
		ID: "report-0000000000000008", ARN: "arn:aws:artifact:us-east-1::report/report-0000000000000008:1",
		Name: "SOC 2 Type 2 Report", Category: "Audit Reports", Series: "SOC", CompanyName: "AWS", ProductName: "AWS",
		Version: 1, State: "PUBLISHED", UploadState: "COMPLETE", AcceptanceType: artifact.AcceptanceExplicit,
		PeriodStart: periodEnd.AddDate(0, -6, 0), PeriodEnd: periodEnd,
	}
	if d := cmp.Diff(want, reports[7]); d != "" {
		t.Errorf("report (-want +got):\n%s", d)
	}
	for _, call := range f.Calls() {
		in := call.Input.(*awsartifact.ListReportsInput)
		if call.Region != "us-east-1" || aws.ToInt32(in.MaxResults) != 300 {
			t.Errorf("call in %q with maxResults %d, want us-east-1 and 300", call.Region, aws.ToInt32(in.MaxResults))
		}
	}
}

func TestReportsShowLatestVersion(t *testing.T) {
	f := artifacttest.New()
	first := f.AddReport(artifact.Report{Name: "SOC 2 Type 2 Report", PeriodEnd: periodEnd.AddDate(0, -6, 0)}, nil)
	f.AddReport(artifact.Report{ID: first.ID, Name: "SOC 2 Type 2 Report", PeriodEnd: periodEnd}, nil)
	reports := collect(t, artifact.New(f).Reports(context.Background()))
	if len(reports) != 1 || reports[0].Version != 2 || !reports[0].PeriodEnd.Equal(periodEnd) {
		t.Errorf("reports = %+v, want version 2 only", reports)
	}
}

func TestSDKPaginatorWorksOnFake(t *testing.T) {
	f := seeded(t, artifacttest.WithPageSize(5))
	p := awsartifact.NewListReportsPaginator(f, &awsartifact.ListReportsInput{})
	n := 0
	for p.HasMorePages() {
		out, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n += len(out.Reports)
	}
	if n != len(artifacttest.Catalog(periodEnd)) {
		t.Errorf("paginator saw %d reports", n)
	}
}

func TestReportWithoutIDKeepsWhatWasRead(t *testing.T) {
	f := artifacttest.New()
	f.PrependReactor("ListReports", func(call artifacttest.Call) (bool, any, error) {
		if call.Input.(*awsartifact.ListReportsInput).NextToken == nil {
			return true, &awsartifact.ListReportsOutput{Reports: []types.ReportSummary{{Id: aws.String("report-aaaaaaaaaaaaaaaa"), Name: aws.String("A")}}, NextToken: aws.String("p2")}, nil
		}
		return true, &awsartifact.ListReportsOutput{Reports: []types.ReportSummary{{Id: aws.String("report-bbbbbbbbbbbbbbbb"), Name: aws.String("B")}, {Name: aws.String("Nameless")}}}, nil
	})
	var got []string
	var err error
	for r, e := range artifact.New(f).Reports(context.Background()) {
		if e != nil {
			err = e
			break
		}
		got = append(got, r.Name)
	}
	if d := cmp.Diff([]string{"A", "B"}, got); d != "" {
		t.Errorf("reports before the bad one lost (-want +got):\n%s", d)
	}
	if err == nil || err.Error() != `artifact: ListReports: report 3 of the listing ("Nameless") has no id` {
		t.Errorf("err = %v", err)
	}
}

func TestAgreementWithoutIDKeepsWhatWasRead(t *testing.T) {
	f := artifacttest.New()
	f.PrependReactor("ListCustomerAgreements", func(call artifacttest.Call) (bool, any, error) {
		page := []types.CustomerAgreementSummary{{Id: aws.String("customer-agreement-aaaaaaaaaaaaaaaa"), Name: aws.String("AWS Business Associate Addendum"), State: "ACTIVE"}}
		if call.Input.(*awsartifact.ListCustomerAgreementsInput).NextToken == nil {
			return true, &awsartifact.ListCustomerAgreementsOutput{CustomerAgreements: page, NextToken: aws.String("p2")}, nil
		}
		return true, &awsartifact.ListCustomerAgreementsOutput{CustomerAgreements: []types.CustomerAgreementSummary{{Name: aws.String("Nameless")}}}, nil
	})
	got, err := pager.Collect(artifact.New(f).Agreements(context.Background()))
	if len(got) != 1 || got[0].Name != "AWS Business Associate Addendum" {
		t.Errorf("agreements before the bad one lost: %+v", got)
	}
	if err == nil || err.Error() != `artifact: ListCustomerAgreements: agreement 2 of the listing ("Nameless") has no id` {
		t.Errorf("err = %v", err)
	}
	// AgreementStatus answers nothing from a listing that failed.
	if _, err := artifact.New(f).AgreementStatus(context.Background(), artifact.HIPAABAA); err == nil {
		t.Error("AgreementStatus answered from part of the listing")
	}
}

func TestAgreements(t *testing.T) {
	f := artifacttest.New(artifacttest.WithPageSize(1))
	f.SetClock(clock)
	f.AddAgreement(artifacttest.BAA(artifact.AgreementStateCustomerTerminated))
	f.AddAgreement(artifact.Agreement{Name: "AWS Artifact Nondisclosure Agreement", OrganizationARN: "arn:aws:organizations::111111111111:organization/o-abc"})
	got := collect(t, artifact.New(f).Agreements(context.Background()))
	want := []artifact.Agreement{
		{
			ID: "customer-agreement-0000000000000001", ARN: "arn:aws:artifact::123456789012:customer-agreement/customer-agreement-0000000000000001",
			AgreementARN: "arn:aws:artifact:::agreement/agreement-0000000000000001", Name: "AWS Business Associate Addendum",
			Description: artifacttest.BAA("").Description, Type: "DEFAULT", State: artifact.AgreementStateCustomerTerminated,
			Account: "123456789012", EffectiveStart: t0, EffectiveEnd: t0,
		},
		{
			ID: "customer-agreement-0000000000000002", ARN: "arn:aws:artifact::123456789012:customer-agreement/customer-agreement-0000000000000002",
			AgreementARN: "arn:aws:artifact:::agreement/agreement-0000000000000002", Name: "AWS Artifact Nondisclosure Agreement",
			Type: "DEFAULT", State: artifact.AgreementStateActive, Account: "123456789012",
			OrganizationARN: "arn:aws:organizations::111111111111:organization/o-abc", EffectiveStart: t0,
		},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("agreements (-want +got):\n%s", d)
	}
	if n := f.CallCount("ListCustomerAgreements"); n != 2 {
		t.Errorf("%d calls, want 2 pages", n)
	}
	if got[0].Active() || !got[1].Active() {
		t.Error("Active() is wrong")
	}
}

func TestAgreementStatusThroughFake(t *testing.T) {
	f := artifacttest.New()
	f.SetClock(clock)
	f.AddAgreement(artifacttest.BAA(artifact.AgreementStateAWSTerminated))
	c := artifact.New(f)
	st, err := c.AgreementStatus(context.Background(), artifact.HIPAABAA)
	if err != nil {
		t.Fatal(err)
	}
	if st.State != artifact.AgreementInactive || st.Agreement == nil || st.Agreement.State != artifact.AgreementStateAWSTerminated {
		t.Errorf("status = %+v", st)
	}
	if want := `"AWS Business Associate Addendum" (customer-agreement-0000000000000001) was terminated by AWS on 2026-11-01 and no agreement of that name is active`; st.Reason != want {
		t.Errorf("reason = %q\nwant     %q", st.Reason, want)
	}
	if _, err := c.AgreementStatus(context.Background(), " - "); err == nil {
		t.Error("an empty agreement name was accepted")
	}
}

func TestAccountSettings(t *testing.T) {
	f := artifacttest.New()
	c := artifact.New(f)
	s, err := c.AccountSettings(context.Background())
	if err != nil || s.Subscribed() || s.NotificationSubscription != "NOT_SUBSCRIBED" {
		t.Errorf("default settings = %+v, %v", s, err)
	}
	f.SetAccountSettings(artifact.AccountSettings{NotificationSubscription: "SUBSCRIBED"})
	if s, err := c.AccountSettings(context.Background()); err != nil || !s.Subscribed() {
		t.Errorf("settings = %+v, %v", s, err)
	}
}

func TestErrorClasses(t *testing.T) {
	tests := []struct {
		name   string
		inject error
		want   error
		code   string
		status int
	}{
		{"access denied", artifacttest.AccessDenied(), aigov.ErrAccessDenied, "AccessDeniedException", 403},
		{"throttled", artifacttest.Throttling(), aigov.ErrThrottled, "ThrottlingException", 429},
		{"not found", &types.ResourceNotFoundException{Message: aws.String("gone")}, aigov.ErrNotFound, "ResourceNotFoundException", 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := seeded(t)
			f.Fail("*", tt.inject)
			c := artifact.New(f, artifact.WithAccount("123456789012"))
			_, err := pager.Collect(c.Reports(context.Background()))
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var e *aigov.Error
			if !errors.As(err, &e) || e.Code != tt.code || e.StatusCode != tt.status || e.RequestID == "" || e.Region != "us-east-1" || e.Account != "123456789012" || e.Operation != "ListReports" {
				t.Errorf("aigov.Error = %+v", e)
			}
			var opErr *smithy.OperationError
			if !errors.As(err, &opErr) || opErr.Service() != "Artifact" {
				t.Errorf("no OperationError in %v", err)
			}
			// Every entry point reports the same class.
			if _, err := c.AccountSettings(context.Background()); !errors.Is(err, tt.want) {
				t.Errorf("AccountSettings: %v", err)
			}
			if _, err := c.CheckCertifications(context.Background()); !errors.Is(err, tt.want) {
				t.Errorf("CheckCertifications: %v", err)
			}
			if _, err := c.AgreementStatus(context.Background(), artifact.HIPAABAA); !errors.Is(err, tt.want) {
				t.Errorf("AgreementStatus: %v", err)
			}
		})
	}
}

func TestThrottlingCarriesRetryAfter(t *testing.T) {
	f := seeded(t)
	f.FailN("ListReports", 1, &types.ThrottlingException{Message: aws.String("Rate exceeded"), RetryAfterSeconds: aws.Int32(12)})
	c := artifact.New(f)
	_, err := pager.Collect(c.Reports(context.Background()))
	if after, ok := artifact.RetryAfter(err); !ok || after != 12*time.Second {
		t.Errorf("RetryAfter = %v, %v for %v", after, ok, err)
	}
	if reports, err := pager.Collect(c.Reports(context.Background())); err != nil || len(reports) == 0 {
		t.Errorf("second call: %d reports, %v", len(reports), err)
	}
	if _, ok := artifact.RetryAfter(errors.New("plain")); ok {
		t.Error("RetryAfter found a delay in a plain error")
	}
}

func TestNotEnabledOutsideTheAWSPartition(t *testing.T) {
	for _, region := range []string{"cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-iso-east-1", "us-isob-east-1", "eusc-de-east-1"} {
		c := artifact.NewFromConfig(aws.Config{Region: region})
		_, err := pager.Collect(c.Reports(context.Background()))
		if !errors.Is(err, aigov.ErrNotEnabled) || !errors.Is(err, artifact.ErrUnsupportedPartition) || !strings.Contains(err.Error(), region) {
			t.Errorf("%s: err = %v", region, err)
		}
		if _, err := c.Download(context.Background(), "report-0000000000000001", 0, &strings.Builder{}); !errors.Is(err, aigov.ErrNotEnabled) {
			t.Errorf("%s: Download err = %v", region, err)
		}
	}
	want := "artifact: region cn-north-1 is in the aws-cn partition: AWS Artifact's API is served only from us-east-1 in the aws partition: not enabled or subscription required"
	_, err := artifact.NewFromConfig(aws.Config{Region: "cn-north-1"}).AccountSettings(context.Background())
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant  %s", err, want)
	}
}

func TestEveryCallIsInUSEast1(t *testing.T) {
	// A fake whose SDK-side region is eu-west-1 answers as AWS would, with
	// no endpoint there; the client's calls still go to us-east-1.
	f := seeded(t, artifacttest.WithRegion("eu-west-1"))
	c := artifact.New(f, artifact.WithHTTPClient(f.HTTPClient()))
	collect(t, c.Reports(context.Background()))
	collect(t, c.Agreements(context.Background()))
	if _, err := c.AccountSettings(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Download(context.Background(), "report-0000000000000001", 0, &strings.Builder{}); err != nil {
		t.Fatal(err)
	}
	for _, call := range f.Calls() {
		if call.Region != "us-east-1" {
			t.Errorf("%s called in %s", call.Op, call.Region)
		}
	}
	// Without the client's pin the fake refuses, as AWS's DNS would.
	_, err := f.ListReports(context.Background(), &awsartifact.ListReportsInput{})
	if err == nil || !strings.Contains(err.Error(), "artifact.eu-west-1.amazonaws.com") || aigov.Kind(err) != nil {
		t.Errorf("call outside us-east-1: %v", err)
	}
}

func TestPaginationGuards(t *testing.T) {
	f := seeded(t, artifacttest.WithPageSize(1))
	_, err := pager.Collect(artifact.New(f, artifact.WithMaxPages(2)).Reports(context.Background()))
	if !errors.Is(err, aigov.ErrPagination) {
		t.Errorf("page cap: err = %v", err)
	}
	f.PrependReactor("ListCustomerAgreements", func(artifacttest.Call) (bool, any, error) {
		return true, &awsartifact.ListCustomerAgreementsOutput{NextToken: aws.String("same")}, nil
	})
	_, err = pager.Collect(artifact.New(f).Agreements(context.Background()))
	if !errors.Is(err, aigov.ErrPagination) || !strings.Contains(err.Error(), "artifact: ListCustomerAgreements") {
		t.Errorf("repeated token: err = %v", err)
	}
}

func TestPageSize(t *testing.T) {
	f := seeded(t)
	collect(t, artifact.New(f, artifact.WithPageSize(5)).Reports(context.Background()))
	if n := f.CallCount("ListReports"); n != 3 {
		t.Errorf("%d calls for %d reports in pages of 5", n, len(artifacttest.Catalog(periodEnd)))
	}
}

func TestInvalidOptions(t *testing.T) {
	tests := []struct {
		opt  artifact.Option
		want string
	}{
		{artifact.WithMaxPages(0), "artifact: invalid option WithMaxPages: the page limit must be at least 1, got 0"},
		{artifact.WithPageSize(301), "artifact: invalid option WithPageSize: the page size must be between 1 and 300, got 301"},
		{artifact.WithClock(nil), "artifact: invalid option WithClock: the clock must not be nil"},
		{artifact.WithHTTPClient(nil), "artifact: invalid option WithHTTPClient: the HTTP client must not be nil"},
	}
	for _, tt := range tests {
		f := seeded(t)
		c := artifact.New(f, tt.opt)
		ctx := context.Background()
		errs := map[string]error{}
		_, errs["Reports"] = pager.Collect(c.Reports(ctx))
		_, errs["Agreements"] = pager.Collect(c.Agreements(ctx))
		_, errs["CheckCertifications"] = c.CheckCertifications(ctx)
		_, errs["AgreementStatus"] = c.AgreementStatus(ctx, artifact.HIPAABAA)
		_, errs["AccountSettings"] = c.AccountSettings(ctx)
		_, errs["Download"] = c.Download(ctx, "report-0000000000000001", 0, &strings.Builder{})
		for name, err := range errs {
			if err == nil || err.Error() != tt.want {
				t.Errorf("%s: err = %v, want %q", name, err, tt.want)
			}
		}
		if f.CallCount("*") != 0 {
			t.Errorf("a client with an invalid option called AWS")
		}
	}
	var nilClient *awsartifact.Client
	for _, api := range []artifact.API{nil, nilClient} {
		if _, err := pager.Collect(artifact.New(api).Reports(context.Background())); err == nil || !strings.Contains(err.Error(), "the API must not be nil") {
			t.Errorf("nil API %T: err = %v", api, err)
		}
	}
}

func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := seeded(t)
	c := artifact.New(f, artifact.WithHTTPClient(f.HTTPClient()))
	_, err := pager.Collect(c.Reports(ctx))
	if !errors.Is(err, context.Canceled) || aigov.Kind(err) != nil {
		t.Errorf("Reports: err = %v", err)
	}
	if _, err := c.CheckCertifications(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("CheckCertifications: err = %v", err)
	}
	if _, err := c.Download(ctx, "report-0000000000000001", 0, &strings.Builder{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Download: err = %v", err)
	}
}

func TestLogsEveryCall(t *testing.T) {
	var b strings.Builder
	logger := slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{Level: slog.LevelDebug, ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey || a.Key == "took" {
			return slog.Attr{}
		}
		return a
	}}))
	f := seeded(t)
	c := artifact.New(f, artifact.WithLogger(logger), artifact.WithAccount("123456789012"), artifact.WithHTTPClient(f.HTTPClient()))
	d, err := c.Download(context.Background(), "report-0000000000000001", 0, &strings.Builder{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`level=DEBUG msg="aws call" service=artifact op=GetReportMetadata region=us-east-1 account=123456789012`,
		`level=DEBUG msg="aws call" service=artifact op=GetTermForReport region=us-east-1 account=123456789012`,
		`level=DEBUG msg="aws call" service=artifact op=GetReport region=us-east-1 account=123456789012`,
		`level=DEBUG msg="document downloaded" service=artifact report=report-0000000000000001 version=1 bytes=` + fmt.Sprint(d.Bytes) + ` account=123456789012`,
	}
	if d := cmp.Diff(want, strings.Split(strings.TrimSpace(b.String()), "\n")); d != "" {
		t.Errorf("logs (-want +got):\n%s", d)
	}
	if strings.Contains(b.String(), "X-Amz-Signature") {
		t.Error("a presigned URL reached the log")
	}
}
