package configtest_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aigov/aigov/config"
	"github.com/aigov/aigov/config/configtest"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/smithy-go"
)

func code(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func TestLimitsAndTokens(t *testing.T) {
	f := configtest.New()
	for i := range 3 {
		f.AddRule(config.Rule{Name: fmt.Sprintf("r%d", i)})
		f.AddEvaluation(config.Evaluation{Rule: "r0", ResourceType: "AWS::S3::Bucket", ResourceID: fmt.Sprint(i), Compliance: config.Compliant})
	}
	ctx := context.Background()
	_, err := f.GetComplianceDetailsByConfigRule(ctx, &configservice.GetComplianceDetailsByConfigRuleInput{ConfigRuleName: aws.String("r0"), Limit: 101})
	if code(err) != "InvalidLimitException" {
		t.Errorf("limit 101: %v", err)
	}
	out, err := f.GetComplianceDetailsByConfigRule(ctx, &configservice.GetComplianceDetailsByConfigRuleInput{ConfigRuleName: aws.String("r0"), Limit: 2})
	if err != nil || len(out.EvaluationResults) != 2 || out.NextToken == nil {
		t.Fatalf("first page: %v, %v", out, err)
	}
	// A token of one operation is no good for another.
	_, err = f.DescribeConfigRules(ctx, &configservice.DescribeConfigRulesInput{NextToken: out.NextToken})
	if code(err) != "InvalidNextTokenException" {
		t.Errorf("foreign token: %v", err)
	}
}

func TestSeedingPanics(t *testing.T) {
	cases := map[string]func(f *configtest.Fake){
		"rule without name": func(f *configtest.Fake) { f.AddRule(config.Rule{}) },
		"duplicate rule":    func(f *configtest.Fake) { f.AddRule(config.Rule{Name: "a"}); f.AddRule(config.Rule{Name: "a"}) },
		"evaluation of no rule": func(f *configtest.Fake) {
			f.AddEvaluation(config.Evaluation{Rule: "x", ResourceType: "AWS::S3::Bucket", ResourceID: "b", Compliance: config.Compliant})
		},
		"bad compliance": func(f *configtest.Fake) {
			f.AddRule(config.Rule{Name: "a"})
			f.AddEvaluation(config.Evaluation{Rule: "a", ResourceType: "AWS::S3::Bucket", ResourceID: "b", Compliance: "GOOD"})
		},
		"pack of unknown rule":     func(f *configtest.Fake) { f.AddConformancePack(config.ConformancePack{Name: "p"}, "nope") },
		"aggregator without scope": func(f *configtest.Fake) { f.AddAggregator(config.Aggregator{Name: "a", Organization: true}) },
		"resource without type":    func(f *configtest.Fake) { f.AddResource(config.Resource{ID: "x"}) },
		"source of no aggregator": func(f *configtest.Fake) {
			f.AddAggregatorSource("a", config.AggregatorSource{SourceID: "1", Region: "r"})
		},
	}
	for name, seed := range cases {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			seed(configtest.New())
		})
	}
}

func TestLaterEvaluationReplaces(t *testing.T) {
	f := configtest.New()
	f.AddRule(config.Rule{Name: "a"})
	f.AddEvaluation(config.Evaluation{Rule: "a", ResourceType: "AWS::S3::Bucket", ResourceID: "b", Compliance: config.NonCompliant})
	f.AddEvaluation(config.Evaluation{Rule: "a", ResourceType: "AWS::S3::Bucket", ResourceID: "b", Compliance: config.Compliant})
	out, err := f.DescribeComplianceByConfigRule(context.Background(), &configservice.DescribeComplianceByConfigRuleInput{})
	if err != nil || out.ComplianceByConfigRules[0].Compliance.ComplianceType != "COMPLIANT" {
		t.Errorf("got %+v, %v", out, err)
	}
}
