package governance

import (
	"encoding/json"
	"slices"
)

// The read actions each collector calls. Tests hold the collectors to them:
// every call a fake receives during Evaluate maps to one of these.
var readActions = map[Source][]string{
	SourceConfig: {
		"config:DescribeComplianceByConfigRule",
		"config:DescribeConfigRules",
		"config:DescribeConfigurationRecorderStatus",
		"config:GetComplianceDetailsByConfigRule",
		"config:SelectResourceConfig",
	},
	SourceInspector: {
		"inspector2:BatchGetAccountStatus",
		"inspector2:ListCoverage",
		"inspector2:ListFindings",
	},
	SourceAuditManager: {
		"auditmanager:GetAccountStatus",
		"auditmanager:GetAssessment",
		"auditmanager:GetEvidenceFoldersByAssessment",
		"auditmanager:GetSettings",
		"auditmanager:ListAssessmentFrameworks",
		"auditmanager:ListAssessments",
	},
	SourceArtifact: {
		"artifact:ListCustomerAgreements",
		"artifact:ListReports",
	},
	SourceCloudTrail: {
		"cloudtrail:DescribeTrails",
		"cloudtrail:GetEventSelectors",
		"cloudtrail:GetInsightSelectors",
		"cloudtrail:GetTrailStatus",
		"cloudtrail:LookupEvents",
	},
	SourceAdvisor: {
		"support:DescribeTrustedAdvisorCheckResult",
		"support:DescribeTrustedAdvisorCheckSummaries",
		"support:DescribeTrustedAdvisorChecks",
		"trustedadvisor:ListChecks",
		"trustedadvisor:ListRecommendationResources",
		"trustedadvisor:ListRecommendations",
	},
}

// aggregatorActions replace the account-level Config actions in
// aggregator mode (for the aggregator's account).
var aggregatorActions = []string{
	"config:DescribeAggregateComplianceByConfigRules",
	"config:DescribeConfigurationAggregatorSourcesStatus",
	"config:GetAggregateComplianceDetailsByConfigRule",
	"config:SelectAggregateResourceConfig",
}

// IAMActions returns, sorted, every IAM action Evaluate may call with this
// configuration: the read actions of the sources the selected controls
// read, and nothing else. None of them writes.
func (e *Evaluator) IAMActions() []string {
	var out []string
	for _, src := range AllSources {
		if !e.reads(src) {
			continue
		}
		if src == SourceConfig && e.aggregator.name != "" {
			out = append(out, aggregatorActions...)
			continue
		}
		out = append(out, readActions[src]...)
	}
	if e.lake.store != "" && e.reads(SourceCloudTrail) {
		// The review runs in Lake instead of LookupEvents; CancelQuery is
		// sent only for the review's own query, when it is abandoned.
		out = slices.DeleteFunc(out, func(a string) bool { return a == "cloudtrail:LookupEvents" })
		out = append(out, "cloudtrail:CancelQuery", "cloudtrail:DescribeQuery", "cloudtrail:GetQueryResults", "cloudtrail:StartQuery")
	}
	if e.advisorOrg != "" && e.reads(SourceAdvisor) {
		out = append(out, "trustedadvisor:ListOrganizationRecommendationAccounts", "trustedadvisor:ListOrganizationRecommendationResources", "trustedadvisor:ListOrganizationRecommendations")
	}
	out = append(out, e.extraActions...)
	return sortedUnique(out)
}

// IAMPolicy returns a least-privilege IAM policy document (JSON) that
// allows exactly IAMActions. Attach it to the role aigov runs as (and, with
// WithAssumeRole, to the role it assumes in each account).
func (e *Evaluator) IAMPolicy() []byte {
	type statement struct {
		Sid      string   `json:"Sid"`
		Effect   string   `json:"Effect"`
		Action   []string `json:"Action"`
		Resource string   `json:"Resource"`
	}
	doc := struct {
		Version   string      `json:"Version"`
		Statement []statement `json:"Statement"`
	}{Version: "2012-10-17"}
	actions := e.IAMActions()
	var reads, other []string
	for _, a := range actions {
		if a == "sts:AssumeRole" {
			other = append(other, a)
		} else {
			reads = append(reads, a)
		}
	}
	// These read-only actions support no resource-level permissions, so
	// the statement's resource is "*".
	doc.Statement = append(doc.Statement, statement{Sid: "AigovReadOnly", Effect: "Allow", Action: reads, Resource: "*"})
	if slices.Contains(other, "sts:AssumeRole") {
		doc.Statement = append(doc.Statement, statement{Sid: "AigovAssumeMemberRoles", Effect: "Allow", Action: []string{"sts:AssumeRole"}, Resource: e.assumeRoleResource()})
	}
	b, _ := json.MarshalIndent(doc, "", "  ")
	return append(b, '\n')
}
