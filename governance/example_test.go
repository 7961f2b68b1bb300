package governance_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aigov/aigov/config"
	"github.com/aigov/aigov/config/configtest"
	"github.com/aigov/aigov/governance"
	"github.com/aigov/aigov/governance/demo"
)

// Evaluate an estate and read the report. The demo estate stands in for AWS
// here; with AWS, pass governance.WithAWSConfig(cfg) instead.
func Example() {
	estate := demo.New()
	defer estate.Close()
	ev, err := governance.New(estate.Options()...)
	if err != nil {
		fmt.Println(err)
		return
	}
	report, err := ev.Evaluate(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	c, _ := report.Control("AIML-VUL-03")
	fmt.Println(c.ID, c.Status, c.Severity)
	fmt.Println(report.Scores.Overall)
	// Output:
	// AIML-VUL-03 FAIL critical
	// score 7.4%, coverage 52.9% (2 of 27 evaluated passed, 27 of 51 applicable evaluated)
}

// Your own code is tested against the fakes: here, one account whose only
// source is AWS Config, and the built-in notebook controls.
func Example_fakes() {
	fake := configtest.New(configtest.WithAccount("123456789012"))
	fake.SetRecorders("eu-west-1", configtest.Recording("default"))
	fake.AddRule(config.Rule{Name: "sagemaker-notebook-no-direct-internet-access", Region: "eu-west-1",
		SourceIdentifier: "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS"})
	fake.AddEvaluation(config.Evaluation{Rule: "sagemaker-notebook-no-direct-internet-access", Region: "eu-west-1",
		ResourceType: "AWS::SageMaker::NotebookInstance", ResourceID: "research", Compliance: config.NonCompliant})

	ev, err := governance.New(
		governance.WithAccount("123456789012", governance.Sources{Config: config.New(fake)}),
		governance.WithRegions("eu-west-1"),
		governance.WithSelection(governance.Selection{IDs: []string{"AIML-NET-01", "AIML-GOV-05"}}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	report, _ := ev.Evaluate(context.Background())
	for _, c := range report.Controls {
		fmt.Println(c.ID, c.Status)
	}
	// Output:
	// AIML-NET-01 FAIL
	// AIML-GOV-05 UNKNOWN
}

// A control of your own is a Control value with a pure Check function; it is
// tested with a literal snapshot, no fakes.
func Example_customControl() {
	tagged := governance.Control{
		ID: "ACME-TAG-01", Title: "SageMaker models carry an owner tag", Severity: governance.SeverityLow,
		Sources: []governance.Source{governance.SourceConfig},
		Check: func(s *governance.Snapshot) []governance.Finding {
			var out []governance.Finding
			for _, st := range s.Config {
				for _, r := range st.Resources.Value {
					if r.Type != config.TypeModel {
						continue
					}
					f := governance.Finding{Account: st.Account, Region: st.Region, ResourceType: r.Type, Resource: r.ID, Status: governance.StatusPass, Message: "tagged"}
					if r.Tags["owner"] == "" {
						f.Status, f.Message = governance.StatusFail, "model "+r.ID+" has no owner tag"
					}
					out = append(out, f)
				}
			}
			return out
		},
	}
	ev, err := governance.New(governance.WithAccount("123456789012", governance.Sources{}), governance.WithRegions("eu-west-1"),
		governance.WithoutBuiltinControls(), governance.WithControls(tagged))
	if err != nil {
		fmt.Println(err)
		return
	}
	snap := &governance.Snapshot{SchemaVersion: governance.SnapshotSchemaVersion, Config: []governance.ConfigState{{
		Location:  governance.Location{Account: "123456789012", Region: "eu-west-1"},
		Resources: governance.Part[[]config.Resource]{Collected: true, Value: []config.Resource{{Type: config.TypeModel, ID: "fraud-v3"}}},
	}}}
	report, _ := ev.EvaluateSnapshot(snap)
	c, _ := report.Control("ACME-TAG-01")
	fmt.Println(c.Status, "-", c.Reason)
	// Output:
	// FAIL - 1 of 1 failing: model fraud-v3 has no owner tag
}

// Waivers are read from a file whose format Waiver documents.
func ExampleReadWaivers() {
	ws, err := governance.ReadWaivers(strings.NewReader(`{"waivers": [{
		"control": "AIML-NET-01",
		"resource": "arn:aws:sagemaker:*:*:notebook-instance/research-*",
		"owner": "ml-platform@example.com",
		"reason": "Research notebooks need PyPI until the mirror lands",
		"expires": "2026-12-31"}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ws[0].Control, ws[0].Expires.Format(time.RFC3339))
	_, err = governance.ReadWaivers(strings.NewReader(`{"waivers": [{"control": "AIML-NET-01", "expires": "soon"}]}`))
	fmt.Println(err)
	// Output:
	// AIML-NET-01 2027-01-01T00:00:00Z
	// governance: waivers: waiver 1 (AIML-NET-01): owner is required
	// waiver 1 (AIML-NET-01): reason is required
	// waiver 1 (AIML-NET-01): expires "soon": want a date (2026-12-31) or an RFC 3339 time (2026-12-31T18:00:00Z)
}

// The least-privilege policy of a configuration lists only read actions.
func ExampleEvaluator_IAMActions() {
	ev, _ := governance.New(governance.WithAccount("123456789012", governance.Sources{}), governance.WithRegions("eu-west-1"),
		governance.WithSelection(governance.Selection{Sources: []governance.Source{governance.SourceArtifact}}))
	fmt.Println(strings.Join(ev.IAMActions(), "\n"))
	// Output:
	// artifact:ListCustomerAgreements
	// artifact:ListReports
}
