package auditmanager_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/auditmanager"
	"github.com/aigov/aigov/auditmanager/auditmanagertest"
	"github.com/aigov/aigov/internal/pager"
	"github.com/google/go-cmp/cmp"
)

// texts returns n text items "finding 1" … "finding n".
func texts(n int) []auditmanager.ManualEvidence {
	out := make([]auditmanager.ManualEvidence, n)
	for i := range out {
		out[i] = auditmanager.ManualEvidence{Text: fmt.Sprintf("finding %d", i+1)}
	}
	return out
}

func (w world) request(items []auditmanager.ManualEvidence) auditmanager.ImportEvidenceRequest {
	return auditmanager.ImportEvidenceRequest{AssessmentID: w.genai.ID, ControlSetID: w.secure.ID, ControlID: w.secure.Controls[0].ID, Items: items}
}

func TestImportEvidence(t *testing.T) {
	w := newWorld(t)
	c := w.client()
	items := []auditmanager.ManualEvidence{
		{Text: "aigov: notebook research has direct internet access (sagemaker-notebook-no-direct-internet-access)"},
		{S3Path: "s3://aigov-findings/2026-11-02/research.json"},
	}
	res, err := c.ImportEvidence(context.Background(), w.request(items))
	if err != nil {
		t.Fatal(err)
	}
	want := auditmanager.ImportResult{Imported: items, RemainingToday: 98}
	if d := cmp.Diff(want, res); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
	imported := w.fake.Imported()
	if len(imported) != 2 || imported[1].Item != items[1] || imported[0].ControlID != w.secure.Controls[0].ID || !imported[0].At.Equal(t0) {
		t.Errorf("fake received %+v", imported)
	}
	// The imports are evidence of the control, counted as manual.
	evs := collect(t, c.Evidence(context.Background(), auditmanager.EvidenceQuery{AssessmentID: w.genai.ID, ControlSetID: w.secure.ID, ControlID: w.secure.Controls[0].ID, Since: t0.Truncate(24 * time.Hour)}))
	manual := 0
	for _, e := range evs {
		if e.DataSource == "Manual" {
			manual++
		}
	}
	as := collect(t, c.Assessments(context.Background(), auditmanager.AssessmentFilter{}))
	if manual != 2 || as[0].ControlSets[7].Controls[0].ManualEvidenceCount != 2 || as[0].ControlSets[7].ManualEvidenceCount != 2 {
		t.Errorf("manual evidence: %d items, counts %+v", manual, as[0].ControlSets[7])
	}
}

// 120 items: two calls of 50, then the 20 past the daily quota are kept back
// without calling AWS; the next UTC day they go through.
func TestImportEvidenceDailyQuota(t *testing.T) {
	w := newWorld(t)
	now := t0
	clock := func() time.Time { return now }
	w.fake.SetClock(clock)
	c := auditmanager.New(w.fake, auditmanager.WithClock(clock))
	items := texts(120)
	res, err := c.ImportEvidence(context.Background(), w.request(items))
	if !errors.Is(err, auditmanager.ErrDailyQuota) || errors.Is(err, auditmanager.ErrEvidenceRejected) {
		t.Fatalf("err = %v, want ErrDailyQuota only", err)
	}
	if !strings.Contains(err.Error(), "20 of 120 items kept back") || !strings.Contains(err.Error(), "has had 0 on 2026-11-02 (UTC)") {
		t.Errorf("err = %v", err)
	}
	if len(res.Imported) != 100 || len(res.Unsent) != 20 || res.Unsent[0] != items[100] || res.RemainingToday != 0 {
		t.Errorf("imported %d, unsent %d, remaining %d", len(res.Imported), len(res.Unsent), res.RemainingToday)
	}
	if n := w.fake.CallCount("BatchImportEvidenceToAssessmentControl"); n != 2 {
		t.Errorf("%d calls, want 2 of 50", n)
	}

	// Later the same day: nothing is sent.
	now = t0.Add(14 * time.Hour) // 23:30 UTC
	res, err = c.ImportEvidence(context.Background(), w.request(res.Unsent))
	if !errors.Is(err, auditmanager.ErrDailyQuota) || len(res.Unsent) != 20 || len(res.Imported) != 0 {
		t.Errorf("same day: %d unsent, err %v", len(res.Unsent), err)
	}
	if n := w.fake.CallCount("BatchImportEvidenceToAssessmentControl"); n != 2 {
		t.Errorf("a full quota still called AWS (%d calls)", n)
	}

	// After midnight UTC the quota starts again.
	now = t0.Add(15 * time.Hour)
	res, err = c.ImportEvidence(context.Background(), w.request(res.Unsent))
	if err != nil || len(res.Imported) != 20 || res.RemainingToday != 80 {
		t.Errorf("next day: %+v, %v", res, err)
	}
	if got := len(w.fake.Imported()); got != 120 {
		t.Errorf("fake holds %d imports, want 120", got)
	}
}

// Items imported by other means count against the quota too: AWS refuses
// them, and the per-item errors come back typed.
func TestImportEvidenceRejectedByAWS(t *testing.T) {
	w := newWorld(t)
	other := w.client()
	if _, err := other.ImportEvidence(context.Background(), w.request(texts(95))); err != nil {
		t.Fatal(err)
	}
	c := w.client()
	items := texts(10)
	res, err := c.ImportEvidence(context.Background(), w.request(items))
	if !errors.Is(err, auditmanager.ErrEvidenceRejected) || errors.Is(err, auditmanager.ErrDailyQuota) {
		t.Fatalf("err = %v, want ErrEvidenceRejected", err)
	}
	if len(res.Imported) != 5 || len(res.Rejected) != 5 || len(res.Unsent) != 0 {
		t.Fatalf("imported %d, rejected %d, unsent %d", len(res.Imported), len(res.Rejected), len(res.Unsent))
	}
	r := res.Rejected[0]
	if r.Item != items[5] || r.Code != "400" || !strings.Contains(r.Message, "daily quota") {
		t.Errorf("rejected = %+v", r)
	}
	if !strings.Contains(r.Error(), `"finding 6" rejected: 400`) {
		t.Errorf("Error() = %s", r.Error())
	}
	long := auditmanager.RejectedEvidence{Item: auditmanager.ManualEvidence{Text: strings.Repeat("long finding ", 10)}, Code: "400", Message: "m"}
	if got := long.Error(); got != `auditmanager: manual evidence "long finding long finding long finding l"… rejected: 400 m` {
		t.Errorf("Error() = %s", got)
	}
	if res.RemainingToday != 95 {
		t.Errorf("RemainingToday = %d: this client imported 5", res.RemainingToday)
	}
}

// Concurrent imports to one control never pass the quota together.
func TestImportEvidenceConcurrent(t *testing.T) {
	w := newWorld(t)
	c := w.client()
	var mu sync.Mutex
	imported, unsent := 0, 0
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := c.ImportEvidence(context.Background(), w.request(texts(20)))
			if err != nil && !errors.Is(err, auditmanager.ErrDailyQuota) {
				t.Error(err)
			}
			mu.Lock()
			defer mu.Unlock()
			imported += len(res.Imported)
			unsent += len(res.Unsent)
		}()
	}
	wg.Wait()
	if imported != 100 || unsent != 100 || len(w.fake.Imported()) != 100 {
		t.Errorf("imported %d, unsent %d, fake %d", imported, unsent, len(w.fake.Imported()))
	}
}

// A call that fails leaves its items and the later ones unsent, and gives
// their quota back.
func TestImportEvidenceCallFails(t *testing.T) {
	w := newWorld(t)
	calls := 0
	w.fake.PrependReactor("BatchImportEvidenceToAssessmentControl", func(auditmanagertest.Call) (bool, any, error) {
		calls++
		if calls == 2 {
			return true, nil, auditmanagertest.Throttling()
		}
		return false, nil, nil
	})
	c := w.client()
	items := texts(120)
	res, err := c.ImportEvidence(context.Background(), w.request(items))
	if !errors.Is(err, aigov.ErrThrottled) || !errors.Is(err, auditmanager.ErrDailyQuota) {
		t.Fatalf("err = %v", err)
	}
	if len(res.Imported) != 50 || len(res.Unsent) != 70 || res.Unsent[0] != items[50] || res.RemainingToday != 50 {
		t.Errorf("imported %d, unsent %d (first %v), remaining %d", len(res.Imported), len(res.Unsent), res.Unsent[0], res.RemainingToday)
	}
	res, err = c.ImportEvidence(context.Background(), w.request(res.Unsent[:50]))
	if err != nil || len(res.Imported) != 50 {
		t.Errorf("retry: %+v, %v", res, err)
	}
}

func TestImportEvidenceValidation(t *testing.T) {
	long := strings.Repeat("é", 1001)
	tests := []struct {
		name  string
		items []auditmanager.ManualEvidence
		want  string
	}{
		{"none", nil, "the request has no items"},
		{"both", []auditmanager.ManualEvidence{{Text: "a"}, {Text: "b", S3Path: "s3://b/k"}}, "item 2 has both a text and an S3 path"},
		{"neither", []auditmanager.ManualEvidence{{}}, "item 1 has neither a text nor an S3 path"},
		{"long text", []auditmanager.ManualEvidence{{Text: long}}, "item 1 text is 1001 characters long"},
		{"bad s3", []auditmanager.ManualEvidence{{S3Path: "https://bucket.s3.amazonaws.com/k"}}, `item 1 S3 path "https://bucket.s3.amazonaws.com/k" is not an s3:// URI`},
	}
	for _, tt := range tests {
		w := newWorld(t)
		res, err := w.client().ImportEvidence(context.Background(), w.request(tt.items))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
		if len(res.Imported) != 0 || len(res.Unsent) != len(tt.items) || w.fake.CallCount("*") != 0 {
			t.Errorf("%s: %+v, %d calls", tt.name, res, w.fake.CallCount("*"))
		}
	}
	w := newWorld(t)
	_, err := w.client().ImportEvidence(context.Background(), auditmanager.ImportEvidenceRequest{AssessmentID: w.genai.ID, Items: texts(1)})
	if err == nil || !strings.Contains(err.Error(), "needs an assessment id, a control set id and a control id") {
		t.Errorf("no control: err = %v", err)
	}
	// A text of exactly 1000 characters is fine.
	if _, err := w.client().ImportEvidence(context.Background(), w.request([]auditmanager.ManualEvidence{{Text: long[:1000*len("é")]}})); err != nil {
		t.Errorf("1000 characters: %v", err)
	}
}

func TestImportEvidenceUnknownControl(t *testing.T) {
	w := newWorld(t)
	req := w.request(texts(1))
	req.ControlID = w.soc2.ControlSets[0].Controls[0].ID
	res, err := w.client().ImportEvidence(context.Background(), req)
	if !errors.Is(err, aigov.ErrNotFound) || len(res.Unsent) != 1 || res.RemainingToday != 100 {
		t.Errorf("%+v, %v", res, err)
	}
}

func TestCreateReport(t *testing.T) {
	w := newWorld(t)
	c := w.client()
	ctx := context.Background()
	r, err := c.CreateReport(ctx, w.genai.ID, "genai-2026-Q4", "Quarterly evidence for the AI governance board")
	if err != nil {
		t.Fatal(err)
	}
	want := auditmanager.Report{
		ID: r.ID, Name: "genai-2026-Q4", Description: "Quarterly evidence for the AI governance board",
		AssessmentID: w.genai.ID, AssessmentName: "genai-prod", Author: "arn:aws:sts::123456789012:assumed-role/aigov/session",
		Status: auditmanager.ReportInProgress, CreatedAt: t0, Account: "123456789012",
	}
	if d := cmp.Diff(want, r); d != "" {
		t.Errorf("report (-want +got):\n%s", d)
	}
	if got := w.fake.Reports(); len(got) != 1 || got[0] != r {
		t.Errorf("fake reports = %+v", got)
	}

	for _, tt := range []struct{ id, name, desc, want string }{
		{"", "r", "", "no assessment id"},
		{w.genai.ID, "Q4 report", "", `report name "Q4 report" must be`},
		{w.genai.ID, "", "", `report name "" must be`},
		{w.genai.ID, "r", strings.Repeat("x", 1001), "the description is 1001 characters long"},
	} {
		if _, err := c.CreateReport(ctx, tt.id, tt.name, tt.desc); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CreateReport(%q, %q): err = %v, want %q", tt.id, tt.name, err, tt.want)
		}
	}
	if n := w.fake.CallCount("CreateAssessmentReport"); n != 1 {
		t.Errorf("invalid reports called AWS: %d calls", n)
	}
	if _, err := c.CreateReport(ctx, "00000000-0000-4000-8000-999999999999", "r", ""); !errors.Is(err, aigov.ErrNotFound) {
		t.Errorf("unknown assessment: err = %v", err)
	}
}

// Reading writes nothing: the two writes are only ever explicit.
func TestReadsDoNotWrite(t *testing.T) {
	w := newWorld(t)
	c := w.client()
	ctx := context.Background()
	if _, err := c.Status(ctx); err != nil {
		t.Fatal(err)
	}
	collect(t, c.Assessments(ctx, auditmanager.AssessmentFilter{Status: auditmanager.AnyAssessmentStatus}))
	collect(t, c.Frameworks(ctx, auditmanager.FrameworkFilter{}))
	if _, err := c.FrameworkUsage(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := pager.Collect(c.Evidence(ctx, auditmanager.EvidenceQuery{AssessmentID: w.genai.ID, ControlSetID: w.secure.ID, ControlID: w.secure.Controls[0].ID})); err != nil {
		t.Fatal(err)
	}
	if n := w.fake.CallCount("BatchImportEvidenceToAssessmentControl") + w.fake.CallCount("CreateAssessmentReport"); n != 0 {
		t.Errorf("reads made %d writes", n)
	}
}
