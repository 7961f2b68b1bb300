package artifact

import (
	"context"

	awsartifact "github.com/aws/aws-sdk-go-v2/service/artifact"
)

// API lists the AWS Artifact operations this package calls, with the exact
// signatures of the SDK's *artifact.Client
// (github.com/aws/aws-sdk-go-v2/service/artifact), so that the real client,
// the fake in package artifacttest, or a caller's own stub can serve a
// Client.
//
// Every operation reads. GetTermForReport and GetReport are called only by
// Client.Download, which accepts a report's terms on the caller's behalf.
type API interface {
	ListReports(ctx context.Context, params *awsartifact.ListReportsInput, optFns ...func(*awsartifact.Options)) (*awsartifact.ListReportsOutput, error)
	GetReportMetadata(ctx context.Context, params *awsartifact.GetReportMetadataInput, optFns ...func(*awsartifact.Options)) (*awsartifact.GetReportMetadataOutput, error)
	GetTermForReport(ctx context.Context, params *awsartifact.GetTermForReportInput, optFns ...func(*awsartifact.Options)) (*awsartifact.GetTermForReportOutput, error)
	GetReport(ctx context.Context, params *awsartifact.GetReportInput, optFns ...func(*awsartifact.Options)) (*awsartifact.GetReportOutput, error)
	ListCustomerAgreements(ctx context.Context, params *awsartifact.ListCustomerAgreementsInput, optFns ...func(*awsartifact.Options)) (*awsartifact.ListCustomerAgreementsOutput, error)
	GetAccountSettings(ctx context.Context, params *awsartifact.GetAccountSettingsInput, optFns ...func(*awsartifact.Options)) (*awsartifact.GetAccountSettingsOutput, error)
}

var _ API = (*awsartifact.Client)(nil)
