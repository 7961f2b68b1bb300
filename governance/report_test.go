package governance

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fixedControl is a control whose findings are given.
func fixedControl(id string, sev Severity, fw []Framework, fs ...Finding) Control {
	maps := map[Framework][]Mapping{}
	for _, f := range fw {
		maps[f] = []Mapping{{Clause: "X.1", Basis: Inferred}}
	}
	return Control{ID: id, Title: "control " + id, Severity: sev, Sources: []Source{SourceConfig}, Frameworks: maps,
		Check: func(*Snapshot) []Finding { return fs }}
}

func res(account, resource string, st Status, msg string) Finding {
	return Finding{Account: account, Region: euw1, ResourceType: "AWS::S3::Bucket", Resource: resource, Status: st, Message: msg}
}

func evaluator(t *testing.T, cs ...Control) *Evaluator {
	t.Helper()
	e, err := New(WithAccount(acctA, Sources{}), WithRegions(euw1), WithoutBuiltinControls(), WithControls(cs...), WithClock(func() time.Time { return t0 }))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestStatusAndScores(t *testing.T) {
	e := evaluator(t,
		fixedControl("C-FAIL", SeverityHigh, []Framework{ISO27001, SOC2}, res(acctA, "a", StatusPass, "ok"), res(acctA, "b", StatusFail, "b is open"), res(acctA, "c", StatusUnknown, "no data")),
		fixedControl("C-UNKNOWN", SeverityCritical, []Framework{ISO27001}, res(acctA, "a", StatusPass, "ok"), res(acctA, "c", StatusUnknown, "denied")),
		fixedControl("C-PASS", SeverityLow, []Framework{ISO27001}, res(acctA, "a", StatusPass, "ok")),
		fixedControl("C-NA", SeverityMedium, []Framework{ISO27001}),
		fixedControl("C-NA2", SeverityMedium, nil, res(acctA, "a", StatusNotApplicable, "no health data")),
	)
	r, err := e.EvaluateSnapshot(snapshot([]string{acctA}, []string{euw1}))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range r.Controls {
		got = append(got, c.ID+"="+string(c.Status))
	}
	want := []string{"C-FAIL=FAIL", "C-UNKNOWN=UNKNOWN", "C-PASS=PASS", "C-NA=NOT_APPLICABLE", "C-NA2=NOT_APPLICABLE"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("controls in report order (-want +got):\n%s", d)
	}
	fail, _ := r.Control("C-FAIL")
	if fail.Reason != "1 of 3 failing: b is open" || fail.Counts != (Counts{Pass: 1, Fail: 1, Unknown: 1}) {
		t.Errorf("C-FAIL: %q %+v", fail.Reason, fail.Counts)
	}
	unk, _ := r.Control("C-UNKNOWN")
	if unk.Reason != "Evidence missing for 1 of 2: denied" {
		t.Errorf("C-UNKNOWN reason %q", unk.Reason)
	}
	wantOverall := Score{Passed: 1, Failed: 1, Unknown: 1, NotApplicable: 2, Evaluated: 2, Applicable: 3, Score: 0.5, Coverage: 0.6666}
	if d := cmp.Diff(wantOverall, r.Scores.Overall); d != "" {
		t.Errorf("overall (-want +got):\n%s", d)
	}
	if s := r.Scores.Frameworks[SOC2]; s.Evaluated != 1 || s.Failed != 1 || s.Score != 0 || s.Coverage != 1 {
		t.Errorf("soc2: %+v", s)
	}
	if _, ok := r.Scores.Frameworks[HIPAA]; ok {
		t.Error("a framework no control maps to has a score")
	}
	if got := r.Scores.Overall.String(); got != "score 50.0%, coverage 66.7% (1 of 2 evaluated passed, 2 of 3 applicable evaluated)" {
		t.Errorf("String() = %q", got)
	}
}

func TestFindingIDsAreStable(t *testing.T) {
	a := stamp(Control{ID: "C"}, res(acctA, "bucket", StatusFail, "one message"))
	b := stamp(Control{ID: "C"}, res(acctA, "bucket", StatusPass, "another"))
	if a.ID != b.ID || len(a.ID) != 32 {
		t.Errorf("ids %q %q: the id must depend on where, not on what", a.ID, b.ID)
	}
	if c := stamp(Control{ID: "D"}, res(acctA, "bucket", StatusFail, "")); c.ID == a.ID {
		t.Error("two controls share an id")
	}
}

func TestDuplicateFindingsMerge(t *testing.T) {
	e := evaluator(t, fixedControl("C", SeverityHigh, nil, res(acctA, "a", StatusPass, "rule 1 passes"), res(acctA, "a", StatusFail, "rule 2 fails")))
	r, _ := e.EvaluateSnapshot(snapshot([]string{acctA}, []string{euw1}))
	if len(r.Findings) != 1 || r.Findings[0].Status != StatusFail || r.Findings[0].Message != "rule 1 passes; rule 2 fails" {
		t.Errorf("findings: %+v", r.Findings)
	}
}

func TestPanickingControlIsUnknown(t *testing.T) {
	boom := Control{ID: "BOOM", Title: "panics", Severity: SeverityLow, Sources: []Source{SourceConfig}, Check: func(s *Snapshot) []Finding {
		var fs []Finding
		_ = fs[len(s.Scope.Accounts)] // a user's control with a bug
		return nil
	}}
	r, err := evaluator(t, boom).EvaluateSnapshot(snapshot([]string{acctA}, []string{euw1}))
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := r.Control("BOOM"); c.Status != StatusUnknown || !strings.Contains(c.Reason, "the control's check failed: panic: runtime error: index out of range [1] with length 0") {
		t.Errorf("got %+v", c)
	}
}

func TestControlCannotWaiveOrInventStatus(t *testing.T) {
	e := evaluator(t, fixedControl("C", SeverityHigh, nil, res(acctA, "a", StatusWaived, "self-waived"), res(acctA, "b", "GREEN", "made up")))
	r, _ := e.EvaluateSnapshot(snapshot([]string{acctA}, []string{euw1}))
	got := statuses(r.Findings)
	if d := cmp.Diff([]Status{StatusFail, StatusUnknown}, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestReportJSONRoundTrip(t *testing.T) {
	e := evaluator(t, fixedControl("C", SeverityHigh, []Framework{ISO27001}, res(acctA, "a", StatusFail, "x")))
	r, _ := e.EvaluateSnapshot(snapshot([]string{acctA}, []string{euw1}))
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"schemaVersion":"1.0"`, `"generatedAt":`, `"sources":`, `"controls":`, `"findings":`, `"scores":`, `"frameworks":{"iso27001":[{"id":"X.1","basis":"inferred"}]}`} {
		if !bytes.Contains(b, []byte(key)) {
			t.Errorf("JSON lacks %s:\n%s", key, b)
		}
	}
	back, err := ReadReport(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(r, back, cmp.Comparer(func(a, b error) bool { return true })); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
}

func TestReadReportErrors(t *testing.T) {
	for in, want := range map[string]string{
		`{"schemaVersion":"2.0"}`: `report schema version "2.0": this version of aigov reads 1.x`,
		`{"schemaVersion":"1.0","controls":[{"id":"C","status":"GREEN"}]}`:              `control 1 (C): status "GREEN"`,
		`{"schemaVersion":"1.0","findings":[{"id":"x","controlId":"C","status":"OK"}]}`: `finding 1 (x)`,
		`{"schemaVersion":"1.0",`:       "governance: report: unexpected EOF",
		`{"schemaVersion":1}`:           `field "schemaVersion" at byte 18: number is not a string`,
		`{"schemaVersion":"1.0"} trash`: "", // one JSON value is read
	} {
		_, err := ReadReport(strings.NewReader(in))
		if want == "" {
			if err != nil {
				t.Errorf("%s: %v", in, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", in, err, want)
		}
	}
}

func TestMergeIsAssociativeAndCommutative(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	statuses := []Status{StatusPass, StatusFail, StatusUnknown, StatusNotApplicable}
	shard := func(i int) *Report {
		var fs []Finding
		for j := range 6 {
			fs = append(fs, res([]string{acctA, acctB}[rng.IntN(2)], string(rune('a'+j)), statuses[rng.IntN(len(statuses))], "m"+string(rune('0'+rng.IntN(3)))))
		}
		e := evaluator(t, fixedControl("C1", SeverityHigh, []Framework{ISO27001}, fs[:3]...), fixedControl("C2", SeverityLow, []Framework{SOC2}, fs[3:]...))
		r, _ := e.EvaluateSnapshot(snapshot([]string{[]string{acctA, acctB}[i%2]}, []string{euw1}))
		r.Sources = []SourceOutcome{{Source: SourceConfig, Account: acctA, Region: euw1, Status: []Outcome{OutcomeOK, OutcomeAccessDenied}[i%2]}}
		r.GeneratedAt = t0.Add(time.Duration(i) * time.Minute)
		return r
	}
	for trial := range 20 {
		a, b, c := shard(trial), shard(trial+1), shard(trial+2)
		ab, _ := Merge(a, b)
		left, _ := Merge(ab, c)
		bc, _ := Merge(b, c)
		right, _ := Merge(a, bc)
		all, _ := Merge(c, a, b)
		lj, _ := json.Marshal(left)
		rj, _ := json.Marshal(right)
		aj, _ := json.Marshal(all)
		if !bytes.Equal(lj, rj) {
			t.Fatalf("trial %d: (a+b)+c != a+(b+c):\n%s\n%s", trial, lj, rj)
		}
		if !bytes.Equal(lj, aj) {
			t.Fatalf("trial %d: merge depends on order:\n%s\n%s", trial, lj, aj)
		}
	}
}

func TestMergeShards(t *testing.T) {
	shardA := evaluator(t, fixedControl("C", SeverityHigh, []Framework{ISO27001}, res(acctA, "a", StatusPass, "ok")))
	shardB := evaluator(t, fixedControl("C", SeverityHigh, []Framework{ISO27001}, res(acctB, "b", StatusFail, "open")))
	ra, _ := shardA.EvaluateSnapshot(snapshot([]string{acctA}, []string{euw1}))
	rb, _ := shardB.EvaluateSnapshot(snapshot([]string{acctB}, []string{use1}))
	m, err := Merge(ra, rb)
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := m.Control("C"); c.Status != StatusFail || c.Counts.Pass != 1 || c.Counts.Fail != 1 {
		t.Errorf("merged control: %+v", c)
	}
	if d := cmp.Diff(Scope{Accounts: []string{acctA, acctB}, Regions: []string{euw1, use1}}, m.Scope); d != "" {
		t.Errorf("scope (-want +got):\n%s", d)
	}
	if _, err := Merge(ra, &Report{SchemaVersion: "2.1"}); err == nil {
		t.Error("a report of another major version was merged")
	}
	if _, err := Merge(); err == nil {
		t.Error("Merge() without reports did not fail")
	}
}

func TestCompare(t *testing.T) {
	before := evaluator(t, fixedControl("C", SeverityHigh, []Framework{ISO27001},
		res(acctA, "fixed", StatusFail, "x"), res(acctA, "still", StatusFail, "x"), res(acctA, "breaks", StatusPass, "ok"), res(acctA, "gone", StatusFail, "x"), res(acctA, "unknown", StatusUnknown, "?")))
	after := evaluator(t, fixedControl("C", SeverityHigh, []Framework{ISO27001},
		res(acctA, "fixed", StatusPass, "ok"), res(acctA, "still", StatusFail, "x"), res(acctA, "breaks", StatusFail, "now open"), res(acctA, "new", StatusFail, "x"), res(acctA, "unknown", StatusFail, "open")),
		fixedControl("D", SeverityLow, nil, res(acctA, "z", StatusFail, "low")))
	rb, _ := before.EvaluateSnapshot(snapshot([]string{acctA}, []string{euw1}))
	ra, _ := after.EvaluateSnapshot(snapshot([]string{acctA}, []string{euw1}))
	d := Compare(rb, ra)
	names := func(fs []Finding) (out []string) {
		for _, f := range fs {
			out = append(out, f.Control+"/"+f.Resource)
		}
		return out
	}
	if diff := cmp.Diff([]string{"C/breaks", "C/new", "D/z"}, names(d.New)); diff != "" {
		t.Errorf("new (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"C/fixed", "C/gone"}, names(d.Resolved)); diff != "" {
		t.Errorf("resolved (-want +got):\n%s", diff)
	}
	if len(d.Changed) != 1 || d.Changed[0].From != StatusUnknown || d.Changed[0].To != StatusFail {
		t.Errorf("changed: %+v", d.Changed)
	}
	if diff := cmp.Diff([]string{"C/breaks", "C/new", "C/unknown"}, names(d.NewFailures(SeverityHigh))); diff != "" {
		t.Errorf("new failures at high (-want +got):\n%s", diff)
	}
	if d.Scores.Overall.Score != ra.Scores.Overall.Score-rb.Scores.Overall.Score {
		t.Errorf("score delta %v", d.Scores.Overall)
	}
}
