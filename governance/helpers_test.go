package governance

import (
	"time"

	"github.com/aigov/aigov/config"
)

var t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

const (
	acctA = "111111111111"
	acctB = "222222222222"
	euw1  = "eu-west-1"
	use1  = "us-east-1"
)

// snapshot returns a snapshot with the given scope and config states.
func snapshot(accounts, regions []string, states ...ConfigState) *Snapshot {
	return &Snapshot{
		SchemaVersion: SnapshotSchemaVersion,
		CollectedAt:   t0,
		Scope:         Scope{Accounts: accounts, Regions: regions},
		Policy:        DefaultPolicy(),
		Config:        states,
	}
}

// healthy returns a config state that is recording, with the rules and
// evaluations given.
func healthy(account, region string, rules []config.Rule, evs map[string][]config.Evaluation, resources ...config.Resource) ConfigState {
	st := ConfigState{
		Location:    Location{Account: account, Region: region},
		CollectedAt: t0,
		Recorder:    got(config.RecorderStatus{Account: account, Region: region, Recorders: []config.Recorder{{Name: "default", Recording: true, LastStatus: "Success"}}}, "config:DescribeConfigurationRecorderStatus"),
		Rules:       got(rules, "config:DescribeConfigRules"),
		Compliance:  got([]config.RuleCompliance{}, "config:DescribeComplianceByConfigRule"),
		Evaluations: map[string]Part[[]config.Evaluation]{},
		Resources:   got(resources, "config:SelectResourceConfig"),
	}
	for name, e := range evs {
		st.Evaluations[name] = got(e, "config:GetComplianceDetailsByConfigRule")
		comp := config.Compliant
		for _, x := range e {
			if x.Compliance == config.NonCompliant {
				comp = config.NonCompliant
			}
		}
		st.Compliance.Value = append(st.Compliance.Value, config.RuleCompliance{Rule: name, Compliance: comp})
	}
	return st
}

func rule(name, id string) config.Rule {
	return config.Rule{Name: name, SourceIdentifier: id, Owner: config.OwnerAWS, State: "ACTIVE"}
}

func eval(rule, typ, id string, c config.Compliance, note string) config.Evaluation {
	return config.Evaluation{Rule: rule, ResourceType: typ, ResourceID: id, Compliance: c, Annotation: note}
}

func notebook(id, internet, root, kms, subnet string) config.Resource {
	return config.Resource{Type: config.TypeNotebookInstance, ID: id, ARN: "arn:aws:sagemaker:eu-west-1:111111111111:notebook-instance/" + id,
		Notebook: &config.NotebookInstance{DirectInternetAccess: internet, RootAccess: root, KMSKeyID: kms, SubnetID: subnet, PlatformIdentifier: "notebook-al2023-v1"}}
}

// controlByID returns a built-in control.
func controlByID(id string) Control {
	for _, c := range Catalog() {
		if c.ID == id {
			return c
		}
	}
	panic("no control " + id)
}

// statuses returns the statuses of findings, in order.
func statuses(fs []Finding) []Status {
	out := make([]Status, len(fs))
	for i, f := range fs {
		out[i] = f.Status
	}
	return out
}
