package auditmanager

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aigov/aigov/internal/pager"
	"github.com/aws/aws-sdk-go-v2/aws"
	sdk "github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"
)

// ComplianceCheck is the result a compliance-check evidence item, or a
// resource in it, carries: Audit Manager reports "COMPLIANT" when AWS Config
// said COMPLIANT or Security Hub PASSED, "FAILED" when Config said
// NON_COMPLIANT or Security Hub FAILED, and nothing when no check applies
// (manual evidence, CloudTrail, API snapshots, or Config and Security Hub
// off). AWS does not enumerate the values, so the methods below read them
// without regard to case and accept the spellings of either source.
type ComplianceCheck string

// The compliance check results Audit Manager reports.
const (
	CheckCompliant     ComplianceCheck = "COMPLIANT"
	CheckFailed        ComplianceCheck = "FAILED"
	CheckNotApplicable ComplianceCheck = "NOT_APPLICABLE"
)

// Failed reports whether the check says something is wrong: FAILED,
// NON_COMPLIANT or FAIL.
func (c ComplianceCheck) Failed() bool {
	switch checkKey(c) {
	case "FAILED", "FAIL", "NONCOMPLIANT":
		return true
	}
	return false
}

// Passed reports whether the check passed: COMPLIANT, PASSED or PASS.
func (c ComplianceCheck) Passed() bool {
	switch checkKey(c) {
	case "COMPLIANT", "PASSED", "PASS":
		return true
	}
	return false
}

// Inconclusive reports whether the check is neither passed nor failed: empty,
// NOT_APPLICABLE, or a value this package does not know.
func (c ComplianceCheck) Inconclusive() bool { return !c.Failed() && !c.Passed() }

func checkKey(c ComplianceCheck) string {
	return strings.NewReplacer("_", "", "-", "", " ", "").Replace(strings.ToUpper(strings.TrimSpace(string(c))))
}

// Evidence is one evidence item of an assessment control.
type Evidence struct {
	ID       string `json:"id"`
	FolderID string `json:"folderId"`
	// AssessmentID, ControlSetID and ControlID locate the control.
	AssessmentID string `json:"assessmentId"`
	ControlSetID string `json:"controlSetId"`
	ControlID    string `json:"controlId"`
	// Time is when the evidence was collected.
	Time time.Time `json:"time,omitzero"`
	// ComplianceCheck is the result of a compliance-check item (see
	// ComplianceCheck); empty for other kinds.
	ComplianceCheck ComplianceCheck `json:"complianceCheck,omitempty"`
	// DataSource is where the evidence comes from, such as "AWS Config",
	// "AWS Security Hub", "AWS CloudTrail" or "Manual".
	DataSource string `json:"dataSource,omitempty"`
	// EventSource and EventName name the AWS service and event (API call,
	// rule) the evidence records.
	EventSource string `json:"eventSource,omitempty"`
	EventName   string `json:"eventName,omitempty"`
	// Kind is Audit Manager's evidenceByType: compliance check, user
	// activity, configuration data or manual.
	Kind string `json:"kind,omitempty"`
	// Account is the account the evidence was collected from.
	Account string `json:"account,omitempty"`
	// IAMID is the user or role the evidence is about.
	IAMID string `json:"iamId,omitempty"`
	// Resources are the resources assessed, each with its own result.
	Resources []EvidenceResource `json:"resources,omitempty"`
	// Attributes are the names and values the evidence event used.
	Attributes map[string]string `json:"attributes,omitempty"`
	// InReport reports whether the evidence is selected for assessment
	// reports.
	InReport bool `json:"inReport,omitempty"`
}

// EvidenceResource is a resource assessed by an evidence item.
type EvidenceResource struct {
	ARN             string          `json:"arn,omitempty"`
	Value           string          `json:"value,omitempty"`
	ComplianceCheck ComplianceCheck `json:"complianceCheck,omitempty"`
}

// EvidenceQuery names the control whose evidence to read.
type EvidenceQuery struct {
	// AssessmentID, ControlSetID and ControlID are required: they are the
	// ID fields of Assessment, ControlSet and AssessmentControl.
	AssessmentID string
	ControlSetID string
	ControlID    string
	// Since, when set, skips the evidence collected before it (and the
	// folders of earlier UTC days, which are not read).
	Since time.Time
}

// Evidence returns the evidence of an assessment control, folder by folder
// (one folder per day, oldest first), each folder's evidence sorted by time
// and id.
//
// IAM: auditmanager:GetEvidenceFoldersByAssessmentControl,
// auditmanager:GetEvidenceByEvidenceFolder.
func (c *Client) Evidence(ctx context.Context, q EvidenceQuery) iter.Seq2[Evidence, error] {
	if q.AssessmentID == "" || q.ControlSetID == "" || q.ControlID == "" {
		return fail[Evidence](fmt.Errorf("auditmanager: Evidence: the query needs an assessment id, a control set id and a control id (got %q, %q, %q)", q.AssessmentID, q.ControlSetID, q.ControlID))
	}
	return func(yield func(Evidence, error) bool) {
		folders, listErr := pager.Collect(c.folders(ctx, "GetEvidenceFoldersByAssessmentControl", func(ctx context.Context, token *string) ([]types.AssessmentEvidenceFolder, *string, error) {
			out, err := c.api.GetEvidenceFoldersByAssessmentControl(ctx, &sdk.GetEvidenceFoldersByAssessmentControlInput{
				AssessmentId: aws.String(q.AssessmentID),
				ControlSetId: aws.String(q.ControlSetID),
				ControlId:    aws.String(q.ControlID),
				MaxResults:   aws.Int32(c.pageSize),
				NextToken:    token,
			}, c.optFns()...)
			if err != nil {
				return nil, nil, err
			}
			return out.EvidenceFolders, out.NextToken, nil
		}))
		slices.SortStableFunc(folders, func(a, b folder) int { return cmp.Or(a.date.Compare(b.date), cmp.Compare(a.id, b.id)) })
		for _, f := range folders {
			if before(f.date, q.Since) {
				continue
			}
			if f.id == "" {
				yield(Evidence{}, fmt.Errorf("auditmanager: GetEvidenceFoldersByAssessmentControl: a folder of control %s/%s/%s has no id", q.AssessmentID, q.ControlSetID, q.ControlID))
				return
			}
			evs, err := pager.Collect(c.folderEvidence(ctx, q, f.id))
			slices.SortStableFunc(evs, func(a, b Evidence) int { return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.ID, b.ID)) })
			for _, e := range evs {
				if !q.Since.IsZero() && e.Time.Before(q.Since) {
					continue
				}
				if !yield(e, nil) {
					return
				}
			}
			if err != nil {
				yield(Evidence{}, err)
				return
			}
		}
		if listErr != nil {
			yield(Evidence{}, listErr)
		}
	}
}

func (c *Client) folderEvidence(ctx context.Context, q EvidenceQuery, folderID string) iter.Seq2[Evidence, error] {
	return clientkit.Pages(ctx, &c.base, "GetEvidenceByEvidenceFolder", func(ctx context.Context, token *string) ([]Evidence, *string, error) {
		out, err := c.api.GetEvidenceByEvidenceFolder(ctx, &sdk.GetEvidenceByEvidenceFolderInput{
			AssessmentId:     aws.String(q.AssessmentID),
			ControlSetId:     aws.String(q.ControlSetID),
			EvidenceFolderId: aws.String(folderID),
			MaxResults:       aws.Int32(c.pageSize),
			NextToken:        token,
		}, c.optFns()...)
		if err != nil {
			return nil, nil, err
		}
		res := make([]Evidence, 0, len(out.Evidence))
		for _, e := range out.Evidence {
			ev := Evidence{
				ID:              aws.ToString(e.Id),
				FolderID:        cmp.Or(aws.ToString(e.EvidenceFolderId), folderID),
				AssessmentID:    q.AssessmentID,
				ControlSetID:    q.ControlSetID,
				ControlID:       q.ControlID,
				Time:            aws.ToTime(e.Time).UTC(),
				ComplianceCheck: ComplianceCheck(aws.ToString(e.ComplianceCheck)),
				DataSource:      aws.ToString(e.DataSource),
				EventSource:     aws.ToString(e.EventSource),
				EventName:       aws.ToString(e.EventName),
				Kind:            aws.ToString(e.EvidenceByType),
				Account:         cmp.Or(aws.ToString(e.EvidenceAwsAccountId), aws.ToString(e.AwsAccountId), c.base.Account),
				IAMID:           aws.ToString(e.IamId),
				Attributes:      e.Attributes,
				InReport:        strings.EqualFold(aws.ToString(e.AssessmentReportSelection), "Yes") || strings.EqualFold(aws.ToString(e.AssessmentReportSelection), "true"),
			}
			for _, r := range e.ResourcesIncluded {
				ev.Resources = append(ev.Resources, EvidenceResource{
					ARN:             aws.ToString(r.Arn),
					Value:           aws.ToString(r.Value),
					ComplianceCheck: ComplianceCheck(aws.ToString(r.ComplianceCheck)),
				})
			}
			res = append(res, ev)
		}
		return res, out.NextToken, nil
	})
}

// before reports whether an evidence folder dated date holds only evidence
// of UTC days before since's; false when since is zero.
func before(date, since time.Time) bool {
	if since.IsZero() {
		return false
	}
	day := func(t time.Time) time.Time { return t.UTC().Truncate(24 * time.Hour) }
	return day(date).Before(day(since))
}

// folder is what this package reads from an evidence folder.
type folder struct {
	id, setID, controlID string
	date                 time.Time
	complianceChecks     int
	issues               int
	manual               int
}

// folders pages through one of the two evidence folder listings.
func (c *Client) folders(ctx context.Context, op string, fetch func(ctx context.Context, token *string) ([]types.AssessmentEvidenceFolder, *string, error)) iter.Seq2[folder, error] {
	return clientkit.Pages(ctx, &c.base, op, func(ctx context.Context, token *string) ([]folder, *string, error) {
		in, next, err := fetch(ctx, token)
		if err != nil {
			return nil, nil, err
		}
		res := make([]folder, 0, len(in))
		for _, f := range in {
			res = append(res, folder{
				id:               aws.ToString(f.Id),
				setID:            aws.ToString(f.ControlSetId),
				controlID:        aws.ToString(f.ControlId),
				date:             aws.ToTime(f.Date).UTC(),
				complianceChecks: int(f.EvidenceByTypeComplianceCheckCount),
				issues:           int(f.EvidenceByTypeComplianceCheckIssuesCount),
				manual:           int(f.EvidenceByTypeManualCount),
			})
		}
		return res, next, nil
	})
}
