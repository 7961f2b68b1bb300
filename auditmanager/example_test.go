package auditmanager_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/auditmanager"
	"github.com/aigov/aigov/auditmanager/auditmanagertest"
)

// A test of your own code reads Audit Manager through the fake: seed it,
// hand it to auditmanager.New, and get the answers AWS would give.
func Example() {
	fake := auditmanagertest.New(auditmanagertest.WithStandardFrameworks())
	a := fake.AddAssessment(auditmanagertest.GenerativeAIAssessment("genai-prod"))
	secure := a.ControlSets[7]
	fake.AddEvidence(a.ID, secure.ID, secure.Controls[0].ID,
		auditmanagertest.FailedCheck("sagemaker-notebook-no-direct-internet-access", "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/research"),
		auditmanagertest.PassedCheck("sagemaker-notebook-no-direct-internet-access", "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/prod"))

	c := auditmanager.New(fake)
	ctx := context.Background()
	st, err := c.Status(ctx)
	if err != nil || !st.Available() {
		fmt.Println("not available:", st.Reason, err)
		return
	}
	for a, err := range c.Assessments(ctx, auditmanager.AssessmentFilter{}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(a.Name, "on", a.Framework.Name, "("+a.Framework.Type+")")
		for _, cs := range a.ControlSets {
			for _, ctl := range cs.Controls {
				if ctl.NonCompliantEvidenceCount > 0 {
					fmt.Printf("  %s: %d of %d compliance checks failed\n", ctl.Name, ctl.NonCompliantEvidenceCount, ctl.ComplianceCheckCount)
				}
			}
		}
	}
	// Output:
	// genai-prod on AWS Generative AI Best Practices Framework v2 (Standard)
	//   Secure - Notebook instances have no direct internet access: 1 of 2 compliance checks failed
}

// An account that cannot use Audit Manager, as every account is that was
// not a customer on 2026-04-30, gets a clear answer that points to the
// fallback; the errors of the other calls match aigov.ErrNotEnabled.
func Example_notEnabled() {
	fake := auditmanagertest.New(auditmanagertest.NotRegistered())
	c := auditmanager.New(fake, auditmanager.WithRegion("eu-west-1"))
	ctx := context.Background()

	st, err := c.Status(ctx)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(st.Available(), st.State)
	fmt.Println(st.Reason)

	for _, err := range c.Assessments(ctx, auditmanager.AssessmentFilter{}) {
		fmt.Println(errors.Is(err, aigov.ErrNotEnabled))
		if st, ok := auditmanager.NotEnabled(err); ok {
			fmt.Println("fallback:", st.Fallback)
		}
	}
	// Output:
	// false INACTIVE
	// AWS Audit Manager is not set up for this account in eu-west-1 (account status INACTIVE); AWS closed Audit Manager to new customers on 2026-04-30, so unless this account was a customer before then it cannot be enabled. Use AWS Config conformance packs for audit evidence instead.
	// true
	// fallback: AWS Config conformance packs
}

// Whether an active assessment uses each framework aigov cares about.
func ExampleClient_FrameworkUsage() {
	fake := auditmanagertest.New(auditmanagertest.WithStandardFrameworks())
	fake.AddAssessment(auditmanagertest.GenerativeAIAssessment("genai-prod"))

	usage, err := auditmanager.New(fake).FrameworkUsage(context.Background(), auditmanager.FrameworkGenerativeAIv2, "SOC 2", "ISO/IEC 42001")
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, u := range usage {
		fmt.Printf("%s: in library %v, in use %v\n", u.Name, u.Found, u.InUse)
	}
	// Output:
	// AWS Generative AI Best Practices Framework v2: in library true, in use true
	// SOC 2: in library true, in use false
	// ISO/IEC 42001: in library false, in use false
}

// The evidence of one control, with what each item says.
func ExampleClient_Evidence() {
	fake := auditmanagertest.New()
	fake.SetClock(func() time.Time { return time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) })
	a := fake.AddAssessment(auditmanagertest.GenerativeAIAssessment("genai-prod"))
	secure := a.ControlSets[7]
	fake.AddEvidence(a.ID, secure.ID, secure.Controls[0].ID,
		auditmanagertest.FailedCheck("sagemaker-notebook-no-direct-internet-access", "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/research"))

	q := auditmanager.EvidenceQuery{AssessmentID: a.ID, ControlSetID: secure.ID, ControlID: secure.Controls[0].ID}
	for e, err := range auditmanager.New(fake).Evidence(context.Background(), q) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(e.Time.Format(time.RFC3339), e.DataSource, e.EventName, e.ComplianceCheck, e.ComplianceCheck.Failed())
		for _, r := range e.Resources {
			fmt.Println(" ", r.ARN, r.ComplianceCheck)
		}
	}
	// Output:
	// 2026-11-02T09:00:00Z AWS Config sagemaker-notebook-no-direct-internet-access FAILED true
	//   arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/research FAILED
}

// aigov's own findings become audit evidence. The import is an explicit
// write; items past the daily quota of 100 per control come back unsent.
func ExampleClient_ImportEvidence() {
	fake := auditmanagertest.New()
	a := fake.AddAssessment(auditmanagertest.GenerativeAIAssessment("genai-prod"))
	secure := a.ControlSets[7]

	c := auditmanager.New(fake)
	res, err := c.ImportEvidence(context.Background(), auditmanager.ImportEvidenceRequest{
		AssessmentID: a.ID, ControlSetID: secure.ID, ControlID: secure.Controls[0].ID,
		Items: []auditmanager.ManualEvidence{
			{Text: "aigov 2026-11-02: notebook research has direct internet access; owner notified"},
			{S3Path: "s3://aigov-findings/2026-11-02/research.json"},
		},
	})
	if err != nil {
		fmt.Println("error:", err)
	}
	fmt.Println("imported:", len(res.Imported), "rejected:", len(res.Rejected), "unsent:", len(res.Unsent), "left today:", res.RemainingToday)
	for _, im := range fake.Imported() {
		fmt.Printf("%q %q\n", im.Item.Text, im.Item.S3Path)
	}
	// Output:
	// imported: 2 rejected: 0 unsent: 0 left today: 98
	// "aigov 2026-11-02: notebook research has direct internet access; owner notified" ""
	// "" "s3://aigov-findings/2026-11-02/research.json"
}

// An assessment report is an explicit write too; Audit Manager builds it in
// the background.
func ExampleClient_CreateReport() {
	fake := auditmanagertest.New()
	a := fake.AddAssessment(auditmanagertest.GenerativeAIAssessment("genai-prod"))

	r, err := auditmanager.New(fake).CreateReport(context.Background(), a.ID, "genai-prod-2026-Q4", "AI model governance evidence, Q4 2026")
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(r.Name, r.AssessmentName, r.Status)
	// Output:
	// genai-prod-2026-Q4 genai-prod IN_PROGRESS
}

func ExampleMatchFrameworkName() {
	fmt.Println(auditmanager.MatchFrameworkName("SOC 2", auditmanager.FrameworkSOC2))
	fmt.Println(auditmanager.MatchFrameworkName("iso/iec 27001:2013 annex a", auditmanager.FrameworkISO27001))
	fmt.Println(auditmanager.MatchFrameworkName("HIPAA Security Rule", auditmanager.FrameworkHIPAAOmnibusFinal))
	// Output:
	// true
	// true
	// false
}
