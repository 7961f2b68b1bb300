package inspectortest

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/aigov/aigov/inspector"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
)

// ListFindings implements inspector.API. It lists the findings of every
// seeded account in the call's region, filtered and sorted as the input
// asks (by ARN when it does not).
func (f *Fake) ListFindings(ctx context.Context, in *inspector2.ListFindingsInput, optFns ...func(*inspector2.Options)) (*inspector2.ListFindingsOutput, error) {
	return handle(ctx, f, "ListFindings", optFns, in, func(region string) (*inspector2.ListFindingsOutput, error) {
		keep, err := findingFilter(in.FilterCriteria)
		if err != nil {
			return nil, err
		}
		order, err := findingOrder(in.SortCriteria)
		if err != nil {
			return nil, err
		}
		var all []inspector.Finding
		for _, x := range f.findings {
			if x.Region == region && keep(x) {
				all = append(all, x)
			}
		}
		slices.SortStableFunc(all, order)
		p, next, err := page(f, "ListFindings", all, in.NextToken, in.MaxResults, 100)
		if err != nil {
			return nil, err
		}
		out := &inspector2.ListFindingsOutput{NextToken: next, Findings: []types.Finding{}}
		for _, x := range p {
			out.Findings = append(out.Findings, sdkFinding(x))
		}
		return out, nil
	})
}

// findingOrder returns the order a SortCriteria asks for, ties broken by
// ARN.
func findingOrder(s *types.SortCriteria) (func(a, b inspector.Finding) int, error) {
	byARN := func(a, b inspector.Finding) int { return cmp.Compare(a.ARN, b.ARN) }
	if s == nil {
		return byARN, nil
	}
	var key func(a, b inspector.Finding) int
	switch s.Field {
	case types.SortFieldSeverity:
		key = func(a, b inspector.Finding) int { return cmp.Compare(a.Severity.Rank(), b.Severity.Rank()) }
	case types.SortFieldInspectorScore:
		key = func(a, b inspector.Finding) int { return cmp.Compare(a.InspectorScore, b.InspectorScore) }
	case types.SortFieldEpssScore:
		key = func(a, b inspector.Finding) int { return cmp.Compare(a.EPSS, b.EPSS) }
	case types.SortFieldFirstObservedAt:
		key = func(a, b inspector.Finding) int { return a.FirstObservedAt.Compare(b.FirstObservedAt) }
	case types.SortFieldLastObservedAt:
		key = func(a, b inspector.Finding) int { return a.LastObservedAt.Compare(b.LastObservedAt) }
	case types.SortFieldVulnerabilityId:
		key = func(a, b inspector.Finding) int { return cmp.Compare(a.VulnerabilityID, b.VulnerabilityID) }
	case types.SortFieldAwsAccountId:
		key = func(a, b inspector.Finding) int { return cmp.Compare(a.Account, b.Account) }
	case types.SortFieldEcrImageRepositoryName:
		key = func(a, b inspector.Finding) int { return cmp.Compare(repository(a), repository(b)) }
	case types.SortFieldFindingStatus:
		key = func(a, b inspector.Finding) int { return cmp.Compare(a.Status, b.Status) }
	default:
		return nil, fmt.Errorf("inspectortest: ListFindings: sorting by %q is not modelled by the fake", s.Field)
	}
	switch s.SortOrder {
	case types.SortOrderAsc:
	case types.SortOrderDesc:
		asc := key
		key = func(a, b inspector.Finding) int { return asc(b, a) }
	default:
		return nil, validation("1 validation error detected: Value '%s' at 'sortCriteria.sortOrder' failed to satisfy constraint: Member must satisfy enum value set: [ASC, DESC]", s.SortOrder)
	}
	return func(a, b inspector.Finding) int { return cmp.Or(key(a, b), byARN(a, b)) }, nil
}

func repository(x inspector.Finding) string {
	for _, r := range x.Resources {
		if r.ImageRepository != "" {
			return r.ImageRepository
		}
	}
	return ""
}

// ListCoverage implements inspector.API. It lists the coverage of every
// seeded account in the call's region, sorted by account, resource type and
// resource id.
func (f *Fake) ListCoverage(ctx context.Context, in *inspector2.ListCoverageInput, optFns ...func(*inspector2.Options)) (*inspector2.ListCoverageOutput, error) {
	return handle(ctx, f, "ListCoverage", optFns, in, func(region string) (*inspector2.ListCoverageOutput, error) {
		keep, err := coverageFilter(in.FilterCriteria)
		if err != nil {
			return nil, err
		}
		var all []inspector.CoveredResource
		for _, r := range f.coverage {
			if r.Region == region && keep(r) {
				all = append(all, r)
			}
		}
		slices.SortStableFunc(all, func(a, b inspector.CoveredResource) int {
			return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Type, b.Type), cmp.Compare(a.ResourceID, b.ResourceID))
		})
		p, next, err := page(f, "ListCoverage", all, in.NextToken, in.MaxResults, 200)
		if err != nil {
			return nil, err
		}
		out := &inspector2.ListCoverageOutput{NextToken: next}
		for _, r := range p {
			out.CoveredResources = append(out.CoveredResources, sdkCoverage(r))
		}
		return out, nil
	})
}

// BatchGetAccountStatus implements inspector.API.
func (f *Fake) BatchGetAccountStatus(ctx context.Context, in *inspector2.BatchGetAccountStatusInput, optFns ...func(*inspector2.Options)) (*inspector2.BatchGetAccountStatusOutput, error) {
	return handle(ctx, f, "BatchGetAccountStatus", optFns, in, func(region string) (*inspector2.BatchGetAccountStatusOutput, error) {
		if len(in.AccountIds) > 100 {
			return nil, validation("1 validation error detected: Value at 'accountIds' failed to satisfy constraint: Member must have length less than or equal to 100")
		}
		ids := in.AccountIds
		if len(ids) == 0 {
			ids = []string{f.account}
		}
		out := &inspector2.BatchGetAccountStatusOutput{Accounts: []types.AccountState{}}
		for _, id := range ids {
			if len(id) != 12 {
				return nil, validation("1 validation error detected: Value '%s' at 'accountIds.member' failed to satisfy constraint: Member must have length 12", id)
			}
			l := location{id, region}
			if fa, ok := f.failed[l]; ok {
				out.FailedAccounts = append(out.FailedAccounts, fa)
				continue
			}
			s, ok := f.statuses[l]
			switch {
			case ok:
			case id == f.account:
				s = Disabled(id)
			default:
				out.FailedAccounts = append(out.FailedAccounts, types.FailedAccount{
					AccountId: aws.String(id), ErrorCode: types.ErrorCodeAccessDenied, Status: types.StatusDisabled,
					ErrorMessage: aws.String("Invoking account does not have access to this account"),
				})
				continue
			}
			out.Accounts = append(out.Accounts, sdkAccount(id, s))
		}
		return out, nil
	})
}

// CreateSbomExport implements inspector.API. It records the request; the
// export ends after the fake's number of polls.
func (f *Fake) CreateSbomExport(ctx context.Context, in *inspector2.CreateSbomExportInput, optFns ...func(*inspector2.Options)) (*inspector2.CreateSbomExportOutput, error) {
	return handle(ctx, f, "CreateSbomExport", optFns, in, func(region string) (*inspector2.CreateSbomExportOutput, error) {
		if in.ReportFormat != types.SbomReportFormatCyclonedx14 && in.ReportFormat != types.SbomReportFormatSpdx23 {
			return nil, validation("1 validation error detected: Value '%s' at 'reportFormat' failed to satisfy constraint: Member must satisfy enum value set: [CYCLONEDX_1_4, SPDX_2_3]", in.ReportFormat)
		}
		if d := in.S3Destination; d == nil || aws.ToString(d.BucketName) == "" || aws.ToString(d.KmsKeyArn) == "" {
			return nil, validation("s3Destination needs a bucketName and a kmsKeyArn")
		}
		if rc := in.ResourceFilterCriteria; rc != nil {
			for name, fs := range map[string][]types.ResourceStringFilter{
				"accountId": rc.AccountId, "ecrImageTags": rc.EcrImageTags, "ecrRepositoryName": rc.EcrRepositoryName,
				"lambdaFunctionName": rc.LambdaFunctionName, "resourceId": rc.ResourceId, "resourceType": rc.ResourceType,
			} {
				var sf []stringFilter
				for _, x := range fs {
					sf = append(sf, stringFilter{string(x.Comparison), aws.ToString(x.Value)})
				}
				if err := checkStrings("resourceFilterCriteria."+name, sf, "EQUALS", "NOT_EQUALS"); err != nil {
					return nil, err
				}
			}
		}
		f.seq++
		id := fmt.Sprintf("%08x-0000-4000-8000-%012x", f.seq, f.seq)
		cp := *in
		f.exports[id] = &export{input: &cp, region: region, failure: f.exportFailure, message: f.exportMessage}
		return &inspector2.CreateSbomExportOutput{ReportId: aws.String(id)}, nil
	})
}

// GetSbomExport implements inspector.API. Each call is a poll: the export
// stays IN_PROGRESS for the fake's number of polls, then SUCCEEDED (or
// FAILED, see FailSBOMExports).
func (f *Fake) GetSbomExport(ctx context.Context, in *inspector2.GetSbomExportInput, optFns ...func(*inspector2.Options)) (*inspector2.GetSbomExportOutput, error) {
	return handle(ctx, f, "GetSbomExport", optFns, in, func(region string) (*inspector2.GetSbomExportOutput, error) {
		id := aws.ToString(in.ReportId)
		e, ok := f.exports[id]
		if !ok || e.region != region {
			return nil, &types.ResourceNotFoundException{Message: aws.String(fmt.Sprintf("The report with id %s was not found.", id))}
		}
		e.polls++
		out := &inspector2.GetSbomExportOutput{
			ReportId:       aws.String(id),
			Format:         e.input.ReportFormat,
			S3Destination:  e.input.S3Destination,
			FilterCriteria: e.input.ResourceFilterCriteria,
			Status:         types.ExternalReportStatusInProgress,
		}
		if e.polls > f.sbomPolls {
			out.Status = types.ExternalReportStatusSucceeded
			if e.failure != nil {
				out.Status, out.ErrorCode, out.ErrorMessage = types.ExternalReportStatusFailed, *e.failure, aws.String(e.message)
			}
		}
		return out, nil
	})
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return aws.Time(t)
}

func sdkFinding(x inspector.Finding) types.Finding {
	out := types.Finding{
		FindingArn:       aws.String(x.ARN),
		AwsAccountId:     aws.String(x.Account),
		Severity:         types.Severity(x.Severity),
		Status:           types.FindingStatus(x.Status),
		Type:             types.FindingType(x.Type),
		Title:            optional(x.Title),
		Description:      optional(x.Description),
		FixAvailable:     types.FixAvailable(x.FixAvailable),
		ExploitAvailable: types.ExploitAvailable(x.ExploitAvailable),
		FirstObservedAt:  optionalTime(x.FirstObservedAt),
		LastObservedAt:   optionalTime(x.LastObservedAt),
		UpdatedAt:        optionalTime(x.UpdatedAt),
	}
	if x.EPSS > 0 {
		out.Epss = &types.EpssDetails{Score: x.EPSS}
	}
	if x.InspectorScore > 0 {
		out.InspectorScore = aws.Float64(x.InspectorScore)
	}
	if !x.ExploitLastSeenAt.IsZero() {
		out.ExploitabilityDetails = &types.ExploitabilityDetails{LastKnownExploitAt: aws.Time(x.ExploitLastSeenAt)}
	}
	if x.Remediation != "" || x.RemediationURL != "" {
		out.Remediation = &types.Remediation{Recommendation: &types.Recommendation{Text: optional(x.Remediation), Url: optional(x.RemediationURL)}}
	}
	if x.Type == inspector.TypePackageVulnerability {
		d := &types.PackageVulnerabilityDetails{
			VulnerabilityId:        aws.String(x.VulnerabilityID),
			Source:                 aws.String(cmp.Or(x.VulnerabilitySource, "NVD")),
			VendorSeverity:         optional(x.VendorSeverity),
			SourceUrl:              optional(x.SourceURL),
			ReferenceUrls:          x.ReferenceURLs,
			RelatedVulnerabilities: x.RelatedVulnerabilities,
		}
		for _, p := range x.Packages {
			fixed := p.FixedVersion
			if fixed == "" {
				fixed = "NotAvailable"
			}
			d.VulnerablePackages = append(d.VulnerablePackages, types.VulnerablePackage{
				Name: aws.String(p.Name), Version: aws.String(p.InstalledVersion), Release: optional(p.Release), Epoch: p.Epoch,
				FixedInVersion: aws.String(fixed), PackageManager: types.PackageManager(p.PackageManager), Arch: optional(p.Architecture),
				FilePath: optional(p.FilePath), Remediation: optional(p.Remediation), SourceLayerHash: optional(p.SourceLayerHash),
				SourceLambdaLayerArn: optional(p.SourceLambdaLayerARN),
			})
		}
		out.PackageVulnerabilityDetails = d
	}
	for _, r := range x.Resources {
		out.Resources = append(out.Resources, sdkResource(r))
	}
	return out
}

func sdkResource(r inspector.AffectedResource) types.Resource {
	out := types.Resource{Id: aws.String(r.ID), Type: types.ResourceType(r.Type), Region: optional(r.Region), Partition: aws.String(cmp.Or(r.Partition, "aws")), Tags: r.Tags}
	switch r.Type {
	case inspector.ResourceECRImage:
		out.Details = &types.ResourceDetails{AwsEcrContainerImage: &types.AwsEcrContainerImageDetails{
			Registry: aws.String(r.ImageRegistry), RepositoryName: aws.String(r.ImageRepository), ImageHash: aws.String(r.ImageDigest),
			ImageTags: r.ImageTags, PushedAt: optionalTime(r.ImagePushedAt), LastInUseAt: optionalTime(r.ImageLastInUseAt),
			Architecture: optional(r.ImageArchitecture), Platform: optional(r.ImagePlatform),
		}}
		if r.ImageInUseCount > 0 {
			out.Details.AwsEcrContainerImage.InUseCount = aws.Int64(r.ImageInUseCount)
		}
	case inspector.ResourceLambdaFunction:
		out.Details = &types.ResourceDetails{AwsLambdaFunction: &types.AwsLambdaFunctionDetails{
			FunctionName: aws.String(r.LambdaFunction), Runtime: types.Runtime(r.LambdaRuntime), Version: optional(r.LambdaVersion),
			Layers: r.LambdaLayers, ExecutionRoleArn: optional(r.LambdaExecutionRole), CodeSha256: aws.String("fake"),
		}}
	case inspector.ResourceEC2Instance:
		out.Details = &types.ResourceDetails{AwsEc2Instance: &types.AwsEc2InstanceDetails{
			ImageId: optional(r.EC2ImageID), Type: optional(r.EC2InstanceType), Platform: optional(r.EC2Platform),
			VpcId: optional(r.EC2VPC), SubnetId: optional(r.EC2Subnet),
		}}
	}
	return out
}

func sdkCoverage(r inspector.CoveredResource) types.CoveredResource {
	out := types.CoveredResource{
		AccountId: aws.String(r.Account), ResourceId: aws.String(r.ResourceID), ResourceType: types.CoverageResourceType(r.Type),
		ScanType: types.ScanType(r.ScanKind), ScanMode: types.ScanMode(r.ScanMode), LastScannedAt: optionalTime(r.LastScannedAt),
		ScanStatus: &types.ScanStatus{StatusCode: types.ScanStatusCode(r.Status), Reason: types.ScanStatusReason(r.Reason)},
	}
	m := &types.ResourceScanMetadata{}
	switch r.Type {
	case inspector.ResourceECRImage:
		m.EcrImage = &types.EcrContainerImageMetadata{Tags: r.ImageTags, ImagePulledAt: optionalTime(r.ImagePulledAt)}
		if r.ImageInUseCount > 0 {
			m.EcrImage.InUseCount = aws.Int64(r.ImageInUseCount)
		}
	case inspector.ResourceECRRepository:
		m.EcrRepository = &types.EcrRepositoryMetadata{Name: aws.String(r.Repository), ScanFrequency: types.EcrScanFrequency(r.ScanFrequency)}
	case inspector.ResourceLambdaFunction:
		m.LambdaFunction = &types.LambdaFunctionMetadata{FunctionName: aws.String(r.LambdaFunction), Runtime: types.Runtime(r.LambdaRuntime), FunctionTags: r.Tags}
	case inspector.ResourceEC2Instance:
		m.Ec2 = &types.Ec2Metadata{AmiId: optional(r.EC2ImageID), Platform: types.Ec2Platform(r.EC2Platform), Tags: r.Tags}
	}
	out.ResourceMetadata = m
	return out
}

func sdkState(s inspector.ScanState) *types.State {
	return &types.State{Status: types.Status(s.Status), ErrorCode: types.ErrorCode(s.ErrorCode), ErrorMessage: optional(s.ErrorMessage)}
}

func sdkAccount(id string, s inspector.AccountStatus) types.AccountState {
	return types.AccountState{
		AccountId: aws.String(id),
		State:     sdkState(s.State),
		ResourceState: &types.ResourceState{
			Ec2: sdkState(s.EC2), Ecr: sdkState(s.ECR), Lambda: sdkState(s.Lambda),
			LambdaCode: sdkState(s.LambdaCode), CodeRepository: sdkState(s.CodeRepository),
		},
	}
}
