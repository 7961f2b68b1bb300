// Package render writes a governance.Report where its readers already
// look: terminals and CI logs, pull requests, pipelines, code scanning,
// spreadsheets, security data lakes and auditors.
//
// Every format has a function of the same shape, such as
//
//	func Text(w io.Writer, r *governance.Report, opts ...Option) error
//
// and Write picks one by its Format, as a command-line -format flag gives
// it (ParseFormat reads the flag). All output is deterministic: controls
// come in the report's order (failing first), findings in the report's
// order within each control, maps are walked in a fixed order, and every
// time is one of the report's, never the clock's. The same report gives
// the same bytes.
//
// # Formats
//
//   - Text: for a terminal or a CI log. A summary line (score, coverage,
//     controls by status, FAIL and UNKNOWN controls by severity), then every
//     control; those that need attention show why, the fix and their
//     findings with account, region and resource. Colour only with
//     WithColor. Control characters in report data are shown as spaces, so
//     a finding cannot send escape sequences to the terminal.
//   - Markdown: the same for pull request comments and wiki pages, with a
//     table of scores per framework and a table of findings per control;
//     passing controls are folded in <details>. All report data is escaped.
//   - JSON: exactly json.Marshal of the report, indented. Its schema belongs
//     to the governance package; ReportSchema returns it as a JSON Schema
//     (draft-07) document.
//   - SARIF: SARIF 2.1.0 for GitHub code scanning and other SARIF
//     consumers.
//   - JUnit: JUnit XML for CI test reports (Jenkins, GitLab, Azure
//     Pipelines, GitHub Actions test reporters).
//   - CSV: one row per finding, for spreadsheets.
//   - OCSF: OCSF Compliance Finding events as JSON Lines, for Amazon
//     Security Lake and SIEMs.
//   - HTML: one self-contained page for people and auditors, also fit to
//     print to PDF.
//
// EvidencePack bundles the JSON and HTML report, the snapshot and
// downloaded documents with a manifest of hashes, optionally signed.
//
// # Colour
//
// IsTerminal tells whether a file is a terminal. A CLI colours the Text
// output only there, and honours the NO_COLOR convention:
//
//	color := render.IsTerminal(os.Stdout) && os.Getenv("NO_COLOR") == ""
//	err := render.Write(os.Stdout, format, report, render.WithColor(color))
//
// # Options
//
// Each renderer reads the options that mean something for its format and
// checks them all, so one list serves every format. WithColor (Text);
// WithTool names the producing program (SARIF tool.driver, OCSF
// metadata.product, HTML footer, JUnit properties); WithMinSeverity leaves
// out controls and findings below a severity (the scores still count every
// control, and Text, Markdown and HTML say a filter applies; JSON is always
// the whole report); WithMaxFindings caps the findings listed per control
// in Text and Markdown, for GitHub's 65,536-character comment limit;
// WithTitle heads the Markdown and HTML outputs.
//
// # What each status becomes
//
//	status          Text, Markdown, HTML       SARIF                      JUnit                   OCSF (compliance / finding status)
//	FAIL            listed with findings, fix  a result per FAIL finding  failure                 Fail 3 / New 1
//	UNKNOWN         listed with the reason     no result; a notification  skipped, with reason    Warning 2 / New 1
//	                                           and run.properties
//	WAIVED          listed with the waiver     no result; counted in      passes, waiver in       Fail 3 / Suppressed 3
//	                                           run.properties             system-out
//	PASS            one line (folded in MD)    rule only                  passes                  Pass 1 / Resolved 4
//	NOT_APPLICABLE  one line (folded in MD)    rule only                  skipped, saying so      Other 99 / Other 99 ("Not Applicable")
//
// CSV has a row for every finding whatever its status, with the status in a
// column. UNKNOWN is never shown as a pass anywhere: it is evidence that
// could not be collected, and the reason says why.
//
// # Severities
//
//	severity        SARIF level  SARIF security-severity  OCSF severity_id
//	critical        error        9.5                      5 Critical
//	high            error        8.0                      4 High
//	medium          warning      5.5                      3 Medium
//	low             note         3.0                      2 Low
//	informational   note         0.0                      1 Informational
//
// GitHub reads security-severity as critical above 9.0, high from 7.0,
// medium from 4.0 and low from 0.1. OCSF events of PASS and NOT_APPLICABLE
// findings have severity_id 1 Informational, as AWS Security Hub gives
// passed controls; the control's own severity is kept in
// unmapped.aigov.control_severity.
//
// # SARIF
//
// One run whose tool.driver has one rule per control: id the control id,
// name the title in PascalCase, short and full descriptions, help (text and
// Markdown) with the rationale, the remediation and every framework clause
// with its mapping basis, defaultConfiguration.level, and properties
// security-severity and tags ("security", "compliance", the framework keys,
// "source:<service>").
//
// A result is a failure, so only FAIL findings are results. Each carries
// the finding's stable ID under partialFingerprints (SARIFFingerprintKey,
// "aigovFindingId/v1"), so uploading the next run updates the same alert
// instead of opening another. GitHub code scanning rejects a whole upload
// if a result has no physical location, or a location URI with a scheme
// (an ARN would read as one), so every result has a physicalLocation with
// a stable, repository-relative pseudo path, aws/<account>/<region>/<type>
// (such as aws/111111111111/eu-west-1/AWS-SageMaker-NotebookInstance;
// "global" for no region, "account" for account-level findings) at line 1,
// and a logicalLocation whose fullyQualifiedName is the resource's ARN. The
// path does not exist in the repository; GitHub shows it as the alert's
// file.
//
// UNKNOWN controls are not results, but a run without results must not
// look clean when evidence was missing: each UNKNOWN control is an
// invocation notification (level warning) that names it and says why, as
// is each source that could not be read, and run.properties.aigov counts
// controls and findings by status and lists the UNKNOWN control ids.
// WAIVED findings are not results either (GitHub would show a suppressed
// result as an open alert, since it does not honour SARIF suppressions by
// default), so an alert closes when its finding is waived; the waiver is
// counted in run.properties and shown by the other formats.
// invocations[0].executionSuccessful is true: the evaluation ran, and what
// it could not read is in the notifications.
//
// The output validates against the OASIS SARIF 2.1.0 schema (shared as
// shared/schemas/sarif-schema-2.1.0.json, copied to testdata). The test
// uses a small draft-07 validator written in the test files, so that the
// library keeps no dependency beyond the standard library; it fails on any
// schema keyword it does not implement, and its own test shows that it
// rejects invalid documents. To check a file by hand with Debian's
// python3-jsonschema:
//
//	apt-get install python3-jsonschema
//	python3 -c 'import json, sys, jsonschema
//	jsonschema.Draft7Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))
//	print("valid")' sarif-schema-2.1.0.json report.sarif
//
// The same command validates report JSON against ReportSchema's document
// (governance/render/report.schema.json).
//
// # JUnit XML
//
// One testsuite with one testcase per control: name "<id> <title>",
// classname "aigov.<severity>" so CI views group by severity. FAIL is a
// failure whose message is the reason and whose body lists the findings
// and the fix; UNKNOWN and NOT_APPLICABLE are skipped, the message saying
// which and why (nothing was evaluated, and a skip stays visible without
// counting as a pass); WAIVED and PASS pass, a waiver noted in system-out.
// The suite's properties hold the score, coverage, times, scope, severity
// filter and tool.
//
// # CSV
//
// Columns: control_id, control_title, severity, status, account, region,
// resource_type, resource, message, waiver_owner, waiver_expires (RFC
// 3339), waiver_reason, evidence (operations joined with "; "), frameworks
// ("iso27001 A.8.24; soc2 CC6.1") and finding_id; UTF-8 without a byte
// order mark, "\n" line ends. A cell that begins with =, +, -, @, a tab or
// a carriage return gets a leading apostrophe so that spreadsheets show it
// as text instead of running it as a formula (CSV injection).
//
// # OCSF
//
// One Compliance Finding event per finding (class_uid 2003, category_uid 2
// Findings, activity_id 1 Create, type_uid 200301), OCSF version
// OCSFVersion (1.3.0, the first 1.x whose Compliance Finding has a list of
// resources), one JSON object per line. Every finding is an event, passing
// ones included, so a data lake holds the evidence of passes too;
// consumers deduplicate on finding_info.uid, the finding's stable id.
// time and finding_info.created_time are the report's generatedAt, and
// finding_info.last_seen_time when the evidence was collected, in epoch
// milliseconds. compliance holds the control id, the framework titles as
// standards, the clauses as requirements ("iso27001 A.8.24") and the
// status; remediation.desc the fix; resources the resource (its ARN and
// type, or the account as type AWS::::Account); cloud the provider AWS,
// the account (type_id 10) and the region; metadata.product the tool
// (WithTool). A waiver is in status_detail.
//
// # HTML
//
// One file: the summary, the score per framework as an inline SVG bar
// chart with coverage alongside, a heatmap of controls by status and
// severity, controls and findings tables, the controls that need attention
// with their clauses and mapping sources, the sources with their outcome
// and the waivers. A little inline script adds text, status and severity
// filters; without it the page is complete. It loads nothing: no external
// script, style sheet, font or image, and its Content-Security-Policy
// allows only its own style and script, by hash, so a browser refuses
// anything else. Links (framework mapping sources, the tool's page) are
// plain http(s) links a reader may follow. Printed, it hides the filters,
// shows every row, repeats table headers, keeps rows whole and puts the
// title, date and page number in the margins.
//
// # Evidence packs
//
// EvidencePack.WriteDir and WriteZip write report.json, report.html,
// snapshot.json, documents/<name> and manifest.json (every file with its
// size and SHA-256, the report's generatedAt and the aigov version), and,
// with WithSigningKey, manifest.sig: the raw 64-byte Ed25519 signature of
// manifest.json's exact bytes. The zip is reproducible: the same pack
// gives the same bytes. VerifyDir and VerifyZip recompute every hash and
// check the signature with the key the verifier trusts (never the key the
// manifest names), reporting each problem as a *VerifyError that names the
// file: errors.Is(err, render.ErrFileChanged), ErrFileMissing,
// ErrFileAdded, ErrBadSignature, ErrUnsigned or ErrBadManifest.
//
// An auditor without Go checks an unpacked pack with jq, sha256sum and
// OpenSSL 3, given the producer's public key as PEM (Go writes one with
// x509.MarshalPKIXPublicKey and pem.Encode, type "PUBLIC KEY"):
//
//	jq -r '.files[] | "\(.sha256)  \(.path)"' manifest.json | sha256sum -c -
//	openssl pkeyutl -verify -pubin -inkey producer.pem -rawin -in manifest.json -sigfile manifest.sig
//	ls -R   # and no file beyond those the manifest lists, manifest.json and manifest.sig
package render
