package advisortest

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/aigov/aigov/advisor"
	"github.com/aigov/aigov/internal/fakeaws"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/support"
	"github.com/aws/aws-sdk-go-v2/service/support/types"
)

// Support is an in-memory AWS Support API, its Trusted Advisor operations.
// Its methods are safe for concurrent use.
//
// Error injection and the call log come from the embedded Core: Fail(op,
// err), FailN(op, n, err), PrependReactor(op, r), Calls(), CallCount(op),
// SetClock(now).
type Support struct {
	*fakeaws.Core
	s settings

	mu     sync.Mutex
	checks []*supportCheck
}

type supportCheck struct {
	rec advisor.Recommendation
	// refreshedAt is when the check was last refreshed; refreshing tells
	// whether a refresh is in flight.
	refreshedAt time.Time
	refreshing  bool
}

var _ advisor.SupportAPI = (*Support)(nil)

// NewSupport returns a Support API with no checks.
func NewSupport(opts ...Option) *Support {
	return &Support{Core: fakeaws.NewCore(support.ServiceID, fakeaws.JSONStatus), s: newSettings(opts)}
}

// AddCheck adds a check and its result. The check's name and category
// default to those of advisor.KnownChecks; Status defaults to the worst
// status of its resources; ResourcesFlagged and ResourcesSuppressed default
// to the count of its flagged and suppressed resources; LastUpdated, which
// is also when the check was last refreshed, to the fake's clock. Metadata
// keys must be Columns (or positions): the fake sends each resource's
// metadata as the Support API does, a list in column order with null for
// the columns the resource lacks, cut after the last value. A check added
// again replaces the earlier one. It panics on an invalid seed.
func (f *Support) AddCheck(r advisor.Recommendation) {
	now := f.Now().UTC()
	if r.CheckID == "" {
		panic("advisortest: Support.AddCheck: the check has no id")
	}
	r = normalize("Support.AddCheck", r, now)
	f.mu.Lock()
	defer f.mu.Unlock()
	c := &supportCheck{rec: r, refreshedAt: r.LastUpdated}
	if i := slices.IndexFunc(f.checks, func(c *supportCheck) bool { return c.rec.CheckID == r.CheckID }); i >= 0 {
		f.checks[i] = c
		return
	}
	f.checks = append(f.checks, c)
}

// handle is fakeaws.Handle with the call's region and the fake's lock, and
// the subscription check every operation makes first.
func supportHandle[Out any](ctx context.Context, f *Support, op string, optFns []func(*support.Options), in any, answer func(now time.Time) (*Out, error)) (*Out, error) {
	region := fakeaws.ApplyOptions(support.Options{Region: "us-east-1"}, optFns).Region
	now := f.Now().UTC()
	return fakeaws.Handle(ctx, f.Core, op, region, in, func() (*Out, error) {
		if f.s.noSubscription {
			return nil, SubscriptionRequired()
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		return answer(now)
	})
}

// check returns the check with id, or the error AWS answers for it.
func (f *Support) check(id string) (*supportCheck, error) {
	if f.s.gated[id] {
		return nil, PremiumPlanRequired(id)
	}
	for _, c := range f.checks {
		if c.rec.CheckID == id {
			return c, nil
		}
	}
	return nil, invalidParameter("Unknown ID: %s", id)
}

// DescribeTrustedAdvisorChecks implements advisor.SupportAPI.
func (f *Support) DescribeTrustedAdvisorChecks(ctx context.Context, in *support.DescribeTrustedAdvisorChecksInput, optFns ...func(*support.Options)) (*support.DescribeTrustedAdvisorChecksOutput, error) {
	return supportHandle(ctx, f, "DescribeTrustedAdvisorChecks", optFns, in, func(time.Time) (*support.DescribeTrustedAdvisorChecksOutput, error) {
		if aws.ToString(in.Language) == "" {
			return nil, invalidParameter("1 validation error detected: Value null at 'language' failed to satisfy constraint: Member must not be null")
		}
		out := &support.DescribeTrustedAdvisorChecksOutput{Checks: []types.TrustedAdvisorCheckDescription{}}
		for _, c := range f.checks {
			headers := make([]*string, len(c.rec.Columns))
			for i, col := range c.rec.Columns {
				headers[i] = aws.String(col)
			}
			out.Checks = append(out.Checks, types.TrustedAdvisorCheckDescription{
				Id:          aws.String(c.rec.CheckID),
				Name:        aws.String(c.rec.Name),
				Category:    aws.String(string(c.rec.Category)),
				Description: aws.String("Checks " + c.rec.Name + ".<br/><b>Alert Criteria</b><br/>…"),
				Metadata:    headers,
			})
		}
		return out, nil
	})
}

// DescribeTrustedAdvisorCheckSummaries implements advisor.SupportAPI. One
// check it cannot answer for fails the whole call, as in AWS.
func (f *Support) DescribeTrustedAdvisorCheckSummaries(ctx context.Context, in *support.DescribeTrustedAdvisorCheckSummariesInput, optFns ...func(*support.Options)) (*support.DescribeTrustedAdvisorCheckSummariesOutput, error) {
	return supportHandle(ctx, f, "DescribeTrustedAdvisorCheckSummaries", optFns, in, func(now time.Time) (*support.DescribeTrustedAdvisorCheckSummariesOutput, error) {
		out := &support.DescribeTrustedAdvisorCheckSummariesOutput{Summaries: []types.TrustedAdvisorCheckSummary{}}
		for _, id := range in.CheckIds {
			c, err := f.check(aws.ToString(id))
			if err != nil {
				return nil, err
			}
			r := c.rec
			out.Summaries = append(out.Summaries, types.TrustedAdvisorCheckSummary{
				CheckId:                 aws.String(r.CheckID),
				Status:                  aws.String(string(r.Status)),
				Timestamp:               aws.String(r.LastUpdated.Format(time.RFC3339)),
				HasFlaggedResources:     len(r.Resources) > 0,
				ResourcesSummary:        resourcesSummary(r),
				CategorySpecificSummary: &types.TrustedAdvisorCategorySpecificSummary{},
			})
		}
		return out, nil
	})
}

func resourcesSummary(r advisor.Recommendation) *types.TrustedAdvisorResourcesSummary {
	return &types.TrustedAdvisorResourcesSummary{
		ResourcesFlagged:    r.ResourcesFlagged,
		ResourcesProcessed:  r.ResourcesProcessed,
		ResourcesSuppressed: r.ResourcesSuppressed,
		ResourcesIgnored:    r.ResourcesIgnored,
	}
}

// DescribeTrustedAdvisorCheckResult implements advisor.SupportAPI.
func (f *Support) DescribeTrustedAdvisorCheckResult(ctx context.Context, in *support.DescribeTrustedAdvisorCheckResultInput, optFns ...func(*support.Options)) (*support.DescribeTrustedAdvisorCheckResultOutput, error) {
	return supportHandle(ctx, f, "DescribeTrustedAdvisorCheckResult", optFns, in, func(time.Time) (*support.DescribeTrustedAdvisorCheckResultOutput, error) {
		c, err := f.check(aws.ToString(in.CheckId))
		if err != nil {
			return nil, err
		}
		r := c.rec
		res := &types.TrustedAdvisorCheckResult{
			CheckId:                 aws.String(r.CheckID),
			Status:                  aws.String(string(r.Status)),
			Timestamp:               aws.String(r.LastUpdated.Format(time.RFC3339)),
			ResourcesSummary:        resourcesSummary(r),
			CategorySpecificSummary: &types.TrustedAdvisorCategorySpecificSummary{},
			FlaggedResources:        []types.TrustedAdvisorResourceDetail{},
		}
		for _, fr := range r.Resources {
			res.FlaggedResources = append(res.FlaggedResources, types.TrustedAdvisorResourceDetail{
				ResourceId:   aws.String(fr.ID),
				Region:       optional(fr.Region),
				Status:       aws.String(string(fr.Status)),
				IsSuppressed: fr.Suppressed,
				Metadata:     positional(r.Columns, fr.Metadata),
			})
		}
		return &support.DescribeTrustedAdvisorCheckResultOutput{Result: res}, nil
	})
}

// positional lays metadata out as the Support API does: a value per column
// in column order, null where the resource has none, cut after the last
// value.
func positional(columns []string, metadata map[string]string) []*string {
	var row []*string
	for k, v := range metadata {
		i := column(columns, k)
		for len(row) <= i {
			row = append(row, nil)
		}
		row[i] = aws.String(v)
	}
	return row
}

// DescribeTrustedAdvisorCheckRefreshStatuses implements advisor.SupportAPI.
// A check advisor.KnownChecks marks AutoRefreshed answers
// InvalidParameterValueException, as AWS does for those.
func (f *Support) DescribeTrustedAdvisorCheckRefreshStatuses(ctx context.Context, in *support.DescribeTrustedAdvisorCheckRefreshStatusesInput, optFns ...func(*support.Options)) (*support.DescribeTrustedAdvisorCheckRefreshStatusesOutput, error) {
	return supportHandle(ctx, f, "DescribeTrustedAdvisorCheckRefreshStatuses", optFns, in, func(now time.Time) (*support.DescribeTrustedAdvisorCheckRefreshStatusesOutput, error) {
		out := &support.DescribeTrustedAdvisorCheckRefreshStatusesOutput{Statuses: []types.TrustedAdvisorCheckRefreshStatus{}}
		for _, id := range in.CheckIds {
			c, err := f.refreshable(aws.ToString(id))
			if err != nil {
				return nil, err
			}
			// The fake's refreshes finish at once: one in flight is done by
			// the time anyone asks.
			state := "none"
			if c.refreshing {
				state = "success"
			}
			out.Statuses = append(out.Statuses, f.refreshStatus(c, state, now))
		}
		return out, nil
	})
}

// RefreshTrustedAdvisorCheck implements advisor.SupportAPI. Before the
// refresh interval has passed it answers the current status, with the wait,
// and refreshes nothing; after, it stamps the check's result with the time.
func (f *Support) RefreshTrustedAdvisorCheck(ctx context.Context, in *support.RefreshTrustedAdvisorCheckInput, optFns ...func(*support.Options)) (*support.RefreshTrustedAdvisorCheckOutput, error) {
	return supportHandle(ctx, f, "RefreshTrustedAdvisorCheck", optFns, in, func(now time.Time) (*support.RefreshTrustedAdvisorCheckOutput, error) {
		c, err := f.refreshable(aws.ToString(in.CheckId))
		if err != nil {
			return nil, err
		}
		if now.Before(c.refreshedAt.Add(f.s.refreshInterval)) {
			st := f.refreshStatus(c, "none", now)
			return &support.RefreshTrustedAdvisorCheckOutput{Status: &st}, nil
		}
		c.refreshedAt, c.refreshing = now, true
		c.rec.LastUpdated = now
		st := f.refreshStatus(c, "enqueued", now)
		return &support.RefreshTrustedAdvisorCheckOutput{Status: &st}, nil
	})
}

func (f *Support) refreshable(id string) (*supportCheck, error) {
	c, err := f.check(id)
	if err != nil {
		return nil, err
	}
	if ck, ok := advisor.LookupCheck(id); ok && ck.AutoRefreshed {
		return nil, invalidParameter("The check %s is refreshed automatically and cannot be refreshed on request", id)
	}
	return c, nil
}

func (f *Support) refreshStatus(c *supportCheck, state string, now time.Time) types.TrustedAdvisorCheckRefreshStatus {
	wait := max(c.refreshedAt.Add(f.s.refreshInterval).Sub(now), 0)
	return types.TrustedAdvisorCheckRefreshStatus{
		CheckId:                    aws.String(c.rec.CheckID),
		Status:                     aws.String(state),
		MillisUntilNextRefreshable: wait.Milliseconds(),
	}
}

// RefreshedAt returns when a check was last refreshed, and whether the fake
// has it: how a test sees that RefreshCheck did (or did not) refresh.
func (f *Support) RefreshedAt(checkID string) (time.Time, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.checks {
		if c.rec.CheckID == checkID {
			return c.refreshedAt, true
		}
	}
	return time.Time{}, false
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}
