// Package cloudtrailtest is an in-memory fake of AWS CloudTrail for tests: it
// implements cloudtrail.API, so both cloudtrail.New(fake) and the SDK's own
// paginators work on it, with no network and no credentials.
//
//	fake := cloudtrailtest.New()
//	fake.AddTrail(cloudtrail.Trail{Name: "org", MultiRegion: true, Logging: true,
//		DataEventSelectors: []cloudtrail.DataEventSelector{cloudtrailtest.S3DataEvents("training-data/")}})
//	fake.AddEventsFromFile("testdata/CloudTrail.json.gz")
//	c := cloudtrail.New(fake)
//
// What it models: one calling account (WithAccount) across regions, the
// region of a call being the SDK client's or the one its option functions
// set. Trails with their status and their basic or advanced event
// selectors, Insights selectors (InsightNotEnabledException without them);
// DescribeTrails lists a region's trails and, with shadow trails, the
// multi-region trails of other regions and the organisation's trails of
// other accounts; the Get operations find a trail by name in its home
// region or by ARN anywhere, and answer TrailNotFoundException otherwise.
// Events seeded from raw CloudTrail records (AddEvents, AddEventsFromFile),
// served by LookupEvents in the region of their awsRegion, newest first,
// within StartTime and EndTime, filtered by one lookup attribute (EventId,
// EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource,
// AccessKeyId), paged with MaxResults (at most 50) and NextToken tokens
// bound to the query; more than one attribute is
// InvalidLookupAttributesException, as in AWS; WithLookupRateLimit answers
// ThrottlingException above a rate, by the fake's clock (Clock helps).
// CloudTrail Lake: event data stores, queries answered from seeded results
// (AddQueryResult, AddQueryAnswer) that stay RUNNING for a number of polls,
// the FROM clause checked against the stores, at most ten queries running
// (MaxConcurrentQueriesException), CancelQuery, and
// InvalidQueryStatementException for a statement no answer matches.
// ListPublicKeys over seeded keys. Errors are the ones CloudTrail models
// for each operation, typed as the SDK types them, with HTTP 400 as
// CloudTrail sends them; AccessDeniedException and ThrottlingException,
// which CloudTrail does not model on these operations, come from Fail with
// AccessDenied() and Throttling().
//
// What it does not model: the 90-day retention of event history (every
// seeded event can be looked up), Insights events and the insight event
// category, the account of an event (every seeded event belongs to the
// calling account), how AWS derives Username, ResourceType and ResourceName
// (the fake reads userIdentity and the record's resources list), SQL (a
// statement is matched, not run), query aliases, generated queries and
// delivery of results to S3, any write but CancelQuery, the Insights of
// event data stores, IAM (inject AccessDeniedException with Fail), rate
// limits other than LookupEvents' (inject ThrottlingException with FailN),
// and eventual consistency.
//
// Seeding methods panic on an invalid seed: a bad seed is a bug in the
// test.
package cloudtrailtest
