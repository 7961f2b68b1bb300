package auditmanagertest

import (
	"fmt"
	"slices"
	"time"

	"github.com/aigov/aigov/auditmanager"
)

// Evidence kinds as the fake spells them (Audit Manager's console labels;
// AWS does not document the wire values of evidenceByType). Evidence of kind
// ComplianceCheckKind, or with a ComplianceCheck, counts as a compliance
// check in its folder; ManualKind as manual evidence.
const (
	ComplianceCheckKind   = "Compliance check"
	UserActivityKind      = "User activity"
	ConfigurationDataKind = "Configuration data"
	ManualKind            = "Manual"
)

// AddFramework adds a framework to the library. Name is required; ID is
// made up when empty (in Audit Manager's UUID format), Type defaults to
// Custom. It returns the framework as stored and panics on a duplicate id.
func (f *Fake) AddFramework(fw auditmanager.Framework) auditmanager.Framework {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.addFramework(fw)
}

func (f *Fake) addFramework(fw auditmanager.Framework) auditmanager.Framework {
	if fw.Name == "" {
		panic("auditmanagertest: AddFramework: the framework has no name")
	}
	if fw.ID == "" {
		fw.ID = f.newID()
	}
	if slices.ContainsFunc(f.frameworks, func(have auditmanager.Framework) bool { return have.ID == fw.ID }) {
		panic(fmt.Sprintf("auditmanagertest: AddFramework: framework %s already exists", fw.ID))
	}
	if fw.Type == "" {
		fw.Type = auditmanager.Custom
	}
	if fw.ARN == "" {
		owner := f.account
		if fw.Type == auditmanager.Standard {
			owner = ""
		}
		fw.ARN = fmt.Sprintf("arn:aws:auditmanager:%s:%s:assessmentFramework/%s", f.region, owner, fw.ID)
	}
	if fw.CreatedAt.IsZero() {
		fw.CreatedAt = f.now()
	}
	if fw.LastUpdatedAt.IsZero() {
		fw.LastUpdatedAt = fw.CreatedAt
	}
	f.frameworks = append(f.frameworks, fw)
	return fw
}

// AddAssessment adds an assessment and returns it as stored, with the ids
// the fake made up: pass those to AddEvidence and to the client.
//
// Name and at least one control per control set are required. The ID,
// control ids and ARN are made up when empty; Status defaults to ACTIVE,
// Account and Region to the fake's, control Status to UNDER_REVIEW and
// Response to AUTOMATE; a control set's Name is its ID (Audit Manager's
// control set id is its name), so either may be given. The framework is
// looked up in the library by ID, then by name, and added to it when absent.
// The evidence counts of the value are ignored: the fake derives them from
// the evidence added.
func (f *Fake) AddAssessment(a auditmanager.Assessment) auditmanager.Assessment {
	now := f.now()
	f.mu.Lock()
	defer f.mu.Unlock()
	if a.Name == "" {
		panic("auditmanagertest: AddAssessment: the assessment has no name")
	}
	if a.ID == "" {
		a.ID = f.newID()
	}
	if !uuid.MatchString(a.ID) {
		panic(fmt.Sprintf("auditmanagertest: AddAssessment: id %q is not in Audit Manager's UUID format", a.ID))
	}
	if f.assessment(a.ID) != nil {
		panic(fmt.Sprintf("auditmanagertest: AddAssessment: assessment %s already exists", a.ID))
	}
	if a.Status == "" {
		a.Status = auditmanager.AssessmentActive
	}
	if a.Account == "" {
		a.Account = f.account
	}
	if a.Region == "" {
		a.Region = f.region
	}
	if a.ARN == "" {
		a.ARN = fmt.Sprintf("arn:aws:auditmanager:%s:%s:assessment/%s", a.Region, a.Account, a.ID)
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	if a.LastUpdatedAt.IsZero() {
		a.LastUpdatedAt = a.CreatedAt
	}
	a.Framework = f.libraryFramework(a.Framework)
	if len(a.ControlSets) == 0 {
		panic(fmt.Sprintf("auditmanagertest: AddAssessment: assessment %q has no control sets", a.Name))
	}
	sets := make([]auditmanager.ControlSet, len(a.ControlSets))
	for i, cs := range a.ControlSets {
		if cs.ID == "" {
			cs.ID = cs.Name
		}
		if cs.ID == "" || len(cs.Controls) == 0 {
			panic(fmt.Sprintf("auditmanagertest: AddAssessment: control set %d of %q needs an id or a name, and controls", i+1, a.Name))
		}
		cs.Name = cs.ID
		if cs.Status == "" {
			cs.Status = "ACTIVE"
		}
		controls := make([]auditmanager.AssessmentControl, len(cs.Controls))
		for j, c := range cs.Controls {
			if c.Name == "" {
				panic(fmt.Sprintf("auditmanagertest: AddAssessment: control %d of control set %q has no name", j+1, cs.ID))
			}
			if c.ID == "" {
				c.ID = f.newID()
			}
			if !uuid.MatchString(c.ID) {
				panic(fmt.Sprintf("auditmanagertest: AddAssessment: control id %q is not in Audit Manager's UUID format", c.ID))
			}
			if c.Status == "" {
				c.Status = auditmanager.ControlUnderReview
			}
			if c.Response == "" {
				c.Response = auditmanager.ResponseAutomate
			}
			controls[j] = auditmanager.AssessmentControl{ID: c.ID, Name: c.Name, Status: c.Status, Response: c.Response, EvidenceSources: c.EvidenceSources}
		}
		cs.Controls = controls
		sets[i] = cs
	}
	a.ControlSets = sets
	a.EvidenceSince = time.Time{}
	f.assessments = append(f.assessments, &assessment{Assessment: a})
	return a
}

// libraryFramework returns the library's framework that fw names, adding fw
// to the library when there is none.
func (f *Fake) libraryFramework(fw auditmanager.Framework) auditmanager.Framework {
	for _, have := range f.frameworks {
		if (fw.ID != "" && have.ID == fw.ID) || (fw.ID == "" && fw.Name != "" && have.Name == fw.Name) {
			return have
		}
	}
	if fw.Name == "" {
		panic("auditmanagertest: AddAssessment: the assessment's framework has no name")
	}
	return f.addFramework(fw)
}

// AddEvidence adds evidence to a control of an assessment. Time defaults to
// the fake's clock, ID is made up, Account defaults to the assessment's, and
// Kind to ComplianceCheckKind when the item has a ComplianceCheck. The
// evidence is filed in the control's folder of its UTC day, as Audit Manager
// files it.
func (f *Fake) AddEvidence(assessmentID, controlSetID, controlID string, evidence ...auditmanager.Evidence) {
	now := f.now()
	f.mu.Lock()
	defer f.mu.Unlock()
	a := f.assessment(assessmentID)
	if a == nil {
		panic(fmt.Sprintf("auditmanagertest: AddEvidence: no assessment %s; add it first", assessmentID))
	}
	if _, ok := a.control(controlSetID, controlID); !ok {
		panic(fmt.Sprintf("auditmanagertest: AddEvidence: assessment %s has no control %s in control set %q", assessmentID, controlID, controlSetID))
	}
	for _, e := range evidence {
		if e.Time.IsZero() {
			e.Time = now
		}
		e.Time = e.Time.UTC()
		if e.ID == "" {
			e.ID = f.newID()
		}
		if e.Account == "" {
			e.Account = a.Account
		}
		if e.Kind == "" && e.ComplianceCheck != "" {
			e.Kind = ComplianceCheckKind
		}
		e.AssessmentID, e.ControlSetID, e.ControlID = assessmentID, controlSetID, controlID
		e.FolderID = folderID(assessmentID, controlSetID, controlID, e.Time)
		a.evidence = append(a.evidence, e)
	}
}

// FailedCheck is compliance-check evidence of an AWS Config rule that found
// resource non-compliant: what Audit Manager collects when a control's
// evidence says something is wrong.
func FailedCheck(rule, resourceARN string) auditmanager.Evidence {
	return configCheck(rule, resourceARN, auditmanager.CheckFailed)
}

// PassedCheck is compliance-check evidence of an AWS Config rule that found
// resource compliant.
func PassedCheck(rule, resourceARN string) auditmanager.Evidence {
	return configCheck(rule, resourceARN, auditmanager.CheckCompliant)
}

func configCheck(rule, arn string, check auditmanager.ComplianceCheck) auditmanager.Evidence {
	return auditmanager.Evidence{
		DataSource:      "AWS Config",
		EventSource:     "config.amazonaws.com",
		EventName:       rule,
		Kind:            ComplianceCheckKind,
		ComplianceCheck: check,
		Resources:       []auditmanager.EvidenceResource{{ARN: arn, ComplianceCheck: check}},
	}
}

// StandardFrameworks returns the standard frameworks aigov looks for, as the
// fake's library holds them: the well-known ones of package auditmanager and
// NIST SP 800-53 Rev 5. Ids and dates are stable: Audit Manager's launch
// (2020-12-08), and 2024-06-11 for generative AI v2. The control counts are
// AWS's where AWS published them (110 for generative AI v2) and illustrative
// otherwise.
func StandardFrameworks() []auditmanager.Framework {
	launch := time.Date(2020, 12, 8, 0, 0, 0, 0, time.UTC)
	fw := func(n int, name, compliance string, sets, controls int) auditmanager.Framework {
		return auditmanager.Framework{
			ID: fmt.Sprintf("00000000-0000-4000-a000-%012d", n), Name: name, Type: auditmanager.Standard,
			ComplianceType: compliance, ControlSetCount: sets, ControlCount: controls, CreatedAt: launch, LastUpdatedAt: launch,
		}
	}
	genai := fw(1, auditmanager.FrameworkGenerativeAIv2, "Generative AI", 8, 110)
	genai.CreatedAt = time.Date(2024, 6, 11, 0, 0, 0, 0, time.UTC)
	genai.LastUpdatedAt = genai.CreatedAt
	return []auditmanager.Framework{
		genai,
		fw(2, auditmanager.FrameworkISO27001, "ISO 27001", 14, 114),
		fw(3, auditmanager.FrameworkSOC2, "SOC2", 9, 61),
		fw(4, auditmanager.FrameworkHIPAASecurityRule, "HIPAA", 8, 80),
		fw(5, auditmanager.FrameworkHIPAAOmnibusFinal, "HIPAA", 6, 60),
		fw(6, auditmanager.FrameworkGDPR, "GDPR", 17, 88),
		fw(7, "NIST SP 800-53 Rev 5", "NIST 800-53", 20, 1007),
	}
}

// GenerativeAIAssessment returns, for AddAssessment, an ACTIVE assessment
// named name on the "AWS Generative AI Best Practices Framework v2": its
// eight control sets (one per principle) with a few representative controls
// each. The control names are illustrative, not AWS's full list of 110.
func GenerativeAIAssessment(name string) auditmanager.Assessment {
	set := func(id string, controls ...string) auditmanager.ControlSet {
		cs := auditmanager.ControlSet{ID: id}
		for _, c := range controls {
			cs.Controls = append(cs.Controls, auditmanager.AssessmentControl{Name: c, EvidenceSources: []string{"AWS Config", "AWS Security Hub"}})
		}
		return cs
	}
	return auditmanager.Assessment{
		Name:           name,
		ComplianceType: "Generative AI",
		Framework:      StandardFrameworks()[0],
		ControlSets: []auditmanager.ControlSet{
			set("Responsible", "Responsible - Model governance", "Responsible - Human oversight"),
			set("Safe", "Safe - Guardrails on model output"),
			set("Fair", "Fair - Bias evaluation"),
			set("Sustainable", "Sustainable - Right-sized model endpoints"),
			set("Resilience", "Resilience - Backups of customised models are tested"),
			set("Privacy", "Privacy - PII is anonymised before training", "Privacy - MFA for access to training datasets"),
			set("Accuracy", "Accuracy - Error analysis"),
			set("Secure", "Secure - Notebook instances have no direct internet access", "Secure - Models run with network isolation"),
		},
	}
}

// Import is one manual evidence item the fake accepted through
// BatchImportEvidenceToAssessmentControl.
type Import struct {
	AssessmentID string
	ControlSetID string
	ControlID    string
	Item         auditmanager.ManualEvidence
	At           time.Time
}

// Imported returns the manual evidence the fake accepted, in the order it
// was imported: what a test of an evidence bot asserts.
func (f *Fake) Imported() []Import {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.imports)
}

// Reports returns the assessment reports created, in order.
func (f *Fake) Reports() []auditmanager.Report {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.reports)
}

func (f *Fake) assessment(id string) *assessment {
	for _, a := range f.assessments {
		if a.ID == id {
			return a
		}
	}
	return nil
}

func (a *assessment) control(setID, controlID string) (auditmanager.AssessmentControl, bool) {
	for _, cs := range a.ControlSets {
		if cs.ID != setID {
			continue
		}
		for _, c := range cs.Controls {
			if c.ID == controlID {
				return c, true
			}
		}
	}
	return auditmanager.AssessmentControl{}, false
}

// folderID is the id of the folder of a control's evidence of one UTC day.
func folderID(assessmentID, setID, controlID string, t time.Time) string {
	return stableID(assessmentID, setID, controlID, t.UTC().Format(time.DateOnly))
}
