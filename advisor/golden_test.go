package advisor_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aigov/aigov/internal/testkit"

	"github.com/aigov/aigov/advisor"
)

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
		testkit.Golden(t, "snapshot.json", append(got, '\n'))
	}
}
