package artifact

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsartifact "github.com/aws/aws-sdk-go-v2/service/artifact"
	"github.com/aws/aws-sdk-go-v2/service/artifact/types"
)

// AcceptanceType says how a report's terms must be accepted before it is
// downloaded.
type AcceptanceType string

// The acceptance types of AWS Artifact.
const (
	// AcceptancePassthrough terms need no click-through acceptance.
	AcceptancePassthrough AcceptanceType = "PASSTHROUGH"
	// AcceptanceExplicit terms must be accepted explicitly, which
	// Client.Download does on the caller's behalf.
	AcceptanceExplicit AcceptanceType = "EXPLICIT"
)

// Report is a compliance document AWS publishes in AWS Artifact: a
// certification (ISO/IEC 27001), an attestation (SOC 2, PCI DSS) or another
// report, in one of its versions.
type Report struct {
	// ID is the report's id, such as "report-abcdEFGH01234567"; it names
	// the report across its versions.
	ID  string `json:"id"`
	ARN string `json:"arn,omitempty"`
	// Name is the report's title, such as "SOC 2 Type 2 Report".
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Category and Series group reports, such as a series "SOC"; AWS does
	// not document their values.
	Category    string `json:"category,omitempty"`
	Series      string `json:"series,omitempty"`
	CompanyName string `json:"companyName,omitempty"`
	ProductName string `json:"productName,omitempty"`
	// Version is the report's version, counting from 1; 0 when AWS did not
	// say.
	Version int64 `json:"version,omitempty"`
	// State is PUBLISHED or UNPUBLISHED.
	State string `json:"state,omitempty"`
	// UploadState is the state of the report's document: COMPLETE when it
	// can be downloaded, or PROCESSING, FAILED or FAULT; StatusMessage
	// explains it.
	UploadState   string `json:"uploadState,omitempty"`
	StatusMessage string `json:"statusMessage,omitempty"`
	// AcceptanceType says whether the report's terms need explicit
	// acceptance.
	AcceptanceType AcceptanceType `json:"acceptanceType,omitempty"`
	// PeriodStart and PeriodEnd bound the period the report covers, in UTC:
	// the audit period of an attestation such as SOC 2, the validity of a
	// certificate. Either is zero when AWS does not say.
	PeriodStart time.Time `json:"periodStart,omitzero"`
	PeriodEnd   time.Time `json:"periodEnd,omitzero"`
}

// Downloadable reports whether the report is published and its document
// uploaded. An empty State or UploadState, as in a snapshot that left them
// out, is taken at its word and does not count against it.
func (r Report) Downloadable() bool {
	return (r.State == "" || r.State == string(types.PublishedStatePublished)) &&
		(r.UploadState == "" || r.UploadState == string(types.UploadStateComplete))
}

// label names the report in messages: its title, id and version.
func (r Report) label() string {
	if r.Version > 0 {
		return fmt.Sprintf("%q (%s, version %d)", r.Name, r.ID, r.Version)
	}
	return fmt.Sprintf("%q (%s)", r.Name, r.ID)
}

// Reports lists the reports available to the account, each in its latest
// version, in the order AWS Artifact returns them.
//
// A report without an id ends the listing with an error naming its place;
// the reports before it are yielded first.
//
// IAM: artifact:ListReports.
func (c *Client) Reports(ctx context.Context) iter.Seq2[Report, error] {
	n := 0 // reports read so far, to place a bad one
	return clientkit.Pages(ctx, &c.base, "ListReports", func(ctx context.Context, token *string) ([]Report, *string, error) {
		if token == nil {
			n = 0 // the sequence is ranged over again
		}
		out, err := c.api.ListReports(ctx, &awsartifact.ListReportsInput{MaxResults: aws.Int32(c.pageSize), NextToken: token}, c.optFns()...)
		if err != nil {
			return nil, nil, err
		}
		if out == nil {
			return nil, nil, errNoOutput
		}
		res := make([]Report, 0, len(out.Reports))
		for _, s := range out.Reports {
			n++
			r := reportFromSummary(s)
			if r.ID == "" {
				return res, nil, fmt.Errorf("report %d of the listing (%q) has no id", n, r.Name)
			}
			res = append(res, r)
		}
		return res, out.NextToken, nil
	})
}

func reportFromSummary(s types.ReportSummary) Report {
	return Report{
		ID:             aws.ToString(s.Id),
		ARN:            aws.ToString(s.Arn),
		Name:           aws.ToString(s.Name),
		Description:    aws.ToString(s.Description),
		Category:       aws.ToString(s.Category),
		Series:         aws.ToString(s.Series),
		CompanyName:    aws.ToString(s.CompanyName),
		ProductName:    aws.ToString(s.ProductName),
		Version:        aws.ToInt64(s.Version),
		State:          string(s.State),
		UploadState:    string(s.UploadState),
		StatusMessage:  aws.ToString(s.StatusMessage),
		AcceptanceType: AcceptanceType(s.AcceptanceType),
		PeriodStart:    utc(s.PeriodStart),
		PeriodEnd:      utc(s.PeriodEnd),
	}
}

func reportFromDetail(d types.ReportDetail) Report {
	return Report{
		ID:             aws.ToString(d.Id),
		ARN:            aws.ToString(d.Arn),
		Name:           aws.ToString(d.Name),
		Description:    aws.ToString(d.Description),
		Category:       aws.ToString(d.Category),
		Series:         aws.ToString(d.Series),
		CompanyName:    aws.ToString(d.CompanyName),
		ProductName:    aws.ToString(d.ProductName),
		Version:        aws.ToInt64(d.Version),
		State:          string(d.State),
		UploadState:    string(d.UploadState),
		StatusMessage:  aws.ToString(d.StatusMessage),
		AcceptanceType: AcceptanceType(d.AcceptanceType),
		PeriodStart:    utc(d.PeriodStart),
		PeriodEnd:      utc(d.PeriodEnd),
	}
}

// utc is the time in UTC, or the zero time when AWS sent none.
func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
