package artifact

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aigov/aigov/internal/pager"
)

// Requirement is a certification or attestation a compliance programme
// needs AWS to hold, such as ISO/IEC 27001 or SOC 2.
//
// A report satisfies a requirement when its name or series contains one of
// the Match phrases and none of the Exclude phrases. Phrases match whole
// words regardless of case, punctuation and spacing: report names and
// phrases are both split into words of letters and words of digits
// ("ISO/IEC 27001:2022" is iso, iec, 27001, 2022; "SOC2" is soc, 2), and a
// phrase matches where its words follow one another. So "27001" matches
// "ISO/IEC 27001:2022 Certification" but not "ISO/IEC 27017:2015
// Certification", and "SOC 2" matches "SOC 2 Type 2 Report" and "SOC2
// Report" but not "SOC 1 Report", "SOC 3 Report" or "SOC 1, 2 and 3
// Continued Operations Letter".
type Requirement struct {
	// Name names the requirement in results, such as "ISO/IEC 27001".
	Name string `json:"name"`
	// Match holds the phrases, any of which makes a report a candidate.
	Match []string `json:"match"`
	// Exclude holds phrases that disqualify a candidate: a statement of
	// applicability or a bridge letter is not the certificate or the
	// report itself.
	Exclude []string `json:"exclude,omitempty"`
	// MaxAge is how long after the end of its period a report still
	// counts as current (serialised in nanoseconds). Zero sets no limit:
	// any matching report is current.
	MaxAge time.Duration `json:"maxAge,omitempty"`
}

// Validate reports what makes the requirement unusable: no name, no match
// phrase, a phrase without a letter or digit, or a negative MaxAge.
func (r Requirement) Validate() error {
	if strings.TrimSpace(r.Name) == "" {
		return errors.New("the requirement has no name")
	}
	if len(r.Match) == 0 {
		return fmt.Errorf("requirement %q has no match phrase", r.Name)
	}
	for _, list := range [][]string{r.Match, r.Exclude} {
		for _, p := range list {
			if len(words(p)) == 0 {
				return fmt.Errorf("requirement %q: phrase %q has no letter or digit to match", r.Name, p)
			}
		}
	}
	if r.MaxAge < 0 {
		return fmt.Errorf("requirement %q: MaxAge %v is negative", r.Name, r.MaxAge)
	}
	return nil
}

// DefaultMaxAge is the MaxAge of the default requirements: a year after the
// end of the report's period, the cycle on which SOC 2 reports, ISO
// surveillance audits and PCI DSS attestations are renewed.
const DefaultMaxAge = 365 * 24 * time.Hour

// DefaultRequirements returns the certifications an AI compliance programme
// typically needs from AWS, each with DefaultMaxAge, as a new slice the
// caller may change:
//
//   - "ISO/IEC 27001", "ISO/IEC 27017", "ISO/IEC 27018", "ISO/IEC 27701",
//     "ISO/IEC 42001": a report whose name holds the standard's number,
//     except a statement of applicability ("Statement of Applicability",
//     "SoA"). ISO/IEC 27001 also excludes titles naming 27017, 27018 or
//     27701: the certificate of an extension may cite 27001 and is not
//     evidence of it.
//   - "SOC 2": a report named "SOC 2" (or "SOC2"), except a Type 1 report
//     and the letters that bridge the gap between reports ("bridge
//     letter", "gap letter", "continued operations").
//   - "PCI DSS": a report named "PCI DSS" (or "PCI-DSS"); "PCI 3DS" does not
//     match.
//
// AWS does not document its report titles; these phrases were chosen
// against the titles it uses on its compliance pages. A title that matches
// nothing makes the requirement Missing, never Current: check such results
// against the reports listed, and adjust Match and Exclude where needed.
func DefaultRequirements() []Requirement {
	soa := func(more ...string) []string { return append([]string{"Statement of Applicability", "SoA"}, more...) }
	return []Requirement{
		{Name: "ISO/IEC 27001", Match: []string{"27001"}, Exclude: soa("27017", "27018", "27701"), MaxAge: DefaultMaxAge},
		{Name: "ISO/IEC 27017", Match: []string{"27017"}, Exclude: soa(), MaxAge: DefaultMaxAge},
		{Name: "ISO/IEC 27018", Match: []string{"27018"}, Exclude: soa(), MaxAge: DefaultMaxAge},
		{Name: "ISO/IEC 27701", Match: []string{"27701"}, Exclude: soa(), MaxAge: DefaultMaxAge},
		{Name: "ISO/IEC 42001", Match: []string{"42001"}, Exclude: soa(), MaxAge: DefaultMaxAge},
		{Name: "SOC 2", Match: []string{"SOC 2"}, Exclude: []string{"Type 1", "Type I", "bridge letter", "gap letter", "continued operations"}, MaxAge: DefaultMaxAge},
		{Name: "PCI DSS", Match: []string{"PCI DSS"}, MaxAge: DefaultMaxAge},
	}
}

// LookupRequirement returns the default requirement with the given name,
// compared without regard to case, such as "SOC 2".
func LookupRequirement(name string) (Requirement, bool) {
	for _, r := range DefaultRequirements() {
		if strings.EqualFold(r.Name, name) {
			return r, true
		}
	}
	return Requirement{}, false
}

// CertificationState is the answer for one requirement.
type CertificationState string

// The answers of a certification check.
const (
	// CertificationCurrent means a report satisfies the requirement and
	// its period ended no longer ago than the requirement's MaxAge.
	CertificationCurrent CertificationState = "current"
	// CertificationStale means the freshest report that satisfies the
	// requirement is too old, or states no period end to judge it by.
	CertificationStale CertificationState = "stale"
	// CertificationMissing means no published, uploaded report satisfies
	// the requirement.
	CertificationMissing CertificationState = "missing"
)

// CertificationStatus is the answer for one requirement.
type CertificationStatus struct {
	Requirement Requirement        `json:"requirement"`
	State       CertificationState `json:"state"`
	// Report is the freshest report that satisfies the requirement (the
	// latest period end, then the highest version); nil when Missing.
	Report *Report `json:"report,omitempty"`
	// Age is how long ago the report's period ended (serialised in
	// nanoseconds); zero while the period runs or when it has no end.
	Age time.Duration `json:"age,omitempty"`
	// Reason explains State in a sentence.
	Reason string `json:"reason"`
}

// CheckCertifications answers, for each requirement (DefaultRequirements
// when none is given), whether AWS Artifact holds a current report that
// satisfies it, judging age by the Client's clock. It lists every report
// first: an error in the listing returns no answer rather than answers
// made on part of the reports. An invalid requirement is an error before
// any call to AWS.
//
// IAM: artifact:ListReports.
func (c *Client) CheckCertifications(ctx context.Context, reqs ...Requirement) ([]CertificationStatus, error) {
	if c.base.Err != nil {
		return nil, c.base.Err
	}
	if len(reqs) == 0 {
		reqs = DefaultRequirements()
	}
	for i, r := range reqs {
		if err := r.Validate(); err != nil {
			return nil, fmt.Errorf("artifact: CheckCertifications: requirement %d: %w", i+1, err)
		}
	}
	reports, err := pager.Collect(c.Reports(ctx))
	if err != nil {
		return nil, err
	}
	return EvaluateCertifications(reports, c.base.Now(), reqs...), nil
}

// EvaluateCertifications answers the requirements (DefaultRequirements when
// none is given) from reports as of now, in the order of the requirements.
// It is what CheckCertifications does after listing the reports, so that a
// saved snapshot can be judged again offline; the order of reports does not
// change the answer.
//
// Reports that are unpublished or whose document is not uploaded never
// satisfy a requirement. An invalid requirement is answered Missing with
// the reason.
func EvaluateCertifications(reports []Report, now time.Time, reqs ...Requirement) []CertificationStatus {
	if len(reqs) == 0 {
		reqs = DefaultRequirements()
	}
	type indexed struct {
		Report
		name, series []string
	}
	idx := make([]indexed, len(reports))
	for i, r := range reports {
		idx[i] = indexed{r, words(r.Name), words(r.Series)}
	}
	out := make([]CertificationStatus, 0, len(reqs))
	for _, req := range reqs {
		st := CertificationStatus{Requirement: req, State: CertificationMissing}
		if err := req.Validate(); err != nil {
			st.Reason = "invalid requirement: " + err.Error()
			out = append(out, st)
			continue
		}
		match, exclude := phrases(req.Match), phrases(req.Exclude)
		var best *Report
		excluded, unusable := 0, 0
		for i := range idx {
			r := &idx[i]
			if !anyIn(match, r.name, r.series) {
				continue
			}
			if anyIn(exclude, r.name, r.series) {
				excluded++
				continue
			}
			if !r.Downloadable() {
				unusable++
				continue
			}
			if best == nil || fresher(r.Report, *best) {
				best = &r.Report
			}
		}
		if best == nil {
			st.Reason = missingReason(req, excluded, unusable)
			out = append(out, st)
			continue
		}
		chosen := *best
		st.Report = &chosen
		st.State, st.Age, st.Reason = judge(chosen, req.MaxAge, now)
		out = append(out, st)
	}
	return out
}

// fresher reports whether a is a fresher report than b: a later period end
// (a missing end is the oldest), then a higher version, then, to stay
// deterministic, the smaller id.
func fresher(a, b Report) bool {
	switch {
	case !a.PeriodEnd.Equal(b.PeriodEnd):
		return a.PeriodEnd.After(b.PeriodEnd)
	case a.Version != b.Version:
		return a.Version > b.Version
	default:
		return a.ID < b.ID
	}
}

// judge decides whether r is current under maxAge at now.
func judge(r Report, maxAge time.Duration, now time.Time) (CertificationState, time.Duration, string) {
	var age time.Duration
	var period string
	switch {
	case r.PeriodEnd.IsZero():
		period = "it states no period end"
	case r.PeriodEnd.After(now):
		period = "its period runs until " + r.PeriodEnd.Format(time.DateOnly)
	default:
		age = now.Sub(r.PeriodEnd)
		period = fmt.Sprintf("its period ended on %s, %s ago", r.PeriodEnd.Format(time.DateOnly), days(age))
	}
	switch {
	case maxAge == 0:
		return CertificationCurrent, age, fmt.Sprintf("%s: %s; no age limit is set", r.label(), period)
	case r.PeriodEnd.IsZero():
		return CertificationStale, age, fmt.Sprintf("%s: %s, so its age cannot be judged against the limit of %s", r.label(), period, days(maxAge))
	case age > maxAge:
		return CertificationStale, age, fmt.Sprintf("%s: %s, beyond the limit of %s", r.label(), period, days(maxAge))
	default:
		return CertificationCurrent, age, fmt.Sprintf("%s: %s, within the limit of %s", r.label(), period, days(maxAge))
	}
}

func missingReason(req Requirement, excluded, unusable int) string {
	msg := "no report in AWS Artifact matches " + quoteJoin(req.Match, " or ")
	if excluded > 0 {
		msg += fmt.Sprintf("; %s excluded by %s", count(excluded, "matching report is", "matching reports are"), quoteJoin(req.Exclude, ", "))
	}
	if unusable > 0 {
		msg += fmt.Sprintf("; %s unpublished or without an uploaded document", count(unusable, "matching report is", "matching reports are"))
	}
	return msg
}

func quoteJoin(ss []string, sep string) string {
	quoted := make([]string, len(ss))
	for i, s := range ss {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(quoted, sep)
}

// count writes n with the singular or plural that follows it.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// days writes d in whole days, rounded down, or as a duration when it is
// shorter than a day.
func days(d time.Duration) string {
	n := int64(d / (24 * time.Hour))
	switch {
	case n == 1:
		return "1 day"
	case n > 1:
		return fmt.Sprintf("%d days", n)
	default:
		return d.String()
	}
}
