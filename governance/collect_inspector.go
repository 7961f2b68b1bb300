package governance

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/aigov/aigov/inspector"
	"github.com/aigov/aigov/internal/pager"
)

// mlPackages returns the policy's ML packages, or the defaults.
func (p Policy) mlPackages() []string {
	if len(p.MLPackages) > 0 {
		return p.MLPackages
	}
	return DefaultMLPackages
}

// collectInspector reads Amazon Inspector in one account and region.
func collectInspector(ctx context.Context, client *inspector.Client, loc Location, p Policy, now time.Time) (func(*Snapshot), []SourceOutcome) {
	c := client.InRegion(loc.Region)
	st := InspectorState{Location: loc, CollectedAt: now}
	var errs []error
	note := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	statuses, err := c.AccountStatus(ctx, loc.Account)
	var status inspector.AccountStatus
	if len(statuses) > 0 {
		status = statuses[0]
	}
	st.Status = part(status, "inspector2:BatchGetAccountStatus", err)
	note(err)

	cov, err := pager.Collect(c.Coverage(ctx, inspector.CoverageFilter{
		ResourceTypes: []inspector.ResourceType{inspector.ResourceECRRepository, inspector.ResourceLambdaFunction},
		Accounts:      inspector.Equal(loc.Account),
	}))
	st.Coverage = part(cov, "inspector2:ListCoverage", err)
	note(err)

	findings, err := pipelineFindings(ctx, c, loc.Account, p)
	st.PipelineFindings = part(findings, "inspector2:ListFindings", err)
	note(err)

	out := summarize(SourceInspector, loc, now, 3, errs)
	return func(s *Snapshot) { s.Inspector = append(s.Inspector, st) }, []SourceOutcome{out}
}

// pipelineFindings lists the findings on ML packages, ten package names a
// call (Inspector's limit per filter field), without duplicates.
func pipelineFindings(ctx context.Context, c *inspector.Client, account string, p Policy) ([]inspector.Finding, error) {
	var out []inspector.Finding
	seen := map[string]bool{}
	for chunk := range slices.Chunk(p.mlPackages(), 10) {
		fs, err := pager.Collect(c.Findings(ctx, inspector.FindingFilter{
			MinSeverity:   inspector.Severity(p.MinVulnerabilitySeverity),
			ResourceTypes: []inspector.ResourceType{inspector.ResourceLambdaFunction, inspector.ResourceECRImage},
			Accounts:      inspector.Equal(account),
			Packages:      inspector.Equal(chunk...),
		}))
		for _, f := range fs {
			if !seen[f.ARN] {
				seen[f.ARN] = true
				out = append(out, f)
			}
		}
		if err != nil {
			return out, err
		}
	}
	slices.SortFunc(out, func(a, b inspector.Finding) int { return strings.Compare(a.ARN, b.ARN) })
	return out, nil
}

// modelImagesTask reads the findings of the images the account's models
// serve. It runs after the first phase, because the images come from the
// Config inventory it collected.
func (e *Evaluator) modelImagesTask(account string, client *inspector.Client, images []string, p Policy) task {
	loc := Location{Account: account}
	return task{source: SourceInspector, loc: loc, run: func(ctx context.Context) (func(*Snapshot), []SourceOutcome) {
		now := e.now().UTC()
		st := ModelImageState{Account: account, CollectedAt: now}
		res, err := client.FindingsForImages(ctx, images, inspector.FindingFilter{MinSeverity: inspector.Severity(p.MinVulnerabilitySeverity)})
		st.Images = part(res, "inspector2:ListFindings", err)
		var errs []error
		if err != nil {
			errs = append(errs, err)
		}
		out := summarize(SourceInspector, loc, now, 1, errs)
		return func(s *Snapshot) { s.ModelImages = append(s.ModelImages, st) }, []SourceOutcome{out}
	}}
}

// modelImages returns the image URIs that the SageMaker models of an
// account serve, from the collected Config inventory, sorted.
func modelImages(s *Snapshot, account string) []string {
	var out []string
	for _, st := range s.Config {
		if st.Account != account || !st.Resources.OK() {
			continue
		}
		for _, r := range st.Resources.Value {
			if r.Model != nil {
				out = append(out, r.Model.Images...)
			}
		}
	}
	return sortedUnique(out)
}
