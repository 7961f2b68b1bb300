package artifacttest

import (
	"context"
	"fmt"
	"time"

	"github.com/aigov/aigov/artifact"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsartifact "github.com/aws/aws-sdk-go-v2/service/artifact"
	"github.com/aws/aws-sdk-go-v2/service/artifact/types"
)

// ListReports implements artifact.API: the latest version of every report,
// in the order the reports were first added.
func (f *Fake) ListReports(ctx context.Context, in *awsartifact.ListReportsInput, optFns ...func(*awsartifact.Options)) (*awsartifact.ListReportsOutput, error) {
	return handle(ctx, f, "ListReports", optFns, in, func() (*awsartifact.ListReportsOutput, error) {
		var latest []storedReport
		seen := make(map[string]bool)
		for _, r := range f.reports {
			if !seen[r.ID] {
				seen[r.ID] = true
				v, _ := f.version(r.ID, 0)
				latest = append(latest, v)
			}
		}
		p, next, err := page(f, "ListReports", latest, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		out := &awsartifact.ListReportsOutput{NextToken: next}
		for _, r := range p {
			out.Reports = append(out.Reports, summary(r.Report))
		}
		return out, nil
	})
}

func summary(r artifact.Report) types.ReportSummary {
	return types.ReportSummary{
		Id:             aws.String(r.ID),
		Arn:            optional(r.ARN),
		Name:           aws.String(r.Name),
		Description:    optional(r.Description),
		Category:       optional(r.Category),
		Series:         optional(r.Series),
		CompanyName:    optional(r.CompanyName),
		ProductName:    optional(r.ProductName),
		Version:        aws.Int64(r.Version),
		State:          types.PublishedState(r.State),
		UploadState:    types.UploadState(r.UploadState),
		StatusMessage:  optional(r.StatusMessage),
		AcceptanceType: types.AcceptanceType(r.AcceptanceType),
		PeriodStart:    optionalTime(r.PeriodStart),
		PeriodEnd:      optionalTime(r.PeriodEnd),
	}
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

// find returns the version of a report a call names (the latest when it
// names none), or the error AWS gives.
func (f *Fake) find(id *string, version *int64) (storedReport, error) {
	if err := checkReportID(id); err != nil {
		return storedReport{}, err
	}
	v := aws.ToInt64(version)
	if version != nil && v < 1 {
		return storedReport{}, validation(types.ValidationExceptionReasonFieldValidationFailed, "reportVersion",
			fmt.Sprintf("1 validation error detected: Value '%d' at 'reportVersion' failed to satisfy constraint: Member must have value greater than or equal to 1", v))
	}
	r, ok := f.version(*id, v)
	if !ok {
		return storedReport{}, reportNotFound(*id)
	}
	return r, nil
}

// GetReportMetadata implements artifact.API.
func (f *Fake) GetReportMetadata(ctx context.Context, in *awsartifact.GetReportMetadataInput, optFns ...func(*awsartifact.Options)) (*awsartifact.GetReportMetadataOutput, error) {
	return handle(ctx, f, "GetReportMetadata", optFns, in, func() (*awsartifact.GetReportMetadataOutput, error) {
		r, err := f.find(in.ReportId, in.ReportVersion)
		if err != nil {
			return nil, err
		}
		s := summary(r.Report)
		return &awsartifact.GetReportMetadataOutput{ReportDetails: &types.ReportDetail{
			Id: s.Id, Arn: s.Arn, Name: s.Name, Description: s.Description, Category: s.Category, Series: s.Series,
			CompanyName: s.CompanyName, ProductName: s.ProductName, Version: s.Version, State: s.State,
			UploadState: s.UploadState, StatusMessage: s.StatusMessage, AcceptanceType: s.AcceptanceType,
			PeriodStart: s.PeriodStart, PeriodEnd: s.PeriodEnd,
			CreatedAt: aws.Time(r.addedAt), LastModifiedAt: aws.Time(r.addedAt), SequenceNumber: aws.Int64(r.Version),
			TermArn: aws.String(fmt.Sprintf("arn:aws:artifact:%s::term/term-%s", DefaultRegion, r.ID[len("report-"):])),
		}}, nil
	})
}

// GetTermForReport implements artifact.API. It records the terms as
// accepted (see Terms) and returns a term token for that version.
func (f *Fake) GetTermForReport(ctx context.Context, in *awsartifact.GetTermForReportInput, optFns ...func(*awsartifact.Options)) (*awsartifact.GetTermForReportOutput, error) {
	now := f.Now().UTC()
	return handle(ctx, f, "GetTermForReport", optFns, in, func() (*awsartifact.GetTermForReportOutput, error) {
		r, err := f.find(in.ReportId, in.ReportVersion)
		if err != nil {
			return nil, err
		}
		t := Term{ReportID: r.ID, Version: r.Version, Token: fmt.Sprintf("term-token-%024d", len(f.terms)+1), AcceptedAt: now}
		f.terms = append(f.terms, t)
		return &awsartifact.GetTermForReportOutput{
			TermToken:            aws.String(t.Token),
			DocumentPresignedUrl: aws.String(f.presign(termPath(r), now)),
		}, nil
	})
}

// GetReport implements artifact.API. The term token must come from
// GetTermForReport for the same report and version.
func (f *Fake) GetReport(ctx context.Context, in *awsartifact.GetReportInput, optFns ...func(*awsartifact.Options)) (*awsartifact.GetReportOutput, error) {
	now := f.Now().UTC()
	return handle(ctx, f, "GetReport", optFns, in, func() (*awsartifact.GetReportOutput, error) {
		r, err := f.find(in.ReportId, in.ReportVersion)
		if err != nil {
			return nil, err
		}
		if in.TermToken == nil {
			return nil, validation(types.ValidationExceptionReasonFieldValidationFailed, "termToken", "1 validation error detected: Value null at 'termToken' failed to satisfy constraint: Member must not be null")
		}
		accepted := false
		for _, t := range f.terms {
			accepted = accepted || (t.Token == *in.TermToken && t.ReportID == r.ID && t.Version == r.Version)
		}
		if !accepted {
			return nil, validation(types.ValidationExceptionReasonInvalidToken, "termToken", "The term token is not valid for this report version.")
		}
		return &awsartifact.GetReportOutput{DocumentPresignedUrl: aws.String(f.presign(reportPath(r), now))}, nil
	})
}

// ListCustomerAgreements implements artifact.API: every agreement added,
// terminated ones included, in the order added.
func (f *Fake) ListCustomerAgreements(ctx context.Context, in *awsartifact.ListCustomerAgreementsInput, optFns ...func(*awsartifact.Options)) (*awsartifact.ListCustomerAgreementsOutput, error) {
	return handle(ctx, f, "ListCustomerAgreements", optFns, in, func() (*awsartifact.ListCustomerAgreementsOutput, error) {
		p, next, err := page(f, "ListCustomerAgreements", f.agreements, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		out := &awsartifact.ListCustomerAgreementsOutput{CustomerAgreements: []types.CustomerAgreementSummary{}, NextToken: next}
		for _, a := range p {
			out.CustomerAgreements = append(out.CustomerAgreements, types.CustomerAgreementSummary{
				Id:              aws.String(a.ID),
				Arn:             optional(a.ARN),
				AgreementArn:    optional(a.AgreementARN),
				Name:            aws.String(a.Name),
				Description:     optional(a.Description),
				Type:            types.AgreementType(a.Type),
				State:           types.CustomerAgreementState(a.State),
				AwsAccountId:    optional(a.Account),
				OrganizationArn: optional(a.OrganizationARN),
				EffectiveStart:  optionalTime(a.EffectiveStart),
				EffectiveEnd:    optionalTime(a.EffectiveEnd),
			})
		}
		return out, nil
	})
}

// GetAccountSettings implements artifact.API.
func (f *Fake) GetAccountSettings(ctx context.Context, in *awsartifact.GetAccountSettingsInput, optFns ...func(*awsartifact.Options)) (*awsartifact.GetAccountSettingsOutput, error) {
	return handle(ctx, f, "GetAccountSettings", optFns, in, func() (*awsartifact.GetAccountSettingsOutput, error) {
		return &awsartifact.GetAccountSettingsOutput{AccountSettings: &types.AccountSettings{
			NotificationSubscriptionStatus: types.NotificationSubscriptionStatus(f.settings.NotificationSubscription),
		}}, nil
	})
}
