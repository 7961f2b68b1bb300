package cloudtrail

import (
	"bytes"
	"io"
	"testing"
)

// BenchmarkDecoder decodes a log file of the shared records held in memory,
// without decompression: the parser's own speed.
func BenchmarkDecoder(b *testing.B) {
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
	data := buf.Bytes()
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
		if n != len(events) {
			b.Fatal(n)
		}
	}
}
