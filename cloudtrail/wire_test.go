package cloudtrail_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/cloudtrail/cloudtrailtest"
	"github.com/aigov/aigov/internal/pager"
	"github.com/aigov/aigov/internal/wiretest"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

// These tests run the real *cloudtrail.Client against canned AWS
// responses, to check that the wire shapes the package relies on decode
// (DescribeTrails speaks camelCase, the rest PascalCase) and that the
// errors the fake builds look like the ones the real client returns.

func wireClient(t *testing.T, opts ...cloudtrail.Option) (*wiretest.Server, *cloudtrail.Client) {
	srv := wiretest.New(t)
	clock := cloudtrailtest.NewClock(t0)
	opts = append([]cloudtrail.Option{cloudtrail.WithRegion("us-east-1"), cloudtrail.WithAccount(acct),
		cloudtrail.WithClock(clock.Now), cloudtrail.WithSleeper(clock.Sleep), cloudtrail.WithThrottleRetries(0)}, opts...)
	return srv, cloudtrail.New(awsct.NewFromConfig(srv.Config()), opts...)
}

func TestWireTrails(t *testing.T) {
	srv, c := wireClient(t)
	srv.Answer("DescribeTrails", wiretest.JSON(`{"trailList":[{"Name":"main","TrailARN":"arn:aws:cloudtrail:eu-west-1:123456789012:trail/main",
		"HomeRegion":"eu-west-1","IsMultiRegionTrail":true,"IsOrganizationTrail":false,"IncludeGlobalServiceEvents":true,
		"LogFileValidationEnabled":true,"KmsKeyId":"`+kmsKey+`","S3BucketName":"audit-logs","S3KeyPrefix":"ct",
		"CloudWatchLogsLogGroupArn":"arn:aws:logs:eu-west-1:123456789012:log-group:trail:*","HasCustomEventSelectors":true,"HasInsightSelectors":false}]}`))
	srv.Answer("GetTrailStatus", wiretest.JSON(`{"IsLogging":true,"LatestDeliveryTime":1.7e9,"LatestDeliveryError":"NoSuchBucket",
		"LatestDigestDeliveryError":"AccessDenied","StartLoggingTime":1.6e9,"TimeLoggingStarted":"2020-09-13T12:26:40Z","LatestDeliveryAttemptSucceeded":""}`))
	srv.Answer("GetEventSelectors", wiretest.JSON(`{"TrailARN":"arn:aws:cloudtrail:eu-west-1:123456789012:trail/main","AdvancedEventSelectors":[
		{"Name":"Management","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},
		{"Name":"Training data","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},
		 {"Field":"resources.ARN","StartsWith":["arn:aws:s3:::training/"]},{"Field":"readOnly","Equals":["false"]}]}]}`))
	srv.Answer("GetInsightSelectors", wiretest.JSONError(400, "InsightNotEnabledException", "Trail arn:aws:cloudtrail:eu-west-1:123456789012:trail/main does not have Insights enabled."))
	trails, err := c.Trails(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []cloudtrail.Trail{{
		Name: "main", ARN: "arn:aws:cloudtrail:eu-west-1:123456789012:trail/main", HomeRegion: "eu-west-1", Account: acct,
		MultiRegion: true, GlobalServiceEvents: true, Logging: true, LatestDeliveryError: "NoSuchBucket", LatestDeliveryTime: time.Unix(1.7e9, 0).UTC(),
		LatestDigestDeliveryError: "AccessDenied", StartLoggingTime: time.Unix(1.6e9, 0).UTC(), LogFileValidation: true, KMSKeyID: kmsKey,
		CloudWatchLogsGroupARN: "arn:aws:logs:eu-west-1:123456789012:log-group:trail:*", S3Bucket: "audit-logs", S3KeyPrefix: "ct",
		AdvancedSelectors: true, ManagementEvents: cloudtrail.ManagementEvents{Read: true, Write: true},
		DataEventSelectors: []cloudtrail.DataEventSelector{{Name: "Training data", Advanced: true, Category: "Data", ResourceType: "AWS::S3::Object", Write: true,
			Conditions: []cloudtrail.FieldCondition{{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::training/"}}}}},
	}}
	if d := cmp.Diff(want, trails); d != "" {
		t.Errorf("trails (-want +got):\n%s", d)
	}
	reqs := srv.Requests()
	if !strings.Contains(reqs[0].Body, `"includeShadowTrails":true`) || !strings.Contains(reqs[1].Body, `"Name":"arn:aws:cloudtrail:eu-west-1:123456789012:trail/main"`) {
		t.Errorf("requests = %+v", reqs[:2])
	}
}

func TestWireLookupEvents(t *testing.T) {
	srv, c := wireClient(t)
	rec := string(record("e1", "DeleteModel", "sagemaker.amazonaws.com", t0, "alice", false))
	body := fmt.Sprintf(`{"Events":[{"EventId":"e1","EventName":"DeleteModel","EventTime":%d,"EventSource":"sagemaker.amazonaws.com",
		"Username":"alice","ReadOnly":"false","Resources":[{"ResourceType":"AWS::SageMaker::Model","ResourceName":"m"}],"CloudTrailEvent":%s}]}`,
		t0.Unix(), strconv.Quote(rec))
	srv.Answer("LookupEvents", wiretest.JSON(body))
	events, err := pager.Collect(c.LookupEvents(context.Background(), cloudtrail.LookupQuery{
		Start: t0.Add(-time.Hour), End: t0, Attribute: &cloudtrail.LookupAttribute{Key: cloudtrail.LookupEventSource, Value: "sagemaker.amazonaws.com"},
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].EventName != "DeleteModel" || !events[0].Time.Equal(t0) || events[0].Principal().SessionName != "alice" {
		t.Errorf("events = %+v", events)
	}
	req := srv.Requests()[0].Body
	for _, want := range []string{`"LookupAttributes":[{"AttributeKey":"EventSource","AttributeValue":"sagemaker.amazonaws.com"}]`, `"MaxResults":50`, fmt.Sprintf(`"EndTime":%d`, t0.Unix())} {
		if !strings.Contains(req, want) {
			t.Errorf("request %s lacks %s", req, want)
		}
	}
}

func TestWireLake(t *testing.T) {
	srv, c := wireClient(t)
	srv.Answer("ListEventDataStores", wiretest.JSON(`{"EventDataStores":[{"EventDataStoreArn":"`+storeARN+`","Name":"org-events"}]}`))
	srv.Answer("GetEventDataStore", wiretest.JSON(`{"EventDataStoreArn":"`+storeARN+`","Name":"org-events","Status":"ENABLED","MultiRegionEnabled":true,
		"OrganizationEnabled":true,"RetentionPeriod":2557,"TerminationProtectionEnabled":true,"BillingMode":"FIXED_RETENTION_PRICING","CreatedTimestamp":1.7e9,
		"AdvancedEventSelectors":[{"Name":"all","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]}]}`))
	stores, err := pager.Collect(c.EventDataStores(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	if len(stores) != 1 || !stores[0].Ingesting() || stores[0].RetentionDays != 2557 || !stores[0].ManagementEvents.Complete() || stores[0].BillingMode != "FIXED_RETENTION_PRICING" {
		t.Errorf("stores = %+v", stores)
	}

	srv.Answer("StartQuery", wiretest.JSON(`{"QueryId":"q-1"}`))
	srv.Answer("DescribeQuery", wiretest.JSON(`{"QueryId":"q-1","QueryStatus":"FINISHED","QueryStatistics":{"EventsMatched":2,"EventsScanned":90,
		"BytesScanned":4096,"ExecutionTimeInMillis":1500,"CreationTime":1.7e9}}`))
	srv.Answer("GetQueryResults", wiretest.JSON(`{"QueryStatus":"FINISHED","QueryResultRows":[[{"eventName":"CreateModel"},{"n":"1"}],[{"eventName":"DeleteModel"},{"n":"2"}]]}`))
	res, err := c.Query(context.Background(), whoSQL)
	if err != nil {
		t.Fatal(err)
	}
	wantStats := cloudtrail.QueryStatistics{EventsMatched: 2, EventsScanned: 90, BytesScanned: 4096, ExecutionTime: 1500 * time.Millisecond, CreatedAt: time.Unix(1.7e9, 0).UTC()}
	if res.ID != "q-1" || res.Statistics != wantStats {
		t.Errorf("result = %+v", res)
	}
	rows, err := pager.Collect(res.Rows(context.Background()))
	if err != nil || !cmp.Equal(rows, []cloudtrail.Row{row("eventName", "CreateModel", "n", "1"), row("eventName", "DeleteModel", "n", "2")}) {
		t.Errorf("rows = %v, %v", rows, err)
	}
}

func TestWirePublicKeys(t *testing.T) {
	srv, c := wireClient(t)
	srv.Answer("ListPublicKeys", wiretest.JSON(`{"PublicKeyList":[{"Fingerprint":"8EBA5DB5BEA9B640D1C96A77256FE7F2","Value":"`+
		base64.StdEncoding.EncodeToString([]byte{1, 2, 3})+`","ValidityStartTime":1436317441,"ValidityEndTime":1438909441}]}`))
	keys, err := c.PublicKeys(context.Background(), time.Unix(1436317441, 0), time.Time{})
	want := []cloudtrail.PublicKey{{Fingerprint: "8eba5db5bea9b640d1c96a77256fe7f2", Value: []byte{1, 2, 3}, ValidFrom: time.Unix(1436317441, 0).UTC(), ValidUntil: time.Unix(1438909441, 0).UTC()}}
	if err != nil || !cmp.Equal(want, keys) {
		t.Errorf("keys = %+v, %v", keys, err)
	}
}

// TestErrorShapeConformance checks the same assertions against an error the
// real client decoded from the wire and one the fake built.
func TestErrorShapeConformance(t *testing.T) {
	cases := []struct {
		code string
		kind error
		fake error
	}{
		{"AccessDeniedException", aigov.ErrAccessDenied, cloudtrailtest.AccessDenied()},
		{"ThrottlingException", aigov.ErrThrottled, cloudtrailtest.Throttling()},
		{"InvalidLookupAttributesException", nil, &types.InvalidLookupAttributesException{Message: aws.String("You can specify only one lookup attribute.")}},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			srv, wire := wireClient(t)
			srv.Answer("LookupEvents", wiretest.JSONError(400, tc.code, "refused"))
			f := cloudtrailtest.New()
			f.Fail("LookupEvents", tc.fake)
			fake := cloudtrail.New(f, cloudtrail.WithThrottleRetries(0))
			for name, c := range map[string]*cloudtrail.Client{"wire": wire, "fake": fake} {
				assertShape(t, name, firstErr(c.LookupEvents(context.Background(), cloudtrail.LookupQuery{})), tc.code, tc.kind)
			}
		})
	}
}

func assertShape(t *testing.T, backend string, err error, code string, kind error) {
	t.Helper()
	if aigov.Kind(err) != kind {
		t.Errorf("%s: kind %v, want %v, for %v", backend, aigov.Kind(err), kind, err)
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != code {
		t.Errorf("%s: APIError code: %v", backend, err)
	}
	var opErr *smithy.OperationError
	if !errors.As(err, &opErr) || opErr.Service() != awsct.ServiceID || opErr.Operation() != "LookupEvents" {
		t.Errorf("%s: OperationError: %v", backend, err)
	}
	var e *aigov.Error
	if !errors.As(err, &e) || e.StatusCode != 400 || e.RequestID == "" || e.Code != code {
		t.Errorf("%s: aigov.Error = %+v", backend, e)
	}
}
