// Package auditmanager reads AWS Audit Manager for governance and writes
// evidence to it: whether the account can use Audit Manager at all, which
// assessments run on which frameworks, what their evidence says, and, when
// asked, aigov's own findings imported as manual evidence.
//
// A Client wraps anything that implements API: the SDK's
// *auditmanager.Client (built for you by NewFromConfig), or the in-memory
// fake of package auditmanagertest in tests.
//
//	cfg, _ := awsconfig.LoadDefaultConfig(ctx) // github.com/aws/aws-sdk-go-v2/config
//	c := auditmanager.NewFromConfig(cfg)
//	st, err := c.Status(ctx)
//	if err != nil { return err }
//	if !st.Available() {
//		return unknown(st.Reason) // points to AWS Config conformance packs
//	}
//	for a, err := range c.Assessments(ctx, auditmanager.AssessmentFilter{}) {
//		if err != nil { return err }
//		for _, cs := range a.ControlSets {
//			for _, ctl := range cs.Controls {
//				fmt.Println(a.Name, ctl.Name, ctl.NonCompliantEvidenceCount)
//			}
//		}
//	}
//
// AWS closed Audit Manager to new customers on 2026-04-30; existing
// customers keep it. An account that cannot use it gets a clear answer, not
// an empty result: Status returns Available false with a Reason that points
// to the fallback, AWS Config conformance packs, and every other call fails
// with an error matching aigov.ErrNotEnabled, which NotEnabled turns into
// the same AccountStatus.
//
// What it answers:
//   - Status: ACTIVE, INACTIVE or PENDING_ACTIVATION, and the settings that
//     bear on evidence (evidence finder, default report destination, KMS
//     key).
//   - Assessments: ACTIVE assessments by default, with their framework,
//     control sets and controls, and for each control its status, response,
//     evidence count and the number of failed compliance checks in its
//     evidence (AssessmentControl says exactly how that is counted).
//   - Frameworks, FindFramework, FrameworkUsage: the framework library,
//     found by name without regard to case and under AWS's long titles, with
//     constants for the generative AI, ISO/IEC 27001, SOC 2, HIPAA and GDPR
//     frameworks, and whether an ACTIVE assessment uses each.
//   - Evidence: the evidence of one control, through its evidence folders,
//     with its compliance check result, data source, event and resources.
//
// Listings are iterators (iter.Seq2) that fetch pages as the loop advances,
// stop when it breaks, and end with at most one error. Errors are
// *aigov.Error values that match aigov.ErrAccessDenied, ErrThrottled,
// ErrNotFound and ErrNotEnabled with errors.Is, and still unwrap to the SDK's
// error.
//
// Two methods write to AWS, and they are never called for you:
// ImportEvidence (manual evidence, within the quota of 100 items per control
// per day, with AWS's per-item errors returned) and CreateReport (an
// assessment report).
//
// IAM actions, read-only: auditmanager:GetAccountStatus,
// auditmanager:GetSettings, auditmanager:ListAssessments,
// auditmanager:GetAssessment, auditmanager:GetEvidenceFoldersByAssessment,
// auditmanager:ListAssessmentFrameworks,
// auditmanager:GetEvidenceFoldersByAssessmentControl,
// auditmanager:GetEvidenceByEvidenceFolder. Write:
// auditmanager:BatchImportEvidenceToAssessmentControl (ImportEvidence),
// auditmanager:CreateAssessmentReport (CreateReport).
package auditmanager
