package config_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/config"
	"github.com/aigov/aigov/config/configtest"
)

// A test of your own code reads AWS Config through the fake: seed it, hand
// it to config.New, and get the answers AWS would give.
func Example() {
	fake := configtest.New()
	fake.AddRule(config.Rule{Name: "sagemaker-notebook-no-direct-internet-access", SourceIdentifier: "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS"})
	fake.AddEvaluation(config.Evaluation{
		Rule:         "sagemaker-notebook-no-direct-internet-access",
		ResourceType: "AWS::SageMaker::NotebookInstance", ResourceID: "research",
		Compliance: config.NonCompliant, Annotation: "DirectInternetAccess is Enabled",
	})

	c := config.New(fake)
	ctx := context.Background()
	for rc, err := range c.RuleCompliance(ctx) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(rc.Rule, rc.Compliance, rc.NonCompliantResources)
		for e, err := range c.Evaluations(ctx, config.EvaluationQuery{Rule: rc.Rule, Compliance: []config.Compliance{config.NonCompliant}}) {
			if err != nil {
				fmt.Println("error:", err)
				return
			}
			fmt.Printf("  %s %s: %s\n", e.ResourceType, e.ResourceID, e.Annotation)
		}
	}
	// Output:
	// sagemaker-notebook-no-direct-internet-access NON_COMPLIANT 1
	//   AWS::SageMaker::NotebookInstance research: DirectInternetAccess is Enabled
}

// Errors match the sentinels of package aigov, so a caller can tell "no
// evidence because access was denied" from "no evidence because Config is off".
func Example_errors() {
	fake := configtest.New()
	fake.Fail("DescribeConfigRules", configtest.AccessDenied())

	c := config.New(fake, config.WithRegion("eu-west-1"))
	for _, err := range c.Rules(context.Background()) {
		fmt.Println(errors.Is(err, aigov.ErrAccessDenied))
		fmt.Println(err)
	}
	// Output:
	// true
	// config: DescribeConfigRules in eu-west-1: access denied: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/aigov/session is not authorized to perform this operation (HTTP 400, request id 00000000-fake-4000-8000-000000000001)
}

// A region without a recorder gives no Config evidence at all.
func ExampleClient_Recording() {
	fake := configtest.New()
	fake.SetRecorders("us-east-1", configtest.Recording("default"))

	statuses, err := config.New(fake).Recording(context.Background(), "us-east-1", "eu-west-1")
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, st := range statuses {
		if st.Recording() {
			fmt.Println(st.Region, "recording")
		} else {
			fmt.Println(st.Region, "not recording:", st.Problem())
		}
	}
	// Output:
	// us-east-1 recording
	// eu-west-1 not recording: no AWS Config recorder is set up in eu-west-1
}

// The inventory decodes what controls need and keeps the rest raw.
func ExampleClient_Resources() {
	fake := configtest.New()
	fake.AddResource(config.Resource{
		Type: config.TypeModel, ID: "fraud-v3",
		Configuration: json.RawMessage(`{"EnableNetworkIsolation":false,"PrimaryContainer":{"Image":"123456789012.dkr.ecr.us-east-1.amazonaws.com/fraud@sha256:9f86d0"}}`),
	})
	for r, err := range config.New(fake).Resources(context.Background()) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(r.Type, r.ID, r.Model.NetworkIsolation, r.Model.Images)
	}
	// Output:
	// AWS::SageMaker::Model fraud-v3 false [123456789012.dkr.ecr.us-east-1.amazonaws.com/fraud@sha256:9f86d0]
}

// An organisation is read through a configuration aggregator; every result
// says where it comes from.
func ExampleWithAggregator() {
	fake := configtest.New(configtest.WithAccount("111111111111"))
	for _, account := range []string{"111111111111", "222222222222"} {
		fake.AddRule(config.Rule{Name: "sagemaker-model-isolation-enabled", Account: account})
	}
	fake.AddEvaluation(config.Evaluation{Rule: "sagemaker-model-isolation-enabled", Account: "222222222222",
		ResourceType: config.TypeModel, ResourceID: "fraud-v3", Compliance: config.NonCompliant})
	fake.AddAggregator(config.Aggregator{Name: "org", Organization: true, AllRegions: true})

	c := config.New(fake, config.WithAggregator("org"))
	for rc, err := range c.RuleCompliance(context.Background()) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(rc.Account, rc.Region, rc.Rule, rc.Compliance)
	}
	// Output:
	// 111111111111 us-east-1 sagemaker-model-isolation-enabled INSUFFICIENT_DATA
	// 222222222222 us-east-1 sagemaker-model-isolation-enabled NON_COMPLIANT
}

// The managed rules aigov relies on can be deployed as a conformance pack.
func ExampleConformancePackTemplate() {
	rule, _ := config.LookupManagedRule("SAGEMAKER_MODEL_ISOLATION_ENABLED")
	body, err := config.ConformancePackTemplate(config.PackRule{ManagedRule: rule})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Print(string(body))
	// Output:
	// # AWS Config conformance pack rendered by github.com/aigov/aigov/config.
	// # Rules: 1. Every rule is an AWS managed rule.
	// Resources:
	//   SagemakerModelIsolationEnabled:
	//     Type: AWS::Config::ConfigRule
	//     Properties:
	//       ConfigRuleName: sagemaker-model-isolation-enabled
	//       Description: "SageMaker models have network isolation enabled."
	//       Scope:
	//         ComplianceResourceTypes:
	//           - AWS::SageMaker::Model
	//       Source:
	//         Owner: AWS
	//         SourceIdentifier: SAGEMAKER_MODEL_ISOLATION_ENABLED
}
