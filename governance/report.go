package governance

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// ReportSchemaVersion is the version of the report's JSON form. Minor
// versions only add fields; a reader of 1.x reads every 1.y report.
const ReportSchemaVersion = "1.0"

// Report is the result of an evaluation. Its JSON form is stable (see
// ReportSchemaVersion and the schema documented in doc.go); every list in it
// is sorted, so the same snapshot gives the same bytes.
type Report struct {
	SchemaVersion string    `json:"schemaVersion"`
	GeneratedAt   time.Time `json:"generatedAt"`
	// CollectedAt is when the snapshot was collected.
	CollectedAt time.Time       `json:"collectedAt"`
	Scope       Scope           `json:"scope"`
	Sources     []SourceOutcome `json:"sources"`
	Controls    []ControlResult `json:"controls"`
	Findings    []Finding       `json:"findings"`
	Scores      Scores          `json:"scores"`
	// Waivers lists every waiver given: applied, unused or expired.
	Waivers []WaiverStatus `json:"waivers,omitempty"`
}

// ControlResult is a control's outcome with its catalog entry.
type ControlResult struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
	Status   Status   `json:"status"`
	// Reason explains the status in a sentence or two: what failed, why
	// the evidence is missing, or why nothing is in scope.
	Reason      string                  `json:"reason"`
	Description string                  `json:"description,omitempty"`
	Rationale   string                  `json:"rationale,omitempty"`
	Remediation string                  `json:"remediation,omitempty"`
	Sources     []Source                `json:"sources"`
	Frameworks  map[Framework][]Mapping `json:"frameworks"`
	Counts      Counts                  `json:"counts"`
}

// Counts counts a control's findings by status.
type Counts struct {
	Pass          int `json:"pass"`
	Fail          int `json:"fail"`
	Unknown       int `json:"unknown"`
	Waived        int `json:"waived"`
	NotApplicable int `json:"notApplicable"`
}

func (c *Counts) add(s Status) {
	switch s {
	case StatusPass:
		c.Pass++
	case StatusFail:
		c.Fail++
	case StatusUnknown:
		c.Unknown++
	case StatusWaived:
		c.Waived++
	case StatusNotApplicable:
		c.NotApplicable++
	}
}

// Of returns the count of one status.
func (c Counts) Of(s Status) int {
	switch s {
	case StatusPass:
		return c.Pass
	case StatusFail:
		return c.Fail
	case StatusUnknown:
		return c.Unknown
	case StatusWaived:
		return c.Waived
	case StatusNotApplicable:
		return c.NotApplicable
	}
	return 0
}

// Scores are the report's scores, overall and per framework.
type Scores struct {
	Overall    Score               `json:"overall"`
	Frameworks map[Framework]Score `json:"frameworks"`
}

// Score counts controls by status and derives two ratios that must be read
// together: Score is passed over evaluated, Coverage is evaluated over
// applicable. "80% compliant at 30% coverage" means most controls could
// not be evaluated.
//
// Applicable controls are all but NOT_APPLICABLE ones; evaluated controls
// are those that PASS or FAIL. A WAIVED control is applicable but not
// evaluated: a waiver is a decision not to fix, not evidence of compliance.
type Score struct {
	Passed        int `json:"passed"`
	Failed        int `json:"failed"`
	Unknown       int `json:"unknown"`
	Waived        int `json:"waived"`
	NotApplicable int `json:"notApplicable"`
	Evaluated     int `json:"evaluated"`
	Applicable    int `json:"applicable"`
	// Score is Passed/Evaluated, 0 when nothing was evaluated.
	Score float64 `json:"score"`
	// Coverage is Evaluated/Applicable, 0 when nothing is applicable.
	Coverage float64 `json:"coverage"`
}

func (s *Score) add(st Status) {
	switch st {
	case StatusPass:
		s.Passed++
	case StatusFail:
		s.Failed++
	case StatusUnknown:
		s.Unknown++
	case StatusWaived:
		s.Waived++
	case StatusNotApplicable:
		s.NotApplicable++
	}
}

func (s *Score) finish() {
	s.Evaluated = s.Passed + s.Failed
	s.Applicable = s.Evaluated + s.Unknown + s.Waived
	s.Score, s.Coverage = ratio(s.Passed, s.Evaluated), ratio(s.Evaluated, s.Applicable)
}

// ratio is a/b rounded to four decimals, so that reports do not carry
// float noise from one platform to another.
func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a*10000/b) / 10000
}

// String is "score 80.0%, coverage 30.0% (4 of 5 evaluated passed, 5 of 16 applicable evaluated)".
func (s Score) String() string {
	return fmt.Sprintf("score %.1f%%, coverage %.1f%% (%d of %d evaluated passed, %d of %d applicable evaluated)",
		s.Score*100, s.Coverage*100, s.Passed, s.Evaluated, s.Evaluated, s.Applicable)
}

// build assembles a report from the catalog and the findings: it sorts the
// findings, derives each control's status, reason and counts, and computes
// the scores. It is the one place reports are made, by Evaluate and by Merge.
func build(catalog []Control, findings []Finding, sources []SourceOutcome, scope Scope, collectedAt, generatedAt time.Time, waivers []WaiverStatus) *Report {
	sortFindings(findings)
	byControl := make(map[string][]Finding)
	for _, f := range findings {
		byControl[f.Control] = append(byControl[f.Control], f)
	}
	r := &Report{
		SchemaVersion: ReportSchemaVersion,
		GeneratedAt:   generatedAt.UTC(),
		CollectedAt:   collectedAt.UTC(),
		Scope:         scope,
		Sources:       sortOutcomes(sources),
		Findings:      findings,
		Waivers:       waivers,
	}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	r.Scores.Frameworks = make(map[Framework]Score)
	for _, c := range catalog {
		res := resultOf(c, byControl[c.ID])
		r.Controls = append(r.Controls, res)
		r.Scores.Overall.add(res.Status)
		for f := range c.Frameworks {
			s := r.Scores.Frameworks[f]
			s.add(res.Status)
			r.Scores.Frameworks[f] = s
		}
	}
	sortControls(r.Controls)
	r.Scores.Overall.finish()
	for f, s := range r.Scores.Frameworks {
		s.finish()
		r.Scores.Frameworks[f] = s
	}
	return r
}

// resultOf derives a control's result from its findings: the worst status
// of any finding, NOT_APPLICABLE when there is none.
func resultOf(c Control, fs []Finding) ControlResult {
	res := ControlResult{
		ID: c.ID, Title: c.Title, Severity: c.Severity, Description: c.Description, Rationale: c.Rationale,
		Remediation: c.Remediation, Sources: c.Sources, Frameworks: c.Frameworks, Status: StatusNotApplicable,
	}
	if res.Frameworks == nil {
		res.Frameworks = map[Framework][]Mapping{}
	}
	if len(fs) == 0 {
		res.Reason = "Nothing in scope: no resource or account the control applies to."
		return res
	}
	for _, f := range fs {
		res.Counts.add(f.Status)
		res.Status = worse(res.Status, f.Status)
	}
	res.Reason = reasonOf(res.Status, res.Counts, fs)
	return res
}

// reasonOf summarises the findings of the control's status.
func reasonOf(st Status, n Counts, fs []Finding) string {
	var msgs []string
	seen := map[string]bool{}
	for _, f := range fs {
		if f.Status == st && !seen[f.Message] {
			seen[f.Message] = true
			msgs = append(msgs, f.Message)
		}
	}
	sort.Strings(msgs)
	const most = 3
	more := ""
	if len(msgs) > most {
		more = fmt.Sprintf(" (and %d more)", len(msgs)-most)
		msgs = msgs[:most]
	}
	detail := strings.Join(msgs, "; ") + more
	switch st {
	case StatusFail:
		return fmt.Sprintf("%d of %d failing: %s", n.Fail, n.Fail+n.Pass+n.Waived+n.Unknown, detail)
	case StatusUnknown:
		return fmt.Sprintf("Evidence missing for %d of %d: %s", n.Unknown, n.Unknown+n.Pass+n.Waived, detail)
	case StatusWaived:
		return fmt.Sprintf("%d failing, all waived: %s", n.Waived, detail)
	case StatusPass:
		return fmt.Sprintf("%d of %d passing.", n.Pass, n.Pass)
	default:
		return "Nothing in scope: " + detail
	}
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Control != b.Control {
			return a.Control < b.Control
		}
		if a.Status != b.Status {
			return a.Status.Rank() < b.Status.Rank()
		}
		if a.Account != b.Account {
			return a.Account < b.Account
		}
		if a.Region != b.Region {
			return a.Region < b.Region
		}
		if a.Resource != b.Resource {
			return a.Resource < b.Resource
		}
		return a.ID < b.ID
	})
}

// sortControls orders controls as people read them: failing first, then
// unknown, waived, passing and not applicable; the most severe first within
// a status, then by id.
func sortControls(cs []ControlResult) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.Status != b.Status {
			return a.Status.Rank() < b.Status.Rank()
		}
		if a.Severity != b.Severity {
			return a.Severity.Rank() > b.Severity.Rank()
		}
		return a.ID < b.ID
	})
}

func sortOutcomes(os []SourceOutcome) []SourceOutcome {
	out := slices.Clone(os)
	if out == nil {
		out = []SourceOutcome{}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Source != b.Source {
			return slices.Index(AllSources, a.Source) < slices.Index(AllSources, b.Source)
		}
		if a.Account != b.Account {
			return a.Account < b.Account
		}
		return a.Region < b.Region
	})
	return out
}

// Control returns the result of the control with the given id.
func (r *Report) Control(id string) (ControlResult, bool) {
	for _, c := range r.Controls {
		if c.ID == id {
			return c, true
		}
	}
	return ControlResult{}, false
}

// FindingsOf returns the findings of one control.
func (r *Report) FindingsOf(id string) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Control == id {
			out = append(out, f)
		}
	}
	return out
}
