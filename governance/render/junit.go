package render

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/aigov/aigov/governance"
)

// JUnit writes the report as JUnit XML, for CI systems that show test
// results (Jenkins, GitLab, GitHub Actions test reporters, Azure
// Pipelines): one test suite with one test case per control, named by the
// control's id and title, its class name "aigov.<severity>" so that CI
// views group controls by severity.
//
//   - FAIL is a failure: its message is the control's reason, its body the
//     failing findings and the remediation.
//   - UNKNOWN is skipped, with the reason as its message: nothing was
//     evaluated, and a skip is what CI dashboards keep visible without
//     calling it a pass.
//   - NOT_APPLICABLE is skipped too, its message saying so: there was
//     nothing to test.
//   - WAIVED passes, its system-out naming each waiver's owner, expiry and
//     reason.
//   - PASS passes.
//
// The suite's properties carry the score, coverage, times and scope.
func JUnit(w io.Writer, r *governance.Report, opts ...Option) error {
	s, err := apply(r, opts)
	if err != nil {
		return err
	}
	v := newView(r, s)
	suite := junitSuite{
		Name:       s.tool.Name + " governance controls",
		Timestamp:  junitTime(r.GeneratedAt),
		junitTally: junitTally{Time: "0"},
		Properties: []junitProperty{
			{"score", strconv.FormatFloat(r.Scores.Overall.Score, 'f', -1, 64)},
			{"coverage", strconv.FormatFloat(r.Scores.Overall.Coverage, 'f', -1, 64)},
			{"generatedAt", r.GeneratedAt.UTC().Format(time.RFC3339)},
			{"collectedAt", r.CollectedAt.UTC().Format(time.RFC3339)},
			{"accounts", strings.Join(r.Scope.Accounts, ",")},
			{"regions", strings.Join(r.Scope.Regions, ",")},
			{"minSeverity", string(s.minSeverity)},
			{"tool", strings.TrimSpace(s.tool.Name + " " + s.tool.Version)},
		},
	}
	for _, c := range v.controls {
		tc := junitCase{Name: c.ID + " " + c.Title, ClassName: "aigov." + string(c.Severity), Time: "0"}
		suite.Tests++
		switch c.Status {
		case governance.StatusFail:
			suite.Failures++
			tc.Failure = &junitFailure{Message: c.Reason, Type: string(c.Severity), Body: junitBody(v.attention(c.ID), c.Remediation)}
		case governance.StatusWaived:
			tc.SystemOut = &junitOutput{Body: xmlChars("WAIVED: "+c.Reason+"\n") + junitBody(v.attention(c.ID), "")}
		case governance.StatusPass:
		default: // UNKNOWN, NOT_APPLICABLE, and a status this version does not know
			suite.Skipped++
			tc.Skipped = &junitSkipped{Message: string(c.Status) + ": " + c.Reason, Body: junitBody(v.attention(c.ID), "")}
		}
		suite.Cases = append(suite.Cases, tc)
	}
	doc := junitSuites{Name: s.tool.Name, junitTally: suite.junitTally, Suites: []junitSuite{suite}}

	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("render: encoding JUnit XML: %w", err)
	}
	if _, err := io.WriteString(w, xml.Header+string(b)+"\n"); err != nil {
		return fmt.Errorf("render: writing JUnit XML: %w", err)
	}
	return nil
}

// junitBody lists findings, one per paragraph, then the remediation. It is
// written as CDATA to keep its lines readable, so characters XML cannot
// hold are replaced here (encoding/xml does it for attributes).
func junitBody(fs []governance.Finding, remediation string) string {
	var b strings.Builder
	for _, f := range fs {
		what := strings.TrimSpace(f.ResourceType + " " + f.Resource)
		if what == "" {
			what = "(account)"
		}
		fmt.Fprintf(&b, "%s %s %s\n  %s\n", f.Status, place(f), what, strings.ReplaceAll(f.Message, "\n", "\n  "))
		if f.Waiver != nil {
			fmt.Fprintf(&b, "  %s\n", waiverNote(f.Waiver))
		}
	}
	if remediation != "" {
		fmt.Fprintf(&b, "Fix: %s\n", remediation)
	}
	return xmlChars(b.String())
}

// xmlChars replaces the characters that XML 1.0 cannot hold with U+FFFD.
func xmlChars(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// junitTime is the timestamp JUnit schemas expect: ISO 8601 without a zone
// (the time is UTC).
func junitTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05")
}

// The JUnit XML elements, as Jenkins, GitLab and Maven Surefire read them.
type (
	junitSuites struct {
		XMLName xml.Name `xml:"testsuites"`
		Name    string   `xml:"name,attr"`
		junitTally
		Suites []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name string `xml:"name,attr"`
		junitTally
		Timestamp  string          `xml:"timestamp,attr,omitempty"`
		Properties []junitProperty `xml:"properties>property"`
		Cases      []junitCase     `xml:"testcase"`
	}
	// junitTally is what a suite, and the suites together, count. Time is
	// always 0: the evaluation of a snapshot has no per-test duration.
	junitTally struct {
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Time     string `xml:"time,attr"`
	}
	junitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		ClassName string        `xml:"classname,attr"`
		Time      string        `xml:"time,attr"`
		Failure   *junitFailure `xml:"failure"`
		Skipped   *junitSkipped `xml:"skipped"`
		SystemOut *junitOutput  `xml:"system-out"`
	}
	junitFailure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Body    string `xml:",cdata"`
	}
	junitOutput struct {
		Body string `xml:",cdata"`
	}
	junitSkipped struct {
		Message string `xml:"message,attr"`
		Body    string `xml:",cdata"`
	}
)
