package auditmanagertest

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/aigov/aigov/auditmanager"
	"github.com/aws/aws-sdk-go-v2/aws"
	sdk "github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"
)

// GetAccountStatus implements auditmanager.API.
func (f *Fake) GetAccountStatus(ctx context.Context, in *sdk.GetAccountStatusInput, optFns ...func(*sdk.Options)) (*sdk.GetAccountStatusOutput, error) {
	return handle(ctx, f, "GetAccountStatus", optFns, in, func(string) (*sdk.GetAccountStatusOutput, error) {
		return &sdk.GetAccountStatusOutput{Status: types.AccountStatus(f.state)}, nil
	})
}

// GetSettings implements auditmanager.API. Every attribute answers all the
// settings.
func (f *Fake) GetSettings(ctx context.Context, in *sdk.GetSettingsInput, optFns ...func(*sdk.Options)) (*sdk.GetSettingsOutput, error) {
	return handle(ctx, f, "GetSettings", optFns, in, func(string) (*sdk.GetSettingsOutput, error) {
		if in.Attribute == "" || !slices.Contains(in.Attribute.Values(), in.Attribute) {
			return nil, invalid("attribute", "Member must satisfy enum value set: "+fmt.Sprint(in.Attribute.Values()))
		}
		s := f.settings
		out := &types.Settings{
			IsAwsOrgEnabled: aws.Bool(s.Organization),
			KmsKey:          aws.String(cmp.Or(s.KMSKey, "DEFAULT")),
		}
		if s.ReportDestination != "" {
			out.DefaultAssessmentReportsDestination = &types.AssessmentReportsDestination{Destination: aws.String(s.ReportDestination), DestinationType: types.AssessmentReportDestinationTypeS3}
		}
		if s.ExportDestination != "" {
			out.DefaultExportDestination = &types.DefaultExportDestination{Destination: aws.String(s.ExportDestination), DestinationType: types.ExportDestinationTypeS3}
		}
		if ef := s.EvidenceFinder; ef != (auditmanager.EvidenceFinder{}) {
			out.EvidenceFinderEnablement = &types.EvidenceFinderEnablement{
				EnablementStatus:  types.EvidenceFinderEnablementStatus(ef.Status),
				BackfillStatus:    types.EvidenceFinderBackfillStatus(ef.Backfill),
				EventDataStoreArn: optional(ef.EventDataStore),
				Error:             optional(ef.Error),
			}
		}
		return &sdk.GetSettingsOutput{Settings: out}, nil
	})
}

// ListAssessments implements auditmanager.API. Assessments are listed in the
// order they were added.
func (f *Fake) ListAssessments(ctx context.Context, in *sdk.ListAssessmentsInput, optFns ...func(*sdk.Options)) (*sdk.ListAssessmentsOutput, error) {
	return handle(ctx, f, "ListAssessments", optFns, in, func(region string) (*sdk.ListAssessmentsOutput, error) {
		var items []types.AssessmentMetadataItem
		for _, a := range f.assessments {
			if a.Region != region || (in.Status != "" && string(in.Status) != string(a.Status)) {
				continue
			}
			items = append(items, types.AssessmentMetadataItem{
				Id:             aws.String(a.ID),
				Name:           aws.String(a.Name),
				Status:         types.AssessmentStatus(a.Status),
				ComplianceType: optional(a.ComplianceType),
				CreationTime:   optionalTime(a.CreatedAt),
				LastUpdated:    optionalTime(a.LastUpdatedAt),
			})
		}
		pg, next, err := page(f, "ListAssessments", items, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &sdk.ListAssessmentsOutput{AssessmentMetadata: pg, NextToken: next}, nil
	})
}

// GetAssessment implements auditmanager.API. The evidence counts are derived
// from the evidence added.
func (f *Fake) GetAssessment(ctx context.Context, in *sdk.GetAssessmentInput, optFns ...func(*sdk.Options)) (*sdk.GetAssessmentOutput, error) {
	return handle(ctx, f, "GetAssessment", optFns, in, func(region string) (*sdk.GetAssessmentOutput, error) {
		a, err := f.find(region, in.AssessmentId)
		if err != nil {
			return nil, err
		}
		fw := &types.AssessmentFramework{
			Id:       aws.String(a.Framework.ID),
			Arn:      optional(a.Framework.ARN),
			Metadata: &types.FrameworkMetadata{Name: aws.String(a.Framework.Name), ComplianceType: optional(a.Framework.ComplianceType), Description: optional(a.Framework.Description)},
		}
		for _, cs := range a.ControlSets {
			set := types.AssessmentControlSet{Id: aws.String(cs.ID), Description: optional(cs.Description), Status: types.ControlSetStatus(cs.Status)}
			for _, c := range cs.Controls {
				ctl := types.AssessmentControl{
					Id: aws.String(c.ID), Name: aws.String(c.Name),
					Status: types.ControlStatus(c.Status), Response: types.ControlResponse(c.Response),
					EvidenceSources: c.EvidenceSources,
				}
				for _, e := range a.evidence {
					if e.ControlSetID != cs.ID || e.ControlID != c.ID {
						continue
					}
					ctl.EvidenceCount++
					if e.InReport {
						ctl.AssessmentReportEvidenceCount++
					}
					if e.Kind == ManualKind {
						set.ManualEvidenceCount++
					} else {
						set.SystemEvidenceCount++
					}
				}
				set.Controls = append(set.Controls, ctl)
			}
			fw.ControlSets = append(fw.ControlSets, set)
		}
		out := &types.Assessment{
			Arn:        aws.String(a.ARN),
			AwsAccount: &types.AWSAccount{Id: aws.String(a.Account)},
			Framework:  fw,
			Metadata: &types.AssessmentMetadata{
				Id:             aws.String(a.ID),
				Name:           aws.String(a.Name),
				Description:    optional(a.Description),
				Status:         types.AssessmentStatus(a.Status),
				ComplianceType: optional(a.ComplianceType),
				CreationTime:   optionalTime(a.CreatedAt),
				LastUpdated:    optionalTime(a.LastUpdatedAt),
			},
		}
		if a.ReportDestination != "" {
			out.Metadata.AssessmentReportsDestination = &types.AssessmentReportsDestination{Destination: aws.String(a.ReportDestination), DestinationType: types.AssessmentReportDestinationTypeS3}
		}
		return &sdk.GetAssessmentOutput{Assessment: out}, nil
	})
}

// ListAssessmentFrameworks implements auditmanager.API. Frameworks are listed
// in the order they were added.
func (f *Fake) ListAssessmentFrameworks(ctx context.Context, in *sdk.ListAssessmentFrameworksInput, optFns ...func(*sdk.Options)) (*sdk.ListAssessmentFrameworksOutput, error) {
	return handle(ctx, f, "ListAssessmentFrameworks", optFns, in, func(string) (*sdk.ListAssessmentFrameworksOutput, error) {
		if in.FrameworkType != types.FrameworkTypeStandard && in.FrameworkType != types.FrameworkTypeCustom {
			return nil, invalid("frameworkType", "Member must satisfy enum value set: [Standard, Custom]")
		}
		var items []types.AssessmentFrameworkMetadata
		for _, fw := range f.frameworks {
			if string(fw.Type) != string(in.FrameworkType) {
				continue
			}
			items = append(items, types.AssessmentFrameworkMetadata{
				Id: aws.String(fw.ID), Arn: aws.String(fw.ARN), Name: aws.String(fw.Name), Type: types.FrameworkType(fw.Type),
				ComplianceType: optional(fw.ComplianceType), Description: optional(fw.Description),
				ControlSetsCount: int32(fw.ControlSetCount), ControlsCount: int32(fw.ControlCount),
				CreatedAt: optionalTime(fw.CreatedAt), LastUpdatedAt: optionalTime(fw.LastUpdatedAt),
			})
		}
		pg, next, err := page(f, "ListAssessmentFrameworks", items, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &sdk.ListAssessmentFrameworksOutput{FrameworkMetadataList: pg, NextToken: next}, nil
	})
}

// GetEvidenceFoldersByAssessment implements auditmanager.API.
func (f *Fake) GetEvidenceFoldersByAssessment(ctx context.Context, in *sdk.GetEvidenceFoldersByAssessmentInput, optFns ...func(*sdk.Options)) (*sdk.GetEvidenceFoldersByAssessmentOutput, error) {
	return handle(ctx, f, "GetEvidenceFoldersByAssessment", optFns, in, func(region string) (*sdk.GetEvidenceFoldersByAssessmentOutput, error) {
		a, err := f.find(region, in.AssessmentId)
		if err != nil {
			return nil, err
		}
		pg, next, err := page(f, "GetEvidenceFoldersByAssessment", a.folders("", ""), in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &sdk.GetEvidenceFoldersByAssessmentOutput{EvidenceFolders: pg, NextToken: next}, nil
	})
}

// GetEvidenceFoldersByAssessmentControl implements auditmanager.API.
func (f *Fake) GetEvidenceFoldersByAssessmentControl(ctx context.Context, in *sdk.GetEvidenceFoldersByAssessmentControlInput, optFns ...func(*sdk.Options)) (*sdk.GetEvidenceFoldersByAssessmentControlOutput, error) {
	return handle(ctx, f, "GetEvidenceFoldersByAssessmentControl", optFns, in, func(region string) (*sdk.GetEvidenceFoldersByAssessmentControlOutput, error) {
		a, err := f.findControl(region, in.AssessmentId, in.ControlSetId, in.ControlId)
		if err != nil {
			return nil, err
		}
		pg, next, err := page(f, "GetEvidenceFoldersByAssessmentControl", a.folders(*in.ControlSetId, *in.ControlId), in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &sdk.GetEvidenceFoldersByAssessmentControlOutput{EvidenceFolders: pg, NextToken: next}, nil
	})
}

// GetEvidenceByEvidenceFolder implements auditmanager.API. Evidence is listed
// in the order it was added.
func (f *Fake) GetEvidenceByEvidenceFolder(ctx context.Context, in *sdk.GetEvidenceByEvidenceFolderInput, optFns ...func(*sdk.Options)) (*sdk.GetEvidenceByEvidenceFolderOutput, error) {
	return handle(ctx, f, "GetEvidenceByEvidenceFolder", optFns, in, func(region string) (*sdk.GetEvidenceByEvidenceFolderOutput, error) {
		a, err := f.find(region, in.AssessmentId)
		if err != nil {
			return nil, err
		}
		if err := checkUUID("evidenceFolderId", in.EvidenceFolderId); err != nil {
			return nil, err
		}
		var items []types.Evidence
		for _, e := range a.evidence {
			if e.FolderID == aws.ToString(in.EvidenceFolderId) && e.ControlSetID == aws.ToString(in.ControlSetId) {
				items = append(items, sdkEvidence(e))
			}
		}
		if len(items) == 0 {
			return nil, notFound("EVIDENCE_FOLDER", aws.ToString(in.EvidenceFolderId))
		}
		pg, next, err := page(f, "GetEvidenceByEvidenceFolder", items, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &sdk.GetEvidenceByEvidenceFolderOutput{Evidence: pg, NextToken: next}, nil
	})
}

func sdkEvidence(e auditmanager.Evidence) types.Evidence {
	out := types.Evidence{
		Id:                        aws.String(e.ID),
		EvidenceFolderId:          aws.String(e.FolderID),
		Time:                      aws.Time(e.Time),
		ComplianceCheck:           optional(string(e.ComplianceCheck)),
		DataSource:                optional(e.DataSource),
		EventSource:               optional(e.EventSource),
		EventName:                 optional(e.EventName),
		EvidenceByType:            optional(e.Kind),
		EvidenceAwsAccountId:      optional(e.Account),
		AwsAccountId:              optional(e.Account),
		IamId:                     optional(e.IAMID),
		Attributes:                e.Attributes,
		AssessmentReportSelection: aws.String("No"),
	}
	if e.InReport {
		out.AssessmentReportSelection = aws.String("Yes")
	}
	for _, r := range e.Resources {
		out.ResourcesIncluded = append(out.ResourcesIncluded, types.Resource{Arn: optional(r.ARN), Value: optional(r.Value), ComplianceCheck: optional(string(r.ComplianceCheck))})
	}
	return out
}

// folders files the evidence of a control (or of every control, with empty
// ids) by control and UTC day, sorted by day, control set and control.
func (a *assessment) folders(setID, controlID string) []types.AssessmentEvidenceFolder {
	byID := make(map[string]*types.AssessmentEvidenceFolder)
	var order []string
	for _, e := range a.evidence {
		if setID != "" && (e.ControlSetID != setID || e.ControlID != controlID) {
			continue
		}
		fo, ok := byID[e.FolderID]
		if !ok {
			ctl, _ := a.control(e.ControlSetID, e.ControlID)
			day := e.Time.Truncate(24 * time.Hour)
			fo = &types.AssessmentEvidenceFolder{
				Id: aws.String(e.FolderID), Name: aws.String(day.Format(time.DateOnly)), Date: aws.Time(e.Time),
				AssessmentId: aws.String(a.ID), ControlSetId: aws.String(e.ControlSetID), ControlId: aws.String(e.ControlID),
				ControlName: aws.String(ctl.Name), DataSource: optional(e.DataSource),
			}
			byID[e.FolderID] = fo
			order = append(order, e.FolderID)
		}
		if aws.ToString(fo.DataSource) != e.DataSource {
			fo.DataSource = nil // a folder of several sources names none
		}
		if e.Time.Before(*fo.Date) {
			fo.Date = aws.Time(e.Time)
		}
		fo.TotalEvidence++
		fo.EvidenceResourcesIncludedCount += int32(len(e.Resources))
		if e.InReport {
			fo.AssessmentReportSelectionCount++
		}
		switch {
		case e.Kind == ComplianceCheckKind || e.ComplianceCheck != "":
			fo.EvidenceByTypeComplianceCheckCount++
			if e.ComplianceCheck.Failed() {
				fo.EvidenceByTypeComplianceCheckIssuesCount++
			}
		case e.Kind == ManualKind:
			fo.EvidenceByTypeManualCount++
		case e.Kind == UserActivityKind:
			fo.EvidenceByTypeUserActivityCount++
		case e.Kind == ConfigurationDataKind:
			fo.EvidenceByTypeConfigurationDataCount++
		}
	}
	out := make([]types.AssessmentEvidenceFolder, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	slices.SortStableFunc(out, func(x, y types.AssessmentEvidenceFolder) int {
		return cmp.Or(cmp.Compare(*x.Name, *y.Name), cmp.Compare(*x.ControlSetId, *y.ControlSetId), cmp.Compare(*x.ControlId, *y.ControlId))
	})
	return out
}

// quotaMessage is the fake's text for an item past the daily quota; AWS
// documents the quota but not the text of the error.
const quotaMessage = "The daily quota of 100 manual evidence uploads for this control is reached. Upload the rest tomorrow."

// BatchImportEvidenceToAssessmentControl implements auditmanager.API. It
// accepts at most auditmanager.DailyEvidenceQuota items per control per UTC
// day of the fake's clock, and reports the items past it, and invalid items,
// in the errors of its answer with code "400", as a batch operation does.
func (f *Fake) BatchImportEvidenceToAssessmentControl(ctx context.Context, in *sdk.BatchImportEvidenceToAssessmentControlInput, optFns ...func(*sdk.Options)) (*sdk.BatchImportEvidenceToAssessmentControlOutput, error) {
	now := f.now()
	return handle(ctx, f, "BatchImportEvidenceToAssessmentControl", optFns, in, func(region string) (*sdk.BatchImportEvidenceToAssessmentControlOutput, error) {
		a, err := f.findControl(region, in.AssessmentId, in.ControlSetId, in.ControlId)
		if err != nil {
			return nil, err
		}
		if n := len(in.ManualEvidence); n < 1 || n > 50 {
			return nil, invalid("manualEvidence", fmt.Sprintf("Member must have length between 1 and 50 (got %d)", n))
		}
		setID, controlID := aws.ToString(in.ControlSetId), aws.ToString(in.ControlId)
		day := now.Format(time.DateOnly)
		used := 0
		for _, im := range f.imports {
			if im.AssessmentID == a.ID && im.ControlSetID == setID && im.ControlID == controlID && im.At.Format(time.DateOnly) == day {
				used++
			}
		}
		out := &sdk.BatchImportEvidenceToAssessmentControlOutput{}
		for _, m := range in.ManualEvidence {
			item := auditmanager.ManualEvidence{Text: aws.ToString(m.TextResponse), S3Path: aws.ToString(m.S3ResourcePath)}
			problem := manualProblem(m)
			if problem == "" && used >= auditmanager.DailyEvidenceQuota {
				problem = quotaMessage
			}
			if problem != "" {
				echo := m
				out.Errors = append(out.Errors, types.BatchImportEvidenceToAssessmentControlError{ManualEvidence: &echo, ErrorCode: aws.String("400"), ErrorMessage: aws.String(problem)})
				continue
			}
			used++
			f.imports = append(f.imports, Import{AssessmentID: a.ID, ControlSetID: setID, ControlID: controlID, Item: item, At: now})
			e := auditmanager.Evidence{
				ID: f.newID(), AssessmentID: a.ID, ControlSetID: setID, ControlID: controlID, Time: now,
				DataSource: "Manual", Kind: ManualKind, Account: a.Account, FolderID: folderID(a.ID, setID, controlID, now),
			}
			if item.S3Path != "" {
				e.Resources = []auditmanager.EvidenceResource{{Value: item.S3Path}}
			}
			a.evidence = append(a.evidence, e)
		}
		return out, nil
	})
}

var s3URL = regexp.MustCompile(`^(S|s)3://[a-zA-Z0-9\-.()'*_!=+@:\s,?/]+$`)

// manualProblem is what is wrong with a manual evidence item, or "".
func manualProblem(m types.ManualEvidence) string {
	set := 0
	for _, s := range []*string{m.TextResponse, m.S3ResourcePath, m.EvidenceFileName} {
		if aws.ToString(s) != "" {
			set++
		}
	}
	switch {
	case m.EvidenceFileName != nil:
		return "auditmanagertest does not model evidence file uploads (evidenceFileName)."
	case set != 1:
		return "manualEvidence can be only one of the following: evidenceFileName, s3ResourcePath, or textResponse."
	case m.TextResponse != nil && utf8.RuneCountInString(*m.TextResponse) > 1000:
		return "textResponse must be at most 1000 characters."
	case m.S3ResourcePath != nil && (len(*m.S3ResourcePath) > 1024 || !s3URL.MatchString(*m.S3ResourcePath)):
		return "s3ResourcePath is not a valid S3 URL."
	}
	return ""
}

var reportName = regexp.MustCompile(`^[a-zA-Z0-9_.\-]{1,300}$`)

// CreateAssessmentReport implements auditmanager.API. The report is created
// IN_PROGRESS and stays so: the fake builds no report.
func (f *Fake) CreateAssessmentReport(ctx context.Context, in *sdk.CreateAssessmentReportInput, optFns ...func(*sdk.Options)) (*sdk.CreateAssessmentReportOutput, error) {
	now := f.now()
	return handle(ctx, f, "CreateAssessmentReport", optFns, in, func(region string) (*sdk.CreateAssessmentReportOutput, error) {
		a, err := f.find(region, in.AssessmentId)
		if err != nil {
			return nil, err
		}
		if !reportName.MatchString(aws.ToString(in.Name)) {
			return nil, invalid("name", "Member must satisfy regular expression pattern: ^[a-zA-Z0-9-_\\.]+$")
		}
		r := auditmanager.Report{
			ID: f.newID(), Name: aws.ToString(in.Name), Description: aws.ToString(in.Description),
			AssessmentID: a.ID, AssessmentName: a.Name, Author: "arn:aws:sts::" + f.account + ":assumed-role/aigov/session",
			Status: auditmanager.ReportInProgress, CreatedAt: now, Account: a.Account,
		}
		f.reports = append(f.reports, r)
		return &sdk.CreateAssessmentReportOutput{AssessmentReport: &types.AssessmentReport{
			Id: aws.String(r.ID), Name: aws.String(r.Name), Description: optional(r.Description),
			AssessmentId: aws.String(r.AssessmentID), AssessmentName: aws.String(r.AssessmentName), Author: aws.String(r.Author),
			Status: types.AssessmentReportStatus(r.Status), CreationTime: aws.Time(r.CreatedAt), AwsAccountId: aws.String(r.Account),
		}}, nil
	})
}

// find returns the assessment id names in region.
func (f *Fake) find(region string, id *string) (*assessment, error) {
	if err := checkUUID("assessmentId", id); err != nil {
		return nil, err
	}
	a := f.assessment(*id)
	if a == nil || a.Region != region {
		return nil, notFound("ASSESSMENT", *id)
	}
	return a, nil
}

// findControl returns the assessment of a control, checking the control
// exists in it.
func (f *Fake) findControl(region string, assessmentID, setID, controlID *string) (*assessment, error) {
	a, err := f.find(region, assessmentID)
	if err != nil {
		return nil, err
	}
	if err := checkUUID("controlId", controlID); err != nil {
		return nil, err
	}
	if _, ok := a.control(aws.ToString(setID), *controlID); !ok {
		return nil, notFound("CONTROL", *controlID)
	}
	return a, nil
}
