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
	"github.com/google/go-cmp/cmp"
)

const (
	storeID  = "00000001-0000-4000-8000-000000000001"
	storeARN = "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/" + storeID
	whoSQL   = "SELECT eventTime, eventName, userIdentity.arn FROM " + storeID + " WHERE eventSource = 'sagemaker.amazonaws.com'"
)

func row(kv ...string) cloudtrail.Row {
	var r cloudtrail.Row
	for i := 0; i+1 < len(kv); i += 2 {
		r = append(r, cloudtrail.Column{Name: kv[i], Value: kv[i+1]})
	}
	return r
}

var whoRows = []cloudtrail.Row{
	row("eventTime", "2026-10-30 09:00:00.000", "eventName", "CreateTrainingJob", "userIdentity.arn", "arn:aws:sts::123456789012:assumed-role/ml-team/alice"),
	row("eventTime", "2026-10-30 10:00:00.000", "eventName", "DeleteModel", "userIdentity.arn", "arn:aws:sts::123456789012:assumed-role/ml-team/bob"),
	row("eventTime", "2026-10-31 11:00:00.000", "eventName", "CreateModel", "userIdentity.arn", "arn:aws:sts::123456789012:assumed-role/ml-team/alice"),
}

// lake returns a fake with an organisation event data store and the
// answer to whoSQL after three polls.
func lake(t *testing.T, opts ...cloudtrailtest.Option) *cloudtrailtest.Fake {
	t.Helper()
	f := cloudtrailtest.New(opts...)
	f.SetClock(func() time.Time { return t0 })
	f.AddEventDataStore(cloudtrail.EventDataStore{
		Name: "org-events", MultiRegion: true, Organization: true, RetentionDays: 2557, TerminationProtection: true, KMSKeyID: kmsKey,
		DataEventSelectors: []cloudtrail.DataEventSelector{cloudtrailtest.S3DataEvents("training-data/")},
	})
	f.AddEventDataStore(cloudtrail.EventDataStore{Name: "stopped", Status: "STOPPED_INGESTION"})
	f.AddQueryResult(whoSQL, whoRows, 3)
	return f
}

func TestEventDataStores(t *testing.T) {
	f := lake(t, cloudtrailtest.WithPageSize(1))
	_, opts := newClock(f)
	stores := collect(t, cloudtrail.New(f, opts...).EventDataStores(context.Background()))
	if len(stores) != 2 || f.CallCount("ListEventDataStores") != 2 || f.CallCount("GetEventDataStore") != 2 {
		t.Fatalf("%d stores in %d pages", len(stores), f.CallCount("ListEventDataStores"))
	}
	want := cloudtrail.EventDataStore{
		Name: "org-events", ARN: storeARN, Status: "ENABLED", MultiRegion: true, Organization: true, RetentionDays: 2557,
		TerminationProtection: true, KMSKeyID: kmsKey, BillingMode: "EXTENDABLE_RETENTION_PRICING", CreatedAt: t0, UpdatedAt: t0,
		ManagementEvents: cloudtrail.ManagementEvents{Read: true, Write: true},
		DataEventSelectors: []cloudtrail.DataEventSelector{{
			Name: "S3 data events", Advanced: true, Category: "Data", ResourceType: "AWS::S3::Object", Read: true, Write: true,
			Conditions: []cloudtrail.FieldCondition{{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::training-data/"}}},
		}},
	}
	if d := cmp.Diff(want, stores[0]); d != "" {
		t.Errorf("store (-want +got):\n%s", d)
	}
	if !stores[0].Ingesting() || !stores[0].CoversDataEvents("training-data", "") || stores[1].Ingesting() {
		t.Errorf("Ingesting/CoversDataEvents wrong")
	}
}

func TestEventDataStoreDetailErrors(t *testing.T) {
	f := lake(t)
	f.PrependReactor("GetEventDataStore", func(call cloudtrailtest.Call) (bool, any, error) {
		if aws.ToString(call.Input.(*awsct.GetEventDataStoreInput).EventDataStore) == storeARN {
			return true, nil, cloudtrailtest.AccessDenied()
		}
		return false, nil, nil
	})
	var stores []cloudtrail.EventDataStore
	var errs []error
	for s, err := range cloudtrail.New(f).EventDataStores(context.Background()) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		stores = append(stores, s)
	}
	if len(stores) != 2 || len(errs) != 1 || !errors.Is(errs[0], aigov.ErrAccessDenied) || !strings.Contains(errs[0].Error(), storeARN) {
		t.Fatalf("stores %+v, errors %v", stores, errs)
	}
	if stores[0].ARN != storeARN || !strings.Contains(stores[0].DetailError, "AccessDeniedException") || stores[0].Status != "" || stores[1].Status != "STOPPED_INGESTION" {
		t.Errorf("stores = %+v", stores)
	}
}

func TestQuery(t *testing.T) {
	f := lake(t)
	clock, opts := newClock(f)
	c := cloudtrail.New(f, opts...)
	res, err := c.Query(context.Background(), whoSQL)
	if err != nil {
		t.Fatal(err)
	}
	// Three polls find it running, the fourth finished, after waits that
	// double from one second.
	if d := cmp.Diff([]time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}, clock.Waits()); d != "" {
		t.Errorf("waits (-want +got):\n%s", d)
	}
	wantStats := cloudtrail.QueryStatistics{EventsMatched: 3, EventsScanned: 3, ExecutionTime: 15 * time.Second, CreatedAt: t0}
	if res.Status != "FINISHED" || res.Statement != whoSQL || res.ID == "" || res.Statistics != wantStats {
		t.Errorf("result = %+v", res)
	}
	rows := collect(t, res.Rows(context.Background()))
	if d := cmp.Diff(whoRows, rows); d != "" {
		t.Errorf("rows (-want +got):\n%s", d)
	}
	if v, ok := rows[1].Get("eventName"); !ok || v != "DeleteModel" {
		t.Errorf("Get = %q, %v", v, ok)
	}
	if _, ok := rows[1].Get("nope"); ok {
		t.Error("Get found a missing column")
	}
	if f.CallCount("CancelQuery") != 0 {
		t.Error("a finished query was cancelled")
	}
}

func TestQueryPagingAndPolling(t *testing.T) {
	f := lake(t)
	clock, opts := newClock(f)
	c := cloudtrail.New(f, append(opts, cloudtrail.WithQueryPolling(500*time.Millisecond, time.Second))...)
	res, err := c.Query(context.Background(), strings.ReplaceAll(whoSQL, " ", "\n  "), cloudtrail.WithRowsPerPage(2), cloudtrail.WithEventDataStoreOwner(acct))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]time.Duration{500 * time.Millisecond, time.Second, time.Second, time.Second}, clock.Waits()); d != "" {
		t.Errorf("waits (-want +got):\n%s", d)
	}
	rows := collect(t, res.Rows(context.Background()))
	if len(rows) != 3 || f.CallCount("GetQueryResults") != 2 {
		t.Errorf("%d rows in %d pages", len(rows), f.CallCount("GetQueryResults"))
	}
	for _, call := range f.Calls() {
		if in, ok := call.Input.(*awsct.GetQueryResultsInput); ok && (aws.ToInt32(in.MaxQueryResults) != 2 || aws.ToString(in.EventDataStoreOwnerAccountId) != acct) {
			t.Errorf("GetQueryResults input = %+v", in)
		}
	}
	for _, bad := range []cloudtrail.QueryOption{cloudtrail.WithRowsPerPage(0), cloudtrail.WithEventDataStoreOwner("")} {
		if _, err := c.Query(context.Background(), whoSQL, bad); err == nil || !strings.Contains(err.Error(), "invalid query option") {
			t.Errorf("err = %v", err)
		}
	}
	if _, err := c.Query(context.Background(), " "); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty SQL: err = %v", err)
	}
}

func TestQueryFails(t *testing.T) {
	f := lake(t)
	sql := "SELECT * FROM " + storeID + " WHERE nonsense"
	f.AddQueryAnswer(cloudtrailtest.MatchSQL(sql), cloudtrailtest.QueryAnswer{Polls: 1, Status: "FAILED", ErrorMessage: "Column nonsense does not exist"})
	_, opts := newClock(f)
	_, err := cloudtrail.New(f, opts...).Query(context.Background(), sql)
	if !errors.Is(err, cloudtrail.ErrQueryFailed) || !strings.Contains(err.Error(), "ended FAILED: Column nonsense does not exist") {
		t.Errorf("err = %v", err)
	}
	f.AddQueryAnswer(cloudtrailtest.MatchSQL(sql), cloudtrailtest.QueryAnswer{Status: "TIMED_OUT"})
	_, err = cloudtrail.New(f, opts...).Query(context.Background(), sql)
	if !errors.Is(err, cloudtrail.ErrQueryFailed) || !strings.Contains(err.Error(), "ended TIMED_OUT: AWS gave no reason") {
		t.Errorf("err = %v", err)
	}
}

func TestQueryCancelledWhenAbandoned(t *testing.T) {
	f := lake(t)
	ctx, cancel := context.WithCancel(context.Background())
	polls := 0
	sleeper := func(ctx context.Context, d time.Duration) error {
		if polls++; polls == 3 {
			cancel()
		}
		return ctx.Err()
	}
	_, err := cloudtrail.New(f, cloudtrail.WithSleeper(sleeper)).Query(ctx, whoSQL)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	qs := f.Queries()
	if len(qs) != 1 || qs[0].Status != "CANCELLED" || f.CallCount("CancelQuery") != 1 || f.CallCount("DescribeQuery") != 2 {
		t.Errorf("queries %+v after %d polls", qs, f.CallCount("DescribeQuery"))
	}

	// A poll that fails abandons the query too.
	f.FailN("DescribeQuery", 1, cloudtrailtest.AccessDenied())
	_, opts := newClock(f)
	_, err = cloudtrail.New(f, opts...).Query(context.Background(), whoSQL)
	if !errors.Is(err, aigov.ErrAccessDenied) || !strings.Contains(err.Error(), "query 00000000-0000-4000-a000-000000000002") {
		t.Errorf("err = %v", err)
	}
	if qs := f.Queries(); qs[1].Status != "CANCELLED" {
		t.Errorf("queries = %+v", qs)
	}

	// If the cancellation fails too, both errors are returned.
	f.FailN("DescribeQuery", 1, cloudtrailtest.AccessDenied())
	f.FailN("CancelQuery", 1, cloudtrailtest.Throttling())
	_, err = cloudtrail.New(f, opts...).Query(context.Background(), whoSQL)
	if !errors.Is(err, aigov.ErrAccessDenied) || !errors.Is(err, aigov.ErrThrottled) || !strings.Contains(err.Error(), "cancelling the query") {
		t.Errorf("err = %v", err)
	}
}

func TestQueryWaitsForASlot(t *testing.T) {
	f := lake(t)
	f.FailN("StartQuery", 2, cloudtrailtest.MaxConcurrentQueries())
	clock, opts := newClock(f)
	if _, err := cloudtrail.New(f, opts...).Query(context.Background(), whoSQL); err != nil {
		t.Fatal(err)
	}
	if got := clock.Waits()[:2]; !cmp.Equal(got, []time.Duration{time.Second, 2 * time.Second}) {
		t.Errorf("waits before starting = %v", got)
	}

	// Ten queries that never finish fill the account's slots.
	for i := range 10 {
		sql := fmt.Sprintf("SELECT %d FROM %s", i, storeID)
		f.AddQueryResult(sql, nil, 1000)
		if _, err := f.StartQuery(context.Background(), &awsct.StartQueryInput{QueryStatement: aws.String(sql)}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := cloudtrail.New(f, append(opts, cloudtrail.WithThrottleRetries(1))...).Query(context.Background(), whoSQL)
	if !errors.Is(err, aigov.ErrThrottled) || apiCode(err) != "MaxConcurrentQueriesException" {
		t.Errorf("err = %v", err)
	}
}

func TestQueryRefused(t *testing.T) {
	f := lake(t)
	c := cloudtrail.New(f)
	_, err := c.Query(context.Background(), "SELECT * FROM "+storeID+" WHERE 1=1")
	if apiCode(err) != "InvalidQueryStatementException" || aigov.Kind(err) != nil {
		t.Errorf("unknown statement: err = %v", err)
	}
	_, err = c.Query(context.Background(), "SELECT * FROM 99999999-0000-4000-8000-000000000000")
	if !errors.Is(err, aigov.ErrNotFound) || apiCode(err) != "EventDataStoreNotFoundException" {
		t.Errorf("unknown store: err = %v", err)
	}
	if _, err := pager.Collect((&cloudtrail.QueryResult{}).Rows(context.Background())); err == nil {
		t.Error("rows of no query")
	}
}
