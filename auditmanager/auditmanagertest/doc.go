// Package auditmanagertest is an in-memory fake of AWS Audit Manager for
// tests: it implements auditmanager.API, so both auditmanager.New(fake) and
// the SDK's own paginators work on it, with no network and no credentials.
//
//	fake := auditmanagertest.New(auditmanagertest.WithStandardFrameworks())
//	a := fake.AddAssessment(auditmanagertest.GenerativeAIAssessment("genai-prod"))
//	secure := a.ControlSets[7]
//	fake.AddEvidence(a.ID, secure.ID, secure.Controls[0].ID,
//		auditmanagertest.FailedCheck("sagemaker-notebook-no-direct-internet-access", notebookARN))
//	c := auditmanager.New(fake)
//
// What it models: one calling account (WithAccount) whose state
// GetAccountStatus reports (WithAccountState; NotRegistered for an account
// that never enrolled, which every other operation then answers with the
// AccessDeniedException "Please complete AWS Audit Manager setup…"); account
// settings (WithSettings); a framework library (WithStandardFrameworks,
// AddFramework) shared by every region; assessments in their region
// (AddAssessment, GenerativeAIAssessment) with evidence filed in one folder
// per control and UTC day (AddEvidence, FailedCheck, PassedCheck), the
// controls' evidence counts and the folders' counts derived from it;
// maxResults/nextToken paging with Audit Manager's bounds (1 to 1000,
// ValidationException outside them or for a foreign token); the
// ValidationException of an identifier that is not a UUID; the typed
// ResourceNotFoundException (404) of an unknown assessment, control or
// folder; manual evidence imports, at most 50 items a call, with the daily
// quota of 100 per control counted on the fake's clock (SetClock) and
// enforced through per-item errors (code "400"), and the imports recorded for
// assertions (Imported); assessment reports, created IN_PROGRESS (Reports).
// Errors have Audit Manager's HTTP statuses: 403 AccessDeniedException,
// 404 ResourceNotFoundException, 429 ThrottlingException, 400
// ValidationException.
//
// What it does not model: evidence collection itself (evidence is what you
// seed); the texts of the quota and per-item errors, which AWS does not
// document (the codes and shapes are AWS's); evidence file uploads
// (an item with an evidenceFileName is refused with a per-item error); delegations, comments, control updates and
// assessment changes; evidence finder queries; report generation (reports
// stay IN_PROGRESS); the evidenceByType wire values, which the fake spells
// as the console labels them (ComplianceCheckKind …); IAM (inject
// AccessDenied with Fail); rate limits (inject Throttling with FailN);
// eventual consistency.
//
// Seeding methods panic on an invalid seed: a bad seed is a bug in the test.
package auditmanagertest
