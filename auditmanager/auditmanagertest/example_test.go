package auditmanagertest_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/auditmanager"
	"github.com/aigov/aigov/auditmanager/auditmanagertest"
)

// reportFindings stands for an evidence bot: it files aigov's findings as
// manual evidence of a control.
func reportFindings(ctx context.Context, c *auditmanager.Client, a auditmanager.Assessment, findings []string) error {
	secure := a.ControlSets[7]
	items := make([]auditmanager.ManualEvidence, len(findings))
	for i, f := range findings {
		items[i] = auditmanager.ManualEvidence{Text: f}
	}
	_, err := c.ImportEvidence(ctx, auditmanager.ImportEvidenceRequest{AssessmentID: a.ID, ControlSetID: secure.ID, ControlID: secure.Controls[0].ID, Items: items})
	return err
}

// A test of an evidence bot seeds an assessment in one line, runs the bot
// against the fake, and asserts what it imported.
func Example_evidenceBot() {
	fake := auditmanagertest.New()
	fake.SetClock(func() time.Time { return time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) })
	a := fake.AddAssessment(auditmanagertest.GenerativeAIAssessment("genai-prod"))

	err := reportFindings(context.Background(), auditmanager.New(fake), a, []string{
		"notebook research: direct internet access enabled",
		"model fraud-v3: network isolation disabled",
	})
	if err != nil {
		fmt.Println("error:", err)
	}
	for _, im := range fake.Imported() {
		fmt.Println(im.At.Format(time.DateOnly), im.ControlSetID, im.Item.Text)
	}
	// Output:
	// 2026-11-02 Secure notebook research: direct internet access enabled
	// 2026-11-02 Secure model fraud-v3: network isolation disabled
}

// The daily quota is enforced by the fake too, on its own clock: here
// another tool imported 99 items today, so AWS refuses the second of two.
func Example_quota() {
	now := func() time.Time { return time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) }
	fake := auditmanagertest.New()
	fake.SetClock(now)
	a := fake.AddAssessment(auditmanagertest.GenerativeAIAssessment("genai-prod"))
	secure := a.ControlSets[7]
	req := auditmanager.ImportEvidenceRequest{AssessmentID: a.ID, ControlSetID: secure.ID, ControlID: secure.Controls[0].ID}
	for i := range 99 {
		req.Items = append(req.Items, auditmanager.ManualEvidence{Text: fmt.Sprint("earlier ", i)})
	}
	if _, err := auditmanager.New(fake, auditmanager.WithClock(now)).ImportEvidence(context.Background(), req); err != nil {
		fmt.Println("error:", err)
	}

	req.Items = []auditmanager.ManualEvidence{{Text: "finding 1"}, {Text: "finding 2"}}
	res, err := auditmanager.New(fake, auditmanager.WithClock(now)).ImportEvidence(context.Background(), req)
	fmt.Println(errors.Is(err, auditmanager.ErrEvidenceRejected), len(res.Imported), len(res.Rejected))
	fmt.Println(res.Rejected[0].Item.Text, res.Rejected[0].Code)
	// Output:
	// true 1 1
	// finding 2 400
}

// Inject faults to test how your code behaves when AWS refuses: here the
// first call is throttled and the second goes through, as a transient
// throttle does.
func Example_faultInjection() {
	fake := auditmanagertest.New()
	fake.AddAssessment(auditmanagertest.GenerativeAIAssessment("genai-prod"))
	fake.FailN("ListAssessments", 1, auditmanagertest.Throttling())

	c := auditmanager.New(fake)
	for attempt := 1; attempt <= 2; attempt++ {
		for a, err := range c.Assessments(context.Background(), auditmanager.AssessmentFilter{}) {
			if errors.Is(err, aigov.ErrThrottled) {
				fmt.Println("attempt", attempt, "throttled")
				break
			}
			fmt.Println("attempt", attempt, "assessment", a.Name)
		}
	}
	fmt.Println("calls:", fake.CallCount("ListAssessments"))
	// Output:
	// attempt 1 throttled
	// attempt 2 assessment genai-prod
	// calls: 2
}

// A member account whose delegated administrator is not set up: the fake
// answers it from one operation through a reactor.
func ExampleFake_PrependReactor() {
	fake := auditmanagertest.New()
	fake.PrependReactor("GetSettings", func(call auditmanagertest.Call) (bool, any, error) {
		return true, nil, auditmanagertest.AccountNotRegistered()
	})
	st, err := auditmanager.New(fake).Status(context.Background())
	fmt.Println(st.Available(), st.State, err)
	fmt.Println(st.Reason)
	// Output:
	// false ACTIVE <nil>
	// AWS Audit Manager cannot be used by this account (GetSettings answered AccessDeniedException: Your account isn't registered with Audit Manager. Check the delegated administrator setup on the Audit Manager settings page, and try again.). Use AWS Config conformance packs for audit evidence instead.
}
