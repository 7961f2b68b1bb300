package render

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/aigov/aigov/governance"
)

// Option configures a renderer. Each renderer reads the options that mean
// something for its format and ignores the others, so one list of options
// can be handed to Write whatever the format.
type Option func(*settings) error

// Tool names the program that produced the report: SARIF's tool.driver,
// OCSF's metadata.product, the HTML footer and the JUnit properties.
type Tool struct {
	Name    string
	Version string
	// InfoURI is the program's home page, an absolute URI.
	InfoURI string
}

type settings struct {
	color       bool
	tool        Tool
	minSeverity governance.Severity
	maxFindings int
	title       string
}

func defaults() settings {
	return settings{
		tool:        Tool{Name: "aigov"},
		minSeverity: governance.SeverityInformational,
		title:       "AI governance posture",
	}
}

// apply returns the settings of the options, or the first problem met.
func apply(r *governance.Report, opts []Option) (settings, error) {
	s := defaults()
	if r == nil {
		return s, errors.New("render: the report is nil")
	}
	for _, o := range opts {
		if err := o(&s); err != nil {
			return s, err
		}
	}
	return s, nil
}

// WithColor colours the Text output with ANSI escape codes. It is off by
// default: turn it on only when writing to a terminal (see IsTerminal).
func WithColor(on bool) Option {
	return func(s *settings) error {
		s.color = on
		return nil
	}
}

// WithTool names the program that produced the report (default "aigov",
// no version, no URI). SARIF consumers show it as the analysis tool; GitHub
// code scanning keys its alerts by the tool name, so keep the name stable.
func WithTool(name, version, infoURI string) Option {
	return func(s *settings) error {
		if name == "" {
			return errors.New("render: WithTool: the tool needs a name")
		}
		if infoURI != "" {
			if u, err := url.Parse(infoURI); err != nil || !u.IsAbs() {
				return fmt.Errorf("render: WithTool: info URI %q is not an absolute URI", infoURI)
			}
		}
		s.tool = Tool{Name: name, Version: version, InfoURI: infoURI}
		return nil
	}
}

// WithMinSeverity leaves out controls, and their findings, less severe than
// min. Scores and summary counts still describe the whole report; the Text,
// Markdown and HTML outputs say that a filter applies. JSON is always the
// whole report.
func WithMinSeverity(min governance.Severity) Option {
	return func(s *settings) error {
		if min.Rank() < 0 {
			return fmt.Errorf("render: WithMinSeverity(%q): not one of critical, high, medium, low, informational", min)
		}
		s.minSeverity = min
		return nil
	}
}

// WithMaxFindings lists at most n findings under each control in the Text
// and Markdown outputs, and says how many more there are. Use it for pull
// request comments, which GitHub caps at 65,536 characters. 0, the
// default, lists all of them. The other formats always list every finding.
func WithMaxFindings(n int) Option {
	return func(s *settings) error {
		if n < 0 {
			return fmt.Errorf("render: WithMaxFindings(%d): must be 0 (no limit) or more", n)
		}
		s.maxFindings = n
		return nil
	}
}

// WithTitle sets the heading of the Markdown and HTML outputs (default
// "AI governance posture").
func WithTitle(title string) Option {
	return func(s *settings) error {
		if title == "" {
			return errors.New("render: WithTitle: the title is empty")
		}
		s.title = title
		return nil
	}
}
