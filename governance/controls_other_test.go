package governance

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/advisor"
	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/auditmanager"
	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/config"
	"github.com/aigov/aigov/inspector"
	"github.com/google/go-cmp/cmp"
)

// Table tests of the controls of the other five sources, over literal
// snapshots: no fakes, no collection.

var denied = &aigov.Error{Service: "x", Operation: "Op", Code: "AccessDeniedException", Kind: aigov.ErrAccessDenied, Err: errors.New("denied")}

func enabledStatus(account, region string, lambda bool) inspector.AccountStatus {
	on := inspector.ScanState{Status: inspector.StatusEnabled}
	off := inspector.ScanState{Status: inspector.StatusDisabled}
	s := inspector.AccountStatus{Account: account, Region: region, State: on, ECR: on, Lambda: off, EC2: off, LambdaCode: off, CodeRepository: off}
	if lambda {
		s.Lambda = on
	}
	return s
}

func inspectorState(loc Location, lambda bool) InspectorState {
	return InspectorState{Location: loc, CollectedAt: t0,
		Status:           got(enabledStatus(loc.Account, loc.Region, lambda), "inspector2:BatchGetAccountStatus"),
		Coverage:         got([]inspector.CoveredResource{}, "inspector2:ListCoverage"),
		PipelineFindings: got([]inspector.Finding{}, "inspector2:ListFindings")}
}

type controlCase struct {
	name    string
	control string
	snap    func(s *Snapshot)
	want    []Status
	message string
}

func runCases(t *testing.T, cases []controlCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.control+"/"+tc.name, func(t *testing.T) {
			s := snapshot([]string{acctA}, []string{use1})
			tc.snap(s)
			fs := controlByID(tc.control).Check(s)
			if d := cmp.Diff(tc.want, statuses(fs)); d != "" {
				t.Fatalf("statuses (-want +got):\n%s\n%+v", d, fs)
			}
			if tc.message != "" {
				var all []string
				for _, f := range fs {
					all = append(all, f.Message)
				}
				if !strings.Contains(strings.Join(all, "\n"), tc.message) {
					t.Errorf("no finding says %q:\n%s", tc.message, strings.Join(all, "\n"))
				}
			}
		})
	}
}

func TestInspectorControls(t *testing.T) {
	loc := Location{Account: acctA, Region: use1}
	image := "111111111111.dkr.ecr.us-east-1.amazonaws.com/serving@sha256:abc"
	model := func(images ...string) config.Resource {
		return config.Resource{Type: config.TypeModel, ID: "m", ARN: "arn:m", Model: &config.Model{Images: images}}
	}
	withModel := func(s *Snapshot, r config.Resource) {
		s.Config = []ConfigState{healthy(acctA, use1, nil, nil, r)}
		s.Inspector = []InspectorState{inspectorState(loc, true)}
	}
	imageFindings := func(fs ...inspector.Finding) inspector.ImageFindings {
		return inspector.ImageFindings{URI: image, Image: inspector.ImageRef{Account: acctA, Region: use1, Repository: "serving", Digest: "sha256:abc"},
			Scannable: true, Resolved: true, Findings: fs}
	}
	critical := inspector.Finding{VulnerabilityID: "CVE-2025-32434", Severity: inspector.SeverityCritical, FixAvailable: inspector.Yes}
	runCases(t, []controlCase{
		{"enabled", "AIML-VUL-01", func(s *Snapshot) { s.Inspector = []InspectorState{inspectorState(loc, true)} }, []Status{StatusPass}, ""},
		{"lambda off", "AIML-VUL-01", func(s *Snapshot) { s.Inspector = []InspectorState{inspectorState(loc, false)} }, []Status{StatusFail}, "LAMBDA scanning is DISABLED"},
		{"status denied", "AIML-VUL-01", func(s *Snapshot) {
			st := inspectorState(loc, true)
			st.Status = failed(inspector.AccountStatus{}, "inspector2:BatchGetAccountStatus", denied)
			s.Inspector = []InspectorState{st}
		}, []Status{StatusUnknown}, "could not be collected"},
		{"not collected", "AIML-VUL-01", func(*Snapshot) {}, []Status{StatusUnknown}, "inspector was not collected"},
		{"gap", "AIML-VUL-05", func(s *Snapshot) {
			st := inspectorState(loc, true)
			st.Coverage.Value = []inspector.CoveredResource{
				{Type: inspector.ResourceECRRepository, ResourceID: "repo/a", Status: inspector.CoverageActive, Reason: inspector.ReasonSuccessful},
				{Type: inspector.ResourceECRRepository, ResourceID: "repo/b", Status: inspector.CoverageInactive, Reason: inspector.ReasonScanFrequencyManual},
			}
			s.Inspector = []InspectorState{st}
		}, []Status{StatusPass, StatusFail}, "SCAN_FREQUENCY_MANUAL"},
		{"lambda off makes coverage unknown", "AIML-VUL-05", func(s *Snapshot) { s.Inspector = []InspectorState{inspectorState(loc, false)} }, []Status{StatusUnknown}, "absence of findings is not evidence"},
		{"model image critical", "AIML-VUL-03", func(s *Snapshot) {
			withModel(s, model(image))
			s.ModelImages = []ModelImageState{{Account: acctA, CollectedAt: t0, Images: got([]inspector.ImageFindings{imageFindings(critical)}, "inspector2:ListFindings")}}
		}, []Status{StatusFail}, "CVE-2025-32434 (CRITICAL, fix available)"},
		{"model image clean", "AIML-VUL-03", func(s *Snapshot) {
			withModel(s, model(image))
			s.ModelImages = []ModelImageState{{Account: acctA, CollectedAt: t0, Images: got([]inspector.ImageFindings{imageFindings()}, "inspector2:ListFindings")}}
		}, []Status{StatusPass}, ""},
		{"image not scanned", "AIML-VUL-03", func(s *Snapshot) {
			withModel(s, model(image))
			img := imageFindings()
			img.Resolved, img.Problem = false, "the tag is unknown to Inspector"
			s.ModelImages = []ModelImageState{{Account: acctA, CollectedAt: t0, Images: got([]inspector.ImageFindings{img}, "inspector2:ListFindings")}}
		}, []Status{StatusUnknown}, "the tag is unknown to Inspector"},
		{"images not looked up", "AIML-VUL-03", func(s *Snapshot) { withModel(s, model(image)) }, []Status{StatusUnknown}, "were not looked up"},
		{"no models", "AIML-VUL-03", func(s *Snapshot) { s.Config = []ConfigState{healthy(acctA, use1, nil, nil)} }, []Status{}, ""},
		{"inventory denied", "AIML-VUL-03", func(s *Snapshot) {
			st := healthy(acctA, use1, nil, nil)
			st.Resources = failed[[]config.Resource](nil, "config:SelectResourceConfig", denied)
			s.Config = []ConfigState{st}
		}, []Status{StatusUnknown}, "which names the models"},
		{"fixable ML package", "AIML-VUL-06", func(s *Snapshot) {
			st := inspectorState(loc, true)
			st.PipelineFindings.Value = []inspector.Finding{{VulnerabilityID: "CVE-1", Severity: inspector.SeverityHigh, FixAvailable: inspector.Yes,
				Packages:  []inspector.VulnerablePackage{{Name: "transformers", InstalledVersion: "4.38.0", FixedVersion: "4.48.0"}},
				Resources: []inspector.AffectedResource{{Type: inspector.ResourceLambdaFunction, ID: "arn:aws:lambda:us-east-1:111111111111:function:fp"}}},
				{VulnerabilityID: "CVE-2", Severity: inspector.SeverityHigh, FixAvailable: inspector.No,
					Packages:  []inspector.VulnerablePackage{{Name: "torch"}},
					Resources: []inspector.AffectedResource{{Type: inspector.ResourceLambdaFunction, ID: "arn:aws:lambda:us-east-1:111111111111:function:other"}}}}
			s.Inspector = []InspectorState{st}
		}, []Status{StatusFail}, "transformers 4.38.0→4.48.0"},
		{"no fixable ML package", "AIML-VUL-06", func(s *Snapshot) { s.Inspector = []InspectorState{inspectorState(loc, true)} }, []Status{StatusPass}, ""},
	})
}

func TestAuditAndArtifactControls(t *testing.T) {
	loc := Location{Account: acctA, Region: use1}
	active := auditmanager.AccountStatus{State: auditmanager.Active}
	genai := auditmanager.Assessment{ID: "a1", Name: "GenAI", Status: auditmanager.AssessmentActive, Region: use1,
		Framework: auditmanager.Framework{Name: auditmanager.FrameworkGenerativeAIv2},
		ControlSets: []auditmanager.ControlSet{{ID: "cs", Controls: []auditmanager.AssessmentControl{
			{ID: "c1", Name: "Model governance", ComplianceCheckCount: 4, NonCompliantEvidenceCount: 1},
			{ID: "c2", Name: "Privacy", ComplianceCheckCount: 2},
			{ID: "c3", Name: "Manual only"},
		}}}}
	audit := func(as ...auditmanager.Assessment) func(*Snapshot) {
		return func(s *Snapshot) {
			s.AuditManager = []AuditManagerState{{Location: loc, CollectedAt: t0, Status: got(active, "auditmanager:GetAccountStatus"), Assessments: got(as, "auditmanager:GetAssessment")}}
		}
	}
	notRegistered := func(s *Snapshot) {
		s.AuditManager = []AuditManagerState{{Location: loc, CollectedAt: t0, Status: got(auditmanager.AccountStatus{State: auditmanager.Inactive, Reason: "not set up; use AWS Config conformance packs"}, "auditmanager:GetAccountStatus")}}
	}
	reports := func(end time.Time) []artifact.Report {
		return []artifact.Report{{ID: "r1", Name: "ISO/IEC 27001:2022 Certification", Version: 1, State: "PUBLISHED", UploadState: "COMPLETE", PeriodEnd: end}}
	}
	artifactState := func(rs []artifact.Report, ags ...artifact.Agreement) func(*Snapshot) {
		return func(s *Snapshot) {
			s.Policy.Certifications = []Certification{{Name: "ISO/IEC 27001", Match: []string{"27001"}, MaxAge: Duration(365 * 24 * time.Hour)}}
			s.Artifact = []ArtifactState{{Account: acctA, CollectedAt: t0, Reports: got(rs, "artifact:ListReports"), Agreements: got(ags, "artifact:ListCustomerAgreements")}}
		}
	}
	health := func(f func(*Snapshot)) func(*Snapshot) {
		return func(s *Snapshot) { f(s); s.Policy.HealthData = true }
	}
	runCases(t, []controlCase{
		{"genai in use", "AIML-GOV-05", audit(genai), []Status{StatusPass}, "the active assessment GenAI (us-east-1) uses"},
		{"genai missing", "AIML-GOV-05", audit(), []Status{StatusFail}, "no active Audit Manager assessment uses AWS Generative AI Best Practices Framework v2"},
		{"not registered", "AIML-GOV-05", notRegistered, []Status{StatusUnknown}, "use AWS Config conformance packs"},
		{"no required frameworks", "AIML-GOV-06", audit(genai), []Status{}, ""},
		{"required SOC 2 missing", "AIML-GOV-06", func(s *Snapshot) { audit(genai)(s); s.Policy.RequiredFrameworks = []string{"SOC 2"} }, []Status{StatusFail}, "SOC 2"},
		{"evidence", "AIML-GOV-07", audit(genai), []Status{StatusFail, StatusPass}, "1 of 4 compliance checks in its evidence failed"},
		{"evidence unknown", "AIML-GOV-07", notRegistered, []Status{StatusUnknown}, ""},
		{"current", "AIML-GOV-03", artifactState(reports(t0.AddDate(0, -1, 0))), []Status{StatusPass}, ""},
		{"stale", "AIML-GOV-03", artifactState(reports(t0.AddDate(-2, 0, 0))), []Status{StatusFail}, "ISO/IEC 27001"},
		{"missing", "AIML-GOV-03", artifactState(nil), []Status{StatusFail}, "ISO/IEC 27001"},
		{"reports denied", "AIML-GOV-03", func(s *Snapshot) {
			s.Artifact = []ArtifactState{{Account: acctA, Reports: failed[[]artifact.Report](nil, "artifact:ListReports", denied)}}
		}, []Status{StatusUnknown}, "could not be collected"},
		{"no health data", "AIML-GOV-08", artifactState(nil), []Status{}, ""},
		{"BAA active", "AIML-GOV-08", health(artifactState(nil, artifact.Agreement{ID: "a", Name: "AWS Business Associate Addendum", State: artifact.AgreementStateActive})), []Status{StatusPass}, ""},
		{"BAA terminated", "AIML-GOV-08", health(artifactState(nil, artifact.Agreement{ID: "a", Name: "AWS Business Associate Addendum", State: artifact.AgreementStateAWSTerminated})), []Status{StatusFail}, ""},
		{"BAA missing", "AIML-GOV-08", health(artifactState(nil)), []Status{StatusFail}, ""},
	})
}

func TestCloudTrailControls(t *testing.T) {
	loc := Location{Account: acctA, Region: use1}
	good := cloudtrail.Trail{Name: "main", ARN: "arn:aws:cloudtrail:us-east-1:111111111111:trail/main", HomeRegion: use1, Account: acctA, MultiRegion: true, Logging: true,
		LogFileValidation: true, KMSKeyID: "arn:k", CloudWatchLogsGroupARN: "arn:lg", GlobalServiceEvents: true, ManagementEvents: cloudtrail.ManagementEvents{Read: true, Write: true},
		DataEventSelectors: []cloudtrail.DataEventSelector{{Advanced: true, Category: "Data", ResourceType: "AWS::S3::Object", Read: true, Write: true, Conditions: []cloudtrail.FieldCondition{{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::training/"}}}}}}
	bare := cloudtrail.Trail{Name: "bare", ARN: "arn:aws:cloudtrail:us-east-1:111111111111:trail/bare", HomeRegion: use1, Account: acctA, Logging: true, ManagementEvents: cloudtrail.ManagementEvents{Read: true, Write: true}}
	trails := func(ts ...cloudtrail.Trail) func(*Snapshot) {
		return func(s *Snapshot) {
			s.CloudTrail = []CloudTrailState{{Location: loc, CollectedAt: t0, Trails: got(ts, "cloudtrail:DescribeTrails"), Review: got(EventReview{Start: t0.AddDate(0, 0, -7), End: t0}, "cloudtrail:LookupEvents")}}
		}
	}
	detection := func(rule string, cat cloudtrail.Category, who string) cloudtrail.Detection {
		return cloudtrail.Detection{RuleID: rule, Title: rule, Category: cat, Principal: cloudtrail.Principal{ID: who}, EventNames: []string{"X"}, Count: 2,
			FirstSeen: t0.Add(-time.Hour), LastSeen: t0, SourceIPAddresses: []string{"203.0.113.1"}}
	}
	review := func(r EventReview) func(*Snapshot) {
		return func(s *Snapshot) {
			trails(good)(s)
			r.Start, r.End = t0.AddDate(0, 0, -7), t0
			s.CloudTrail[0].Review = got(r, "cloudtrail:LookupEvents")
		}
	}
	runCases(t, []controlCase{
		{"covered", "AIML-LOG-01", trails(good), []Status{StatusPass}, ""},
		{"no trail", "AIML-LOG-01", trails(), []Status{StatusFail}, "no logging trail records write management events"},
		{"trails denied", "AIML-LOG-01", func(s *Snapshot) {
			trails()(s)
			s.CloudTrail[0].Trails = failed[[]cloudtrail.Trail](nil, "cloudtrail:DescribeTrails", denied)
		}, []Status{StatusUnknown}, "could not be collected"},
		{"protected", "AIML-LOG-02", trails(good), []Status{StatusPass}, ""},
		{"bare", "AIML-LOG-02", trails(good, bare), []Status{StatusFail, StatusPass}, "log file validation is off; logs are not encrypted with a KMS key"},
		{"no trail at all", "AIML-LOG-02", trails(), []Status{StatusFail}, "has no logging trail"},
		{"cloudwatch", "AIML-LOG-03", trails(bare), []Status{StatusFail}, "no CloudWatch Logs delivery"},
		{"data events", "AIML-LOG-04", func(s *Snapshot) { trails(good)(s); s.Policy.TrainingDataBuckets = []string{"training", "other/raw"} }, []Status{StatusPass, StatusFail}, "no trail logs the object reads and writes of training data other/raw"},
		{"tampering", "AIML-DET-01", review(EventReview{Detections: []cloudtrail.Detection{detection("cloudtrail-logging-stopped", cloudtrail.CategoryLoggingTampering, "arn:aws:iam::111111111111:role/admin")}}), []Status{StatusFail}, "arn:aws:iam::111111111111:role/admin called X 2 time(s)"},
		{"quiet", "AIML-DET-01", review(EventReview{}), []Status{StatusPass}, ""},
		{"truncated", "AIML-DET-01", review(EventReview{Truncated: []string{"cloudtrail.amazonaws.com"}}), []Status{StatusUnknown}, "stopped at"},
		{"truncated elsewhere", "AIML-DET-01", review(EventReview{Truncated: []string{"sagemaker.amazonaws.com"}}), []Status{StatusPass}, ""},
		{"review failed", "AIML-DET-01", func(s *Snapshot) {
			trails(good)(s)
			s.CloudTrail[0].Review = failed(EventReview{}, "cloudtrail:LookupEvents", denied)
		}, []Status{StatusUnknown}, ""},
		{"denied unknown", "AIML-DET-02", func(s *Snapshot) {
			review(EventReview{Detections: []cloudtrail.Detection{
				detection("ai-access-denied", cloudtrail.CategoryDeniedAccess, "arn:aws:iam::999999999999:user/x"),
				detection("ai-access-denied", cloudtrail.CategoryDeniedAccess, "arn:aws:iam::111111111111:role/ml-train"),
			}})(s)
			s.Policy.KnownPrincipals = []string{"arn:aws:iam::111111111111:role/ml-*"}
		}, []Status{StatusFail}, "arn:aws:iam::999999999999:user/x"},
		{"bedrock", "AIML-DET-03", review(EventReview{Detections: []cloudtrail.Detection{detection("bedrock-guardrail-deleted", cloudtrail.CategoryAIOperations, "r")}}), []Status{StatusFail}, ""},
		{"iam", "AIML-IAM-10", review(EventReview{Detections: []cloudtrail.Detection{detection("iam-policy-change", cloudtrail.CategoryIAMPrivilege, "r")}}), []Status{StatusFail}, ""},
		{"sagemaker", "AIML-GOV-01", review(EventReview{Detections: []cloudtrail.Detection{detection("bedrock-model-invocation", cloudtrail.CategoryAIOperations, "r")}}), []Status{StatusPass}, ""},
	})
}

func TestAdvisorControls(t *testing.T) {
	recs := func(rs ...advisor.Recommendation) func(*Snapshot) {
		return func(s *Snapshot) {
			s.Advisor = []AdvisorState{{Account: acctA, CollectedAt: t0, Recommendations: got(rs, "trustedadvisor:ListRecommendations")}}
		}
	}
	ok := func(id string) advisor.Recommendation {
		return advisor.Recommendation{CheckID: id, Status: advisor.StatusOK}
	}
	bucket := func(name string, st advisor.Status) advisor.Recommendation {
		return advisor.Recommendation{CheckID: advisor.CheckS3BucketPermissions, Status: st, Resources: []advisor.FlaggedResource{{AWSResourceID: name, Status: st, Region: "us-east-1"}}}
	}
	noPlan := func(s *Snapshot) {
		err := &aigov.Error{Service: "advisor", Operation: "ListChecks", Code: "SubscriptionRequiredException", Kind: aigov.ErrNotEnabled, Err: errors.New("x")}
		s.Advisor = []AdvisorState{{Account: acctA, Recommendations: failed[[]advisor.Recommendation](nil, "trustedadvisor:ListRecommendations", err)}}
	}
	rootRule := func(c config.Compliance) func(*Snapshot) {
		return func(s *Snapshot) {
			s.Config = []ConfigState{healthy(acctA, use1, []config.Rule{rule("root-mfa", "ROOT_ACCOUNT_MFA_ENABLED")}, map[string][]config.Evaluation{"root-mfa": {eval("root-mfa", "AWS::::Account", acctA, c, "")}})}
		}
	}
	runCases(t, []controlCase{
		{"open training bucket", "AIML-DAT-04", func(s *Snapshot) {
			recs(bucket("training", advisor.StatusWarning))(s)
			s.Policy.TrainingDataBuckets = []string{"training"}
		}, []Status{StatusFail}, "flags training (warning)"},
		{"open other bucket", "AIML-DAT-04", func(s *Snapshot) {
			recs(bucket("website", advisor.StatusWarning))(s)
			s.Policy.TrainingDataBuckets = []string{"training"}
		}, []Status{StatusPass}, "none of them a training-data bucket"},
		{"no plan", "AIML-DAT-04", noPlan, []Status{StatusUnknown}, "could not be collected"},
		{"check without result", "AIML-LOG-11", recs(advisor.Recommendation{CheckID: advisor.CheckCloudTrailLogging, Status: advisor.StatusNotAvailable, StatusReason: "plan-gated"}), []Status{StatusUnknown}, "plan-gated"},
		{"yellow is not red", "AIML-GOV-04", func(s *Snapshot) {
			var rs []advisor.Recommendation
			for _, id := range advisor.SecurityChecksForAIData().IDs() {
				rs = append(rs, ok(id))
			}
			rs[0] = bucket("website", advisor.StatusWarning)
			rs[0].CheckID = advisor.SecurityChecksForAIData().IDs()[0]
			recs(rs...)(s)
		}, repeat(StatusPass, len(advisor.SecurityChecksForAIData().IDs())), ""},
		{"a check without result", "AIML-GOV-04", recs(bucket("website", advisor.StatusError)), append([]Status{StatusFail}, repeat(StatusUnknown, len(advisor.SecurityChecksForAIData().IDs())-1)...), "flags website (error)"},
		{"root MFA from Config, Advisor without plan", "AIML-IAM-04", func(s *Snapshot) { rootRule(config.Compliant)(s); noPlan(s) }, []Status{StatusPass}, ""},
		{"root MFA from Advisor, no Config rule", "AIML-IAM-04", func(s *Snapshot) {
			s.Config = []ConfigState{healthy(acctA, use1, nil, nil)}
			recs(ok(advisor.CheckRootMFA))(s)
		}, []Status{StatusPass}, ""},
		{"root MFA failing in one source", "AIML-IAM-04", func(s *Snapshot) { rootRule(config.NonCompliant)(s); recs(ok(advisor.CheckRootMFA))(s) }, []Status{StatusFail, StatusPass}, ""},
		{"root MFA from neither", "AIML-IAM-04", func(s *Snapshot) { s.Config = []ConfigState{healthy(acctA, use1, nil, nil)}; noPlan(s) }, []Status{StatusUnknown}, "deploy ROOT_ACCOUNT_MFA_ENABLED"},
	})
}

func repeat(s Status, n int) []Status {
	out := make([]Status, n)
	for i := range out {
		out[i] = s
	}
	return out
}
