package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/aigov/aigov/governance"
)

// OCSFVersion is the version of the Open Cybersecurity Schema Framework
// that the OCSF events follow: the first 1.x version whose Compliance
// Finding carries a list of resources.
const OCSFVersion = "1.3.0"

// The OCSF identifiers of a Compliance Finding that reports a result.
const (
	ocsfCategoryFindings   = 2
	ocsfClassCompliance    = 2003
	ocsfActivityCreate     = 1
	ocsfAccountTypeAWS     = 10
	ocsfStandardsFallback  = "aigov AI governance controls"
	ocsfAccountType        = "AWS::::Account"
	ocsfNotApplicableLabel = "Not Applicable"
)

// OCSF writes one OCSF Compliance Finding event (class_uid 2003) per
// finding, as JSON Lines (one event per line), for security data lakes
// such as Amazon Security Lake and for SIEMs. Every finding is an event,
// passing ones included: a data lake keeps the evidence that a control
// passed, and consumers deduplicate on finding_info.uid, the finding's
// stable id. See the package documentation for the mappings.
func OCSF(w io.Writer, r *governance.Report, opts ...Option) error {
	s, err := apply(r, opts)
	if err != nil {
		return err
	}
	v := newView(r, s)
	var b bytes.Buffer
	for _, f := range v.findings() {
		line, err := json.Marshal(ocsfEventOf(f, v.control[f.Control], r, s.tool))
		if err != nil {
			return fmt.Errorf("render: encoding an OCSF event: %w", err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("render: writing OCSF events: %w", err)
	}
	return nil
}

// ocsfSeverity maps a finding to the OCSF severity_id: the control's
// severity (1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical) for
// findings that need attention, 1 Informational for passing and not
// applicable ones, as AWS Security Hub does for passed controls. The
// control's own severity stays in unmapped.aigov.control_severity.
func ocsfSeverity(f governance.Finding) (int, string) {
	if f.Status == governance.StatusPass || f.Status == governance.StatusNotApplicable {
		return 1, "Informational"
	}
	switch f.Severity {
	case governance.SeverityCritical:
		return 5, "Critical"
	case governance.SeverityHigh:
		return 4, "High"
	case governance.SeverityMedium:
		return 3, "Medium"
	case governance.SeverityLow:
		return 2, "Low"
	case governance.SeverityInformational:
		return 1, "Informational"
	}
	return 0, "Unknown"
}

// ocsfFindingStatus maps a finding's status to the finding's lifecycle
// status_id: 1 New for FAIL and UNKNOWN (someone has to act), 3 Suppressed
// for WAIVED, 4 Resolved for PASS, 99 Other ("Not Applicable") for
// NOT_APPLICABLE.
func ocsfFindingStatus(s governance.Status) (int, string) {
	switch s {
	case governance.StatusWaived:
		return 3, "Suppressed"
	case governance.StatusPass:
		return 4, "Resolved"
	case governance.StatusNotApplicable:
		return 99, ocsfNotApplicableLabel
	}
	return 1, "New"
}

// ocsfComplianceStatus maps a finding's status to compliance.status_id:
// 1 Pass, 2 Warning for UNKNOWN (OCSF: "did not yield a result due to
// missing information"), 3 Fail for FAIL and for WAIVED (a waiver accepts
// a failure, it does not make it pass), 99 Other for NOT_APPLICABLE.
func ocsfComplianceStatus(s governance.Status) (int, string) {
	switch s {
	case governance.StatusPass:
		return 1, "Pass"
	case governance.StatusUnknown:
		return 2, "Warning"
	case governance.StatusNotApplicable:
		return 99, ocsfNotApplicableLabel
	}
	return 3, "Fail"
}

func ocsfEventOf(f governance.Finding, c governance.ControlResult, r *governance.Report, tool Tool) ocsfEvent {
	sevID, sev := ocsfSeverity(f)
	statusID, status := ocsfFindingStatus(f.Status)
	compID, comp := ocsfComplianceStatus(f.Status)
	title, desc := c.Title, c.Description
	if title == "" {
		title = f.Control
	}
	if desc == "" {
		desc = title
	}
	standards := standards(c)
	if len(standards) == 0 {
		standards = []string{ocsfStandardsFallback}
	}
	e := ocsfEvent{
		ActivityID: ocsfActivityCreate, ActivityName: "Create",
		CategoryUID: ocsfCategoryFindings, CategoryName: "Findings",
		ClassUID: ocsfClassCompliance, ClassName: "Compliance Finding",
		TypeUID: ocsfClassCompliance*100 + ocsfActivityCreate, TypeName: "Compliance Finding: Create",
		SeverityID: sevID, Severity: sev,
		StatusID: statusID, Status: status, StatusDetail: waiverNote(f.Waiver),
		Time:    epochMillis(r.GeneratedAt),
		Message: f.Message,
		Metadata: ocsfMetadata{
			Version:  OCSFVersion,
			Product:  ocsfProduct{Name: tool.Name, VendorName: tool.Name, Version: tool.Version, URL: tool.InfoURI},
			Profiles: []string{"cloud"},
		},
		Cloud: ocsfCloud{Provider: "AWS", Region: f.Region},
		FindingInfo: ocsfFindingInfo{
			UID: f.ID, Title: title, Desc: desc,
			CreatedTime: epochMillis(r.GeneratedAt), LastSeenTime: epochMillis(lastSeen(f, r)),
		},
		Compliance: ocsfCompliance{
			Control: f.Control, Standards: standards, Requirements: clauses(c),
			StatusID: compID, Status: comp, StatusDetail: c.Reason,
		},
		Unmapped: ocsfUnmapped{AIGov: ocsfAIGov{
			ControlSeverity: f.Severity, ControlStatus: c.Status, FindingStatus: f.Status, Evidence: evidence(f),
		}},
	}
	if f.Account != "" {
		e.Cloud.Account = &ocsfAccount{UID: f.Account, TypeID: ocsfAccountTypeAWS, Type: "AWS Account"}
	}
	if c.Remediation != "" {
		e.Remediation = &ocsfRemediation{Desc: c.Remediation}
	}
	switch {
	case f.Resource != "":
		e.Resources = []ocsfResource{{UID: f.Resource, Type: f.ResourceType, Region: f.Region}}
	case f.Account != "":
		e.Resources = []ocsfResource{{UID: f.Account, Type: ocsfAccountType, Region: f.Region}}
	}
	return e
}

// lastSeen is when the evidence of a finding was collected: its latest
// evidence time, or the snapshot's.
func lastSeen(f governance.Finding, r *governance.Report) time.Time {
	var times []time.Time
	for _, e := range f.Evidence {
		if !e.CollectedAt.IsZero() {
			times = append(times, e.CollectedAt)
		}
	}
	if len(times) == 0 {
		return r.CollectedAt
	}
	return slices.MaxFunc(times, time.Time.Compare)
}

// epochMillis is an OCSF timestamp_t: milliseconds since the Unix epoch,
// 0 for an unknown time.
func epochMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// The OCSF 1.3.0 objects the events use, with their schema names.
type (
	ocsfEvent struct {
		ActivityID   int              `json:"activity_id"`
		ActivityName string           `json:"activity_name"`
		CategoryUID  int              `json:"category_uid"`
		CategoryName string           `json:"category_name"`
		ClassUID     int              `json:"class_uid"`
		ClassName    string           `json:"class_name"`
		TypeUID      int              `json:"type_uid"`
		TypeName     string           `json:"type_name"`
		SeverityID   int              `json:"severity_id"`
		Severity     string           `json:"severity"`
		StatusID     int              `json:"status_id"`
		Status       string           `json:"status"`
		StatusDetail string           `json:"status_detail,omitempty"`
		Time         int64            `json:"time"`
		Message      string           `json:"message"`
		Metadata     ocsfMetadata     `json:"metadata"`
		Cloud        ocsfCloud        `json:"cloud"`
		FindingInfo  ocsfFindingInfo  `json:"finding_info"`
		Compliance   ocsfCompliance   `json:"compliance"`
		Remediation  *ocsfRemediation `json:"remediation,omitempty"`
		Resources    []ocsfResource   `json:"resources,omitempty"`
		Unmapped     ocsfUnmapped     `json:"unmapped"`
	}
	ocsfMetadata struct {
		Version  string      `json:"version"`
		Product  ocsfProduct `json:"product"`
		Profiles []string    `json:"profiles"`
	}
	ocsfProduct struct {
		Name       string `json:"name"`
		VendorName string `json:"vendor_name"`
		Version    string `json:"version,omitempty"`
		URL        string `json:"url_string,omitempty"`
	}
	ocsfCloud struct {
		Provider string       `json:"provider"`
		Region   string       `json:"region,omitempty"`
		Account  *ocsfAccount `json:"account,omitempty"`
	}
	ocsfAccount struct {
		UID    string `json:"uid"`
		TypeID int    `json:"type_id"`
		Type   string `json:"type"`
	}
	ocsfFindingInfo struct {
		UID          string `json:"uid"`
		Title        string `json:"title"`
		Desc         string `json:"desc"`
		CreatedTime  int64  `json:"created_time,omitempty"`
		LastSeenTime int64  `json:"last_seen_time,omitempty"`
	}
	ocsfCompliance struct {
		Control      string   `json:"control"`
		Standards    []string `json:"standards"`
		Requirements []string `json:"requirements,omitempty"`
		StatusID     int      `json:"status_id"`
		Status       string   `json:"status"`
		StatusDetail string   `json:"status_detail,omitempty"`
	}
	ocsfRemediation struct {
		Desc string `json:"desc"`
	}
	ocsfResource struct {
		UID    string `json:"uid"`
		Type   string `json:"type,omitempty"`
		Region string `json:"region,omitempty"`
	}
	ocsfUnmapped struct {
		AIGov ocsfAIGov `json:"aigov"`
	}
	// ocsfAIGov keeps what OCSF has no attribute for: the control's
	// severity (severity_id is Informational for a passing finding) and
	// aigov's own statuses.
	ocsfAIGov struct {
		ControlSeverity governance.Severity `json:"control_severity"`
		ControlStatus   governance.Status   `json:"control_status,omitempty"`
		FindingStatus   governance.Status   `json:"finding_status"`
		Evidence        []string            `json:"evidence,omitempty"`
	}
)
