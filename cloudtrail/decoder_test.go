package cloudtrail

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// decodeAll returns the event names and errors a Decoder gives for in, read
// one byte at a time so that every refill path is taken.
func decodeAll(in string) (names []string, errs []error) {
	d := NewDecoder(iotest.OneByteReader(strings.NewReader(in)))
	for ev, err := range d.Events() {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		names = append(names, ev.EventName)
	}
	return names, errs
}

func TestDecoderShapes(t *testing.T) {
	tests := []struct {
		name, in string
		want     string
	}{
		{"log file", `{"Records":[{"eventName":"A"},{"eventName":"B"}]}`, "A,B"},
		{"log file with space", " \n{ \"Records\" : [ {\"eventName\":\"A\"} ] , \"x\" : {\"y\":[1]} }\n", "A"},
		{"empty log file", `{"Records":[]}`, ""},
		{"bare array", `[{"eventName":"A"},{"eventName":"B"}]`, "A,B"},
		{"single record", `{"eventName":"A","Records":1}`, "A"},
		{"escaped key", `{"Reco\u0072ds":[{"eventName":"A"}]}`, "A"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			names, errs := decodeAll(tt.in)
			if errs != nil {
				t.Fatalf("errors: %v", errs)
			}
			if got := strings.Join(names, ","); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecoderFaults(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // events read before or after the fault
		kind     error
		record   int
		offset   int64
	}{
		{"record of the wrong shape, then more", `{"Records":[{"eventName":"A"},{"eventName":1},{"eventName":"C"}]}`, "A,C", ErrInvalidRecord, 1, 43},
		{"array element not an object", `[{"eventName":"A"},7,{"eventName":"C"}]`, "A,C", ErrInvalidRecord, 1, 19},
		{"invalid JSON stops the stream", `[{"eventName":"A"},{"eventName":"B",}]`, "A", ErrInvalidJSON, 1, 36},
		{"truncated", `{"Records":[{"eventName":"A"},{"eventName":"B"`, "A", ErrInvalidJSON, 1, 46},
		{"truncated between records", `{"Records":[{"eventName":"A"}`, "A", ErrInvalidJSON, -1, 29},
		{"data after", `[{"eventName":"A"}] [`, "A", ErrInvalidJSON, -1, 20},
		{"not CloudTrail: text", `hello`, "", ErrNotCloudTrail, -1, 0},
		{"not CloudTrail: empty", ``, "", ErrNotCloudTrail, -1, 0},
		{"not CloudTrail: digest", `{"awsAccountId":"1","logFiles":[]}`, "", ErrNotCloudTrail, 0, 0},
		{"not CloudTrail: Records not an array", `{"Records":{}}`, "", ErrNotCloudTrail, -1, 11},
		{"not CloudTrail: empty object", `{}`, "", ErrNotCloudTrail, -1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			names, errs := decodeAll(tt.in)
			if got := strings.Join(names, ","); got != tt.want {
				t.Errorf("events %q, want %q", got, tt.want)
			}
			if len(errs) != 1 {
				t.Fatalf("errors %v, want one", errs)
			}
			var pe *ParseError
			if !errors.As(errs[0], &pe) || !errors.Is(pe, tt.kind) || pe.Record != tt.record || pe.Offset != tt.offset {
				t.Fatalf("error %v (record %d, offset %d), want %v at record %d, offset %d", errs[0], pe.Record, pe.Offset, tt.kind, tt.record, tt.offset)
			}
		})
	}
}

func TestDecoderReadError(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(strings.NewReader(`{"Records":[{"eventName":"A"},{"event`), iotest.ErrReader(boom))
	d := NewDecoder(r)
	if ev, err := d.Next(); err != nil || ev.EventName != "A" {
		t.Fatalf("first record: %v, %v", ev.EventName, err)
	}
	_, err := d.Next()
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want the read error", err)
	}
	if _, err := d.Next(); err != io.EOF {
		t.Fatalf("after a read error: %v, want io.EOF", err)
	}
}

func TestDecoderLargeRecord(t *testing.T) {
	big := `{"eventName":"A","requestParameters":"` + strings.Repeat("x", 300<<10) + `"}`
	names, errs := decodeAll(`{"Records":[` + big + `,{"eventName":"B"}]}`)
	if errs != nil || strings.Join(names, ",") != "A,B" {
		t.Fatalf("got %v, %v", names, errs)
	}
}

// TestDecodeAllocatesOncePerRecord holds Decode to its promise of one
// allocation a record, the Event's strings and raw values sharing it with
// Raw, for records whose strings need no unescaping.
func TestDecodeAllocatesOncePerRecord(t *testing.T) {
	const rec = `{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:cli",` +
		`"arn":"arn:aws:sts::111122223333:assumed-role/ml-admin/cli","accountId":"111122223333","accessKeyId":"ASIAEXAMPLE",` +
		`"sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::111122223333:role/ml-admin",` +
		`"accountId":"111122223333","userName":"ml-admin"},"attributes":{"creationDate":"2024-10-17T20:07:50Z","mfaAuthenticated":"true"}}},` +
		`"eventTime":"2024-10-17T20:09:52Z","eventSource":"bedrock.amazonaws.com","eventName":"InvokeModel","awsRegion":"us-east-1",` +
		`"sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2","requestParameters":{"modelId":"m","n":[1,2.5,true,null]},` +
		`"responseElements":null,"requestID":"r1","eventID":"e1","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,` +
		`"eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3"}}`
	const n = 200
	d := NewDecoder(strings.NewReader(`{"Records":[` + strings.Repeat(rec+",", n) + rec + `]}`))
	var ev Event
	if err := d.Decode(&ev); err != nil { // the first fills the buffer
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(n/2, func() {
		if err := d.Decode(&ev); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 1 {
		t.Errorf("Decode: %v allocations a record, want 1", allocs)
	}
}
