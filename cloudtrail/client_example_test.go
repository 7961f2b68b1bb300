package cloudtrail_test

import (
	"context"
	"fmt"
	"time"

	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/cloudtrail/cloudtrailtest"
)

// Trail posture, and the regions whose changes no trail records. With AWS,
// build the client with cloudtrail.NewFromConfig(cfg) instead of the fake.
func ExampleClient_Trails() {
	fake := cloudtrailtest.New()
	fake.AddTrail(cloudtrail.Trail{Name: "eu-only", HomeRegion: "eu-west-1", Logging: true, GlobalServiceEvents: true})
	fake.AddTrail(cloudtrail.Trail{Name: "org", Account: "999988887777", Organization: true, MultiRegion: true,
		Logging: false, StopLoggingTime: time.Date(2026, 10, 30, 22, 14, 0, 0, time.UTC)})

	c := cloudtrail.New(fake)
	regions := []string{"us-east-1", "eu-west-1"}
	trails, err := c.Trails(context.Background(), regions...)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range trails {
		fmt.Printf("%s (home %s, multi-region %v): logging %v, writes recorded %v\n", t.Name, t.HomeRegion, t.MultiRegion, t.Logging, t.LogsManagementWrites())
	}
	cov := cloudtrail.EvaluateCoverage(trails, regions)
	fmt.Println("uncovered:", cov.RegionsIn(cloudtrail.Uncovered))
	fmt.Println("multi-region trails logging:", len(cov.MultiRegionTrails))
	// Output:
	// eu-only (home eu-west-1, multi-region false): logging true, writes recorded true
	// org (home us-east-1, multi-region true): logging false, writes recorded false
	// uncovered: [us-east-1]
	// multi-region trails logging: 0
}

// Coverage is a pure function of trails: controls evaluate it over the
// trails a snapshot holds, with no AWS call.
func ExampleEvaluateCoverage() {
	trails := []cloudtrail.Trail{
		{ARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/org", HomeRegion: "us-east-1", MultiRegion: true, Logging: true,
			GlobalServiceEvents: true, LogFileValidation: true, KMSKeyID: "arn:aws:kms:us-east-1:111122223333:key/k",
			ManagementEvents: cloudtrail.ManagementEvents{Read: true, Write: true}},
		{ARN: "arn:aws:cloudtrail:eu-west-1:111122223333:trail/eu", HomeRegion: "eu-west-1", StatusError: "access denied"},
	}
	cov := cloudtrail.EvaluateCoverage(trails, []string{"eu-west-1", "us-east-1"})
	for _, r := range cov.Regions {
		fmt.Println(r.Region, r.State, r.WriteTrails)
	}
	fmt.Println("security trails:", cov.SecurityTrails)

	trails[0].Logging = false
	cov = cloudtrail.EvaluateCoverage(trails, []string{"eu-west-1", "us-east-1"})
	fmt.Println("uncovered:", cov.RegionsIn(cloudtrail.Uncovered), "unknown:", cov.RegionsIn(cloudtrail.CoverageUnknown))
	// Output:
	// eu-west-1 covered [arn:aws:cloudtrail:us-east-1:111122223333:trail/org]
	// us-east-1 covered [arn:aws:cloudtrail:us-east-1:111122223333:trail/org]
	// security trails: [arn:aws:cloudtrail:us-east-1:111122223333:trail/org]
	// uncovered: [us-east-1] unknown: [eu-west-1]
}

// Whether access to training data in S3 is recorded, whichever kind of
// event selectors the trail uses.
func ExampleTrail_CoversDataEvents() {
	trail := cloudtrail.Trail{
		Name: "data", Logging: true,
		DataEventSelectors: []cloudtrail.DataEventSelector{{
			Advanced: true, Category: "Data", ResourceType: "AWS::S3::Object", Read: true, Write: true,
			Conditions: []cloudtrail.FieldCondition{{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::ml-datasets/curated/"}}},
		}},
	}
	fmt.Println(trail.CoversDataEvents("ml-datasets", "curated/2026/"))
	fmt.Println(trail.CoversDataEvents("ml-datasets", "raw/"))
	// Output:
	// true
	// false
}

// Who did what to AI resources: run the detectors over the events of
// CloudTrail's event history. The client keeps to 2 LookupEvents calls a
// second per account and region.
func ExampleClient_LookupEvents() {
	fake := cloudtrailtest.New()
	fake.AddEvents([]byte(`[
	{"eventTime":"2026-10-30T09:12:00Z","eventSource":"sagemaker.amazonaws.com","eventName":"CreateTrainingJob","eventID":"e1",
	 "awsRegion":"us-east-1","recipientAccountId":"111122223333",
	 "userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/ml-team/alice",
	  "sessionContext":{"sessionIssuer":{"arn":"arn:aws:iam::111122223333:role/ml-team"}}}},
	{"eventTime":"2026-10-30T09:40:00Z","eventSource":"iam.amazonaws.com","eventName":"AttachRolePolicy","eventID":"e2",
	 "awsRegion":"us-east-1","recipientAccountId":"111122223333",
	 "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/mallory","userName":"mallory"}}]`))

	c := cloudtrail.New(fake)
	events := c.LookupEvents(context.Background(), cloudtrail.LookupQuery{
		Start: time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC),
		End:   time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC),
	})
	dets, err := cloudtrail.Detect(events, cloudtrail.DefaultRules()...)
	if err != nil {
		fmt.Println(err)
	}
	for _, d := range dets {
		fmt.Printf("%s %s: %s %v\n", d.Severity, d.RuleID, d.Principal.ID, d.EventNames)
	}
	// Output:
	// medium iam-policy-change: arn:aws:iam::111122223333:user/mallory [AttachRolePolicy]
	// low sagemaker-training-job-change: arn:aws:iam::111122223333:role/ml-team [CreateTrainingJob]
}

// One lookup attribute narrows the events, here to one user's.
func ExampleLookupQuery() {
	fake := cloudtrailtest.New()
	fake.AddEvents([]byte(`[
	{"eventTime":"2026-10-30T09:00:00Z","eventName":"DeleteRole","eventSource":"iam.amazonaws.com","awsRegion":"us-east-1","userIdentity":{"type":"IAMUser","userName":"mallory"}},
	{"eventTime":"2026-10-30T10:00:00Z","eventName":"CreateModel","eventSource":"sagemaker.amazonaws.com","awsRegion":"us-east-1","userIdentity":{"type":"IAMUser","userName":"alice"}}]`))
	q := cloudtrail.LookupQuery{Attribute: &cloudtrail.LookupAttribute{Key: cloudtrail.LookupUsername, Value: "mallory"}}
	for ev, err := range cloudtrail.New(fake).LookupEvents(context.Background(), q) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(ev.Time.Format(time.RFC3339), ev.EventName)
	}
	// Output:
	// 2026-10-30T09:00:00Z DeleteRole
}

// CloudTrail Lake: an SQL query over an event data store, waited for with
// backoff; rows keep the order of the SELECT.
func ExampleClient_Query() {
	fake := cloudtrailtest.New()
	fake.AddEventDataStore(cloudtrail.EventDataStore{Name: "org-events", Organization: true, MultiRegion: true})
	sql := "SELECT userIdentity.arn, COUNT(*) AS calls FROM 00000001-0000-4000-8000-000000000001 " +
		"WHERE eventSource = 'bedrock.amazonaws.com' AND eventName = 'InvokeModel' GROUP BY userIdentity.arn"
	fake.AddQueryResult(sql, []cloudtrail.Row{
		{{Name: "userIdentity.arn", Value: "arn:aws:sts::111122223333:assumed-role/chatbot/app"}, {Name: "calls", Value: "1290"}},
	}, 2)

	// The fake clock makes the waits between polls instant.
	clock := cloudtrailtest.NewClock(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	c := cloudtrail.New(fake, cloudtrail.WithSleeper(clock.Sleep))
	res, err := c.Query(context.Background(), sql)
	if err != nil {
		fmt.Println(err)
		return
	}
	for row, err := range res.Rows(context.Background()) {
		if err != nil {
			fmt.Println(err)
			return
		}
		calls, _ := row.Get("calls")
		fmt.Println(row[0].Value, calls)
	}
	fmt.Println("waited", clock.Waited())
	// Output:
	// arn:aws:sts::111122223333:assumed-role/chatbot/app 1290
	// waited 7s
}
