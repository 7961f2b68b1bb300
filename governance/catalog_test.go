package governance

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestCatalog(t *testing.T) {
	cat := Catalog()
	if len(cat) < 40 {
		t.Errorf("the catalog has %d controls; the issue asks for at least 40", len(cat))
	}
	m, err := loadMappings()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for i, c := range cat {
		if err := c.validate(); err != nil {
			t.Error(err)
		}
		if i > 0 && cat[i-1].ID >= c.ID {
			t.Errorf("catalog not sorted or duplicate at %s", c.ID)
		}
		ids[c.ID] = true
		if c.Description == "" || c.Rationale == "" || c.Remediation == "" {
			t.Errorf("%s lacks a description, rationale or remediation", c.ID)
		}
		if len(c.Frameworks[ISO27001]) == 0 {
			t.Errorf("%s maps to no ISO/IEC 27001 clause", c.ID)
		}
		for f, ms := range c.Frameworks {
			for _, mp := range ms {
				if mp.Title == "" {
					t.Errorf("%s: %s %s has no title in the mappings' clause table", c.ID, f, mp.Clause)
				}
				if mp.Source == "" {
					t.Errorf("%s: %s %s names no source", c.ID, f, mp.Clause)
				}
			}
		}
	}
	for id := range m.Controls {
		if !ids[id] {
			t.Errorf("mappings.json maps %s, which is not in the catalog", id)
		}
	}
}

func TestCatalogCoversEverySource(t *testing.T) {
	for _, src := range AllSources {
		if !slices.ContainsFunc(Catalog(), func(c Control) bool { return slices.Contains(c.Sources, src) }) {
			t.Errorf("no control reads %s", src)
		}
	}
}

func TestCatalogIsAFreshCopy(t *testing.T) {
	a := Catalog()
	a[0].Title = "changed"
	a[0].Frameworks[ISO27001] = nil
	b := Catalog()
	if b[0].Title == "changed" || len(b[0].Frameworks[ISO27001]) == 0 {
		t.Error("Catalog returned shared state")
	}
	if !json.Valid(mappingsJSON) {
		t.Error("mappings.json is not valid JSON")
	}
}
