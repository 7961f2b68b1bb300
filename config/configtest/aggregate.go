package configtest

import (
	"context"
	"slices"

	"github.com/aigov/aigov/config"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

// covers reports whether aggregator a sees account and region.
func covers(a config.Aggregator, account, region string) bool {
	return (a.Organization || slices.Contains(a.Accounts, account)) && (a.AllRegions || slices.Contains(a.Regions, region))
}

func (f *Fake) namedAggregator(name *string) (config.Aggregator, error) {
	a, ok := f.aggregator(aws.ToString(name))
	if !ok {
		return a, noSuchAggregator(aws.ToString(name))
	}
	return a, nil
}

// DescribeConfigurationAggregators implements config.API.
func (f *Fake) DescribeConfigurationAggregators(ctx context.Context, in *configservice.DescribeConfigurationAggregatorsInput, optFns ...func(*configservice.Options)) (*configservice.DescribeConfigurationAggregatorsOutput, error) {
	return handle(ctx, f, "DescribeConfigurationAggregators", optFns, in, func(string) (*configservice.DescribeConfigurationAggregatorsOutput, error) {
		var aggs []config.Aggregator
		for _, n := range in.ConfigurationAggregatorNames {
			if _, ok := f.aggregator(n); !ok {
				return nil, noSuchAggregator(n)
			}
		}
		for _, a := range sortedBy(f.aggregators, func(a config.Aggregator) string { return a.Name }) {
			if len(in.ConfigurationAggregatorNames) == 0 || slices.Contains(in.ConfigurationAggregatorNames, a.Name) {
				aggs = append(aggs, a)
			}
		}
		pg, next, err := page(f, "DescribeConfigurationAggregators", aggs, in.NextToken, in.Limit, 10, 10)
		if err != nil {
			return nil, err
		}
		out := &configservice.DescribeConfigurationAggregatorsOutput{NextToken: next}
		for _, a := range pg {
			ca := types.ConfigurationAggregator{ConfigurationAggregatorName: aws.String(a.Name), ConfigurationAggregatorArn: aws.String(a.ARN)}
			if a.Organization {
				ca.OrganizationAggregationSource = &types.OrganizationAggregationSource{AllAwsRegions: a.AllRegions, AwsRegions: a.Regions, RoleArn: aws.String("arn:aws:iam::" + f.account + ":role/aws-service-role/config")}
			} else {
				ca.AccountAggregationSources = []types.AccountAggregationSource{{AccountIds: a.Accounts, AllAwsRegions: a.AllRegions, AwsRegions: a.Regions}}
			}
			out.ConfigurationAggregators = append(out.ConfigurationAggregators, ca)
		}
		return out, nil
	})
}

// DescribeConfigurationAggregatorSourcesStatus implements config.API.
func (f *Fake) DescribeConfigurationAggregatorSourcesStatus(ctx context.Context, in *configservice.DescribeConfigurationAggregatorSourcesStatusInput, optFns ...func(*configservice.Options)) (*configservice.DescribeConfigurationAggregatorSourcesStatusOutput, error) {
	return handle(ctx, f, "DescribeConfigurationAggregatorSourcesStatus", optFns, in, func(string) (*configservice.DescribeConfigurationAggregatorSourcesStatusOutput, error) {
		a, err := f.namedAggregator(in.ConfigurationAggregatorName)
		if err != nil {
			return nil, err
		}
		var all []config.AggregatorSource
		for _, s := range f.sources[a.Name] {
			if len(in.UpdateStatus) == 0 || slices.Contains(in.UpdateStatus, types.AggregatedSourceStatusType(s.Status)) {
				all = append(all, s)
			}
		}
		all = sortedBy(all, func(s config.AggregatorSource) string { return s.SourceID + "\x00" + s.Region })
		pg, next, err := page(f, "DescribeConfigurationAggregatorSourcesStatus", all, in.NextToken, in.Limit, 100, 100)
		if err != nil {
			return nil, err
		}
		out := &configservice.DescribeConfigurationAggregatorSourcesStatusOutput{NextToken: next}
		for _, s := range pg {
			out.AggregatedSourceStatusList = append(out.AggregatedSourceStatusList, types.AggregatedSourceStatus{
				SourceId:         aws.String(s.SourceID),
				SourceType:       types.AggregatedSourceType(s.SourceType),
				AwsRegion:        aws.String(s.Region),
				LastUpdateStatus: types.AggregatedSourceStatusType(s.Status),
				LastUpdateTime:   optionalTime(s.LastUpdated),
				LastErrorCode:    optional(s.LastErrorCode),
				LastErrorMessage: optional(s.LastErrorMessage),
			})
		}
		return out, nil
	})
}

// DescribeAggregateComplianceByConfigRules implements config.API.
func (f *Fake) DescribeAggregateComplianceByConfigRules(ctx context.Context, in *configservice.DescribeAggregateComplianceByConfigRulesInput, optFns ...func(*configservice.Options)) (*configservice.DescribeAggregateComplianceByConfigRulesOutput, error) {
	return handle(ctx, f, "DescribeAggregateComplianceByConfigRules", optFns, in, func(string) (*configservice.DescribeAggregateComplianceByConfigRulesOutput, error) {
		a, err := f.namedAggregator(in.ConfigurationAggregatorName)
		if err != nil {
			return nil, err
		}
		fl := in.Filters
		if fl == nil {
			fl = &types.ConfigRuleComplianceFilters{}
		}
		var all []types.AggregateComplianceByConfigRule
		rules := sortedBy(f.rules, func(r config.Rule) string { return r.Name + "\x00" + r.Account + "\x00" + r.Region })
		for _, r := range rules {
			if !covers(a, r.Account, r.Region) ||
				(fl.ConfigRuleName != nil && *fl.ConfigRuleName != r.Name) ||
				(fl.AccountId != nil && *fl.AccountId != r.Account) ||
				(fl.AwsRegion != nil && *fl.AwsRegion != r.Region) {
				continue
			}
			c := f.ruleCompliance(r.Account, r.Region, r.Name)
			if fl.ComplianceType != "" && fl.ComplianceType != c.ComplianceType {
				continue
			}
			all = append(all, types.AggregateComplianceByConfigRule{ConfigRuleName: aws.String(r.Name), AccountId: aws.String(r.Account), AwsRegion: aws.String(r.Region), Compliance: c})
		}
		pg, next, err := page(f, "DescribeAggregateComplianceByConfigRules", all, in.NextToken, in.Limit, 1000, 1000)
		if err != nil {
			return nil, err
		}
		return &configservice.DescribeAggregateComplianceByConfigRulesOutput{AggregateComplianceByConfigRules: pg, NextToken: next}, nil
	})
}

// GetAggregateComplianceDetailsByConfigRule implements config.API.
func (f *Fake) GetAggregateComplianceDetailsByConfigRule(ctx context.Context, in *configservice.GetAggregateComplianceDetailsByConfigRuleInput, optFns ...func(*configservice.Options)) (*configservice.GetAggregateComplianceDetailsByConfigRuleOutput, error) {
	return handle(ctx, f, "GetAggregateComplianceDetailsByConfigRule", optFns, in, func(string) (*configservice.GetAggregateComplianceDetailsByConfigRuleOutput, error) {
		a, err := f.namedAggregator(in.ConfigurationAggregatorName)
		if err != nil {
			return nil, err
		}
		account, region, name := aws.ToString(in.AccountId), aws.ToString(in.AwsRegion), aws.ToString(in.ConfigRuleName)
		if account == "" || region == "" || name == "" {
			return nil, &types.ValidationException{Message: aws.String("AccountId, AwsRegion and ConfigRuleName are required.")}
		}
		if _, ok := f.rule(account, region, name); !ok || !covers(a, account, region) {
			return nil, noSuchRule(name)
		}
		var only []types.ComplianceType
		if in.ComplianceType != "" {
			only = []types.ComplianceType{in.ComplianceType}
		}
		evs := f.evaluationsOf(account, region, name, only)
		pg, next, err := page(f, "GetAggregateComplianceDetailsByConfigRule", evs, in.NextToken, in.Limit, 50, 100)
		if err != nil {
			return nil, err
		}
		out := &configservice.GetAggregateComplianceDetailsByConfigRuleOutput{NextToken: next}
		for _, e := range pg {
			out.AggregateEvaluationResults = append(out.AggregateEvaluationResults, types.AggregateEvaluationResult{
				EvaluationResultIdentifier: qualifier(e),
				ComplianceType:             types.ComplianceType(e.Compliance),
				Annotation:                 optional(e.Annotation),
				ResultRecordedTime:         optionalTime(e.RecordedAt),
				ConfigRuleInvokedTime:      optionalTime(e.InvokedAt),
				AccountId:                  aws.String(e.Account),
				AwsRegion:                  aws.String(e.Region),
			})
		}
		return out, nil
	})
}

// SelectAggregateResourceConfig implements config.API.
func (f *Fake) SelectAggregateResourceConfig(ctx context.Context, in *configservice.SelectAggregateResourceConfigInput, optFns ...func(*configservice.Options)) (*configservice.SelectAggregateResourceConfigOutput, error) {
	return handle(ctx, f, "SelectAggregateResourceConfig", optFns, in, func(string) (*configservice.SelectAggregateResourceConfigOutput, error) {
		a, err := f.namedAggregator(in.ConfigurationAggregatorName)
		if err != nil {
			return nil, err
		}
		q, err := parseQuery(aws.ToString(in.Expression))
		if err != nil {
			return nil, err
		}
		rows, err := f.query(q, func(r config.Resource) bool { return covers(a, r.Account, r.Region) })
		if err != nil {
			return nil, err
		}
		limit := in.Limit
		if limit == 0 {
			limit = in.MaxResults
		}
		pg, next, err := page(f, "SelectAggregateResourceConfig", rows, in.NextToken, limit, 100, 100)
		if err != nil {
			return nil, err
		}
		return &configservice.SelectAggregateResourceConfigOutput{Results: pg, NextToken: next, QueryInfo: q.info()}, nil
	})
}
