package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aigov/aigov/governance/demo"
)

// webhook records what the bot posts.
func webhook(t *testing.T, status int) (*httptest.Server, func() []message) {
	var mu sync.Mutex
	var got []message
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var m message
		if r.Header.Get("Content-Type") != "application/json" || json.Unmarshal(body, &m) != nil {
			t.Errorf("not a JSON post: %s %s", r.Header.Get("Content-Type"), body)
		}
		mu.Lock()
		got = append(got, m)
		mu.Unlock()
		w.WriteHeader(status)
		io.WriteString(w, "ok")
	}))
	t.Cleanup(srv.Close)
	return srv, func() []message { mu.Lock(); defer mu.Unlock(); return got }
}

func noenv(string) string { return "" }

func TestPostsTheSummary(t *testing.T) {
	srv, got := webhook(t, 200)
	var out, errs bytes.Buffer
	if code := run([]string{"-demo", "-webhook", srv.URL}, &out, &errs, noenv); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	msgs := got()
	if len(msgs) != 1 {
		t.Fatalf("%d posts", len(msgs))
	}
	m := msgs[0]
	if !strings.HasPrefix(m.Text, "AI governance posture: ") || len(m.Blocks) < 2 || !strings.Contains(m.Blocks[1].Text.Text, "*AIML-VUL-03* (critical)") {
		t.Errorf("message: %+v", m)
	}
}

func TestWebhookFromEnvironment(t *testing.T) {
	srv, got := webhook(t, 200)
	env := func(k string) string {
		if k == "AIGOV_WEBHOOK_URL" {
			return srv.URL
		}
		return ""
	}
	if code := run([]string{"-demo"}, io.Discard, io.Discard, env); code != exitOK || len(got()) != 1 {
		t.Errorf("exit %d, %d posts", code, len(got()))
	}
}

func TestWebhookRefusal(t *testing.T) {
	srv, _ := webhook(t, 500)
	var errs bytes.Buffer
	if code := run([]string{"-demo", "-webhook", srv.URL}, io.Discard, &errs, noenv); code != exitRun {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(errs.String(), "the webhook answered 500 Internal Server Error: ok") || strings.Count(errs.String(), "\n") != 1 {
		t.Errorf("stderr: %q", errs.String())
	}
}

func TestImportsFailingControlsAsEvidence(t *testing.T) {
	estate := demo.New()
	newEstate = func() *demo.Estate { return estate }
	t.Cleanup(func() { newEstate = demo.New })
	var out, errs bytes.Buffer
	code := run([]string{"-demo", "-import-evidence", "-assessment", "GenAI platform governance", "-min-severity", "critical"}, &out, &errs, noenv)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	if !strings.Contains(out.String(), `evidencebot: imported 2 evidence items into "GenAI platform governance"`) {
		t.Errorf("stdout: %s", out.String())
	}
	imported := estate.Fakes[demo.Prod].AuditManager.Imported()
	if len(imported) != 2 || !strings.HasPrefix(imported[0].Item.Text, "aigov AIML-") || !strings.Contains(imported[0].Item.Text, ": FAIL (critical) at 2026-11-20T09:00:00Z.") {
		t.Errorf("imported: %+v", imported)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-demo"},
		{"-demo", "-import-evidence"},
		{"-demo", "-webhook", "ftp://x"},
		{"-demo", "-webhook", "https://x", "-min-severity", "urgent"},
		{"-nope"},
	} {
		var errs bytes.Buffer
		if code := run(args, io.Discard, &errs, noenv); code != exitUsage || strings.Count(errs.String(), "\n") != 1 || !strings.HasPrefix(errs.String(), "evidencebot: ") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs.String())
		}
	}
}

func TestImportIntoUnknownAssessment(t *testing.T) {
	var errs bytes.Buffer
	if code := run([]string{"-demo", "-import-evidence", "-assessment", "nope"}, io.Discard, &errs, noenv); code != exitRun || !strings.Contains(errs.String(), `no active assessment named "nope"`) {
		t.Errorf("exit %d: %s", code, errs.String())
	}
}
