package cloudtrail_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/cloudtrail/cloudtrailtest"
	"github.com/aigov/aigov/internal/pager"
	"github.com/aws/smithy-go"
)

var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// newClock returns a fake clock at t0 shared by the fake and the clients
// the returned options build.
func newClock(f *cloudtrailtest.Fake) (*cloudtrailtest.Clock, []cloudtrail.Option) {
	clock := cloudtrailtest.NewClock(t0)
	f.SetClock(clock.Now)
	return clock, []cloudtrail.Option{cloudtrail.WithClock(clock.Now), cloudtrail.WithSleeper(clock.Sleep)}
}

func collect[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		out = append(out, v)
	}
	return out
}

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func TestErrorClasses(t *testing.T) {
	tests := []struct {
		name   string
		inject error
		want   error
		code   string
	}{
		{"access denied", cloudtrailtest.AccessDenied(), aigov.ErrAccessDenied, "AccessDeniedException"},
		{"throttled", cloudtrailtest.Throttling(), aigov.ErrThrottled, "ThrottlingException"},
		{"not enabled", cloudtrailtest.NoManagementAccountSLR(), aigov.ErrNotEnabled, "NoManagementAccountSLRExistsException"},
		{"not found", &smithy.GenericAPIError{Code: "TrailNotFoundException"}, aigov.ErrNotFound, "TrailNotFoundException"},
		{"kms policy", &smithy.GenericAPIError{Code: "InsufficientEncryptionPolicyException"}, aigov.ErrAccessDenied, "InsufficientEncryptionPolicyException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := cloudtrailtest.New()
			f.AddTrail(cloudtrail.Trail{Name: "main", Logging: true})
			f.Fail("*", tt.inject)
			_, opts := newClock(f)
			c := cloudtrail.New(f, append(opts, cloudtrail.WithAccount("123456789012"), cloudtrail.WithRegion("eu-west-1"), cloudtrail.WithThrottleRetries(0))...)
			_, err := c.Trails(context.Background())
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var e *aigov.Error
			if !errors.As(err, &e) || e.Code != tt.code || e.StatusCode != 400 || e.RequestID == "" || e.Region != "eu-west-1" || e.Account != "123456789012" || e.Operation != "DescribeTrails" {
				t.Errorf("aigov.Error = %+v", e)
			}
			var opErr *smithy.OperationError
			if !errors.As(err, &opErr) || opErr.Service() != "CloudTrail" {
				t.Errorf("no OperationError in %v", err)
			}
			// The same classes come out of the other operations.
			_, err = pager.Collect(c.LookupEvents(context.Background(), cloudtrail.LookupQuery{}))
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), "LookupEvents") {
				t.Errorf("LookupEvents: err = %v", err)
			}
			if _, err := c.Query(context.Background(), "SELECT * FROM x"); !errors.Is(err, tt.want) {
				t.Errorf("Query: err = %v", err)
			}
		})
	}
}

func TestInvalidOptions(t *testing.T) {
	tests := []struct {
		opt  cloudtrail.Option
		want string
	}{
		{cloudtrail.WithMaxPages(0), "cloudtrail: invalid option WithMaxPages: the page limit must be at least 1, got 0"},
		{cloudtrail.WithClock(nil), "cloudtrail: invalid option WithClock: the clock must not be nil"},
		{cloudtrail.WithSleeper(nil), "cloudtrail: invalid option WithSleeper: the sleeper must not be nil"},
		{cloudtrail.WithLookupRate(0, 1), "cloudtrail: invalid option WithLookupRate: the rate must be above 0 and at most 1000 a second, got 0"},
		{cloudtrail.WithLookupRate(2, 0), "cloudtrail: invalid option WithLookupRate: the burst must be at least 1, got 0"},
		{cloudtrail.WithThrottleRetries(-1), "cloudtrail: invalid option WithThrottleRetries: the number of retries must be between 0 and 10, got -1"},
		{cloudtrail.WithQueryPolling(time.Second, time.Millisecond), "cloudtrail: invalid option WithQueryPolling: want 0 < first <= max, got first 1s, max 1ms"},
	}
	for _, tt := range tests {
		f := cloudtrailtest.New()
		f.AddTrail(cloudtrail.Trail{Name: "main"})
		c := cloudtrail.New(f, tt.opt)
		if _, err := c.Trails(context.Background()); err == nil || err.Error() != tt.want {
			t.Errorf("Trails: err = %v, want %q", err, tt.want)
		}
		calls := []error{
			firstErr(c.LookupEvents(context.Background(), cloudtrail.LookupQuery{})),
			firstErr(c.EventDataStores(context.Background())),
		}
		_, err := c.Query(context.Background(), "SELECT 1 FROM x")
		calls = append(calls, err)
		_, err = c.PublicKeys(context.Background(), time.Time{}, time.Time{})
		calls = append(calls, err)
		for i, err := range calls {
			if err == nil || err.Error() != tt.want {
				t.Errorf("call %d ignored %q: %v", i, tt.want, err)
			}
		}
		if f.CallCount("*") != 0 {
			t.Errorf("a client with an invalid option called AWS")
		}
	}
	if _, err := cloudtrail.New(nil).Trails(context.Background()); err == nil || !strings.Contains(err.Error(), "the API must not be nil") {
		t.Errorf("nil API: err = %v", err)
	}
}

func firstErr[T any](seq func(func(T, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

func TestContextCancelled(t *testing.T) {
	f := cloudtrailtest.New()
	f.AddTrail(cloudtrail.Trail{Name: "main"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := cloudtrail.New(f)
	if _, err := c.Trails(ctx); !errors.Is(err, context.Canceled) || aigov.Kind(err) != nil {
		t.Errorf("Trails: err = %v", err)
	}
	if err := firstErr(c.LookupEvents(ctx, cloudtrail.LookupQuery{})); !errors.Is(err, context.Canceled) {
		t.Errorf("LookupEvents: err = %v", err)
	}
	if err := firstErr(c.EventDataStores(ctx)); !errors.Is(err, context.Canceled) {
		t.Errorf("EventDataStores: err = %v", err)
	}
}

func TestInRegion(t *testing.T) {
	f := cloudtrailtest.New()
	f.AddTrail(cloudtrail.Trail{Name: "eu", HomeRegion: "eu-west-1"})
	c := cloudtrail.New(f)
	if trails, err := c.Trails(context.Background()); err != nil || len(trails) != 0 {
		t.Errorf("default region saw %+v, %v", trails, err)
	}
	eu := c.InRegion("eu-west-1")
	if trails, err := eu.Trails(context.Background()); err != nil || len(trails) != 1 || trails[0].HomeRegion != "eu-west-1" {
		t.Errorf("InRegion: %+v, %v", trails, err)
	}
	if eu.Region() != "eu-west-1" || c.Region() != "" {
		t.Errorf("InRegion changed the original client")
	}
}
