package governance

import (
	"time"

	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/auditmanager"
)

// AuditManagerState is what AWS Audit Manager told about one account and
// region.
type AuditManagerState struct {
	Location
	CollectedAt time.Time `json:"collectedAt"`
	// Status says whether the account can use Audit Manager; when it
	// cannot, Assessments is not collected and Status.Value.Reason says why.
	Status Part[auditmanager.AccountStatus] `json:"status"`
	// Assessments are the ACTIVE assessments, with the evidence counts of
	// the review window.
	Assessments Part[[]auditmanager.Assessment] `json:"assessments"`
}

// ArtifactState is what AWS Artifact told about one account. Artifact is
// global (served from us-east-1), so the state has no region.
type ArtifactState struct {
	Account     string    `json:"account"`
	CollectedAt time.Time `json:"collectedAt"`
	// Reports is the catalogue of compliance reports available to the
	// account; certifications are evaluated from it with the policy.
	Reports Part[[]artifact.Report] `json:"reports"`
	// Agreements are the agreements the account has accepted.
	Agreements Part[[]artifact.Agreement] `json:"agreements"`
}
