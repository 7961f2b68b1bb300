package governance

import (
	"fmt"

	"github.com/aigov/aigov/artifact"
	"strings"
	"time"
)

// Policy is what the organisation's programme asks of its AI workloads: the
// facts about the estate that aigov cannot read from AWS, and the thresholds
// controls apply. It is part of the snapshot, so a saved snapshot is
// re-evaluated with the policy it was collected under unless the evaluator
// is given another.
type Policy struct {
	// TrainingDataBuckets are the S3 buckets (or "bucket/prefix") that
	// hold training data. Bucket controls read them; without any, they
	// evaluate every bucket AWS Config knows and the data-event control is
	// NOT_APPLICABLE.
	TrainingDataBuckets []string `json:"trainingDataBuckets,omitempty"`
	// KnownPrincipals are ARN patterns (* and ?) of the principals expected
	// to call AI services. A denied call from anyone else fails AIML-DET-02.
	KnownPrincipals []string `json:"knownPrincipals,omitempty"`
	// HealthData says whether the workloads handle protected health
	// information; the HIPAA BAA control is NOT_APPLICABLE without it.
	HealthData bool `json:"healthData"`
	// RequiredFrameworks are the Audit Manager frameworks an active
	// assessment must use besides the Generative AI one, by name (such as
	// "SOC 2"); matched without regard to case.
	RequiredFrameworks []string `json:"requiredFrameworks,omitempty"`
	// Certifications are the AWS certifications the programme relies on,
	// checked in AWS Artifact. Empty means DefaultCertifications.
	Certifications []Certification `json:"certifications,omitempty"`
	// ReviewWindow is how far back CloudTrail events are reviewed (default
	// 7 days; LookupEvents reaches 90 days back at most).
	ReviewWindow Duration `json:"reviewWindow"`
	// MinVulnerabilitySeverity is the least severe Inspector finding that
	// fails the vulnerability controls: "CRITICAL", "HIGH" (default),
	// "MEDIUM" or "LOW".
	MinVulnerabilitySeverity string `json:"minVulnerabilitySeverity"`
	// MLPackages are the package names AIML-VUL-06 watches in AI
	// pipelines. Empty means DefaultMLPackages.
	MLPackages []string `json:"mlPackages,omitempty"`
	// MaxReviewEvents bounds how many CloudTrail events are read per event
	// source, account and region in the review window (default 10,000;
	// LookupEvents reads 100 a second). A source with more is marked
	// truncated: what was found still counts, but the absence of findings
	// there is not evidence. Review such volumes with CloudTrail Lake or
	// the trail's log files (package cloudtrail/logfile).
	MaxReviewEvents int `json:"maxReviewEvents,omitempty"`
}

// Certification is a certification the programme needs: a name, the
// phrases that find its report in AWS Artifact, and how old the report's
// period may be. Phrases match whole words of the report's series and name
// as artifact.Requirement describes; the freshest matching report counts.
type Certification struct {
	Name    string   `json:"name"`
	Match   []string `json:"match"`
	Exclude []string `json:"exclude,omitempty"`
	// MaxAge is how long after its period ended a report still counts.
	MaxAge Duration `json:"maxAge"`
}

// CertificationRequirements returns the policy's certifications as AWS
// Artifact requirements: artifact.DefaultRequirements when the policy names
// none.
func (p Policy) CertificationRequirements() []artifact.Requirement {
	if len(p.Certifications) == 0 {
		return artifact.DefaultRequirements()
	}
	out := make([]artifact.Requirement, len(p.Certifications))
	for i, c := range p.Certifications {
		out[i] = artifact.Requirement{Name: c.Name, Match: c.Match, Exclude: c.Exclude, MaxAge: time.Duration(c.MaxAge)}
	}
	return out
}

// DefaultMLPackages are the machine-learning libraries AIML-VUL-06 watches
// by default.
var DefaultMLPackages = []string{
	"jax", "keras", "langchain", "numpy", "onnx", "onnxruntime", "pandas", "pillow", "pytorch-lightning",
	"scikit-learn", "scipy", "tensorflow", "tokenizers", "torch", "torchvision", "transformers", "xgboost",
}

// DefaultPolicy is the policy used when none is given: a 7-day review
// window of at most 10,000 events per source, HIGH as the vulnerability
// threshold, the default ML packages, the default certifications, no
// health data.
func DefaultPolicy() Policy {
	return Policy{
		ReviewWindow:             Duration(7 * 24 * time.Hour),
		MinVulnerabilitySeverity: "HIGH",
		MaxReviewEvents:          10000,
	}
}

// withDefaults fills what the caller left empty.
func (p Policy) withDefaults() Policy {
	d := DefaultPolicy()
	if p.ReviewWindow == 0 {
		p.ReviewWindow = d.ReviewWindow
	}
	if p.MinVulnerabilitySeverity == "" {
		p.MinVulnerabilitySeverity = d.MinVulnerabilitySeverity
	}
	p.MinVulnerabilitySeverity = strings.ToUpper(p.MinVulnerabilitySeverity)
	if p.MaxReviewEvents == 0 {
		p.MaxReviewEvents = 10000
	}
	return p
}

func (p Policy) validate() error {
	if w := time.Duration(p.ReviewWindow); w < 0 || w > 90*24*time.Hour {
		return fmt.Errorf("governance: policy: review window %v: must be between 0 and 90 days (LookupEvents keeps 90 days)", w)
	}
	if p.MaxReviewEvents < 0 {
		return fmt.Errorf("governance: policy: maxReviewEvents %d: must be positive", p.MaxReviewEvents)
	}
	switch p.MinVulnerabilitySeverity {
	case "", "CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL":
	default:
		return fmt.Errorf("governance: policy: minimum vulnerability severity %q is not one of CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL", p.MinVulnerabilitySeverity)
	}
	for i, r := range p.CertificationRequirements() {
		if err := r.Validate(); err != nil {
			return fmt.Errorf("governance: policy: certification %d: %w", i+1, err)
		}
	}
	for _, b := range p.TrainingDataBuckets {
		if b == "" || strings.HasPrefix(b, "s3://") || strings.HasPrefix(b, "arn:") {
			return fmt.Errorf("governance: policy: training-data bucket %q: give the bucket name, or bucket/prefix", b)
		}
	}
	return nil
}
