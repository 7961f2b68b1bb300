package auditmanager

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"time"
	"unicode/utf8"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	sdk "github.com/aws/aws-sdk-go-v2/service/auditmanager"
)

// ReportStatus is the state of an assessment report.
type ReportStatus string

// The assessment report statuses of Audit Manager.
const (
	ReportInProgress ReportStatus = "IN_PROGRESS"
	ReportComplete   ReportStatus = "COMPLETE"
	ReportFailed     ReportStatus = "FAILED"
)

// Report is an assessment report: the evidence selected for reports in an
// assessment, written by Audit Manager to the assessment's S3 destination.
type Report struct {
	ID             string       `json:"id"`
	Name           string       `json:"name"`
	Description    string       `json:"description,omitempty"`
	AssessmentID   string       `json:"assessmentId"`
	AssessmentName string       `json:"assessmentName,omitempty"`
	Author         string       `json:"author,omitempty"`
	Status         ReportStatus `json:"status,omitempty"`
	CreatedAt      time.Time    `json:"createdAt,omitzero"`
	Account        string       `json:"account,omitempty"`
}

// reportName is the pattern Audit Manager requires of a report name.
var reportName = regexp.MustCompile(`^[a-zA-Z0-9_.\-]{1,300}$`)

// CreateReport asks Audit Manager for an assessment report. It is a write to
// AWS, never made implicitly. The report is built in the background: the
// result is IN_PROGRESS, and the report lands in the assessment's report
// destination when it is COMPLETE.
//
// name takes letters, digits, '-', '_' and '.' (1 to 300 of them);
// description at most 1000 characters. Both are checked before AWS is called.
//
// IAM: auditmanager:CreateAssessmentReport, and for Audit Manager write
// access to the report destination bucket (and its KMS key).
func (c *Client) CreateReport(ctx context.Context, assessmentID, name, description string) (Report, error) {
	if assessmentID == "" {
		return Report{}, fmt.Errorf("auditmanager: CreateReport: no assessment id")
	}
	if !reportName.MatchString(name) {
		return Report{}, fmt.Errorf("auditmanager: CreateReport: report name %q must be 1 to 300 letters, digits, '-', '_' or '.'", name)
	}
	if n := utf8.RuneCountInString(description); n > 1000 {
		return Report{}, fmt.Errorf("auditmanager: CreateReport: the description is %d characters long; Audit Manager takes at most 1000", n)
	}
	in := &sdk.CreateAssessmentReportInput{AssessmentId: aws.String(assessmentID), Name: aws.String(name)}
	if description != "" {
		in.Description = aws.String(description)
	}
	out, err := clientkit.Do(ctx, &c.base, "CreateAssessmentReport", func(ctx context.Context) (*sdk.CreateAssessmentReportOutput, error) {
		return c.api.CreateAssessmentReport(ctx, in, c.optFns()...)
	})
	if err != nil {
		return Report{}, err
	}
	r := out.AssessmentReport
	if r == nil {
		return Report{}, fmt.Errorf("auditmanager: CreateAssessmentReport for assessment %s: AWS returned no report", assessmentID)
	}
	return Report{
		ID:             aws.ToString(r.Id),
		Name:           aws.ToString(r.Name),
		Description:    aws.ToString(r.Description),
		AssessmentID:   aws.ToString(r.AssessmentId),
		AssessmentName: aws.ToString(r.AssessmentName),
		Author:         aws.ToString(r.Author),
		Status:         ReportStatus(r.Status),
		CreatedAt:      aws.ToTime(r.CreationTime).UTC(),
		Account:        cmp.Or(aws.ToString(r.AwsAccountId), c.base.Account),
	}, nil
}
