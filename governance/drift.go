package governance

import (
	"sort"
)

// Drift is what changed between two reports of the same estate: the
// findings that appeared, disappeared or changed status, the controls whose
// status changed, and the score deltas.
type Drift struct {
	// New are findings of the newer report that the older one did not have.
	New []Finding `json:"new"`
	// Resolved are findings of the older report that the newer one does not
	// have, or that now pass.
	Resolved []Finding `json:"resolved"`
	// Changed are findings present in both whose status changed.
	Changed  []FindingChange `json:"changed"`
	Controls []ControlChange `json:"controls"`
	// Scores are newer minus older, overall and per framework.
	Scores ScoreDelta `json:"scores"`
}

// FindingChange is a finding whose status changed.
type FindingChange struct {
	Finding Finding `json:"finding"`
	From    Status  `json:"from"`
	To      Status  `json:"to"`
}

// ControlChange is a control whose status changed.
type ControlChange struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
	From     Status   `json:"from"`
	To       Status   `json:"to"`
}

// ScoreDelta is the change of the score ratios.
type ScoreDelta struct {
	Overall    Delta               `json:"overall"`
	Frameworks map[Framework]Delta `json:"frameworks"`
}

// Delta is the change of a Score's two ratios.
type Delta struct {
	Score    float64 `json:"score"`
	Coverage float64 `json:"coverage"`
}

// Compare reports the drift from older to newer. Findings are matched by
// their ID (control, account, region, resource), so a finding that moves
// from FAIL to PASS is resolved, and a PASS finding that starts failing is
// new. Passing and not-applicable findings are not listed as new or
// resolved on their own.
func Compare(older, newer *Report) Drift {
	d := Drift{New: []Finding{}, Resolved: []Finding{}, Changed: []FindingChange{}, Controls: []ControlChange{}}
	was := make(map[string]Finding, len(older.Findings))
	for _, f := range older.Findings {
		was[f.ID] = f
	}
	is := make(map[string]Finding, len(newer.Findings))
	for _, f := range newer.Findings {
		is[f.ID] = f
	}
	bad := func(s Status) bool { return s == StatusFail || s == StatusUnknown || s == StatusWaived }
	for _, f := range newer.Findings {
		old, ok := was[f.ID]
		switch {
		case (!ok || !bad(old.Status)) && bad(f.Status):
			d.New = append(d.New, f)
		case ok && bad(old.Status) && !bad(f.Status):
			d.Resolved = append(d.Resolved, old)
		case ok && old.Status != f.Status:
			d.Changed = append(d.Changed, FindingChange{Finding: f, From: old.Status, To: f.Status})
		}
	}
	for _, f := range older.Findings {
		if _, ok := is[f.ID]; !ok && bad(f.Status) {
			d.Resolved = append(d.Resolved, f)
		}
	}
	sortFindings(d.New)
	sortFindings(d.Resolved)
	sort.SliceStable(d.Changed, func(i, j int) bool { return d.Changed[i].Finding.ID < d.Changed[j].Finding.ID })

	oldCtl := make(map[string]ControlResult)
	for _, c := range older.Controls {
		oldCtl[c.ID] = c
	}
	for _, c := range newer.Controls {
		if o, ok := oldCtl[c.ID]; ok && o.Status != c.Status {
			d.Controls = append(d.Controls, ControlChange{ID: c.ID, Title: c.Title, Severity: c.Severity, From: o.Status, To: c.Status})
		}
	}
	sort.Slice(d.Controls, func(i, j int) bool { return d.Controls[i].ID < d.Controls[j].ID })

	d.Scores = ScoreDelta{Overall: delta(older.Scores.Overall, newer.Scores.Overall), Frameworks: map[Framework]Delta{}}
	for f, s := range newer.Scores.Frameworks {
		d.Scores.Frameworks[f] = delta(older.Scores.Frameworks[f], s)
	}
	return d
}

func delta(a, b Score) Delta {
	return Delta{Score: round4(b.Score - a.Score), Coverage: round4(b.Coverage - a.Coverage)}
}

func round4(x float64) float64 {
	if x < 0 {
		return -round4(-x)
	}
	return float64(int64(x*10000+0.5)) / 10000
}

// NewFailures returns the findings of the drift that fail (FAIL, not
// waived) with a control at least as severe as min: what a CI gate that
// tolerates an imperfect baseline stops on.
func (d Drift) NewFailures(min Severity) []Finding {
	var out []Finding
	for _, f := range d.New {
		if f.Status == StatusFail && f.Severity.AtLeast(min) {
			out = append(out, f)
		}
	}
	for _, c := range d.Changed {
		if c.To == StatusFail && c.Finding.Severity.AtLeast(min) {
			out = append(out, c.Finding)
		}
	}
	sortFindings(out)
	return out
}
