package governance

import (
	"fmt"
	"slices"
	"strings"
)

// Selection picks controls from the catalog. Empty fields select
// everything; the fields combine with AND.
type Selection struct {
	// IDs keeps only these controls.
	IDs []string
	// Exclude drops these controls.
	Exclude []string
	// MinSeverity keeps controls at least this severe.
	MinSeverity Severity
	// Frameworks keeps controls mapped to at least one of these.
	Frameworks []Framework
	// Sources keeps controls that read at least one of these sources.
	Sources []Source
}

// apply returns the controls s selects, in catalog order. An id that names
// no control is an error: a typo must not silently select nothing.
func (s Selection) apply(catalog []Control) ([]Control, error) {
	known := make(map[string]bool, len(catalog))
	for _, c := range catalog {
		known[c.ID] = true
	}
	var unknown []string
	for _, id := range append(slices.Clone(s.IDs), s.Exclude...) {
		if !known[id] {
			unknown = append(unknown, id)
		}
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("governance: selection names controls not in the catalog: %s", strings.Join(unknown, ", "))
	}
	if s.MinSeverity != "" && s.MinSeverity.Rank() < 0 {
		return nil, fmt.Errorf("governance: selection: severity %q is not one of critical, high, medium, low, informational", s.MinSeverity)
	}
	var out []Control
	for _, c := range catalog {
		if len(s.IDs) > 0 && !slices.Contains(s.IDs, c.ID) || slices.Contains(s.Exclude, c.ID) {
			continue
		}
		if s.MinSeverity != "" && !c.Severity.AtLeast(s.MinSeverity) {
			continue
		}
		if len(s.Frameworks) > 0 && !slices.ContainsFunc(s.Frameworks, func(f Framework) bool { return len(c.Frameworks[f]) > 0 }) {
			continue
		}
		if len(s.Sources) > 0 && !slices.ContainsFunc(s.Sources, func(src Source) bool { return slices.Contains(c.Sources, src) }) {
			continue
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("governance: the selection leaves no control to evaluate")
	}
	return out, nil
}
