package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func cigate(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errs bytes.Buffer
	code := run(args, &out, &errs)
	return code, out.String(), errs.String()
}

func TestAdoptThenGate(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "baseline.json")
	code, out, errs := cigate(t, "-demo", "-baseline", base, "-update-baseline")
	if code != exitPass || !strings.Contains(out, "recorded the baseline") {
		t.Fatalf("adopt: exit %d: %s %s", code, out, errs)
	}
	sarif, junit := filepath.Join(dir, "a.sarif"), filepath.Join(dir, "a.xml")
	code, out, errs = cigate(t, "-demo", "-baseline", base, "-sarif", sarif, "-junit", junit)
	if code != exitPass || !strings.Contains(out, "since the baseline 0 new") {
		t.Errorf("unchanged estate: exit %d: %s %s", code, out, errs)
	}
	if !strings.Contains(errs, "warning: AIML-KMS-01") {
		t.Errorf("unknown controls are not warned about: %s", errs)
	}
	var s map[string]any
	if b, _ := os.ReadFile(sarif); json.Unmarshal(b, &s) != nil || s["version"] != "2.1.0" {
		t.Errorf("SARIF not written")
	}
	var j struct{ XMLName xml.Name }
	if b, _ := os.ReadFile(junit); xml.Unmarshal(b, &j) != nil {
		t.Errorf("JUnit not written")
	}
}

func TestNewFailureFailsTheGate(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "baseline.json")
	if code, _, errs := cigate(t, "-demo", "-baseline", base, "-update-baseline"); code != exitPass {
		t.Fatal(errs)
	}
	// Yesterday's estate had no StopLogging call: remove its finding from
	// the baseline, and today's run sees it as new.
	b, _ := os.ReadFile(base)
	var rep map[string]any
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	var kept []any
	for _, f := range rep["findings"].([]any) {
		if f.(map[string]any)["controlId"] != "AIML-DET-01" {
			kept = append(kept, f)
		}
	}
	rep["findings"] = kept
	b, _ = json.Marshal(rep)
	os.WriteFile(base, b, 0o644)

	code, _, errs := cigate(t, "-demo", "-baseline", base, "-fail-on", "high")
	if code != exitFail || !strings.Contains(errs, "new high failure AIML-DET-01 in 111111111111/us-east-1/arn:aws:iam::111111111111:role/ml-ops-admin") {
		t.Errorf("exit %d: %s", code, errs)
	}
	if code, _, _ := cigate(t, "-demo", "-baseline", base, "-fail-on", "critical"); code != exitPass {
		t.Errorf("a high failure under -fail-on critical: exit %d", code)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"-demo"}, {"-demo", "-baseline", "/nonexistent.json"}, {"-demo", "-baseline", "x", "-fail-on", "x"}, {"-x"}} {
		code, _, errs := cigate(t, args...)
		if code != exitUsage || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d: %q", args, code, errs)
		}
	}
}
