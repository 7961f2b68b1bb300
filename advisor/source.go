package advisor

import (
	"context"
	"errors"
	"fmt"
)

// SourceAPI names one of the two Trusted Advisor APIs.
type SourceAPI string

// The two APIs.
const (
	// SourceTrustedAdvisorAPI is the TrustedAdvisor API (2022): global
	// recommendations, organisation view, lifecycle.
	SourceTrustedAdvisorAPI SourceAPI = "trustedadvisor"
	// SourceSupportAPI is the Trusted Advisor part of the AWS Support API:
	// checks and their results, us-east-1 only.
	SourceSupportAPI SourceAPI = "support"
)

// Source says which API answered a call and, when it was the Support API,
// why the TrustedAdvisor API was not used.
type Source struct {
	API SourceAPI `json:"api"`
	// Fallback says why the TrustedAdvisor API was passed over; empty when
	// it answered.
	Fallback string `json:"fallback,omitempty"`
	// Cause is the TrustedAdvisor API's error behind the fallback, nil when
	// there was none (no TrustedAdvisor API client was given).
	Cause error `json:"-"`
}

// Recommendations returns the results of the selected checks (the zero
// Selection: SecurityChecksForAIData), sorted by category (security first)
// and check id.
//
// It asks the TrustedAdvisor API first and, when that fails for any reason
// but the context ending (no endpoint, access denied by IAM, no support
// plan, an AWS fault), the Support API; Source says which answered and why.
// When both fail, the error joins both, so errors.Is matches either's class:
// aigov.ErrNotEnabled and ErrNoSupportPlan for an account without a
// qualifying plan.
//
// Every selected check is in the result: one that has no result, or that
// AWS refuses for the account's plan, is StatusNotAvailable with
// StatusReason, never left out. A flagged check carries its resources in
// warning or error.
//
// IAM: trustedadvisor:ListChecks, trustedadvisor:ListRecommendations,
// trustedadvisor:ListRecommendationResources; for the fallback
// support:DescribeTrustedAdvisorChecks,
// support:DescribeTrustedAdvisorCheckSummaries,
// support:DescribeTrustedAdvisorCheckResult.
func (c *Client) Recommendations(ctx context.Context, sel Selection) ([]Recommendation, Source, error) {
	if c.base.Err != nil {
		return nil, Source{}, c.base.Err
	}
	if err := sel.validate(); err != nil {
		return nil, Source{}, err
	}
	if c.ta == nil {
		src := Source{API: SourceSupportAPI, Fallback: "no TrustedAdvisor API client was given"}
		recs, err := c.supportRecommendations(ctx, sel)
		return recs, src, explain(err)
	}
	recs, err := c.taRecommendations(ctx, sel)
	if err == nil {
		return recs, Source{API: SourceTrustedAdvisorAPI}, nil
	}
	taErr := explain(err)
	if c.support == nil || ctx.Err() != nil {
		return nil, Source{API: SourceTrustedAdvisorAPI}, taErr
	}
	src := Source{API: SourceSupportAPI, Fallback: fmt.Sprintf("the TrustedAdvisor API failed: %v", taErr), Cause: taErr}
	recs, err = c.supportRecommendations(ctx, sel)
	if err != nil {
		return nil, src, errors.Join(taErr, explain(err))
	}
	return recs, src, nil
}
