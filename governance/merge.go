package governance

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

// Merge combines the reports of separate shards (accounts or regions
// evaluated by separate processes) into one. It is associative and
// commutative, so a fleet can merge in any grouping and order: sources,
// scopes and findings are unions; a finding reported by two shards keeps
// its worst status; control statuses, reasons and scores are derived again
// from the merged findings; GeneratedAt and CollectedAt are the latest.
//
// The reports must share a schema major version. Shards should run the same
// catalog; a control defined differently by two shards keeps the
// definition it has in the first report given.
func Merge(reports ...*Report) (*Report, error) {
	if len(reports) == 0 {
		return nil, fmt.Errorf("governance: Merge: no reports")
	}
	var (
		catalog   []Control
		known     = map[string]bool{}
		findings  []Finding
		sources   []SourceOutcome
		scope     Scope
		generated time.Time
		collected time.Time
		waivers   []WaiverStatus
	)
	for i, r := range reports {
		if r == nil {
			return nil, fmt.Errorf("governance: Merge: report %d is nil", i+1)
		}
		if major(r.SchemaVersion) != major(ReportSchemaVersion) {
			return nil, fmt.Errorf("governance: Merge: report %d has schema version %q; this version of aigov merges %s.x", i+1, r.SchemaVersion, major(ReportSchemaVersion))
		}
		for _, c := range r.Controls {
			if !known[c.ID] {
				known[c.ID] = true
				catalog = append(catalog, controlOf(c))
			}
		}
		findings = append(findings, r.Findings...)
		sources = append(sources, r.Sources...)
		scope.Accounts = append(scope.Accounts, r.Scope.Accounts...)
		scope.Regions = append(scope.Regions, r.Scope.Regions...)
		if scope.Aggregator == "" || (r.Scope.Aggregator != "" && r.Scope.Aggregator < scope.Aggregator) {
			scope.Aggregator = r.Scope.Aggregator
		}
		if r.GeneratedAt.After(generated) {
			generated = r.GeneratedAt
		}
		if r.CollectedAt.After(collected) {
			collected = r.CollectedAt
		}
		waivers = append(waivers, r.Waivers...)
	}
	scope.Accounts, scope.Regions = sortedUnique(scope.Accounts), sortedUnique(scope.Regions)
	sort.Slice(catalog, func(i, j int) bool { return catalog[i].ID < catalog[j].ID })
	sortFindings(findings)
	return build(catalog, dedupe(findings), uniqueOutcomes(sources), scope, collected, generated, mergeWaivers(waivers)), nil
}

// controlOf recovers the catalog entry of a control from its result.
func controlOf(c ControlResult) Control {
	return Control{ID: c.ID, Title: c.Title, Description: c.Description, Rationale: c.Rationale,
		Remediation: c.Remediation, Severity: c.Severity, Sources: c.Sources, Frameworks: c.Frameworks}
}

// uniqueOutcomes drops duplicate outcomes (the same source, account and
// region reported by two shards), keeping the worse.
func uniqueOutcomes(os []SourceOutcome) []SourceOutcome {
	type key struct {
		src             Source
		account, region string
	}
	best := map[key]SourceOutcome{}
	var order []key
	for _, o := range os {
		k := key{o.Source, o.Account, o.Region}
		have, ok := best[k]
		if !ok {
			order = append(order, k)
			best[k] = o
			continue
		}
		if outcomeRank(o.Status) < outcomeRank(have.Status) || (o.Status == have.Status && o.Error < have.Error) {
			best[k] = o
		}
	}
	out := make([]SourceOutcome, 0, len(order))
	for _, k := range order {
		out = append(out, best[k])
	}
	return sortOutcomes(out)
}

func outcomeRank(o Outcome) int {
	order := []Outcome{OutcomeError, OutcomeAccessDenied, OutcomeNotEnabled, OutcomeThrottled, OutcomePartial, OutcomeSkipped, OutcomeOK}
	return slices.Index(order, o)
}

// mergeWaivers combines the waiver lists of shards: the same waiver in two
// shards is one entry, applied if any shard applied it, with the findings
// it covered added up.
func mergeWaivers(ws []WaiverStatus) []WaiverStatus {
	if len(ws) == 0 {
		return nil
	}
	var out []WaiverStatus
	for _, w := range ws {
		i := slices.IndexFunc(out, func(x WaiverStatus) bool { return x.Waiver == w.Waiver })
		if i < 0 {
			out = append(out, w)
			continue
		}
		out[i].Findings += w.Findings
		if w.State == WaiverApplied || out[i].State == WaiverUnused && w.State == WaiverExpired {
			out[i].State = w.State
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Control != b.Control {
			return a.Control < b.Control
		}
		if a.Resource != b.Resource {
			return a.Resource < b.Resource
		}
		return a.Expires.Before(b.Expires)
	})
	return out
}
