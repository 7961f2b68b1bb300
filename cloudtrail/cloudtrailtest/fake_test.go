package cloudtrailtest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/cloudtrail/cloudtrailtest"
	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/smithy-go"
)

var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func code(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func status(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

func events(n int) *cloudtrailtest.Fake {
	f := cloudtrailtest.New()
	f.SetClock(func() time.Time { return t0 })
	for i := range n {
		f.AddEvents(fmt.Appendf(nil, `{"eventID":"e%d","eventName":"CreateModel","eventTime":%q,"awsRegion":"us-east-1"}`, i, t0.Add(time.Duration(i)*time.Second).Format(time.RFC3339)))
	}
	return f
}

func TestLookupEventsLikeAWS(t *testing.T) {
	f := events(7)
	ctx := context.Background()
	attr := func(k types.LookupAttributeKey, v string) types.LookupAttribute {
		return types.LookupAttribute{AttributeKey: k, AttributeValue: aws.String(v)}
	}
	_, err := f.LookupEvents(ctx, &awsct.LookupEventsInput{LookupAttributes: []types.LookupAttribute{attr("EventName", "CreateModel"), attr("Username", "bob")}})
	var typed *types.InvalidLookupAttributesException
	if !errors.As(err, &typed) || status(err) != 400 {
		t.Errorf("two attributes: %v", err)
	}
	if _, err := f.LookupEvents(ctx, &awsct.LookupEventsInput{LookupAttributes: []types.LookupAttribute{attr("UserName", "bob")}}); code(err) != "InvalidLookupAttributesException" {
		t.Errorf("unknown key: %v", err)
	}
	for _, n := range []int32{0, 51} {
		if _, err := f.LookupEvents(ctx, &awsct.LookupEventsInput{MaxResults: aws.Int32(n)}); code(err) != "InvalidMaxResultsException" {
			t.Errorf("MaxResults %d: %v", n, err)
		}
	}
	if _, err := f.LookupEvents(ctx, &awsct.LookupEventsInput{StartTime: aws.Time(t0), EndTime: aws.Time(t0.Add(-1))}); code(err) != "InvalidTimeRangeException" {
		t.Errorf("reversed window: %v", err)
	}
	if _, err := f.LookupEvents(ctx, &awsct.LookupEventsInput{EventCategory: "management"}); code(err) != "InvalidEventCategoryException" {
		t.Errorf("event category: %v", err)
	}
	out, err := f.LookupEvents(ctx, &awsct.LookupEventsInput{MaxResults: aws.Int32(3)})
	if err != nil || len(out.Events) != 3 || aws.ToString(out.Events[0].EventId) != "e6" || out.NextToken == nil {
		t.Fatalf("first page: %+v, %v", out, err)
	}
	// The token must come back with the parameters it was issued for.
	_, err = f.LookupEvents(ctx, &awsct.LookupEventsInput{NextToken: out.NextToken, StartTime: aws.Time(t0)})
	if code(err) != "InvalidNextTokenException" {
		t.Errorf("token with other parameters: %v", err)
	}
	// The SDK's paginator works on the fake.
	p := awsct.NewLookupEventsPaginator(f, &awsct.LookupEventsInput{MaxResults: aws.Int32(3)})
	var ids []string
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Events {
			ids = append(ids, aws.ToString(e.EventId))
		}
	}
	if strings.Join(ids, ",") != "e6,e5,e4,e3,e2,e1,e0" {
		t.Errorf("paginator: %v", ids)
	}
}

func TestAddEventsShapes(t *testing.T) {
	f := cloudtrailtest.New(cloudtrailtest.WithRegion("eu-west-1"))
	f.SetClock(func() time.Time { return t0 })
	n := f.AddEvents(
		[]byte(`{"eventName":"A","userIdentity":{"type":"Root","arn":"arn:aws:iam::1:root"},"readOnly":true}`),
		[]byte(`[{"eventName":"B","userIdentity":{"type":"IAMUser","userName":"alice"}},{"eventName":"C","awsRegion":"us-east-1"}]`),
		[]byte(`{"Records":[{"eventName":"D","eventTime":"redacted","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/r/sess"}}]}`),
	)
	if n != 4 {
		t.Fatalf("added %d", n)
	}
	out, err := f.LookupEvents(context.Background(), &awsct.LookupEventsInput{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range out.Events {
		got[aws.ToString(e.EventName)] = aws.ToString(e.Username) + "|" + aws.ToString(e.ReadOnly) + "|" + aws.ToTime(e.EventTime).Format(time.RFC3339)
	}
	want := map[string]string{"A": "root|true|2026-11-01T12:00:00Z", "B": "alice||2026-11-01T12:00:00Z", "D": "sess||2026-11-01T12:00:00Z"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("events = %v", got)
	}
}

func TestRateLimit(t *testing.T) {
	f := cloudtrailtest.New(cloudtrailtest.WithLookupRateLimit(2))
	clock := cloudtrailtest.NewClock(t0)
	f.SetClock(clock.Now)
	call := func(region string) error {
		_, err := f.LookupEvents(context.Background(), &awsct.LookupEventsInput{}, func(o *awsct.Options) { o.Region = region })
		return err
	}
	for i, want := range []string{"", "", "ThrottlingException"} {
		if err := call("us-east-1"); code(err) != want {
			t.Errorf("call %d: %v", i, err)
		}
	}
	if err := call("eu-west-1"); err != nil {
		t.Errorf("another region was throttled: %v", err)
	}
	clock.Advance(999 * time.Millisecond)
	if err := call("us-east-1"); !strings.Contains(fmt.Sprint(err), "Rate exceeded") || status(err) != 400 {
		t.Errorf("within the second: %v", err)
	}
	clock.Advance(time.Millisecond)
	if err := call("us-east-1"); err != nil {
		t.Errorf("a second later: %v", err)
	}
}

func TestTrailsLikeAWS(t *testing.T) {
	f := cloudtrailtest.New(cloudtrailtest.WithRegion("eu-west-1"))
	f.AddTrail(cloudtrail.Trail{Name: "home"})
	f.AddTrail(cloudtrail.Trail{Name: "everywhere", HomeRegion: "us-east-1", MultiRegion: true})
	f.AddTrail(cloudtrail.Trail{Name: "org", HomeRegion: "us-east-1", Account: "999988887777", Organization: true, MultiRegion: true})
	f.AddTrail(cloudtrail.Trail{Name: "stranger", Account: "555555555555"})
	ctx := context.Background()
	names := func(in *awsct.DescribeTrailsInput) string {
		out, err := f.DescribeTrails(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		var n []string
		for _, tr := range out.TrailList {
			n = append(n, aws.ToString(tr.Name))
		}
		return strings.Join(n, ",")
	}
	if got := names(&awsct.DescribeTrailsInput{}); got != "home,everywhere,org" {
		t.Errorf("with shadow trails: %s", got)
	}
	if got := names(&awsct.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(false)}); got != "home" {
		t.Errorf("without shadow trails: %s", got)
	}
	if got := names(&awsct.DescribeTrailsInput{TrailNameList: []string{"everywhere", "arn:aws:cloudtrail:us-east-1:123456789012:trail/everywhere", "home", "nope"}}); got != "home,everywhere" {
		t.Errorf("by name and ARN: %s", got)
	}
	// A name finds only a trail created in the region; an ARN any.
	_, err := f.GetTrailStatus(ctx, &awsct.GetTrailStatusInput{Name: aws.String("everywhere")})
	var nf *types.TrailNotFoundException
	if !errors.As(err, &nf) || !strings.Contains(nf.ErrorMessage(), "Unknown trail: everywhere for the user: 123456789012") {
		t.Errorf("by name from another region: %v", err)
	}
	if _, err := f.GetTrailStatus(ctx, &awsct.GetTrailStatusInput{Name: aws.String("arn:aws:cloudtrail:us-east-1:999988887777:trail/org")}); err != nil {
		t.Errorf("organisation trail by ARN: %v", err)
	}
	if _, err := f.GetTrailStatus(ctx, &awsct.GetTrailStatusInput{Name: aws.String("arn:aws:cloudtrail:eu-west-1:555555555555:trail/stranger")}); code(err) != "TrailNotFoundException" {
		t.Errorf("another account's trail: %v", err)
	}
	if _, err := f.GetEventSelectors(ctx, &awsct.GetEventSelectorsInput{TrailName: aws.String("arn:aws:s3:::bucket")}); code(err) != "CloudTrailARNInvalidException" {
		t.Errorf("bad ARN: %v", err)
	}
	var ins *types.InsightNotEnabledException
	if _, err := f.GetInsightSelectors(ctx, &awsct.GetInsightSelectorsInput{TrailName: aws.String("home")}); !errors.As(err, &ins) {
		t.Errorf("no Insights: %v", err)
	}
	out, err := f.GetEventSelectors(ctx, &awsct.GetEventSelectorsInput{TrailName: aws.String("home")})
	if err != nil || len(out.EventSelectors) != 1 || out.EventSelectors[0].ReadWriteType != types.ReadWriteTypeAll || !aws.ToBool(out.EventSelectors[0].IncludeManagementEvents) {
		t.Errorf("default selectors: %+v, %v", out, err)
	}
}

func TestLakeLikeAWS(t *testing.T) {
	f := cloudtrailtest.New(cloudtrailtest.WithPageSize(1))
	f.AddEventDataStore(cloudtrail.EventDataStore{Name: "a"})
	f.AddEventDataStore(cloudtrail.EventDataStore{Name: "b", Status: "PENDING_DELETION"})
	ctx := context.Background()
	p := awsct.NewListEventDataStoresPaginator(f, &awsct.ListEventDataStoresInput{})
	n := 0
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n += len(page.EventDataStores)
	}
	if n != 2 {
		t.Errorf("paginator saw %d stores", n)
	}
	start := func(sql string) (*awsct.StartQueryOutput, error) {
		return f.StartQuery(ctx, &awsct.StartQueryInput{QueryStatement: aws.String(sql)})
	}
	const a, b = "00000001-0000-4000-8000-000000000001", "00000002-0000-4000-8000-000000000002"
	if _, err := start("SELECT 1 FROM " + b); code(err) != "InactiveEventDataStoreException" {
		t.Errorf("store pending deletion: %v", err)
	}
	if _, err := start("SELECT 1"); code(err) != "InvalidQueryStatementException" {
		t.Errorf("no FROM: %v", err)
	}
	f.AddQueryResult("SELECT eventName FROM "+a, []cloudtrail.Row{{{Name: "eventName", Value: "X"}}, {{Name: "eventName", Value: "Y"}}}, 1)
	_, err := start("select eventName from " + a)
	if code(err) != "InvalidQueryStatementException" {
		t.Errorf("statement without answer: %v", err)
	}
	q, err := start("SELECT  eventName\n FROM " + a)
	if err != nil {
		t.Fatal(err)
	}
	id := q.QueryId
	res, err := f.GetQueryResults(ctx, &awsct.GetQueryResultsInput{QueryId: id})
	if err != nil || res.QueryStatus != types.QueryStatusRunning || len(res.QueryResultRows) != 0 {
		t.Errorf("first poll: %+v, %v", res, err)
	}
	rp := awsct.NewGetQueryResultsPaginator(f, &awsct.GetQueryResultsInput{QueryId: id})
	var rows []string
	for rp.HasMorePages() {
		page, err := rp.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.QueryResultRows {
			rows = append(rows, r[0]["eventName"])
		}
	}
	if strings.Join(rows, ",") != "X,Y" {
		t.Errorf("rows = %v", rows)
	}
	if _, err := f.CancelQuery(ctx, &awsct.CancelQueryInput{QueryId: id}); code(err) != "InactiveQueryException" {
		t.Errorf("cancel a finished query: %v", err)
	}
	if _, err := f.DescribeQuery(ctx, &awsct.DescribeQueryInput{QueryId: aws.String("nope")}); code(err) != "QueryIdNotFoundException" {
		t.Errorf("unknown query: %v", err)
	}
	if _, err := f.GetQueryResults(ctx, &awsct.GetQueryResultsInput{QueryId: id, MaxQueryResults: aws.Int32(1001)}); code(err) != "InvalidMaxResultsException" {
		t.Errorf("1001 rows a page: %v", err)
	}
}

func TestSeedingPanics(t *testing.T) {
	cases := map[string]func(f *cloudtrailtest.Fake){
		"trail without name": func(f *cloudtrailtest.Fake) { f.AddTrail(cloudtrail.Trail{}) },
		"duplicate trail": func(f *cloudtrailtest.Fake) {
			f.AddTrail(cloudtrail.Trail{Name: "a"})
			f.AddTrail(cloudtrail.Trail{Name: "a"})
		},
		"ARN of another trail": func(f *cloudtrailtest.Fake) {
			f.AddTrail(cloudtrail.Trail{Name: "a", ARN: "arn:aws:cloudtrail:us-east-1:123456789012:trail/b"})
		},
		"selectors of no trail": func(f *cloudtrailtest.Fake) {
			f.SetEventSelectors("nope", types.EventSelector{})
		},
		"empty advanced selector": func(f *cloudtrailtest.Fake) {
			f.AddTrail(cloudtrail.Trail{Name: "a"})
			f.SetAdvancedEventSelectors("a", types.AdvancedEventSelector{})
		},
		"not a record":       func(f *cloudtrailtest.Fake) { f.AddEvents([]byte(`{"eventName":42}`)) },
		"missing file":       func(f *cloudtrailtest.Fake) { f.AddEventsFromFile("testdata/nope.json") },
		"store without name": func(f *cloudtrailtest.Fake) { f.AddEventDataStore(cloudtrail.EventDataStore{}) },
		"duplicate store": func(f *cloudtrailtest.Fake) {
			f.AddEventDataStore(cloudtrail.EventDataStore{Name: "s"})
			f.AddEventDataStore(cloudtrail.EventDataStore{Name: "s"})
		},
		"query ending RUNNING": func(f *cloudtrailtest.Fake) {
			f.AddQueryAnswer(cloudtrailtest.MatchSQL("x"), cloudtrailtest.QueryAnswer{Status: "RUNNING"})
		},
		"key without value": func(f *cloudtrailtest.Fake) { f.AddPublicKey("", cloudtrail.PublicKey{}) },
	}
	for name, seed := range cases {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			seed(cloudtrailtest.New())
		})
	}
}
