package render

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aigov/aigov/internal/testkit"

	"github.com/aigov/aigov/governance"
	"github.com/google/go-cmp/cmp"
)

// sarifSchema is a copy of the OASIS SARIF 2.1.0 schema, kept in testdata
// so the tests pass in any checkout; TestSARIFSchemaCopy keeps it equal to
// the project's shared copy where that is present.
const sarifSchema = "testdata/sarif-schema-2.1.0.json"

func TestSARIFSchemaCopy(t *testing.T) {
	shared, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "schemas", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Skipf("the shared schemas are not beside this checkout: %v", err)
	}
	ours, err := os.ReadFile(sarifSchema)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(shared, ours) {
		t.Errorf("%s differs from shared/schemas/sarif-schema-2.1.0.json: copy it again", sarifSchema)
	}
}

func TestSARIF(t *testing.T) {
	got := rendered(t, FormatSARIF, WithTool("aigov", "1.2.3", "https://github.com/aigov/aigov"))
	testkit.Golden(t, "report.sarif", got)

	data, err := os.ReadFile(sarifSchema)
	if err != nil {
		t.Fatal(err)
	}
	if errs := compileSchema(t, data).validate(got); errs != nil {
		t.Errorf("the SARIF log does not validate against the SARIF 2.1.0 schema:\n%s", strings.Join(errs, "\n"))
	}
}

// sarifDoc is the part of a SARIF log the tests read.
type sarifDoc struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID                   string `json:"id"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
					Help struct {
						Text string `json:"text"`
					} `json:"help"`
					Properties map[string]any `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful bool `json:"executionSuccessful"`
			Notifications       []struct {
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		Results []struct {
			RuleID              string            `json:"ruleId"`
			RuleIndex           int               `json:"ruleIndex"`
			Level               string            `json:"level"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Locations           []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
		Properties struct {
			AIGov struct {
				Controls        governance.Counts `json:"controls"`
				Findings        governance.Counts `json:"findings"`
				UnknownControls []string          `json:"unknownControls"`
			} `json:"aigov"`
		} `json:"properties"`
	} `json:"runs"`
}

func readSARIF(t *testing.T, b []byte) sarifDoc {
	t.Helper()
	var doc sarifDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(doc.Runs))
	}
	return doc
}

// TestSARIFStructure checks what GitHub code scanning relies on beyond the
// schema: a rule per control, a result per FAIL finding with a relative
// physical location and the finding's fingerprint, levels and
// security-severity by severity, and UNKNOWN controls that do not vanish.
func TestSARIFStructure(t *testing.T) {
	r := fixture()
	doc := readSARIF(t, rendered(t, FormatSARIF))
	if doc.Version != "2.1.0" || doc.Schema != SARIFSchemaURI {
		t.Errorf("version %q, $schema %q", doc.Version, doc.Schema)
	}
	run := doc.Runs[0]
	if run.Tool.Driver.Name != "aigov" {
		t.Errorf("driver name %q, want the default aigov", run.Tool.Driver.Name)
	}
	rules := run.Tool.Driver.Rules
	if len(rules) != len(r.Controls) {
		t.Fatalf("%d rules for %d controls", len(rules), len(r.Controls))
	}
	wantLevel := map[governance.Severity][2]string{
		governance.SeverityCritical: {"error", "9.5"}, governance.SeverityHigh: {"error", "8.0"},
		governance.SeverityMedium: {"warning", "5.5"}, governance.SeverityLow: {"note", "3.0"},
		governance.SeverityInformational: {"note", "0.0"},
	}
	for i, c := range r.Controls {
		rule := rules[i]
		want := wantLevel[c.Severity]
		if rule.ID != c.ID || rule.DefaultConfiguration.Level != want[0] || rule.Properties["security-severity"] != want[1] {
			t.Errorf("rule %d: id %s, level %s, security-severity %v; want %s, %s, %s", i, rule.ID, rule.DefaultConfiguration.Level, rule.Properties["security-severity"], c.ID, want[0], want[1])
		}
		if c.Remediation != "" && !strings.Contains(rule.Help.Text, c.Remediation) {
			t.Errorf("rule %s: the help does not say how to fix it", c.ID)
		}
	}
	var fails []governance.Finding
	for _, f := range newView(r, defaults()).findings() {
		if f.Status == governance.StatusFail {
			fails = append(fails, f)
		}
	}
	if len(run.Results) != len(fails) {
		t.Fatalf("%d results for %d FAIL findings", len(run.Results), len(fails))
	}
	for i, res := range run.Results {
		f := fails[i]
		if res.RuleID != f.Control || rules[res.RuleIndex].ID != f.Control || res.Level != wantLevel[f.Severity][0] {
			t.Errorf("result %d: rule %s (index %d), level %s; want %s at level %s", i, res.RuleID, res.RuleIndex, res.Level, f.Control, wantLevel[f.Severity][0])
		}
		if res.PartialFingerprints[SARIFFingerprintKey] != f.ID {
			t.Errorf("result %d: fingerprints %v, want %s=%s", i, res.PartialFingerprints, SARIFFingerprintKey, f.ID)
		}
		if len(res.Locations) != 1 {
			t.Fatalf("result %d: %d locations, want 1", i, len(res.Locations))
		}
		uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI
		if u, err := url.Parse(uri); err != nil || u.Scheme != "" || u.IsAbs() || strings.HasPrefix(uri, "/") || !strings.HasPrefix(uri, "aws/") {
			t.Errorf("result %d: artifact URI %q is not a relative aws/ path", i, uri)
		}
	}
	inv := run.Invocations[0]
	if !inv.ExecutionSuccessful {
		t.Error("executionSuccessful is false")
	}
	stats := run.Properties.AIGov
	if d := cmp.Diff([]string{"AIML-VUL-01", "AIML-GOV-03"}, stats.UnknownControls); d != "" {
		t.Errorf("unknown controls in run.properties (-want +got):\n%s", d)
	}
	if stats.Controls != (governance.Counts{Fail: 4, Unknown: 2, Waived: 1, Pass: 2, NotApplicable: 2}) ||
		stats.Findings != (governance.Counts{Fail: 5, Unknown: 3, Waived: 2, Pass: 5, NotApplicable: 1}) {
		t.Errorf("run.properties counts: controls %+v, findings %+v", stats.Controls, stats.Findings)
	}
	var notes []string
	for _, n := range inv.Notifications {
		notes = append(notes, n.Message.Text)
	}
	for _, id := range stats.UnknownControls {
		if !strings.Contains(strings.Join(notes, "\n"), id+" is UNKNOWN") {
			t.Errorf("no notification says %s is UNKNOWN: %q", id, notes)
		}
	}
}

// TestSARIFFingerprintIsStable: what a finding says may change from run to
// run; its fingerprint, and so its alert, stays.
func TestSARIFFingerprintIsStable(t *testing.T) {
	first := readSARIF(t, rendered(t, FormatSARIF))
	r := fixture()
	r.Findings[0].Message = "a new wording of the same problem"
	var buf bytes.Buffer
	if err := SARIF(&buf, r); err != nil {
		t.Fatal(err)
	}
	second := readSARIF(t, buf.Bytes())
	fp := func(d sarifDoc) []string {
		var out []string
		for _, res := range d.Runs[0].Results {
			out = append(out, res.PartialFingerprints[SARIFFingerprintKey]+" "+res.Locations[0].PhysicalLocation.ArtifactLocation.URI)
		}
		return out
	}
	if d := cmp.Diff(fp(first), fp(second)); d != "" {
		t.Errorf("fingerprints or locations moved with the message (-first +second):\n%s", d)
	}
}

func TestPseudoPath(t *testing.T) {
	for _, tc := range []struct {
		f    governance.Finding
		want string
	}{
		{governance.Finding{Account: acctA, Region: euw1, ResourceType: notebookType, Resource: notebookARN + "x"}, "aws/111111111111/eu-west-1/AWS-SageMaker-NotebookInstance"},
		{governance.Finding{Account: acctA}, "aws/111111111111/global/account"},
		{governance.Finding{Resource: "bucket"}, "aws/no-account/global/resource"},
		{governance.Finding{Account: "..", Region: "a b?c#d", ResourceType: "::"}, "aws/_../a-b-c-d/_"},
		{governance.Finding{Account: "../..", Region: "é"}, "aws/..-../_/account"},
	} {
		if got := pseudoPath(tc.f); got != tc.want {
			t.Errorf("pseudoPath(%+v) = %q, want %q", tc.f, got, tc.want)
		}
	}
}

func TestPascalCase(t *testing.T) {
	if got := pascalCase(`The certifications are "available" in AWS Artifact (ECR)`); got != "TheCertificationsAreAvailableInAWSArtifactECR" {
		t.Errorf("pascalCase = %q", got)
	}
}
