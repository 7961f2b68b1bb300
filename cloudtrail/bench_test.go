package cloudtrail

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
)

// benchLogFile returns a log file of the shared records, and their number.
func benchLogFile(b *testing.B) ([]byte, int) {
	var buf bytes.Buffer
	buf.WriteString(`{"Records":[`)
	events := sharedEvents(b)
	for i, ev := range events {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(ev.Raw)
	}
	buf.WriteString("]}")
	return buf.Bytes(), len(events)
}

// BenchmarkDecoder decodes a log file of the shared records held in memory,
// without decompression: the parser's own speed.
func BenchmarkDecoder(b *testing.B) {
	data, count := benchLogFile(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		d := NewDecoder(bytes.NewReader(data))
		n := 0
		for {
			_, err := d.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != count {
			b.Fatal(n)
		}
	}
}

// BenchmarkEncodingJSON is the road not taken: encoding/json streaming the
// same log file record by record into a struct of the same string fields
// (refRecord), as a Decoder built on it would.
func BenchmarkEncodingJSON(b *testing.B) {
	data, count := benchLogFile(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		d := json.NewDecoder(bytes.NewReader(data))
		for range 3 { // {, "Records", [
			if _, err := d.Token(); err != nil {
				b.Fatal(err)
			}
		}
		n := 0
		for ; d.More(); n++ {
			var r refRecord
			if err := d.Decode(&r); err != nil {
				b.Fatal(err)
			}
		}
		if n != count {
			b.Fatal(n)
		}
	}
}

// BenchmarkDetect applies every built-in rule to the shared records, held
// in memory.
func BenchmarkDetect(b *testing.B) {
	events := sharedEvents(b)
	rules := DefaultRules()
	b.ReportAllocs()
	for b.Loop() {
		d, err := NewDetector(rules)
		if err != nil {
			b.Fatal(err)
		}
		for _, ev := range events {
			d.Add(ev)
		}
		if len(d.Detections()) == 0 {
			b.Fatal("no detections")
		}
	}
	b.ReportMetric(float64(len(events))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
