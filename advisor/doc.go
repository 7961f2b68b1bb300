// Package advisor reads AWS Trusted Advisor for governance: the results of
// its best-practice checks (who can read S3 buckets of training data, open
// security groups, root MFA, exposed keys, CloudTrail logging …), one model
// over AWS's two Trusted Advisor APIs.
//
// A Client wraps two small interfaces: TrustedAdvisorAPI (the TrustedAdvisor
// API of 2022: recommendations, their resources, the organisation view,
// lifecycle) and SupportAPI (the Trusted Advisor operations of the AWS
// Support API: checks and their results). NewFromConfig builds both; New
// takes either or both, real SDK clients or the fakes of package
// advisortest.
//
//	cfg, _ := awsconfig.LoadDefaultConfig(ctx) // github.com/aws/aws-sdk-go-v2/config
//	c := advisor.NewFromConfig(cfg)
//	recs, src, err := c.Recommendations(ctx, advisor.SecurityChecksForAIData())
//	if errors.Is(err, advisor.ErrNoSupportPlan) { … mark the controls Unknown … }
//	for _, r := range recs {
//		fmt.Println(r.CheckID, r.Name, r.Status, r.ResourcesFlagged, "via", src.API)
//	}
//
// What it answers:
//   - Recommendations: the results of a Selection of checks (by default
//     SecurityChecksForAIData; or AllChecks, Category, CheckIDs) as
//     Recommendation values: status ok, warning, error or not_available,
//     resource counts, and the flagged resources with their metadata as
//     named columns. Both APIs send metadata by position (a list in the
//     Support API, a map keyed "0", "1" … in the TrustedAdvisor API) with
//     the column names in the check's description; Recommendation holds
//     them by name. Every selected check is in the result, not_available
//     when AWS has no result for it.
//   - The TrustedAdvisor API answers by default, the Support API when it
//     fails (no client, IAM denial, no endpoint, a fault); Source says which
//     answered and why.
//   - Status: whether either API is usable. An account without a
//     Business-level (or higher) support plan is a value: Available false,
//     NoSupportPlan true, Reason PlanRequirement. Other calls fail for it
//     with errors matching aigov.ErrNotEnabled and ErrNoSupportPlan.
//   - OrganizationRecommendations: the organisation view, per affected
//     account, where Trusted Advisor Priority is enabled (otherwise errors
//     matching aigov.ErrNotEnabled and ErrPriorityNotEnabled).
//   - KnownChecks, LookupCheck, CheckARN, CheckIDFromARN: the security
//     checks this package knows, and the mapping between the Support API's
//     check ids and the TrustedAdvisor API's check ARNs (the id is the last
//     segment of the ARN).
//
// Errors are *aigov.Error values that match aigov.ErrAccessDenied,
// ErrThrottled, ErrNotFound and ErrNotEnabled with errors.Is, and still
// unwrap to the SDK's error.
//
// Everything is read-only except two writes, never called implicitly:
// RefreshCheck (asks AWS to re-run a check, after reading its refresh
// status and refusing while AWS reports a wait) and UpdateLifecycle (moves a
// Trusted Advisor Priority recommendation to another lifecycle stage).
//
// Where it calls: the Support API serves Trusted Advisor only from
// us-east-1 (in the aws partition); the TrustedAdvisor API from six regions
// (TrustedAdvisorRegions), each with the whole account's data. NewFromConfig
// pins both accordingly.
//
// IAM actions, read-only: trustedadvisor:ListChecks,
// trustedadvisor:ListRecommendations,
// trustedadvisor:ListRecommendationResources,
// trustedadvisor:ListOrganizationRecommendations,
// trustedadvisor:ListOrganizationRecommendationAccounts,
// trustedadvisor:ListOrganizationRecommendationResources,
// support:DescribeTrustedAdvisorChecks,
// support:DescribeTrustedAdvisorCheckSummaries,
// support:DescribeTrustedAdvisorCheckResult,
// support:DescribeTrustedAdvisorCheckRefreshStatuses. Write:
// support:RefreshTrustedAdvisorCheck (RefreshCheck),
// trustedadvisor:UpdateRecommendationLifecycle and
// trustedadvisor:UpdateOrganizationRecommendationLifecycle
// (UpdateLifecycle).
package advisor
