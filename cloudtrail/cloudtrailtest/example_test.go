package cloudtrailtest_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/cloudtrail/cloudtrailtest"
)

// A fake that throttles LookupEvents above AWS's 2 calls a second, and a
// client that keeps under it: with one fake clock for both, the client's
// waits take no time and are recorded.
func Example_rateLimit() {
	fake := cloudtrailtest.New(cloudtrailtest.WithLookupRateLimit(2), cloudtrailtest.WithPageSize(1))
	fake.AddEvents([]byte(`[{"eventName":"A","awsRegion":"us-east-1"},{"eventName":"B","awsRegion":"us-east-1"},
		{"eventName":"C","awsRegion":"us-east-1"},{"eventName":"D","awsRegion":"us-east-1"}]`))
	clock := cloudtrailtest.NewClock(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	fake.SetClock(clock.Now)

	c := cloudtrail.New(fake, cloudtrail.WithClock(clock.Now), cloudtrail.WithSleeper(clock.Sleep))
	n := 0
	for _, err := range c.LookupEvents(context.Background(), cloudtrail.LookupQuery{}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		n++
	}
	fmt.Println(n, "events in", fake.CallCount("LookupEvents"), "calls; waited", clock.Waits())
	// Output:
	// 4 events in 4 calls; waited [500ms 500ms 500ms]
}

// Inject faults to test how your code behaves when AWS refuses: here the
// trail's status cannot be read, which the client records on the trail.
func Example_faultInjection() {
	fake := cloudtrailtest.New()
	fake.AddTrail(cloudtrail.Trail{Name: "main", MultiRegion: true, Logging: true})
	fake.Fail("GetTrailStatus", cloudtrailtest.AccessDenied())

	trails, err := cloudtrail.New(fake).Trails(context.Background())
	fmt.Println(errors.Is(err, aigov.ErrAccessDenied), trails[0].Logging, trails[0].StatusError != "")
	cov := cloudtrail.EvaluateCoverage(trails, []string{"us-east-1"})
	fmt.Println(cov.Regions[0].State)
	// Output:
	// true false true
	// unknown
}

// A query can fail, or stay queued, as AWS's do.
func ExampleFake_AddQueryAnswer() {
	fake := cloudtrailtest.New()
	fake.AddEventDataStore(cloudtrail.EventDataStore{Name: "events"})
	sql := "SELECT * FROM 00000001-0000-4000-8000-000000000001 WHERE eventTime > '2026-01-01'"
	fake.AddQueryAnswer(cloudtrailtest.MatchSQL(sql), cloudtrailtest.QueryAnswer{Polls: 3, Status: "TIMED_OUT", ErrorMessage: "Query timed out"})

	clock := cloudtrailtest.NewClock(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	_, err := cloudtrail.New(fake, cloudtrail.WithSleeper(clock.Sleep)).Query(context.Background(), sql)
	fmt.Println(errors.Is(err, cloudtrail.ErrQueryFailed))
	fmt.Println(err)
	// Output:
	// true
	// cloudtrail: query 00000000-0000-4000-a000-000000000001 ended TIMED_OUT: Query timed out: query did not finish
}
