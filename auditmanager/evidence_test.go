package auditmanager_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/auditmanager"
	"github.com/aigov/aigov/auditmanager/auditmanagertest"
	"github.com/aigov/aigov/internal/pager"
	"github.com/google/go-cmp/cmp"
)

func TestEvidence(t *testing.T) {
	w := newWorld(t, auditmanagertest.WithPageSize(1))
	q := auditmanager.EvidenceQuery{AssessmentID: w.genai.ID, ControlSetID: w.secure.ID, ControlID: w.secure.Controls[0].ID}
	got := collect(t, w.client().Evidence(context.Background(), q))
	if len(got) != 3 {
		t.Fatalf("got %d evidence items, want 3", len(got))
	}
	// Oldest folder first, then by time.
	yesterday := t0.Add(-24 * time.Hour)
	if !got[0].Time.Equal(yesterday) || !got[1].Time.Equal(yesterday.Add(time.Minute)) || !got[2].Time.Equal(t0) {
		t.Errorf("times %v %v %v", got[0].Time, got[1].Time, got[2].Time)
	}
	want := auditmanager.Evidence{
		ID: got[2].ID, FolderID: got[2].FolderID,
		AssessmentID: w.genai.ID, ControlSetID: "Secure", ControlID: w.secure.Controls[0].ID,
		Time: t0, ComplianceCheck: auditmanager.CheckFailed,
		DataSource: "AWS Config", EventSource: "config.amazonaws.com", EventName: noInet,
		Kind: auditmanagertest.ComplianceCheckKind, Account: "123456789012",
		Resources: []auditmanager.EvidenceResource{{ARN: research, ComplianceCheck: auditmanager.CheckFailed}},
	}
	if d := cmp.Diff(want, got[2]); d != "" {
		t.Errorf("evidence (-want +got):\n%s", d)
	}
	if got[0].FolderID == got[2].FolderID || got[0].FolderID != got[1].FolderID {
		t.Errorf("evidence not filed by day: %s %s %s", got[0].FolderID, got[1].FolderID, got[2].FolderID)
	}
	failed := 0
	for _, e := range got {
		if e.ComplianceCheck.Failed() {
			failed++
		}
	}
	if failed != 2 {
		t.Errorf("%d failed checks, want the 2 the assessment counts", failed)
	}
	// Two folders of one a page, and three evidence pages of one.
	if a, b := w.fake.CallCount("GetEvidenceFoldersByAssessmentControl"), w.fake.CallCount("GetEvidenceByEvidenceFolder"); a != 2 || b != 3 {
		t.Errorf("calls: %d folder pages, %d evidence pages", a, b)
	}

	// Since skips the items collected before it, and the folders of
	// earlier days without reading them.
	q.Since = yesterday.Add(time.Hour)
	w.fake.ResetCalls()
	if recent := collect(t, w.client().Evidence(context.Background(), q)); len(recent) != 1 || !recent[0].Time.Equal(t0) {
		t.Errorf("since yesterday 10:30: %+v", recent)
	}
	q.Since = t0.Truncate(24 * time.Hour)
	w.fake.ResetCalls()
	if recent := collect(t, w.client().Evidence(context.Background(), q)); len(recent) != 1 || w.fake.CallCount("GetEvidenceByEvidenceFolder") != 1 {
		t.Errorf("since today: %d items, %d evidence pages", len(recent), w.fake.CallCount("GetEvidenceByEvidenceFolder"))
	}
}

func TestEvidenceQueryErrors(t *testing.T) {
	w := newWorld(t)
	c := w.client()
	_, err := pager.Collect(c.Evidence(context.Background(), auditmanager.EvidenceQuery{AssessmentID: w.genai.ID}))
	if err == nil || !strings.Contains(err.Error(), "needs an assessment id, a control set id and a control id") {
		t.Errorf("incomplete query: err = %v", err)
	}
	if w.fake.CallCount("*") != 0 {
		t.Error("an incomplete query called AWS")
	}
	_, err = pager.Collect(c.Evidence(context.Background(), auditmanager.EvidenceQuery{AssessmentID: w.genai.ID, ControlSetID: "Secure", ControlID: w.soc2.ControlSets[0].Controls[0].ID}))
	if !errors.Is(err, aigov.ErrNotFound) {
		t.Errorf("control of another assessment: err = %v", err)
	}
}

// The evidence of a folder read before a failing page is kept, then the
// error ends the listing.
func TestEvidenceKeepsWhatWasRead(t *testing.T) {
	w := newWorld(t, auditmanagertest.WithPageSize(1))
	calls := 0
	w.fake.PrependReactor("GetEvidenceByEvidenceFolder", func(auditmanagertest.Call) (bool, any, error) {
		calls++
		if calls == 2 {
			return true, nil, auditmanagertest.Throttling()
		}
		return false, nil, nil
	})
	var got []auditmanager.Evidence
	var err error
	for e, e2 := range w.client().Evidence(context.Background(), auditmanager.EvidenceQuery{AssessmentID: w.genai.ID, ControlSetID: w.secure.ID, ControlID: w.secure.Controls[0].ID}) {
		if e2 != nil {
			err = e2
			break
		}
		got = append(got, e)
	}
	if len(got) != 1 || !errors.Is(err, aigov.ErrThrottled) {
		t.Errorf("got %d items, err %v", len(got), err)
	}
}

func TestComplianceCheck(t *testing.T) {
	tests := []struct {
		check                  auditmanager.ComplianceCheck
		failed, passed, uncert bool
	}{
		{"FAILED", true, false, false},
		{"failed", true, false, false},
		{"NON_COMPLIANT", true, false, false},
		{"Non-compliant", true, false, false},
		{"COMPLIANT", false, true, false},
		{"PASSED", false, true, false},
		{"NOT_APPLICABLE", false, false, true},
		{"", false, false, true},
		{"  ", false, false, true},
		{"WARNING", false, false, true},
	}
	for _, tt := range tests {
		if tt.check.Failed() != tt.failed || tt.check.Passed() != tt.passed || tt.check.Inconclusive() != tt.uncert {
			t.Errorf("%q: Failed %v Passed %v Inconclusive %v", tt.check, tt.check.Failed(), tt.check.Passed(), tt.check.Inconclusive())
		}
	}
}
