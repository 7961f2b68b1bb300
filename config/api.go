package config

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/configservice"
)

// API lists the AWS Config operations this package calls, with the exact
// signatures of *configservice.Client, so that the real client, the fake in
// package configtest, or a caller's own stub can serve a Client.
//
// Every operation is read-only except PutConformancePack, which only
// Client.DeployConformancePack calls.
type API interface {
	DescribeConfigRules(ctx context.Context, params *configservice.DescribeConfigRulesInput, optFns ...func(*configservice.Options)) (*configservice.DescribeConfigRulesOutput, error)
	DescribeComplianceByConfigRule(ctx context.Context, params *configservice.DescribeComplianceByConfigRuleInput, optFns ...func(*configservice.Options)) (*configservice.DescribeComplianceByConfigRuleOutput, error)
	GetComplianceDetailsByConfigRule(ctx context.Context, params *configservice.GetComplianceDetailsByConfigRuleInput, optFns ...func(*configservice.Options)) (*configservice.GetComplianceDetailsByConfigRuleOutput, error)
	DescribeConformancePacks(ctx context.Context, params *configservice.DescribeConformancePacksInput, optFns ...func(*configservice.Options)) (*configservice.DescribeConformancePacksOutput, error)
	DescribeConformancePackCompliance(ctx context.Context, params *configservice.DescribeConformancePackComplianceInput, optFns ...func(*configservice.Options)) (*configservice.DescribeConformancePackComplianceOutput, error)
	GetConformancePackComplianceDetails(ctx context.Context, params *configservice.GetConformancePackComplianceDetailsInput, optFns ...func(*configservice.Options)) (*configservice.GetConformancePackComplianceDetailsOutput, error)
	DescribeConfigurationRecorderStatus(ctx context.Context, params *configservice.DescribeConfigurationRecorderStatusInput, optFns ...func(*configservice.Options)) (*configservice.DescribeConfigurationRecorderStatusOutput, error)
	SelectResourceConfig(ctx context.Context, params *configservice.SelectResourceConfigInput, optFns ...func(*configservice.Options)) (*configservice.SelectResourceConfigOutput, error)

	DescribeConfigurationAggregators(ctx context.Context, params *configservice.DescribeConfigurationAggregatorsInput, optFns ...func(*configservice.Options)) (*configservice.DescribeConfigurationAggregatorsOutput, error)
	DescribeConfigurationAggregatorSourcesStatus(ctx context.Context, params *configservice.DescribeConfigurationAggregatorSourcesStatusInput, optFns ...func(*configservice.Options)) (*configservice.DescribeConfigurationAggregatorSourcesStatusOutput, error)
	DescribeAggregateComplianceByConfigRules(ctx context.Context, params *configservice.DescribeAggregateComplianceByConfigRulesInput, optFns ...func(*configservice.Options)) (*configservice.DescribeAggregateComplianceByConfigRulesOutput, error)
	GetAggregateComplianceDetailsByConfigRule(ctx context.Context, params *configservice.GetAggregateComplianceDetailsByConfigRuleInput, optFns ...func(*configservice.Options)) (*configservice.GetAggregateComplianceDetailsByConfigRuleOutput, error)
	SelectAggregateResourceConfig(ctx context.Context, params *configservice.SelectAggregateResourceConfigInput, optFns ...func(*configservice.Options)) (*configservice.SelectAggregateResourceConfigOutput, error)

	PutConformancePack(ctx context.Context, params *configservice.PutConformancePackInput, optFns ...func(*configservice.Options)) (*configservice.PutConformancePackOutput, error)
}

var _ API = (*configservice.Client)(nil)
