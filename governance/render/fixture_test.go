package render

import (
	"time"

	"github.com/aigov/aigov/governance"
)

// The fixture's times: evidence collected five minutes before the report.
var (
	collectedAt = time.Date(2026, 11, 20, 8, 55, 0, 0, time.UTC)
	generatedAt = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
)

const (
	acctA = "111111111111"
	acctB = "222222222222"
	euw1  = "eu-west-1"
	use1  = "us-east-1"

	bucketType   = "AWS::S3::Bucket"
	notebookType = "AWS::SageMaker::NotebookInstance"
	notebookARN  = "arn:aws:sagemaker:eu-west-1:111111111111:notebook-instance/"
)

// fixture returns a report that holds every status (of controls and of
// findings), every severity, every source outcome, every mapping basis and
// waiver state, findings with and without resources and regions, a control
// without frameworks, and strings that try to break each format: markup,
// quotes, commas, line breaks, a spreadsheet formula and a javascript: URL.
// TestFixtureIsConsistent checks that the engine would derive the same
// statuses, counts and scores from its findings.
func fixture() *governance.Report {
	configEvidence := func(rule string) []governance.Evidence {
		return []governance.Evidence{{Source: governance.SourceConfig, Operation: "config:GetComplianceDetailsByConfigRule", Detail: rule, CollectedAt: collectedAt}}
	}
	return &governance.Report{
		SchemaVersion: governance.ReportSchemaVersion,
		GeneratedAt:   generatedAt,
		CollectedAt:   collectedAt,
		Scope:         governance.Scope{Accounts: []string{acctA, acctB}, Regions: []string{euw1, use1}},
		Sources: []governance.SourceOutcome{
			{Source: governance.SourceConfig, Status: governance.OutcomeOK, Account: acctA, Region: euw1, CollectedAt: collectedAt},
			{Source: governance.SourceConfig, Status: governance.OutcomePartial, Account: acctA, Region: use1, CollectedAt: collectedAt,
				Error: "config:GetComplianceDetailsByConfigRule: ThrottlingException: Rate exceeded"},
			{Source: governance.SourceConfig, Status: governance.OutcomeOK, Account: acctB, Region: use1, CollectedAt: collectedAt},
			{Source: governance.SourceInspector, Status: governance.OutcomeAccessDenied, Account: acctA, Region: euw1, CollectedAt: collectedAt,
				Error: "AccessDeniedException: User: arn:aws:sts::111111111111:assumed-role/aigov/ci is not authorized to perform: inspector2:BatchGetAccountStatus"},
			{Source: governance.SourceAuditManager, Status: governance.OutcomeNotEnabled, Account: acctA, Region: euw1, CollectedAt: collectedAt,
				Error: "AWS Audit Manager is not set up in this account and region"},
			{Source: governance.SourceArtifact, Status: governance.OutcomeThrottled, Account: acctA, CollectedAt: collectedAt,
				Error: "ThrottlingException: Rate exceeded"},
			{Source: governance.SourceCloudTrail, Status: governance.OutcomeError, Account: acctB, Region: use1, CollectedAt: collectedAt,
				Error: "operation error CloudTrail: DescribeTrails, dial tcp: i/o timeout"},
			{Source: governance.SourceAdvisor, Status: governance.OutcomeSkipped, Account: acctB,
				Error: "no advisor client was configured for account 222222222222"},
		},
		Controls: []governance.ControlResult{
			{
				ID: "AIML-DAT-01", Title: "Training-data buckets block public access", Severity: governance.SeverityCritical, Status: governance.StatusFail,
				Reason:      `2 of 4 failing: =cmd|' /C calc'!A0; Bucket policy allows "s3:GetObject" to Principal "*" <script>alert('x')</script>`,
				Description: "S3 buckets that hold training data block public access at the bucket level.",
				Rationale:   "A public training bucket leaks the data a model learns from, and lets anyone poison it.",
				Remediation: "Turn on S3 Block Public Access for the bucket, and remove public grants from its policy and ACL.",
				Sources:     []governance.Source{governance.SourceConfig},
				Frameworks: map[governance.Framework][]governance.Mapping{
					governance.ISO27001: {{Clause: "A.8.3", Title: "Information access restriction", Basis: governance.Published,
						Source: "AWS Config: Operational Best Practices for ISO 27001", URL: "https://docs.aws.amazon.com/config/latest/developerguide/operational-best-practices-for-iso-27001.html"}},
					governance.SOC2:  {{Clause: "CC6.1", Title: "Logical access security", Basis: governance.Derived, Source: "AWS Config: Operational Best Practices for SOC 2"}},
					governance.HIPAA: {{Clause: "164.312(a)(1)", Title: "Access control", Basis: governance.Derived, Source: "AWS Config: Operational Best Practices for HIPAA Security"}},
					governance.GDPR:  {{Clause: "Art. 32", Title: "Security of processing", Basis: governance.Inferred, Source: "aigov review"}},
				},
				Counts: governance.Counts{Pass: 1, Fail: 2, Unknown: 1},
			},
			{
				ID: "AIML-NET-01", Title: "SageMaker notebook instances have no direct internet access", Severity: governance.SeverityHigh, Status: governance.StatusFail,
				Reason:      "1 of 2 failing: DirectInternetAccess is Enabled\nthe notebook reaches the internet, bypassing the VPC",
				Description: "Notebook instances reach the internet only through the VPC.",
				Remediation: "Recreate the notebook instance with DirectInternetAccess set to Disabled, in a VPC subnet.",
				Sources:     []governance.Source{governance.SourceConfig},
				Frameworks: map[governance.Framework][]governance.Mapping{
					governance.ISO27001:  {{Clause: "A.8.20", Title: "Networks security", Basis: governance.Published, Source: "AWS Config: Operational Best Practices for ISO 27001"}},
					governance.ISO42001:  {{Clause: "A.6.2.8", Basis: governance.Inferred, Source: "aigov review"}},
					governance.NISTAIRMF: {{Clause: "MANAGE 2.4", Basis: governance.Inferred, Source: "aigov review"}},
					governance.EUAIAct:   {{Clause: "Art. 15", Title: "Accuracy, robustness and cybersecurity", Basis: governance.Inferred, URL: "javascript:alert(1)"}},
				},
				Counts: governance.Counts{Fail: 1, Waived: 1},
			},
			{
				ID: "AIML-ENC-01", Title: "SageMaker notebook storage is encrypted with a customer managed KMS key", Severity: governance.SeverityMedium, Status: governance.StatusFail,
				Reason:      "1 of 2 failing: Storage is encrypted with the AWS managed key, not a customer managed key",
				Remediation: "Recreate the notebook instance with KmsKeyId set to a customer managed key.",
				Sources:     []governance.Source{governance.SourceConfig},
				Frameworks: map[governance.Framework][]governance.Mapping{
					governance.ISO27001: {{Clause: "A.8.24", Title: "Use of cryptography", Basis: governance.Published}},
					governance.HIPAA:    {{Clause: "164.312(a)(2)(iv)", Title: "Encryption and decryption", Basis: governance.Derived}},
					governance.GDPR:     {{Clause: "Art. 32", Title: "Security of processing", Basis: governance.Derived}},
				},
				Counts: governance.Counts{Pass: 1, Fail: 1},
			},
			{
				ID: "AIML-DAT-02", Title: "Training-data buckets are versioned", Severity: governance.SeverityLow, Status: governance.StatusFail,
				Reason:      "1 of 1 failing: Versioning is Suspended",
				Remediation: "Enable versioning on the bucket.",
				Sources:     []governance.Source{governance.SourceConfig},
				Frameworks: map[governance.Framework][]governance.Mapping{
					governance.ISO27001: {{Clause: "A.8.13", Title: "Information backup", Basis: governance.Derived}},
				},
				Counts: governance.Counts{Fail: 1},
			},
			{
				ID: "AIML-VUL-01", Title: "Amazon Inspector scans model images (ECR) and pipeline functions (Lambda)", Severity: governance.SeverityHigh, Status: governance.StatusUnknown,
				Reason:      "Evidence missing for 1 of 1: Amazon Inspector status could not be read: access denied (inspector2:BatchGetAccountStatus)",
				Remediation: "Activate Amazon Inspector ECR and Lambda scanning in every account and region.",
				Sources:     []governance.Source{governance.SourceInspector},
				Frameworks: map[governance.Framework][]governance.Mapping{
					governance.ISO27001:  {{Clause: "A.8.8", Title: "Management of technical vulnerabilities", Basis: governance.Published}},
					governance.SOC2:      {{Clause: "CC7.1", Basis: governance.Derived}},
					governance.NISTAIRMF: {{Clause: "MEASURE 2.7", Basis: governance.Inferred}},
				},
				Counts: governance.Counts{Unknown: 1},
			},
			{
				ID: "AIML-GOV-03", Title: `The certifications the programme requires are "available" in AWS Artifact`, Severity: governance.SeverityLow, Status: governance.StatusUnknown,
				Reason:      "Evidence missing for 1 of 1: AWS Artifact reports could not be listed: throttled",
				Remediation: "Retry later; raise the Artifact API quota if throttling persists.",
				Sources:     []governance.Source{governance.SourceArtifact},
				Frameworks: map[governance.Framework][]governance.Mapping{
					governance.SOC2: {{Clause: "CC2.3", Basis: governance.Inferred}},
				},
				Counts: governance.Counts{Unknown: 1},
			},
			{
				ID: "AIML-IAM-01", Title: "Root access is disabled on SageMaker notebook instances", Severity: governance.SeverityHigh, Status: governance.StatusWaived,
				Reason:      "1 failing, all waived: RootAccess is Enabled",
				Remediation: "Set RootAccess to Disabled on the notebook instance.",
				Sources:     []governance.Source{governance.SourceConfig},
				Frameworks: map[governance.Framework][]governance.Mapping{
					governance.ISO27001: {{Clause: "A.8.2", Title: "Privileged access rights", Basis: governance.Published}},
					governance.SOC2:     {{Clause: "CC6.3", Basis: governance.Derived}},
				},
				Counts: governance.Counts{Pass: 1, Waived: 1},
			},
			{
				ID: "AIML-LOG-02", Title: "Trails validate log files and encrypt them with KMS", Severity: governance.SeverityMedium, Status: governance.StatusPass,
				Reason:  "1 of 1 passing.",
				Sources: []governance.Source{governance.SourceCloudTrail},
				Frameworks: map[governance.Framework][]governance.Mapping{
					governance.ISO27001: {{Clause: "A.8.15", Title: "Logging", Basis: governance.Published}},
					governance.EUAIAct:  {{Clause: "Art. 12(1)", Title: "Record-keeping", Basis: governance.Inferred}},
				},
				Counts: governance.Counts{Pass: 1},
			},
			{
				ID: "AIML-GOV-11", Title: "Every AI resource has an owner tag", Severity: governance.SeverityInformational, Status: governance.StatusPass,
				Reason:     "1 of 1 passing.",
				Sources:    []governance.Source{governance.SourceConfig},
				Frameworks: map[governance.Framework][]governance.Mapping{},
				Counts:     governance.Counts{Pass: 1},
			},
			{
				ID: "AIML-GOV-08", Title: "The HIPAA Business Associate Addendum is active where health data is handled", Severity: governance.SeverityMedium, Status: governance.StatusNotApplicable,
				Reason:  "Nothing in scope: No health data in scope: the policy says none is handled",
				Sources: []governance.Source{governance.SourceArtifact},
				Frameworks: map[governance.Framework][]governance.Mapping{
					governance.HIPAA: {{Clause: "164.308(b)(1)", Title: "Business associate contracts", Basis: governance.Published}},
				},
				Counts: governance.Counts{NotApplicable: 1},
			},
			{
				ID: "AIML-HLT-01", Title: "Health data stays in approved regions", Severity: governance.SeverityInformational, Status: governance.StatusNotApplicable,
				Reason:  "Nothing in scope: no resource or account the control applies to.",
				Sources: []governance.Source{governance.SourceConfig},
				Frameworks: map[governance.Framework][]governance.Mapping{
					governance.GDPR: {{Clause: "Art. 9", Basis: governance.Inferred}},
				},
			},
		},
		Findings: []governance.Finding{
			{ID: "a1d0c5e6f7a8b9c0d1e2f3a4b5c6d7e1", Control: "AIML-DAT-01", Status: governance.StatusFail, Severity: governance.SeverityCritical,
				Account: acctA, Region: euw1, ResourceType: bucketType, Resource: "arn:aws:s3:::train-features",
				Message: `=cmd|' /C calc'!A0`, Evidence: configEvidence("s3-bucket-level-public-access-prohibited")},
			{ID: "a1d0c5e6f7a8b9c0d1e2f3a4b5c6d7e2", Control: "AIML-DAT-01", Status: governance.StatusFail, Severity: governance.SeverityCritical,
				Account: acctA, Region: euw1, ResourceType: bucketType, Resource: "arn:aws:s3:::train-raw",
				Message: `Bucket policy allows "s3:GetObject" to Principal "*" <script>alert('x')</script>`, Evidence: configEvidence("s3-bucket-level-public-access-prohibited")},
			{ID: "a1d0c5e6f7a8b9c0d1e2f3a4b5c6d7e3", Control: "AIML-DAT-01", Status: governance.StatusUnknown, Severity: governance.SeverityCritical,
				Account: acctA, Region: use1, ResourceType: bucketType, Resource: "arn:aws:s3:::staging",
				Message: "AWS Config rule results could not be collected: ThrottlingException: Rate exceeded", Evidence: configEvidence("s3-bucket-level-public-access-prohibited")},
			{ID: "a1d0c5e6f7a8b9c0d1e2f3a4b5c6d7e4", Control: "AIML-DAT-01", Status: governance.StatusPass, Severity: governance.SeverityCritical,
				Account: acctB, Region: use1, ResourceType: bucketType, Resource: "arn:aws:s3:::eval-sets",
				Message: "Public access is blocked", Evidence: configEvidence("s3-bucket-level-public-access-prohibited")},
			{ID: "b2d0c5e6f7a8b9c0d1e2f3a4b5c6d7e1", Control: "AIML-DAT-02", Status: governance.StatusFail, Severity: governance.SeverityLow,
				Account: acctA, Region: euw1, ResourceType: bucketType, Resource: "arn:aws:s3:::train-raw",
				Message: "Versioning is Suspended", Evidence: configEvidence("s3-bucket-versioning-enabled")},
			{ID: "c3d0c5e6f7a8b9c0d1e2f3a4b5c6d7e1", Control: "AIML-ENC-01", Status: governance.StatusFail, Severity: governance.SeverityMedium,
				Account: acctB, Region: use1, ResourceType: notebookType, Resource: "arn:aws:sagemaker:us-east-1:222222222222:notebook-instance/nb-b",
				Message: "Storage is encrypted with the AWS managed key, not a customer managed key", Evidence: configEvidence("sagemaker-notebook-instance-kms-key-configured")},
			{ID: "c3d0c5e6f7a8b9c0d1e2f3a4b5c6d7e2", Control: "AIML-ENC-01", Status: governance.StatusPass, Severity: governance.SeverityMedium,
				Account: acctA, Region: euw1, ResourceType: notebookType, Resource: notebookARN + "research-gpu",
				Message: "Encrypted with a customer managed KMS key", Evidence: configEvidence("sagemaker-notebook-instance-kms-key-configured")},
			{ID: "d4d0c5e6f7a8b9c0d1e2f3a4b5c6d7e1", Control: "AIML-GOV-03", Status: governance.StatusUnknown, Severity: governance.SeverityLow,
				Account: acctA, Message: "AWS Artifact reports could not be listed: throttled",
				Evidence: []governance.Evidence{{Source: governance.SourceArtifact, Operation: "artifact:ListReports"}}},
			{ID: "e5d0c5e6f7a8b9c0d1e2f3a4b5c6d7e1", Control: "AIML-GOV-08", Status: governance.StatusNotApplicable, Severity: governance.SeverityMedium,
				Account: acctA, Message: "No health data in scope: the policy says none is handled"},
			{ID: "f6d0c5e6f7a8b9c0d1e2f3a4b5c6d7e1", Control: "AIML-GOV-11", Status: governance.StatusPass, Severity: governance.SeverityInformational,
				Account: acctA, Message: "Every AI resource has an owner tag"},
			{ID: "07d0c5e6f7a8b9c0d1e2f3a4b5c6d7e1", Control: "AIML-IAM-01", Status: governance.StatusWaived, Severity: governance.SeverityHigh,
				Account: acctA, Region: euw1, ResourceType: notebookType, Resource: notebookARN + "research-gpu",
				Message: "RootAccess is Enabled", Evidence: configEvidence("sagemaker-notebook-instance-root-access-check"),
				Waiver: &governance.AppliedWaiver{Owner: "ml-platform@example.com", Reason: "Research notebooks need root for GPU drivers (JIRA ML-42)", Expires: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}},
			{ID: "07d0c5e6f7a8b9c0d1e2f3a4b5c6d7e2", Control: "AIML-IAM-01", Status: governance.StatusPass, Severity: governance.SeverityHigh,
				Account: acctB, Region: use1, ResourceType: notebookType, Resource: "arn:aws:sagemaker:us-east-1:222222222222:notebook-instance/nb-b",
				Message: "RootAccess is Disabled", Evidence: configEvidence("sagemaker-notebook-instance-root-access-check")},
			{ID: "18d0c5e6f7a8b9c0d1e2f3a4b5c6d7e1", Control: "AIML-LOG-02", Status: governance.StatusPass, Severity: governance.SeverityMedium,
				Account: acctB, Region: use1, ResourceType: "AWS::CloudTrail::Trail", Resource: "arn:aws:cloudtrail:us-east-1:222222222222:trail/org-trail",
				Message:  "Log file validation and KMS encryption are on",
				Evidence: []governance.Evidence{{Source: governance.SourceCloudTrail, Operation: "cloudtrail:DescribeTrails", CollectedAt: collectedAt}}},
			{ID: "29d0c5e6f7a8b9c0d1e2f3a4b5c6d7e1", Control: "AIML-NET-01", Status: governance.StatusFail, Severity: governance.SeverityHigh,
				Account: acctA, Region: euw1, ResourceType: notebookType, Resource: notebookARN + "research-gpu",
				Message:  "DirectInternetAccess is Enabled\nthe notebook reaches the internet, bypassing the VPC",
				Evidence: configEvidence("sagemaker-notebook-no-direct-internet-access")},
			{ID: "29d0c5e6f7a8b9c0d1e2f3a4b5c6d7e2", Control: "AIML-NET-01", Status: governance.StatusWaived, Severity: governance.SeverityHigh,
				Account: acctA, Region: euw1, ResourceType: notebookType, Resource: notebookARN + "legacy-nb",
				Message: "DirectInternetAccess is Enabled", Evidence: configEvidence("sagemaker-notebook-no-direct-internet-access"),
				Waiver: &governance.AppliedWaiver{Owner: "sec@example.com", Reason: "Legacy notebook; decommissioned by 2026-12-01", Expires: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)}},
			{ID: "3ad0c5e6f7a8b9c0d1e2f3a4b5c6d7e1", Control: "AIML-VUL-01", Status: governance.StatusUnknown, Severity: governance.SeverityHigh,
				Account: acctA, Region: euw1, Message: "Amazon Inspector status could not be read: access denied (inspector2:BatchGetAccountStatus)",
				Evidence: []governance.Evidence{{Source: governance.SourceInspector, Operation: "inspector2:BatchGetAccountStatus", CollectedAt: collectedAt}}},
		},
		Scores: governance.Scores{
			Overall: governance.Score{Passed: 2, Failed: 4, Unknown: 2, Waived: 1, NotApplicable: 2, Evaluated: 6, Applicable: 9, Score: 0.3333, Coverage: 0.6666},
			Frameworks: map[governance.Framework]governance.Score{
				governance.ISO27001:  {Passed: 1, Failed: 4, Unknown: 1, Waived: 1, Evaluated: 5, Applicable: 7, Score: 0.2, Coverage: 0.7142},
				governance.SOC2:      {Failed: 1, Unknown: 2, Waived: 1, Evaluated: 1, Applicable: 4, Score: 0, Coverage: 0.25},
				governance.HIPAA:     {Failed: 2, NotApplicable: 1, Evaluated: 2, Applicable: 2, Score: 0, Coverage: 1},
				governance.GDPR:      {Failed: 2, NotApplicable: 1, Evaluated: 2, Applicable: 2, Score: 0, Coverage: 1},
				governance.ISO42001:  {Failed: 1, Evaluated: 1, Applicable: 1, Score: 0, Coverage: 1},
				governance.NISTAIRMF: {Failed: 1, Unknown: 1, Evaluated: 1, Applicable: 2, Score: 0, Coverage: 0.5},
				governance.EUAIAct:   {Passed: 1, Failed: 1, Evaluated: 2, Applicable: 2, Score: 0.5, Coverage: 1},
			},
		},
		Waivers: []governance.WaiverStatus{
			{Waiver: governance.Waiver{Control: "AIML-IAM-01", Resource: notebookARN + "research-*", Account: acctA, Owner: "ml-platform@example.com",
				Reason: "Research notebooks need root for GPU drivers (JIRA ML-42)", Expires: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)},
				State: governance.WaiverApplied, Findings: 1},
			{Waiver: governance.Waiver{Control: "AIML-NET-01", Resource: notebookARN + "legacy-*", Owner: "sec@example.com",
				Reason: "Legacy notebook; decommissioned by 2026-12-01", Expires: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)},
				State: governance.WaiverApplied, Findings: 1},
			{Waiver: governance.Waiver{Control: "AIML-LOG-02", Owner: "audit@example.com", Reason: "Trail encryption moves to a new key in Q1",
				Expires: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)},
				State: governance.WaiverUnused},
			{Waiver: governance.Waiver{Control: "AIML-ENC-01", Account: acctB, Owner: "=HYPERLINK(\"http://evil.example\")",
				Reason: "Key migration, see \"KMS plan\", step 2", Expires: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)},
				State: governance.WaiverExpired, Findings: 1},
		},
	}
}
