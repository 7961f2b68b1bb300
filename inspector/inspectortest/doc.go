// Package inspectortest is an in-memory fake of Amazon Inspector (v2) for
// tests: it implements inspector.API, so both inspector.New(fake) and the
// SDK's own paginators work on it, with no network and no credentials.
//
//	fake := inspectortest.New()
//	fake.SetAccountStatus(inspectortest.Enabled(inspectortest.DefaultAccount))
//	fake.AddFinding(inspectortest.ImageFinding("123456789012.dkr.ecr.us-east-1.amazonaws.com/ml-serving:prod",
//		"CVE-2025-32434", inspector.SeverityCritical, "torch", "2.5.1", "2.6.0"))
//	c := inspector.New(fake)
//
// What it models: findings, coverage and account states per account and
// region, the region of a call being the SDK client's or the one its option
// functions set; the calling account sees the findings and coverage of
// every seeded account, as an organisation's delegated administrator does.
// ListFindings and ListCoverage apply the filters package inspector sends
// with Amazon Inspector's semantics (EQUALS and PREFIX alternatives,
// NOT_EQUALS exclusions, any value of a many-valued field, inclusive date
// and number ranges, fields ANDed) and refuse a filter field they do not
// model rather than ignore it; ListFindings sorts on the fields package
// inspector offers, ties by ARN. ListFindingAggregations computes the
// ACCOUNT and REPOSITORY aggregations from the seeded ACTIVE findings.
// BatchGetAccountStatus reports seeded states, DISABLED for the caller's
// own account when none is seeded, and failedAccounts (ACCESS_DENIED by
// default) for other accounts. An SBOM export ends after WithSBOMPolls
// polls. MaxResults limits (100 for findings and aggregations, 200 for
// coverage), at most 10 filters per field, and tokens bound to their
// operation are enforced with ValidationException. Errors carry the HTTP
// status Amazon Inspector uses and are typed per operation as the SDK types
// them: AccessDeniedException is a *smithy.GenericAPIError on ListFindings,
// ListCoverage and ListFindingAggregations and a *types.AccessDeniedException
// on BatchGetAccountStatus, whatever was injected.
//
// What it does not model: scanning itself (findings and coverage are what
// you seed, and a finding makes its resources covered), suppression rules,
// the other aggregation types, package filters on anything but the name,
// the other ListFindings filter fields (network, code, EC2, Lambda layers
// and tags, which fail loudly), what the List operations answer when
// Amazon Inspector is disabled (it answers from the seed; inject NotEnabled
// to test that path), the content of SBOM reports, IAM (inject
// AccessDenied), rate limits (inject Throttling with FailN), and eventual
// consistency.
//
// Seeding methods panic on an invalid seed: a bad seed is a bug in the test.
package inspectortest
