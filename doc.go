// Package aigov tells a team whether its AI/ML workloads on AWS are
// governed: secure, auditable and aligned with internal policy and external
// regulation.
//
// This package holds what every other package shares: the error sentinels
// (ErrAccessDenied, ErrThrottled, ErrNotFound, ErrNotEnabled, ErrPagination)
// and the Error type that carries an AWS error's code, status and request id.
//
// # The map of the module
//
// One package per AWS service. Each wraps the aws-sdk-go-v2 client behind a
// small API interface that the real client and an in-memory fake both
// satisfy, turns AWS responses into typed, documented values, and lists
// paginated results as iterators:
//
//   - config (fake: config/configtest): AWS Config rules, compliance,
//     conformance packs, recorder status, the SageMaker and Bedrock
//     inventory; organisation-wide through an aggregator; the conformance
//     pack template of the AI rules.
//   - inspector (inspector/inspectortest): Amazon Inspector v2 account
//     status, coverage, findings and the images SageMaker models serve.
//   - auditmanager (auditmanager/auditmanagertest): AWS Audit Manager
//     assessments, frameworks and evidence, and importing evidence.
//   - artifact (artifact/artifacttest): AWS Artifact reports, required
//     certifications and agreements such as the HIPAA BAA.
//   - cloudtrail (cloudtrail/cloudtrailtest): trail posture, events and the
//     detectors that find sensitive AI operations, privilege changes,
//     logging tampering and denied access; cloudtrail/logfile reads log
//     files at volume and cloudtrail/integrity proves nobody edited them.
//   - advisor (advisor/advisortest): AWS Trusted Advisor checks through the
//     Support API and recommendations through the TrustedAdvisor API.
//
// Package governance composes the six: it collects from every source
// concurrently into a serialisable snapshot, evaluates a catalog of AI
// governance controls mapped to ISO/IEC 27001, SOC 2, HIPAA, GDPR,
// ISO/IEC 42001, the NIST AI RMF and the EU AI Act, and produces a report.
// A control whose evidence could not be collected is UNKNOWN with the
// reason, never PASS. governance/render writes the report as text,
// Markdown, JSON, SARIF, JUnit, CSV, OCSF and HTML, and packs evidence for
// auditors; governance/demo is a complete estate of fakes to try it on.
//
// Nothing writes to AWS unless you call a method whose documentation says
// it does: config.Client.DeployConformancePack,
// auditmanager.Client.ImportEvidence and CreateReport,
// inspector.Client.ExportSBOM, artifact.Client.Download (which accepts the
// report's terms), advisor.Client.RefreshCheck and UpdateLifecycle, and the
// CancelQuery that cloudtrail.Client.Query sends for a query it abandons.
//
// The examples directory holds runnable programs: examples/posture, the
// posture report CLI (go run ./examples/posture -demo); examples/cigate, a
// CI gate that fails only on new failures; examples/evidencebot, which
// posts summaries to a chat webhook and imports findings into Audit Manager;
// examples/trailscan, which scans CloudTrail log files.
package aigov
