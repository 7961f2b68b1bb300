// Package demo is a built-in demo estate: the in-memory fakes of all six
// services, seeded with a realistic AI platform, and the governance options
// that evaluate it. It needs no AWS account, network or credentials; the
// posture CLI's -demo flag runs it, and tests use it as a complete estate.
//
// The estate has two accounts in two regions:
//
//   - 111111111111, ml-prod: SageMaker notebooks (one with direct internet
//     access), Studio, endpoints and models, one of which serves an image
//     with a critical torch CVE; training data and model artifact buckets;
//     Inspector on, with a repository it does not scan and a feature
//     pipeline Lambda function with a fixable transformers CVE; an Audit
//     Manager assessment on the Generative AI framework whose evidence has
//     failed checks; a Business support plan; a multi-region trail that is
//     validated, encrypted and watches the training bucket; a StopLogging
//     call by an assumed role, an endpoint deployment and an IAM policy
//     change in the review window; a terminated HIPAA BAA.
//   - 222222222222, ml-research: notebooks in a region with no AWS Config
//     recorder, Inspector without Lambda scanning, no Audit Manager (not
//     registered), no Business support plan, a single-region trail without
//     validation, and SageMaker calls denied to an unknown principal and a
//     Bedrock model access grant in the review window.
//
// Artifact's catalogue has a stale ISO/IEC 42001 certificate. Evaluating the
// estate produces every status: PASS, FAIL, UNKNOWN, NOT_APPLICABLE and, with
// the estate's waivers, WAIVED.
package demo

import (
	"time"

	"github.com/aigov/aigov/advisor"
	"github.com/aigov/aigov/advisor/advisortest"
	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/artifact/artifacttest"
	"github.com/aigov/aigov/auditmanager"
	"github.com/aigov/aigov/auditmanager/auditmanagertest"
	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/cloudtrail/cloudtrailtest"
	"github.com/aigov/aigov/config"
	"github.com/aigov/aigov/config/configtest"
	"github.com/aigov/aigov/governance"
	"github.com/aigov/aigov/inspector"
	"github.com/aigov/aigov/inspector/inspectortest"
)

// The estate's accounts, regions and clock.
const (
	Prod     = "111111111111"
	Research = "222222222222"
)

// Regions are the estate's regions.
var Regions = []string{"eu-west-1", "us-east-1"}

// Now is the estate's clock: every evaluation of the estate happens at this
// instant, so its report is the same on every run.
var Now = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// Fakes are the fakes of one account, for tests that inject faults or read
// call logs.
type Fakes struct {
	Config         *configtest.Fake
	Inspector      *inspectortest.Fake
	AuditManager   *auditmanagertest.Fake
	Artifact       *artifacttest.Fake
	CloudTrail     *cloudtrailtest.Fake
	TrustedAdvisor *advisortest.TrustedAdvisor
	Support        *advisortest.Support
}

// Estate is the seeded demo platform.
type Estate struct {
	// Fakes holds each account's fakes.
	Fakes map[string]*Fakes
	clock *cloudtrailtest.Clock
}

// New seeds a fresh estate.
func New() *Estate {
	e := &Estate{Fakes: map[string]*Fakes{}, clock: cloudtrailtest.NewClock(Now)}
	e.Fakes[Prod] = e.prod()
	e.Fakes[Research] = e.research()
	return e
}

// Close releases what the fakes hold (Artifact's document server).
func (e *Estate) Close() {
	for _, f := range e.Fakes {
		f.Artifact.Close()
	}
}

// Sources returns the service clients of an account, over its fakes.
func (e *Estate) Sources(account string) governance.Sources {
	f := e.Fakes[account]
	now := func() time.Time { return Now }
	return governance.Sources{
		Config:       config.New(f.Config, config.WithAccount(account), config.WithClock(now)),
		Inspector:    inspector.New(f.Inspector, inspector.WithAccount(account), inspector.WithClock(now)),
		AuditManager: auditmanager.New(f.AuditManager, auditmanager.WithAccount(account), auditmanager.WithClock(now)),
		Artifact:     artifact.New(f.Artifact, artifact.WithAccount(account), artifact.WithClock(now), artifact.WithHTTPClient(f.Artifact.HTTPClient())),
		CloudTrail:   cloudtrail.New(f.CloudTrail, cloudtrail.WithAccount(account), cloudtrail.WithClock(e.clock.Now), cloudtrail.WithSleeper(e.clock.Sleep)),
		Advisor:      advisor.New(f.TrustedAdvisor, f.Support, advisor.WithAccount(account), advisor.WithClock(now)),
	}
}

// Policy is the estate's policy: the training-data bucket, the principals
// expected to call AI services, health data handled.
func Policy() governance.Policy {
	p := governance.DefaultPolicy()
	p.TrainingDataBuckets = []string{"acme-training-data"}
	p.KnownPrincipals = []string{"arn:aws:iam::111111111111:role/ml-*", "arn:aws:iam::222222222222:role/research-*"}
	p.HealthData = true
	return p
}

// Waivers are the estate's waivers: the research notebook's internet
// access, accepted until the mirror lands; the endpoint deployments of the
// pipeline, reviewed; and one that has expired.
func Waivers() []governance.Waiver {
	return []governance.Waiver{
		{Control: "AIML-NET-01", Resource: "arn:aws:sagemaker:us-east-1:222222222222:notebook-instance/research-*", Owner: "research-lead@example.com",
			Reason: "Research notebooks need PyPI until the package mirror lands (ML-42)", Expires: Now.AddDate(0, 1, 0)},
		{Control: "AIML-GOV-01", Resource: "arn:aws:iam::111111111111:role/ml-pipeline", Owner: "mlops@example.com",
			Reason: "Endpoint deployments of the release pipeline, reviewed in CAB-2291", Expires: Now.AddDate(0, 0, 14)},
		{Control: "AIML-LOG-02", Owner: "secops@example.com", Reason: "Validation to be enabled with the trail migration", Expires: Now.AddDate(0, -1, 0)},
	}
}

// Options returns the governance options that evaluate the estate: both
// accounts over their fakes, both regions, the estate's clock, policy and
// waivers.
func (e *Estate) Options() []governance.Option {
	return []governance.Option{
		governance.WithAccount(Prod, e.Sources(Prod)),
		governance.WithAccount(Research, e.Sources(Research)),
		governance.WithRegions(Regions...),
		governance.WithClock(func() time.Time { return Now }),
		governance.WithPolicy(Policy()),
		governance.WithWaivers(Waivers()),
	}
}
