package render_test

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/aigov/aigov/governance"
	"github.com/aigov/aigov/governance/render"
)

// smallReport is a report with one failing and one passing control.
func smallReport() *governance.Report {
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	return &governance.Report{
		SchemaVersion: governance.ReportSchemaVersion,
		GeneratedAt:   at,
		CollectedAt:   at.Add(-5 * time.Minute),
		Scope:         governance.Scope{Accounts: []string{"111111111111"}, Regions: []string{"eu-west-1"}},
		Sources:       []governance.SourceOutcome{{Source: governance.SourceConfig, Status: governance.OutcomeOK, Account: "111111111111", Region: "eu-west-1"}},
		Controls: []governance.ControlResult{
			{ID: "AIML-NET-01", Title: "SageMaker notebook instances have no direct internet access", Severity: governance.SeverityHigh,
				Status: governance.StatusFail, Reason: "1 of 1 failing: DirectInternetAccess is Enabled",
				Remediation: "Recreate the notebook instance with DirectInternetAccess set to Disabled.",
				Counts:      governance.Counts{Fail: 1}},
			{ID: "AIML-LOG-02", Title: "Trails validate log files and encrypt them with KMS", Severity: governance.SeverityMedium,
				Status: governance.StatusPass, Reason: "1 of 1 passing.", Counts: governance.Counts{Pass: 1}},
		},
		Findings: []governance.Finding{
			{ID: "29d0c5e6f7a8b9c0d1e2f3a4b5c6d7e1", Control: "AIML-NET-01", Status: governance.StatusFail, Severity: governance.SeverityHigh,
				Account: "111111111111", Region: "eu-west-1", ResourceType: "AWS::SageMaker::NotebookInstance",
				Resource: "arn:aws:sagemaker:eu-west-1:111111111111:notebook-instance/research", Message: "DirectInternetAccess is Enabled"},
		},
		Scores: governance.Scores{
			Overall:    governance.Score{Passed: 1, Failed: 1, Evaluated: 2, Applicable: 2, Score: 0.5, Coverage: 1},
			Frameworks: map[governance.Framework]governance.Score{},
		},
	}
}

func ExampleText() {
	if err := render.Text(os.Stdout, smallReport()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Score 50.0% at 100.0% coverage · 2 controls: 1 FAIL, 0 UNKNOWN, 0 WAIVED, 1 PASS, 0 NOT_APPLICABLE · FAIL or UNKNOWN by severity: 1 high
	// Generated 2026-11-20 09:00 UTC from evidence collected 2026-11-20 08:55 UTC · accounts 111111111111 · regions eu-west-1
	//
	// Controls
	// FAIL           high          AIML-NET-01  SageMaker notebook instances have no direct internet access
	//                Why: 1 of 1 failing: DirectInternetAccess is Enabled
	//                Fix: Recreate the notebook instance with DirectInternetAccess set to Disabled.
	//                - FAIL           111111111111/eu-west-1  AWS::SageMaker::NotebookInstance arn:aws:sagemaker:eu-west-1:111111111111:notebook-instance/research
	//                  DirectInternetAccess is Enabled
	// PASS           medium        AIML-LOG-02  Trails validate log files and encrypt them with KMS
	//
	// Frameworks
	//   none
	//
	// Sources
	//   all 1 collected without a problem
}

func ExampleParseFormat() {
	f, err := render.ParseFormat("SARIF")
	fmt.Println(f, f.Extension(), err)
	_, err = render.ParseFormat("pdf")
	fmt.Println(err)
	// Output:
	// sarif .sarif <nil>
	// render: format "pdf" is not one of text, markdown, json, sarif, junit, csv, ocsf, html
}

// A CSV cell that a spreadsheet would run as a formula is shown as text.
func ExampleCSV() {
	r := smallReport()
	r.Findings[0].Message = "=HYPERLINK(\"https://evil.example\")"
	if err := render.CSV(os.Stdout, r, render.WithMinSeverity(governance.SeverityHigh)); err != nil {
		fmt.Println(err)
	}
	// Output:
	// control_id,control_title,severity,status,account,region,resource_type,resource,message,waiver_owner,waiver_expires,waiver_reason,evidence,frameworks,finding_id
	// AIML-NET-01,SageMaker notebook instances have no direct internet access,high,FAIL,111111111111,eu-west-1,AWS::SageMaker::NotebookInstance,arn:aws:sagemaker:eu-west-1:111111111111:notebook-instance/research,"'=HYPERLINK(""https://evil.example"")",,,,,,29d0c5e6f7a8b9c0d1e2f3a4b5c6d7e1
}

// An auditor verifies a signed pack with the producer's public key, and
// learns which file changed if one did.
func ExampleVerifyZip() {
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, ed25519.SeedSize)) // in real use, a key kept secret
	pack := &render.EvidencePack{
		Report:    smallReport(),
		Documents: []render.Document{{Name: "soc2-type2-2026.pdf", Content: []byte("%PDF-1.7 …")}},
	}
	var zip bytes.Buffer
	if err := pack.WriteZip(&zip, render.WithSigningKey(key), render.WithVersion("v0.1.0")); err != nil {
		fmt.Println(err)
		return
	}
	pub := key.Public().(ed25519.PublicKey)
	fmt.Println("intact:", render.VerifyZip(bytes.NewReader(zip.Bytes()), int64(zip.Len()), pub))

	// Checked with another key, the signature is what fails.
	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{2}, ed25519.SeedSize)).Public().(ed25519.PublicKey)
	err := render.VerifyZip(bytes.NewReader(zip.Bytes()), int64(zip.Len()), other)
	var ve *render.VerifyError
	if errors.As(err, &ve) && errors.Is(err, render.ErrBadSignature) {
		fmt.Println("another key:", ve.Path)
	}
	// Output:
	// intact: <nil>
	// another key: manifest.sig
}
