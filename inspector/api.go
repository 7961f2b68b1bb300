package inspector

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/inspector2"
)

// API lists the Amazon Inspector operations this package calls, with the
// exact signatures of *inspector2.Client, so that the real client, the fake
// in package inspectortest, or a caller's own stub can serve a Client.
//
// Every operation is read-only except CreateSbomExport, which only
// Client.ExportSBOM calls: it writes a report to S3.
type API interface {
	BatchGetAccountStatus(ctx context.Context, params *inspector2.BatchGetAccountStatusInput, optFns ...func(*inspector2.Options)) (*inspector2.BatchGetAccountStatusOutput, error)
	ListCoverage(ctx context.Context, params *inspector2.ListCoverageInput, optFns ...func(*inspector2.Options)) (*inspector2.ListCoverageOutput, error)
	ListFindings(ctx context.Context, params *inspector2.ListFindingsInput, optFns ...func(*inspector2.Options)) (*inspector2.ListFindingsOutput, error)
	ListFindingAggregations(ctx context.Context, params *inspector2.ListFindingAggregationsInput, optFns ...func(*inspector2.Options)) (*inspector2.ListFindingAggregationsOutput, error)
	GetSbomExport(ctx context.Context, params *inspector2.GetSbomExportInput, optFns ...func(*inspector2.Options)) (*inspector2.GetSbomExportOutput, error)

	CreateSbomExport(ctx context.Context, params *inspector2.CreateSbomExportInput, optFns ...func(*inspector2.Options)) (*inspector2.CreateSbomExportOutput, error)
}

var _ API = (*inspector2.Client)(nil)
