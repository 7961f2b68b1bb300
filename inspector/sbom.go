package inspector

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
)

// SBOMFormat is the format of a software bill of materials.
type SBOMFormat string

// The formats Amazon Inspector exports.
const (
	SBOMCycloneDX SBOMFormat = "CYCLONEDX_1_4"
	SBOMSPDX      SBOMFormat = "SPDX_2_3"
)

// The statuses of an SBOM export.
const (
	ExportInProgress = "IN_PROGRESS"
	ExportSucceeded  = "SUCCEEDED"
	ExportFailed     = "FAILED"
	ExportCancelled  = "CANCELLED"
)

// SBOMRequest asks for the software bills of materials of a set of
// resources, written to S3.
type SBOMRequest struct {
	// Format is SBOMCycloneDX or SBOMSPDX. Required.
	Format SBOMFormat `json:"format"`
	// Bucket, KeyPrefix and KMSKeyARN say where the reports go. Amazon
	// Inspector encrypts them with the KMS key; Bucket and KMSKeyARN are
	// required, and the bucket must be in the Client's region.
	Bucket    string `json:"bucket"`
	KeyPrefix string `json:"keyPrefix,omitempty"`
	KMSKeyARN string `json:"kmsKeyArn"`
	// The resources to export; all that Amazon Inspector scans when every
	// field is empty. Fields combine with AND; string fields take Equal
	// and Not matches.
	ResourceTypes   []ResourceType `json:"resourceTypes,omitempty"`
	Accounts        []Match        `json:"accounts,omitempty"`
	Repositories    []Match        `json:"repositories,omitempty"`
	ImageTags       []Match        `json:"imageTags,omitempty"`
	LambdaFunctions []Match        `json:"lambdaFunctions,omitempty"`
	ResourceIDs     []Match        `json:"resourceIds,omitempty"`
}

// SBOMExport is the state of an SBOM export.
type SBOMExport struct {
	ReportID string     `json:"reportId"`
	Format   SBOMFormat `json:"format,omitempty"`
	// Status is one of the Export constants.
	Status string `json:"status"`
	// ErrorCode and ErrorMessage say why an export failed, such as
	// INVALID_PERMISSIONS or BUCKET_NOT_FOUND.
	ErrorCode    string `json:"errorCode,omitempty"`
	ErrorMessage string `json:"errorMessage,omitempty"`
	Bucket       string `json:"bucket,omitempty"`
	KeyPrefix    string `json:"keyPrefix,omitempty"`
	KMSKeyARN    string `json:"kmsKeyArn,omitempty"`
	// Polls counts the GetSbomExport calls ExportSBOM made.
	Polls int `json:"polls,omitempty"`
	// StartedAt and FinishedAt are read from the Client's clock.
	StartedAt  time.Time `json:"startedAt,omitzero"`
	FinishedAt time.Time `json:"finishedAt,omitzero"`
}

// Done reports whether the export has ended, well or not.
func (e SBOMExport) Done() bool { return e.Status != "" && e.Status != ExportInProgress }

// ExportSBOM starts an SBOM export and polls it until it ends or ctx does.
// It is a write: Amazon Inspector creates report objects in the S3 bucket.
// Nothing in this package calls it for you.
//
// Polls wait WithPollInterval (2s by default) and then twice as long each
// time, up to 16 times the interval. An export that fails or is cancelled
// is returned with an *aigov.Error naming its error code
// (INVALID_PERMISSIONS matches aigov.ErrAccessDenied, BUCKET_NOT_FOUND
// aigov.ErrNotFound). When ctx ends first, the export is returned as last
// seen with ctx's error: its ReportID lets SBOMExport pick it up later.
//
// IAM: inspector2:CreateSbomExport, inspector2:GetSbomExport, and the S3 and
// KMS permissions Amazon Inspector documents for SBOM export.
func (c *Client) ExportSBOM(ctx context.Context, req SBOMRequest) (SBOMExport, error) {
	in, err := req.input()
	if err != nil {
		return SBOMExport{}, err
	}
	out, err := clientkit.Do(ctx, &c.base, "CreateSbomExport", func(ctx context.Context) (*inspector2.CreateSbomExportOutput, error) {
		return c.api.CreateSbomExport(ctx, in, c.optFns()...)
	})
	if err != nil {
		return SBOMExport{}, err
	}
	exp := SBOMExport{
		ReportID:  aws.ToString(out.ReportId),
		Format:    req.Format,
		Status:    ExportInProgress,
		Bucket:    req.Bucket,
		KeyPrefix: req.KeyPrefix,
		KMSKeyARN: req.KMSKeyARN,
		StartedAt: c.base.Now().UTC(),
	}
	if exp.ReportID == "" {
		return exp, errors.New("inspector: CreateSbomExport returned no report id")
	}
	wait := c.pollInterval
	for !exp.Done() {
		if err := c.sleep(ctx, wait); err != nil {
			return exp, fmt.Errorf("inspector: ExportSBOM: report %s still %s after %d polls: %w", exp.ReportID, exp.Status, exp.Polls, err)
		}
		wait = min(2*wait, maxPollFactor*c.pollInterval)
		exp.Polls++
		next, err := c.SBOMExport(ctx, exp.ReportID)
		if err != nil {
			return exp, err
		}
		exp.Status, exp.ErrorCode, exp.ErrorMessage = next.Status, next.ErrorCode, next.ErrorMessage
	}
	exp.FinishedAt = c.base.Now().UTC()
	if exp.Status != ExportSucceeded {
		return exp, &aigov.Error{
			Service: "inspector", Operation: "GetSbomExport", Account: c.base.Account, Region: c.base.Region,
			Code: exp.ErrorCode, Message: exp.ErrorMessage, Kind: exportKinds[exp.ErrorCode],
			Err: fmt.Errorf("SBOM export %s ended %s", exp.ReportID, exp.Status),
		}
	}
	return exp, nil
}

// exportKinds maps the error codes of a failed export to sentinels.
var exportKinds = map[string]error{
	string(types.ReportingErrorCodeInvalidPermissions): aigov.ErrAccessDenied,
	string(types.ReportingErrorCodeBucketNotFound):     aigov.ErrNotFound,
}

// SBOMExport returns the state of an SBOM export started earlier, by its
// report id; an unknown id matches aigov.ErrNotFound.
//
// IAM: inspector2:GetSbomExport.
func (c *Client) SBOMExport(ctx context.Context, reportID string) (SBOMExport, error) {
	if reportID == "" {
		return SBOMExport{}, errors.New("inspector: SBOMExport: no report id")
	}
	out, err := clientkit.Do(ctx, &c.base, "GetSbomExport", func(ctx context.Context) (*inspector2.GetSbomExportOutput, error) {
		return c.api.GetSbomExport(ctx, &inspector2.GetSbomExportInput{ReportId: aws.String(reportID)}, c.optFns()...)
	})
	if err != nil {
		return SBOMExport{ReportID: reportID}, err
	}
	exp := SBOMExport{
		ReportID:     aws.ToString(out.ReportId),
		Format:       SBOMFormat(out.Format),
		Status:       string(out.Status),
		ErrorCode:    string(out.ErrorCode),
		ErrorMessage: aws.ToString(out.ErrorMessage),
	}
	if exp.ReportID == "" {
		exp.ReportID = reportID
	}
	if d := out.S3Destination; d != nil {
		exp.Bucket, exp.KeyPrefix, exp.KMSKeyARN = aws.ToString(d.BucketName), aws.ToString(d.KeyPrefix), aws.ToString(d.KmsKeyArn)
	}
	if exp.Status == "" {
		return exp, fmt.Errorf("inspector: GetSbomExport: report %s has no status", reportID)
	}
	return exp, nil
}

func (r SBOMRequest) input() (*inspector2.CreateSbomExportInput, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("inspector: invalid SBOMRequest: %s", fmt.Sprintf(format, args...))
	}
	if r.Format != SBOMCycloneDX && r.Format != SBOMSPDX {
		return nil, bad("Format %q is neither %s nor %s", r.Format, SBOMCycloneDX, SBOMSPDX)
	}
	if r.Bucket == "" || r.KMSKeyARN == "" {
		return nil, bad("Bucket and KMSKeyARN are required")
	}
	fc := &types.ResourceFilterCriteria{}
	if _, err := enumFilter("SBOMRequest.ResourceTypes", r.ResourceTypes, ResourceEC2Instance, ResourceECRImage, ResourceLambdaFunction); err != nil {
		return nil, err
	}
	for _, t := range r.ResourceTypes {
		fc.ResourceType = append(fc.ResourceType, resourceFilter(OpEquals, string(t)))
	}
	for _, s := range []struct {
		field string
		in    []Match
		out   *[]types.ResourceStringFilter
	}{
		{"Accounts", r.Accounts, &fc.AccountId},
		{"Repositories", r.Repositories, &fc.EcrRepositoryName},
		{"ImageTags", r.ImageTags, &fc.EcrImageTags},
		{"LambdaFunctions", r.LambdaFunctions, &fc.LambdaFunctionName},
		{"ResourceIDs", r.ResourceIDs, &fc.ResourceId},
	} {
		var err error
		if *s.out, err = toFilters("SBOMRequest."+s.field, s.in, resourceFilter, OpEquals, OpNotEquals); err != nil {
			return nil, err
		}
	}
	in := &inspector2.CreateSbomExportInput{
		ReportFormat: types.SbomReportFormat(r.Format),
		S3Destination: &types.Destination{
			BucketName: aws.String(r.Bucket),
			KmsKeyArn:  aws.String(r.KMSKeyARN),
		},
		ResourceFilterCriteria: fc,
	}
	if r.KeyPrefix != "" {
		in.S3Destination.KeyPrefix = aws.String(r.KeyPrefix)
	}
	return in, nil
}

func resourceFilter(op MatchOp, v string) types.ResourceStringFilter {
	return types.ResourceStringFilter{Comparison: types.ResourceStringComparison(op), Value: aws.String(v)}
}
