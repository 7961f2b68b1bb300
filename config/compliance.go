package config

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

// Compliance is the result of a rule for a resource, or for a rule as a
// whole. The four values stay distinct: INSUFFICIENT_DATA is not
// COMPLIANT, and NOT_APPLICABLE is not evidence of anything.
type Compliance string

// The compliance values of AWS Config.
const (
	Compliant        Compliance = "COMPLIANT"
	NonCompliant     Compliance = "NON_COMPLIANT"
	NotApplicable    Compliance = "NOT_APPLICABLE"
	InsufficientData Compliance = "INSUFFICIENT_DATA"
)

// RuleCompliance is the compliance of one rule in one account and region.
type RuleCompliance struct {
	// Rule is the rule's name.
	Rule string `json:"rule"`
	// Compliance is NON_COMPLIANT when any resource is, COMPLIANT when
	// every evaluated resource is, INSUFFICIENT_DATA when the rule has not
	// evaluated anything yet, NOT_APPLICABLE when nothing is in scope.
	Compliance Compliance `json:"compliance"`
	// NonCompliantResources counts the non-compliant resources; AWS Config
	// stops counting at 100, and CountCapped then says so.
	NonCompliantResources int  `json:"nonCompliantResources,omitempty"`
	CountCapped           bool `json:"countCapped,omitempty"`
	// Account and Region locate the rule.
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`
}

// RuleCompliance returns the compliance of every rule, or of the rules
// named. In aggregator mode it covers every account and region of the
// aggregator and each result carries its account and region.
//
// A rule that AWS Config has never evaluated is returned with
// INSUFFICIENT_DATA: AWS Config leaves such rules out of its answer.
//
// IAM: config:DescribeComplianceByConfigRule, or
// config:DescribeAggregateComplianceByConfigRules in aggregator mode.
func (c *Client) RuleCompliance(ctx context.Context, rules ...string) iter.Seq2[RuleCompliance, error] {
	if c.aggregator != "" {
		return c.aggregateRuleCompliance(ctx, rules)
	}
	seq := clientkit.Pages(ctx, &c.base, "DescribeComplianceByConfigRule", func(ctx context.Context, token *string) ([]RuleCompliance, *string, error) {
		out, err := c.api.DescribeComplianceByConfigRule(ctx, &configservice.DescribeComplianceByConfigRuleInput{ConfigRuleNames: rules, NextToken: token}, c.optFns()...)
		if err != nil {
			return nil, nil, err
		}
		res := make([]RuleCompliance, 0, len(out.ComplianceByConfigRules))
		for _, rc := range out.ComplianceByConfigRules {
			res = append(res, c.ruleCompliance(aws.ToString(rc.ConfigRuleName), rc.Compliance, c.base.Account, c.base.Region))
		}
		return res, out.NextToken, nil
	})
	return withMissingRules(seq, rules, c.base.Account, c.base.Region)
}

func (c *Client) aggregateRuleCompliance(ctx context.Context, rules []string) iter.Seq2[RuleCompliance, error] {
	fetch := func(rule string) iter.Seq2[RuleCompliance, error] {
		var filters *types.ConfigRuleComplianceFilters
		if rule != "" {
			filters = &types.ConfigRuleComplianceFilters{ConfigRuleName: aws.String(rule)}
		}
		return clientkit.Pages(ctx, &c.base, "DescribeAggregateComplianceByConfigRules", func(ctx context.Context, token *string) ([]RuleCompliance, *string, error) {
			out, err := c.api.DescribeAggregateComplianceByConfigRules(ctx, &configservice.DescribeAggregateComplianceByConfigRulesInput{
				ConfigurationAggregatorName: aws.String(c.aggregator),
				Filters:                     filters,
				Limit:                       c.pageSize,
				NextToken:                   token,
			}, c.optFns()...)
			if err != nil {
				return nil, nil, err
			}
			res := make([]RuleCompliance, 0, len(out.AggregateComplianceByConfigRules))
			for _, rc := range out.AggregateComplianceByConfigRules {
				res = append(res, c.ruleCompliance(aws.ToString(rc.ConfigRuleName), rc.Compliance, aws.ToString(rc.AccountId), aws.ToString(rc.AwsRegion)))
			}
			return res, out.NextToken, nil
		})
	}
	if len(rules) == 0 {
		return fetch("")
	}
	// The aggregate filter takes one rule name; ask once per rule.
	return func(yield func(RuleCompliance, error) bool) {
		for _, r := range rules {
			for rc, err := range fetch(r) {
				if !yield(rc, err) || err != nil {
					return
				}
			}
		}
	}
}

func (c *Client) ruleCompliance(rule string, comp *types.Compliance, account, region string) RuleCompliance {
	rc := RuleCompliance{Rule: rule, Compliance: InsufficientData, Account: account, Region: region}
	if comp != nil {
		if comp.ComplianceType != "" {
			rc.Compliance = Compliance(comp.ComplianceType)
		}
		if n := comp.ComplianceContributorCount; n != nil {
			rc.NonCompliantResources = int(n.CappedCount)
			rc.CountCapped = n.CapExceeded
		}
	}
	return rc
}

// withMissingRules adds INSUFFICIENT_DATA results for the named rules that
// the listing left out, after the listing, in the order they were named.
func withMissingRules(seq iter.Seq2[RuleCompliance, error], named []string, account, region string) iter.Seq2[RuleCompliance, error] {
	if len(named) == 0 {
		return seq
	}
	return func(yield func(RuleCompliance, error) bool) {
		seen := make(map[string]bool, len(named))
		for rc, err := range seq {
			if err == nil {
				seen[rc.Rule] = true
			}
			if !yield(rc, err) || err != nil {
				return
			}
		}
		for _, n := range named {
			if !seen[n] {
				seen[n] = true
				if !yield(RuleCompliance{Rule: n, Compliance: InsufficientData, Account: account, Region: region}, nil) {
					return
				}
			}
		}
	}
}

// Evaluation is the result of one rule for one resource.
type Evaluation struct {
	Rule         string     `json:"rule"`
	ResourceType string     `json:"resourceType"`
	ResourceID   string     `json:"resourceId"`
	Compliance   Compliance `json:"compliance"`
	// Annotation is the rule's explanation, when it gave one.
	Annotation string `json:"annotation,omitempty"`
	// RecordedAt is when AWS Config recorded the result; InvokedAt when the
	// rule ran.
	RecordedAt time.Time `json:"recordedAt,omitzero"`
	InvokedAt  time.Time `json:"invokedAt,omitzero"`
	Account    string    `json:"account,omitempty"`
	Region     string    `json:"region,omitempty"`
}

// EvaluationQuery selects the evaluations of one rule.
type EvaluationQuery struct {
	// Rule is the rule's name. Required.
	Rule string
	// Compliance keeps only these results; empty asks for AWS Config's
	// default, COMPLIANT and NON_COMPLIANT.
	Compliance []Compliance
	// Account and Region say where the rule is, in aggregator mode, where
	// AWS Config requires both; outside it they are ignored.
	Account, Region string
}

// Evaluations returns the per-resource results of a rule.
//
// IAM: config:GetComplianceDetailsByConfigRule, or
// config:GetAggregateComplianceDetailsByConfigRule in aggregator mode.
func (c *Client) Evaluations(ctx context.Context, q EvaluationQuery) iter.Seq2[Evaluation, error] {
	if q.Rule == "" {
		return fail[Evaluation](fmt.Errorf("config: Evaluations: the query names no rule"))
	}
	if c.aggregator != "" {
		return c.aggregateEvaluations(ctx, q)
	}
	comp := make([]types.ComplianceType, len(q.Compliance))
	for i, t := range q.Compliance {
		comp[i] = types.ComplianceType(t)
	}
	return clientkit.Pages(ctx, &c.base, "GetComplianceDetailsByConfigRule", func(ctx context.Context, token *string) ([]Evaluation, *string, error) {
		out, err := c.api.GetComplianceDetailsByConfigRule(ctx, &configservice.GetComplianceDetailsByConfigRuleInput{
			ConfigRuleName:  aws.String(q.Rule),
			ComplianceTypes: comp,
			Limit:           c.pageSize,
			NextToken:       token,
		}, c.optFns()...)
		if err != nil {
			return nil, nil, err
		}
		res := make([]Evaluation, 0, len(out.EvaluationResults))
		for _, r := range out.EvaluationResults {
			e := evaluation(q.Rule, r.EvaluationResultIdentifier, string(r.ComplianceType), r.Annotation, r.ResultRecordedTime, r.ConfigRuleInvokedTime)
			e.Account, e.Region = c.base.Account, c.base.Region
			res = append(res, e)
		}
		return res, out.NextToken, nil
	})
}

func (c *Client) aggregateEvaluations(ctx context.Context, q EvaluationQuery) iter.Seq2[Evaluation, error] {
	if q.Account == "" || q.Region == "" {
		return fail[Evaluation](fmt.Errorf("config: Evaluations: aggregator mode needs the account and region of rule %q", q.Rule))
	}
	// The aggregate operation filters on one compliance type at a time.
	comps := q.Compliance
	if len(comps) == 0 {
		comps = []Compliance{""}
	}
	return func(yield func(Evaluation, error) bool) {
		for _, comp := range comps {
			seq := clientkit.Pages(ctx, &c.base, "GetAggregateComplianceDetailsByConfigRule", func(ctx context.Context, token *string) ([]Evaluation, *string, error) {
				out, err := c.api.GetAggregateComplianceDetailsByConfigRule(ctx, &configservice.GetAggregateComplianceDetailsByConfigRuleInput{
					ConfigurationAggregatorName: aws.String(c.aggregator),
					ConfigRuleName:              aws.String(q.Rule),
					AccountId:                   aws.String(q.Account),
					AwsRegion:                   aws.String(q.Region),
					ComplianceType:              types.ComplianceType(comp),
					Limit:                       c.pageSize,
					NextToken:                   token,
				}, c.optFns()...)
				if err != nil {
					return nil, nil, err
				}
				res := make([]Evaluation, 0, len(out.AggregateEvaluationResults))
				for _, r := range out.AggregateEvaluationResults {
					e := evaluation(q.Rule, r.EvaluationResultIdentifier, string(r.ComplianceType), r.Annotation, r.ResultRecordedTime, r.ConfigRuleInvokedTime)
					e.Account, e.Region = aws.ToString(r.AccountId), aws.ToString(r.AwsRegion)
					res = append(res, e)
				}
				return res, out.NextToken, nil
			})
			for e, err := range seq {
				if !yield(e, err) || err != nil {
					return
				}
			}
		}
	}
}

func evaluation(rule string, id *types.EvaluationResultIdentifier, comp string, annotation *string, recorded, invoked *time.Time) Evaluation {
	e := Evaluation{
		Rule:       rule,
		Compliance: Compliance(comp),
		Annotation: aws.ToString(annotation),
		RecordedAt: aws.ToTime(recorded).UTC(),
		InvokedAt:  aws.ToTime(invoked).UTC(),
	}
	if id != nil && id.EvaluationResultQualifier != nil {
		q := id.EvaluationResultQualifier
		e.ResourceType = aws.ToString(q.ResourceType)
		e.ResourceID = aws.ToString(q.ResourceId)
		if n := aws.ToString(q.ConfigRuleName); n != "" {
			e.Rule = n
		}
	}
	return e
}

// fail is a sequence that yields err and ends.
func fail[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}
