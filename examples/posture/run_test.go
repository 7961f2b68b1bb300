package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aigov/aigov/governance"
	"github.com/aigov/aigov/governance/render"
)

func posture(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errs bytes.Buffer
	code = run(args, &out, &errs)
	return code, out.String(), errs.String()
}

func TestDemoText(t *testing.T) {
	code, out, errs := posture(t, "-demo")
	if code != exitFail {
		t.Errorf("exit %d, want %d (the demo has failing controls)", code, exitFail)
	}
	if !strings.Contains(out, "AIML-VUL-03") || strings.Contains(out, "\033[") {
		t.Errorf("stdout is not an uncoloured text report:\n%s", out)
	}
	if !strings.Contains(errs, "[1/") {
		t.Errorf("no progress on stderr: %q", errs)
	}
}

func TestEveryFormat(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"text", "markdown", "json", "sarif", "junit", "csv", "ocsf", "html"} {
		path := filepath.Join(dir, "report."+f)
		code, out, _ := posture(t, "-demo", "-format", f, "-o", path)
		if code != exitFail || out != "" {
			t.Errorf("%s: exit %d, stdout %q", f, code, out)
		}
		if st, err := os.Stat(path); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestExitCodes(t *testing.T) {
	// Only the controls that pass or are not applicable: 0.
	if code, _, errs := posture(t, "-demo", "-controls", "AIML-IAM-04,AIML-GOV-06"); code != exitPass {
		t.Errorf("passing selection: exit %d: %s", code, errs)
	}
	// Failing controls below the threshold do not count; unknown ones do.
	if code, _, errs := posture(t, "-demo", "-controls", "AIML-IAM-10,AIML-KMS-01", "-min-severity", "high"); code != exitIncomplete {
		t.Errorf("unknown above the threshold: exit %d: %s", code, errs)
	}
	if code, _, _ := posture(t, "-demo", "-controls", "AIML-IAM-10", "-min-severity", "high"); code != exitPass {
		t.Errorf("a low failure under a high threshold: exit %d", code)
	}
}

func TestUsageErrorsAreOneLine(t *testing.T) {
	for _, args := range [][]string{
		{"-format", "pdf", "-demo"},
		{"-demo", "-min-severity", "urgent"},
		{"-demo", "-controls", "AIML-NOPE-99"},
		{"-demo", "-frameworks", "pci"},
		{"-demo", "-waivers", "/nonexistent/waivers.json"},
		{"-demo", "-baseline", "/nonexistent/report.json"},
		{"-demo", "-accounts", "111111111111"},
		{"-bogus"},
		{"-demo", "extra"},
	} {
		code, out, errs := posture(t, args...)
		if code != exitUsage || out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "posture: ") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
}

// Without credentials, and against an endpoint nothing listens on, the
// answer is one line and the usage exit code, never a stack trace.
func TestMissingCredentialsAndUnreachableEndpoint(t *testing.T) {
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_REGION", "eu-west-1")
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	code, _, errs := posture(t)
	if code != exitUsage || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "sts:GetCallerIdentity") {
		t.Errorf("no credentials: exit %d, stderr %q", code, errs)
	}

	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
	code, _, errs = posture(t)
	if code != exitUsage || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "127.0.0.1:1") {
		t.Errorf("unreachable endpoint: exit %d, stderr %q", code, errs)
	}
}

func TestIAMPolicyAndConformancePack(t *testing.T) {
	code, out, _ := posture(t, "-demo", "-iam-policy")
	var doc map[string]any
	if code != exitPass || json.Unmarshal([]byte(out), &doc) != nil || !strings.Contains(out, "config:DescribeConfigRules") {
		t.Errorf("-iam-policy: exit %d:\n%s", code, out)
	}
	code, out, _ = posture(t, "-conformance-pack")
	if code != exitPass || !strings.HasPrefix(out, "# AWS Config conformance pack") {
		t.Errorf("-conformance-pack: exit %d:\n%.200s", code, out)
	}
}

func TestSnapshotAndBaseline(t *testing.T) {
	dir := t.TempDir()
	snap, rep := filepath.Join(dir, "snap.json"), filepath.Join(dir, "report.json")
	if code, _, errs := posture(t, "-demo", "-format", "json", "-o", rep, "-save-snapshot", snap); code != exitFail {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, _ := os.ReadFile(rep)
	if _, err := governance.ReadReport(bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	code, _, errs := posture(t, "-demo", "-baseline", rep)
	if code != exitFail || !strings.Contains(errs, "since the baseline: 0 new, 0 resolved, 0 changed findings") {
		t.Errorf("baseline: exit %d, stderr %q", code, errs)
	}
	// A saved snapshot evaluates offline: no credentials, no AWS call.
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
	code, out, errs := posture(t, "-from-snapshot", snap)
	if code != exitFail || !strings.Contains(out, "AIML-VUL-03") {
		t.Errorf("offline: exit %d: %s", code, errs)
	}
	if code, _, errs := posture(t, "-from-snapshot", filepath.Join(dir, "missing.json")); code != exitUsage {
		t.Errorf("missing snapshot: exit %d: %s", code, errs)
	}
}

func TestEvidencePack(t *testing.T) {
	dir := t.TempDir()
	seed := bytes.Repeat([]byte{7}, ed25519.SeedSize)
	keyFile := filepath.Join(dir, "key.hex")
	os.WriteFile(keyFile, []byte(hex.EncodeToString(seed)+"\n"), 0o600)
	pack := filepath.Join(dir, "pack")
	code, _, errs := posture(t, "-demo", "-o", filepath.Join(dir, "r.txt"), "-evidence-pack", pack, "-sign-key", keyFile, "-artifact-documents")
	if code != exitFail || !strings.Contains(errs, "wrote the evidence pack") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	if err := render.VerifyDir(pack, pub); err != nil {
		t.Errorf("the pack does not verify: %v", err)
	}
	docs, _ := os.ReadDir(filepath.Join(pack, "documents"))
	if len(docs) == 0 {
		t.Error("no Artifact document in the pack")
	}
	if code, _, errs := posture(t, "-demo", "-sign-key", keyFile); code != exitUsage {
		t.Errorf("-sign-key without -evidence-pack: exit %d: %s", code, errs)
	}
}
