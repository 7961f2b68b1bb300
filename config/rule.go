package config

import (
	"context"
	"iter"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

// Owner says who wrote a rule's logic.
type Owner string

// The owners AWS Config knows.
const (
	// OwnerAWS is an AWS managed rule; Rule.SourceIdentifier names it.
	OwnerAWS Owner = "AWS"
	// OwnerCustomLambda is a custom rule backed by a Lambda function.
	OwnerCustomLambda Owner = "CUSTOM_LAMBDA"
	// OwnerCustomPolicy is a custom rule written in Guard.
	OwnerCustomPolicy Owner = "CUSTOM_POLICY"
)

// Rule is an AWS Config rule.
type Rule struct {
	// Name is the rule's name, unique in its account and region.
	Name string `json:"name"`
	// ARN is the rule's ARN.
	ARN string `json:"arn,omitempty"`
	// ID is the rule's id, such as "config-rule-0a1b2c".
	ID string `json:"id,omitempty"`
	// Owner says whether AWS or the account wrote the rule's logic.
	Owner Owner `json:"owner"`
	// SourceIdentifier names the managed rule for OwnerAWS, such as
	// "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS"; for a Lambda rule it
	// is the function's ARN; empty for a Guard rule.
	SourceIdentifier string `json:"sourceIdentifier,omitempty"`
	// State is ACTIVE, DELETING, DELETING_RESULTS or EVALUATING.
	State string `json:"state"`
	// Scope limits the resources the rule evaluates.
	Scope Scope `json:"scope"`
	// InputParameters are the rule's parameters, the JSON object as AWS
	// Config stores it; empty when it has none.
	InputParameters string `json:"inputParameters,omitempty"`
	// MaximumExecutionFrequency is the period of a periodic rule, such as
	// "TwentyFour_Hours"; empty for change-triggered rules.
	MaximumExecutionFrequency string `json:"maximumExecutionFrequency,omitempty"`
	// CreatedBy is the service principal that created a service-linked
	// rule (a conformance pack, Security Hub …); empty for rules the
	// account created itself.
	CreatedBy string `json:"createdBy,omitempty"`
	// Account and Region locate the rule.
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`
}

// Active reports whether the rule is evaluating resources.
func (r Rule) Active() bool {
	return r.State == string(types.ConfigRuleStateActive) || r.State == string(types.ConfigRuleStateEvaluating)
}

// Scope limits the resources a rule evaluates. An empty Scope means every
// resource of the types the rule applies to.
type Scope struct {
	ResourceTypes []string `json:"resourceTypes,omitempty"`
	ResourceID    string   `json:"resourceId,omitempty"`
	TagKey        string   `json:"tagKey,omitempty"`
	TagValue      string   `json:"tagValue,omitempty"`
}

// Rules lists the Config rules of the Client's account and region, or only
// those named. In aggregator mode it still lists the calling account's
// rules: AWS Config has no organisation-wide listing of rule definitions (use
// RuleCompliance, whose results carry the account and region).
//
// IAM: config:DescribeConfigRules.
func (c *Client) Rules(ctx context.Context, names ...string) iter.Seq2[Rule, error] {
	return clientkit.Pages(ctx, &c.base, "DescribeConfigRules", func(ctx context.Context, token *string) ([]Rule, *string, error) {
		out, err := c.api.DescribeConfigRules(ctx, &configservice.DescribeConfigRulesInput{ConfigRuleNames: names, NextToken: token}, c.optFns()...)
		if err != nil {
			return nil, nil, err
		}
		rules := make([]Rule, 0, len(out.ConfigRules))
		for _, r := range out.ConfigRules {
			rules = append(rules, c.rule(r))
		}
		return rules, out.NextToken, nil
	})
}

func (c *Client) rule(r types.ConfigRule) Rule {
	rule := Rule{
		Name:                      aws.ToString(r.ConfigRuleName),
		ARN:                       aws.ToString(r.ConfigRuleArn),
		ID:                        aws.ToString(r.ConfigRuleId),
		State:                     string(r.ConfigRuleState),
		MaximumExecutionFrequency: string(r.MaximumExecutionFrequency),
		CreatedBy:                 aws.ToString(r.CreatedBy),
		Account:                   c.base.Account,
		Region:                    c.base.Region,
	}
	if a, err := arn.Parse(rule.ARN); err == nil {
		rule.Account, rule.Region = a.AccountID, a.Region
	}
	if r.Source != nil {
		rule.Owner = Owner(r.Source.Owner)
		rule.SourceIdentifier = aws.ToString(r.Source.SourceIdentifier)
	}
	if r.Scope != nil {
		rule.Scope = Scope{
			ResourceTypes: r.Scope.ComplianceResourceTypes,
			ResourceID:    aws.ToString(r.Scope.ComplianceResourceId),
			TagKey:        aws.ToString(r.Scope.TagKey),
			TagValue:      aws.ToString(r.Scope.TagValue),
		}
	}
	if p := aws.ToString(r.InputParameters); p != "{}" {
		rule.InputParameters = p
	}
	return rule
}
