package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"

	"github.com/aigov/aigov/internal/testkit"

	"github.com/aigov/aigov/governance"
)

func TestOCSF(t *testing.T) {
	got := rendered(t, FormatOCSF, WithTool("aigov", "1.2.3", "https://github.com/aigov/aigov"))
	testkit.Golden(t, "report.ocsf.jsonl", got)

	r := fixture()
	byID := map[string]governance.Finding{}
	for _, f := range r.Findings {
		byID[f.ID] = f
	}
	lines := 0
	sc := bufio.NewScanner(bytes.NewReader(got))
	for sc.Scan() {
		lines++
		var e map[string]any
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %d is not a JSON object: %v", lines, err)
		}
		// The attributes OCSF requires of every Compliance Finding.
		for _, attr := range []string{"activity_id", "category_uid", "class_uid", "type_uid", "severity_id", "time", "metadata", "finding_info", "compliance"} {
			if _, ok := e[attr]; !ok {
				t.Errorf("line %d has no %s", lines, attr)
			}
		}
		if e["class_uid"] != 2003.0 || e["category_uid"] != 2.0 || e["type_uid"] != 200301.0 || e["activity_id"] != 1.0 {
			t.Errorf("line %d: class %v, category %v, type %v, activity %v", lines, e["class_uid"], e["category_uid"], e["type_uid"], e["activity_id"])
		}
		meta := e["metadata"].(map[string]any)
		product := meta["product"].(map[string]any)
		if meta["version"] != OCSFVersion || product["name"] != "aigov" || product["vendor_name"] != "aigov" || product["version"] != "1.2.3" {
			t.Errorf("line %d: metadata %v", lines, meta)
		}
		info := e["finding_info"].(map[string]any)
		f, ok := byID[info["uid"].(string)]
		if !ok {
			t.Fatalf("line %d: finding_info.uid %v is no finding's id", lines, info["uid"])
		}
		if e["time"] != float64(generatedAt.UnixMilli()) {
			t.Errorf("line %d: time %v, want the report's generatedAt in ms", lines, e["time"])
		}
		comp := e["compliance"].(map[string]any)
		want := map[governance.Status][3]any{
			governance.StatusFail:          {3.0, "Fail", 1.0},
			governance.StatusWaived:        {3.0, "Fail", 3.0},
			governance.StatusUnknown:       {2.0, "Warning", 1.0},
			governance.StatusPass:          {1.0, "Pass", 4.0},
			governance.StatusNotApplicable: {99.0, "Not Applicable", 99.0},
		}[f.Status]
		if comp["status_id"] != want[0] || comp["status"] != want[1] || e["status_id"] != want[2] || comp["control"] != f.Control {
			t.Errorf("%s (%s): compliance %v, status_id %v; want %v", f.ID, f.Status, comp, e["status_id"], want)
		}
		if std, _ := comp["standards"].([]any); len(std) == 0 {
			t.Errorf("%s: compliance.standards is empty", f.ID)
		}
		sevID := map[governance.Severity]float64{
			governance.SeverityCritical: 5, governance.SeverityHigh: 4, governance.SeverityMedium: 3,
			governance.SeverityLow: 2, governance.SeverityInformational: 1,
		}[f.Severity]
		if f.Status == governance.StatusPass || f.Status == governance.StatusNotApplicable {
			sevID = 1
		}
		if e["severity_id"] != sevID {
			t.Errorf("%s (%s, %s): severity_id %v, want %v", f.ID, f.Status, f.Severity, e["severity_id"], sevID)
		}
		cloud := e["cloud"].(map[string]any)
		if cloud["provider"] != "AWS" || (f.Account != "" && cloud["account"].(map[string]any)["uid"] != f.Account) {
			t.Errorf("%s: cloud %v", f.ID, cloud)
		}
		if f.Resource != "" && e["resources"].([]any)[0].(map[string]any)["uid"] != f.Resource {
			t.Errorf("%s: resources %v, want the resource's ARN", f.ID, e["resources"])
		}
	}
	if lines != len(r.Findings) {
		t.Errorf("%d events for %d findings", lines, len(r.Findings))
	}
}
