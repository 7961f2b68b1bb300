package governance

import (
	"fmt"
	"strings"
)

// Framework identifies a compliance framework that controls map to. The
// values are the keys of the "frameworks" objects in the JSON report.
type Framework string

// The frameworks of the catalog.
const (
	ISO27001  Framework = "iso27001"    // ISO/IEC 27001:2022 Annex A
	SOC2      Framework = "soc2"        // AICPA SOC 2 trust services criteria (2017)
	HIPAA     Framework = "hipaa"       // HIPAA Security Rule, 45 CFR Part 164
	GDPR      Framework = "gdpr"        // Regulation (EU) 2016/679
	ISO42001  Framework = "iso42001"    // ISO/IEC 42001:2023 Annex A
	NISTAIRMF Framework = "nist-ai-rmf" // NIST AI Risk Management Framework 1.0
	EUAIAct   Framework = "eu-ai-act"   // Regulation (EU) 2024/1689
)

// Frameworks lists the frameworks in report order.
var Frameworks = []Framework{ISO27001, SOC2, HIPAA, GDPR, ISO42001, NISTAIRMF, EUAIAct}

// Title is the framework's full name.
func (f Framework) Title() string {
	switch f {
	case ISO27001:
		return "ISO/IEC 27001:2022 Annex A"
	case SOC2:
		return "SOC 2 Trust Services Criteria"
	case HIPAA:
		return "HIPAA Security Rule"
	case GDPR:
		return "GDPR"
	case ISO42001:
		return "ISO/IEC 42001:2023 Annex A"
	case NISTAIRMF:
		return "NIST AI RMF 1.0"
	case EUAIAct:
		return "EU AI Act"
	}
	return string(f)
}

// ParseFramework reads a framework key, as a flag or a waiver gives it.
func ParseFramework(s string) (Framework, error) {
	for _, f := range Frameworks {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	keys := make([]string, len(Frameworks))
	for i, f := range Frameworks {
		keys[i] = string(f)
	}
	return "", fmt.Errorf("governance: framework %q is not one of %s", s, strings.Join(keys, ", "))
}

// Basis says how sure a mapping is.
type Basis string

// The bases of a mapping, from surest to least sure.
const (
	// Published: the named source maps exactly this check to the clause.
	Published Basis = "published"
	// Derived: the source maps at another level (a best practice, a
	// framework-to-framework table) and the mapping carries it over.
	Derived Basis = "derived"
	// Inferred: no published mapping exists; matched by the clause's text
	// and reviewed.
	Inferred Basis = "inferred"
)

// Mapping ties a control to one clause of a framework.
type Mapping struct {
	// Clause is the clause id: "A.8.24", "CC6.1", "164.312(b)", "Art. 32",
	// "A.6.2.8", "MEASURE 2.7", "Art. 12(1)".
	Clause string `json:"id"`
	// Title is the clause's short title, when known.
	Title string `json:"title,omitempty"`
	Basis Basis  `json:"basis"`
	// Source names who published the mapping, or how it was inferred.
	Source string `json:"source,omitempty"`
	URL    string `json:"url,omitempty"`
}
