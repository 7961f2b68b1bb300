package advisor_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/advisor"
	"github.com/aigov/aigov/advisor/advisortest"
	"github.com/aws/smithy-go"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestRefreshCheckRespectsTheInterval(t *testing.T) {
	clk := &fakeClock{now: t0}
	_, sup := seed(t)
	sup.SetClock(clk.Now)
	c := advisor.New(nil, sup, advisor.WithClock(clk.Now))

	clk.Advance(2 * time.Minute)
	st, err := c.RefreshCheck(context.Background(), advisor.CheckIAMUse)
	var refused *advisor.RefreshRefusedError
	if !errors.Is(err, advisor.ErrNotRefreshable) || !errors.As(err, &refused) || refused.Wait != 3*time.Minute || refused.AutoRefreshed {
		t.Fatalf("too soon: err = %v", err)
	}
	if err.Error() != "advisor: check zXCkfM1nI3 cannot be refreshed for another 3m0s" {
		t.Errorf("message = %q", err)
	}
	if st.State != advisor.RefreshNone || st.Wait() != 3*time.Minute || !st.RefreshableAt.Equal(t0.Add(5*time.Minute)) {
		t.Errorf("status = %+v", st)
	}
	if n := sup.CallCount("RefreshTrustedAdvisorCheck"); n != 0 {
		t.Fatalf("refreshed a check AWS said to wait for (%d calls)", n)
	}

	clk.Advance(4 * time.Minute)
	st, err = c.RefreshCheck(context.Background(), advisor.CheckIAMUse)
	if err != nil || st.State != advisor.RefreshEnqueued || st.Wait() != 5*time.Minute || st.CheckID != advisor.CheckIAMUse {
		t.Fatalf("refresh: %+v, %v", st, err)
	}
	if at, _ := sup.RefreshedAt(advisor.CheckIAMUse); !at.Equal(t0.Add(6 * time.Minute)) {
		t.Errorf("the fake was refreshed at %v", at)
	}
	recs, _, err := c.Recommendations(context.Background(), advisor.CheckIDs(advisor.CheckIAMUse))
	if err != nil || !recs[0].LastUpdated.Equal(t0.Add(6*time.Minute)) {
		t.Errorf("the refreshed result: %+v, %v", recs, err)
	}
}

func TestRefreshCheckRefusesAutoRefreshedChecks(t *testing.T) {
	_, sup := seed(t)
	c := advisor.New(nil, sup)
	_, err := c.RefreshCheck(context.Background(), advisor.CheckExposedAccessKeys)
	var refused *advisor.RefreshRefusedError
	if !errors.As(err, &refused) || !refused.AutoRefreshed || refused.Wait != 0 || refused.Reason != "" {
		t.Fatalf("err = %v", err)
	}
	if sup.CallCount("*") != 0 {
		t.Error("asked AWS about a check known to be auto-refreshed")
	}

	// A check AWS refuses that this package does not know as auto-refreshed.
	sup.Fail("DescribeTrustedAdvisorCheckRefreshStatuses", &smithy.GenericAPIError{Code: "InvalidParameterValueException", Message: "Check is auto-refreshed"})
	_, err = c.RefreshCheck(context.Background(), advisor.CheckIAMUse)
	if !errors.As(err, &refused) || !refused.AutoRefreshed || refused.Reason != "Check is auto-refreshed" || !errors.Is(err, advisor.ErrNotRefreshable) {
		t.Errorf("err = %v", err)
	}
}

func TestRefreshCheckErrors(t *testing.T) {
	ta, sup := seed(t, advisortest.WithPlanGatedChecks(advisor.CheckCloudTrailLogging))
	_, err := advisor.New(nil, sup).RefreshCheck(context.Background(), advisor.CheckCloudTrailLogging)
	if !errors.Is(err, advisor.ErrNoSupportPlan) || errors.Is(err, advisor.ErrNotRefreshable) {
		t.Errorf("plan-gated: %v", err)
	}
	if _, err := advisor.New(ta, nil).RefreshCheck(context.Background(), advisor.CheckIAMUse); err == nil || !strings.Contains(err.Error(), "needs the Support API") {
		t.Errorf("no Support API: %v", err)
	}
	if _, err := advisor.New(nil, sup).RefreshCheck(context.Background(), ""); err == nil {
		t.Error("an empty check id was accepted")
	}
	_, sup = seed(t, advisortest.WithoutSubscription())
	_, err = advisor.New(nil, sup).RefreshCheck(context.Background(), advisor.CheckIAMUse)
	if !errors.Is(err, aigov.ErrNotEnabled) || !errors.Is(err, advisor.ErrNoSupportPlan) {
		t.Errorf("no subscription: %v", err)
	}
}

func TestUpdateLifecycle(t *testing.T) {
	ta, _ := seed(t)
	r := advisortest.OpenBucketCheck("training-data")
	r.Type = "priority"
	arn := ta.AddRecommendation(r)
	c := advisor.New(ta, nil)
	if err := c.UpdateLifecycle(context.Background(), arn, advisor.LifecycleResolved, "Bucket policy fixed in change 42"); err != nil {
		t.Fatal(err)
	}
	if got, _ := ta.Recommendation(arn); got.LifecycleStage != advisor.LifecycleResolved {
		t.Errorf("stage = %q", got.LifecycleStage)
	}
	recs, _, _ := c.Recommendations(context.Background(), advisor.CheckIDs(advisor.CheckS3BucketPermissions))
	for _, r := range recs {
		if r.ARN == arn && r.LifecycleStage != advisor.LifecycleResolved {
			t.Errorf("read back stage %q", r.LifecycleStage)
		}
	}

	// AWS updates only prioritized recommendations.
	recs, _, _ = c.Recommendations(context.Background(), advisor.CheckIDs(advisor.CheckIAMUse))
	err := c.UpdateLifecycle(context.Background(), recs[0].ARN, advisor.LifecycleDismissed, "")
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "ValidationException" || aigov.Kind(err) != nil {
		t.Errorf("standard recommendation: %v", err)
	}
}

func TestUpdateLifecycleChecksItsArguments(t *testing.T) {
	ta, _ := seed(t)
	c := advisor.New(ta, nil)
	good := "arn:aws:trustedadvisor::123456789012:recommendation/55fa4d2e-bbb7-491a-833b-5773e9589578"
	for name, call := range map[string]func() error{
		"stage":        func() error { return c.UpdateLifecycle(context.Background(), good, "fixed", "") },
		"short reason": func() error { return c.UpdateLifecycle(context.Background(), good, advisor.LifecycleResolved, "done") },
		"check ARN": func() error {
			return c.UpdateLifecycle(context.Background(), advisor.CheckARN(advisor.CheckIAMUse), advisor.LifecycleResolved, "")
		},
		"resource ARN": func() error {
			return c.UpdateLifecycle(context.Background(), "arn:aws:trustedadvisor::123456789012:recommendation-resource/a/b", advisor.LifecycleResolved, "")
		},
		"not an ARN": func() error {
			return c.UpdateLifecycle(context.Background(), "55fa4d2e", advisor.LifecycleResolved, "")
		},
		"no TA API": func() error {
			return advisor.New(nil, advisortest.NewSupport()).UpdateLifecycle(context.Background(), good, advisor.LifecycleResolved, "")
		},
		"other service": func() error {
			return c.UpdateLifecycle(context.Background(), "arn:aws:s3:::training-data", advisor.LifecycleResolved, "")
		},
	} {
		if err := call(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if ta.CallCount("*") != 0 {
		t.Error("bad arguments reached AWS")
	}
	err := c.UpdateLifecycle(context.Background(), good, advisor.LifecycleResolved, "")
	if !errors.Is(err, aigov.ErrNotFound) {
		t.Errorf("unknown recommendation: %v", err)
	}
}
