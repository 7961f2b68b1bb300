package cloudtrail_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/cloudtrail/cloudtrailtest"
	"github.com/aigov/aigov/internal/pager"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/google/go-cmp/cmp"
)

// record is a CloudTrail record of a call by an assumed-role session.
func record(id, name, source string, at time.Time, session string, readOnly bool) []byte {
	return fmt.Appendf(nil, `{"eventVersion":"1.09","eventTime":%q,"eventSource":%q,"eventName":%q,"awsRegion":"us-east-1",
	"eventID":%q,"readOnly":%v,"recipientAccountId":"123456789012","sourceIPAddress":"198.51.100.7",
	"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::123456789012:assumed-role/ml-team/%s","accessKeyId":"ASIA%s",
	 "sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::123456789012:role/ml-team"}}},
	"resources":[{"ARN":"arn:aws:sagemaker:us-east-1:123456789012:training-job/%s","type":"AWS::SageMaker::TrainingJob"}]}`,
		at.Format(time.RFC3339), source, name, id, readOnly, session, strings.ToUpper(session), id)
}

// history returns a fake holding n SageMaker events a minute apart,
// ending at t0, alternately by alice and bob.
func history(t *testing.T, n int) *cloudtrailtest.Fake {
	t.Helper()
	f := cloudtrailtest.New()
	for i := range n {
		who := []string{"alice", "bob"}[i%2]
		name := []string{"CreateTrainingJob", "DescribeTrainingJob"}[i%2]
		f.AddEvents(record(fmt.Sprintf("e%03d", i), name, "sagemaker.amazonaws.com", t0.Add(time.Duration(i-n+1)*time.Minute), who, i%2 == 1))
	}
	return f
}

func ids(events []cloudtrail.Event) []string {
	var out []string
	for _, e := range events {
		out = append(out, e.EventID)
	}
	return out
}

func TestLookupEventsPages(t *testing.T) {
	f := history(t, 120)
	_, opts := newClock(f)
	c := cloudtrail.New(f, opts...)
	events := collect(t, c.LookupEvents(context.Background(), cloudtrail.LookupQuery{}))
	if len(events) != 120 || events[0].EventID != "e119" || events[119].EventID != "e000" {
		t.Fatalf("got %d events, first %s", len(events), events[0].EventID)
	}
	if n := f.CallCount("LookupEvents"); n != 3 {
		t.Errorf("LookupEvents called %d times, want 3 pages of 50", n)
	}
	for _, call := range f.Calls() {
		if in := call.Input.(*awsct.LookupEventsInput); aws.ToInt32(in.MaxResults) != 50 {
			t.Errorf("MaxResults = %d", aws.ToInt32(in.MaxResults))
		}
	}
	e := events[0]
	if e.EventName != "DescribeTrainingJob" || e.Principal().ID != "arn:aws:iam::123456789012:role/ml-team" || e.Principal().SessionName != "bob" || len(e.Raw) == 0 {
		t.Errorf("event = %+v", e)
	}
}

func TestLookupEventsFilters(t *testing.T) {
	f := history(t, 10)
	_, opts := newClock(f)
	c := cloudtrail.New(f, opts...)
	tests := []struct {
		name string
		q    cloudtrail.LookupQuery
		want []string
	}{
		{"window", cloudtrail.LookupQuery{Start: t0.Add(-3 * time.Minute), End: t0.Add(-time.Minute)}, []string{"e008", "e007", "e006"}},
		{"event name", cloudtrail.LookupQuery{Start: t0.Add(-4 * time.Minute), Attribute: &cloudtrail.LookupAttribute{Key: cloudtrail.LookupEventName, Value: "CreateTrainingJob"}}, []string{"e008", "e006"}},
		{"username", cloudtrail.LookupQuery{End: t0.Add(-7 * time.Minute), Attribute: &cloudtrail.LookupAttribute{Key: cloudtrail.LookupUsername, Value: "bob"}}, []string{"e001"}},
		{"read only", cloudtrail.LookupQuery{Start: t0.Add(-time.Minute), Attribute: &cloudtrail.LookupAttribute{Key: cloudtrail.LookupReadOnly, Value: "true"}}, []string{"e009"}},
		{"event id", cloudtrail.LookupQuery{Attribute: &cloudtrail.LookupAttribute{Key: cloudtrail.LookupEventID, Value: "e004"}}, []string{"e004"}},
		{"access key", cloudtrail.LookupQuery{Attribute: &cloudtrail.LookupAttribute{Key: cloudtrail.LookupAccessKeyID, Value: "ASIAALICE"}, Start: t0.Add(-2 * time.Minute)}, []string{"e008"}},
		{"resource name", cloudtrail.LookupQuery{Attribute: &cloudtrail.LookupAttribute{Key: cloudtrail.LookupResourceName, Value: "arn:aws:sagemaker:us-east-1:123456789012:training-job/e002"}}, []string{"e002"}},
		{"resource type", cloudtrail.LookupQuery{Attribute: &cloudtrail.LookupAttribute{Key: cloudtrail.LookupResourceType, Value: "AWS::SageMaker::TrainingJob"}, Start: t0}, []string{"e009"}},
		{"event source", cloudtrail.LookupQuery{Attribute: &cloudtrail.LookupAttribute{Key: cloudtrail.LookupEventSource, Value: "iam.amazonaws.com"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(collect(t, c.LookupEvents(context.Background(), tt.q)))
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("events (-want +got):\n%s", d)
			}
		})
	}
	// Events are regional.
	if got := collect(t, c.InRegion("eu-west-1").LookupEvents(context.Background(), cloudtrail.LookupQuery{})); len(got) != 0 {
		t.Errorf("eu-west-1 has %d events of us-east-1", len(got))
	}
}

func TestLookupQueryValidation(t *testing.T) {
	f := history(t, 1)
	c := cloudtrail.New(f)
	for q, want := range map[*cloudtrail.LookupQuery]string{
		{Start: t0, End: t0.Add(-time.Second)}:                                                 "ends (2026-11-01T11:59:59Z) before it starts (2026-11-01T12:00:00Z)",
		{Attribute: &cloudtrail.LookupAttribute{Key: "UserName", Value: "bob"}}:                `unknown lookup attribute "UserName"`,
		{Attribute: &cloudtrail.LookupAttribute{Key: cloudtrail.LookupEventName}}:              "has no value",
		{Attribute: &cloudtrail.LookupAttribute{Key: cloudtrail.LookupReadOnly, Value: "yes"}}: `takes "true" or "false"`,
	} {
		err := firstErr(c.LookupEvents(context.Background(), *q))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want %q", err, want)
		}
	}
	if f.CallCount("*") != 0 {
		t.Error("an invalid query reached AWS")
	}
}

func TestLookupEventsRateLimit(t *testing.T) {
	// 120 events are 3 pages; with the fake enforcing AWS's 2 a second,
	// the default limiter must get through without a throttle.
	f := cloudtrailtest.New(cloudtrailtest.WithLookupRateLimit(2), cloudtrailtest.WithPageSize(10))
	for i := range 60 {
		f.AddEvents(record(fmt.Sprintf("e%03d", i), "CreateModel", "sagemaker.amazonaws.com", t0.Add(-time.Duration(i)*time.Second), "alice", false))
	}
	clock, opts := newClock(f)
	c := cloudtrail.New(f, append(opts, cloudtrail.WithThrottleRetries(0))...)
	events, err := pager.Collect(c.LookupEvents(context.Background(), cloudtrail.LookupQuery{}))
	if err != nil || len(events) != 60 {
		t.Fatalf("%d events, err = %v", len(events), err)
	}
	// Six calls: the first goes at once, each other waits half a second.
	if got := clock.Waited(); got != 5*500*time.Millisecond {
		t.Errorf("waited %v, want 2.5s", got)
	}

	// A client allowed ten a second is throttled by the same fake.
	fast := cloudtrail.New(f, append(opts, cloudtrail.WithLookupRate(10, 10), cloudtrail.WithThrottleRetries(0))...)
	_, err = pager.Collect(fast.LookupEvents(context.Background(), cloudtrail.LookupQuery{}))
	if !errors.Is(err, aigov.ErrThrottled) || apiCode(err) != "ThrottlingException" || !strings.Contains(err.Error(), "Rate exceeded") {
		t.Errorf("err = %v", err)
	}
}

// stillClock is a clock that waits take no time on: calls made in a row
// all fall in the same instant, so each wait the limiter asks for adds up.
type stillClock struct{ waits []time.Duration }

func (c *stillClock) Now() time.Time { return t0 }

func (c *stillClock) Sleep(_ context.Context, d time.Duration) error {
	c.waits = append(c.waits, d)
	return nil
}

func TestLookupRateLimitIsSharedPerAccountAndRegion(t *testing.T) {
	f := history(t, 1)
	clock := &stillClock{}
	base := cloudtrail.New(f, cloudtrail.WithClock(clock.Now), cloudtrail.WithSleeper(clock.Sleep), cloudtrail.WithAccount(acct), cloudtrail.WithRegion("us-east-1"))
	eu := base.InRegion("eu-west-1")
	east := base.InRegion("us-east-1")
	for _, c := range []*cloudtrail.Client{base, east, base, eu, eu} {
		collect(t, c.LookupEvents(context.Background(), cloudtrail.LookupQuery{}))
	}
	// us-east-1: 0, 0.5s, 1s for base, east, base; eu-west-1: 0, 0.5s.
	want := []time.Duration{500 * time.Millisecond, time.Second, 500 * time.Millisecond}
	if d := cmp.Diff(want, clock.waits); d != "" {
		t.Errorf("waits (-want +got):\n%s", d)
	}
	// A client built apart has limits of its own.
	other := cloudtrail.New(f, cloudtrail.WithClock(clock.Now), cloudtrail.WithSleeper(clock.Sleep), cloudtrail.WithAccount(acct), cloudtrail.WithRegion("us-east-1"))
	collect(t, other.LookupEvents(context.Background(), cloudtrail.LookupQuery{}))
	if len(clock.waits) != 3 {
		t.Errorf("a separate client waited: %v", clock.waits)
	}
}

func TestLookupRateAndBurst(t *testing.T) {
	f := history(t, 1)
	clock := &stillClock{}
	c := cloudtrail.New(f, cloudtrail.WithClock(clock.Now), cloudtrail.WithSleeper(clock.Sleep), cloudtrail.WithLookupRate(4, 3))
	for range 7 {
		collect(t, c.LookupEvents(context.Background(), cloudtrail.LookupQuery{}))
	}
	// A burst of three, then one every quarter second, with the clock
	// standing still: 0.25, 0.5, 0.75, 1s.
	var total time.Duration
	for _, d := range clock.waits {
		total += d
	}
	if total != 2500*time.Millisecond {
		t.Errorf("waited %v (%v), want 2.5s", total, clock.waits)
	}
}

func TestLookupEventsRetriesThrottling(t *testing.T) {
	f := history(t, 3)
	f.FailN("LookupEvents", 2, cloudtrailtest.Throttling())
	clock, opts := newClock(f)
	got := ids(collect(t, cloudtrail.New(f, opts...).LookupEvents(context.Background(), cloudtrail.LookupQuery{})))
	if d := cmp.Diff([]string{"e002", "e001", "e000"}, got); d != "" {
		t.Errorf("events (-want +got):\n%s", d)
	}
	// Waits of 1s and 2s between attempts; the clock moves on, so the
	// rate limit adds nothing.
	if d := cmp.Diff([]time.Duration{time.Second, 2 * time.Second}, clock.Waits()); d != "" {
		t.Errorf("waits (-want +got):\n%s", d)
	}

	f.Fail("LookupEvents", cloudtrailtest.Throttling())
	clock, opts = newClock(f)
	err := firstErr(cloudtrail.New(f, opts...).LookupEvents(context.Background(), cloudtrail.LookupQuery{}))
	if !errors.Is(err, aigov.ErrThrottled) || len(clock.Waits()) != cloudtrail.DefaultThrottleRetries {
		t.Errorf("err = %v after waits %v", err, clock.Waits())
	}
}

func TestLookupEventsCancelledWhileWaiting(t *testing.T) {
	f := history(t, 1)
	ctx, cancel := context.WithCancel(context.Background())
	sleeps := 0
	sleeper := func(ctx context.Context, d time.Duration) error {
		sleeps++
		cancel()
		return ctx.Err()
	}
	c := cloudtrail.New(f, cloudtrail.WithSleeper(sleeper), cloudtrail.WithClock(func() time.Time { return t0 }))
	collect(t, c.LookupEvents(context.Background(), cloudtrail.LookupQuery{}))
	err := firstErr(c.LookupEvents(ctx, cloudtrail.LookupQuery{}))
	if !errors.Is(err, context.Canceled) || sleeps != 1 || f.CallCount("LookupEvents") != 1 {
		t.Errorf("err = %v after %d sleeps and %d calls", err, sleeps, f.CallCount("LookupEvents"))
	}
	// The token the cancelled call reserved was given back.
	collect(t, c.LookupEvents(context.Background(), cloudtrail.LookupQuery{}))
	if sleeps != 2 {
		t.Errorf("sleeps = %d", sleeps)
	}
}

func TestLookupEventsBadRecord(t *testing.T) {
	f := history(t, 2)
	f.PrependReactor("LookupEvents", func(cloudtrailtest.Call) (bool, any, error) {
		good := string(record("good", "CreateModel", "sagemaker.amazonaws.com", t0, "alice", false))
		return true, &awsct.LookupEventsOutput{Events: []types.Event{
			{EventId: aws.String("good"), CloudTrailEvent: aws.String(good)},
			{EventId: aws.String("bad"), EventName: aws.String("CreateModel"), EventTime: aws.Time(t0), CloudTrailEvent: aws.String(`{"eventName":42}`)},
			{EventId: aws.String("after"), CloudTrailEvent: aws.String(good)},
		}}, nil
	})
	var got []string
	var errs []error
	for ev, err := range cloudtrail.New(f).LookupEvents(context.Background(), cloudtrail.LookupQuery{}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, ev.EventID)
	}
	if len(got) != 1 || len(errs) != 1 {
		t.Fatalf("events %v, errors %v", got, errs)
	}
	var pe *cloudtrail.ParseError
	if !errors.As(errs[0], &pe) || !errors.Is(errs[0], cloudtrail.ErrInvalidRecord) || !strings.Contains(errs[0].Error(), "event bad (CreateModel at 2026-11-01T12:00:00Z)") {
		t.Errorf("err = %v", errs[0])
	}
}

func TestLookupEventsEarlyBreak(t *testing.T) {
	f := history(t, 120)
	for range cloudtrail.New(f).LookupEvents(context.Background(), cloudtrail.LookupQuery{}) {
		break
	}
	if n := f.CallCount("LookupEvents"); n != 1 {
		t.Errorf("%d calls after breaking out of the first page", n)
	}
}
