package cloudtrail_test

import (
	"context"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/cloudtrail/cloudtrailtest"
	"github.com/aigov/aigov/internal/sharedtest"
	"github.com/google/go-cmp/cmp"
)

// sharedRecordFiles lists the record files of one folder of the shared
// real CloudTrail data, read in place.
func sharedRecordFiles(t *testing.T, folder string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(sharedtest.Dir(t, "testdata/cloudtrail/"+folder), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(d.Name(), ".json") {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		t.Fatalf("%d files in %s: %v", len(files), folder, err)
	}
	return files
}

// decodedEvents reads the records of files directly, without the fake.
func decodedEvents(t *testing.T, files []string) []cloudtrail.Event {
	t.Helper()
	var events []cloudtrail.Event
	for _, p := range files {
		fh, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		for ev, err := range cloudtrail.NewDecoder(fh).Events() {
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			events = append(events, ev)
		}
		fh.Close()
	}
	return events
}

func eventsOf(events []cloudtrail.Event) iter.Seq2[cloudtrail.Event, error] {
	return func(yield func(cloudtrail.Event, error) bool) {
		for _, ev := range events {
			if !yield(ev, nil) {
				return
			}
		}
	}
}

// regionalScan looks up every event of each region in turn, as a scan of
// an account does.
func regionalScan(ctx context.Context, c *cloudtrail.Client, regions []string, q cloudtrail.LookupQuery) iter.Seq2[cloudtrail.Event, error] {
	return func(yield func(cloudtrail.Event, error) bool) {
		for _, r := range regions {
			for ev, err := range c.InRegion(r).LookupEvents(ctx, q) {
				if !yield(ev, err) {
					return
				}
			}
		}
	}
}

// TestDetectOverLookupEventsOfSharedRecords seeds the fake with the real
// records of each shared folder and runs the detectors over LookupEvents,
// region by region: they find exactly what they find reading the files.
func TestDetectOverLookupEventsOfSharedRecords(t *testing.T) {
	for _, folder := range []string{"invictus-aws-dataset", "stratus-red-team", "traildiscover", "panther-analysis"} {
		t.Run(folder, func(t *testing.T) {
			files := sharedRecordFiles(t, folder)
			f := cloudtrailtest.New()
			seeded := 0
			for _, p := range files {
				seeded += f.AddEventsFromFile(p)
			}
			direct := decodedEvents(t, files)
			if seeded != len(direct) {
				t.Fatalf("seeded %d records, decoded %d", seeded, len(direct))
			}
			regions := []string{cloudtrailtest.DefaultRegion}
			for _, ev := range direct {
				if ev.Region != "" && !slices.Contains(regions, ev.Region) {
					regions = append(regions, ev.Region)
				}
			}
			_, opts := newClock(f)
			c := cloudtrail.New(f, opts...)

			looked := 0
			counted := func(yield func(cloudtrail.Event, error) bool) {
				for ev, err := range regionalScan(context.Background(), c, regions, cloudtrail.LookupQuery{}) {
					looked++
					if !yield(ev, err) {
						return
					}
				}
			}
			got, err := cloudtrail.Detect(counted, cloudtrail.DefaultRules()...)
			if err != nil {
				t.Fatal(err)
			}
			want, err := cloudtrail.Detect(eventsOf(direct), cloudtrail.DefaultRules()...)
			if err != nil {
				t.Fatal(err)
			}
			if looked != len(direct) || len(got) == 0 {
				t.Fatalf("looked up %d of %d events, %d detections", looked, len(direct), len(got))
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("detections over LookupEvents differ from those over the files (-files +lookup):\n%s", d)
			}
			if pages := f.CallCount("LookupEvents"); pages < len(direct)/cloudtrail.LookupPageSize {
				t.Errorf("%d pages for %d events", pages, len(direct))
			}
		})
	}
}

// TestWhoStoppedLogging answers a question of the issue with one lookup
// attribute over the real records: who tampered with CloudTrail itself.
func TestWhoStoppedLogging(t *testing.T) {
	f := cloudtrailtest.New()
	for _, p := range sharedRecordFiles(t, "invictus-aws-dataset") {
		f.AddEventsFromFile(p)
	}
	_, opts := newClock(f)
	c := cloudtrail.New(f, opts...)
	q := cloudtrail.LookupQuery{Attribute: &cloudtrail.LookupAttribute{Key: cloudtrail.LookupEventSource, Value: "cloudtrail.amazonaws.com"}}
	dets, err := cloudtrail.Detect(c.LookupEvents(context.Background(), q), cloudtrail.LoggingTamperingRules()...)
	if err != nil {
		t.Fatal(err)
	}
	const bertJan = "arn:aws:iam::123837392027:user/bert-jan"
	for _, d := range dets {
		if d.RuleID == "cloudtrail-logging-stopped" && d.Principal.ID == bertJan {
			if d.Count != 6 || !slices.Equal(d.EventNames, []string{"DeleteTrail", "StopLogging"}) {
				t.Errorf("logging stopped: %d events %v", d.Count, d.EventNames)
			}
			return
		}
	}
	t.Errorf("no cloudtrail-logging-stopped detection for %s in %+v", bertJan, dets)
}
