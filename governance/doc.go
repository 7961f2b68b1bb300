// Package governance evaluates the governance posture of AI/ML workloads on
// AWS: it collects state from AWS Config, Amazon Inspector, AWS Audit
// Manager, AWS Artifact, AWS CloudTrail and AWS Trusted Advisor, evaluates a
// catalog of AI-governance controls mapped to compliance frameworks, and
// produces a Report that a person, a CI pipeline, an auditor or a bot can
// consume (package governance/render writes it as text, Markdown, JSON,
// SARIF, JUnit, CSV, OCSF and HTML).
//
// # Prepare once, evaluate many
//
//	ev, err := governance.New(
//		governance.WithAWSConfig(cfg),                    // or WithAccount(id, Sources{...}) with fakes
//		governance.WithAssumeRole("aigov-audit", accounts...),
//		governance.WithRegions("us-east-1", "eu-west-1"), // or WithAllRegions()
//		governance.WithPolicy(policy),
//		governance.WithWaivers(waivers),
//	)
//	if err != nil { return err }   // every configuration problem is reported here
//	report, err := ev.Evaluate(ctx) // again and again; err only when ctx ends
//
// Evaluate is Collect, which fills a typed, serialisable Snapshot of every
// source in every account and region concurrently (WithConcurrency, default
// 8), then EvaluateSnapshot, which runs the controls, pure functions over
// the snapshot. A snapshot written with WriteSnapshot can be evaluated again
// offline, with the same result. Package governance/demo is a complete
// estate of fakes for trying it without AWS.
//
// Organisation-wide views are used where the service has one: the AWS Config
// aggregator (WithAggregator), Inspector's delegated administrator
// (WithInspectorAdministrator), Trusted Advisor Priority's organisation
// recommendations (WithAdvisorOrganization), CloudTrail Lake for the event
// review (WithCloudTrailLake); organisation trails are seen from every
// member. Other accounts are read by assuming a named role in each
// (WithAssumeRole).
//
// # Fail closed
//
// Every source outcome is recorded per account and region (ok, partial,
// access_denied, not_enabled, throttled, error, skipped) with the error. A
// control whose evidence is missing is UNKNOWN with the reason, never PASS:
// a region where AWS Config does not record, a scan type Inspector does not
// run, an account without Audit Manager or a Business support plan, a
// CloudTrail review cut short. A failing source never cancels the others.
//
// # Statuses
//
// A control produces one finding per resource (or per account and region):
// PASS, FAIL or UNKNOWN; a waiver turns a FAIL finding into WAIVED. The
// control's status is the worst of its findings, in the order FAIL, UNKNOWN,
// WAIVED, PASS, and NOT_APPLICABLE when it has none (nothing in scope).
//
// Scores, overall and per framework, pair Score (passed over evaluated) with
// Coverage (evaluated over applicable), so that "80% compliant at 30%
// coverage" cannot pass for good news.
//
// # Controls and frameworks
//
// Catalog returns the built-in controls; WithControls adds the caller's own
// (a Control value with a Check function) and WithSelection picks by id,
// severity, framework or source. Each control maps to clauses of ISO/IEC
// 27001:2022 Annex A, the SOC 2 trust services criteria, the HIPAA Security
// Rule, GDPR, ISO/IEC 42001:2023 Annex A, the NIST AI RMF 1.0 and the EU AI
// Act, and each mapping says how sure it is: published (a named source maps
// this exact check), derived (a source maps it at another level and the
// mapping carries it over) or inferred (matched by the clause's text and
// reviewed). EU AI Act articles apply to providers of high-risk AI systems,
// SOC 2 processing-integrity and availability criteria only where those
// categories are in scope, and HIPAA where PHI is handled.
//
// # The report's JSON form
//
// Report marshals to a stable JSON document (ReportSchemaVersion "1.0";
// later 1.x versions only add fields). Its top-level members:
//
//	schemaVersion  "1.0"
//	generatedAt    RFC 3339 time of the evaluation
//	collectedAt    RFC 3339 time of the snapshot's collection
//	scope          {accounts: [...], regions: [...], aggregator}
//	sources        [{name, status, account, region, error, collectedAt}]
//	               name: config | inspector | auditmanager | artifact | cloudtrail | advisor
//	               status: ok | partial | access_denied | not_enabled | throttled | error | skipped
//	controls       [{id, title, severity, status, reason, description, rationale,
//	                 remediation, sources, counts: {pass, fail, unknown, waived, notApplicable},
//	                 frameworks: {iso27001 | soc2 | hipaa | gdpr | iso42001 | nist-ai-rmf | eu-ai-act:
//	                   [{id, title, basis: published | derived | inferred, source, url}]}}]
//	findings       [{id, controlId, status, severity, account, region, resourceType,
//	                 resource, message, evidence: [{source, operation, detail, collectedAt}],
//	                 waiver: {owner, reason, expires}}]
//	scores         {overall: Score, frameworks: {<framework>: Score}}
//	               Score: {passed, failed, unknown, waived, notApplicable, evaluated,
//	                       applicable, score, coverage}
//	waivers        [{control, resource, account, owner, reason, expires,
//	                 state: applied | unused | expired, findings}]
//
// Statuses are PASS | FAIL | UNKNOWN | WAIVED | NOT_APPLICABLE; severities
// critical | high | medium | low | informational. Finding ids are stable
// fingerprints of the control and the resource's location, the same in every
// run. Lists are sorted, so the same snapshot gives the same bytes. Package
// governance/render embeds a JSON Schema of this form (render.ReportSchema).
//
// # Waivers, drift, merge
//
// ReadWaiversFile reads the waivers file (its format is on Waiver); an
// expired waiver stops applying and is reported as expired. Compare gives
// the drift between two reports (new, resolved and changed findings, score
// deltas); Drift.NewFailures is what a CI gate that tolerates an imperfect
// baseline stops on. Merge combines reports of shards (accounts or regions
// evaluated by separate processes), associatively.
//
// # Least privilege
//
// Evaluate only reads. IAMActions lists every action its configuration may
// call, and IAMPolicy renders the policy document that allows exactly those.
package governance
