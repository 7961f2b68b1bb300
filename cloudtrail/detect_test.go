package cloudtrail

import (
	"encoding/json"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov/internal/sharedtest"
	"github.com/google/go-cmp/cmp"
)

// folderEvents streams the records of one shared folder.
func folderEvents(t *testing.T, folder string) iter.Seq2[Event, error] {
	t.Helper()
	root := sharedtest.Dir(t, "testdata/cloudtrail")
	var files []string
	for _, f := range sharedFiles(t) {
		if strings.HasPrefix(f, filepath.Join(root, folder)+string(filepath.Separator)) {
			files = append(files, f)
		}
	}
	return func(yield func(Event, error) bool) {
		for _, f := range files {
			fh, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			for ev, err := range NewDecoder(fh).Events() {
				if !yield(ev, err) {
					fh.Close()
					return
				}
			}
			fh.Close()
		}
	}
}

func detectIn(t *testing.T, folder string, rules []Rule) []Detection {
	t.Helper()
	dets, err := Detect(folderEvents(t, folder), rules...)
	if err != nil {
		t.Fatal(err)
	}
	return dets
}

// find returns the detection of rule for principal, failing when absent.
func find(t *testing.T, dets []Detection, rule, principal string) Detection {
	t.Helper()
	for _, d := range dets {
		if d.RuleID == rule && d.Principal.ID == principal {
			return d
		}
	}
	t.Fatalf("no detection of %s for %s", rule, principal)
	return Detection{}
}

func TestDetectInvictusLoggingTampering(t *testing.T) {
	dets := detectIn(t, "invictus-aws-dataset", DefaultRules())
	const bertJan = "arn:aws:iam::123837392027:user/bert-jan"
	stopped := find(t, dets, "cloudtrail-logging-stopped", bertJan)
	// 3 StopLogging (all TrailNotFoundException) and 3 DeleteTrail (one failed).
	if stopped.Count != 6 || stopped.Failed != 4 || !slices.Equal(stopped.EventNames, []string{"DeleteTrail", "StopLogging"}) {
		t.Errorf("cloudtrail-logging-stopped: %d events, %d failed, %v", stopped.Count, stopped.Failed, stopped.EventNames)
	}
	if stopped.Severity != SeverityCritical || dets[0].Severity != SeverityCritical {
		t.Errorf("critical detections do not come first")
	}
	modified := find(t, dets, "cloudtrail-trail-modified", bertJan)
	if modified.Count != 2 || !slices.Equal(modified.EventNames, []string{"PutEventSelectors"}) {
		t.Errorf("cloudtrail-trail-modified: %d events, %v", modified.Count, modified.EventNames)
	}
	trust := find(t, dets, "iam-trust-policy-change", bertJan)
	if trust.Count != 2 {
		t.Errorf("iam-trust-policy-change: %d events, want 2", trust.Count)
	}
	policy := find(t, dets, "iam-policy-change", bertJan)
	if !slices.Contains(policy.EventNames, "AttachRolePolicy") || !slices.Contains(policy.EventNames, "PutRolePolicy") {
		t.Errorf("iam-policy-change: %v", policy.EventNames)
	}
	// 16 AccessDenied and 44 Client.UnauthorizedOperation.
	denied := 0
	for _, d := range dets {
		if d.RuleID == "access-denied" {
			denied += d.Count
		}
	}
	if denied != 60 {
		t.Errorf("access-denied: %d events, want 60", denied)
	}
}

func TestDetectStratusBedrock(t *testing.T) {
	dets := detectIn(t, "stratus-red-team", AIOperationRules())
	const testRole = "arn:aws:iam::494659789341:role/test-role"
	invoke := find(t, dets, "bedrock-model-invocation", testRole)
	want := Detection{
		RuleID: "bedrock-model-invocation", Title: "Bedrock model invoked", Severity: SeverityLow, Category: CategoryAIOperations,
		Principal:    Principal{ID: testRole, Type: "AssumedRole", AccountID: "494659789341"},
		SessionNames: []string{"cli"}, EventNames: []string{"InvokeModel"},
		FirstSeen: invoke.FirstSeen, LastSeen: invoke.FirstSeen,
		AccountIDs: []string{"494659789341"}, Regions: []string{"megov-northeast-1r"}, SourceIPAddresses: []string{"035.249.253.232"},
		Count: 1, SampleEventIDs: invoke.SampleEventIDs,
	}
	if diff := cmp.Diff(want, invoke); diff != "" || invoke.FirstSeen.IsZero() || len(invoke.SampleEventIDs) != 1 {
		t.Errorf("bedrock-model-invocation (-want +got):\n%s", diff)
	}
	access := find(t, dets, "bedrock-model-access-change", testRole)
	if !slices.Equal(access.EventNames, []string{"CreateFoundationModelAgreement", "PutFoundationModelEntitlement", "PutUseCaseForModelAccess"}) {
		t.Errorf("bedrock-model-access-change: %v", access.EventNames)
	}
	const devAdmin = "arn:aws:iam::847129010505:role/aws-reserved/sso.amazonaws.com/us-west-2/AWSReservedSSO_DevAdmin_635426549a280cc6"
	for _, rule := range []string{"bedrock-guardrail-deleted", "bedrock-invocation-logging-change"} {
		if d := find(t, dets, rule, devAdmin); d.Count != 1 || d.SessionNames[0] != "ariel.ropek" {
			t.Errorf("%s: %d events, sessions %v", rule, d.Count, d.SessionNames)
		}
	}
}

func TestDetectTrailDiscover(t *testing.T) {
	dets := detectIn(t, "traildiscover", DefaultRules())
	const user = "arn:aws:iam::111111111111:user/TrailDiscover"
	policy := find(t, dets, "iam-policy-change", user)
	for _, name := range []string{"PutRolePolicy", "DeleteRolePolicy", "AttachRolePolicy", "DetachRolePolicy"} {
		if !slices.Contains(policy.EventNames, name) {
			t.Errorf("iam-policy-change lacks %s: %v", name, policy.EventNames)
		}
	}
	if policy.Failed != policy.Count {
		t.Errorf("iam-policy-change: %d of %d failed; every one was denied", policy.Failed, policy.Count)
	}
	// 326 AccessDenied and 85 Client.UnauthorizedOperation in all.
	denied := 0
	for _, d := range dets {
		if d.RuleID == "access-denied" {
			denied += d.Count
			if d.Failed != d.Count {
				t.Errorf("access-denied for %s: %d of %d failed", d.Principal.ID, d.Failed, d.Count)
			}
		}
	}
	if denied != 411 {
		t.Errorf("access-denied: %d events, want 411", denied)
	}
}

func TestDetectionsDoNotDependOnOrder(t *testing.T) {
	var events []Event
	for ev, err := range folderEvents(t, "invictus-aws-dataset") {
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, ev)
	}
	forward, _ := Detect(seq(events), DefaultRules()...)
	slices.Reverse(events)
	backward, _ := Detect(seq(events), DefaultRules()...)
	if diff := cmp.Diff(forward, backward); diff != "" {
		t.Fatalf("detections depend on event order:\n%s", diff)
	}
	if _, err := json.Marshal(forward); err != nil {
		t.Fatal(err)
	}
}

func seq(events []Event) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		for _, ev := range events {
			if !yield(ev, nil) {
				return
			}
		}
	}
}

func TestDetectorBounds(t *testing.T) {
	d, err := NewDetector(DeniedAccessRules(), WithSampleSize(2), WithMaxValues(3))
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 10 {
		d.Add(Event{EventName: "GetObject", ErrorCode: "AccessDenied", EventID: string(rune('j' - i)),
			Time: base.Add(time.Duration(i) * time.Minute), SourceIPAddress: "10.0.0." + string(rune('0'+i)),
			Identity: Identity{ARN: "arn:aws:iam::1:user/u"}})
	}
	got := d.Detections()
	if len(got) != 1 {
		t.Fatalf("%d detections", len(got))
	}
	g := got[0]
	if g.Count != 10 || !slices.Equal(g.SampleEventIDs, []string{"j", "i"}) || !slices.Equal(g.SourceIPAddresses, []string{"10.0.0.0", "10.0.0.1", "10.0.0.2"}) ||
		!slices.Equal(g.Truncated, []string{"sourceIPAddresses"}) || !g.FirstSeen.Equal(base) || !g.LastSeen.Equal(base.Add(9*time.Minute)) {
		t.Fatalf("detection %+v", g)
	}
}

func TestNewDetectorRejectsBadRules(t *testing.T) {
	match := func(Event) bool { return true }
	for _, rules := range [][]Rule{
		{{Title: "no id", Severity: SeverityLow, Match: match}},
		{{ID: "a", Severity: SeverityLow}},
		{{ID: "a", Severity: "urgent", Match: match}},
		{{ID: "a", Severity: SeverityLow, Match: match}, {ID: "a", Severity: SeverityHigh, Match: match}},
	} {
		if _, err := NewDetector(rules); err == nil {
			t.Errorf("NewDetector(%+v) accepted bad rules", rules)
		}
	}
	if _, err := NewDetector(DefaultRules()); err != nil {
		t.Fatalf("built-in rules: %v", err)
	}
}

func TestRequestParameterRules(t *testing.T) {
	rules := DefaultRules()
	matches := func(rec string) []string {
		ev, err := ParseEvent([]byte(rec))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range rules {
			if r.Match(ev) {
				ids = append(ids, r.ID)
			}
		}
		return ids
	}
	for rec, want := range map[string]string{
		`{"eventSource":"guardduty.amazonaws.com","eventName":"UpdateDetector","requestParameters":{"detectorId":"d","enable":false}}`:      "guardduty-disabled",
		`{"eventSource":"guardduty.amazonaws.com","eventName":"UpdateDetector","requestParameters":{"detectorId":"d","enable":true}}`:       "",
		`{"eventSource":"sagemaker.amazonaws.com","eventName":"UpdateModelPackage","requestParameters":{"modelApprovalStatus":"Approved"}}`: "sagemaker-model-approval-change",
		`{"eventSource":"sagemaker.amazonaws.com","eventName":"UpdateModelPackage","requestParameters":{"customerMetadataProperties":{}}}`:  "",
		`{"eventSource":"bedrock.amazonaws.com","eventName":"DeleteModelInvocationLoggingConfiguration"}`:                                   "bedrock-invocation-logging-change,bedrock-invocation-logging-deleted",
		`{"eventSource":"ec2.amazonaws.com","eventName":"RunInstances","errorCode":"Client.UnauthorizedOperation"}`:                         "access-denied",
		`{"eventSource":"bedrock.amazonaws.com","eventName":"InvokeModel","errorCode":"AccessDeniedException"}`:                             "bedrock-model-invocation,access-denied",
		`{"eventSource":"ec2.amazonaws.com","eventName":"RunInstances","errorCode":"UnauthorizedException"}`:                                "",
	} {
		if got := strings.Join(matches(rec), ","); got != want {
			t.Errorf("%s matched %q, want %q", rec, got, want)
		}
	}
}
