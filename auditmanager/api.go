package auditmanager

import (
	"context"

	sdk "github.com/aws/aws-sdk-go-v2/service/auditmanager"
)

// API lists the AWS Audit Manager operations this package calls, with the
// exact signatures of the SDK's *auditmanager.Client, so that the real
// client, the fake in package auditmanagertest, or a caller's own stub can
// serve a Client.
//
// Every operation is read-only except BatchImportEvidenceToAssessmentControl
// (called only by Client.ImportEvidence) and CreateAssessmentReport (called
// only by Client.CreateReport).
type API interface {
	GetAccountStatus(ctx context.Context, params *sdk.GetAccountStatusInput, optFns ...func(*sdk.Options)) (*sdk.GetAccountStatusOutput, error)
	GetSettings(ctx context.Context, params *sdk.GetSettingsInput, optFns ...func(*sdk.Options)) (*sdk.GetSettingsOutput, error)
	ListAssessments(ctx context.Context, params *sdk.ListAssessmentsInput, optFns ...func(*sdk.Options)) (*sdk.ListAssessmentsOutput, error)
	GetAssessment(ctx context.Context, params *sdk.GetAssessmentInput, optFns ...func(*sdk.Options)) (*sdk.GetAssessmentOutput, error)
	ListAssessmentFrameworks(ctx context.Context, params *sdk.ListAssessmentFrameworksInput, optFns ...func(*sdk.Options)) (*sdk.ListAssessmentFrameworksOutput, error)
	GetEvidenceFoldersByAssessment(ctx context.Context, params *sdk.GetEvidenceFoldersByAssessmentInput, optFns ...func(*sdk.Options)) (*sdk.GetEvidenceFoldersByAssessmentOutput, error)
	GetEvidenceFoldersByAssessmentControl(ctx context.Context, params *sdk.GetEvidenceFoldersByAssessmentControlInput, optFns ...func(*sdk.Options)) (*sdk.GetEvidenceFoldersByAssessmentControlOutput, error)
	GetEvidenceByEvidenceFolder(ctx context.Context, params *sdk.GetEvidenceByEvidenceFolderInput, optFns ...func(*sdk.Options)) (*sdk.GetEvidenceByEvidenceFolderOutput, error)

	BatchImportEvidenceToAssessmentControl(ctx context.Context, params *sdk.BatchImportEvidenceToAssessmentControlInput, optFns ...func(*sdk.Options)) (*sdk.BatchImportEvidenceToAssessmentControlOutput, error)
	CreateAssessmentReport(ctx context.Context, params *sdk.CreateAssessmentReportInput, optFns ...func(*sdk.Options)) (*sdk.CreateAssessmentReportOutput, error)
}

var _ API = (*sdk.Client)(nil)
