package advisor

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/support"
	"github.com/aws/aws-sdk-go-v2/service/support/types"
)

// RefreshState is where a check's refresh stands.
type RefreshState string

// The refresh states of the Support API.
const (
	// RefreshNone: no refresh requested, or the last one timed out.
	RefreshNone       RefreshState = "none"
	RefreshEnqueued   RefreshState = "enqueued"
	RefreshProcessing RefreshState = "processing"
	RefreshSuccess    RefreshState = "success"
	// RefreshAbandoned: the refresh failed.
	RefreshAbandoned RefreshState = "abandoned"
)

// RefreshStatus is the refresh status of a check.
type RefreshStatus struct {
	CheckID string       `json:"checkId"`
	State   RefreshState `json:"state"`
	// MillisUntilRefreshable is how long, in milliseconds, AWS says the
	// check cannot be refreshed again.
	MillisUntilRefreshable int64 `json:"millisUntilRefreshable"`
	// RefreshableAt is when it can, by the Client's clock.
	RefreshableAt time.Time `json:"refreshableAt,omitzero"`
}

// Wait is how long until the check can be refreshed.
func (s RefreshStatus) Wait() time.Duration {
	return time.Duration(s.MillisUntilRefreshable) * time.Millisecond
}

// ErrNotRefreshable is matched by the error RefreshCheck returns when it
// refuses to ask AWS for a refresh; errors.As gives the
// *RefreshRefusedError with the details.
var ErrNotRefreshable = errors.New("advisor: the check cannot be refreshed now")

// RefreshRefusedError says why RefreshCheck did not refresh a check.
type RefreshRefusedError struct {
	CheckID string
	// Wait is how long until AWS accepts a refresh of the check; zero for a
	// check that is never refreshed on request.
	Wait time.Duration
	// AutoRefreshed is true for a check AWS refreshes by itself (Exposed
	// Access Keys): a refresh request is refused with InvalidParameterValue.
	AutoRefreshed bool
	// Reason is AWS's message when AWS refused (InvalidParameterValue,
	// which it also answers for an unknown id); empty when RefreshCheck knew
	// without asking.
	Reason string
}

func (e *RefreshRefusedError) Error() string {
	switch {
	case e.Reason != "":
		return fmt.Sprintf("advisor: AWS refuses to refresh check %s on request (it does so for checks it refreshes automatically and for unknown ids): %s", e.CheckID, e.Reason)
	case e.AutoRefreshed:
		return fmt.Sprintf("advisor: check %s is refreshed automatically and cannot be refreshed on request", e.CheckID)
	}
	return fmt.Sprintf("advisor: check %s cannot be refreshed for another %s", e.CheckID, e.Wait)
}

func (e *RefreshRefusedError) Unwrap() error { return ErrNotRefreshable }

// RefreshCheck asks Trusted Advisor to refresh a check now. It is a write:
// it queues work in AWS, and it is never called implicitly.
//
// It first reads the check's refresh status and refuses, without asking for
// a refresh, when AWS reports a wait before the next one
// (millisUntilNextRefreshable): the error is a *RefreshRefusedError matching
// ErrNotRefreshable with the wait, and the status is returned with it. A
// check AWS refreshes by itself (Check.AutoRefreshed, or one AWS answers
// InvalidParameterValue for) is refused the same way, with AutoRefreshed
// set.
//
// Only the Support API refreshes checks; RefreshCheck fails when the Client
// has no Support API client.
//
// IAM: support:DescribeTrustedAdvisorCheckRefreshStatuses; write:
// support:RefreshTrustedAdvisorCheck.
func (c *Client) RefreshCheck(ctx context.Context, checkID string) (RefreshStatus, error) {
	if c.base.Err != nil {
		return RefreshStatus{}, c.base.Err
	}
	if strings.TrimSpace(checkID) == "" {
		return RefreshStatus{}, fmt.Errorf("advisor: RefreshCheck: no check id")
	}
	if c.support == nil {
		return RefreshStatus{}, fmt.Errorf("advisor: RefreshCheck: refreshing a check needs the Support API, and the Client has none")
	}
	if ck, ok := LookupCheck(checkID); ok && ck.AutoRefreshed {
		return RefreshStatus{CheckID: checkID}, &RefreshRefusedError{CheckID: checkID, AutoRefreshed: true}
	}
	statuses, err := clientkit.Do(ctx, c.supportBase(), "DescribeTrustedAdvisorCheckRefreshStatuses", func(ctx context.Context) (*support.DescribeTrustedAdvisorCheckRefreshStatusesOutput, error) {
		return c.support.DescribeTrustedAdvisorCheckRefreshStatuses(ctx, &support.DescribeTrustedAdvisorCheckRefreshStatusesInput{CheckIds: aws.StringSlice([]string{checkID})}, c.supportOptFns()...)
	})
	if refused := c.refusedRefresh(checkID, err); refused != nil {
		return RefreshStatus{CheckID: checkID}, refused
	}
	if err != nil {
		return RefreshStatus{}, explain(err)
	}
	var current RefreshStatus
	for _, s := range statuses.Statuses {
		if aws.ToString(s.CheckId) == checkID {
			current = c.refreshStatus(s)
		}
	}
	if current.CheckID == "" {
		return RefreshStatus{}, fmt.Errorf("advisor: RefreshCheck: AWS returned no refresh status for check %s", checkID)
	}
	if current.MillisUntilRefreshable > 0 {
		return current, &RefreshRefusedError{CheckID: checkID, Wait: current.Wait()}
	}
	out, err := clientkit.Do(ctx, c.supportBase(), "RefreshTrustedAdvisorCheck", func(ctx context.Context) (*support.RefreshTrustedAdvisorCheckOutput, error) {
		return c.support.RefreshTrustedAdvisorCheck(ctx, &support.RefreshTrustedAdvisorCheckInput{CheckId: aws.String(checkID)}, c.supportOptFns()...)
	})
	if refused := c.refusedRefresh(checkID, err); refused != nil {
		return current, refused
	}
	if err != nil {
		return current, explain(err)
	}
	if out.Status == nil {
		return current, fmt.Errorf("advisor: RefreshCheck: AWS returned no status for the refresh of check %s", checkID)
	}
	return c.refreshStatus(*out.Status), nil
}

// refusedRefresh turns the InvalidParameterValueException AWS answers for a
// check that is not refreshed on request into a *RefreshRefusedError. A
// check the plan does not include stays an error matching ErrNoSupportPlan.
func (c *Client) refusedRefresh(checkID string, err error) error {
	var e *aigov.Error
	if _, ok := refusedCheck(err); !ok || !errors.As(err, &e) || errors.Is(explain(err), ErrNoSupportPlan) {
		return nil
	}
	return &RefreshRefusedError{CheckID: checkID, AutoRefreshed: true, Reason: e.Message}
}

func (c *Client) refreshStatus(s types.TrustedAdvisorCheckRefreshStatus) RefreshStatus {
	st := RefreshStatus{
		CheckID:                aws.ToString(s.CheckId),
		State:                  RefreshState(aws.ToString(s.Status)),
		MillisUntilRefreshable: max(s.MillisUntilNextRefreshable, 0),
	}
	st.RefreshableAt = c.base.Now().UTC().Add(st.Wait())
	return st
}
