package render

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/aigov/aigov/governance"
)

// reportSchema is the JSON Schema (draft-07) of the report's JSON form.
//
//go:embed report.schema.json
var reportSchema []byte

// ReportSchema returns the JSON Schema (draft-07) of the report's JSON form,
// schema version 1.x: every field, with the statuses, severities, outcomes,
// frameworks and mapping bases as enums. Validators and code generators in
// other languages can read it. The returned slice is a copy.
func ReportSchema() []byte { return slices.Clone(reportSchema) }

// JSON writes the report as indented JSON: exactly what json.Marshal makes
// of a governance.Report, whose schema belongs to the governance package
// and is described by ReportSchema. It is always the whole report: the
// options are checked but change nothing.
func JSON(w io.Writer, r *governance.Report, opts ...Option) error {
	if _, err := apply(r, opts); err != nil {
		return err
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("render: encoding the report as JSON: %w", err)
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("render: writing JSON: %w", err)
	}
	return nil
}
