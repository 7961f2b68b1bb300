package render

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aigov/aigov/internal/testkit"

	"github.com/aigov/aigov/governance"
	"github.com/google/go-cmp/cmp"
)

func TestJSON(t *testing.T) {
	got := rendered(t, FormatJSON)
	testkit.Golden(t, "report.json", got)

	want, err := json.MarshalIndent(fixture(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, append(want, '\n')) {
		t.Error("JSON is not json.MarshalIndent of the report")
	}
	back, err := governance.ReadReport(bytes.NewReader(got))
	if err != nil {
		t.Fatalf("governance.ReadReport cannot read the JSON: %v", err)
	}
	if d := cmp.Diff(fixture(), back); d != "" {
		t.Errorf("the report read back differs (-written +read):\n%s", d)
	}
}

func TestJSONValidatesAgainstReportSchema(t *testing.T) {
	schema := compileSchema(t, ReportSchema())
	if errs := schema.validate(rendered(t, FormatJSON)); errs != nil {
		t.Errorf("the report does not validate against report.schema.json:\n%s", strings.Join(errs, "\n"))
	}
	// A schema that accepted anything would pass the check above.
	bad := strings.Replace(string(rendered(t, FormatJSON)), `"status": "FAIL"`, `"status": "BROKEN"`, 1)
	if errs := schema.validate([]byte(bad)); len(errs) == 0 {
		t.Error("a report with an unknown status validates")
	}
}

// TestReportSchemaDescribesEveryField walks the Go types of the report and
// checks that the schema describes every field of their JSON form, so a
// field added to governance.Report cannot go undocumented.
func TestReportSchemaDescribesEveryField(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal(ReportSchema(), &schema); err != nil {
		t.Fatal(err)
	}
	defs := schema["definitions"].(map[string]any)
	definitionOf := map[reflect.Type]map[string]any{
		reflect.TypeFor[governance.Report]():        schema,
		reflect.TypeFor[governance.Scope]():         defs["scope"].(map[string]any),
		reflect.TypeFor[governance.SourceOutcome](): defs["sourceOutcome"].(map[string]any),
		reflect.TypeFor[governance.ControlResult](): defs["control"].(map[string]any),
		reflect.TypeFor[governance.Mapping]():       defs["mapping"].(map[string]any),
		reflect.TypeFor[governance.Counts]():        defs["counts"].(map[string]any),
		reflect.TypeFor[governance.Finding]():       defs["finding"].(map[string]any),
		reflect.TypeFor[governance.Evidence]():      defs["evidence"].(map[string]any),
		reflect.TypeFor[governance.AppliedWaiver](): defs["appliedWaiver"].(map[string]any),
		reflect.TypeFor[governance.WaiverStatus]():  defs["waiverStatus"].(map[string]any),
		reflect.TypeFor[governance.Scores]():        defs["scores"].(map[string]any),
		reflect.TypeFor[governance.Score]():         defs["score"].(map[string]any),
	}
	for typ, def := range definitionOf {
		props := def["properties"].(map[string]any)
		for _, name := range jsonFields(typ) {
			if _, ok := props[name]; !ok {
				t.Errorf("%s: the schema does not describe field %q", typ, name)
			}
		}
		for name := range props {
			if !slices.Contains(jsonFields(typ), name) {
				t.Errorf("%s: the schema describes %q, which the type does not have", typ, name)
			}
		}
	}
}

// jsonFields lists the JSON names of a struct's fields, embedded structs'
// fields included, as encoding/json writes them.
func jsonFields(typ reflect.Type) []string {
	var out []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, name)
	}
	return out
}
