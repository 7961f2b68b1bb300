package render

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aigov/aigov/governance"
)

// ANSI escape codes of the Text output's colours.
const (
	ansiReset   = "\x1b[0m"
	ansiBold    = "\x1b[1m"
	ansiDim     = "\x1b[2m"
	ansiRed     = "\x1b[1;31m"
	ansiYellow  = "\x1b[33m"
	ansiMagenta = "\x1b[35m"
	ansiGreen   = "\x1b[32m"
)

// Text writes the report for a terminal: a summary line, then every control
// with its status and severity, failing and unknown first (the report's
// order). Controls that need attention (FAIL, UNKNOWN, WAIVED) show why,
// how to fix them, and their findings with account, region, resource and
// waiver. Then the scores per framework, the sources that could not be read
// and the waivers that expired. Colour only with WithColor.
func Text(w io.Writer, r *governance.Report, opts ...Option) error {
	s, err := apply(r, opts)
	if err != nil {
		return err
	}
	v := newView(r, s)
	t := &textWriter{color: s.color}

	t.line(summaryLine(r))
	t.line(fmt.Sprintf("Generated %s from evidence collected %s · %s", stamp(r.GeneratedAt), stamp(r.CollectedAt), scopeLine(r.Scope)))
	if v.filtered() {
		t.line(fmt.Sprintf("Showing controls of severity %s and above; the scores count every control.", s.minSeverity))
	}

	t.heading("Controls")
	if len(v.controls) == 0 {
		t.line("  none")
	}
	for _, c := range v.controls {
		t.control(v, c)
	}
	if len(v.orphans) > 0 {
		t.heading("Findings of controls the report does not list")
		t.findings(v.orphans, 0)
	}

	t.heading("Frameworks")
	width := 0
	for f := range r.Scores.Frameworks {
		width = max(width, len(f.Title()))
	}
	for _, f := range frameworkKeys(r.Scores.Frameworks) {
		sc := r.Scores.Frameworks[f]
		t.line(oneLine(fmt.Sprintf("  %-*s  score %6s  coverage %6s  (%s)", width, f.Title(), percent(sc.Score), percent(sc.Coverage), countsPhrase(sc))))
	}
	if len(r.Scores.Frameworks) == 0 {
		t.line("  none")
	}

	t.sources(r.Sources)
	t.waivers(r.Waivers)

	if _, err := w.Write(t.buf.Bytes()); err != nil {
		return fmt.Errorf("render: writing text: %w", err)
	}
	return nil
}

// summaryLine is the one line a CI log or a chat message shows.
func summaryLine(r *governance.Report) string {
	sc := r.Scores.Overall
	var parts []string
	for _, c := range statusCounts(sc) {
		parts = append(parts, fmt.Sprintf("%d %s", c.N, c.Status))
	}
	line := fmt.Sprintf("Score %s at %s coverage · %d controls: %s", percent(sc.Score), percent(sc.Coverage), len(r.Controls), strings.Join(parts, ", "))
	if open := openBySeverity(r); len(open) > 0 {
		var sev []string
		for _, c := range open {
			sev = append(sev, fmt.Sprintf("%d %s", c.N, c.Severity))
		}
		line += " · FAIL or UNKNOWN by severity: " + strings.Join(sev, ", ")
	}
	return line
}

// countsPhrase is "1 FAIL, 2 PASS", leaving out statuses with none.
func countsPhrase(sc governance.Score) string {
	var parts []string
	for _, c := range statusCounts(sc) {
		if c.N > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.N, c.Status))
		}
	}
	if len(parts) == 0 {
		return "no controls"
	}
	return strings.Join(parts, ", ")
}

func scopeLine(sc governance.Scope) string {
	line := "accounts " + listOrNone(sc.Accounts) + " · regions " + listOrNone(sc.Regions)
	if sc.Aggregator != "" {
		line += " · aggregator " + sc.Aggregator
	}
	return oneLine(line)
}

func listOrNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}

// stamp writes a report time to the minute, in UTC.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "(unknown time)"
	}
	return t.UTC().Format("2006-01-02 15:04 MST")
}

// textWriter accumulates the text output, colouring when asked.
type textWriter struct {
	buf   bytes.Buffer
	color bool
}

func (t *textWriter) line(s string) {
	t.buf.WriteString(s)
	t.buf.WriteByte('\n')
}

func (t *textWriter) paint(code, s string) string {
	if !t.color || code == "" {
		return s
	}
	return code + s + ansiReset
}

func (t *textWriter) heading(s string) {
	t.line("")
	t.line(t.paint(ansiBold, s))
}

// status pads a status to the widest one before colouring it, so that
// columns line up with and without colour.
func (t *textWriter) status(st governance.Status) string {
	return t.paint(statusColor(st), fmt.Sprintf("%-14s", st))
}

func statusColor(st governance.Status) string {
	switch st {
	case governance.StatusFail:
		return ansiRed
	case governance.StatusUnknown:
		return ansiYellow
	case governance.StatusWaived:
		return ansiMagenta
	case governance.StatusPass:
		return ansiGreen
	case governance.StatusNotApplicable:
		return ansiDim
	}
	return ansiRed // an unknown status is read as the worst
}

func (t *textWriter) control(v *view, c governance.ControlResult) {
	t.line(fmt.Sprintf("%s %-13s %s  %s", t.status(c.Status), c.Severity, t.paint(ansiBold, oneLine(c.ID)), oneLine(c.Title)))
	if c.Status == governance.StatusPass || c.Status == governance.StatusNotApplicable {
		return
	}
	const indent = "               " // under the title, past the status column
	t.line(indent + "Why: " + oneLine(c.Reason))
	if c.Remediation != "" && c.Status != governance.StatusWaived {
		t.line(indent + "Fix: " + oneLine(c.Remediation))
	}
	fs, more := v.limit(v.attention(c.ID))
	t.findings(fs, more)
}

func (t *textWriter) findings(fs []governance.Finding, more int) {
	const indent = "               "
	for _, f := range fs {
		what := strings.TrimSpace(oneLine(f.ResourceType + " " + f.Resource))
		if what == "" {
			what = "(account)"
		}
		t.line(fmt.Sprintf("%s- %s %s  %s", indent, t.status(f.Status), oneLine(place(f)), what))
		t.line(indent + "  " + oneLine(f.Message))
		if f.Waiver != nil {
			t.line(indent + "  " + oneLine(waiverNote(f.Waiver)))
		}
	}
	if more > 0 {
		t.line(fmt.Sprintf("%s- … and %d more (the CSV, JSON and HTML outputs list every finding)", indent, more))
	}
}

// sources lists the sources that could not be read fully; they are why
// controls are UNKNOWN.
func (t *textWriter) sources(outcomes []governance.SourceOutcome) {
	bad := troubled(outcomes)
	t.heading("Sources")
	if len(bad) == 0 {
		t.line(fmt.Sprintf("  all %d collected without a problem", len(outcomes)))
		return
	}
	t.line(fmt.Sprintf("  %d of %d not collected fully:", len(bad), len(outcomes)))
	for _, o := range bad {
		where := o.Account
		if o.Region != "" {
			where += "/" + o.Region
		}
		line := fmt.Sprintf("  %-13s %-26s %-14s", o.Source, where, o.Status)
		if o.Error != "" {
			line += " " + o.Error
		}
		t.line(oneLine(strings.TrimRight(line, " ")))
	}
}

// waivers counts the waivers by state and names the expired ones, which
// no longer hide anything and need renewing or removing.
func (t *textWriter) waivers(ws []governance.WaiverStatus) {
	if len(ws) == 0 {
		return
	}
	n := map[governance.WaiverState]int{}
	for _, w := range ws {
		n[w.State]++
	}
	t.heading("Waivers")
	t.line(fmt.Sprintf("  %d applied, %d unused, %d expired", n[governance.WaiverApplied], n[governance.WaiverUnused], n[governance.WaiverExpired]))
	for _, w := range expiredWaivers(ws) {
		t.line(oneLine(fmt.Sprintf("  expired %s: %s (%s), owner %s, would cover %d failing", w.Expires.UTC().Format(time.DateOnly), w.Control, w.Reason, w.Owner, w.Findings)))
	}
}
