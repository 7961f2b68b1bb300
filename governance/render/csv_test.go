package render

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/aigov/aigov/internal/testkit"

	"github.com/aigov/aigov/governance"
)

func TestCSV(t *testing.T) {
	got := rendered(t, FormatCSV)
	testkit.Golden(t, "report.csv", got)

	rows, err := csv.NewReader(bytes.NewReader(got)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	r := fixture()
	if len(rows) != len(r.Findings)+1 {
		t.Fatalf("%d rows, want a header and one per finding (%d)", len(rows), len(r.Findings))
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	ids := map[string]bool{}
	for _, row := range rows[1:] {
		if len(row) != len(csvHeader) {
			t.Fatalf("a row has %d cells, want %d: %q", len(row), len(csvHeader), row)
		}
		ids[row[col["finding_id"]]] = true
		for _, cell := range row {
			if cell != "" && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@') {
				t.Errorf("cell %q would run as a spreadsheet formula", cell)
			}
		}
	}
	for _, f := range r.Findings {
		if !ids[f.ID] {
			t.Errorf("finding %s has no row", f.ID)
		}
	}
	first := rows[1]
	if first[col["control_id"]] != "AIML-DAT-01" || first[col["message"]] != `'=cmd|' /C calc'!A0` {
		t.Errorf("first row: %q", first)
	}
	waived := rows[len(rows)-1]
	for _, row := range rows[1:] {
		if row[col["status"]] == string(governance.StatusWaived) {
			waived = row
			break
		}
	}
	if waived[col["waiver_owner"]] != "sec@example.com" || waived[col["waiver_expires"]] != "2026-12-02T00:00:00Z" {
		t.Errorf("the first waived row lacks its waiver: %q", waived)
	}
}

func TestDefuse(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\t=1": "'\t=1", "\r=1": "'\r=1",
		"": "", "plain": "plain", "a=b": "a=b",
	} {
		if got := defuse(in); got != want {
			t.Errorf("defuse(%q) = %q, want %q", in, got, want)
		}
	}
}
