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

// ConformancePack is a conformance pack deployed in an account and region.
type ConformancePack struct {
	Name string `json:"name"`
	ARN  string `json:"arn,omitempty"`
	ID   string `json:"id,omitempty"`
	// CreatedBy is the service that deployed the pack (an organisation
	// conformance pack, Security Hub …); empty for the account's own.
	CreatedBy string `json:"createdBy,omitempty"`
	// LastUpdateRequestedAt is when the pack was last deployed or updated.
	LastUpdateRequestedAt time.Time `json:"lastUpdateRequestedAt,omitzero"`
	Account               string    `json:"account,omitempty"`
	Region                string    `json:"region,omitempty"`
}

// PackRuleCompliance is the compliance of one rule of a conformance pack.
// Conformance packs report only COMPLIANT, NON_COMPLIANT and
// INSUFFICIENT_DATA.
type PackRuleCompliance struct {
	Pack       string     `json:"pack"`
	Rule       string     `json:"rule"`
	Compliance Compliance `json:"compliance"`
	// Controls are the control ids the pack's template tags the rule with.
	Controls []string `json:"controls,omitempty"`
}

// ConformancePacks lists the conformance packs of the account and region.
//
// IAM: config:DescribeConformancePacks.
func (c *Client) ConformancePacks(ctx context.Context) iter.Seq2[ConformancePack, error] {
	return clientkit.Pages(ctx, &c.base, "DescribeConformancePacks", func(ctx context.Context, token *string) ([]ConformancePack, *string, error) {
		out, err := c.api.DescribeConformancePacks(ctx, &configservice.DescribeConformancePacksInput{Limit: min(c.pageSize, 20), NextToken: token}, c.optFns()...)
		if err != nil {
			return nil, nil, err
		}
		res := make([]ConformancePack, 0, len(out.ConformancePackDetails))
		for _, p := range out.ConformancePackDetails {
			res = append(res, ConformancePack{
				Name:                  aws.ToString(p.ConformancePackName),
				ARN:                   aws.ToString(p.ConformancePackArn),
				ID:                    aws.ToString(p.ConformancePackId),
				CreatedBy:             aws.ToString(p.CreatedBy),
				LastUpdateRequestedAt: aws.ToTime(p.LastUpdateRequestedTime).UTC(),
				Account:               c.base.Account,
				Region:                c.base.Region,
			})
		}
		return res, out.NextToken, nil
	})
}

// ConformancePackCompliance returns the compliance of every rule of a
// conformance pack.
//
// IAM: config:DescribeConformancePackCompliance.
func (c *Client) ConformancePackCompliance(ctx context.Context, pack string) iter.Seq2[PackRuleCompliance, error] {
	if pack == "" {
		return fail[PackRuleCompliance](fmt.Errorf("config: ConformancePackCompliance: no pack named"))
	}
	return clientkit.Pages(ctx, &c.base, "DescribeConformancePackCompliance", func(ctx context.Context, token *string) ([]PackRuleCompliance, *string, error) {
		out, err := c.api.DescribeConformancePackCompliance(ctx, &configservice.DescribeConformancePackComplianceInput{
			ConformancePackName: aws.String(pack),
			Limit:               min(c.pageSize, 1000),
			NextToken:           token,
		}, c.optFns()...)
		if err != nil {
			return nil, nil, err
		}
		res := make([]PackRuleCompliance, 0, len(out.ConformancePackRuleComplianceList))
		for _, r := range out.ConformancePackRuleComplianceList {
			res = append(res, PackRuleCompliance{
				Pack:       pack,
				Rule:       aws.ToString(r.ConfigRuleName),
				Compliance: Compliance(r.ComplianceType),
				Controls:   r.Controls,
			})
		}
		return res, out.NextToken, nil
	})
}

// ConformancePackEvaluations returns the per-resource results of the rules
// of a conformance pack, optionally only those with the given compliance
// (COMPLIANT or NON_COMPLIANT; empty for both).
//
// IAM: config:GetConformancePackComplianceDetails.
func (c *Client) ConformancePackEvaluations(ctx context.Context, pack string, only Compliance) iter.Seq2[Evaluation, error] {
	if pack == "" {
		return fail[Evaluation](fmt.Errorf("config: ConformancePackEvaluations: no pack named"))
	}
	var filters *types.ConformancePackEvaluationFilters
	if only != "" {
		filters = &types.ConformancePackEvaluationFilters{ComplianceType: types.ConformancePackComplianceType(only)}
	}
	return clientkit.Pages(ctx, &c.base, "GetConformancePackComplianceDetails", func(ctx context.Context, token *string) ([]Evaluation, *string, error) {
		out, err := c.api.GetConformancePackComplianceDetails(ctx, &configservice.GetConformancePackComplianceDetailsInput{
			ConformancePackName: aws.String(pack),
			Filters:             filters,
			Limit:               c.pageSize,
			NextToken:           token,
		}, c.optFns()...)
		if err != nil {
			return nil, nil, err
		}
		res := make([]Evaluation, 0, len(out.ConformancePackRuleEvaluationResults))
		for _, r := range out.ConformancePackRuleEvaluationResults {
			e := evaluation("", r.EvaluationResultIdentifier, string(r.ComplianceType), r.Annotation, r.ResultRecordedTime, r.ConfigRuleInvokedTime)
			e.Account, e.Region = c.base.Account, c.base.Region
			res = append(res, e)
		}
		return res, out.NextToken, nil
	})
}

// DeployConformancePack creates or updates a conformance pack from a
// template body (such as one rendered by ConformancePackTemplate). It is the
// package's only write to AWS, and it is never called implicitly.
//
// deliveryBucket may be empty: AWS Config then keeps the template itself. It
// returns the pack's ARN.
//
// IAM: config:PutConformancePack (and the permissions AWS Config documents
// for deploying packs: iam:CreateServiceLinkedRole on first use, s3 access
// to the delivery bucket).
func (c *Client) DeployConformancePack(ctx context.Context, name, templateBody, deliveryBucket string) (string, error) {
	if name == "" || templateBody == "" {
		return "", fmt.Errorf("config: DeployConformancePack: the pack name and the template body are required")
	}
	in := &configservice.PutConformancePackInput{ConformancePackName: aws.String(name), TemplateBody: aws.String(templateBody)}
	if deliveryBucket != "" {
		in.DeliveryS3Bucket = aws.String(deliveryBucket)
	}
	out, err := clientkit.Do(ctx, &c.base, "PutConformancePack", func(ctx context.Context) (*configservice.PutConformancePackOutput, error) {
		return c.api.PutConformancePack(ctx, in, c.optFns()...)
	})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.ConformancePackArn), nil
}
