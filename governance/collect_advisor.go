package governance

import (
	"context"
	"time"

	"github.com/aigov/aigov/advisor"
)

// collectAdvisor reads the Trusted Advisor checks the controls need for one
// account. An account without a qualifying support plan is a not_enabled
// outcome.
func collectAdvisor(ctx context.Context, c *advisor.Client, account string, checks []string, now time.Time) (func(*Snapshot), []SourceOutcome) {
	st := AdvisorState{Account: account, CollectedAt: now}
	recs, src, err := c.Recommendations(ctx, advisor.CheckIDs(checks...))
	st.API = src
	op := "trustedadvisor:ListRecommendations"
	if src.API == advisor.SourceSupportAPI {
		op = "support:DescribeTrustedAdvisorCheckResult"
	}
	st.Recommendations = part(recs, op, err)
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	out := summarize(SourceAdvisor, Location{Account: account}, now, 1, errs)
	return func(s *Snapshot) { s.Advisor = append(s.Advisor, st) }, []SourceOutcome{out}
}
