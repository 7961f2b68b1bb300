package governance

import (
	"context"
	"fmt"
	"slices"

	"github.com/aigov/aigov/advisor"
	"github.com/aigov/aigov/internal/pager"
)

// WithInspectorAdministrator reads Amazon Inspector for every account
// through the Inspector client of the given account, the organisation's
// delegated administrator for Inspector: account status, coverage and
// findings of each member are read from there, filtered by account, instead
// of in each account.
func WithInspectorAdministrator(account string) Option {
	return func(st *settings) error {
		if !isAccountID(account) {
			return fmt.Errorf("governance: WithInspectorAdministrator(%q): an account id is 12 digits", account)
		}
		st.inspectorAdmin = account
		return nil
	}
}

// WithAdvisorOrganization reads Trusted Advisor for the accounts that have
// no Advisor client of their own through the organisation view of the
// given account (the management account or Trusted Advisor's delegated
// administrator), where Trusted Advisor Priority is enabled. The
// organisation view holds prioritized recommendations only: a check it does
// not list is UNKNOWN for the account, never PASS.
func WithAdvisorOrganization(account string) Option {
	return func(st *settings) error {
		if !isAccountID(account) {
			return fmt.Errorf("governance: WithAdvisorOrganization(%q): an account id is 12 digits", account)
		}
		st.advisorOrg = account
		return nil
	}
}

// organizationAdvisorTask reads the organisation view once and splits it
// into the states of the accounts without their own Advisor client.
func (e *Evaluator) organizationAdvisorTask(accounts []string, checks []string) task {
	c := e.sources[e.advisorOrg].Advisor
	return task{source: SourceAdvisor, loc: Location{Account: e.advisorOrg}, run: func(ctx context.Context) (func(*Snapshot), []SourceOutcome) {
		now := e.now().UTC()
		recs, err := pager.Collect(c.OrganizationRecommendations(ctx, advisor.CheckIDs(checks...)))
		var states []AdvisorState
		var outs []SourceOutcome
		for _, account := range accounts {
			st := AdvisorState{Account: account, CollectedAt: now, API: advisor.Source{API: advisor.SourceTrustedAdvisorAPI}}
			var mine []advisor.Recommendation
			for _, r := range recs {
				if r.Account == account {
					mine = append(mine, r)
				}
			}
			for _, id := range checks {
				if !slices.ContainsFunc(mine, func(r advisor.Recommendation) bool { return r.CheckID == id }) {
					mine = append(mine, advisor.Recommendation{CheckID: id, Status: advisor.StatusNotAvailable, Account: account,
						StatusReason: "not in the organisation view of " + e.advisorOrg + ", which lists Trusted Advisor Priority's prioritized recommendations only"})
				}
			}
			st.Recommendations = part(mine, "trustedadvisor:ListOrganizationRecommendations", err)
			var errs []error
			if err != nil {
				errs = append(errs, err)
			}
			states = append(states, st)
			outs = append(outs, summarize(SourceAdvisor, Location{Account: account}, now, 1, errs))
		}
		return func(s *Snapshot) { s.Advisor = append(s.Advisor, states...) }, outs
	}}
}
