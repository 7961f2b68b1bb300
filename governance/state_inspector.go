package governance

import (
	"time"

	"github.com/aigov/aigov/inspector"
)

// InspectorState is what Amazon Inspector told about one account and
// region.
type InspectorState struct {
	Location
	CollectedAt time.Time `json:"collectedAt"`
	// Status is whether each scan type is enabled.
	Status Part[inspector.AccountStatus] `json:"status"`
	// Coverage lists the ECR repositories and Lambda functions Inspector
	// knows, scanned or not.
	Coverage Part[[]inspector.CoveredResource] `json:"coverage"`
	// PipelineFindings are the active findings, at or above the policy's
	// threshold, on the policy's ML packages in Lambda functions and ECR
	// images.
	PipelineFindings Part[[]inspector.Finding] `json:"pipelineFindings"`
}

// ModelImageState is what Inspector says of the images that an account's
// SageMaker models serve (as the Config inventory names them).
type ModelImageState struct {
	Account     string    `json:"account"`
	CollectedAt time.Time `json:"collectedAt"`
	// Images has one entry per image URI asked about, with its active
	// findings at or above the policy's threshold.
	Images Part[[]inspector.ImageFindings] `json:"images"`
}
