// Package configtest is an in-memory fake of AWS Config for tests: it
// implements config.API, so both config.New(fake) and the SDK's own
// paginators work on it, with no network and no credentials.
//
//	fake := configtest.New()
//	fake.AddRule(config.Rule{Name: "sagemaker-notebook-no-direct-internet-access", Owner: config.OwnerAWS,
//		SourceIdentifier: "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS"})
//	fake.AddEvaluation(config.Evaluation{Rule: "sagemaker-notebook-no-direct-internet-access",
//		ResourceType: "AWS::SageMaker::NotebookInstance", ResourceID: "research", Compliance: config.NonCompliant})
//	c := config.New(fake)
//
// What it models: one calling account (WithAccount) across regions, the
// region of a call being the SDK client's or the one its option functions
// set; rule compliance derived from the seeded evaluations as AWS Config
// derives it (any NON_COMPLIANT result makes the rule NON_COMPLIANT, a rule
// with no results is INSUFFICIENT_DATA); conformance packs over seeded rules;
// recorder statuses per region; configuration aggregators whose aggregate
// operations see every seeded account and region they cover; the advanced
// query expressions package config issues; NextToken/Limit paging with AWS's
// page-size limits (InvalidLimitException above them, InvalidNextTokenException
// for a foreign token); the typed errors AWS Config models (NoSuchConfigRule…,
// NoSuchConfigurationAggregator…, InvalidExpression…) and the unmodeled
// AccessDeniedException and ThrottlingException, with HTTP 400 as AWS Config
// sends them.
//
// What it does not model: rule evaluation itself (results are what you
// seed), any advanced query but the inventory projection of package config
// (other expressions get InvalidExpressionException), conformance pack
// template validation beyond a non-empty body, organisation conformance
// packs, remediation, IAM (inject AccessDeniedException with Fail), rate
// limits (inject ThrottlingException with FailN), and eventual consistency.
//
// Seeding methods panic on an invalid seed: a bad seed is a bug in the test.
package configtest
