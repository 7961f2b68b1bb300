package auditmanager_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/auditmanager"
	"github.com/aigov/aigov/auditmanager/auditmanagertest"
	"github.com/aigov/aigov/internal/pager"
	"github.com/aigov/aigov/internal/wiretest"
	sdk "github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

// These tests run the real SDK client against canned Audit Manager
// responses, to check that the wire shapes this package relies on decode and
// that the errors the fake builds look like the ones the real client
// returns.

const (
	wireAssessment = "3b1f2c4d-0000-4000-8000-00000000a001"
	wireControl    = "3b1f2c4d-0000-4000-8000-00000000c001"
	wireFolder     = "3b1f2c4d-0000-4000-8000-00000000f001"
)

func wireClient(t *testing.T) (*wiretest.Server, *auditmanager.Client) {
	srv := wiretest.New(t)
	c := auditmanager.NewFromConfig(srv.Config(), auditmanager.WithAccount("123456789012"))
	if c.Region() != "us-east-1" {
		t.Fatalf("NewFromConfig: region %q, want the config's", c.Region())
	}
	return srv, c
}

func TestWireStatus(t *testing.T) {
	srv, c := wireClient(t)
	srv.Answer("GET /account/status", wiretest.JSON(`{"status":"ACTIVE"}`))
	srv.Answer("GET /settings/ALL", wiretest.JSON(`{"settings":{"isAwsOrgEnabled":true,"kmsKey":"DEFAULT",
		"defaultAssessmentReportsDestination":{"destinationType":"S3","destination":"s3://audit-reports"},
		"evidenceFinderEnablement":{"eventDataStoreArn":"arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/e","enablementStatus":"ENABLED","backfillStatus":"IN_PROGRESS"}}}`))
	st, err := c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := auditmanager.AccountStatus{State: auditmanager.Active, Account: "123456789012", Region: "us-east-1", Settings: &auditmanager.Settings{
		EvidenceFinder:    auditmanager.EvidenceFinder{Status: "ENABLED", Backfill: "IN_PROGRESS", EventDataStore: "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/e"},
		ReportDestination: "s3://audit-reports", KMSKey: "DEFAULT", Organization: true,
	}}
	if d := cmp.Diff(want, st); d != "" {
		t.Errorf("status (-want +got):\n%s", d)
	}
}

func TestWireNotRegistered(t *testing.T) {
	srv, c := wireClient(t)
	srv.Answer("GET /account/status", wiretest.JSON(`{"status":"INACTIVE"}`))
	srv.Answer("GET /assessments", wiretest.JSONError(403, "AccessDeniedException", "Please complete AWS Audit Manager setup from home page to enable this action in this account."))
	st, err := c.Status(context.Background())
	if err != nil || st.Available() || st.State != auditmanager.Inactive {
		t.Errorf("status = %+v, %v", st, err)
	}
	_, err = pager.Collect(c.Assessments(context.Background(), auditmanager.AssessmentFilter{}))
	if _, ok := auditmanager.NotEnabled(err); !ok {
		t.Errorf("err = %v, want not enabled", err)
	}
}

func TestWireAssessments(t *testing.T) {
	srv, c := wireClient(t)
	srv.Answer("GET /assessments", wiretest.JSON(`{"assessmentMetadata":[{"id":"`+wireAssessment+`","name":"genai-prod","status":"ACTIVE","complianceType":"Generative AI","creationTime":1.7e9}]}`))
	srv.Answer("GET /assessments/"+wireAssessment, wiretest.JSON(`{"assessment":{
		"arn":"arn:aws:auditmanager:us-east-1:123456789012:assessment/`+wireAssessment+`",
		"awsAccount":{"id":"123456789012","name":"ml-prod"},
		"metadata":{"id":"`+wireAssessment+`","name":"genai-prod","status":"ACTIVE","complianceType":"Generative AI","creationTime":1.7e9,"lastUpdated":1.71e9,
			"assessmentReportsDestination":{"destinationType":"S3","destination":"s3://audit-reports/genai"}},
		"framework":{"id":"fw-genai-v2","arn":"arn:aws:auditmanager:us-east-1::assessmentFramework/fw-genai-v2",
			"metadata":{"name":"AWS Generative AI Best Practices Framework v2","complianceType":"Generative AI"},
			"controlSets":[{"id":"Secure","status":"ACTIVE","systemEvidenceCount":3,"manualEvidenceCount":1,
				"controls":[{"id":"`+wireControl+`","name":"Secure - Notebook instances have no direct internet access","status":"UNDER_REVIEW",
					"response":"AUTOMATE","evidenceSources":["AWS Config"],"evidenceCount":4,"assessmentReportEvidenceCount":1}]}]}}}`))
	srv.Answer("GET /assessmentFrameworks", wiretest.JSON(`{"frameworkMetadataList":[
		{"id":"fw-genai-v2","type":"Standard","name":"AWS Generative AI Best Practices Framework v2","controlsCount":110,"controlSetsCount":8},
		{"id":"fw-own","type":"Custom","name":"Our AI policy"}]}`))
	srv.Answer("GET /assessments/"+wireAssessment+"/evidenceFolders", wiretest.JSON(`{"evidenceFolders":[
		{"id":"`+wireFolder+`","controlSetId":"Secure","controlId":"`+wireControl+`","date":1.7e9,"totalEvidence":4,
		 "evidenceByTypeComplianceCheckCount":3,"evidenceByTypeComplianceCheckIssuesCount":2,"evidenceByTypeManualCount":1}]}`))
	got, err := pager.Collect(c.Assessments(context.Background(), auditmanager.AssessmentFilter{}))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("got %d assessments", len(got))
	}
	a := got[0]
	if a.Framework.Type != auditmanager.Standard || a.Framework.ControlCount != 110 || a.Account != "123456789012" || a.Region != "us-east-1" ||
		a.ReportDestination != "s3://audit-reports/genai" || a.CreatedAt.Unix() != 1.7e9 {
		t.Errorf("assessment = %+v", a)
	}
	want := auditmanager.AssessmentControl{
		ID: wireControl, Name: "Secure - Notebook instances have no direct internet access", Status: "UNDER_REVIEW", Response: "AUTOMATE",
		EvidenceSources: []string{"AWS Config"}, EvidenceCount: 4, ReportEvidenceCount: 1,
		ComplianceCheckCount: 3, NonCompliantEvidenceCount: 2, ManualEvidenceCount: 1, LastEvidenceAt: time.Unix(1.7e9, 0).UTC(),
	}
	if d := cmp.Diff(want, a.ControlSets[0].Controls[0]); d != "" {
		t.Errorf("control (-want +got):\n%s", d)
	}
	// The one canned framework list answers both types; each framework is
	// still listed once.
	fws, err := pager.Collect(c.Frameworks(context.Background(), auditmanager.FrameworkFilter{}))
	if err != nil || len(fws) != 2 || fws[0].Type != auditmanager.Standard || fws[1].Type != auditmanager.Custom {
		t.Errorf("frameworks = %+v, %v", fws, err)
	}
	var queries []string
	for _, r := range srv.Requests() {
		queries = append(queries, r.Key)
	}
	if !strings.Contains(strings.Join(queries, "\n"), "GET /assessments/"+wireAssessment+"/evidenceFolders") {
		t.Errorf("requests = %v", queries)
	}
}

func TestWireEvidence(t *testing.T) {
	srv, c := wireClient(t)
	srv.Answer("GET /assessments/"+wireAssessment+"/evidenceFolders-by-assessment-control/Secure/"+wireControl,
		wiretest.JSON(`{"evidenceFolders":[{"id":"`+wireFolder+`","controlSetId":"Secure","controlId":"`+wireControl+`","date":1.7e9}]}`))
	srv.Answer("GET /assessments/"+wireAssessment+"/controlSets/Secure/evidenceFolders/"+wireFolder+"/evidence", wiretest.JSON(`{"evidence":[{
		"id":"ev-1","evidenceFolderId":"`+wireFolder+`","time":1.7e9,"complianceCheck":"FAILED","dataSource":"AWS Config",
		"eventSource":"config.amazonaws.com","eventName":"sagemaker-notebook-no-direct-internet-access","evidenceByType":"Compliance check",
		"evidenceAwsAccountId":"123456789012","iamId":"arn:aws:iam::123456789012:role/r","assessmentReportSelection":"Yes",
		"attributes":{"findingComplianceStatus":"NON_COMPLIANT"},
		"resourcesIncluded":[{"arn":"arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/research","complianceCheck":"FAILED"}]}]}`))
	got, err := pager.Collect(c.Evidence(context.Background(), auditmanager.EvidenceQuery{AssessmentID: wireAssessment, ControlSetID: "Secure", ControlID: wireControl}))
	if err != nil {
		t.Fatal(err)
	}
	want := []auditmanager.Evidence{{
		ID: "ev-1", FolderID: wireFolder, AssessmentID: wireAssessment, ControlSetID: "Secure", ControlID: wireControl,
		Time: time.Unix(1.7e9, 0).UTC(), ComplianceCheck: "FAILED", DataSource: "AWS Config", EventSource: "config.amazonaws.com",
		EventName: "sagemaker-notebook-no-direct-internet-access", Kind: "Compliance check", Account: "123456789012",
		IAMID: "arn:aws:iam::123456789012:role/r", InReport: true, Attributes: map[string]string{"findingComplianceStatus": "NON_COMPLIANT"},
		Resources: []auditmanager.EvidenceResource{{ARN: "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/research", ComplianceCheck: "FAILED"}},
	}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("evidence (-want +got):\n%s", d)
	}
}

func TestWireImportEvidence(t *testing.T) {
	srv, c := wireClient(t)
	srv.Answer("POST /assessments/"+wireAssessment+"/controlSets/Secure/controls/"+wireControl+"/evidence", wiretest.JSON(`{"errors":[
		{"manualEvidence":{"s3ResourcePath":"s3://findings/missing.json"},"errorCode":"404","errorMessage":"The S3 object does not exist."}]}`))
	items := []auditmanager.ManualEvidence{{Text: "aigov finding"}, {S3Path: "s3://findings/missing.json"}}
	res, err := c.ImportEvidence(context.Background(), auditmanager.ImportEvidenceRequest{AssessmentID: wireAssessment, ControlSetID: "Secure", ControlID: wireControl, Items: items})
	if !errors.Is(err, auditmanager.ErrEvidenceRejected) {
		t.Fatalf("err = %v", err)
	}
	want := auditmanager.ImportResult{
		Imported:       items[:1],
		Rejected:       []auditmanager.RejectedEvidence{{Item: items[1], Code: "404", Message: "The S3 object does not exist."}},
		RemainingToday: 99,
	}
	if d := cmp.Diff(want, res); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
	if body := srv.Requests()[0].Body; body != `{"manualEvidence":[{"textResponse":"aigov finding"},{"s3ResourcePath":"s3://findings/missing.json"}]}` {
		t.Errorf("request = %s", body)
	}
}

func TestWireCreateReport(t *testing.T) {
	srv, c := wireClient(t)
	srv.Answer("POST /assessments/"+wireAssessment+"/reports", wiretest.JSON(`{"assessmentReport":{"id":"rep-1","name":"q4","assessmentId":"`+wireAssessment+`",
		"assessmentName":"genai-prod","author":"arn:aws:iam::123456789012:role/aigov","status":"IN_PROGRESS","creationTime":1.7e9,"awsAccountId":"123456789012"}}`))
	r, err := c.CreateReport(context.Background(), wireAssessment, "q4", "")
	if err != nil || r.ID != "rep-1" || r.Status != auditmanager.ReportInProgress || r.CreatedAt.Unix() != 1.7e9 {
		t.Errorf("report = %+v, %v", r, err)
	}
	if body := srv.Requests()[0].Body; body != `{"name":"q4"}` {
		t.Errorf("request = %s", body)
	}
}

// TestErrorShapeConformance checks the same assertions against an error the
// real client decoded from the wire and one the fake built, including
// whether the SDK types it.
func TestErrorShapeConformance(t *testing.T) {
	cases := []struct {
		code   string
		status int
		kind   error
		typed  bool
		fake   error // nil: the fake answers it by itself
	}{
		{"AccessDeniedException", 403, aigov.ErrNotEnabled, true, auditmanagertest.SetupIncomplete()},
		{"AccessDeniedException", 403, aigov.ErrAccessDenied, true, auditmanagertest.AccessDenied()},
		{"ThrottlingException", 429, aigov.ErrThrottled, false, auditmanagertest.Throttling()},
		{"ResourceNotFoundException", 404, aigov.ErrNotFound, true, nil},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.code, " ", tc.kind), func(t *testing.T) {
			var message string
			if tc.fake != nil {
				var ae smithy.APIError
				errors.As(tc.fake, &ae)
				message = ae.ErrorMessage()
			}
			srv, wire := wireClient(t)
			srv.Answer("POST /assessments/"+wireAssessment+"/reports", wiretest.JSONError(tc.status, tc.code, message))
			f := auditmanagertest.New()
			if tc.fake != nil {
				f.Fail("CreateAssessmentReport", tc.fake)
			}
			fake := auditmanager.New(f)
			for name, c := range map[string]*auditmanager.Client{"wire": wire, "fake": fake} {
				_, err := c.CreateReport(context.Background(), wireAssessment, "q4", "")
				assertShape(t, name, err, tc.code, tc.status, tc.kind, tc.typed)
			}
		})
	}
}

func assertShape(t *testing.T, backend string, err error, code string, status int, kind error, typed bool) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Errorf("%s: errors.Is(%v) false for %v", backend, kind, err)
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != code {
		t.Errorf("%s: APIError code: %v", backend, err)
	}
	var generic *smithy.GenericAPIError
	if isGeneric := errors.As(err, &generic); isGeneric == typed {
		t.Errorf("%s: typed = %v, want %v (%T)", backend, !isGeneric, typed, apiErr)
	}
	if code == "ResourceNotFoundException" {
		var rnf *types.ResourceNotFoundException
		if !errors.As(err, &rnf) {
			t.Errorf("%s: not a *types.ResourceNotFoundException", backend)
		}
	}
	var opErr *smithy.OperationError
	if !errors.As(err, &opErr) || opErr.Service() != sdk.ServiceID || opErr.Operation() != "CreateAssessmentReport" {
		t.Errorf("%s: OperationError: %v", backend, err)
	}
	var e *aigov.Error
	if !errors.As(err, &e) || e.StatusCode != status || e.RequestID == "" || e.Code != code {
		t.Errorf("%s: aigov.Error = %+v", backend, e)
	}
}
