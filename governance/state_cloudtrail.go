package governance

import (
	"time"

	"github.com/aigov/aigov/cloudtrail"
)

// CloudTrailState is what CloudTrail told about one account and region.
type CloudTrailState struct {
	Location
	CollectedAt time.Time `json:"collectedAt"`
	// Trails are the trails that apply to the region: its own, and the
	// multi-region and organisation trails seen from it.
	Trails Part[[]cloudtrail.Trail] `json:"trails"`
	// Review is what the events of the review window show.
	Review Part[EventReview] `json:"review"`
}

// EventReview is the summary of the CloudTrail events of a review window
// in one account and region: the detections of the rules, grouped per rule
// and principal.
type EventReview struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Sources are the event sources reviewed; Truncated those whose
	// events passed Policy.MaxReviewEvents, where the review is incomplete.
	Sources   []string `json:"sources"`
	Truncated []string `json:"truncated,omitempty"`
	// Events counts the events read.
	Events     int                    `json:"events"`
	Detections []cloudtrail.Detection `json:"detections"`
}

// reviewSources are the event sources the review reads: the services whose
// changes the detectors watch. IAM's events are delivered in us-east-1 only.
var reviewSources = []string{
	"bedrock.amazonaws.com",
	"cloudtrail.amazonaws.com",
	"config.amazonaws.com",
	"guardduty.amazonaws.com",
	"iam.amazonaws.com",
	"inspector2.amazonaws.com",
	"sagemaker.amazonaws.com",
	"securityhub.amazonaws.com",
}

// aiAccessDenied finds calls to SageMaker or Bedrock refused for lack of
// permission: the shape of someone probing AI resources.
var aiAccessDenied = cloudtrail.Rule{
	ID: "ai-access-denied", Title: "SageMaker or Bedrock call denied", Severity: cloudtrail.SeverityMedium, Category: cloudtrail.CategoryDeniedAccess,
	Description: "A call to SageMaker or Bedrock refused for lack of permission.",
	Match: func(e cloudtrail.Event) bool {
		return cloudtrail.IsDenied(e) && (e.EventSource == "sagemaker.amazonaws.com" || e.EventSource == "bedrock.amazonaws.com" || e.EventSource == "bedrock-runtime.amazonaws.com")
	},
}

// reviewRules are the rules the review runs: the detectors of package
// cloudtrail and aiAccessDenied.
func reviewRules() []cloudtrail.Rule {
	return append(cloudtrail.DefaultRules(), aiAccessDenied)
}
