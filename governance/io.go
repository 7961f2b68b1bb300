package governance

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ReadReport reads a report in its JSON form, such as a baseline for
// Compare. A report of another schema major version, or with an unknown
// status, is refused with an error naming what is wrong.
func ReadReport(r io.Reader) (*Report, error) {
	var rep Report
	if err := decode(r, &rep, "report"); err != nil {
		return nil, err
	}
	if major(rep.SchemaVersion) != major(ReportSchemaVersion) {
		return nil, fmt.Errorf("governance: report schema version %q: this version of aigov reads %s.x", rep.SchemaVersion, major(ReportSchemaVersion))
	}
	for i, c := range rep.Controls {
		if !c.Status.Valid() {
			return nil, fmt.Errorf("governance: report: control %d (%s): status %q is not one of PASS, FAIL, UNKNOWN, WAIVED, NOT_APPLICABLE", i+1, c.ID, c.Status)
		}
	}
	for i, f := range rep.Findings {
		if !f.Status.Valid() || f.ID == "" || f.Control == "" {
			return nil, fmt.Errorf("governance: report: finding %d (%s): needs an id, a control and a valid status, got %q", i+1, f.ID, f.Status)
		}
	}
	return &rep, nil
}

// ReadSnapshot reads a snapshot in its JSON form, to evaluate it again
// offline with Evaluator.EvaluateSnapshot.
func ReadSnapshot(r io.Reader) (*Snapshot, error) {
	var s Snapshot
	if err := decode(r, &s, "snapshot"); err != nil {
		return nil, err
	}
	if major(s.SchemaVersion) != major(SnapshotSchemaVersion) {
		return nil, fmt.Errorf("governance: snapshot schema version %q: this version of aigov reads %s.x", s.SchemaVersion, major(SnapshotSchemaVersion))
	}
	return &s, nil
}

// WriteSnapshot writes a snapshot as indented JSON.
func WriteSnapshot(w io.Writer, s *Snapshot) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return fmt.Errorf("governance: writing snapshot: %w", err)
	}
	return nil
}

func decode(r io.Reader, v any, what string) error {
	dec := json.NewDecoder(r)
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return fmt.Errorf("governance: %s: invalid JSON at byte %d: %w", what, se.Offset, err)
		case errors.As(err, &te):
			return fmt.Errorf("governance: %s: field %q at byte %d: %s is not a %s", what, te.Field, te.Offset, te.Value, te.Type)
		default:
			return fmt.Errorf("governance: %s: %w", what, err)
		}
	}
	return nil
}
