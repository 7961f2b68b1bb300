package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/internal/sharedtest"
)

// testDeps has no AWS access: a test that reached for it would fail.
func testDeps(t *testing.T) *deps {
	d := defaultDeps()
	d.s3 = nil
	d.keysAPI = nil
	d.progressAfter = time.Hour
	return d
}

func TestScanSharedRecordsText(t *testing.T) {
	dir := sharedtest.Dir(t, "testdata/cloudtrail/invictus-aws-dataset")
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-rules", "tampering,iam", dir}, &out, &errOut, testDeps(t))
	if code != exitOK || errOut.Len() > 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	text := strings.Join(strings.Fields(out.String()), " ") // the columns' widths do not matter
	for _, want := range []string{
		"[critical] cloudtrail-logging-stopped",
		"principal arn:aws:iam::123837392027:user/bert-jan (IAMUser)",
		"DeleteTrail, StopLogging: 6 (4 failed)",
		"events from 55 files",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestScanJSONIsDeterministic(t *testing.T) {
	dir := sharedtest.Dir(t, "testdata/cloudtrail")
	scanJSON := func(workers string) []byte {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), []string{"-json", "-workers", workers, dir}, &out, &errOut, testDeps(t)); code != exitOK {
			t.Fatalf("exit %d, stderr %q", code, errOut.String())
		}
		return out.Bytes()
	}
	a, b := scanJSON("1"), scanJSON("3")
	if !bytes.Equal(a, b) {
		t.Fatal("JSON output depends on the number of workers")
	}
	var got struct {
		Files, Events int
		Detections    []cloudtrail.Detection
	}
	if err := json.Unmarshal(a, &got); err != nil {
		t.Fatal(err)
	}
	if got.Events != 4228 || len(got.Detections) == 0 {
		t.Fatalf("%d events, %d detections", got.Events, len(got.Detections))
	}
}

func TestFailOnAndReadErrors(t *testing.T) {
	dir := sharedtest.Dir(t, "testdata/cloudtrail/stratus-red-team")
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"-quiet", "-fail-on", "high", dir}, &out, &errOut, testDeps(t)); code != exitDetections {
		t.Fatalf("exit %d, want %d", code, exitDetections)
	}
	out.Reset()
	errOut.Reset()
	bad := t.TempDir() + "/broken.json"
	writeFile(t, bad, `{"Records":[{"eventName":"A"},{"eventName":`)
	if code := run(context.Background(), []string{bad}, &out, &errOut, testDeps(t)); code != exitReadErrors {
		t.Fatalf("exit %d, want %d", code, exitReadErrors)
	}
	if !strings.Contains(errOut.String(), "broken.json: cloudtrail: record 1") {
		t.Fatalf("stderr %q", errOut.String())
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-nope", "x"},
		{},
		{"-since", "yesterday", "x"},
		{"-rules", "ai,magic", "x"},
		{"-fail-on", "urgent", "x"},
		{"-workers", "-1", "x"},
		{"-since", "2025-01-02T00:00:00Z", "-until", "2025-01-01T00:00:00Z", "x"},
	} {
		var out, errOut bytes.Buffer
		code := run(context.Background(), args, &out, &errOut, testDeps(t))
		lines := strings.Split(strings.TrimSuffix(errOut.String(), "\n"), "\n")
		if code != exitUsage || len(lines) != 1 || !strings.HasPrefix(lines[0], "trailscan: ") || out.Len() > 0 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and one line", args, code, out.String(), errOut.String())
		}
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"-h"}, &out, &errOut, testDeps(t)); code != exitOK || !strings.Contains(out.String(), "-verify") {
		t.Errorf("-h: exit %d, %q", code, out.String())
	}
}

func TestVerifyWithoutDigests(t *testing.T) {
	dir := sharedtest.Dir(t, "testdata/cloudtrail/stratus-red-team")
	keys := sharedtest.Dir(t, "reference/cloudtrail-public-keys-sample.json")
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-verify", "-keys", keys, dir}, &out, &errOut, testDeps(t))
	if code != exitIntegrity || !strings.Contains(errOut.String(), "no digest files found") {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
}

func TestProgress(t *testing.T) {
	dir := sharedtest.Dir(t, "testdata/cloudtrail")
	d := testDeps(t)
	d.progressAfter = 0
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{dir}, &out, &errOut, d); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(errOut.String(), "trailscan: ") || !strings.Contains(errOut.String(), "events") {
		t.Fatalf("no progress on stderr: %q", errOut.String())
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
