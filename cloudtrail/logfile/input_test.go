package logfile

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// TestInputReadsWhatWasWritten reads plain and gzipped content through an
// input reused from file to file, whatever the sizes the underlying reader
// hands out, and passes read errors on.
func TestInputReadsWhatWasWritten(t *testing.T) {
	plain := bytes.Repeat([]byte(`{"eventName":"A"},`), 20000) // larger than the buffer
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(plain)
	zw.Close()
	wrappers := map[string]func(io.Reader) io.Reader{
		"whole":    func(r io.Reader) io.Reader { return r },
		"one byte": iotest.OneByteReader,
		"half":     iotest.HalfReader,
		"data+err": iotest.DataErrReader,
	}
	in := &input{buf: make([]byte, 64<<10)}
	for name, wrap := range wrappers {
		for _, tt := range []struct {
			kind     string
			in, want []byte
		}{
			{"plain", plain, plain},
			{"gzip", gz.Bytes(), plain},
			{"empty", nil, nil},
			{"one byte", []byte("["), []byte("[")},
			{"gzip magic only", []byte{0x1f, 0x8b}, nil},
		} {
			r, err := in.decompress(wrap(bytes.NewReader(tt.in)))
			if tt.kind == "gzip magic only" {
				if err == nil {
					t.Errorf("%s, %s: no error", name, tt.kind)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s, %s: %v", name, tt.kind, err)
			}
			got, err := io.ReadAll(iotest.OneByteReader(r))
			if err != nil || !bytes.Equal(got, tt.want) {
				t.Errorf("%s, %s: read %d bytes (%v), want %d", name, tt.kind, len(got), err, len(tt.want))
			}
			got, err = io.ReadAll(r)
			if err != nil || len(got) != 0 {
				t.Errorf("%s, %s: %d more bytes (%v) after the end", name, tt.kind, len(got), err)
			}
		}
	}
	boom := errors.New("boom")
	if _, err := in.decompress(iotest.ErrReader(boom)); err != boom {
		t.Errorf("failing reader: %v, want boom", err)
	}
	r, err := in.decompress(io.MultiReader(bytes.NewReader(gz.Bytes()[:gz.Len()/2]), iotest.ErrReader(boom)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(r); !errors.Is(err, boom) {
		t.Errorf("reader failing mid-file: %v, want boom", err)
	}
	if _, err := in.decompress(iotest.TimeoutReader(bytes.NewReader(nil))); err != nil {
		t.Errorf("empty reader: %v", err)
	}
}
