package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov/advisor/advisortest"
	"github.com/aigov/aigov/governance"
	"github.com/aigov/aigov/governance/demo"
	"github.com/aigov/aigov/inspector"
	"github.com/aigov/aigov/inspector/inspectortest"
)

// orgOptions evaluates the estate with the research account reading
// Inspector and Trusted Advisor only through the production account's
// organisation views.
func orgOptions(e *demo.Estate, extra ...governance.Option) []governance.Option {
	research := e.Sources(demo.Research)
	research.Inspector, research.Advisor = nil, nil
	return append([]governance.Option{
		governance.WithAccount(demo.Prod, e.Sources(demo.Prod)),
		governance.WithAccount(demo.Research, research),
		governance.WithRegions(demo.Regions...),
		governance.WithClock(func() time.Time { return demo.Now }),
		governance.WithPolicy(demo.Policy()),
	}, extra...)
}

func TestInspectorDelegatedAdministrator(t *testing.T) {
	e := estate(t)
	admin := e.Fakes[demo.Prod].Inspector
	for _, r := range demo.Regions {
		s := inspectortest.Enabled(demo.Research, inspector.ScanECR)
		s.Region = r
		admin.SetAccountStatus(s)
	}
	ev, err := governance.New(orgOptions(e, governance.WithInspectorAdministrator(demo.Prod))...)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ev.Evaluate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var research []string
	for _, f := range r.FindingsOf("AIML-VUL-01") {
		if f.Account == demo.Research {
			research = append(research, string(f.Status)+" "+f.Message)
		}
	}
	if len(research) != 2 || !strings.Contains(research[0], "FAIL") || !strings.Contains(research[0], "LAMBDA scanning is DISABLED") {
		t.Errorf("the research account through the administrator: %v", research)
	}
	if e.Fakes[demo.Research].Inspector.CallCount("*") != 0 {
		t.Error("the member's own Inspector was called")
	}
}

func TestAdvisorOrganizationView(t *testing.T) {
	e := estate(t)
	org := e.Fakes[demo.Prod].TrustedAdvisor
	rec := advisortest.OpenBucketCheck("acme-training-data")
	rec.Account, rec.Type = demo.Research, "priority"
	for i := range rec.Resources {
		rec.Resources[i].Account = demo.Research
	}
	org.AddOrganizationRecommendation(rec)
	ev, err := governance.New(orgOptions(e, governance.WithAdvisorOrganization(demo.Prod))...)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ev.Evaluate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var saw []string
	for _, f := range r.FindingsOf("AIML-GOV-04") {
		if f.Account == demo.Research {
			saw = append(saw, string(f.Status))
		}
	}
	if len(saw) == 0 || saw[0] != "UNKNOWN" {
		t.Errorf("checks missing from the organisation view must be UNKNOWN for the member: %v", saw)
	}
	for _, f := range r.FindingsOf("AIML-DAT-04") {
		if f.Account == demo.Research && f.Status == governance.StatusPass {
			t.Errorf("the open bucket of the organisation view passed: %+v", f)
		}
	}
	if !strings.Contains(string(ev.IAMPolicy()), "trustedadvisor:ListOrganizationRecommendations") {
		t.Error("the IAM policy lacks the organisation actions")
	}
}
