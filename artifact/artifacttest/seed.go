package artifacttest

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aigov/aigov/artifact"
	"github.com/aws/aws-sdk-go-v2/service/artifact/types"
)

// AddReport adds a version of a report with its document and returns it as
// stored. An empty ID makes a new report with a made-up id; a known ID adds
// a version of that report, and ListReports then shows the latest. Version
// defaults to the next one, State to PUBLISHED, UploadState to COMPLETE,
// AcceptanceType to PASSTHROUGH; ARN is made up when empty. A nil document
// gets a small made-up PDF. It panics when the report has no name, an id of
// the wrong form, or a version already added.
func (f *Fake) AddReport(r artifact.Report, document []byte) artifact.Report {
	now := f.Now().UTC()
	f.mu.Lock()
	defer f.mu.Unlock()
	if strings.TrimSpace(r.Name) == "" {
		panic("artifacttest: AddReport: the report has no name")
	}
	if r.ID == "" {
		r.ID = f.newReportID()
	} else if !reportID.MatchString(r.ID) {
		panic(fmt.Sprintf("artifacttest: AddReport: id %q is not of the form report-[a-zA-Z0-9]{16}", r.ID))
	}
	latest, _ := f.version(r.ID, 0)
	switch {
	case r.Version == 0:
		r.Version = latest.Version + 1
	case r.Version < 0:
		panic(fmt.Sprintf("artifacttest: AddReport: report %s: version %d is negative", r.ID, r.Version))
	default:
		if _, ok := f.version(r.ID, r.Version); ok {
			panic(fmt.Sprintf("artifacttest: AddReport: report %s already has version %d", r.ID, r.Version))
		}
	}
	if r.State == "" {
		r.State = string(types.PublishedStatePublished)
	}
	if r.UploadState == "" {
		r.UploadState = string(types.UploadStateComplete)
	}
	if r.AcceptanceType == "" {
		r.AcceptanceType = artifact.AcceptancePassthrough
	}
	if r.ARN == "" {
		r.ARN = fmt.Sprintf("arn:aws:artifact:%s::report/%s:%d", DefaultRegion, r.ID, r.Version)
	}
	if document == nil {
		document = fmt.Appendf(nil, "%%PDF-1.7\n%% %s, version %d (artifacttest, added %s)\n%%%%EOF\n", r.Name, r.Version, now.Format(time.RFC3339))
	}
	f.reports = append(f.reports, storedReport{Report: r, document: document, fileName: slug(r.Name) + ".pdf", addedAt: now})
	return r
}

// AddReports adds reports with made-up documents, as AddReport does, and
// returns them as stored: fake.AddReports(artifacttest.Catalog(end)...)
// seeds a realistic catalogue in one line.
func (f *Fake) AddReports(rs ...artifact.Report) []artifact.Report {
	out := make([]artifact.Report, len(rs))
	for i, r := range rs {
		out[i] = f.AddReport(r, nil)
	}
	return out
}

// newReportID makes up the id of the next new report: report-0000000000000001
// for the first, and so on, skipping ids a seed chose itself.
func (f *Fake) newReportID() string {
	seen := make(map[string]bool)
	for _, r := range f.reports {
		seen[r.ID] = true
	}
	for n := len(seen) + 1; ; n++ {
		if id := fmt.Sprintf("report-%016d", n); !seen[id] {
			return id
		}
	}
}

// version returns a version of a report, the latest for version 0.
func (f *Fake) version(id string, version int64) (storedReport, bool) {
	var found storedReport
	ok := false
	for _, r := range f.reports {
		if r.ID != id {
			continue
		}
		if (version == 0 && (!ok || r.Version > found.Version)) || r.Version == version {
			found, ok = r, true
		}
	}
	return found, ok
}

var nonWord = regexp.MustCompile(`[^A-Za-z0-9]+`)

// slug turns a report's name into a file name stem.
func slug(name string) string {
	s := strings.Trim(nonWord.ReplaceAllString(name, "-"), "-")
	if s == "" {
		return "report"
	}
	return s
}

// Catalog returns reports shaped like AWS's own catalogue, each with its
// period ending at periodEnd: the ISO/IEC 27001, 27017, 27018, 27701 and
// 42001 certifications and their statement of applicability, the SOC 1,
// SOC 2 (Type 2, and a Type 1 privacy report), SOC 3 reports and the SOC
// continued operations letter, the PCI DSS and PCI 3DS attestations and a
// C5 attestation. The titles follow the ones AWS uses on its compliance
// pages; AWS does not publish the exact titles of its Artifact reports.
// IDs are left empty for AddReport to make up.
func Catalog(periodEnd time.Time) []artifact.Report {
	end := periodEnd.UTC()
	yearBefore, halfYearBefore := end.AddDate(-1, 0, 0), end.AddDate(0, -6, 0)
	const certs, audits = "Certifications and Attestations", "Audit Reports"
	r := func(name, series, category string, start time.Time, acceptance artifact.AcceptanceType) artifact.Report {
		return artifact.Report{
			Name: name, Series: series, Category: category, CompanyName: "AWS", ProductName: "AWS",
			AcceptanceType: acceptance, PeriodStart: start, PeriodEnd: end,
		}
	}
	return []artifact.Report{
		r("ISO/IEC 27001:2022 Certification", "ISO", certs, yearBefore, artifact.AcceptancePassthrough),
		r("ISO/IEC 27017:2015 Certification", "ISO", certs, yearBefore, artifact.AcceptancePassthrough),
		r("ISO/IEC 27018:2019 Certification", "ISO", certs, yearBefore, artifact.AcceptancePassthrough),
		r("ISO/IEC 27701:2019 Certification", "ISO", certs, yearBefore, artifact.AcceptancePassthrough),
		r("ISO/IEC 42001:2023 Certification", "ISO", certs, yearBefore, artifact.AcceptancePassthrough),
		r("ISO/IEC 27001, 27017, 27018 and 27701 Statement of Applicability", "ISO", certs, yearBefore, artifact.AcceptancePassthrough),
		r("SOC 1 Type 2 Report", "SOC", audits, halfYearBefore, artifact.AcceptanceExplicit),
		r("SOC 2 Type 2 Report", "SOC", audits, halfYearBefore, artifact.AcceptanceExplicit),
		r("SOC 2 Type 1 Privacy Report", "SOC", audits, halfYearBefore, artifact.AcceptanceExplicit),
		r("SOC 3 Report", "SOC", audits, halfYearBefore, artifact.AcceptancePassthrough),
		r("SOC 1, 2 and 3 Continued Operations Letter", "SOC", audits, halfYearBefore, artifact.AcceptanceExplicit),
		r("PCI DSS Attestation of Compliance (AOC) and Responsibility Summary", "PCI", certs, yearBefore, artifact.AcceptanceExplicit),
		r("PCI 3DS Attestation of Compliance", "PCI", certs, yearBefore, artifact.AcceptanceExplicit),
		r("C5 Type 2 Attestation", "C5", audits, yearBefore, artifact.AcceptanceExplicit),
	}
}

// AddAgreement adds an agreement the account has accepted and returns it as
// stored. State defaults to ACTIVE, Type to DEFAULT, Account to the fake's;
// EffectiveStart defaults to the fake's clock, and so does EffectiveEnd for
// a terminated agreement; ID, ARN and AgreementARN are made up when empty.
// It panics when the agreement has no name, an id of the wrong form or
// already added, or a state AWS does not have.
func (f *Fake) AddAgreement(a artifact.Agreement) artifact.Agreement {
	now := f.Now().UTC()
	f.mu.Lock()
	defer f.mu.Unlock()
	if strings.TrimSpace(a.Name) == "" {
		panic("artifacttest: AddAgreement: the agreement has no name")
	}
	switch a.State {
	case "":
		a.State = artifact.AgreementStateActive
	case artifact.AgreementStateActive, artifact.AgreementStateCustomerTerminated, artifact.AgreementStateAWSTerminated:
	default:
		panic(fmt.Sprintf("artifacttest: AddAgreement: state %q is not ACTIVE, CUSTOMER_TERMINATED or AWS_TERMINATED", a.State))
	}
	n := len(f.agreements) + 1
	taken := func(id string) bool {
		return slices.ContainsFunc(f.agreements, func(have artifact.Agreement) bool { return have.ID == id })
	}
	switch {
	case a.ID == "":
		for k := n; a.ID == "" || taken(a.ID); k++ {
			a.ID = fmt.Sprintf("customer-agreement-%016d", k)
		}
	case !agreementID.MatchString(a.ID):
		panic(fmt.Sprintf("artifacttest: AddAgreement: id %q is not of the form customer-agreement-[a-zA-Z0-9]{16}", a.ID))
	case taken(a.ID):
		panic(fmt.Sprintf("artifacttest: AddAgreement: agreement %s already exists", a.ID))
	}
	if a.Type == "" {
		a.Type = string(types.AgreementTypeDefault)
	}
	if a.Account == "" {
		a.Account = f.account
	}
	if a.ARN == "" {
		a.ARN = fmt.Sprintf("arn:aws:artifact::%s:customer-agreement/%s", a.Account, a.ID)
	}
	if a.AgreementARN == "" {
		a.AgreementARN = fmt.Sprintf("arn:aws:artifact:::agreement/agreement-%016d", n)
	}
	if a.EffectiveStart.IsZero() {
		a.EffectiveStart = now
	}
	if a.EffectiveEnd.IsZero() && !a.Active() {
		a.EffectiveEnd = now
	}
	f.agreements = append(f.agreements, a)
	return a
}

var agreementID = regexp.MustCompile(`^customer-agreement-[a-zA-Z0-9]{16}$`)

// BAA returns the account's AWS Business Associate Addendum in the given
// state, for AddAgreement: the agreement HIPAA workloads need.
func BAA(state artifact.AgreementState) artifact.Agreement {
	return artifact.Agreement{
		Name:        "AWS Business Associate Addendum",
		Description: "The AWS Business Associate Addendum (BAA) for accounts that process protected health information under HIPAA.",
		Type:        string(types.AgreementTypeDefault),
		State:       state,
	}
}

// SetAccountSettings sets what GetAccountSettings returns (default: not
// subscribed to notifications).
func (f *Fake) SetAccountSettings(s artifact.AccountSettings) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.settings = s
}

// Term is a report's terms accepted through GetTermForReport.
type Term struct {
	ReportID string
	Version  int64
	// Token is the term token GetReport must be given.
	Token      string
	AcceptedAt time.Time
}

// Terms returns the terms accepted so far, in order: what a test checks to
// see that a download accepted the terms of the version it fetched.
func (f *Fake) Terms() []Term {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Term(nil), f.terms...)
}
