package cloudtrail

import (
	"context"

	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
)

// API lists the CloudTrail operations the Client calls, with the exact
// signatures of *awsct.Client, so that the real client, the fake in
// package cloudtrailtest, or a caller's own stub can serve a Client.
//
// Every operation is read-only except CancelQuery, which only Client.Query
// calls, to stop a CloudTrail Lake query of its own that it gives up on.
type API interface {
	DescribeTrails(ctx context.Context, params *awsct.DescribeTrailsInput, optFns ...func(*awsct.Options)) (*awsct.DescribeTrailsOutput, error)
	GetTrailStatus(ctx context.Context, params *awsct.GetTrailStatusInput, optFns ...func(*awsct.Options)) (*awsct.GetTrailStatusOutput, error)
	GetEventSelectors(ctx context.Context, params *awsct.GetEventSelectorsInput, optFns ...func(*awsct.Options)) (*awsct.GetEventSelectorsOutput, error)
	GetInsightSelectors(ctx context.Context, params *awsct.GetInsightSelectorsInput, optFns ...func(*awsct.Options)) (*awsct.GetInsightSelectorsOutput, error)

	LookupEvents(ctx context.Context, params *awsct.LookupEventsInput, optFns ...func(*awsct.Options)) (*awsct.LookupEventsOutput, error)

	ListEventDataStores(ctx context.Context, params *awsct.ListEventDataStoresInput, optFns ...func(*awsct.Options)) (*awsct.ListEventDataStoresOutput, error)
	GetEventDataStore(ctx context.Context, params *awsct.GetEventDataStoreInput, optFns ...func(*awsct.Options)) (*awsct.GetEventDataStoreOutput, error)
	StartQuery(ctx context.Context, params *awsct.StartQueryInput, optFns ...func(*awsct.Options)) (*awsct.StartQueryOutput, error)
	DescribeQuery(ctx context.Context, params *awsct.DescribeQueryInput, optFns ...func(*awsct.Options)) (*awsct.DescribeQueryOutput, error)
	GetQueryResults(ctx context.Context, params *awsct.GetQueryResultsInput, optFns ...func(*awsct.Options)) (*awsct.GetQueryResultsOutput, error)
	CancelQuery(ctx context.Context, params *awsct.CancelQueryInput, optFns ...func(*awsct.Options)) (*awsct.CancelQueryOutput, error)

	ListPublicKeys(ctx context.Context, params *awsct.ListPublicKeysInput, optFns ...func(*awsct.Options)) (*awsct.ListPublicKeysOutput, error)
}

var _ API = (*awsct.Client)(nil)
