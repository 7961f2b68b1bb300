package governance

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/aigov/aigov/config"
	"github.com/aigov/aigov/internal/pager"
)

// inventoryTypes are what the config collector asks the inventory for: the
// AI resource types and the S3 buckets that may hold training data.
var inventoryTypes = append(slices.Clone(config.AIResourceTypes), "AWS::S3::Bucket")

// collectConfig reads AWS Config in one account and region.
func collectConfig(ctx context.Context, client *config.Client, loc Location, identifiers []string, now func() time.Time) (func(*Snapshot), []SourceOutcome) {
	c := client.InRegion(loc.Region)
	st := ConfigState{Location: loc, CollectedAt: now().UTC()}
	var errs []error
	note := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}

	statuses, err := c.Recording(ctx)
	var rec config.RecorderStatus
	if len(statuses) > 0 {
		rec = statuses[0]
	}
	rec.Account = loc.Account
	st.Recorder = part(rec, "config:DescribeConfigurationRecorderStatus", err)
	note(err)

	rules, err := pager.Collect(c.Rules(ctx))
	st.Rules = part(rules, "config:DescribeConfigRules", err)
	note(err)

	comp, err := pager.Collect(c.RuleCompliance(ctx))
	st.Compliance = part(comp, "config:DescribeComplianceByConfigRule", err)
	note(err)

	st.Evaluations = map[string]Part[[]config.Evaluation]{}
	for _, r := range rules {
		if !slices.Contains(identifiers, r.SourceIdentifier) {
			continue
		}
		evs, err := pager.Collect(c.Evaluations(ctx, config.EvaluationQuery{Rule: r.Name, Compliance: []config.Compliance{config.Compliant, config.NonCompliant}}))
		st.Evaluations[r.Name] = part(evs, "config:GetComplianceDetailsByConfigRule", err)
		note(err)
	}

	res, err := pager.Collect(c.Resources(ctx, inventoryTypes...))
	st.Resources = part(res, "config:SelectResourceConfig", err)
	note(err)

	out := summarize(SourceConfig, loc, st.CollectedAt, 4+len(st.Evaluations), errs)
	return func(s *Snapshot) { s.Config = append(s.Config, st) }, []SourceOutcome{out}
}

// configAggregatorTask reads AWS Config for every account and region of the
// scope through the aggregator, and splits what it reads by location.
func (e *Evaluator) configAggregatorTask(identifiers []string) task {
	agg := e.aggregator
	loc := Location{Account: agg.account}
	client := e.sources[agg.account].Config
	return task{source: SourceConfig, loc: loc, run: func(ctx context.Context) (func(*Snapshot), []SourceOutcome) {
		at := e.now().UTC()
		c := client.ThroughAggregator(agg.name)
		states := map[Location]*ConfigState{}
		for _, account := range e.accounts {
			for _, region := range e.regions {
				l := Location{Account: account, Region: region}
				states[l] = &ConfigState{Location: l, CollectedAt: at}
			}
		}
		var errs []error
		fail := func(op string, err error, set func(st *ConfigState, op string, err error)) {
			errs = append(errs, err)
			for _, st := range states {
				set(st, op, err)
			}
		}

		sources, err := pager.Collect(c.AggregatorSources(ctx))
		if err != nil {
			fail("config:DescribeConfigurationAggregatorSourcesStatus", err, func(st *ConfigState, op string, err error) {
				st.Recorder = failed(config.RecorderStatus{}, op, err)
			})
		} else {
			for _, st := range states {
				st.Recorder = got(config.RecorderStatus{Account: st.Account, Region: st.Region}, "config:DescribeConfigurationAggregatorSourcesStatus")
			}
			for _, src := range sources {
				if st := states[Location{Account: src.SourceID, Region: src.Region}]; st != nil {
					s := src
					st.AggregatorSource = &s
				}
			}
		}

		comp, err := pager.Collect(c.RuleCompliance(ctx))
		if err != nil {
			fail("config:DescribeAggregateComplianceByConfigRules", err, func(st *ConfigState, op string, err error) {
				st.Rules = failed[[]config.Rule](nil, op, err)
				st.Compliance = failed[[]config.RuleCompliance](nil, op, err)
			})
		} else {
			byLoc := map[Location][]config.RuleCompliance{}
			for _, rc := range comp {
				l := Location{Account: rc.Account, Region: rc.Region}
				byLoc[l] = append(byLoc[l], rc)
			}
			for l, st := range states {
				var rules []config.Rule
				for _, rc := range byLoc[l] {
					id, _ := config.IdentifierForRuleName(rc.Rule)
					rules = append(rules, config.Rule{Name: rc.Rule, Owner: config.OwnerAWS, SourceIdentifier: id, State: "ACTIVE", Account: l.Account, Region: l.Region})
				}
				st.Rules = got(rules, "config:DescribeAggregateComplianceByConfigRules")
				st.Compliance = got(byLoc[l], "config:DescribeAggregateComplianceByConfigRules")
				st.Evaluations = map[string]Part[[]config.Evaluation]{}
				for _, r := range rules {
					if !slices.Contains(identifiers, r.SourceIdentifier) {
						continue
					}
					var evs []config.Evaluation
					var evErr error
					for _, comp := range []config.Compliance{config.Compliant, config.NonCompliant} {
						got, err := pager.Collect(c.Evaluations(ctx, config.EvaluationQuery{Rule: r.Name, Account: l.Account, Region: l.Region, Compliance: []config.Compliance{comp}}))
						evs = append(evs, got...)
						evErr = errors.Join(evErr, err)
					}
					st.Evaluations[r.Name] = part(evs, "config:GetAggregateComplianceDetailsByConfigRule", evErr)
					if evErr != nil {
						errs = append(errs, evErr)
					}
				}
			}
		}

		res, err := pager.Collect(c.Resources(ctx, inventoryTypes...))
		if err != nil {
			fail("config:SelectAggregateResourceConfig", err, func(st *ConfigState, op string, err error) {
				st.Resources = failed[[]config.Resource](nil, op, err)
			})
		} else {
			byLoc := map[Location][]config.Resource{}
			for _, r := range res {
				l := Location{Account: r.Account, Region: r.Region}
				byLoc[l] = append(byLoc[l], r)
			}
			for l, st := range states {
				st.Resources = got(byLoc[l], "config:SelectAggregateResourceConfig")
			}
		}

		out := summarize(SourceConfig, loc, at, 3, errs)
		return func(s *Snapshot) {
			for _, account := range e.accounts {
				for _, region := range e.regions {
					s.Config = append(s.Config, *states[Location{Account: account, Region: region}])
				}
			}
		}, []SourceOutcome{out}
	}}
}
