package logfile_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/cloudtrail/logfile"
	"github.com/aigov/aigov/cloudtrail/logfile/logfiletest"
	"github.com/aigov/aigov/internal/sharedtest"
	"github.com/google/go-cmp/cmp"
)

// collect drains a stream: a line per event ("file-order eventName id") and
// the errors.
func collect(t *testing.T, src logfile.Source, opts ...logfile.Option) (events []cloudtrail.Event, errs []error) {
	t.Helper()
	for ev, err := range logfile.Events(context.Background(), src, opts...) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		events = append(events, ev)
	}
	return events, errs
}

func ids(events []cloudtrail.Event) []string {
	var out []string
	for _, ev := range events {
		out = append(out, ev.EventName+" "+ev.EventID+" "+ev.Time.Format(time.RFC3339))
	}
	return out
}

func TestSharedTreeLocalAndBucket(t *testing.T) {
	dir := sharedtest.Dir(t, "testdata/cloudtrail")
	local, errs := collect(t, logfile.Local(dir), logfile.WithWorkers(3))
	if errs != nil {
		t.Fatal(errs)
	}
	if len(local) != 4228 {
		t.Fatalf("%d events from the shared tree, want 4228", len(local))
	}
	b := logfiletest.NewBucket("trail-bucket")
	b.PutDir(dir, "copy/")
	remote, errs := collect(t, logfile.Bucket(b, "trail-bucket", "copy/"), logfile.WithWorkers(2))
	if errs != nil {
		t.Fatal(errs)
	}
	if diff := cmp.Diff(ids(local), ids(remote)); diff != "" {
		t.Fatalf("bucket and local copy differ (-local +bucket):\n%s", diff)
	}
	serial, _ := collect(t, logfile.Local(dir), logfile.WithWorkers(1))
	if diff := cmp.Diff(ids(local), ids(serial)); diff != "" {
		t.Fatalf("order depends on the number of workers:\n%s", diff)
	}
}

// writeTree writes log files in CloudTrail's S3 layout below dir, gzipped
// unless the name ends in .json, and returns their keys in order.
func writeTree(t *testing.T, dir string, files map[string]string) []string {
	t.Helper()
	var keys []string
	for key, content := range files {
		body := []byte(content)
		if strings.HasSuffix(key, ".gz") {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			zw.Write(body)
			zw.Close()
			body = buf.Bytes()
		}
		p := filepath.Join(dir, filepath.FromSlash(key))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, key)
	}
	slices.Sort(keys)
	return keys
}

func logKey(account, region, stamp, unique string) string {
	return fmt.Sprintf("AWSLogs/%s/CloudTrail/%s/%s/%s/%s/%s_CloudTrail_%s_%s_%s.json.gz",
		account, region, stamp[:4], stamp[4:6], stamp[6:8], account, region, stamp, unique)
}

func record(name, account, region, when string) string {
	return fmt.Sprintf(`{"eventName":%q,"eventID":%q,"recipientAccountId":%q,"awsRegion":%q,"eventTime":%q}`,
		name, name, account, region, when)
}

func TestFiltersSkipFilesByName(t *testing.T) {
	dir := t.TempDir()
	const a, b = "111111111111", "222222222222"
	writeTree(t, dir, map[string]string{
		logKey(a, "us-east-1", "20250101T0105Z", "x"): `{"Records":[` + record("A1", a, "us-east-1", "2025-01-01T01:00:00Z") + `]}`,
		logKey(a, "eu-west-1", "20250101T0105Z", "x"): `{"Records":[` + record("A2", a, "eu-west-1", "2025-01-01T01:00:00Z") + `]}`,
		logKey(b, "us-east-1", "20250101T0105Z", "x"): `{"Records":[` + record("B1", b, "us-east-1", "2025-01-01T01:00:00Z") + `]}`,
		logKey(a, "us-east-1", "20250103T0105Z", "x"): `{"Records":[` + record("A3", a, "us-east-1", "2025-01-03T01:00:00Z") + `]}`,
		// Named for account a but corrupt: it must not be opened when a is filtered out.
		logKey(a, "ap-south-1", "20250101T0105Z", "bad"): `not json`,
		// An event just inside the window in a file stamped after it.
		logKey(a, "us-east-1", "20250102T0010Z", "late"): `{"Records":[` + record("A4", a, "us-east-1", "2025-01-01T23:59:00Z") + `,` +
			record("A5", a, "us-east-1", "2025-01-02T00:05:00Z") + `]}`,
	})
	window := logfile.WithTimeRange(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), logfile.DefaultDeliverySlack)
	var opened []string
	progress := logfile.WithProgress(func(p logfile.Progress) { opened = append(opened, filepath.Base(p.File.Name)) })
	events, errs := collect(t, logfile.Local(dir), logfile.WithAccounts(a), logfile.WithRegions("us-east-1"), window, progress)
	if errs != nil {
		t.Fatal(errs)
	}
	if got, want := ids(events), []string{"A1 A1 2025-01-01T01:00:00Z", "A4 A4 2025-01-01T23:59:00Z"}; !slices.Equal(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
	want := []string{"111111111111_CloudTrail_us-east-1_20250101T0105Z_x.json.gz", "111111111111_CloudTrail_us-east-1_20250102T0010Z_late.json.gz"}
	if !slices.Equal(opened, want) {
		t.Errorf("opened %v, want %v", opened, want)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	const a = "111111111111"
	good := `{"Records":[` + record("Good", a, "us-east-1", "2025-01-01T01:00:00Z") + `]}`
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"Records":[` + record("BeforeCut", a, "us-east-1", "2025-01-01T01:00:00Z") + `,` + strings.Repeat(" ", 70000) + record("AfterCut", a, "us-east-1", "2025-01-01T01:00:00Z") + `]}`))
	zw.Close()
	truncated := gz.Bytes()[:gz.Len()-40]
	keys := writeTree(t, dir, map[string]string{
		logKey(a, "us-east-1", "20250101T0100Z", "1good"):  good,
		logKey(a, "us-east-1", "20250101T0105Z", "2json"):  `{"Records":[` + record("R0", a, "us-east-1", "2025-01-01T01:00:00Z") + `,{"eventName":"R1",]}`,
		logKey(a, "us-east-1", "20250101T0110Z", "3shape"): `{"Records":[{"eventName":"S0"},{"eventName":"S1","userIdentity":"root"},{"eventName":"S2"}]}`,
		logKey(a, "us-east-1", "20250101T0115Z", "4notct"): `{"awsAccountId":"111111111111","logFiles":[]}`,
		logKey(a, "us-east-1", "20250101T0125Z", "6good"):  good,
		"AWSLogs/notes.json":                               "hello, world",
	})
	tp := filepath.Join(dir, filepath.FromSlash(logKey(a, "us-east-1", "20250101T0120Z", "5trunc")))
	if err := os.WriteFile(tp, truncated, 0o644); err != nil {
		t.Fatal(err)
	}
	_ = keys

	// Stop at the first error (the default): what came before it is kept.
	events, errs := collect(t, logfile.Local(dir))
	if got := eventNames(events); !slices.Equal(got, []string{"Good", "R0"}) || len(errs) != 1 {
		t.Fatalf("stop on first error: events %v, errors %v", got, errs)
	}

	events, errs = collect(t, logfile.Local(dir), logfile.WithContinueOnError())
	if got, want := eventNames(events), []string{"Good", "R0", "S0", "S2", "BeforeCut", "Good"}; !slices.Equal(got, want) {
		t.Errorf("continue on error: events %v, want %v", got, want)
	}
	type want struct {
		file   string
		kind   error
		record int
		offset int64
	}
	wants := []want{
		{"_2json.json.gz", cloudtrail.ErrInvalidJSON, 1, 159},
		{"_3shape.json.gz", cloudtrail.ErrInvalidRecord, 1, 64},
		{"_4notct.json.gz", cloudtrail.ErrNotCloudTrail, 0, 0},
		{"_5trunc.json.gz", nil, 1, -1},
		{"notes.json", cloudtrail.ErrNotCloudTrail, -1, 0},
	}
	if len(errs) != len(wants) {
		t.Fatalf("errors %v, want %d", errs, len(wants))
	}
	for i, w := range wants {
		var fe *logfile.FileError
		var pe *cloudtrail.ParseError
		if !errors.As(errs[i], &fe) || !strings.HasSuffix(fe.Name, w.file) || !errors.As(errs[i], &pe) {
			t.Errorf("error %d: %v, want a FileError for %s wrapping a ParseError", i, errs[i], w.file)
			continue
		}
		if w.kind != nil && !errors.Is(errs[i], w.kind) || pe.Record != w.record || w.offset >= 0 && pe.Offset != w.offset {
			t.Errorf("error %d: %v (record %d, offset %d), want %v at record %d offset %d", i, errs[i], pe.Record, pe.Offset, w.kind, w.record, w.offset)
		}
	}
	if !strings.Contains(errs[3].Error(), "gzip: unexpected EOF") {
		t.Errorf("truncated gzip: %v", errs[3])
	}
}

func eventNames(events []cloudtrail.Event) []string {
	var out []string
	for _, ev := range events {
		out = append(out, ev.EventName)
	}
	return out
}

func TestEarlyBreakAndListingErrors(t *testing.T) {
	dir := sharedtest.Dir(t, "testdata/cloudtrail")
	n := 0
	for _, err := range logfile.Events(context.Background(), logfile.Local(dir), logfile.WithWorkers(2)) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 10 {
			break
		}
	}
	b := logfiletest.NewBucket("bkt")
	b.Put("a/111111111111_CloudTrail_us-east-1_20250101T0100Z_x.json", []byte(`[{"eventName":"A"}]`), nil)
	b.Fail("GetObject", logfiletest.APIError("AccessDenied", "Access Denied"))
	_, errs := collect(t, logfile.Bucket(b, "bkt", "a/"))
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "AccessDenied") {
		t.Fatalf("errors %v, want AccessDenied", errs)
	}
	b.Fail("ListObjectsV2", logfiletest.APIError("AccessDenied", "Access Denied"))
	if _, errs = collect(t, logfile.Bucket(b, "bkt", "a/")); len(errs) != 1 {
		t.Fatalf("errors %v, want one listing error", errs)
	}
	if _, errs = collect(t, logfile.Local(filepath.Join(dir, "absent"))); len(errs) != 1 || !errors.Is(errs[0], os.ErrNotExist) {
		t.Fatalf("errors %v, want not exist", errs)
	}
	if _, errs = collect(t, logfile.Local(dir), logfile.WithWorkers(0)); len(errs) != 1 {
		t.Fatalf("errors %v, want an option error", errs)
	}
}

func TestParseKey(t *testing.T) {
	k, ok := logfile.ParseKey("logs/AWSLogs/o-abc123/111122223333/CloudTrail/us-east-1/2025/01/02/111122223333_CloudTrail_us-east-1_20250102T0305Z_AbC.json.gz")
	want := logfile.Key{Account: "111122223333", Region: "us-east-1", Time: time.Date(2025, 1, 2, 3, 5, 0, 0, time.UTC), OrgID: "o-abc123"}
	if !ok || k != want {
		t.Fatalf("ParseKey = %+v, %v", k, ok)
	}
	for _, bad := range []string{
		"AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/01/02/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20250102T030512Z.json.gz",
		"aws.impact.bedrock-invoke-model.json", "1_CloudTrail_us-east-1_20250102T0305Z_x.json.gz",
	} {
		if _, ok := logfile.ParseKey(bad); ok {
			t.Errorf("ParseKey(%s) accepted", bad)
		}
	}
}

func TestCancelledContextIsReported(t *testing.T) {
	dir := sharedtest.Dir(t, "testdata/cloudtrail")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var last error
	for _, err := range logfile.Events(ctx, logfile.Local(dir), logfile.WithWorkers(2), logfile.WithContinueOnError()) {
		if n++; n == 5 {
			cancel()
		}
		if err != nil {
			last = err
		}
	}
	if !errors.Is(last, context.Canceled) {
		t.Fatalf("last error %v, want context.Canceled", last)
	}
}
