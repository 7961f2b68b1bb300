package auditmanager_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/auditmanager"
	"github.com/aigov/aigov/auditmanager/auditmanagertest"
	"github.com/aigov/aigov/internal/pager"
	"github.com/aws/aws-sdk-go-v2/aws"
	sdk "github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/smithy-go"
)

func TestErrorClasses(t *testing.T) {
	tests := []struct {
		name   string
		inject error
		want   error
		code   string
		status int
	}{
		{"access denied", auditmanagertest.AccessDenied(), aigov.ErrAccessDenied, "AccessDeniedException", 403},
		{"throttled", auditmanagertest.Throttling(), aigov.ErrThrottled, "ThrottlingException", 429},
		{"not found", &smithy.GenericAPIError{Code: "ResourceNotFoundException"}, aigov.ErrNotFound, "ResourceNotFoundException", 404},
		{"setup incomplete", auditmanagertest.SetupIncomplete(), aigov.ErrNotEnabled, "AccessDeniedException", 403},
		{"not registered", auditmanagertest.AccountNotRegistered(), aigov.ErrNotEnabled, "AccessDeniedException", 403},
		{"closed to new customers", auditmanagertest.ClosedToNewCustomers(), aigov.ErrNotEnabled, "AccessDeniedException", 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.fake.Fail("*", tt.inject)
			c := w.client(auditmanager.WithAccount("123456789012"), auditmanager.WithRegion("us-east-1"))
			_, err := pager.Collect(c.Assessments(context.Background(), auditmanager.AssessmentFilter{}))
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var e *aigov.Error
			if !errors.As(err, &e) || e.Code != tt.code || e.StatusCode != tt.status || e.RequestID == "" ||
				e.Region != "us-east-1" || e.Account != "123456789012" || e.Operation != "ListAssessments" || e.Service != "auditmanager" {
				t.Errorf("aigov.Error = %+v", e)
			}
			var opErr *smithy.OperationError
			if !errors.As(err, &opErr) || opErr.Service() != sdk.ServiceID {
				t.Errorf("no OperationError in %v", err)
			}
		})
	}
}

// The closed-to-new-customers answer is recognised by its message whatever
// its code, since AWS has not documented which code it uses.
func TestClosedToNewCustomersAnyCode(t *testing.T) {
	w := newWorld(t)
	w.fake.Fail("ListAssessmentFrameworks", &smithy.GenericAPIError{Code: "ValidationException", Message: "AWS Audit Manager is no longer open to new customers"})
	_, err := pager.Collect(w.client().Frameworks(context.Background(), auditmanager.FrameworkFilter{}))
	if !errors.Is(err, aigov.ErrNotEnabled) {
		t.Errorf("err = %v, want ErrNotEnabled", err)
	}
	w.fake.Fail("ListAssessmentFrameworks", &smithy.GenericAPIError{Code: "ValidationException", Message: "name too long"})
	_, err = pager.Collect(w.client().Frameworks(context.Background(), auditmanager.FrameworkFilter{}))
	if aigov.Kind(err) != nil {
		t.Errorf("a plain ValidationException was classified: %v", err)
	}
}

func TestInvalidOptions(t *testing.T) {
	tests := []struct {
		opt  auditmanager.Option
		want string
	}{
		{auditmanager.WithMaxPages(0), "auditmanager: invalid option WithMaxPages: the page limit must be at least 1, got 0"},
		{auditmanager.WithPageSize(1001), "auditmanager: invalid option WithPageSize: the page size must be between 1 and 1000, got 1001"},
		{auditmanager.WithPageSize(0), "auditmanager: invalid option WithPageSize: the page size must be between 1 and 1000, got 0"},
		{auditmanager.WithClock(nil), "auditmanager: invalid option WithClock: the clock must not be nil"},
	}
	for _, tt := range tests {
		w := newWorld(t)
		c := auditmanager.New(w.fake, tt.opt)
		ctx := context.Background()
		check := func(what string, err error) {
			t.Helper()
			if err == nil || err.Error() != tt.want {
				t.Errorf("%s: err = %v, want %q", what, err, tt.want)
			}
		}
		_, err := c.Status(ctx)
		check("Status", err)
		_, err = pager.Collect(c.Assessments(ctx, auditmanager.AssessmentFilter{}))
		check("Assessments", err)
		_, err = pager.Collect(c.Frameworks(ctx, auditmanager.FrameworkFilter{}))
		check("Frameworks", err)
		_, _, err = c.FindFramework(ctx, "x")
		check("FindFramework", err)
		_, err = c.FrameworkUsage(ctx)
		check("FrameworkUsage", err)
		_, err = pager.Collect(c.Evidence(ctx, auditmanager.EvidenceQuery{AssessmentID: w.genai.ID, ControlSetID: w.secure.ID, ControlID: w.secure.Controls[0].ID}))
		check("Evidence", err)
		res, err := c.ImportEvidence(ctx, auditmanager.ImportEvidenceRequest{AssessmentID: w.genai.ID, ControlSetID: w.secure.ID, ControlID: w.secure.Controls[0].ID, Items: []auditmanager.ManualEvidence{{Text: "x"}}})
		check("ImportEvidence", err)
		if len(res.Unsent) != 1 {
			t.Errorf("ImportEvidence lost the item: %+v", res)
		}
		_, err = c.CreateReport(ctx, w.genai.ID, "r", "")
		check("CreateReport", err)
		if n := w.fake.CallCount("*"); n != 0 {
			t.Errorf("a client with an invalid option made %d calls", n)
		}
	}
	if _, err := auditmanager.New(nil).Status(context.Background()); err == nil || !strings.Contains(err.Error(), "the API must not be nil") {
		t.Errorf("nil API: err = %v", err)
	}
}

func TestPaginationGuards(t *testing.T) {
	w := newWorld(t, auditmanagertest.WithPageSize(1))
	_, err := pager.Collect(w.client(auditmanager.WithMaxPages(1)).Assessments(context.Background(), auditmanager.AssessmentFilter{}))
	if !errors.Is(err, aigov.ErrPagination) {
		t.Errorf("page cap: err = %v", err)
	}
	w.fake.PrependReactor("ListAssessments", func(auditmanagertest.Call) (bool, any, error) {
		return true, &sdk.ListAssessmentsOutput{NextToken: aws.String("same")}, nil
	})
	_, err = pager.Collect(w.client().Assessments(context.Background(), auditmanager.AssessmentFilter{}))
	if !errors.Is(err, aigov.ErrPagination) || !strings.Contains(err.Error(), "auditmanager: ListAssessments") {
		t.Errorf("repeated token: err = %v", err)
	}
}

func TestSDKPaginatorWorksOnFake(t *testing.T) {
	w := newWorld(t, auditmanagertest.WithPageSize(1))
	p := sdk.NewListAssessmentsPaginator(w.fake, &sdk.ListAssessmentsInput{})
	n := 0
	for p.HasMorePages() {
		out, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n += len(out.AssessmentMetadata)
	}
	if n != 3 {
		t.Errorf("paginator saw %d assessments, want 3", n)
	}
}

func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w := newWorld(t)
	_, err := pager.Collect(w.client().Assessments(ctx, auditmanager.AssessmentFilter{}))
	if !errors.Is(err, context.Canceled) || aigov.Kind(err) != nil {
		t.Errorf("Assessments: err = %v", err)
	}
	if _, err := w.client().Status(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Status: err = %v", err)
	}
	_, err = w.client().ImportEvidence(ctx, auditmanager.ImportEvidenceRequest{AssessmentID: w.genai.ID, ControlSetID: w.secure.ID, ControlID: w.secure.Controls[0].ID, Items: []auditmanager.ManualEvidence{{Text: "x"}}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("ImportEvidence: err = %v", err)
	}
}

func TestInRegion(t *testing.T) {
	w := newWorld(t)
	w.fake.AddAssessment(auditmanager.Assessment{
		Name: "eu-genai", Region: "eu-west-1", Framework: auditmanager.Framework{Name: auditmanager.FrameworkGenerativeAIv2},
		ControlSets: []auditmanager.ControlSet{{Name: "Secure", Controls: []auditmanager.AssessmentControl{{Name: "c"}}}},
	})
	c := w.client()
	eu := c.InRegion("eu-west-1")
	got := collect(t, eu.Assessments(context.Background(), auditmanager.AssessmentFilter{}))
	if len(got) != 1 || got[0].Name != "eu-genai" || got[0].Region != "eu-west-1" {
		t.Errorf("InRegion: %+v", got)
	}
	if eu.Region() != "eu-west-1" || c.Region() != "" {
		t.Errorf("InRegion changed the original client")
	}
	if calls := w.fake.Calls(); calls[0].Region != "eu-west-1" {
		t.Errorf("call made in %q", calls[0].Region)
	}
}

func TestLogger(t *testing.T) {
	var buf bytes.Buffer
	w := newWorld(t)
	c := w.client(auditmanager.WithLogger(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))), auditmanager.WithRegion("us-east-1"))
	if _, err := c.Status(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); !strings.Contains(s, "service=auditmanager") || !strings.Contains(s, "op=GetAccountStatus") || !strings.Contains(s, "region=us-east-1") {
		t.Errorf("log = %s", s)
	}
}

func TestPageSize(t *testing.T) {
	w := newWorld(t)
	collect(t, w.client(auditmanager.WithPageSize(5)).Assessments(context.Background(), auditmanager.AssessmentFilter{}))
	for _, call := range w.fake.Calls() {
		if in, ok := call.Input.(*sdk.ListAssessmentsInput); ok && aws.ToInt32(in.MaxResults) != 5 {
			t.Errorf("ListAssessments asked for %d items a page", aws.ToInt32(in.MaxResults))
		}
		if in, ok := call.Input.(*sdk.GetEvidenceFoldersByAssessmentInput); ok && aws.ToInt32(in.MaxResults) != 5 {
			t.Errorf("GetEvidenceFoldersByAssessment asked for %d items a page", aws.ToInt32(in.MaxResults))
		}
	}
	w.fake.ResetCalls()
	collect(t, w.client().Frameworks(context.Background(), auditmanager.FrameworkFilter{}))
	if in := w.fake.Calls()[0].Input.(*sdk.ListAssessmentFrameworksInput); aws.ToInt32(in.MaxResults) != 1000 {
		t.Errorf("default page size %d, want 1000", aws.ToInt32(in.MaxResults))
	}
}
