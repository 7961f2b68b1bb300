package governance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/auditmanager"
)

// auditStates returns the Audit Manager states of an account's regions,
// and why each missing one is missing.
func (s *Snapshot) auditStates(account string) (states []*AuditManagerState, missing []string) {
	for _, region := range s.Scope.Regions {
		loc := Location{Account: account, Region: region}
		i := slices.IndexFunc(s.AuditManager, func(st AuditManagerState) bool { return st.Location == loc })
		if i < 0 {
			missing = append(missing, s.missing(SourceAuditManager, loc))
			continue
		}
		states = append(states, &s.AuditManager[i])
	}
	return states, missing
}

// usable returns the assessments of a state, or why they cannot be read.
func (st *AuditManagerState) usable() ([]auditmanager.Assessment, string) {
	switch {
	case !st.Status.OK():
		return nil, st.Status.Why("the Audit Manager status of " + st.Location.String())
	case !st.Status.Value.Available():
		return nil, st.Location.String() + ": " + st.Status.Value.Reason
	case !st.Assessments.OK():
		return nil, st.Assessments.Why("the Audit Manager assessments of " + st.Location.String())
	}
	return st.Assessments.Value, ""
}

// frameworkCheck is a control passing for an account when an active
// assessment in one of its regions uses each framework named.
func frameworkCheck(names func(Policy) []string) func(*Snapshot) []Finding {
	return func(s *Snapshot) []Finding {
		required := names(s.Policy)
		var out []Finding
		for _, account := range s.Scope.Accounts {
			l := at{Account: account}
			states, missing := s.auditStates(account)
			var unknown []string
			var assessments []auditmanager.Assessment
			var evidence []Evidence
			for _, st := range states {
				as, why := st.usable()
				if why != "" {
					unknown = append(unknown, why)
					continue
				}
				assessments = append(assessments, as...)
				evidence = append(evidence, Evidence{Source: SourceAuditManager, Operation: st.Assessments.Operation, Detail: "active assessments in " + st.Region, CollectedAt: st.CollectedAt})
			}
			unknown = append(unknown, missing...)
			for _, name := range required {
				var users []string
				for _, a := range assessments {
					if a.Status == auditmanager.AssessmentActive && auditmanager.MatchFrameworkName(name, a.Framework.Name) {
						users = append(users, a.Name+" ("+a.Region+")")
					}
				}
				f := l.finding(StatusPass, "", evidence...)
				f.ResourceType, f.Resource = "AuditManager::Framework", name
				switch {
				case len(users) > 0:
					f.Message = fmt.Sprintf("account %s: the active assessment %s uses %s", account, strings.Join(users, ", "), name)
				case len(unknown) > 0:
					f.Status = StatusUnknown
					f.Message = fmt.Sprintf("account %s: no assessment using %s seen, and %s", account, name, strings.Join(unknown, "; "))
				default:
					f.Status = StatusFail
					f.Message = fmt.Sprintf("account %s: no active Audit Manager assessment uses %s", account, name)
				}
				out = append(out, f)
			}
		}
		return out
	}
}

// nonCompliantEvidence is AIML-GOV-07: one finding per assessment control
// that has compliance-check evidence.
func nonCompliantEvidence(s *Snapshot) []Finding {
	var out []Finding
	for _, account := range s.Scope.Accounts {
		states, missing := s.auditStates(account)
		for _, m := range missing {
			out = append(out, at{Account: account}.unknown(m))
		}
		for _, st := range states {
			l := at(st.Location)
			as, why := st.usable()
			if why != "" {
				out = append(out, l.unknown(why))
				continue
			}
			ev := Evidence{Source: SourceAuditManager, Operation: "auditmanager:GetEvidenceFoldersByAssessment", CollectedAt: st.CollectedAt}
			for _, a := range as {
				for _, set := range a.ControlSets {
					for _, c := range set.Controls {
						if c.ComplianceCheckCount == 0 && c.NonCompliantEvidenceCount == 0 {
							continue
						}
						id := a.ARN
						if id == "" {
							id = a.ID
						}
						e := ev
						e.Detail = "assessment " + a.Name
						f := l.resource("AuditManager::AssessmentControl", id+"/"+c.ID, StatusPass,
							fmt.Sprintf("assessment %q, control %q: %d compliance checks, none failed", a.Name, c.Name, c.ComplianceCheckCount), e)
						if c.NonCompliantEvidenceCount > 0 {
							f.Status = StatusFail
							f.Message = fmt.Sprintf("assessment %q, control %q: %d of %d compliance checks in its evidence failed", a.Name, c.Name, c.NonCompliantEvidenceCount, max(c.ComplianceCheckCount, c.NonCompliantEvidenceCount))
						}
						out = append(out, f)
					}
				}
			}
		}
	}
	return out
}

// artifactState returns the Artifact state of an account.
func (s *Snapshot) artifactState(account string) (*ArtifactState, string) {
	for i := range s.Artifact {
		if s.Artifact[i].Account == account {
			return &s.Artifact[i], ""
		}
	}
	return nil, s.missing(SourceArtifact, Location{Account: account})
}

// certifications is AIML-GOV-03: one finding per account and requirement,
// evaluated at collection time so that a saved snapshot gives the same
// answer later.
func certifications(s *Snapshot) []Finding {
	var out []Finding
	reqs := s.Policy.CertificationRequirements()
	for _, account := range s.Scope.Accounts {
		l := at{Account: account}
		st, why := s.artifactState(account)
		if st == nil {
			out = append(out, l.unknown(why))
			continue
		}
		ev := Evidence{Source: SourceArtifact, Operation: st.Reports.Operation, CollectedAt: st.CollectedAt}
		if !st.Reports.OK() {
			out = append(out, l.unknown(st.Reports.Why("the AWS Artifact reports of account "+account), ev))
			continue
		}
		for _, cs := range artifact.EvaluateCertifications(st.Reports.Value, st.CollectedAt, reqs...) {
			f := l.finding(StatusFail, cs.Requirement.Name+": "+cs.Reason, ev)
			f.ResourceType, f.Resource = "Artifact::Certification", cs.Requirement.Name
			if cs.Report != nil {
				f.Evidence[0].Detail = fmt.Sprintf("report %s %q version %d", cs.Report.ID, cs.Report.Name, cs.Report.Version)
			}
			if cs.State == artifact.CertificationCurrent {
				f.Status = StatusPass
			}
			out = append(out, f)
		}
	}
	return out
}

// baa is AIML-GOV-08: NOT_APPLICABLE without health data.
func baa(s *Snapshot) []Finding {
	if !s.Policy.HealthData {
		return nil
	}
	var out []Finding
	for _, account := range s.Scope.Accounts {
		l := at{Account: account}
		st, why := s.artifactState(account)
		if st == nil {
			out = append(out, l.unknown(why))
			continue
		}
		ev := Evidence{Source: SourceArtifact, Operation: st.Agreements.Operation, CollectedAt: st.CollectedAt}
		if !st.Agreements.OK() {
			out = append(out, l.unknown(st.Agreements.Why("the AWS Artifact agreements of account "+account), ev))
			continue
		}
		as := artifact.EvaluateAgreement(st.Agreements.Value, artifact.HIPAABAA)
		f := l.finding(StatusFail, "account "+account+": "+as.Reason, ev)
		f.ResourceType, f.Resource = "Artifact::Agreement", artifact.HIPAABAA
		if as.State == artifact.AgreementActive {
			f.Status = StatusPass
		}
		out = append(out, f)
	}
	return out
}

func auditControls() []Control {
	am := []Source{SourceAuditManager}
	return []Control{
		{
			ID: "AIML-GOV-05", Severity: SeverityMedium, Sources: am,
			Title:       "An active Audit Manager assessment uses the Generative AI best practices framework",
			Description: "Audit Manager continuously collects evidence for the AWS Generative AI Best Practices Framework v2 in every account in scope.",
			Rationale:   "The framework's 110 controls turn the responsible-AI principles into evidence an auditor can review, collected as the workloads run.",
			Remediation: "Create an Audit Manager assessment from the \"AWS Generative AI Best Practices Framework v2\" standard framework, scoped to the AI accounts and services. Where Audit Manager is not available (closed to new customers since 2026-04-30), deploy aigov's AWS Config conformance pack instead.",
			Check:       frameworkCheck(func(Policy) []string { return []string{auditmanager.FrameworkGenerativeAIv2} }),
		},
		{
			ID: "AIML-GOV-06", Severity: SeverityMedium, Sources: am,
			Title:       "Active Audit Manager assessments cover the frameworks the programme requires",
			Description: "Every framework the policy requires (ISO/IEC 27001, SOC 2, HIPAA, GDPR …) has an active assessment.",
			Rationale:   "Evidence collected continuously for each audit the organisation faces replaces evidence gathered by hand before the audit.",
			Remediation: "Create an assessment from each required standard framework.",
			Check:       frameworkCheck(func(p Policy) []string { return p.RequiredFrameworks }),
		},
		{
			ID: "AIML-GOV-07", Severity: SeverityHigh, Sources: am,
			Title:       "No Audit Manager control has non-compliant evidence",
			Description: "In the review window, no assessment control collected a failed compliance check (a NON_COMPLIANT Config rule or a FAILED Security Hub control).",
			Rationale:   "Failed checks in assessment evidence are what an auditor will find first.",
			Remediation: "Open the control in Audit Manager, review the failed evidence and fix the resources it names.",
			Check:       nonCompliantEvidence,
		},
		{
			ID: "AIML-GOV-03", Severity: SeverityMedium, Sources: []Source{SourceArtifact},
			Title:       "The certifications the programme requires are available and current in AWS Artifact",
			Description: "For each certification the policy requires, AWS Artifact has a report whose period ended recently enough.",
			Rationale:   "Relying on AWS services for AI workloads means relying on AWS's own certifications; a regulator will ask for the current reports.",
			Remediation: "Download the current report from AWS Artifact; if none is current, check AWS's compliance pages and adjust the policy's maximum age or the services relied on.",
			Check:       certifications,
		},
		{
			ID: "AIML-GOV-08", Severity: SeverityHigh, Sources: []Source{SourceArtifact},
			Title:       "The HIPAA Business Associate Addendum is active where health data is handled",
			Description: "Accounts whose AI workloads handle protected health information have accepted the AWS BAA, and it is not terminated.",
			Rationale:   "HIPAA requires a business associate contract before AWS may process PHI (45 CFR 164.308(b)(1), 164.314(a)).",
			Remediation: "Accept the AWS Business Associate Addendum in AWS Artifact for the account or the organisation.",
			Check:       baa,
		},
	}
}
