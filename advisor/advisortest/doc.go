// Package advisortest is an in-memory fake of AWS Trusted Advisor for
// tests, one fake per API: Support implements advisor.SupportAPI and
// TrustedAdvisor implements advisor.TrustedAdvisorAPI, so advisor.New(ta,
// support) and the SDK's own paginators work on them, with no network and no
// credentials.
//
//	ta := advisortest.NewTrustedAdvisor()
//	ta.AddRecommendation(advisortest.OpenBucketCheck("training-data"))
//	sup := advisortest.NewSupport()
//	sup.AddCheck(advisortest.OpenBucketCheck("training-data"))
//	c := advisor.New(ta, sup)
//
// Both are seeded with package advisor's own Recommendation values (named
// metadata columns and all), and each answers with its API's wire shapes:
// the Support fake sends metadata as a list in column order, with null for
// a column a resource lacks and the list cut after its last value, and
// timestamps as strings; the TrustedAdvisor fake sends metadata as a map
// keyed by position ("0", "1" …), check ARNs, recommendation and resource
// ARNs in the fake's account, and resource aggregates.
//
// What they model: the calling account (WithAccount);
// InvalidParameterValueException "Unknown ID: <id>" from the Support fake for
// a check it does not hold; the answers of an account without a qualifying
// support plan (WithoutSubscription: SubscriptionRequiredException, HTTP 400,
// from the Support fake; AccessDeniedException "Access denied due to support
// level", HTTP 403, from the TrustedAdvisor fake); checks the plan does not
// include (WithPlanGatedChecks: InvalidParameterValueException "…requires a
// Premium Support Plan…", which fails a whole summaries call as AWS does);
// refresh intervals (WithRefreshInterval, counted from the seeded LastUpdated
// or the last refresh) and auto-refreshed checks (Exposed Access Keys answers
// InvalidParameterValueException); the TrustedAdvisor API's paging (MaxResults
// 1 to 200, tokens bound to the operation, ValidationException otherwise), its
// listing filters (pillar, status, check, type, source; resource status,
// exclusion, region, account), the ARN patterns of its model
// (ValidationException) and ResourceNotFoundException for unknown ARNs; the
// organisation view over recommendations seeded with
// AddOrganizationRecommendation, refused as where Trusted Advisor Priority is
// off with WithoutPriority; lifecycle updates, refused for non-prioritized
// recommendations. Errors have the real codes and HTTP statuses and are typed
// where the SDK models them for the operation.
//
// What they do not model: check evaluation (results are what you seed); the
// check descriptions' HTML; languages other than English (the language
// parameter is accepted and ignored); cost-optimizing summaries; resource
// exclusion updates; organisation recommendations of more than the seeded
// accounts; the TrustedAdvisor API's regional endpoints (every region
// answers); IAM (inject AccessDenied or SupportAccessDenied with Fail);
// rate limits (inject Throttling or SupportThrottling with FailN); eventual
// consistency. Where AWS documents a behaviour but not its error (a
// lifecycle update of a standard recommendation, a refresh refused for an
// auto-refreshed check, Priority being off), the fakes answer with the
// documented code and a message of their own.
//
// Seeding methods panic on an invalid seed: a bad seed is a bug in the test.
package advisortest
