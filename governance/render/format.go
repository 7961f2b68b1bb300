package render

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aigov/aigov/governance"
)

// Format names an output format, as the CLI's -format flag gives it.
type Format string

// The formats, one per renderer.
const (
	FormatText     Format = "text"
	FormatMarkdown Format = "markdown"
	FormatJSON     Format = "json"
	FormatSARIF    Format = "sarif"
	FormatJUnit    Format = "junit"
	FormatCSV      Format = "csv"
	FormatOCSF     Format = "ocsf"
	FormatHTML     Format = "html"
)

// Formats lists every format, in the order help texts show them.
var Formats = []Format{FormatText, FormatMarkdown, FormatJSON, FormatSARIF, FormatJUnit, FormatCSV, FormatOCSF, FormatHTML}

// ParseFormat reads a format name, ignoring case.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("render: format %q is not one of %s", s, strings.Join(names, ", "))
}

// Extension is the file name extension that tools expect for the format,
// dot included: ".sarif" for SARIF, ".jsonl" for the OCSF event stream.
func (f Format) Extension() string {
	switch f {
	case FormatText:
		return ".txt"
	case FormatMarkdown:
		return ".md"
	case FormatJSON:
		return ".json"
	case FormatSARIF:
		return ".sarif"
	case FormatJUnit:
		return ".xml"
	case FormatCSV:
		return ".csv"
	case FormatOCSF:
		return ".jsonl"
	case FormatHTML:
		return ".html"
	}
	return ""
}

// Write renders r in format f. It is what a -format flag calls; each format
// also has a function of its own (Text, Markdown, …) with the same shape.
func Write(w io.Writer, f Format, r *governance.Report, opts ...Option) error {
	var render func(io.Writer, *governance.Report, ...Option) error
	switch f {
	case FormatText:
		render = Text
	case FormatMarkdown:
		render = Markdown
	case FormatJSON:
		render = JSON
	case FormatSARIF:
		render = SARIF
	case FormatJUnit:
		render = JUnit
	case FormatCSV:
		render = CSV
	case FormatOCSF:
		render = OCSF
	case FormatHTML:
		render = HTML
	default:
		_, err := ParseFormat(string(f))
		return err
	}
	return render(w, r, opts...)
}

// IsTerminal reports whether f is a terminal (a character device), so that
// a CLI colours its text output only there. It uses the standard library
// alone, so a character device that is not a terminal, such as /dev/null,
// counts too; colour there is harmless.
//
// A CLI should also honour the NO_COLOR convention (https://no-color.org):
//
//	color := render.IsTerminal(os.Stdout) && os.Getenv("NO_COLOR") == ""
//	err := render.Text(os.Stdout, report, render.WithColor(color))
func IsTerminal(f *os.File) bool {
	if f == nil {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
