package auditmanagertest_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aigov/aigov/auditmanager"
	"github.com/aigov/aigov/auditmanager/auditmanagertest"
	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	sdk "github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"
	"github.com/aws/smithy-go"
)

var t0 = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)

func code(err error) (string, int) {
	var ae smithy.APIError
	var re *awshttp.ResponseError
	c, s := "", 0
	if errors.As(err, &ae) {
		c = ae.ErrorCode()
	}
	if errors.As(err, &re) {
		s = re.HTTPStatusCode()
	}
	return c, s
}

func seeded(t *testing.T, opts ...auditmanagertest.Option) (*auditmanagertest.Fake, auditmanager.Assessment) {
	t.Helper()
	f := auditmanagertest.New(opts...)
	f.SetClock(func() time.Time { return t0 })
	return f, f.AddAssessment(auditmanagertest.GenerativeAIAssessment("genai-prod"))
}

func TestLimitsAndTokens(t *testing.T) {
	f, _ := seeded(t)
	f.AddAssessment(auditmanagertest.GenerativeAIAssessment("second"))
	ctx := context.Background()
	for _, n := range []int32{0, 1001} {
		_, err := f.ListAssessments(ctx, &sdk.ListAssessmentsInput{MaxResults: aws.Int32(n)})
		var ve *types.ValidationException
		if c, s := code(err); c != "ValidationException" || s != 400 || !errors.As(err, &ve) || ve.Reason != types.ValidationExceptionReasonFieldValidationFailed {
			t.Errorf("maxResults %d: %v", n, err)
		}
	}
	out, err := f.ListAssessments(ctx, &sdk.ListAssessmentsInput{MaxResults: aws.Int32(1)})
	if err != nil || len(out.AssessmentMetadata) != 1 || out.NextToken == nil {
		t.Fatalf("first page: %+v, %v", out, err)
	}
	// A token of one operation is no good for another.
	_, err = f.ListAssessmentFrameworks(ctx, &sdk.ListAssessmentFrameworksInput{FrameworkType: types.FrameworkTypeStandard, NextToken: out.NextToken})
	if c, _ := code(err); c != "ValidationException" {
		t.Errorf("foreign token: %v", err)
	}
	_, err = f.ListAssessmentFrameworks(ctx, &sdk.ListAssessmentFrameworksInput{})
	if c, _ := code(err); c != "ValidationException" {
		t.Errorf("no framework type: %v", err)
	}
	_, err = f.GetSettings(ctx, &sdk.GetSettingsInput{})
	if c, _ := code(err); c != "ValidationException" {
		t.Errorf("no settings attribute: %v", err)
	}
}

func TestIdentifiers(t *testing.T) {
	f, a := seeded(t)
	ctx := context.Background()
	_, err := f.GetAssessment(ctx, &sdk.GetAssessmentInput{AssessmentId: aws.String("genai-prod")})
	if c, s := code(err); c != "ValidationException" || s != 400 {
		t.Errorf("not a UUID: %v", err)
	}
	_, err = f.GetAssessment(ctx, &sdk.GetAssessmentInput{AssessmentId: aws.String("00000000-0000-4000-8000-999999999999")})
	var rnf *types.ResourceNotFoundException
	if c, s := code(err); c != "ResourceNotFoundException" || s != 404 || !errors.As(err, &rnf) || aws.ToString(rnf.ResourceType) != "ASSESSMENT" {
		t.Errorf("unknown assessment: %v", err)
	}
	// Assessments live in their region.
	_, err = f.GetAssessment(ctx, &sdk.GetAssessmentInput{AssessmentId: aws.String(a.ID)}, func(o *sdk.Options) { o.Region = "eu-west-1" })
	if c, _ := code(err); c != "ResourceNotFoundException" {
		t.Errorf("other region: %v", err)
	}
	_, err = f.GetEvidenceFoldersByAssessmentControl(ctx, &sdk.GetEvidenceFoldersByAssessmentControlInput{
		AssessmentId: aws.String(a.ID), ControlSetId: aws.String("Secure"), ControlId: aws.String(a.ControlSets[0].Controls[0].ID),
	})
	if c, _ := code(err); c != "ResourceNotFoundException" {
		t.Errorf("control of another set: %v", err)
	}
}

func TestNotRegisteredFake(t *testing.T) {
	f := auditmanagertest.New(auditmanagertest.NotRegistered())
	ctx := context.Background()
	st, err := f.GetAccountStatus(ctx, &sdk.GetAccountStatusInput{})
	if err != nil || st.Status != types.AccountStatusInactive {
		t.Errorf("GetAccountStatus = %+v, %v", st, err)
	}
	_, err = f.ListAssessments(ctx, &sdk.ListAssessmentsInput{})
	var ade *types.AccessDeniedException
	if c, s := code(err); c != "AccessDeniedException" || s != 403 || !errors.As(err, &ade) {
		t.Errorf("ListAssessments: %v", err)
	}
	_, err = f.GetSettings(ctx, &sdk.GetSettingsInput{Attribute: types.SettingAttributeAll})
	if c, _ := code(err); c != "AccessDeniedException" {
		t.Errorf("GetSettings: %v", err)
	}
}

func evidence(n int, text string) []types.ManualEvidence {
	out := make([]types.ManualEvidence, n)
	for i := range out {
		out[i].TextResponse = aws.String(fmt.Sprintf("%s %d", text, i))
	}
	return out
}

// The fake enforces the daily quota on its own clock, whatever the client
// does, with per-item errors.
func TestQuota(t *testing.T) {
	f, a := seeded(t)
	now := t0
	f.SetClock(func() time.Time { return now })
	secure := a.ControlSets[7]
	in := func(items []types.ManualEvidence) *sdk.BatchImportEvidenceToAssessmentControlInput {
		return &sdk.BatchImportEvidenceToAssessmentControlInput{AssessmentId: aws.String(a.ID), ControlSetId: aws.String(secure.ID), ControlId: aws.String(secure.Controls[0].ID), ManualEvidence: items}
	}
	ctx := context.Background()
	for i := range 2 {
		out, err := f.BatchImportEvidenceToAssessmentControl(ctx, in(evidence(50, "day one")))
		if err != nil || len(out.Errors) != 0 {
			t.Fatalf("call %d: %+v, %v", i, out, err)
		}
	}
	out, err := f.BatchImportEvidenceToAssessmentControl(ctx, in(evidence(3, "past quota")))
	if err != nil || len(out.Errors) != 3 || aws.ToString(out.Errors[0].ErrorCode) != "400" || aws.ToString(out.Errors[2].ManualEvidence.TextResponse) != "past quota 2" {
		t.Fatalf("past quota: %+v, %v", out, err)
	}
	// Another control has its own quota.
	other := in(evidence(1, "other"))
	other.ControlId = aws.String(secure.Controls[1].ID)
	if out, err := f.BatchImportEvidenceToAssessmentControl(ctx, other); err != nil || len(out.Errors) != 0 {
		t.Errorf("other control: %+v, %v", out, err)
	}
	now = now.Add(15 * time.Hour) // the next UTC day
	if out, err := f.BatchImportEvidenceToAssessmentControl(ctx, in(evidence(1, "day two"))); err != nil || len(out.Errors) != 0 {
		t.Errorf("next day: %+v, %v", out, err)
	}
	if n := len(f.Imported()); n != 102 {
		t.Errorf("%d imports recorded, want 102", n)
	}

	for _, n := range []int{0, 51} {
		_, err := f.BatchImportEvidenceToAssessmentControl(ctx, in(evidence(n, "x")))
		if c, _ := code(err); c != "ValidationException" {
			t.Errorf("%d items: %v", n, err)
		}
	}
	bad := []types.ManualEvidence{
		{TextResponse: aws.String("a"), S3ResourcePath: aws.String("s3://b/k")},
		{EvidenceFileName: aws.String("scan.pdf")},
		{S3ResourcePath: aws.String("https://b/k")},
		{},
	}
	out, err = f.BatchImportEvidenceToAssessmentControl(ctx, in(bad))
	if err != nil || len(out.Errors) != 4 {
		t.Errorf("invalid items: %+v, %v", out, err)
	}
}

func TestFolders(t *testing.T) {
	f, a := seeded(t)
	secure := a.ControlSets[7]
	ctl := secure.Controls[0].ID
	yesterday := auditmanagertest.FailedCheck("r", "arn:1")
	yesterday.Time = t0.Add(-24 * time.Hour)
	f.AddEvidence(a.ID, secure.ID, ctl, yesterday, auditmanagertest.FailedCheck("r", "arn:1"), auditmanagertest.PassedCheck("r", "arn:2"),
		auditmanager.Evidence{DataSource: "AWS CloudTrail", Kind: auditmanagertest.UserActivityKind, InReport: true})
	out, err := f.GetEvidenceFoldersByAssessmentControl(context.Background(), &sdk.GetEvidenceFoldersByAssessmentControlInput{
		AssessmentId: aws.String(a.ID), ControlSetId: aws.String(secure.ID), ControlId: aws.String(ctl),
	})
	if err != nil || len(out.EvidenceFolders) != 2 {
		t.Fatalf("folders: %+v, %v", out, err)
	}
	today := out.EvidenceFolders[1]
	if aws.ToString(today.Name) != "2026-11-02" || today.TotalEvidence != 3 || today.EvidenceByTypeComplianceCheckCount != 2 ||
		today.EvidenceByTypeComplianceCheckIssuesCount != 1 || today.EvidenceByTypeUserActivityCount != 1 || today.AssessmentReportSelectionCount != 1 ||
		today.DataSource != nil || aws.ToString(today.ControlName) != secure.Controls[0].Name || !aws.ToTime(today.Date).Equal(t0) {
		t.Errorf("today's folder = %+v", today)
	}
	if y := out.EvidenceFolders[0]; aws.ToString(y.DataSource) != "AWS Config" || y.EvidenceByTypeComplianceCheckIssuesCount != 1 {
		t.Errorf("yesterday's folder = %+v", y)
	}
	// The SDK's own paginator works on the fake.
	p := sdk.NewGetEvidenceByEvidenceFolderPaginator(f, &sdk.GetEvidenceByEvidenceFolderInput{
		AssessmentId: aws.String(a.ID), ControlSetId: aws.String(secure.ID), EvidenceFolderId: today.Id, MaxResults: aws.Int32(1),
	})
	n := 0
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n += len(page.Evidence)
	}
	if n != 3 {
		t.Errorf("paginator saw %d items, want 3", n)
	}
}

func TestSeedingPanics(t *testing.T) {
	valid := func() auditmanager.Assessment { return auditmanagertest.GenerativeAIAssessment("a") }
	cases := map[string]func(f *auditmanagertest.Fake){
		"framework without name": func(f *auditmanagertest.Fake) { f.AddFramework(auditmanager.Framework{}) },
		"duplicate framework": func(f *auditmanagertest.Fake) {
			f.AddFramework(auditmanager.Framework{ID: "x", Name: "a"})
			f.AddFramework(auditmanager.Framework{ID: "x", Name: "b"})
		},
		"assessment without name": func(f *auditmanagertest.Fake) { a := valid(); a.Name = ""; f.AddAssessment(a) },
		"id not a UUID":           func(f *auditmanagertest.Fake) { a := valid(); a.ID = "genai"; f.AddAssessment(a) },
		"duplicate assessment": func(f *auditmanagertest.Fake) {
			a := f.AddAssessment(valid())
			f.AddAssessment(a)
		},
		"no control sets":         func(f *auditmanagertest.Fake) { a := valid(); a.ControlSets = nil; f.AddAssessment(a) },
		"control set no controls": func(f *auditmanagertest.Fake) { a := valid(); a.ControlSets[0].Controls = nil; f.AddAssessment(a) },
		"control without name": func(f *auditmanagertest.Fake) {
			a := valid()
			a.ControlSets[0].Controls[0].Name = ""
			f.AddAssessment(a)
		},
		"framework unnamed": func(f *auditmanagertest.Fake) {
			a := valid()
			a.Framework = auditmanager.Framework{}
			f.AddAssessment(a)
		},
		"evidence of no assessment": func(f *auditmanagertest.Fake) {
			f.AddEvidence("00000000-0000-4000-8000-999999999999", "s", "c", auditmanager.Evidence{})
		},
		"evidence of no control": func(f *auditmanagertest.Fake) {
			a := f.AddAssessment(valid())
			f.AddEvidence(a.ID, "Secure", a.ControlSets[0].Controls[0].ID, auditmanager.Evidence{})
		},
	}
	for name, seed := range cases {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			seed(auditmanagertest.New())
		})
	}
}

func TestConcurrentUse(t *testing.T) {
	f, a := seeded(t)
	secure := a.ControlSets[7]
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				f.AddEvidence(a.ID, secure.ID, secure.Controls[0].ID, auditmanagertest.PassedCheck("r", "arn"))
				return
			}
			if _, err := f.GetEvidenceFoldersByAssessment(context.Background(), &sdk.GetEvidenceFoldersByAssessmentInput{AssessmentId: aws.String(a.ID)}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	out, err := f.GetAssessment(context.Background(), &sdk.GetAssessmentInput{AssessmentId: aws.String(a.ID)})
	if err != nil || out.Assessment.Framework.ControlSets[7].Controls[0].EvidenceCount != 10 {
		t.Errorf("evidence count after concurrent seeding: %v", err)
	}
}

func TestOptionsInAnyOrder(t *testing.T) {
	f := auditmanagertest.New(auditmanagertest.WithStandardFrameworks(), auditmanagertest.WithRegion("eu-west-1"))
	out, err := f.ListAssessmentFrameworks(context.Background(), &sdk.ListAssessmentFrameworksInput{FrameworkType: types.FrameworkTypeStandard})
	if err != nil || len(out.FrameworkMetadataList) != 7 || aws.ToString(out.FrameworkMetadataList[0].Arn) != "arn:aws:auditmanager:eu-west-1::assessmentFramework/00000000-0000-4000-a000-000000000001" {
		t.Errorf("frameworks = %+v, %v", out, err)
	}
}
