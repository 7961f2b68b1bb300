package governance

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
)

// mappingsJSON holds the framework mappings of the built-in controls and the
// titles of the clauses they use; see the repository's notes for the
// sources and the review of every inferred mapping.
//
//go:embed mappings.json
var mappingsJSON []byte

type mappingData struct {
	Frameworks map[Framework]struct {
		Name    string            `json:"name"`
		Clauses map[string]string `json:"clauses"`
	} `json:"frameworks"`
	Controls map[string]map[Framework][]Mapping `json:"controls"`
}

var loadMappings = sync.OnceValues(func() (mappingData, error) {
	var m mappingData
	if err := json.Unmarshal(mappingsJSON, &m); err != nil {
		return m, fmt.Errorf("governance: the embedded mappings do not parse: %w", err)
	}
	return m, nil
})

// Catalog returns the built-in controls, sorted by id, with their framework
// mappings. Each call returns a fresh copy the caller may change.
func Catalog() []Control {
	m, err := loadMappings()
	if err != nil {
		panic(err) // the embedded file is part of the build; a test guards it
	}
	var out []Control
	for _, group := range [][]Control{configControls(), inspectorControls(), auditControls(), cloudtrailControls(), advisorControls()} {
		out = append(out, group...)
	}
	for i := range out {
		c := &out[i]
		c.Frameworks = map[Framework][]Mapping{}
		for f, ms := range m.Controls[c.ID] {
			for _, mp := range ms {
				if mp.Title == "" {
					mp.Title = m.Frameworks[f].Clauses[mp.Clause]
				}
				c.Frameworks[f] = append(c.Frameworks[f], mp)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
