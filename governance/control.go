package governance

import (
	"fmt"
	"regexp"
	"slices"
	"time"
)

// Source names one of the six services a control reads.
type Source string

// The sources, as the JSON report names them.
const (
	SourceConfig       Source = "config"
	SourceInspector    Source = "inspector"
	SourceAuditManager Source = "auditmanager"
	SourceArtifact     Source = "artifact"
	SourceCloudTrail   Source = "cloudtrail"
	SourceAdvisor      Source = "advisor"
)

// AllSources lists the sources in report order.
var AllSources = []Source{SourceConfig, SourceInspector, SourceAuditManager, SourceArtifact, SourceCloudTrail, SourceAdvisor}

// Control is one governance check: what it is, why it matters, how to fix
// it, where it maps, and a pure function that evaluates it over a snapshot.
//
// Users add their own controls as Control values (see WithControls). Check
// must not call AWS, keep state or read the clock: everything it needs is in
// the snapshot, so a saved snapshot evaluates the same way offline.
type Control struct {
	// ID is unique in the catalog, such as "AIML-NET-01"; letters, digits,
	// dots, dashes and underscores.
	ID          string
	Title       string
	Description string
	// Rationale says why the control matters for AI workloads.
	Rationale   string
	Remediation string
	Severity    Severity
	// Sources are the services whose data Check reads.
	Sources []Source
	// Frameworks maps the control to framework clauses.
	Frameworks map[Framework][]Mapping
	// ConfigRules are the AWS Config managed-rule identifiers whose
	// per-resource results Check reads; collection fetches the results of
	// every deployed rule with one of these identifiers.
	ConfigRules []string
	// AdvisorChecks are the Trusted Advisor check ids Check reads;
	// collection asks for the results of every one of them.
	AdvisorChecks []string
	// Check returns one finding per resource (or per account and region
	// for account-level controls): PASS or FAIL where the evidence says,
	// UNKNOWN with the reason where evidence is missing. No findings at
	// all means nothing in scope: the control is NOT_APPLICABLE.
	Check func(s *Snapshot) []Finding
}

var controlID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// validate reports what is wrong with a control, naming it.
func (c Control) validate() error {
	switch {
	case !controlID.MatchString(c.ID):
		return fmt.Errorf("governance: control id %q: use letters, digits, dots, dashes and underscores", c.ID)
	case c.Title == "":
		return fmt.Errorf("governance: control %s has no title", c.ID)
	case c.Severity.Rank() < 0:
		return fmt.Errorf("governance: control %s: severity %q is not one of critical, high, medium, low, informational", c.ID, c.Severity)
	case c.Check == nil:
		return fmt.Errorf("governance: control %s has no Check function", c.ID)
	case len(c.Sources) == 0:
		return fmt.Errorf("governance: control %s names no source", c.ID)
	}
	for _, s := range c.Sources {
		if !slices.Contains(AllSources, s) {
			return fmt.Errorf("governance: control %s: source %q is not one of config, inspector, auditmanager, artifact, cloudtrail, advisor", c.ID, s)
		}
	}
	for f, ms := range c.Frameworks {
		if !slices.Contains(Frameworks, f) {
			return fmt.Errorf("governance: control %s: framework %q is not one of the catalog's", c.ID, f)
		}
		for _, m := range ms {
			if m.Clause == "" || (m.Basis != Published && m.Basis != Derived && m.Basis != Inferred) {
				return fmt.Errorf("governance: control %s: a %s mapping needs a clause and a basis (published, derived or inferred)", c.ID, f)
			}
		}
	}
	return nil
}

// Finding is the result of a control for one resource, or for one account
// and region when the control is about the account.
type Finding struct {
	// ID is a stable fingerprint of the control, account, region and
	// resource: the same finding has the same ID in every run, so
	// drift reports and SARIF consumers can follow it.
	ID      string `json:"id"`
	Control string `json:"controlId"`
	Status  Status `json:"status"`
	// Severity is the control's.
	Severity     Severity `json:"severity"`
	Account      string   `json:"account,omitempty"`
	Region       string   `json:"region,omitempty"`
	ResourceType string   `json:"resourceType,omitempty"`
	// Resource is the resource's ARN where there is one, its id otherwise;
	// empty for account-level findings.
	Resource string `json:"resource,omitempty"`
	// Message says what was found, or why nothing could be.
	Message string `json:"message"`
	// Evidence says which data the finding rests on and when it was
	// collected.
	Evidence []Evidence `json:"evidence,omitempty"`
	// Waiver is the waiver applied to a WAIVED finding.
	Waiver *AppliedWaiver `json:"waiver,omitempty"`
}

// Evidence is a piece of collected data a finding rests on.
type Evidence struct {
	Source Source `json:"source"`
	// Operation is the AWS operation, as an IAM action:
	// "config:GetComplianceDetailsByConfigRule".
	Operation string `json:"operation"`
	// Detail names what was read: a rule, a trail, a check.
	Detail      string    `json:"detail,omitempty"`
	CollectedAt time.Time `json:"collectedAt,omitzero"`
}
