package advisor_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/aigov/aigov/advisor"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s differs (-want +got); run go test -update if the change is intended:\n%s", name, d)
	}
}

// The values go into the governance snapshot: their JSON must be stable.
func TestSnapshotJSON(t *testing.T) {
	ta, sup := seed(t)
	ta.AddRecommendation(advisor.Recommendation{CheckID: advisor.CheckLambdaDeprecatedRuntimes, Status: advisor.StatusNotAvailable})
	recs, src, err := advisor.New(ta, sup).Recommendations(context.Background(), advisor.CheckIDs(advisor.CheckS3BucketPermissions, advisor.CheckRootMFA, advisor.CheckLambdaDeprecatedRuntimes))
	if err != nil {
		t.Fatal(err)
	}
	avail, err := advisor.New(nil, sup, advisor.WithClock(clock)).Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	snapshot := struct {
		Source          advisor.Source           `json:"source"`
		Recommendations []advisor.Recommendation `json:"recommendations"`
		Availability    advisor.Availability     `json:"availability"`
	}{src, recs, avail}
	for range 2 { // map order must not reach the output
		got, err := json.MarshalIndent(snapshot, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "snapshot.json", append(got, '\n'))
	}
}
