package auditmanager_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/auditmanager"
	"github.com/aigov/aigov/auditmanager/auditmanagertest"
	"github.com/aigov/aigov/internal/pager"
	sdk "github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/google/go-cmp/cmp"
)

func TestStatusActive(t *testing.T) {
	settings := auditmanager.Settings{
		EvidenceFinder:    auditmanager.EvidenceFinder{Status: "ENABLED", Backfill: "COMPLETED", EventDataStore: "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/eds"},
		ReportDestination: "s3://audit-reports/aigov",
		KMSKey:            "arn:aws:kms:us-east-1:123456789012:key/k",
	}
	w := newWorld(t, auditmanagertest.WithSettings(settings))
	st, err := w.client(auditmanager.WithAccount("123456789012"), auditmanager.WithRegion("us-east-1")).Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := auditmanager.AccountStatus{State: auditmanager.Active, Settings: &settings, Account: "123456789012", Region: "us-east-1"}
	if d := cmp.Diff(want, st); d != "" {
		t.Errorf("status (-want +got):\n%s", d)
	}
	if !st.Available() || !st.Settings.EvidenceFinder.Enabled() {
		t.Errorf("Available() = %v, evidence finder enabled = %v", st.Available(), st.Settings.EvidenceFinder.Enabled())
	}
}

func TestStatusDefaultSettings(t *testing.T) {
	st, err := newWorld(t).client().Status(context.Background())
	if err != nil || st.Settings == nil || st.Settings.KMSKey != "DEFAULT" || st.Settings.EvidenceFinder.Enabled() || st.Settings.ReportDestination != "" {
		t.Errorf("status = %+v, %v", st, err)
	}
}

// The account that never enrolled, as every account is that was not a
// customer on 2026-04-30: a clear answer, not an error and not an empty
// result; every other call fails with ErrNotEnabled.
func TestNotRegistered(t *testing.T) {
	w := newWorld(t, auditmanagertest.NotRegistered())
	c := w.client(auditmanager.WithRegion("us-east-1"))
	ctx := context.Background()
	st, err := c.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Available() || st.State != auditmanager.Inactive || st.Fallback != auditmanager.Fallback || st.Settings != nil {
		t.Errorf("status = %+v", st)
	}
	for _, want := range []string{"INACTIVE", "us-east-1", "2026-04-30", "AWS Config conformance packs"} {
		if !strings.Contains(st.Reason, want) {
			t.Errorf("reason %q does not mention %q", st.Reason, want)
		}
	}
	if n := w.fake.CallCount("GetSettings"); n != 0 {
		t.Errorf("GetSettings called %d times for an inactive account", n)
	}

	_, err = pager.Collect(c.Assessments(ctx, auditmanager.AssessmentFilter{}))
	if !errors.Is(err, aigov.ErrNotEnabled) {
		t.Fatalf("Assessments: err = %v, want ErrNotEnabled", err)
	}
	ne, ok := auditmanager.NotEnabled(err)
	if !ok || ne.Available() || ne.Fallback != auditmanager.Fallback || ne.Region != "us-east-1" ||
		!strings.Contains(ne.Reason, "ListAssessments answered AccessDeniedException: Please complete AWS Audit Manager setup") {
		t.Errorf("NotEnabled = %+v, %v", ne, ok)
	}
	if _, ok := auditmanager.NotEnabled(errors.New("other")); ok {
		t.Error("NotEnabled accepted an unrelated error")
	}
	res, err := c.ImportEvidence(ctx, auditmanager.ImportEvidenceRequest{AssessmentID: w.genai.ID, ControlSetID: w.secure.ID, ControlID: w.secure.Controls[0].ID, Items: []auditmanager.ManualEvidence{{Text: "finding"}}})
	if !errors.Is(err, aigov.ErrNotEnabled) || len(res.Unsent) != 1 {
		t.Errorf("ImportEvidence: %+v, %v", res, err)
	}
	if _, err := c.CreateReport(ctx, w.genai.ID, "q4", ""); !errors.Is(err, aigov.ErrNotEnabled) {
		t.Errorf("CreateReport: err = %v", err)
	}
	if _, err := c.FrameworkUsage(ctx); !errors.Is(err, aigov.ErrNotEnabled) {
		t.Errorf("FrameworkUsage: err = %v", err)
	}
}

func TestStatusPendingActivation(t *testing.T) {
	st, err := newWorld(t, auditmanagertest.WithAccountState(auditmanager.PendingActivation)).client().Status(context.Background())
	if err != nil || st.Available() || st.State != auditmanager.PendingActivation || !strings.Contains(st.Reason, "PENDING_ACTIVATION") {
		t.Errorf("status = %+v, %v", st, err)
	}
}

func TestStatusUnknownState(t *testing.T) {
	w := newWorld(t)
	w.fake.PrependReactor("GetAccountStatus", func(auditmanagertest.Call) (bool, any, error) {
		return true, &sdk.GetAccountStatusOutput{}, nil
	})
	st, err := w.client().Status(context.Background())
	if err != nil || st.Available() || !strings.Contains(st.Reason, `unknown account status ""`) {
		t.Errorf("status = %+v, %v", st, err)
	}
}

// An ACTIVE status with a "not registered" answer from the settings (a member
// account without its delegated administrator) is not available either.
func TestStatusSettingsNotRegistered(t *testing.T) {
	w := newWorld(t)
	w.fake.Fail("GetSettings", auditmanagertest.AccountNotRegistered())
	st, err := w.client().Status(context.Background())
	if err != nil || st.Available() || st.State != auditmanager.Active || !strings.Contains(st.Reason, "isn't registered with Audit Manager") {
		t.Errorf("status = %+v, %v", st, err)
	}
}

func TestStatusClosedToNewCustomers(t *testing.T) {
	w := newWorld(t)
	w.fake.Fail("GetAccountStatus", auditmanagertest.ClosedToNewCustomers())
	st, err := w.client().Status(context.Background())
	if err != nil || st.Available() || st.State != "" || !strings.Contains(st.Reason, "no longer open to new customers") {
		t.Errorf("status = %+v, %v", st, err)
	}
}

func TestStatusErrors(t *testing.T) {
	w := newWorld(t)
	w.fake.FailN("GetAccountStatus", 1, auditmanagertest.AccessDenied())
	if _, err := w.client().Status(context.Background()); !errors.Is(err, aigov.ErrAccessDenied) {
		t.Errorf("GetAccountStatus denied: err = %v", err)
	}
	w.fake.FailN("GetSettings", 1, auditmanagertest.Throttling())
	st, err := w.client().Status(context.Background())
	if !errors.Is(err, aigov.ErrThrottled) || st.State != auditmanager.Active {
		t.Errorf("settings throttled: %+v, %v", st, err)
	}
}

func TestAccountStatusJSON(t *testing.T) {
	st, _ := newWorld(t, auditmanagertest.NotRegistered()).client(auditmanager.WithRegion("us-east-1")).Status(context.Background())
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"available":false,"state":"INACTIVE","reason":"AWS Audit Manager is not set up for this account in us-east-1 (account status INACTIVE); AWS closed Audit Manager to new customers on 2026-04-30, so unless this account was a customer before then it cannot be enabled. Use AWS Config conformance packs for audit evidence instead.","fallback":"AWS Config conformance packs","region":"us-east-1"}`
	if string(b) != want {
		t.Errorf("JSON:\n%s\nwant\n%s", b, want)
	}
	var back auditmanager.AccountStatus
	if err := json.Unmarshal(b, &back); err != nil || !cmp.Equal(back, st) {
		t.Errorf("round trip: %+v, %v", back, err)
	}
	active, _ := newWorld(t).client().Status(context.Background())
	if b, _ := json.Marshal(active); !strings.HasPrefix(string(b), `{"available":true,"state":"ACTIVE","settings":{`) {
		t.Errorf("active JSON: %s", b)
	}
}
