package auditmanager_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/auditmanager"
	"github.com/aigov/aigov/auditmanager/auditmanagertest"
	"github.com/aigov/aigov/internal/pager"
	"github.com/aws/aws-sdk-go-v2/aws"
	sdk "github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"
	"github.com/google/go-cmp/cmp"
)

func TestAssessments(t *testing.T) {
	w := newWorld(t, auditmanagertest.WithPageSize(1))
	got := collect(t, w.client().Assessments(context.Background(), auditmanager.AssessmentFilter{}))
	if len(got) != 2 || got[0].Name != "genai-prod" || got[1].Name != "soc2-2026" {
		t.Fatalf("got %d assessments %v, want genai-prod and soc2-2026 in that order", len(got), names(got))
	}
	if n := w.fake.CallCount("ListAssessments"); n != 2 {
		t.Errorf("ListAssessments called %d times, want 2 pages of one", n)
	}
	a := got[0]
	if a.ID != w.genai.ID || a.Status != auditmanager.AssessmentActive || a.Account != "123456789012" || a.Region != "us-east-1" ||
		a.ARN != "arn:aws:auditmanager:us-east-1:123456789012:assessment/"+w.genai.ID || !a.CreatedAt.Equal(t0) {
		t.Errorf("assessment = %+v", a)
	}
	wantFw := auditmanager.Framework{
		ID: "00000000-0000-4000-a000-000000000001", ARN: "arn:aws:auditmanager:us-east-1::assessmentFramework/00000000-0000-4000-a000-000000000001",
		Name: auditmanager.FrameworkGenerativeAIv2, Type: auditmanager.Standard, ComplianceType: "Generative AI",
		ControlSetCount: 8, ControlCount: 110,
		CreatedAt: time.Date(2024, 6, 11, 0, 0, 0, 0, time.UTC), LastUpdatedAt: time.Date(2024, 6, 11, 0, 0, 0, 0, time.UTC),
	}
	if d := cmp.Diff(wantFw, a.Framework); d != "" {
		t.Errorf("framework (-want +got):\n%s", d)
	}
	var sets []string
	for _, cs := range a.ControlSets {
		sets = append(sets, cs.Name)
	}
	if strings.Join(sets, ",") != "Responsible,Safe,Fair,Sustainable,Resilience,Privacy,Accuracy,Secure" {
		t.Errorf("control sets out of the framework's order: %v", sets)
	}
	secure := a.ControlSets[7]
	want := auditmanager.AssessmentControl{
		ID: w.secure.Controls[0].ID, Name: "Secure - Notebook instances have no direct internet access",
		Status: auditmanager.ControlUnderReview, Response: auditmanager.ResponseAutomate,
		EvidenceSources: []string{"AWS Config", "AWS Security Hub"},
		EvidenceCount:   3, ComplianceCheckCount: 3, NonCompliantEvidenceCount: 2, LastEvidenceAt: t0,
	}
	if d := cmp.Diff(want, secure.Controls[0]); d != "" {
		t.Errorf("control (-want +got):\n%s", d)
	}
	if c := secure.Controls[1]; c.NonCompliantEvidenceCount != 0 || c.ComplianceCheckCount != 1 || c.EvidenceCount != 1 {
		t.Errorf("second control = %+v", c)
	}
	if secure.SystemEvidenceCount != 4 || secure.ManualEvidenceCount != 0 || secure.ID != "Secure" {
		t.Errorf("control set = %+v", secure)
	}
	if c := a.ControlSets[0].Controls[0]; c.EvidenceCount != 1 || c.ComplianceCheckCount != 0 || c.LastEvidenceAt != t0 {
		t.Errorf("user activity control = %+v", c)
	}
	if got[1].Framework.Type != auditmanager.Standard || got[1].ControlSets[0].Controls[0].LastEvidenceAt != (time.Time{}) {
		t.Errorf("soc2 = %+v", got[1])
	}
}

func names(as []auditmanager.Assessment) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

// Old evidence of a fixed problem need not count: EvidenceSince keeps the
// folders from a day on.
func TestAssessmentsEvidenceSince(t *testing.T) {
	w := newWorld(t)
	// Counted by UTC day: today's folder counts though its evidence is
	// older than the hour asked for.
	since := t0.Add(2 * time.Hour)
	got := collect(t, w.client().Assessments(context.Background(), auditmanager.AssessmentFilter{EvidenceSince: since}))
	c := got[0].ControlSets[7].Controls[0]
	if c.ComplianceCheckCount != 1 || c.NonCompliantEvidenceCount != 1 || c.EvidenceCount != 3 || !got[0].EvidenceSince.Equal(since) {
		t.Errorf("control = %+v", c)
	}
}

func TestAssessmentsFilter(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	all := collect(t, w.client().Assessments(ctx, auditmanager.AssessmentFilter{Status: auditmanager.AnyAssessmentStatus}))
	if strings.Join(names(all), ",") != "genai-prod,iso-2025,soc2-2026" {
		t.Errorf("any status: %v", names(all))
	}
	inactive := collect(t, w.client().Assessments(ctx, auditmanager.AssessmentFilter{Status: auditmanager.AssessmentInactive}))
	if len(inactive) != 1 || inactive[0].Status != auditmanager.AssessmentInactive {
		t.Errorf("inactive: %v", names(inactive))
	}
	soc2 := collect(t, w.client().Assessments(ctx, auditmanager.AssessmentFilter{Framework: "SOC 2"}))
	if len(soc2) != 1 || soc2[0].Name != "soc2-2026" {
		t.Errorf("framework SOC 2: %v", names(soc2))
	}
	if n := w.fake.CallCount("GetEvidenceFoldersByAssessment"); n != 3+1+1 {
		t.Errorf("folders listed %d times; an assessment left out by the framework filter must not be counted", n)
	}
	_, err := pager.Collect(w.client().Assessments(ctx, auditmanager.AssessmentFilter{Status: "OPEN"}))
	if err == nil || !strings.Contains(err.Error(), `unknown assessment status "OPEN"`) {
		t.Errorf("bad status: err = %v", err)
	}
	if w.fake.CallCount("ListAssessments") != 3 {
		t.Errorf("a bad filter called AWS")
	}
}

func TestAssessmentsEarlyBreak(t *testing.T) {
	w := newWorld(t)
	for range w.client().Assessments(context.Background(), auditmanager.AssessmentFilter{}) {
		break
	}
	if n := w.fake.CallCount("GetAssessment"); n != 1 {
		t.Errorf("GetAssessment called %d times after a break on the first", n)
	}
}

// A malformed item fails with an error naming it, after the assessments read
// before it.
func TestAssessmentsMalformed(t *testing.T) {
	w := newWorld(t)
	w.fake.PrependReactor("ListAssessments", func(auditmanagertest.Call) (bool, any, error) {
		return true, &sdk.ListAssessmentsOutput{AssessmentMetadata: []types.AssessmentMetadataItem{
			{Id: aws.String(w.genai.ID), Name: aws.String("genai-prod")},
			{Name: aws.String("ghost")},
		}}, nil
	})
	var got []string
	var err error
	for a, e := range w.client().Assessments(context.Background(), auditmanager.AssessmentFilter{}) {
		if e != nil {
			err = e
			break
		}
		got = append(got, a.Name)
	}
	if len(got) != 1 || err == nil || !strings.Contains(err.Error(), `ListAssessments: AWS returned an assessment without an id (name "ghost")`) {
		t.Errorf("got %v, err %v", got, err)
	}

	w = newWorld(t)
	w.fake.PrependReactor("GetEvidenceFoldersByAssessment", func(auditmanagertest.Call) (bool, any, error) {
		return true, &sdk.GetEvidenceFoldersByAssessmentOutput{EvidenceFolders: []types.AssessmentEvidenceFolder{{Id: aws.String("f")}}}, nil
	})
	_, err = pager.Collect(w.client().Assessments(context.Background(), auditmanager.AssessmentFilter{}))
	if err == nil || !strings.Contains(err.Error(), `evidence folder "f" names no control set or control`) {
		t.Errorf("folder without control: err = %v", err)
	}

	w = newWorld(t)
	w.fake.PrependReactor("GetAssessment", func(auditmanagertest.Call) (bool, any, error) {
		return true, &sdk.GetAssessmentOutput{}, nil
	})
	_, err = pager.Collect(w.client().Assessments(context.Background(), auditmanager.AssessmentFilter{}))
	if err == nil || !strings.Contains(err.Error(), "AWS returned no assessment metadata") {
		t.Errorf("empty GetAssessment: err = %v", err)
	}
}

func TestAssessmentsErrorStops(t *testing.T) {
	w := newWorld(t)
	w.fake.Fail("GetEvidenceFoldersByAssessment", auditmanagertest.AccessDenied())
	n := 0
	var last error
	for _, err := range w.client().Assessments(context.Background(), auditmanager.AssessmentFilter{}) {
		n++
		last = err
	}
	if n != 1 || !errors.Is(last, aigov.ErrAccessDenied) {
		t.Errorf("%d yields, last error %v", n, last)
	}
}

// An assessment whose framework left the library keeps what the assessment
// says of it, with no type.
func TestAssessmentOfDeletedFramework(t *testing.T) {
	f := auditmanagertest.New()
	f.AddAssessment(auditmanager.Assessment{
		Name: "custom", Framework: auditmanager.Framework{Name: "Our AI policy"},
		ControlSets: []auditmanager.ControlSet{{Name: "s", Controls: []auditmanager.AssessmentControl{{Name: "c"}}}},
	})
	f.PrependReactor("ListAssessmentFrameworks", func(auditmanagertest.Call) (bool, any, error) {
		return true, &sdk.ListAssessmentFrameworksOutput{}, nil
	})
	got := collect(t, auditmanager.New(f).Assessments(context.Background(), auditmanager.AssessmentFilter{}))
	if len(got) != 1 || got[0].Framework.Name != "Our AI policy" || got[0].Framework.Type != "" || got[0].Framework.ID == "" {
		t.Errorf("framework = %+v", got[0].Framework)
	}
}

func TestAssessmentJSONIsStable(t *testing.T) {
	w := newWorld(t)
	a := collect(t, w.client().Assessments(context.Background(), auditmanager.AssessmentFilter{Framework: "SOC 2"}))[0]
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"` + w.soc2.ID + `","arn":"arn:aws:auditmanager:us-east-1:123456789012:assessment/` + w.soc2.ID + `","name":"soc2-2026","status":"ACTIVE",` +
		`"framework":{"id":"00000000-0000-4000-a000-000000000003","arn":"arn:aws:auditmanager:us-east-1::assessmentFramework/00000000-0000-4000-a000-000000000003",` +
		`"name":"Statement on Standards for Attestations Engagement (SSAE) No. 18, Service Organizations Controls (SOC) Report 2","type":"Standard","complianceType":"SOC2",` +
		`"controlSetCount":9,"controlCount":61,"createdAt":"2020-12-08T00:00:00Z","lastUpdatedAt":"2020-12-08T00:00:00Z"},` +
		`"controlSets":[{"id":"CC6","name":"CC6","status":"ACTIVE","manualEvidenceCount":0,"systemEvidenceCount":0,"controls":[{"id":"` + w.soc2.ControlSets[0].Controls[0].ID + `",` +
		`"name":"CC6.1 Logical access","status":"UNDER_REVIEW","response":"AUTOMATE","evidenceCount":0,"reportEvidenceCount":0,"complianceCheckCount":0,` +
		`"nonCompliantEvidenceCount":0,"manualEvidenceCount":0}]}],"createdAt":"2026-11-02T09:30:00Z","lastUpdatedAt":"2026-11-02T09:30:00Z",` +
		`"account":"123456789012","region":"us-east-1"}`
	if string(b) != want {
		t.Errorf("JSON:\n%s\nwant\n%s", b, want)
	}
}
