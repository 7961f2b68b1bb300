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

// AssessmentStatus is the status of an assessment. Only an ACTIVE assessment
// collects evidence.
type AssessmentStatus string

// The assessment statuses of Audit Manager, and AnyAssessmentStatus to ask
// for both.
const (
	AssessmentActive    AssessmentStatus = "ACTIVE"
	AssessmentInactive  AssessmentStatus = "INACTIVE"
	AnyAssessmentStatus AssessmentStatus = "ANY"
)

// ControlStatus is where a control of an assessment is in its review.
type ControlStatus string

// The control statuses of Audit Manager.
const (
	ControlUnderReview ControlStatus = "UNDER_REVIEW"
	ControlReviewed    ControlStatus = "REVIEWED"
	ControlInactive    ControlStatus = "INACTIVE"
)

// ControlResponse is how the assessment's owner decided to answer a control.
type ControlResponse string

// The control responses of Audit Manager.
const (
	ResponseManual   ControlResponse = "MANUAL"
	ResponseAutomate ControlResponse = "AUTOMATE"
	ResponseDefer    ControlResponse = "DEFER"
	ResponseIgnore   ControlResponse = "IGNORE"
)

// Assessment is an Audit Manager assessment: a framework's controls, with the
// evidence Audit Manager collected for each.
type Assessment struct {
	ID          string           `json:"id"`
	ARN         string           `json:"arn,omitempty"`
	Name        string           `json:"name"`
	Description string           `json:"description,omitempty"`
	Status      AssessmentStatus `json:"status"`
	// ComplianceType is the standard the assessment is for, such as
	// "HIPAA".
	ComplianceType string `json:"complianceType,omitempty"`
	// Framework is the framework the assessment was created from. Its
	// Type and counts come from the framework library; they are empty
	// when the framework is no longer in it.
	Framework   Framework    `json:"framework"`
	ControlSets []ControlSet `json:"controlSets"`
	// ReportDestination is where the assessment's reports go (an s3://
	// URI).
	ReportDestination string    `json:"reportDestination,omitempty"`
	CreatedAt         time.Time `json:"createdAt,omitzero"`
	LastUpdatedAt     time.Time `json:"lastUpdatedAt,omitzero"`
	// EvidenceSince is the AssessmentFilter's EvidenceSince: the folder
	// counts of the controls cover evidence folders dated from then on.
	EvidenceSince time.Time `json:"evidenceSince,omitzero"`
	Account       string    `json:"account,omitempty"`
	Region        string    `json:"region,omitempty"`
}

// ControlSet is a group of controls of an assessment, in the framework's
// order.
type ControlSet struct {
	// ID is the control set's identifier, which Audit Manager makes its
	// name; Name repeats it.
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Status is ACTIVE, UNDER_REVIEW or REVIEWED.
	Status string `json:"status,omitempty"`
	// ManualEvidenceCount and SystemEvidenceCount are Audit Manager's
	// counts of the evidence uploaded and collected for the set.
	ManualEvidenceCount int                 `json:"manualEvidenceCount"`
	SystemEvidenceCount int                 `json:"systemEvidenceCount"`
	Controls            []AssessmentControl `json:"controls"`
}

// AssessmentControl is one control of an assessment and what its evidence
// says.
//
// EvidenceCount and ReportEvidenceCount are Audit Manager's own counts. The
// other counts are summed by this package over the control's evidence
// folders (one folder per control and day), as GetEvidenceFoldersByAssessment
// reports them, counting only the folders dated from
// AssessmentFilter.EvidenceSince on when it is set:
//
//   - ComplianceCheckCount: evidence of the compliance-check kind, the
//     results of AWS Config rules and Security Hub controls
//     (evidenceByTypeComplianceCheckCount).
//   - NonCompliantEvidenceCount: those of them that failed, that is Config
//     reported NON_COMPLIANT or Security Hub FAILED
//     (evidenceByTypeComplianceCheckIssuesCount, "the issues reported
//     directly from Security Hub, Config, or both"). A count above zero
//     means the evidence says something is wrong.
//   - ManualEvidenceCount: evidence imported by hand or by ImportEvidence
//     (evidenceByTypeManualCount).
//
// The counts are Audit Manager's per-folder aggregates, read in one listing
// per assessment instead of reading every evidence item; to count item by
// item, range over Client.Evidence and test ComplianceCheck.Failed.
type AssessmentControl struct {
	ID       string          `json:"id"`
	Name     string          `json:"name"`
	Status   ControlStatus   `json:"status,omitempty"`
	Response ControlResponse `json:"response,omitempty"`
	// EvidenceSources are the data sources the control collects from,
	// such as "AWS Config" or "AWS Security Hub".
	EvidenceSources []string `json:"evidenceSources,omitempty"`
	// EvidenceCount is the evidence Audit Manager collected for the
	// control; ReportEvidenceCount the part of it selected for reports.
	EvidenceCount             int `json:"evidenceCount"`
	ReportEvidenceCount       int `json:"reportEvidenceCount"`
	ComplianceCheckCount      int `json:"complianceCheckCount"`
	NonCompliantEvidenceCount int `json:"nonCompliantEvidenceCount"`
	ManualEvidenceCount       int `json:"manualEvidenceCount"`
	// LastEvidenceAt is the date of the newest evidence folder counted;
	// zero when there is none.
	LastEvidenceAt time.Time `json:"lastEvidenceAt,omitzero"`
}

// AssessmentFilter selects assessments.
type AssessmentFilter struct {
	// Status is AssessmentActive when empty; AnyAssessmentStatus lists
	// inactive assessments too.
	Status AssessmentStatus
	// Framework keeps the assessments whose framework's name matches it
	// (see MatchFrameworkName).
	Framework string
	// EvidenceSince, when set, limits the folder counts of the controls to
	// the evidence folders of its UTC day and later, so that old evidence
	// of a fixed problem does not count.
	EvidenceSince time.Time
}

// Assessments lists the assessments, ACTIVE only unless the filter says
// otherwise, sorted by name and id, each with its framework, control sets and
// controls (in the framework's order) and the evidence counts of every
// control (see AssessmentControl).
//
// It makes one GetAssessment call and one GetEvidenceFoldersByAssessment
// listing per assessment, and one framework listing per type to learn each
// framework's type.
//
// IAM: auditmanager:ListAssessments, auditmanager:GetAssessment,
// auditmanager:GetEvidenceFoldersByAssessment,
// auditmanager:ListAssessmentFrameworks.
func (c *Client) Assessments(ctx context.Context, f AssessmentFilter) iter.Seq2[Assessment, error] {
	return c.assessments(ctx, f, nil, true)
}

// assessments lists the assessments the filter keeps. fws is the framework
// library when the caller has listed it; nil lists it when the first
// assessment needs it. counts says whether to read the evidence folder counts.
func (c *Client) assessments(ctx context.Context, f AssessmentFilter, fws []Framework, counts bool) iter.Seq2[Assessment, error] {
	status := f.Status
	switch status {
	case "":
		status = AssessmentActive
	case AssessmentActive, AssessmentInactive:
	case AnyAssessmentStatus:
		status = ""
	default:
		return fail[Assessment](fmt.Errorf("auditmanager: Assessments: unknown assessment status %q", f.Status))
	}
	return func(yield func(Assessment, error) bool) {
		// The list is collected and sorted: AWS's order is not
		// meaningful, and the metadata is small. Assessments read before
		// a failing page are still returned, then the error.
		refs, listErr := pager.Collect(c.listAssessments(ctx, AssessmentStatus(status)))
		slices.SortStableFunc(refs, func(a, b AssessmentRef) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
		library := fws
		for _, ref := range refs {
			a, err := c.assessment(ctx, ref.ID)
			if err == nil && library == nil {
				library, err = pager.Collect(c.Frameworks(ctx, FrameworkFilter{}))
			}
			if err != nil {
				yield(Assessment{}, err)
				return
			}
			a.Framework = withLibrary(a.Framework, library)
			if f.Framework != "" && !MatchFrameworkName(f.Framework, a.Framework.Name) {
				continue
			}
			if counts {
				a.EvidenceSince = f.EvidenceSince
				if err := c.countEvidence(ctx, &a, f.EvidenceSince); err != nil {
					yield(Assessment{}, err)
					return
				}
			}
			if !yield(a, nil) {
				return
			}
		}
		if listErr != nil {
			yield(Assessment{}, listErr)
		}
	}
}

func (c *Client) listAssessments(ctx context.Context, status AssessmentStatus) iter.Seq2[AssessmentRef, error] {
	return clientkit.Pages(ctx, &c.base, "ListAssessments", func(ctx context.Context, token *string) ([]AssessmentRef, *string, error) {
		out, err := c.api.ListAssessments(ctx, &sdk.ListAssessmentsInput{
			Status:     types.AssessmentStatus(status),
			MaxResults: aws.Int32(c.pageSize),
			NextToken:  token,
		}, c.optFns()...)
		if err != nil {
			return nil, nil, err
		}
		res := make([]AssessmentRef, 0, len(out.AssessmentMetadata))
		for _, m := range out.AssessmentMetadata {
			ref := AssessmentRef{ID: aws.ToString(m.Id), Name: aws.ToString(m.Name)}
			if ref.ID == "" {
				return res, nil, fmt.Errorf("auditmanager: ListAssessments: AWS returned an assessment without an id (name %q)", ref.Name)
			}
			res = append(res, ref)
		}
		return res, out.NextToken, nil
	})
}

// assessment reads one assessment, without the folder counts.
func (c *Client) assessment(ctx context.Context, id string) (Assessment, error) {
	out, err := clientkit.Do(ctx, &c.base, "GetAssessment", func(ctx context.Context) (*sdk.GetAssessmentOutput, error) {
		return c.api.GetAssessment(ctx, &sdk.GetAssessmentInput{AssessmentId: aws.String(id)}, c.optFns()...)
	})
	if err != nil {
		return Assessment{}, err
	}
	in := out.Assessment
	if in == nil || in.Metadata == nil {
		return Assessment{}, fmt.Errorf("auditmanager: GetAssessment %s: AWS returned no assessment metadata", id)
	}
	m := in.Metadata
	a := Assessment{
		ID:             cmp.Or(aws.ToString(m.Id), id),
		ARN:            aws.ToString(in.Arn),
		Name:           aws.ToString(m.Name),
		Description:    aws.ToString(m.Description),
		Status:         AssessmentStatus(m.Status),
		ComplianceType: aws.ToString(m.ComplianceType),
		CreatedAt:      aws.ToTime(m.CreationTime).UTC(),
		LastUpdatedAt:  aws.ToTime(m.LastUpdated).UTC(),
		ControlSets:    []ControlSet{},
	}
	if d := m.AssessmentReportsDestination; d != nil {
		a.ReportDestination = aws.ToString(d.Destination)
	}
	arnRegion, arnAccount := arnLocation(a.ARN)
	a.Region = cmp.Or(arnRegion, c.base.Region)
	var owner string
	if in.AwsAccount != nil {
		owner = aws.ToString(in.AwsAccount.Id)
	}
	a.Account = cmp.Or(owner, arnAccount, c.base.Account)
	if fw := in.Framework; fw != nil {
		a.Framework = Framework{ID: aws.ToString(fw.Id), ARN: aws.ToString(fw.Arn)}
		if fm := fw.Metadata; fm != nil {
			a.Framework.Name = aws.ToString(fm.Name)
			a.Framework.ComplianceType = aws.ToString(fm.ComplianceType)
			a.Framework.Description = aws.ToString(fm.Description)
		}
		for i, cs := range fw.ControlSets {
			set, err := controlSetOf(a.ID, i, cs)
			if err != nil {
				return Assessment{}, err
			}
			a.ControlSets = append(a.ControlSets, set)
		}
	}
	return a, nil
}

// controlSetOf converts the i-th control set of assessment id.
func controlSetOf(id string, i int, cs types.AssessmentControlSet) (ControlSet, error) {
	set := ControlSet{
		ID:                  aws.ToString(cs.Id),
		Description:         aws.ToString(cs.Description),
		Status:              string(cs.Status),
		ManualEvidenceCount: int(cs.ManualEvidenceCount),
		SystemEvidenceCount: int(cs.SystemEvidenceCount),
		Controls:            make([]AssessmentControl, 0, len(cs.Controls)),
	}
	set.Name = set.ID
	if set.ID == "" {
		return ControlSet{}, fmt.Errorf("auditmanager: GetAssessment %s: control set %d has no id", id, i+1)
	}
	for j, ctl := range cs.Controls {
		control := AssessmentControl{
			ID:                  aws.ToString(ctl.Id),
			Name:                aws.ToString(ctl.Name),
			Status:              ControlStatus(ctl.Status),
			Response:            ControlResponse(ctl.Response),
			EvidenceSources:     ctl.EvidenceSources,
			EvidenceCount:       int(ctl.EvidenceCount),
			ReportEvidenceCount: int(ctl.AssessmentReportEvidenceCount),
		}
		if control.ID == "" {
			return ControlSet{}, fmt.Errorf("auditmanager: GetAssessment %s: control %d of control set %q has no id", id, j+1, set.ID)
		}
		set.Controls = append(set.Controls, control)
	}
	return set, nil
}

// withLibrary completes an assessment's framework from the library entry
// with the same id or, failing that, the same name.
func withLibrary(fw Framework, library []Framework) Framework {
	i := slices.IndexFunc(library, func(l Framework) bool { return fw.ID != "" && l.ID == fw.ID })
	if i < 0 {
		i = slices.IndexFunc(library, func(l Framework) bool { return normalizeName(l.Name) == normalizeName(fw.Name) })
	}
	if i < 0 {
		return fw
	}
	l := library[i]
	l.ID, l.ARN = cmp.Or(fw.ID, l.ID), cmp.Or(fw.ARN, l.ARN)
	l.Name = cmp.Or(fw.Name, l.Name)
	return l
}

// countEvidence sums the evidence folder counts of a's controls.
func (c *Client) countEvidence(ctx context.Context, a *Assessment, since time.Time) error {
	type key struct{ set, control string }
	index := make(map[key]*AssessmentControl)
	for i := range a.ControlSets {
		for j := range a.ControlSets[i].Controls {
			ctl := &a.ControlSets[i].Controls[j]
			index[key{a.ControlSets[i].ID, ctl.ID}] = ctl
		}
	}
	for folder, err := range c.folders(ctx, "GetEvidenceFoldersByAssessment", func(ctx context.Context, token *string) ([]types.AssessmentEvidenceFolder, *string, error) {
		out, err := c.api.GetEvidenceFoldersByAssessment(ctx, &sdk.GetEvidenceFoldersByAssessmentInput{
			AssessmentId: aws.String(a.ID),
			MaxResults:   aws.Int32(c.pageSize),
			NextToken:    token,
		}, c.optFns()...)
		if err != nil {
			return nil, nil, err
		}
		return out.EvidenceFolders, out.NextToken, nil
	}) {
		if err != nil {
			return err
		}
		if folder.setID == "" || folder.controlID == "" {
			return fmt.Errorf("auditmanager: GetEvidenceFoldersByAssessment %s: evidence folder %q names no control set or control", a.ID, folder.id)
		}
		if before(folder.date, since) {
			continue
		}
		// A folder of a control no longer in the assessment counts for
		// nothing.
		ctl, ok := index[key{folder.setID, folder.controlID}]
		if !ok {
			continue
		}
		ctl.ComplianceCheckCount += folder.complianceChecks
		ctl.NonCompliantEvidenceCount += folder.issues
		ctl.ManualEvidenceCount += folder.manual
		if folder.date.After(ctl.LastEvidenceAt) {
			ctl.LastEvidenceAt = folder.date
		}
	}
	return nil
}

// arnLocation returns the region and account of an ARN, or empty strings.
func arnLocation(arn string) (region, account string) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return "", ""
	}
	return parts[3], parts[4]
}
