package render

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/aigov/aigov/internal/testkit"

	"github.com/aigov/aigov/governance"
	"github.com/google/go-cmp/cmp"
)

// rendered renders the fixture in a format, failing the test on an error.
func rendered(t *testing.T, f Format, opts ...Option) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f, fixture(), opts...); err != nil {
		t.Fatalf("Write(%s): %v", f, err)
	}
	return buf.Bytes()
}

// TestFixtureIsConsistent guards the fixture: the engine, merging it alone,
// derives the same control statuses, counts, order and scores from its
// findings. Reasons are not compared: their wording is the engine's.
func TestFixtureIsConsistent(t *testing.T) {
	want := fixture()
	got, err := governance.Merge(fixture())
	if err != nil {
		t.Fatal(err)
	}
	summary := func(r *governance.Report) []string {
		var out []string
		for _, c := range r.Controls {
			out = append(out, c.ID+" "+string(c.Status))
		}
		return out
	}
	if d := cmp.Diff(summary(want), summary(got)); d != "" {
		t.Errorf("control order and statuses (-fixture +engine):\n%s", d)
	}
	for i := range want.Controls {
		if i < len(got.Controls) && want.Controls[i].Counts != got.Controls[i].Counts {
			t.Errorf("%s: counts %+v, the engine says %+v", want.Controls[i].ID, want.Controls[i].Counts, got.Controls[i].Counts)
		}
	}
	if d := cmp.Diff(want.Scores, got.Scores); d != "" {
		t.Errorf("scores (-fixture +engine):\n%s", d)
	}
	if d := cmp.Diff(want.Findings, got.Findings); d != "" {
		t.Errorf("findings in engine order (-fixture +engine):\n%s", d)
	}
}

// TestFixtureCoversEverything keeps the fixture complete: every renderer is
// tested on a report with every status (of controls and of findings),
// severity, source outcome, mapping basis, waiver state and framework.
func TestFixtureCoversEverything(t *testing.T) {
	r := fixture()
	seen := map[string]bool{}
	for _, c := range r.Controls {
		seen["control "+string(c.Status)] = true
		seen["severity "+string(c.Severity)] = true
		for f, ms := range c.Frameworks {
			seen["framework "+string(f)] = true
			for _, m := range ms {
				seen["basis "+string(m.Basis)] = true
			}
		}
	}
	for _, f := range r.Findings {
		seen["finding "+string(f.Status)] = true
	}
	for _, o := range r.Sources {
		seen["outcome "+string(o.Status)] = true
	}
	for _, w := range r.Waivers {
		seen["waiver "+string(w.State)] = true
	}
	var want []string
	for _, s := range governance.Statuses {
		want = append(want, "control "+string(s), "finding "+string(s))
	}
	for _, s := range governance.Severities {
		want = append(want, "severity "+string(s))
	}
	for _, f := range governance.Frameworks {
		want = append(want, "framework "+string(f))
	}
	for _, o := range []governance.Outcome{governance.OutcomeOK, governance.OutcomePartial, governance.OutcomeAccessDenied,
		governance.OutcomeNotEnabled, governance.OutcomeThrottled, governance.OutcomeError, governance.OutcomeSkipped} {
		want = append(want, "outcome "+string(o))
	}
	for _, b := range []governance.Basis{governance.Published, governance.Derived, governance.Inferred} {
		want = append(want, "basis "+string(b))
	}
	for _, w := range []governance.WaiverState{governance.WaiverApplied, governance.WaiverUnused, governance.WaiverExpired} {
		want = append(want, "waiver "+string(w))
	}
	for _, w := range want {
		if !seen[w] {
			t.Errorf("the fixture has no %s", w)
		}
	}
}

// TestDeterministic renders every format several times: map order, which
// Go randomises, must never reach the output.
func TestDeterministic(t *testing.T) {
	for _, f := range Formats {
		first := rendered(t, f)
		for range 5 {
			if !bytes.Equal(first, rendered(t, f)) {
				t.Errorf("%s: two renderings of the same report differ", f)
				break
			}
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats {
		got, err := ParseFormat(strings.ToUpper(string(f)))
		if err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", strings.ToUpper(string(f)), got, err)
		}
		if f.Extension() == "" {
			t.Errorf("%s has no extension", f)
		}
	}
	_, err := ParseFormat("xml")
	want := `render: format "xml" is not one of text, markdown, json, sarif, junit, csv, ocsf, html`
	if err == nil || err.Error() != want {
		t.Errorf("ParseFormat(xml) error = %v, want %s", err, want)
	}
	if err := Write(&bytes.Buffer{}, "xml", fixture()); err == nil || err.Error() != want {
		t.Errorf("Write(xml) error = %v, want %s", err, want)
	}
}

func TestOptionErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  Option
		want string
	}{
		{"severity", WithMinSeverity("severe"), `render: WithMinSeverity("severe"): not one of critical, high, medium, low, informational`},
		{"max findings", WithMaxFindings(-1), "render: WithMaxFindings(-1): must be 0 (no limit) or more"},
		{"tool name", WithTool("", "1.0", ""), "render: WithTool: the tool needs a name"},
		{"tool URI", WithTool("aigov", "1.0", "example.com/aigov"), `render: WithTool: info URI "example.com/aigov" is not an absolute URI`},
		{"title", WithTitle(""), "render: WithTitle: the title is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, f := range Formats {
				if err := Write(&bytes.Buffer{}, f, fixture(), tc.opt); err == nil || err.Error() != tc.want {
					t.Errorf("%s: error = %v, want %s", f, err, tc.want)
				}
			}
		})
	}
	for _, f := range Formats {
		if err := Write(&bytes.Buffer{}, f, nil); err == nil || err.Error() != "render: the report is nil" {
			t.Errorf("%s with a nil report: error = %v", f, err)
		}
	}
}

func TestIsTerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f) {
		t.Error("a regular file is not a terminal")
	}
	if IsTerminal(nil) {
		t.Error("nil is not a terminal")
	}
}

func TestText(t *testing.T) {
	testkit.Golden(t, "report.txt", rendered(t, FormatText))
	testkit.Golden(t, "report-color.txt", rendered(t, FormatText, WithColor(true)))
	testkit.Golden(t, "report-high.txt", rendered(t, FormatText, WithMinSeverity(governance.SeverityHigh), WithMaxFindings(1)))
	if plain := rendered(t, FormatText); bytes.ContainsRune(plain, '\x1b') {
		t.Error("text without WithColor has escape codes")
	}
}

// TestTextNeutralisesControlCharacters: a message is data from AWS and from
// controls; an escape sequence in it must not reach the terminal.
func TestTextNeutralisesControlCharacters(t *testing.T) {
	r := fixture()
	r.Findings[1].Message = "evil\x1b[2J\x1b]0;title\x07\r\nnext\xff"
	var buf bytes.Buffer
	if err := Text(&buf, r, WithColor(false)); err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsAny(buf.Bytes(), "\x1b\x07\r") {
		t.Errorf("control characters reached the output:\n%q", buf.String())
	}
	if !strings.Contains(buf.String(), "evil [2J ]0;title   next\uFFFD") {
		t.Errorf("the message is not shown with its control characters as spaces:\n%s", buf.String())
	}
}

// TestEmptyReport: a report of nothing (no controls, no findings, no
// sources, nil lists) renders in every format, and the JSON and SARIF still
// validate.
func TestEmptyReport(t *testing.T) {
	r := &governance.Report{SchemaVersion: governance.ReportSchemaVersion, GeneratedAt: generatedAt, CollectedAt: collectedAt,
		Findings: []governance.Finding{}, Sources: []governance.SourceOutcome{}}
	out := map[Format][]byte{}
	for _, f := range Formats {
		var buf bytes.Buffer
		if err := Write(&buf, f, r); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		out[f] = buf.Bytes()
	}
	if errs := compileSchema(t, ReportSchema()).validate(out[FormatJSON]); errs != nil {
		t.Errorf("the empty report's JSON does not validate: %v", errs)
	}
	schema, err := os.ReadFile(sarifSchema)
	if err != nil {
		t.Fatal(err)
	}
	if errs := compileSchema(t, schema).validate(out[FormatSARIF]); errs != nil {
		t.Errorf("the empty report's SARIF does not validate: %v", errs)
	}
	if !strings.Contains(string(out[FormatSARIF]), `"results": []`) {
		t.Error("an empty SARIF run must still have results, empty, so GitHub closes the alerts of the last run")
	}
	if len(out[FormatOCSF]) != 0 {
		t.Errorf("OCSF events for no findings: %q", out[FormatOCSF])
	}
	if problems := requests(t, string(out[FormatHTML])); len(problems) > 0 {
		t.Errorf("the empty page can make requests: %v", problems)
	}
}

// TestUnknownSeverityIsKept: a control whose severity this version does not
// know is never filtered out.
func TestUnknownSeverityIsKept(t *testing.T) {
	r := fixture()
	r.Controls[0].Severity = "catastrophic"
	r.Findings[0].Severity = "catastrophic"
	v := newView(r, defaults())
	if v.controls[0].ID != "AIML-DAT-01" || len(v.byID["AIML-DAT-01"]) != 4 {
		t.Errorf("a control of unknown severity lost controls or findings: %d findings", len(v.byID["AIML-DAT-01"]))
	}
}
