package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov/advisor/advisortest"
	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/cloudtrail/cloudtrailtest"
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

func TestCloudTrailLakeReview(t *testing.T) {
	e := estate(t)
	lake := e.Fakes[demo.Prod].CloudTrail
	lake.AddEventDataStore(cloudtrail.EventDataStore{Name: "org-events", ARN: "arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/0123456789abcdef", MultiRegion: true, Organization: true})
	row := func(cols ...string) cloudtrail.Row {
		var r cloudtrail.Row
		for i := 0; i < len(cols); i += 2 {
			r = append(r, cloudtrail.Column{Name: cols[i], Value: cols[i+1]})
		}
		return r
	}
	var sql string
	lake.AddQueryAnswer(func(s string) bool { sql = s; return strings.Contains(s, "FROM 0123456789abcdef") }, cloudtrailtest.QueryAnswer{Rows: []cloudtrail.Row{
		row("eventID", "lake-1", "eventTime", "2026-11-19 10:00:00.000", "eventSource", "cloudtrail.amazonaws.com", "eventName", "DeleteTrail",
			"awsRegion", "eu-west-1", "recipientAccountId", demo.Research, "readOnly", "false", "identityType", "AssumedRole",
			"identityArn", "arn:aws:sts::222222222222:assumed-role/intruder/x", "identityAccount", demo.Research,
			"issuerType", "Role", "issuerArn", "arn:aws:iam::222222222222:role/intruder"),
	}})
	opts := append(e.Options(), governance.WithCloudTrailLake(demo.Prod, "arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/0123456789abcdef"))
	ev, err := governance.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ev.Evaluate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sql, "eventTime >= '2026-11-13 09:00:00'") || !strings.Contains(sql, "recipientAccountId IN ('111111111111', '222222222222')") {
		t.Errorf("query: %s", sql)
	}
	var found bool
	for _, f := range r.FindingsOf("AIML-DET-01") {
		if f.Account == demo.Research && f.Region == "eu-west-1" && f.Status == governance.StatusFail && strings.Contains(f.Message, "arn:aws:iam::222222222222:role/intruder") {
			found = true
		}
	}
	if !found {
		t.Errorf("the DeleteTrail seen through Lake is not a finding: %+v", r.FindingsOf("AIML-DET-01"))
	}
	for _, f := range e.Fakes {
		if n := f.CloudTrail.CallCount("LookupEvents"); n != 0 {
			t.Errorf("LookupEvents called %d times although Lake reviews", n)
		}
	}
	if strings.Contains(string(ev.IAMPolicy()), "LookupEvents") || !strings.Contains(string(ev.IAMPolicy()), "cloudtrail:StartQuery") {
		t.Errorf("policy:\n%s", ev.IAMPolicy())
	}
}
