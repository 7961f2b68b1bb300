package cloudtrail

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov/internal/sharedtest"
)

// sharedFiles returns the record files of the shared CloudTrail test data,
// in lexical order.
func sharedFiles(t testing.TB) []string {
	t.Helper()
	root := sharedtest.Dir(t, "testdata/cloudtrail")
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.Contains(d.Name(), ".json") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sharedEvents decodes every shared record file, failing on any error.
func sharedEvents(t testing.TB) []Event {
	t.Helper()
	var events []Event
	for _, f := range sharedFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for ev, err := range NewDecoder(bytes.NewReader(data)).Events() {
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			events = append(events, ev)
		}
	}
	return events
}

func TestDecoderReadsEverySharedRecord(t *testing.T) {
	events := sharedEvents(t)
	// SOURCES.md: 2,900 + 312 + 563 + 453 records.
	if got, want := len(events), 2900+312+563+453; got != want {
		t.Fatalf("decoded %d records, want %d", got, want)
	}
	for i, ev := range events {
		again, err := ParseEvent(ev.Raw)
		if err != nil {
			t.Fatalf("record %d: ParseEvent(Raw): %v", i, err)
		}
		if again.EventName != ev.EventName || !again.Time.Equal(ev.Time) {
			t.Fatalf("record %d: ParseEvent(Raw) differs from the decoded record", i)
		}
		checkAgainstReference(t, ev.Raw, ev)
		if t.Failed() {
			t.Fatalf("record %d: %s", i, ev.Raw)
		}
	}
}

func TestParseEventOddValues(t *testing.T) {
	events := sharedEvents(t)
	var odd, redacted, noTime, stringReadOnly int
	for _, ev := range events {
		if ev.Region == "megov-northeast-1r" && ev.SourceIPAddress == "035.249.253.232" {
			odd++
		}
		if strings.Contains(string(ev.Raw), `"eventTime": "redacted"`) {
			redacted++
		}
		if ev.Time.IsZero() {
			noTime++
		}
		if strings.Contains(string(ev.Raw), `"readOnly": "True"`) && ev.ReadOnly == TristateTrue {
			stringReadOnly++
		}
	}
	if odd == 0 || redacted != 1 || stringReadOnly != 1 {
		t.Errorf("odd values: %d anonymised, %d redacted, %d string readOnly", odd, redacted, stringReadOnly)
	}
	// 15 records lack eventTime, one says "redacted" and one "...".
	if noTime != 17 {
		t.Errorf("%d records without a time, want 17", noTime)
	}
}

func TestParseEventFields(t *testing.T) {
	rec := `{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:cli",
	"arn":"arn:aws:sts::111122223333:assumed-role/ml-admin/cli","accountId":"111122223333","accessKeyId":"ASIAEXAMPLE",
	"sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::111122223333:role/team/ml-admin",
	"accountId":"111122223333","userName":"ml-admin"},"attributes":{"creationDate":"2024-10-17T20:07:50Z","mfaAuthenticated":"true"}}},
	"eventTime":"2024-10-17T20:09:52Z","eventSource":"bedrock.amazonaws.com","eventName":"InvokeModel","awsRegion":"us-east-1",
	"sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2","requestParameters":{"modelId":"m"},"responseElements":null,
	"requestID":"r1","eventID":"e1","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"eventCategory":"Management",
	"errorCode":"AccessDenied","errorMessage":"no"}`
	ev, err := ParseEvent([]byte(rec))
	if err != nil {
		t.Fatal(err)
	}
	want := Event{
		Time: time.Date(2024, 10, 17, 20, 9, 52, 0, time.UTC), EventSource: "bedrock.amazonaws.com", EventName: "InvokeModel",
		Region: "us-east-1", AccountID: "111122223333", EventID: "e1", EventType: "AwsApiCall", EventCategory: "Management",
		EventVersion: "1.09", ReadOnly: TristateTrue, ManagementEvent: TristateTrue, ErrorCode: "AccessDenied", ErrorMessage: "no",
		SourceIPAddress: "198.51.100.7", UserAgent: "aws-cli/2", RequestID: "r1",
		Identity: Identity{Type: "AssumedRole", PrincipalID: "AROAEXAMPLE:cli", ARN: "arn:aws:sts::111122223333:assumed-role/ml-admin/cli",
			AccountID: "111122223333", AccessKeyID: "ASIAEXAMPLE",
			SessionIssuer: SessionIssuer{Type: "Role", PrincipalID: "AROAEXAMPLE", ARN: "arn:aws:iam::111122223333:role/team/ml-admin",
				AccountID: "111122223333", UserName: "ml-admin"},
			MFAAuthenticated: TristateTrue, SessionCreated: time.Date(2024, 10, 17, 20, 7, 50, 0, time.UTC)},
		RequestParameters: []byte(`{"modelId":"m"}`),
		Raw:               []byte(rec),
	}
	if diff := cmpEvents(want, ev); diff != "" {
		t.Fatalf("ParseEvent mismatch (-want +got):\n%s", diff)
	}
	// The JSON form is a stable snapshot: CloudTrail's names, Raw left out.
	snapshot, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	const wantJSON = `{"eventTime":"2024-10-17T20:09:52Z","eventSource":"bedrock.amazonaws.com","eventName":"InvokeModel",` +
		`"awsRegion":"us-east-1","accountId":"111122223333","eventID":"e1","eventType":"AwsApiCall","eventCategory":"Management",` +
		`"eventVersion":"1.09","readOnly":true,"managementEvent":true,"errorCode":"AccessDenied","errorMessage":"no",` +
		`"sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2","requestID":"r1","userIdentity":{"type":"AssumedRole",` +
		`"principalId":"AROAEXAMPLE:cli","arn":"arn:aws:sts::111122223333:assumed-role/ml-admin/cli","accountId":"111122223333",` +
		`"accessKeyId":"ASIAEXAMPLE","sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE",` +
		`"arn":"arn:aws:iam::111122223333:role/team/ml-admin","accountId":"111122223333","userName":"ml-admin"},` +
		`"mfaAuthenticated":true,"sessionCreated":"2024-10-17T20:07:50Z"},"requestParameters":{"modelId":"m"}}`
	if string(snapshot) != wantJSON {
		t.Errorf("JSON snapshot:\n got %s\nwant %s", snapshot, wantJSON)
	}
	var back Event
	if err := json.Unmarshal(snapshot, &back); err != nil {
		t.Fatalf("the snapshot does not read back: %v", err)
	}
	back.Raw = ev.Raw
	if diff := cmpEvents(ev, back); diff != "" {
		t.Errorf("snapshot round trip (-want +got):\n%s", diff)
	}
	p := ev.Principal()
	if p != (Principal{ID: "arn:aws:iam::111122223333:role/team/ml-admin", Type: "AssumedRole", AccountID: "111122223333", SessionName: "cli"}) {
		t.Fatalf("Principal = %+v", p)
	}
}

func TestParseEventErrors(t *testing.T) {
	tests := []struct {
		name, in string
		kind     error
		offset   int64
		field    string
	}{
		{"not an object", `["x"]`, ErrInvalidRecord, 0, ""},
		{"string", `"InvokeModel"`, ErrInvalidRecord, 0, ""},
		{"no eventName", `{"eventSource":"s3.amazonaws.com"}`, ErrInvalidRecord, 0, "eventName"},
		{"empty eventName", `{"eventName":""}`, ErrInvalidRecord, 0, "eventName"},
		{"eventName a number", `{"eventName":5}`, ErrInvalidRecord, 13, "eventName"},
		{"eventTime a number", `{"eventName":"A","eventTime":1688991075}`, ErrInvalidRecord, 29, "eventTime"},
		{"eventTime not a time", `{"eventName":"A","eventTime":"2023-13-45T99:00:00Z"}`, ErrInvalidRecord, 29, "eventTime"},
		{"userIdentity a string", `{"eventName":"A","userIdentity":"root"}`, ErrInvalidRecord, 32, "userIdentity"},
		{"creationDate bad", `{"eventName":"A","userIdentity":{"sessionContext":{"attributes":{"creationDate":"2024-99"}}}}`,
			ErrInvalidRecord, 80, "userIdentity.sessionContext.attributes.creationDate"},
		{"readOnly a number", `{"eventName":"A","readOnly":1}`, ErrInvalidRecord, 28, "readOnly"},
		{"truncated", `{"eventName":"A","eventTime":"2023`, ErrInvalidJSON, 34, ""},
		{"bad literal", `{"eventName":"A","readOnly":tru}`, ErrInvalidJSON, 31, ""},
		{"trailing data", `{"eventName":"A"} x`, ErrInvalidJSON, 18, ""},
		{"control character", "{\"eventName\":\"A\nB\"}", ErrInvalidJSON, 15, ""},
		{"empty", ``, ErrInvalidJSON, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseEvent([]byte(tt.in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseEvent(%q) = %v, want a *ParseError", tt.in, err)
			}
			if !errors.Is(err, tt.kind) || pe.Offset != tt.offset || pe.Field != tt.field {
				t.Fatalf("ParseEvent(%q) = %v (offset %d, field %q), want %v at %d in %q", tt.in, err, pe.Offset, pe.Field, tt.kind, tt.offset, tt.field)
			}
		})
	}
	if _, err := ParseEvent([]byte(`{"eventName":"A","eventTime":"20`)); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("truncated record: %v, want io.ErrUnexpectedEOF", err)
	}
}

func TestParseTimeFastPathAgrees(t *testing.T) {
	for _, s := range []string{"2023-07-10T12:11:15Z", "2024-02-28T23:59:59Z", "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z",
		"2023-13-01T00:00:00Z", "2023-07-10T24:00:00Z", "2023-07-1aT00:00:00Z", "0000-01-01T00:00:00Z"} {
		want, err := time.Parse(time.RFC3339, s)
		got, ok := parseTime(s)
		if ok != (err == nil) || ok && !got.Equal(want) {
			t.Errorf("parseTime(%q) = %v, %v; time.Parse: %v, %v", s, got, ok, want, err)
		}
	}
}

// TestParseTimeZAgrees holds the fast path to time.Parse over every day of
// the years around leap-year rules' edges, and over out-of-range fields.
func TestParseTimeZAgrees(t *testing.T) {
	check := func(s string) {
		t.Helper()
		want, err := time.Parse(time.RFC3339, s)
		got, ok := parseTimeZ(s)
		if ok && (err != nil || !got.Equal(want) || got.Location() != time.UTC || got != want.UTC()) {
			t.Errorf("parseTimeZ(%q) = %v; time.Parse: %v, %v", s, got, want, err)
		}
		if !ok && err == nil {
			t.Errorf("parseTimeZ(%q) refused what time.Parse reads as %v", s, want)
		}
	}
	for _, year := range []int{0, 1, 4, 99, 100, 399, 400, 1600, 1900, 1969, 1970, 1999, 2000, 2023, 2024, 2100, 2400, 9999} {
		for month := 0; month <= 13; month++ {
			for day := 0; day <= 32; day++ {
				check(fmt.Sprintf("%04d-%02d-%02dT23:59:59Z", year, month, day))
			}
		}
	}
	for _, s := range []string{"2023-07-10T24:00:00Z", "2023-07-10T23:60:00Z", "2023-07-10T23:00:60Z", "2023-07-10T00:00:00Z",
		"2023-07-1aT00:00:00Z", "2023-07-10T0/:00:00Z", "2023-07-10T00:00:0:Z", "-023-07-10T00:00:00Z"} {
		check(s)
	}
}
