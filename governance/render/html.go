package render

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/url"
	"strings"

	"github.com/aigov/aigov/governance"
)

var (
	//go:embed html.tmpl
	htmlPage string
	//go:embed html.css
	htmlStyle string
	//go:embed html.js
	htmlScript string

	htmlTemplate = template.Must(template.New("report").Parse(htmlPage))
)

// HTML writes the report as one self-contained HTML page for people and
// auditors: the summary, the score per framework as an inline SVG bar chart
// with coverage alongside, a heatmap of controls by status and severity,
// the controls and findings in tables that a little inline script makes
// filterable by text, status and severity, the controls that need
// attention with their framework clauses, the sources with their outcomes
// and the waivers.
//
// Nothing is loaded from the network: no script, style sheet, font or
// image, and a Content-Security-Policy whose hashes allow only the page's
// own style and script makes the browser enforce it. The tables are
// complete without the script, and printing (to PDF, say) hides the
// filters, shows every row, repeats table headers and numbers the pages.
// Every piece of report data is escaped by html/template; links are made
// only for http and https addresses and are never fetched.
func HTML(w io.Writer, r *governance.Report, opts ...Option) error {
	s, err := apply(r, opts)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := htmlTemplate.Execute(&b, htmlDataOf(r, s)); err != nil {
		return fmt.Errorf("render: executing the HTML template: %w", err)
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("render: writing HTML: %w", err)
	}
	return nil
}

// htmlCSP allows the page's own style sheet and script, by hash, and
// nothing else: no request can leave the page, even if something in it
// tried.
func htmlCSP(style, script string) string {
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	return "default-src 'none'; style-src " + hash(style) + "; script-src " + hash(script) +
		"; img-src 'none'; font-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'"
}

// The data of the HTML template.
type (
	htmlData struct {
		Title, Tool, ToolURL, SchemaVersion string
		Generated, Collected, Scope         string
		Filter                              governance.Severity
		CSP                                 string
		CSS                                 template.CSS
		JS                                  template.JS
		Score, Coverage                     string
		Overall                             governance.Score
		StatusCounts                        []htmlStatusCount
		StatusNames, SeverityNames          []string
		Chart                               htmlChart
		Heat                                []htmlHeatRow
		Controls                            []htmlControl
		Details                             []htmlControl
		Findings                            []htmlFinding
		SourcesNote                         string
		Sources                             []htmlSource
		Waivers                             []htmlWaiver
	}
	htmlStatusCount struct {
		Status governance.Status
		Class  string
		N      int
	}
	htmlChart struct {
		Width, Height, BarX, BarWidth, LabelX int
		Desc                                  string
		Rows                                  []htmlBar
	}
	htmlBar struct {
		Title, Score, Coverage    string
		Y                         int
		ScoreWidth, CoverageWidth int
		// Counts are the framework's controls by status, in Statuses order.
		Counts []int
	}
	htmlHeatRow struct {
		Status governance.Status
		Class  string
		Cells  []htmlHeatCell
		Total  int
	}
	htmlHeatCell struct {
		N     int
		Class string
	}
	htmlControl struct {
		ID, Title, Reason, Description, Rationale, Remediation string
		Status                                                 governance.Status
		Severity                                               governance.Severity
		Class, Anchor, Clauses, Counts                         string
		Detailed                                               bool
		Mappings                                               []htmlMapping
	}
	htmlMapping struct {
		Framework, Clause, Title, Source string
		Basis                            governance.Basis
		URL                              string
	}
	htmlFinding struct {
		Status                                                                   governance.Status
		Severity                                                                 governance.Severity
		Class, Control, Account, Region, Resource, ResourceType, Message, Waiver string
		Evidence                                                                 string
	}
	htmlSource struct {
		Source                                   governance.Source
		Outcome                                  governance.Outcome
		Class, Account, Region, Error, Collected string
	}
	htmlWaiver struct {
		State                                              governance.WaiverState
		Control, Resource, Account, Owner, Reason, Expires string
		Findings                                           int
	}
)

func htmlDataOf(r *governance.Report, s settings) htmlData {
	v := newView(r, s)
	style := htmlStyle + htmlPageHeader(s.title, r)
	d := htmlData{
		Title:         s.title,
		Tool:          strings.TrimSpace(s.tool.Name + " " + s.tool.Version),
		ToolURL:       webURL(s.tool.InfoURI),
		SchemaVersion: r.SchemaVersion,
		Generated:     stamp(r.GeneratedAt),
		Collected:     stamp(r.CollectedAt),
		Scope:         scopeLine(r.Scope),
		CSP:           htmlCSP(style, htmlScript),
		CSS:           template.CSS(style),
		JS:            template.JS(htmlScript),
		Score:         percent(r.Scores.Overall.Score),
		Coverage:      percent(r.Scores.Overall.Coverage),
		Overall:       r.Scores.Overall,
		Chart:         chartOf(r.Scores.Frameworks),
		Heat:          heatmapOf(r.Controls),
	}
	if v.filtered() {
		d.Filter = s.minSeverity
	}
	for _, c := range statusCounts(r.Scores.Overall) {
		d.StatusCounts = append(d.StatusCounts, htmlStatusCount{c.Status, statusClass(c.Status), c.N})
	}
	for _, st := range governance.Statuses {
		d.StatusNames = append(d.StatusNames, string(st))
	}
	for _, sev := range governance.Severities {
		d.SeverityNames = append(d.SeverityNames, string(sev))
	}
	for _, c := range v.controls {
		hc := htmlControlOf(c)
		d.Controls = append(d.Controls, hc)
		if hc.Detailed {
			d.Details = append(d.Details, hc)
		}
	}
	for _, f := range v.findings() {
		d.Findings = append(d.Findings, htmlFinding{
			Status: f.Status, Severity: f.Severity, Class: statusClass(f.Status), Control: f.Control,
			Account: f.Account, Region: f.Region, Resource: f.Resource, ResourceType: f.ResourceType,
			Message: f.Message, Waiver: waiverNote(f.Waiver), Evidence: strings.Join(evidence(f), "; "),
		})
	}
	bad := troubled(r.Sources)
	d.SourcesNote = fmt.Sprintf("%d of %d collected without a problem.", len(r.Sources)-len(bad), len(r.Sources))
	if len(bad) > 0 {
		d.SourcesNote += " Controls that read the others are UNKNOWN where their evidence is missing."
	}
	for _, o := range r.Sources {
		class := "o-ok"
		if o.Status != governance.OutcomeOK {
			class = "o-bad"
		}
		collected := ""
		if !o.CollectedAt.IsZero() {
			collected = stamp(o.CollectedAt)
		}
		d.Sources = append(d.Sources, htmlSource{Source: o.Source, Outcome: o.Status, Class: class,
			Account: o.Account, Region: o.Region, Error: o.Error, Collected: collected})
	}
	for _, w := range r.Waivers {
		d.Waivers = append(d.Waivers, htmlWaiver{State: w.State, Control: w.Control, Resource: w.Resource, Account: w.Account,
			Owner: w.Owner, Reason: w.Reason, Expires: stamp(w.Expires), Findings: w.Findings})
	}
	return d
}

// htmlPageHeader is the printed pages' running header: the title and when
// the report was generated, as a CSS string every character of which is
// escaped, so that no title can end the string or the style sheet.
func htmlPageHeader(title string, r *governance.Report) string {
	var b strings.Builder
	for _, c := range oneLine(title + " · " + stamp(r.GeneratedAt)) {
		fmt.Fprintf(&b, "\\%x ", c)
	}
	return "\n@page { @top-left { content: \"" + b.String() + "\"; font: 9pt system-ui, sans-serif; color: #475467; } }\n"
}

func htmlControlOf(c governance.ControlResult) htmlControl {
	hc := htmlControl{
		ID: c.ID, Title: c.Title, Reason: c.Reason, Description: c.Description, Rationale: c.Rationale, Remediation: c.Remediation,
		Status: c.Status, Severity: c.Severity, Class: statusClass(c.Status), Anchor: "control-" + pathSegment(c.ID),
		Clauses: strings.Join(clauses(c), "; "), Counts: countsText(c.Counts),
		Detailed: c.Status != governance.StatusPass && c.Status != governance.StatusNotApplicable,
	}
	for _, f := range frameworkKeys(c.Frameworks) {
		for _, m := range c.Frameworks[f] {
			hc.Mappings = append(hc.Mappings, htmlMapping{Framework: f.Title(), Clause: m.Clause, Title: m.Title, Basis: m.Basis, Source: m.Source, URL: webURL(m.URL)})
		}
	}
	return hc
}

// countsText is "2 FAIL · 1 PASS", or "none" for a control without
// findings.
func countsText(c governance.Counts) string {
	var parts []string
	for _, st := range governance.Statuses {
		if n := c.Of(st); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, st))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " · ")
}

// webURL returns u when it is an absolute http or https address, the only
// links the report makes; "" otherwise.
func webURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
		return ""
	}
	return p.String()
}

// statusClass is the CSS class suffix of a status; a status this version
// does not know is drawn as a failure.
func statusClass(s governance.Status) string {
	switch s {
	case governance.StatusUnknown:
		return "unknown"
	case governance.StatusWaived:
		return "waived"
	case governance.StatusPass:
		return "pass"
	case governance.StatusNotApplicable:
		return "na"
	}
	return "fail"
}

// chartOf lays out the framework bar chart: a row per framework, a score
// bar and a thinner coverage bar on the same scale.
func chartOf(scores map[governance.Framework]governance.Score) htmlChart {
	const rowHeight, barX, barWidth = 40, 240, 420
	ch := htmlChart{BarX: barX, BarWidth: barWidth, LabelX: barX + barWidth + 12, Width: barX + barWidth + 150}
	var desc []string
	for i, f := range frameworkKeys(scores) {
		sc := scores[f]
		bar := htmlBar{
			Title: f.Title(), Score: percent(sc.Score), Coverage: percent(sc.Coverage), Y: i*rowHeight + 4,
			ScoreWidth: barLength(sc.Score, barWidth), CoverageWidth: barLength(sc.Coverage, barWidth),
		}
		for _, c := range statusCounts(sc) {
			bar.Counts = append(bar.Counts, c.N)
		}
		ch.Rows = append(ch.Rows, bar)
		desc = append(desc, fmt.Sprintf("%s: score %s, coverage %s", bar.Title, bar.Score, bar.Coverage))
	}
	ch.Height = len(ch.Rows)*rowHeight + 8
	ch.Desc = strings.Join(desc, "; ")
	return ch
}

// barLength scales a ratio to a bar of at most full pixels.
func barLength(ratio float64, full int) int {
	return int(math.Round(math.Max(0, math.Min(1, ratio)) * float64(full)))
}

// heatmapOf counts the controls of each status and severity. A cell's
// shade, h0 (none) to h4 (the most of any cell), scales with its count;
// the count itself is always printed, so the map reads in black and white.
func heatmapOf(controls []governance.ControlResult) []htmlHeatRow {
	most := 0
	count := map[[2]string]int{}
	for _, c := range controls {
		k := [2]string{string(c.Status), string(c.Severity)}
		count[k]++
		most = max(most, count[k])
	}
	var rows []htmlHeatRow
	for _, st := range governance.Statuses {
		row := htmlHeatRow{Status: st, Class: statusClass(st)}
		for _, sev := range governance.Severities {
			n := count[[2]string{string(st), string(sev)}]
			level := 0
			if n > 0 {
				level = int(math.Ceil(float64(n) * 4 / float64(most)))
			}
			row.Cells = append(row.Cells, htmlHeatCell{N: n, Class: fmt.Sprintf("s-%s h%d", row.Class, level)})
			row.Total += n
		}
		rows = append(rows, row)
	}
	return rows
}
