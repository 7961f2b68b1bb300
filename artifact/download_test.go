package artifact_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/artifact/artifacttest"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsartifact "github.com/aws/aws-sdk-go-v2/service/artifact"
	"github.com/google/go-cmp/cmp"
)

var soc2Document = []byte("%PDF-1.7\nSOC 2 Type 2 Report, Amazon Web Services, October 1 to March 31\n%%EOF\n")

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// downloadFake returns a fake with a SOC 2 report in two versions and a
// client that trusts its document server.
func downloadFake(t *testing.T, opts ...artifact.Option) (*artifacttest.Fake, *artifact.Client, artifact.Report) {
	t.Helper()
	f := artifacttest.New()
	t.Cleanup(f.Close)
	f.SetClock(clock)
	v1 := f.AddReport(artifact.Report{Name: "SOC 2 Type 2 Report", Series: "SOC", AcceptanceType: artifact.AcceptanceExplicit, PeriodEnd: periodEnd.AddDate(0, -6, 0)}, []byte("version one"))
	v2 := f.AddReport(artifact.Report{ID: v1.ID, Name: "SOC 2 Type 2 Report", Series: "SOC", AcceptanceType: artifact.AcceptanceExplicit, PeriodEnd: periodEnd}, soc2Document)
	c := artifact.New(f, append([]artifact.Option{artifact.WithHTTPClient(f.HTTPClient()), artifact.WithClock(clock)}, opts...)...)
	return f, c, v2
}

func ops(f *artifacttest.Fake) []string {
	var out []string
	for _, c := range f.Calls() {
		out = append(out, c.Op)
	}
	return out
}

func TestDownload(t *testing.T) {
	f, c, report := downloadFake(t)
	var buf bytes.Buffer
	d, err := c.Download(context.Background(), report.ID, 0, &buf)
	if err != nil {
		t.Fatal(err)
	}
	want := artifact.Download{
		Report: report, SHA256: sha(soc2Document), Bytes: int64(len(soc2Document)),
		FileName: "SOC-2-Type-2-Report.pdf", ContentType: "application/pdf", DownloadedAt: t0,
	}
	if d := cmp.Diff(want, d); d != "" {
		t.Errorf("download (-want +got):\n%s", d)
	}
	if !bytes.Equal(buf.Bytes(), soc2Document) {
		t.Errorf("wrote %q", buf.Bytes())
	}
	if d := cmp.Diff([]string{"GetReportMetadata", "GetTermForReport", "GetReport"}, ops(f)); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
	// The terms accepted are those of the version downloaded, asked for by
	// number although the caller asked for "the latest".
	terms := f.Terms()
	if len(terms) != 1 || terms[0].ReportID != report.ID || terms[0].Version != 2 {
		t.Errorf("terms = %+v", terms)
	}
	for _, call := range f.Calls()[1:] {
		var v *int64
		switch in := call.Input.(type) {
		case *awsartifact.GetTermForReportInput:
			v = in.ReportVersion
		case *awsartifact.GetReportInput:
			v = in.ReportVersion
		}
		if aws.ToInt64(v) != 2 {
			t.Errorf("%s asked for version %v, want 2", call.Op, v)
		}
	}
}

func TestDownloadAnOlderVersion(t *testing.T) {
	f, c, report := downloadFake(t)
	var buf bytes.Buffer
	d, err := c.Download(context.Background(), report.ID, 1, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if buf.String() != "version one" || d.Report.Version != 1 || d.SHA256 != sha([]byte("version one")) || f.Terms()[0].Version != 1 {
		t.Errorf("download = %+v, wrote %q", d, buf.String())
	}
}

func TestDownloadRefusals(t *testing.T) {
	f, c, report := downloadFake(t)
	unpublished := f.AddReport(artifact.Report{Name: "SOC 3 Report", State: "UNPUBLISHED"}, nil)
	failed := f.AddReport(artifact.Report{Name: "SOC 1 Report", UploadState: "FAILED", StatusMessage: "The document failed a scan"}, nil)
	tests := []struct {
		name    string
		id      string
		version int64
		w       io.Writer
		kind    error
		want    string
	}{
		{"no id", "", 0, &bytes.Buffer{}, nil, "artifact: Download: no report id"},
		{"negative version", report.ID, -1, &bytes.Buffer{}, nil, "artifact: Download report-0000000000000001: version -1 is negative (0 is the latest)"},
		{"nil writer", report.ID, 0, nil, nil, "artifact: Download report-0000000000000001: the writer is nil"},
		{"unknown report", "report-zzzzzzzzzzzzzzzz", 0, &bytes.Buffer{}, aigov.ErrNotFound, "ResourceNotFoundException"},
		{"unknown version", report.ID, 7, &bytes.Buffer{}, aigov.ErrNotFound, "ResourceNotFoundException"},
		{"malformed id", "soc2", 0, &bytes.Buffer{}, nil, "ValidationException"},
		{"unpublished", unpublished.ID, 0, &bytes.Buffer{}, nil, `artifact: Download "SOC 3 Report" (report-0000000000000002, version 1): the report cannot be downloaded (state UNPUBLISHED, upload COMPLETE)`},
		{"upload failed", failed.ID, 0, &bytes.Buffer{}, nil, `artifact: Download "SOC 1 Report" (report-0000000000000003, version 1): the report cannot be downloaded (state PUBLISHED, upload FAILED: The document failed a scan)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.ResetCalls()
			d, err := c.Download(context.Background(), tt.id, tt.version, tt.w)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if tt.kind != nil && !errors.Is(err, tt.kind) {
				t.Errorf("err = %v, want %v", err, tt.kind)
			}
			if d.Bytes != 0 || d.SHA256 != "" {
				t.Errorf("download = %+v", d)
			}
			if n := f.CallCount("GetTermForReport"); n != 0 {
				t.Errorf("terms accepted for a report that cannot be downloaded")
			}
		})
	}
}

func TestDownloadRefusesPlainHTTP(t *testing.T) {
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "over plain http")
	}))
	t.Cleanup(plain.Close)
	for _, insecure := range []bool{false, true} {
		var opts []artifact.Option
		if insecure {
			opts = append(opts, artifact.WithInsecureDownloads())
		}
		f, c, report := downloadFake(t, opts...)
		f.PrependReactor("GetReport", func(artifacttest.Call) (bool, any, error) {
			return true, &awsartifact.GetReportOutput{DocumentPresignedUrl: aws.String(plain.URL + "/doc.pdf?X-Amz-Signature=secret")}, nil
		})
		var buf bytes.Buffer
		d, err := c.Download(context.Background(), report.ID, 0, &buf)
		if !insecure {
			if !errors.Is(err, artifact.ErrInsecureURL) || buf.Len() != 0 || strings.Contains(err.Error(), "secret") {
				t.Errorf("plain HTTP without the option: %v, wrote %q", err, buf.String())
			}
			continue
		}
		if err != nil || buf.String() != "over plain http" || d.FileName != "doc.pdf" || d.SHA256 != sha([]byte("over plain http")) {
			t.Errorf("plain HTTP with the option: %+v, %v", d, err)
		}
	}
	for _, raw := range []string{"ftp://example.com/doc.pdf", "file:///etc/passwd", "/relative/doc.pdf", "https://%zz"} {
		f, c, report := downloadFake(t, artifact.WithInsecureDownloads())
		f.PrependReactor("GetReport", func(artifacttest.Call) (bool, any, error) {
			return true, &awsartifact.GetReportOutput{DocumentPresignedUrl: aws.String(raw)}, nil
		})
		if _, err := c.Download(context.Background(), report.ID, 0, &bytes.Buffer{}); err == nil {
			t.Errorf("%s was fetched", raw)
		}
	}
}

func TestDownloadRefusesARedirectToPlainHTTP(t *testing.T) {
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "downgraded")
	}))
	t.Cleanup(plain.Close)
	f, c, report := downloadFake(t)
	f.WrapDocuments(func(http.Handler) http.Handler {
		return http.RedirectHandler(plain.URL+"/doc.pdf?X-Amz-Signature=secret", http.StatusFound)
	})
	var buf bytes.Buffer
	_, err := c.Download(context.Background(), report.ID, 0, &buf)
	if !errors.Is(err, artifact.ErrInsecureURL) || buf.Len() != 0 {
		t.Fatalf("err = %v, wrote %q", err, buf.String())
	}
	if strings.Contains(err.Error(), "X-Amz-Signature") || strings.Contains(err.Error(), "secret") {
		t.Errorf("the error shows a presigned URL: %v", err)
	}
}

// mutableClock is a clock a test moves forward while servers read it.
type mutableClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *mutableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *mutableClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestDownloadExpiredURL(t *testing.T) {
	f, c, report := downloadFake(t)
	clk := &mutableClock{now: t0}
	f.SetClock(clk.Now)
	// Ten minutes pass between GetReport and the GET: the URL, valid for
	// five, has expired.
	f.PrependReactor("GetReport", func(artifacttest.Call) (bool, any, error) {
		defer clk.Advance(10 * time.Minute)
		return false, nil, nil
	})
	var buf bytes.Buffer
	d, err := c.Download(context.Background(), report.ID, 0, &buf)
	if !errors.Is(err, aigov.ErrAccessDenied) {
		t.Fatalf("err = %v, want access denied", err)
	}
	var e *aigov.Error
	if !errors.As(err, &e) || e.Operation != "GetObject" || e.Code != "AccessDenied" || e.Message != "Request has expired" || e.StatusCode != 403 || e.RequestID == "" {
		t.Errorf("aigov.Error = %+v", e)
	}
	if strings.Contains(err.Error(), "X-Amz-Signature") {
		t.Errorf("the error shows a presigned URL: %v", err)
	}
	if buf.Len() != 0 || d.Bytes != 0 || d.SHA256 != "" || d.Report.ID != report.ID {
		t.Errorf("download = %+v, wrote %d bytes", d, buf.Len())
	}
}

func TestDownloadErrorStatus(t *testing.T) {
	tests := []struct {
		handler http.Handler
		kind    error
		want    string
	}{
		{artifacttest.S3Error(503, "SlowDown", "Please reduce your request rate."), aigov.ErrThrottled, "artifact: GetObject: throttled: SlowDown: Please reduce your request rate. (HTTP 503, request id FAKES3REQUEST0001)"},
		{artifacttest.S3Error(404, "NoSuchKey", "The specified key does not exist."), aigov.ErrNotFound, "artifact: GetObject: not found: NoSuchKey: The specified key does not exist. (HTTP 404, request id FAKES3REQUEST0001)"},
		{http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) }), nil, "artifact: GetObject: GET https://"},
	}
	for _, tt := range tests {
		f, c, report := downloadFake(t)
		f.WrapDocuments(func(http.Handler) http.Handler { return tt.handler })
		var buf bytes.Buffer
		_, err := c.Download(context.Background(), report.ID, 0, &buf)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) || aigov.Kind(err) != tt.kind || buf.Len() != 0 {
			t.Errorf("err = %v, want %q (%v)", err, tt.want, tt.kind)
		}
	}
}

func TestDownloadTruncatedBodyIsReported(t *testing.T) {
	f, c, report := downloadFake(t)
	f.WrapDocuments(func(http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "1000")
			_, _ = io.WriteString(w, "only ten b")
		})
	})
	var buf bytes.Buffer
	d, err := c.Download(context.Background(), report.ID, 0, &buf)
	if !errors.Is(err, artifact.ErrPartialDownload) || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err = %v", err)
	}
	if d.Bytes != 10 || buf.Len() != 10 || d.SHA256 != "" {
		t.Errorf("download = %+v, wrote %d", d, buf.Len())
	}
}

// failingWriter accepts n bytes, then fails.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) <= w.n {
		w.n -= len(p)
		return len(p), nil
	}
	k := w.n
	w.n = 0
	return k, errors.New("disk full")
}

func TestDownloadFailingWriterIsReported(t *testing.T) {
	_, c, report := downloadFake(t)
	d, err := c.Download(context.Background(), report.ID, 0, &failingWriter{n: 5})
	if !errors.Is(err, artifact.ErrPartialDownload) || !strings.Contains(err.Error(), "5 bytes written, then: disk full") {
		t.Fatalf("err = %v", err)
	}
	if d.Bytes != 5 || d.SHA256 != "" {
		t.Errorf("download = %+v", d)
	}
	// A writer that fails at once holds nothing: not a partial download.
	d, err = c.Download(context.Background(), report.ID, 0, &failingWriter{})
	if err == nil || errors.Is(err, artifact.ErrPartialDownload) || d.Bytes != 0 {
		t.Errorf("err = %v, download = %+v", err, d)
	}
}

// roundTrip answers every request with the response it builds.
type roundTrip func(*http.Request) (*http.Response, error)

func (rt roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return rt(r) }

func respond(body string, length int64, header http.Header) roundTrip {
	return func(r *http.Request) (*http.Response, error) {
		if header == nil {
			header = http.Header{}
		}
		return &http.Response{StatusCode: 200, Header: header, Body: io.NopCloser(strings.NewReader(body)), ContentLength: length, Request: r}, nil
	}
}

func TestDownloadSizeMismatch(t *testing.T) {
	_, c, report := downloadFake(t, artifact.WithHTTPClient(&http.Client{Transport: respond("short", 100, nil)}))
	var buf bytes.Buffer
	d, err := c.Download(context.Background(), report.ID, 0, &buf)
	if !errors.Is(err, artifact.ErrPartialDownload) || !strings.Contains(err.Error(), "the response announced 100 bytes") || d.Bytes != 5 {
		t.Errorf("err = %v, download = %+v", err, d)
	}
	// An unknown length (-1) is not a mismatch.
	_, c, report = downloadFake(t, artifact.WithHTTPClient(&http.Client{Transport: respond("chunked body", -1, nil)}))
	if d, err := c.Download(context.Background(), report.ID, 0, &buf); err != nil || d.Bytes != 12 {
		t.Errorf("unknown length: %+v, %v", d, err)
	}
}

func TestDownloadFileName(t *testing.T) {
	tests := []struct{ disposition, want string }{
		{`attachment; filename="SOC 2 Report.pdf"`, "SOC 2 Report.pdf"},
		{`attachment; filename="../../etc/passwd"`, "passwd"},
		{`attachment; filename="..\\..\\evil.pdf"`, "evil.pdf"},
		{`attachment; filename=".."`, ""},
		{"attachment; filename=\"a\x01b.pdf\"", ""}, // a control character: no name
		{``, "SOC-2-Type-2-Report.pdf"},
	}
	for _, tt := range tests {
		header := http.Header{"Content-Type": {"application/pdf"}}
		if tt.disposition != "" {
			header.Set("Content-Disposition", tt.disposition)
		}
		_, c, report := downloadFake(t, artifact.WithHTTPClient(&http.Client{Transport: respond("%PDF", 4, header)}))
		d, err := c.Download(context.Background(), report.ID, 0, &bytes.Buffer{})
		if err != nil || d.FileName != tt.want || d.ContentType != "application/pdf" {
			t.Errorf("%q: file name %q (%v), want %q", tt.disposition, d.FileName, err, tt.want)
		}
	}
}

func TestDownloadTransportErrorHidesTheURL(t *testing.T) {
	_, c, report := downloadFake(t, artifact.WithHTTPClient(&http.Client{Transport: roundTrip(func(*http.Request) (*http.Response, error) {
		return nil, errors.New("connection reset")
	})}))
	_, err := c.Download(context.Background(), report.ID, 0, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "connection reset") || strings.Contains(err.Error(), "X-Amz") {
		t.Errorf("err = %v", err)
	}
}
