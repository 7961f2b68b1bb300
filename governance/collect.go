package governance

import (
	"context"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// Progress reports one finished collection task.
type Progress struct {
	Source  Source
	Account string
	// Region is empty for the global services.
	Region string
	// Outcome is how the task went.
	Outcome Outcome
	// Done and Total count the tasks of this collection. Total grows once,
	// when the second phase (the Inspector lookups of the images that
	// models serve) adds its tasks.
	Done, Total int
}

// task collects one source in one location. It returns what to add to the
// snapshot and the outcomes to record; it never fails the collection.
type task struct {
	source Source
	loc    Location
	run    func(ctx context.Context) (apply func(*Snapshot), outcomes []SourceOutcome)
}

// Collect gathers a snapshot from every source, account and region
// concurrently (WithConcurrency bounds how many tasks run at once). A
// source that fails is recorded in the snapshot's outcomes and never stops
// the others. When ctx ends, Collect stops promptly and returns ctx's error.
func (e *Evaluator) Collect(ctx context.Context) (*Snapshot, error) {
	e, err := e.resolve(ctx)
	if err != nil {
		return nil, err
	}
	start := e.now().UTC()
	snap := &Snapshot{
		SchemaVersion: SnapshotSchemaVersion,
		CollectedAt:   start,
		Scope:         Scope{Accounts: slices.Clone(e.accounts), Regions: slices.Clone(e.regions), Aggregator: e.aggregator.name},
		Policy:        e.policy.withDefaults(),
		Sources:       []SourceOutcome{},
	}
	r := runner{e: e}
	// Phase one reads every source; phase two joins across them (the
	// findings of the images that the inventory's models serve).
	if err := r.run(ctx, snap, e.plan(snap.Policy)); err != nil {
		return nil, err
	}
	if err := r.run(ctx, snap, e.joins(snap)); err != nil {
		return nil, err
	}
	snap.Sources = sortOutcomes(snap.Sources)
	return snap, nil
}

// runner runs the tasks of a collection and counts them for progress.
type runner struct {
	e           *Evaluator
	mu          sync.Mutex
	done, total int
}

// run runs tasks concurrently, then adds their results to snap in task
// order, whatever order they finished in.
func (r *runner) run(ctx context.Context, snap *Snapshot, tasks []task) error {
	type result struct {
		apply    func(*Snapshot)
		outcomes []SourceOutcome
	}
	results := make([]result, len(tasks))
	r.total += len(tasks)
	var g errgroup.Group
	g.SetLimit(r.e.concurrency)
	for i, t := range tasks {
		if ctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if ctx.Err() != nil {
				return nil
			}
			apply, outcomes := t.run(ctx)
			results[i] = result{apply, outcomes}
			r.report(t, outcomes)
			return nil
		})
	}
	_ = g.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, res := range results {
		if res.apply != nil {
			res.apply(snap)
		}
		snap.Sources = append(snap.Sources, res.outcomes...)
	}
	return nil
}

func (r *runner) report(t task, outcomes []SourceOutcome) {
	for _, o := range outcomes {
		r.e.logger.Debug("collected", "source", string(o.Source), "account", o.Account, "region", o.Region, "outcome", string(o.Status), "error", o.Error)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done++
	if r.e.progress == nil {
		return
	}
	out := OutcomeOK
	for _, o := range outcomes {
		out = worseOutcome(out, o.Status)
	}
	r.e.progress(Progress{Source: t.source, Account: t.loc.Account, Region: t.loc.Region, Outcome: out, Done: r.done, Total: r.total})
}

// joins lists the tasks of the second phase.
func (e *Evaluator) joins(snap *Snapshot) []task {
	var tasks []task
	if !e.reads(SourceInspector) || !e.selected("AIML-VUL-03") {
		return nil
	}
	for _, account := range e.accounts {
		src := e.sources[account]
		if e.inspectorAdmin != "" {
			src = e.sources[e.inspectorAdmin]
		}
		if images := modelImages(snap, account); len(images) > 0 && src.Inspector != nil {
			tasks = append(tasks, e.modelImagesTask(account, src.Inspector, images, snap.Policy))
		}
	}
	return tasks
}

// selected reports whether the control with the id is evaluated.
func (e *Evaluator) selected(id string) bool {
	return slices.ContainsFunc(e.catalog, func(c Control) bool { return c.ID == id })
}

// worseOutcome returns the outcome a progress line shows for a task with
// several outcomes.
func worseOutcome(a, b Outcome) Outcome {
	if a == OutcomeOK {
		return b
	}
	return a
}

// plan lists the tasks of a collection, in a fixed order.
func (e *Evaluator) plan(p Policy) []task {
	var tasks []task
	rules := e.configRules()
	if e.aggregator.name != "" && e.reads(SourceConfig) {
		tasks = append(tasks, e.configAggregatorTask(rules))
	}
	checks := e.advisorChecks()
	window := time.Duration(p.ReviewWindow)
	for _, account := range e.accounts {
		src := e.sources[account]
		global := Location{Account: account}
		for _, region := range e.regions {
			loc := Location{Account: account, Region: region}
			if e.aggregator.name == "" && e.reads(SourceConfig) {
				tasks = append(tasks, e.sourceTask(SourceConfig, loc, src, func(ctx context.Context) (func(*Snapshot), []SourceOutcome) {
					return collectConfig(ctx, src.Config, loc, rules, e.now)
				}))
			}
			if e.reads(SourceInspector) {
				insp := src
				if e.inspectorAdmin != "" {
					insp = e.sources[e.inspectorAdmin]
				}
				tasks = append(tasks, e.sourceTask(SourceInspector, loc, insp, func(ctx context.Context) (func(*Snapshot), []SourceOutcome) {
					return collectInspector(ctx, insp.Inspector, loc, p, e.now().UTC())
				}))
			}
			if e.reads(SourceCloudTrail) {
				tasks = append(tasks, e.sourceTask(SourceCloudTrail, loc, src, func(ctx context.Context) (func(*Snapshot), []SourceOutcome) {
					return collectCloudTrail(ctx, src.CloudTrail, loc, p, e.lake.store == "", e.now().UTC())
				}))
			}
			if e.reads(SourceAuditManager) {
				tasks = append(tasks, e.sourceTask(SourceAuditManager, loc, src, func(ctx context.Context) (func(*Snapshot), []SourceOutcome) {
					return collectAuditManager(ctx, src.AuditManager, loc, window, e.now().UTC())
				}))
			}
		}
		if e.reads(SourceArtifact) {
			tasks = append(tasks, e.sourceTask(SourceArtifact, global, src, func(ctx context.Context) (func(*Snapshot), []SourceOutcome) {
				return collectArtifact(ctx, src.Artifact, account, e.now().UTC())
			}))
		}
		if e.reads(SourceAdvisor) && len(checks) > 0 && (src.Advisor != nil || e.advisorOrg == "") {
			tasks = append(tasks, e.sourceTask(SourceAdvisor, global, src, func(ctx context.Context) (func(*Snapshot), []SourceOutcome) {
				return collectAdvisor(ctx, src.Advisor, account, checks, e.now().UTC())
			}))
		}
	}
	if e.lake.store != "" && e.reads(SourceCloudTrail) {
		tasks = append(tasks, e.lakeTask(p))
	}
	if e.advisorOrg != "" && e.reads(SourceAdvisor) && len(checks) > 0 {
		var members []string
		for _, account := range e.accounts {
			if e.sources[account].Advisor == nil {
				members = append(members, account)
			}
		}
		if len(members) > 0 {
			tasks = append(tasks, e.organizationAdvisorTask(members, checks))
		}
	}
	return tasks
}

// sourceTask wraps a collector so that an unconfigured source is recorded
// as skipped.
func (e *Evaluator) sourceTask(src Source, loc Location, s Sources, run func(context.Context) (func(*Snapshot), []SourceOutcome)) task {
	if !s.has(src) {
		return task{source: src, loc: loc, run: func(context.Context) (func(*Snapshot), []SourceOutcome) {
			return nil, []SourceOutcome{{Source: src, Account: loc.Account, Region: loc.Region, Status: OutcomeSkipped,
				Error: "no " + string(src) + " client was configured for account " + loc.Account}}
		}}
	}
	return task{source: src, loc: loc, run: run}
}

// reads reports whether a selected control reads src: a source no control
// reads is not collected (and its permissions are not needed).
func (e *Evaluator) reads(src Source) bool {
	for _, c := range e.catalog {
		if slices.Contains(c.Sources, src) {
			return true
		}
	}
	return false
}

// advisorChecks are the Trusted Advisor checks the selected controls read.
func (e *Evaluator) advisorChecks() []string {
	var ids []string
	for _, c := range e.catalog {
		ids = append(ids, c.AdvisorChecks...)
	}
	return sortedUnique(ids)
}

// configRules are the managed-rule identifiers the selected controls read.
func (e *Evaluator) configRules() []string {
	var ids []string
	for _, c := range e.catalog {
		ids = append(ids, c.ConfigRules...)
	}
	return sortedUnique(ids)
}
