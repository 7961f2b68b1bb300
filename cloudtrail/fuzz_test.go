package cloudtrail

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"testing"
)

// Seeds come from the shared records, read in place, and from a few
// hand-made edge cases. `go test` runs the seeds; `go test -fuzz=FuzzX`
// explores from them.

var handSeeds = []string{
	`{"eventName":"A"}`,
	`{"eventName":"A\u00e9\ud83d\ude00\ud800x","eventSource":"\/s\\","readOnly":"TRUE"}`,
	`{"EVENTNAME":"a","eventname":"b","eventſource":"c","userIdentity":{"sessionContext":{"attributes":{"mfaAuthenticated":false}}}}`,
	`{"eventName":"A","requestParameters":{"a":[1,-2.5e+3,true,false,null,{"b":"\u0000"}]},"resources":[]}`,
	"{\"eventName\":\"\xff\xfe\",\"eventTime\":\"2023-07-10 12:11:15.5\"}",
	`{"Records":[{"eventName":"A"},1,{"eventName":"B"}],"x":null}`,
	`[{"eventName":"A"}, {"eventName":2}]`,
	`{"eventName":"A","eventTime":"yesterday"}`,
}

func FuzzParseEvent(f *testing.F) {
	for _, s := range handSeeds {
		f.Add([]byte(s))
	}
	for _, ev := range sharedEvents(f) {
		f.Add([]byte(ev.Raw))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, err := ParseEvent(data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Offset < 0 || pe.Offset > int64(len(data)) {
				t.Fatalf("ParseEvent: %v, want a *ParseError within the input", err)
			}
			if json.Valid(data) == errors.Is(err, ErrInvalidJSON) {
				t.Fatalf("ParseEvent: %v, but json.Valid = %v", err, json.Valid(data))
			}
			return
		}
		if !bytes.Equal(bytes.TrimSpace(data), ev.Raw) {
			t.Fatalf("Raw = %q, want the input", ev.Raw)
		}
		checkAgainstReference(t, data, ev)
		if _, err := json.Marshal(ev); err != nil {
			t.Fatalf("json.Marshal(Event): %v", err)
		}
	})
}

func FuzzDecoder(f *testing.F) {
	for _, s := range handSeeds {
		f.Add([]byte(s))
	}
	for _, name := range sharedFiles(f) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d := NewDecoder(bytes.NewReader(data))
		for i := 0; ; i++ {
			if i > len(data)+1 {
				t.Fatalf("more results than input bytes")
			}
			ev, err := d.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) || pe.Offset < 0 || pe.Offset > int64(len(data)) {
					t.Fatalf("Next: %v, want a *ParseError within the input", err)
				}
				continue
			}
			again, err := ParseEvent(ev.Raw)
			if err != nil || again.EventName != ev.EventName {
				t.Fatalf("ParseEvent(Raw) = %v, %v; the decoder gave %q", again.EventName, err, ev.EventName)
			}
		}
	})
}
