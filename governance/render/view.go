package render

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/aigov/aigov/governance"
)

// view is a report as every renderer walks it: the controls that pass the
// severity filter in the report's order (failing first), and each
// control's findings in the report's order.
type view struct {
	r        *governance.Report
	s        settings
	controls []governance.ControlResult
	// control holds every control of the report by id, filtered or not.
	control map[string]governance.ControlResult
	byID    map[string][]governance.Finding
	// orphans are findings of a control the report does not list: a
	// hand-edited or truncated report. They are kept, never dropped.
	orphans []governance.Finding
}

func newView(r *governance.Report, s settings) *view {
	v := &view{r: r, s: s, control: make(map[string]governance.ControlResult, len(r.Controls)), byID: make(map[string][]governance.Finding)}
	// A severity this version does not know passes every filter: a corrupt
	// report must not lose its controls.
	keep := func(sev governance.Severity) bool { return sev.Rank() < 0 || sev.AtLeast(s.minSeverity) }
	for _, c := range r.Controls {
		v.control[c.ID] = c
		if keep(c.Severity) {
			v.controls = append(v.controls, c)
		}
	}
	for _, f := range r.Findings {
		_, known := v.control[f.Control]
		switch {
		case !keep(f.Severity):
		case known:
			v.byID[f.Control] = append(v.byID[f.Control], f)
		default:
			v.orphans = append(v.orphans, f)
		}
	}
	return v
}

// findings returns every finding that passes the filter, grouped by control
// in the report's control order, then the orphans.
func (v *view) findings() []governance.Finding {
	var out []governance.Finding
	for _, c := range v.controls {
		out = append(out, v.byID[c.ID]...)
	}
	return append(out, v.orphans...)
}

// filtered reports whether the severity filter leaves anything out.
func (v *view) filtered() bool { return v.s.minSeverity != governance.SeverityInformational }

// attention returns the findings of a control that someone has to look at:
// all but the passing and not applicable ones.
func (v *view) attention(id string) []governance.Finding {
	var out []governance.Finding
	for _, f := range v.byID[id] {
		if f.Status != governance.StatusPass && f.Status != governance.StatusNotApplicable {
			out = append(out, f)
		}
	}
	return out
}

// limit cuts fs to the WithMaxFindings limit and says how many were cut.
func (v *view) limit(fs []governance.Finding) ([]governance.Finding, int) {
	if v.s.maxFindings == 0 || len(fs) <= v.s.maxFindings {
		return fs, 0
	}
	return fs[:v.s.maxFindings], len(fs) - v.s.maxFindings
}

// troubled returns the source outcomes that are not ok: the reasons
// controls are UNKNOWN.
func troubled(outcomes []governance.SourceOutcome) []governance.SourceOutcome {
	var out []governance.SourceOutcome
	for _, o := range outcomes {
		if o.Status != governance.OutcomeOK {
			out = append(out, o)
		}
	}
	return out
}

// expiredWaivers returns the waivers that expired: they no longer hide
// anything and need renewing or removing.
func expiredWaivers(ws []governance.WaiverStatus) []governance.WaiverStatus {
	var out []governance.WaiverStatus
	for _, w := range ws {
		if w.State == governance.WaiverExpired {
			out = append(out, w)
		}
	}
	return out
}

// statusCounts pairs each status with the number of the report's controls
// that have it, worst first.
func statusCounts(sc governance.Score) []statusCount {
	return []statusCount{
		{governance.StatusFail, sc.Failed},
		{governance.StatusUnknown, sc.Unknown},
		{governance.StatusWaived, sc.Waived},
		{governance.StatusPass, sc.Passed},
		{governance.StatusNotApplicable, sc.NotApplicable},
	}
}

type statusCount struct {
	Status governance.Status
	N      int
}

// openBySeverity counts the report's FAIL and UNKNOWN controls by severity,
// most severe first, leaving out severities with none.
func openBySeverity(r *governance.Report) []severityCount {
	var out []severityCount
	for _, sev := range governance.Severities {
		n := 0
		for _, c := range r.Controls {
			if c.Severity == sev && (c.Status == governance.StatusFail || c.Status == governance.StatusUnknown) {
				n++
			}
		}
		if n > 0 {
			out = append(out, severityCount{sev, n})
		}
	}
	return out
}

type severityCount struct {
	Severity governance.Severity
	N        int
}

// frameworkKeys returns the keys of a per-framework map in catalog order,
// then any framework the catalog does not know, by name.
func frameworkKeys[T any](m map[governance.Framework]T) []governance.Framework {
	var known, other []governance.Framework
	for _, f := range governance.Frameworks {
		if _, ok := m[f]; ok {
			known = append(known, f)
		}
	}
	for f := range m {
		if !slices.Contains(governance.Frameworks, f) {
			other = append(other, f)
		}
	}
	slices.Sort(other)
	return append(known, other...)
}

// clauses lists a control's framework clauses as "key clause", such as
// "iso27001 A.8.24", in framework order.
func clauses(c governance.ControlResult) []string {
	var out []string
	for _, f := range frameworkKeys(c.Frameworks) {
		for _, m := range c.Frameworks[f] {
			out = append(out, string(f)+" "+m.Clause)
		}
	}
	return out
}

// standards lists the titles of a control's frameworks.
func standards(c governance.ControlResult) []string {
	var out []string
	for _, f := range frameworkKeys(c.Frameworks) {
		out = append(out, f.Title())
	}
	return out
}

// evidence lists the operations a finding rests on, with what they read:
// "config:GetComplianceDetailsByConfigRule (rule-name)".
func evidence(f governance.Finding) []string {
	var out []string
	for _, e := range f.Evidence {
		s := e.Operation
		if e.Detail != "" {
			s += " (" + e.Detail + ")"
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// percent writes a ratio as "80.0%".
func percent(x float64) string { return fmt.Sprintf("%.1f%%", x*100) }

// place is where a finding is: "111111111111/eu-west-1", "111111111111",
// or "-" when the finding names neither.
func place(f governance.Finding) string {
	switch {
	case f.Account != "" && f.Region != "":
		return f.Account + "/" + f.Region
	case f.Account != "":
		return f.Account
	case f.Region != "":
		return f.Region
	}
	return "-"
}

// waiverNote describes the waiver of a waived finding.
func waiverNote(w *governance.AppliedWaiver) string {
	if w == nil {
		return ""
	}
	return fmt.Sprintf("waived by %s until %s: %s", w.Owner, w.Expires.UTC().Format("2006-01-02 15:04 MST"), w.Reason)
}

// oneLine makes s safe to print on one line of a terminal or a table:
// line breaks and other control characters (escape sequences among them)
// become spaces, and invalid UTF-8 becomes U+FFFD.
func oneLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}
