package demo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aigov/aigov/internal/testkit"

	"github.com/aigov/aigov/config/configtest"
	"github.com/aigov/aigov/governance"
	"github.com/aigov/aigov/governance/demo"
	"github.com/aigov/aigov/inspector/inspectortest"
	"github.com/aigov/aigov/internal/fakeaws"
	"github.com/google/go-cmp/cmp"
)

func evaluate(t *testing.T, e *demo.Estate, opts ...governance.Option) *governance.Report {
	t.Helper()
	ev, err := governance.New(append(e.Options(), opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ev.Evaluate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func estate(t *testing.T) *demo.Estate {
	e := demo.New()
	t.Cleanup(e.Close)
	return e
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func TestDemoProducesEveryStatus(t *testing.T) {
	r := evaluate(t, estate(t))
	got := map[governance.Status]bool{}
	for _, c := range r.Controls {
		got[c.Status] = true
	}
	for _, st := range governance.Statuses {
		if !got[st] {
			t.Errorf("no control is %s", st)
		}
	}
	outcomes := map[governance.Outcome]bool{}
	for _, s := range r.Sources {
		outcomes[s.Status] = true
	}
	for _, o := range []governance.Outcome{governance.OutcomeOK, governance.OutcomeNotEnabled} {
		if !outcomes[o] {
			t.Errorf("no source outcome is %s", o)
		}
	}
	var states []governance.WaiverState
	for _, w := range r.Waivers {
		states = append(states, w.State)
	}
	if !slices.Contains(states, governance.WaiverApplied) || !slices.Contains(states, governance.WaiverExpired) {
		t.Errorf("waiver states %v: want an applied and an expired waiver", states)
	}
}

// The seed list of the issue: each must show in the report.
func TestDemoShowsTheSeededProblems(t *testing.T) {
	r := evaluate(t, estate(t))
	want := map[string][]string{
		"AIML-VUL-03": {"model fraud-v3 serves images with HIGH or worse vulnerabilities", "CVE-2025-32434 (CRITICAL, fix available)"},
		"AIML-GOV-05": {"222222222222", "not set up for this account"},
		"AIML-GOV-04": {"222222222222", "support level"},
		"AIML-LOG-02": {"trail research-trail: log file validation is off"},
		"AIML-DET-01": {"arn:aws:iam::111111111111:role/ml-ops-admin (sessions jdoe) called StopLogging"},
		"AIML-DET-02": {"arn:aws:iam::999999999999:user/contractor-x", "DescribeNotebookInstance, ListModels, ListTrainingJobs"},
		"AIML-GOV-03": {"ISO/IEC 42001", "beyond the limit of 365 days"},
		"AIML-GOV-08": {"terminated by the customer"},
		"AIML-LOG-10": {"no AWS Config recorder is set up in eu-west-1"},
	}
	for id, parts := range want {
		var text strings.Builder
		for _, f := range r.FindingsOf(id) {
			text.WriteString(f.Message + "\n")
		}
		for _, p := range parts {
			if !strings.Contains(text.String(), p) {
				t.Errorf("%s: no finding says %q:\n%s", id, p, text.String())
			}
		}
	}
}

func TestDemoIsDeterministic(t *testing.T) {
	a := marshal(t, evaluate(t, estate(t)))
	b := marshal(t, evaluate(t, estate(t)))
	if !bytes.Equal(a, b) {
		t.Fatal("two evaluations of the same estate differ")
	}
	// A change here is a change of the report's JSON form: keep it
	// backward compatible (fields are only added).
	testkit.Golden(t, "demo-report.json", a)
}

// writes are the operations that change something in AWS; Evaluate must
// call none of them.
var writes = []string{
	"PutConformancePack", "BatchImportEvidenceToAssessmentControl", "CreateAssessmentReport", "CreateSbomExport",
	"GetTermForReport", "GetReport", "RefreshTrustedAdvisorCheck", "UpdateRecommendationLifecycle",
	"UpdateOrganizationRecommendationLifecycle", "StartQuery", "CancelQuery",
}

func TestEvaluateIsReadOnlyAndWithinItsPolicy(t *testing.T) {
	e := estate(t)
	ev, err := governance.New(e.Options()...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ev.Evaluate(context.Background()); err != nil {
		t.Fatal(err)
	}
	allowed := ev.IAMActions()
	type logger interface{ Calls() []fakeaws.Call }
	for account, f := range e.Fakes {
		for prefix, fake := range map[string]logger{
			"config": f.Config, "inspector2": f.Inspector, "auditmanager": f.AuditManager, "artifact": f.Artifact,
			"cloudtrail": f.CloudTrail, "trustedadvisor": f.TrustedAdvisor, "support": f.Support,
		} {
			for _, c := range fake.Calls() {
				if slices.Contains(writes, c.Op) {
					t.Errorf("%s: Evaluate called the write %s", account, c.Op)
				}
				if action := prefix + ":" + c.Op; !slices.Contains(allowed, action) {
					t.Errorf("%s: Evaluate called %s, which its IAM policy does not allow", account, action)
				}
			}
		}
	}
	var doc struct {
		Statement []struct {
			Action []string
		}
	}
	if err := json.Unmarshal(ev.IAMPolicy(), &doc); err != nil || len(doc.Statement) != 1 || !slices.Equal(doc.Statement[0].Action, allowed) {
		t.Errorf("IAMPolicy does not allow exactly IAMActions: %s", ev.IAMPolicy())
	}
}

func TestAFailingSourceNeverStopsTheOthers(t *testing.T) {
	e := estate(t)
	e.Fakes[demo.Prod].Config.PrependReactor("*", func(c fakeaws.Call) (bool, any, error) {
		if c.Region == "us-east-1" {
			return true, nil, configtest.AccessDenied()
		}
		return false, nil, nil
	})
	e.Fakes[demo.Research].Inspector.Fail("*", inspectortest.Throttling())
	r := evaluate(t, e)
	status := map[string]governance.Outcome{}
	for _, s := range r.Sources {
		status[string(s.Source)+" "+s.Account+" "+s.Region] = s.Status
	}
	for key, want := range map[string]governance.Outcome{
		"config 111111111111 us-east-1":     governance.OutcomeAccessDenied,
		"config 111111111111 eu-west-1":     governance.OutcomeOK,
		"inspector 222222222222 us-east-1":  governance.OutcomeThrottled,
		"inspector 111111111111 us-east-1":  governance.OutcomeOK,
		"cloudtrail 111111111111 us-east-1": governance.OutcomeOK,
	} {
		if status[key] != want {
			t.Errorf("%s: outcome %s, want %s", key, status[key], want)
		}
	}
	// The fraud-dev notebook can no longer be judged: UNKNOWN, never PASS.
	for _, f := range r.FindingsOf("AIML-NET-01") {
		if f.Account == demo.Prod && f.Region == "us-east-1" && f.Status != governance.StatusUnknown {
			t.Errorf("a finding where Config was denied is %s: %+v", f.Status, f)
		}
	}
	if c, _ := r.Control("AIML-VUL-01"); c.Status == governance.StatusPass {
		t.Error("VUL-01 passes although Inspector was throttled out in one account")
	}
}

func TestCollectStopsWhenCancelled(t *testing.T) {
	e := estate(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var once sync.Once
	ev, err := governance.New(append(e.Options(), governance.WithConcurrency(1), governance.WithProgress(func(governance.Progress) { once.Do(cancel) }))...)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ev.Evaluate(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	calls := 0
	for _, f := range e.Fakes {
		calls += f.Config.CallCount("*") + f.Inspector.CallCount("*") + f.CloudTrail.CallCount("*")
	}
	if calls > 10 {
		t.Errorf("%d calls after the first task cancelled the context: Collect did not stop promptly", calls)
	}
}

func TestProgress(t *testing.T) {
	var mu sync.Mutex
	var seen []governance.Progress
	evaluate(t, estate(t), governance.WithProgress(func(p governance.Progress) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, p)
	}))
	if len(seen) == 0 {
		t.Fatal("no progress")
	}
	last := seen[len(seen)-1]
	if last.Done != last.Total || last.Done != len(seen) {
		t.Errorf("last progress %+v after %d reports", last, len(seen))
	}
}

func TestSnapshotReevaluatesOffline(t *testing.T) {
	e := estate(t)
	ev, err := governance.New(e.Options()...)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := ev.Collect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	live, err := ev.EvaluateSnapshot(snap)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := governance.WriteSnapshot(&buf, snap); err != nil {
		t.Fatal(err)
	}
	saved, err := governance.ReadSnapshot(&buf)
	if err != nil {
		t.Fatal(err)
	}
	offline, err := ev.EvaluateSnapshot(saved)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(marshal(t, live)), string(marshal(t, offline))); d != "" {
		t.Errorf("a saved snapshot evaluates differently (-live +offline):\n%s", d)
	}
}
