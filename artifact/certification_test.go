package artifact_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov/internal/testkit"

	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/artifact/artifacttest"
	"github.com/google/go-cmp/cmp"
)

func requirement(t *testing.T, name string) artifact.Requirement {
	t.Helper()
	r, ok := artifact.LookupRequirement(name)
	if !ok {
		t.Fatalf("no default requirement %q", name)
	}
	return r
}

// TestDefaultMatching runs every default requirement over titles shaped like
// AWS's: each must pick its own report and nothing else.
func TestDefaultMatching(t *testing.T) {
	titles := []string{
		"ISO/IEC 27001:2022 Certification",
		"ISO 27001:2013 Certification",
		"ISO27001 Certificate",
		"ISO/IEC 27017:2015 Certification",
		"ISO/IEC 27018:2019 Certification",
		"ISO/IEC 27701:2019 Certification (extension of ISO/IEC 27001 and 27002)",
		"ISO/IEC 42001:2023 Certification",
		"ISO/IEC 27001, 27017, 27018 and 27701 Statement of Applicability",
		"ISO 27001 SoA",
		"SOC 1 Type 2 Report",
		"SOC 2 Type 2 Report",
		"SOC2 Type II Report",
		"System and Organization Controls 2 (SOC 2) Type 2 Report",
		"SOC 2 Type 1 Privacy Report",
		"SOC 2 Type I Report",
		"SOC 3 Report",
		"SOC 22 Report",
		"SOC 1, 2 and 3 Continued Operations Letter",
		"SOC 2 Bridge Letter",
		"PCI DSS Attestation of Compliance (AOC) and Responsibility Summary",
		"PCI-DSS v4.0 AOC",
		"PCI 3DS Attestation of Compliance",
		"C5 Type 2 Attestation",
	}
	want := map[string][]string{
		"ISO/IEC 27001": {"ISO/IEC 27001:2022 Certification", "ISO 27001:2013 Certification", "ISO27001 Certificate"},
		"ISO/IEC 27017": {"ISO/IEC 27017:2015 Certification"},
		"ISO/IEC 27018": {"ISO/IEC 27018:2019 Certification"},
		"ISO/IEC 27701": {"ISO/IEC 27701:2019 Certification (extension of ISO/IEC 27001 and 27002)"},
		"ISO/IEC 42001": {"ISO/IEC 42001:2023 Certification"},
		"SOC 2":         {"SOC 2 Type 2 Report", "SOC2 Type II Report", "System and Organization Controls 2 (SOC 2) Type 2 Report"},
		"PCI DSS":       {"PCI DSS Attestation of Compliance (AOC) and Responsibility Summary", "PCI-DSS v4.0 AOC"},
	}
	for _, req := range artifact.DefaultRequirements() {
		var matched []string
		for _, title := range titles {
			st := artifact.EvaluateCertifications([]artifact.Report{{ID: "report-x", Name: title}}, t0, req)[0]
			if st.State != artifact.CertificationMissing {
				matched = append(matched, title)
			}
		}
		if d := cmp.Diff(want[req.Name], matched); d != "" {
			t.Errorf("%s matched (-want +got):\n%s", req.Name, d)
		}
	}
}

func TestMatchingBySeries(t *testing.T) {
	req := artifact.Requirement{Name: "C5", Match: []string{"C5"}}
	st := artifact.EvaluateCertifications([]artifact.Report{{ID: "report-x", Name: "Cloud Computing Compliance Criteria Catalogue", Series: "C5"}}, t0, req)[0]
	if st.State != artifact.CertificationCurrent {
		t.Errorf("a series match was missed: %+v", st)
	}
}

func TestEvaluateCertifications(t *testing.T) {
	day := 24 * time.Hour
	soc2 := func(id string, end time.Time, version int64) artifact.Report {
		return artifact.Report{ID: id, Name: "SOC 2 Type 2 Report", Version: version, PeriodEnd: end}
	}
	tests := []struct {
		name    string
		reports []artifact.Report
		maxAge  time.Duration
		state   artifact.CertificationState
		report  string
		age     time.Duration
		reason  string
	}{
		{
			name:    "current",
			reports: []artifact.Report{soc2("report-a", t0.Add(-100*day), 3)},
			maxAge:  artifact.DefaultMaxAge, state: artifact.CertificationCurrent, report: "report-a", age: 100 * day,
			reason: `"SOC 2 Type 2 Report" (report-a, version 3): its period ended on 2026-07-24, 100 days ago, within the limit of 365 days`,
		},
		{
			name:    "stale",
			reports: []artifact.Report{soc2("report-a", t0.Add(-400*day), 1)},
			maxAge:  artifact.DefaultMaxAge, state: artifact.CertificationStale, report: "report-a", age: 400 * day,
			reason: `"SOC 2 Type 2 Report" (report-a, version 1): its period ended on 2025-09-27, 400 days ago, beyond the limit of 365 days`,
		},
		{
			name:    "exactly at the limit is current",
			reports: []artifact.Report{soc2("report-a", t0.Add(-365*day), 1)},
			maxAge:  artifact.DefaultMaxAge, state: artifact.CertificationCurrent, report: "report-a", age: 365 * day,
			reason: `"SOC 2 Type 2 Report" (report-a, version 1): its period ended on 2025-11-01, 365 days ago, within the limit of 365 days`,
		},
		{
			name:    "the freshest of several wins",
			reports: []artifact.Report{soc2("report-old", t0.Add(-400*day), 9), soc2("report-new", t0.Add(-30*day), 1), soc2("report-mid", t0.Add(-200*day), 5)},
			maxAge:  artifact.DefaultMaxAge, state: artifact.CertificationCurrent, report: "report-new", age: 30 * day,
			reason: `"SOC 2 Type 2 Report" (report-new, version 1): its period ended on 2026-10-02, 30 days ago, within the limit of 365 days`,
		},
		{
			name:    "the same period: the higher version wins",
			reports: []artifact.Report{soc2("report-a", t0.Add(-30*day), 1), soc2("report-b", t0.Add(-30*day), 2)},
			maxAge:  artifact.DefaultMaxAge, state: artifact.CertificationCurrent, report: "report-b", age: 30 * day,
			reason: `"SOC 2 Type 2 Report" (report-b, version 2): its period ended on 2026-10-02, 30 days ago, within the limit of 365 days`,
		},
		{
			name:    "a certificate still valid",
			reports: []artifact.Report{soc2("report-a", t0.Add(200*day), 1)},
			maxAge:  artifact.DefaultMaxAge, state: artifact.CertificationCurrent, report: "report-a",
			reason: `"SOC 2 Type 2 Report" (report-a, version 1): its period runs until 2027-05-20, within the limit of 365 days`,
		},
		{
			name:    "no period end is stale",
			reports: []artifact.Report{soc2("report-a", time.Time{}, 1)},
			maxAge:  artifact.DefaultMaxAge, state: artifact.CertificationStale, report: "report-a",
			reason: `"SOC 2 Type 2 Report" (report-a, version 1): it states no period end, so its age cannot be judged against the limit of 365 days`,
		},
		{
			name:    "no age limit",
			reports: []artifact.Report{soc2("report-a", t0.Add(-4000*day), 1)},
			state:   artifact.CertificationCurrent, report: "report-a", age: 4000 * day,
			reason: `"SOC 2 Type 2 Report" (report-a, version 1): its period ended on 2015-11-19, 4000 days ago; no age limit is set`,
		},
		{
			name:    "missing",
			reports: []artifact.Report{{ID: "report-a", Name: "SOC 1 Type 2 Report"}, {ID: "report-b", Name: "SOC 3 Report"}},
			maxAge:  artifact.DefaultMaxAge, state: artifact.CertificationMissing,
			reason: `no report in AWS Artifact matches "SOC 2"`,
		},
		{
			name: "excluded and unusable reports are missing, and said so",
			reports: []artifact.Report{
				{ID: "report-a", Name: "SOC 2 Type 1 Privacy Report", PeriodEnd: t0},
				{ID: "report-b", Name: "SOC 2 Type 2 Report", State: "UNPUBLISHED", PeriodEnd: t0},
				{ID: "report-c", Name: "SOC 2 Type 2 Report", UploadState: "FAILED", PeriodEnd: t0},
			},
			maxAge: artifact.DefaultMaxAge, state: artifact.CertificationMissing,
			reason: `no report in AWS Artifact matches "SOC 2"; 1 matching report is excluded by "Type 1", "Type I", "bridge letter", "gap letter", "continued operations"; 2 matching reports are unpublished or without an uploaded document`,
		},
		{
			name:    "an unpublished newer version does not hide a published older one",
			reports: []artifact.Report{soc2("report-a", t0.Add(-30*day), 1), {ID: "report-b", Name: "SOC 2 Type 2 Report", State: "UNPUBLISHED", PeriodEnd: t0}},
			maxAge:  artifact.DefaultMaxAge, state: artifact.CertificationCurrent, report: "report-a", age: 30 * day,
			reason: `"SOC 2 Type 2 Report" (report-a, version 1): its period ended on 2026-10-02, 30 days ago, within the limit of 365 days`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := requirement(t, "SOC 2")
			req.MaxAge = tt.maxAge
			got := artifact.EvaluateCertifications(tt.reports, t0, req)
			if len(got) != 1 {
				t.Fatalf("got %d statuses", len(got))
			}
			st := got[0]
			id := ""
			if st.Report != nil {
				id = st.Report.ID
			}
			if st.State != tt.state || id != tt.report || st.Age != tt.age || st.Reason != tt.reason {
				t.Errorf("got %s %s age %v\n  %s\nwant %s %s age %v\n  %s", st.State, id, st.Age, st.Reason, tt.state, tt.report, tt.age, tt.reason)
			}
			// The answer does not depend on the order of the reports.
			rev := slices.Clone(tt.reports)
			slices.Reverse(rev)
			if d := cmp.Diff(got, artifact.EvaluateCertifications(rev, t0, req)); d != "" {
				t.Errorf("order changed the answer:\n%s", d)
			}
		})
	}
}

func TestEvaluateCertificationsDoesNotAliasInput(t *testing.T) {
	reports := []artifact.Report{{ID: "report-a", Name: "SOC 2 Type 2 Report", PeriodEnd: t0}}
	st := artifact.EvaluateCertifications(reports, t0, requirement(t, "SOC 2"))[0]
	st.Report.Name = "changed"
	if reports[0].Name != "SOC 2 Type 2 Report" {
		t.Error("the status shares its report with the input")
	}
}

func TestInvalidRequirements(t *testing.T) {
	tests := []struct {
		req  artifact.Requirement
		want string
	}{
		{artifact.Requirement{Match: []string{"x"}}, "the requirement has no name"},
		{artifact.Requirement{Name: "X"}, `requirement "X" has no match phrase`},
		{artifact.Requirement{Name: "X", Match: []string{" / "}}, `requirement "X": phrase " / " has no letter or digit to match`},
		{artifact.Requirement{Name: "X", Match: []string{"x"}, Exclude: []string{""}}, `requirement "X": phrase "" has no letter or digit to match`},
		{artifact.Requirement{Name: "X", Match: []string{"x"}, MaxAge: -time.Hour}, `requirement "X": MaxAge -1h0m0s is negative`},
	}
	f := artifacttest.New()
	c := artifact.New(f)
	for _, tt := range tests {
		if err := tt.req.Validate(); err == nil || err.Error() != tt.want {
			t.Errorf("Validate = %v, want %q", err, tt.want)
		}
		st := artifact.EvaluateCertifications(nil, t0, tt.req)[0]
		if st.State != artifact.CertificationMissing || st.Reason != "invalid requirement: "+tt.want {
			t.Errorf("Evaluate = %+v", st)
		}
		_, err := c.CheckCertifications(context.Background(), requirement(t, "SOC 2"), tt.req)
		if err == nil || err.Error() != "artifact: CheckCertifications: requirement 2: "+tt.want {
			t.Errorf("CheckCertifications err = %v", err)
		}
	}
	if f.CallCount("*") != 0 {
		t.Error("an invalid requirement still called AWS")
	}
}

func TestDefaultRequirementsAreFresh(t *testing.T) {
	a := artifact.DefaultRequirements()
	a[0].Match[0] = "changed"
	a[0].Exclude[0] = "changed"
	b := artifact.DefaultRequirements()
	if b[0].Match[0] != "27001" || b[0].Exclude[0] != "Statement of Applicability" || b[1].Exclude[0] != "Statement of Applicability" {
		t.Error("DefaultRequirements shares its slices between calls")
	}
	if _, ok := artifact.LookupRequirement("soc 2"); !ok {
		t.Error("LookupRequirement is case-sensitive")
	}
	if _, ok := artifact.LookupRequirement("SOC 1"); ok {
		t.Error("LookupRequirement found a requirement that is not a default")
	}
}

// TestCheckCertifications runs the default check against the catalogue, with
// a stale SOC 2 and no ISO/IEC 42001, and keeps the answer as golden JSON:
// the form a governance snapshot stores.
func TestCheckCertifications(t *testing.T) {
	f := artifacttest.New(artifacttest.WithPageSize(3))
	t.Cleanup(f.Close)
	f.SetClock(clock)
	for _, r := range artifacttest.Catalog(periodEnd) {
		switch {
		case strings.Contains(r.Name, "42001"):
			continue // AWS not certified: Missing
		case r.Name == "SOC 2 Type 2 Report":
			r.PeriodStart, r.PeriodEnd = r.PeriodStart.AddDate(-1, 0, 0), r.PeriodEnd.AddDate(-1, -2, 0) // Stale
		}
		f.AddReport(r, nil)
	}
	c := artifact.New(f, artifact.WithClock(clock))
	got, err := c.CheckCertifications(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]artifact.CertificationState{}
	for _, st := range got {
		states[st.Requirement.Name] = st.State
	}
	want := map[string]artifact.CertificationState{
		"ISO/IEC 27001": artifact.CertificationCurrent, "ISO/IEC 27017": artifact.CertificationCurrent,
		"ISO/IEC 27018": artifact.CertificationCurrent, "ISO/IEC 27701": artifact.CertificationCurrent,
		"ISO/IEC 42001": artifact.CertificationMissing, "SOC 2": artifact.CertificationStale, "PCI DSS": artifact.CertificationCurrent,
	}
	if d := cmp.Diff(want, states); d != "" {
		t.Errorf("states (-want +got):\n%s", d)
	}
	body, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	testkit.Golden(t, "certifications.json", append(body, '\n'))

	// The snapshot judged again offline gives the same answer.
	var back []artifact.CertificationStatus
	if err := json.Unmarshal(body, &back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(got, back); d != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", d)
	}
	reports := collect(t, c.Reports(context.Background()))
	if d := cmp.Diff(got, artifact.EvaluateCertifications(reports, t0)); d != "" {
		t.Errorf("offline evaluation differs (-online +offline):\n%s", d)
	}
}

func TestCheckCertificationsUsesTheClock(t *testing.T) {
	f := artifacttest.New()
	f.AddReport(artifact.Report{Name: "SOC 2 Type 2 Report", PeriodEnd: periodEnd}, nil)
	soc2 := requirement(t, "SOC 2")
	for _, tc := range []struct {
		now  time.Time
		want artifact.CertificationState
	}{
		{periodEnd.AddDate(0, 6, 0), artifact.CertificationCurrent},
		{periodEnd.AddDate(2, 0, 0), artifact.CertificationStale},
	} {
		got, err := artifact.New(f, artifact.WithClock(func() time.Time { return tc.now })).CheckCertifications(context.Background(), soc2)
		if err != nil || got[0].State != tc.want {
			t.Errorf("at %s: %+v, %v", tc.now, got, err)
		}
	}
}
