package auditmanager_test

import (
	"testing"
	"time"

	"github.com/aigov/aigov/auditmanager"
	"github.com/aigov/aigov/auditmanager/auditmanagertest"
)

// t0 is "now" for the fake and the clients of these tests.
var t0 = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)

const (
	research = "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/research"
	prod     = "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/prod"
	noInet   = "sagemaker-notebook-no-direct-internet-access"
)

// world is a fake with three assessments and some evidence:
//   - genai-prod (ACTIVE, generative AI v2): its "Secure" control set's first
//     control has failed checks yesterday and today and a passed one
//     yesterday; its second control a passed check today; the first
//     control of "Responsible" CloudTrail evidence.
//   - soc2-2026 (ACTIVE, SOC 2), no evidence.
//   - iso-2025 (INACTIVE, ISO/IEC 27001), no evidence.
type world struct {
	fake   *auditmanagertest.Fake
	genai  auditmanager.Assessment
	soc2   auditmanager.Assessment
	iso    auditmanager.Assessment
	secure auditmanager.ControlSet
}

func newWorld(t *testing.T, opts ...auditmanagertest.Option) world {
	t.Helper()
	f := auditmanagertest.New(append([]auditmanagertest.Option{auditmanagertest.WithStandardFrameworks()}, opts...)...)
	f.SetClock(func() time.Time { return t0 })
	w := world{fake: f}
	// Added out of name order: the client sorts.
	w.soc2 = f.AddAssessment(auditmanager.Assessment{
		Name:        "soc2-2026",
		Framework:   auditmanager.Framework{Name: auditmanager.FrameworkSOC2},
		ControlSets: []auditmanager.ControlSet{{Name: "CC6", Controls: []auditmanager.AssessmentControl{{Name: "CC6.1 Logical access"}}}},
	})
	w.genai = f.AddAssessment(auditmanagertest.GenerativeAIAssessment("genai-prod"))
	w.iso = f.AddAssessment(auditmanager.Assessment{
		Name: "iso-2025", Status: auditmanager.AssessmentInactive,
		Framework:   auditmanager.Framework{Name: auditmanager.FrameworkISO27001},
		ControlSets: []auditmanager.ControlSet{{Name: "A.9", Controls: []auditmanager.AssessmentControl{{Name: "A.9.1 Access control policy"}}}},
	})
	w.secure = w.genai.ControlSets[7]
	yesterday := t0.Add(-24 * time.Hour)
	failedYesterday := auditmanagertest.FailedCheck(noInet, research)
	failedYesterday.Time = yesterday
	passedYesterday := auditmanagertest.PassedCheck(noInet, prod)
	passedYesterday.Time = yesterday.Add(time.Minute)
	f.AddEvidence(w.genai.ID, w.secure.ID, w.secure.Controls[0].ID, failedYesterday, passedYesterday, auditmanagertest.FailedCheck(noInet, research))
	f.AddEvidence(w.genai.ID, w.secure.ID, w.secure.Controls[1].ID, auditmanagertest.PassedCheck("sagemaker-model-isolation-enabled", "arn:aws:sagemaker:us-east-1:123456789012:model/fraud"))
	responsible := w.genai.ControlSets[0]
	f.AddEvidence(w.genai.ID, responsible.ID, responsible.Controls[0].ID, auditmanager.Evidence{
		DataSource: "AWS CloudTrail", EventSource: "sagemaker.amazonaws.com", EventName: "CreateModel",
		Kind: auditmanagertest.UserActivityKind, IAMID: "arn:aws:iam::123456789012:role/ml-deployer",
	})
	return w
}

// client is a Client of w's fake with the test clock.
func (w world) client(opts ...auditmanager.Option) *auditmanager.Client {
	return auditmanager.New(w.fake, append([]auditmanager.Option{auditmanager.WithClock(func() time.Time { return t0 })}, opts...)...)
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
