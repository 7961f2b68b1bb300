package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aigov/aigov/governance"
)

// csvHeader names the CSV columns.
var csvHeader = []string{
	"control_id", "control_title", "severity", "status", "account", "region", "resource_type", "resource", "message",
	"waiver_owner", "waiver_expires", "waiver_reason", "evidence", "frameworks", "finding_id",
}

// CSV writes one row per finding, for spreadsheets, under a header row:
// the control's id and title, the severity and status, where the finding
// is, its message, the waiver of a waived finding, the evidence operations
// (joined with "; "), the framework clauses ("iso27001 A.8.24; soc2
// CC6.1") and the finding's stable id. Rows follow the report's control
// order (failing first), then its finding order. Lines end with "\n"; the
// text is UTF-8 without a byte order mark.
//
// A cell that begins with =, +, -, @, a tab or a carriage return gets a
// leading apostrophe, so that a spreadsheet shows it as text instead of
// running it as a formula (CSV injection): a message "=HYPERLINK(…)"
// appears as "'=HYPERLINK(…)".
func CSV(w io.Writer, r *governance.Report, opts ...Option) error {
	s, err := apply(r, opts)
	if err != nil {
		return err
	}
	v := newView(r, s)
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("render: writing CSV: %w", err)
	}
	for _, f := range v.findings() {
		c := v.control[f.Control]
		var owner, expires, reason string
		if f.Waiver != nil {
			owner, expires, reason = f.Waiver.Owner, f.Waiver.Expires.UTC().Format(time.RFC3339), f.Waiver.Reason
		}
		row := []string{
			f.Control, c.Title, string(f.Severity), string(f.Status), f.Account, f.Region, f.ResourceType, f.Resource, f.Message,
			owner, expires, reason, strings.Join(evidence(f), "; "), strings.Join(clauses(c), "; "), f.ID,
		}
		for i, cell := range row {
			row[i] = defuse(cell)
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("render: writing CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("render: writing CSV: %w", err)
	}
	return nil
}

// defuse makes a cell that a spreadsheet would read as a formula read as
// text, by putting an apostrophe before it.
func defuse(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
