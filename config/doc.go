// Package config reads AWS Config for governance: which rules run, what they
// found, whether AWS Config records at all, and which AI resources it knows.
//
// A Client wraps anything that implements API: the real
// *configservice.Client (built for you by NewFromConfig), or the in-memory
// fake of package configtest in tests.
//
//	cfg, _ := awsconfig.LoadDefaultConfig(ctx) // github.com/aws/aws-sdk-go-v2/config
//	c := config.NewFromConfig(cfg)
//	for rc, err := range c.RuleCompliance(ctx) {
//		if err != nil { return err }
//		fmt.Println(rc.Rule, rc.Compliance)
//	}
//
// What it answers:
//   - Rules: every Config rule with its owner, managed-rule identifier,
//     state and scope.
//   - RuleCompliance and Evaluations: compliance by rule and per resource,
//     with COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE and INSUFFICIENT_DATA
//     kept apart.
//   - ConformancePacks, ConformancePackCompliance,
//     ConformancePackEvaluations: the same for conformance packs.
//   - Recording: whether AWS Config records, and records successfully, in
//     each region asked about. Without a recorder a region has no Config
//     evidence, which makes every Config-based control there Unknown.
//   - Resources: the SageMaker, Bedrock and AgentCore inventory through an
//     advanced query, typed where controls need it (notebook internet and
//     root access, model network isolation and images, endpoint encryption).
//   - WithAggregator: the same questions for a whole organisation through a
//     configuration aggregator; results carry their account and region.
//   - ManagedRules, ConformancePackTemplate: the AWS managed rules that
//     matter for AI workloads, rendered as a conformance pack for
//     provisioning pipelines.
//
// Listings are iterators (iter.Seq2) that fetch pages as the loop advances,
// stop when it breaks, and end with at most one error. Errors are
// *aigov.Error values that match aigov.ErrAccessDenied, ErrThrottled,
// ErrNotFound and ErrNotEnabled with errors.Is, and still unwrap to the SDK's
// error.
//
// Everything is read-only except DeployConformancePack, which is never
// called for you.
//
// IAM actions, read-only: config:DescribeConfigRules,
// config:DescribeComplianceByConfigRule,
// config:GetComplianceDetailsByConfigRule, config:DescribeConformancePacks,
// config:DescribeConformancePackCompliance,
// config:GetConformancePackComplianceDetails,
// config:DescribeConfigurationRecorderStatus, config:SelectResourceConfig;
// in aggregator mode config:DescribeConfigurationAggregators,
// config:DescribeConfigurationAggregatorSourcesStatus,
// config:DescribeAggregateComplianceByConfigRules,
// config:GetAggregateComplianceDetailsByConfigRule,
// config:SelectAggregateResourceConfig. Write: config:PutConformancePack
// (DeployConformancePack only).
package config
