package render

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/aigov/aigov/governance"
)

// Markdown writes the report as GitHub-flavoured Markdown, for pull request
// comments and wiki pages: the summary, a table of the scores per
// framework, each control that needs attention (FAIL, UNKNOWN, WAIVED) with
// why, how to fix it, its framework clauses and a table of its findings,
// the passing and not applicable controls folded in a <details> block, the
// sources that could not be read and the expired waivers.
//
// Every piece of report data is escaped, so a message cannot add markup,
// links or HTML to the page. GitHub caps a comment at 65,536 characters:
// WithMaxFindings keeps a large report under it.
func Markdown(w io.Writer, r *governance.Report, opts ...Option) error {
	s, err := apply(r, opts)
	if err != nil {
		return err
	}
	v := newView(r, s)
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	p("# %s\n\n", mdText(s.title))
	p("%s\n\n", mdText(summaryLine(r)))
	p("Generated %s from evidence collected %s · %s\n\n", stamp(r.GeneratedAt), stamp(r.CollectedAt), mdText(scopeLine(r.Scope)))
	if v.filtered() {
		p("> Showing controls of severity %s and above; the scores count every control.\n\n", s.minSeverity)
	}

	p("## Frameworks\n\n")
	if len(r.Scores.Frameworks) == 0 {
		p("No control maps to a framework.\n\n")
	} else {
		p("| Framework | Score | Coverage | FAIL | UNKNOWN | WAIVED | PASS | NOT_APPLICABLE |\n")
		p("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
		for _, f := range frameworkKeys(r.Scores.Frameworks) {
			sc := r.Scores.Frameworks[f]
			p("| %s | %s | %s | %d | %d | %d | %d | %d |\n", mdCell(f.Title()), percent(sc.Score), percent(sc.Coverage),
				sc.Failed, sc.Unknown, sc.Waived, sc.Passed, sc.NotApplicable)
		}
		p("\n")
	}

	for _, group := range []struct {
		status        governance.Status
		heading, note string
	}{
		{governance.StatusFail, "Failing controls", ""},
		{governance.StatusUnknown, "Unknown controls", "Their evidence could not be collected. They are not passes: the reasons say what to grant or enable.\n\n"},
		{governance.StatusWaived, "Waived controls", "They fail, and every failure is covered by a waiver that has not expired.\n\n"},
	} {
		var cs []governance.ControlResult
		for _, c := range v.controls {
			if c.Status == group.status {
				cs = append(cs, c)
			}
		}
		if len(cs) == 0 {
			continue
		}
		p("## %s (%d)\n\n%s", group.heading, len(cs), group.note)
		for _, c := range cs {
			mdControl(&b, v, c)
		}
	}
	if len(v.orphans) > 0 {
		p("## Findings of controls the report does not list\n\n")
		mdFindings(&b, v.orphans, 0)
	}

	var rest []governance.ControlResult
	for _, c := range v.controls {
		if c.Status != governance.StatusFail && c.Status != governance.StatusUnknown && c.Status != governance.StatusWaived {
			rest = append(rest, c)
		}
	}
	if len(rest) > 0 {
		p("## Passing and not applicable controls\n\n")
		p("<details><summary>%d controls</summary>\n\n", len(rest))
		p("| Status | Severity | Control | Title | Why |\n| --- | --- | --- | --- | --- |\n")
		for _, c := range rest {
			p("| %s | %s | %s | %s | %s |\n", c.Status, c.Severity, mdCell(c.ID), mdCell(c.Title), mdCell(c.Reason))
		}
		p("\n</details>\n\n")
	}

	mdSources(&b, r.Sources)
	mdExpiredWaivers(&b, r.Waivers)

	if _, err := w.Write(bytes.TrimRight(b.Bytes(), "\n")); err != nil {
		return fmt.Errorf("render: writing Markdown: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("render: writing Markdown: %w", err)
	}
	return nil
}

func mdControl(b *bytes.Buffer, v *view, c governance.ControlResult) {
	fmt.Fprintf(b, "### %s · %s\n\n", mdText(c.ID), mdText(c.Title))
	fmt.Fprintf(b, "**%s** · %s", c.Status, c.Severity)
	if m := mdMappings(c); m != "" {
		fmt.Fprintf(b, " · %s", m)
	}
	fmt.Fprintf(b, "\n\n**Why:** %s\n\n", mdText(c.Reason))
	if c.Remediation != "" && c.Status != governance.StatusWaived {
		fmt.Fprintf(b, "**Fix:** %s\n\n", mdText(c.Remediation))
	}
	fs, more := v.limit(v.attention(c.ID))
	mdFindings(b, fs, more)
}

// mdMappings lists a control's framework clauses, each linked to where the
// mapping is published when that is a web address.
func mdMappings(c governance.ControlResult) string {
	var parts []string
	for _, f := range frameworkKeys(c.Frameworks) {
		for _, m := range c.Frameworks[f] {
			clause := mdText(m.Clause)
			if u, err := url.Parse(m.URL); err == nil && (u.Scheme == "https" || u.Scheme == "http") {
				clause = "[" + clause + "](" + mdURL(u) + ")"
			}
			parts = append(parts, fmt.Sprintf("%s %s (%s)", mdText(f.Title()), clause, mdText(string(m.Basis))))
		}
	}
	return strings.Join(parts, "; ")
}

func mdFindings(b *bytes.Buffer, fs []governance.Finding, more int) {
	if len(fs) == 0 {
		return
	}
	waivers := false
	for _, f := range fs {
		waivers = waivers || f.Waiver != nil
	}
	b.WriteString("| Status | Account | Region | Resource | Message |")
	if waivers {
		b.WriteString(" Waiver |")
	}
	b.WriteString("\n| --- | --- | --- | --- | --- |")
	if waivers {
		b.WriteString(" --- |")
	}
	b.WriteString("\n")
	for _, f := range fs {
		resource := strings.TrimSpace(f.ResourceType + " " + f.Resource)
		if resource == "" {
			resource = "(account)"
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |", f.Status, mdCell(f.Account), mdCell(f.Region), mdCell(resource), mdCell(f.Message))
		if waivers {
			fmt.Fprintf(b, " %s |", mdCell(waiverNote(f.Waiver)))
		}
		b.WriteString("\n")
	}
	if more > 0 {
		fmt.Fprintf(b, "\n_… and %d more findings: the CSV, JSON and HTML outputs list every one._\n", more)
	}
	b.WriteString("\n")
}

func mdSources(b *bytes.Buffer, outcomes []governance.SourceOutcome) {
	bad := troubled(outcomes)
	b.WriteString("## Sources\n\n")
	if len(bad) == 0 {
		fmt.Fprintf(b, "All %d collected without a problem.\n\n", len(outcomes))
		return
	}
	fmt.Fprintf(b, "%d of %d not collected fully: the controls that read them are UNKNOWN where the evidence is missing.\n\n", len(bad), len(outcomes))
	b.WriteString("| Source | Account | Region | Outcome | Problem |\n| --- | --- | --- | --- | --- |\n")
	for _, o := range bad {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", o.Source, mdCell(o.Account), mdCell(o.Region), o.Status, mdCell(o.Error))
	}
	b.WriteString("\n")
}

func mdExpiredWaivers(b *bytes.Buffer, ws []governance.WaiverStatus) {
	expired := expiredWaivers(ws)
	if len(expired) == 0 {
		return
	}
	b.WriteString("## Expired waivers\n\nThey no longer hide anything: renew or remove them.\n\n")
	b.WriteString("| Control | Owner | Expired | Reason | Failing findings it would cover |\n| --- | --- | --- | --- | ---: |\n")
	for _, w := range expired {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %d |\n", mdCell(w.Control), mdCell(w.Owner), stamp(w.Expires), mdCell(w.Reason), w.Findings)
	}
	b.WriteString("\n")
}

// mdEscaper escapes the characters that Markdown or GitHub would read as
// markup: emphasis, code, links, HTML, headings, tables and entities.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `#`, `\#`, `|`, `\|`, `~`, `\~`, `!`, `\!`,
	`&`, `&amp;`, `<`, `&lt;`, `>`, `&gt;`,
)

// mdText escapes s for a line of Markdown text.
func mdText(s string) string { return mdEscaper.Replace(oneLine(s)) }

// mdCell escapes s for a table cell, keeping its line breaks as <br>.
func mdCell(s string) string {
	if s == "" {
		return "-"
	}
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = mdText(l)
	}
	return strings.Join(lines, "<br>")
}

// mdURL writes a link target that cannot end the link early.
func mdURL(u *url.URL) string {
	return strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E").Replace(u.String())
}
