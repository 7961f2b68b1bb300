package render

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/aigov/aigov/internal/testkit"

	"github.com/aigov/aigov/governance"
)

func TestHTML(t *testing.T) {
	got := rendered(t, FormatHTML, WithTool("aigov", "1.2.3", "https://github.com/aigov/aigov"))
	testkit.Golden(t, "report.html", got)
	testkit.Golden(t, "report-high.html", rendered(t, FormatHTML, WithMinSeverity(governance.SeverityHigh), WithTitle(`ACME </style><script>alert(1)</script> "audit"`)))

	page := string(got)
	for _, want := range []string{
		"<svg class=\"chart\"",  // the framework chart
		"class=\"heat\"",        // the heatmap
		"id=\"controls-table\"", // the filterable tables
		"id=\"findings-table\"",
		"data-filter-for=\"findings-table\" hidden",            // filters appear only when the script runs
		"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",      // report data is escaped
		"access_denied", "not_enabled", "throttled", "skipped", // the sources with their outcomes
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

// TestHTMLLoadsNothing checks that the page makes no request (see
// requests) with its tool link and with a title that tries to break out of
// the style sheet, and that the check itself catches what it should.
func TestHTMLLoadsNothing(t *testing.T) {
	for _, opts := range [][]Option{
		{WithTool("aigov", "1.2.3", "https://github.com/aigov/aigov")},
		{WithTitle(`x </style><link rel=stylesheet href=//evil.example/a.css> url(//evil.example/x) @import "y"`)},
	} {
		if problems := requests(t, string(rendered(t, FormatHTML, opts...))); len(problems) > 0 {
			t.Errorf("the page can make requests:\n%s", strings.Join(problems, "\n"))
		}
	}
	page := string(rendered(t, FormatHTML))
	for _, bad := range []string{
		`<img alt="" src="https://evil.example/pixel.gif">`,
		`<link rel="stylesheet" href="https://evil.example/x.css">`,
		`<div style="background: red">`,
		`<a href="//evil.example/">`,
		`<script src="https://evil.example/x.js"></script>`,
	} {
		tampered := strings.Replace(page, "<main>", "<main>"+bad, 1)
		if len(requests(t, tampered)) == 0 {
			t.Errorf("the check misses %s", bad)
		}
	}
	if len(requests(t, strings.Replace(page, "[hidden] {", "@import 'x.css'; [hidden] {", 1))) == 0 {
		t.Error("the check misses an @import in the style sheet")
	}
}

// requests lists what in an HTML page could make a request. Report data is
// escaped, so every real tag starts with "<": it reads every tag and
// refuses the elements and attributes that fetch (img, link, iframe, src,
// srcset, style attributes, …), accepts href only as a fragment or as a
// link to a web page on <a>, allows one inline script without attributes,
// looks for url( and @import in the style sheet, and checks that the
// Content-Security-Policy denies by default and that its hashes match the
// page's own style and script, so that a browser would refuse anything
// else.
func requests(t *testing.T, page string) []string {
	t.Helper()
	fetching := regexp.MustCompile(`^(link|img|image|iframe|frame|object|embed|base|audio|video|source|track|picture|use|feimage|portal|form)$`)
	tags := regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>`)
	attrs := regexp.MustCompile(`\s([a-zA-Z:-]+)(?:="([^"]*)")?`)
	var problems []string
	scripts := 0
	for _, tag := range tags.FindAllStringSubmatch(page, -1) {
		name := strings.ToLower(tag[1])
		if fetching.MatchString(name) {
			problems = append(problems, "a <"+name+"> element")
		}
		if name == "script" {
			scripts++
			if strings.TrimSpace(tag[2]) != "" {
				problems = append(problems, "a script element with attributes: "+tag[0])
			}
		}
		if name == "meta" && strings.Contains(strings.ToLower(tag[2]), "refresh") {
			problems = append(problems, "a refresh: "+tag[0])
		}
		for _, a := range attrs.FindAllStringSubmatch(tag[2], -1) {
			attr, value := strings.ToLower(a[1]), html.UnescapeString(a[2])
			switch {
			case attr == "src" || attr == "srcset" || attr == "style" || attr == "xlink:href" || attr == "action" || attr == "formaction" || attr == "poster" || attr == "background" || attr == "ping":
				problems = append(problems, fmt.Sprintf("<%s %s=%q>", name, attr, value))
			case attr == "href" && !strings.HasPrefix(value, "#") && (name != "a" || !strings.HasPrefix(value, "https://") && !strings.HasPrefix(value, "http://")):
				problems = append(problems, fmt.Sprintf("<%s href=%q>, neither a fragment nor a web link", name, value))
			}
		}
	}
	if scripts != 1 {
		problems = append(problems, fmt.Sprintf("%d script elements, want our one", scripts))
	}
	style := between(t, page, "<style>", "</style>")
	for _, bad := range []string{"url(", "@import", "</"} {
		if strings.Contains(strings.ToLower(style), bad) {
			problems = append(problems, "the style sheet contains "+bad)
		}
	}
	script := between(t, page, "<script>", "</script>")
	csp := html.UnescapeString(between(t, page, `<meta http-equiv="Content-Security-Policy" content="`, `">`))
	if want := htmlCSP(style, script); csp != want || !strings.HasPrefix(csp, "default-src 'none'") {
		problems = append(problems, fmt.Sprintf("the CSP %q does not deny by default or does not match the page's style and script", csp))
	}
	return problems
}

func between(t *testing.T, s, from, to string) string {
	t.Helper()
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		t.Fatalf("no %q in the page", from)
	}
	inner, _, ok := strings.Cut(rest, to)
	if !ok {
		t.Fatalf("no %q after %q", to, from)
	}
	return inner
}

func TestHeatmap(t *testing.T) {
	rows := heatmapOf(fixture().Controls)
	var got []string
	for _, row := range rows {
		var cells []string
		for _, c := range row.Cells {
			cells = append(cells, c.Class)
		}
		got = append(got, string(row.Status)+": "+strings.Join(cells, ", "))
	}
	want := []string{
		"FAIL: s-fail h4, s-fail h4, s-fail h4, s-fail h4, s-fail h0",
		"UNKNOWN: s-unknown h0, s-unknown h4, s-unknown h0, s-unknown h4, s-unknown h0",
		"WAIVED: s-waived h0, s-waived h4, s-waived h0, s-waived h0, s-waived h0",
		"PASS: s-pass h0, s-pass h0, s-pass h4, s-pass h0, s-pass h4",
		"NOT_APPLICABLE: s-na h0, s-na h0, s-na h4, s-na h0, s-na h4",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("heatmap classes:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
