package governance

import "fmt"

// Status is the outcome of a control, or of one of its findings.
type Status string

// The statuses, from worst to best as reports order them.
const (
	// StatusFail means evidence shows the control is not met.
	StatusFail Status = "FAIL"
	// StatusUnknown means the evidence could not be collected (access
	// denied, service not enabled, throttled, not configured); the reason
	// says which. It is never reported as a pass.
	StatusUnknown Status = "UNKNOWN"
	// StatusWaived means the control fails, but every failure is covered
	// by a waiver that has not expired.
	StatusWaived Status = "WAIVED"
	// StatusPass means evidence shows the control is met.
	StatusPass Status = "PASS"
	// StatusNotApplicable means nothing the control is about exists in
	// scope (no notebooks, no health data).
	StatusNotApplicable Status = "NOT_APPLICABLE"
)

// Statuses lists the statuses from worst to best.
var Statuses = []Status{StatusFail, StatusUnknown, StatusWaived, StatusPass, StatusNotApplicable}

// Rank orders statuses from worst (0) to best; an unknown string ranks
// worst of all, so a corrupt report never reads better than it is.
func (s Status) Rank() int {
	for i, x := range Statuses {
		if s == x {
			return i
		}
	}
	return -1
}

// Valid reports whether s is one of the five statuses.
func (s Status) Valid() bool { return s.Rank() >= 0 }

// worse returns the worse of two statuses.
func worse(a, b Status) Status {
	if b.Rank() < a.Rank() {
		return b
	}
	return a
}

// Severity is how much a failing control matters.
type Severity string

// The severities, from least to most severe.
const (
	SeverityInformational Severity = "informational"
	SeverityLow           Severity = "low"
	SeverityMedium        Severity = "medium"
	SeverityHigh          Severity = "high"
	SeverityCritical      Severity = "critical"
)

// Severities lists the severities from most to least severe.
var Severities = []Severity{SeverityCritical, SeverityHigh, SeverityMedium, SeverityLow, SeverityInformational}

// Rank orders severities: informational 0 … critical 4; -1 for anything
// else.
func (s Severity) Rank() int {
	switch s {
	case SeverityInformational:
		return 0
	case SeverityLow:
		return 1
	case SeverityMedium:
		return 2
	case SeverityHigh:
		return 3
	case SeverityCritical:
		return 4
	}
	return -1
}

// AtLeast reports whether s is as severe as min or more.
func (s Severity) AtLeast(min Severity) bool { return s.Rank() >= min.Rank() }

// ParseSeverity reads a severity name, as a command-line flag gives it.
func ParseSeverity(s string) (Severity, error) {
	if Severity(s).Rank() < 0 {
		return "", fmt.Errorf("governance: severity %q is not one of critical, high, medium, low, informational", s)
	}
	return Severity(s), nil
}
