package governance

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/aigov/aigov/cloudtrail"
)

// collectCloudTrail reads the trails that apply to one account and region
// and, unless CloudTrail Lake does it, reviews the events of the window.
func collectCloudTrail(ctx context.Context, client *cloudtrail.Client, loc Location, p Policy, review bool, now time.Time) (func(*Snapshot), []SourceOutcome) {
	c := client.InRegion(loc.Region)
	st := CloudTrailState{Location: loc, CollectedAt: now}
	var errs []error
	trails, err := c.Trails(ctx, loc.Region)
	st.Trails = part(trails, "cloudtrail:DescribeTrails", err)
	if err != nil {
		errs = append(errs, err)
	}
	parts := 1
	if review {
		parts++
		r, err := reviewEvents(ctx, c, loc, p, now)
		st.Review = part(r, "cloudtrail:LookupEvents", err)
		if err != nil {
			errs = append(errs, err)
		}
	}
	out := summarize(SourceCloudTrail, loc, now, parts, errs)
	return func(s *Snapshot) { s.CloudTrail = append(s.CloudTrail, st) }, []SourceOutcome{out}
}

// reviewEvents reads the window's events of each review source (one
// lookup attribute per call, as AWS allows) and runs the detectors over
// them.
func reviewEvents(ctx context.Context, c *cloudtrail.Client, loc Location, p Policy, now time.Time) (EventReview, error) {
	r := EventReview{Start: now.Add(-time.Duration(p.ReviewWindow)), End: now}
	det, err := cloudtrail.NewDetector(reviewRules())
	if err != nil {
		return r, err
	}
	for _, src := range reviewSources {
		if src == "iam.amazonaws.com" && loc.Region != "us-east-1" {
			continue
		}
		r.Sources = append(r.Sources, src)
		n := 0
		events := c.LookupEvents(ctx, cloudtrail.LookupQuery{Start: r.Start, End: r.End,
			Attribute: &cloudtrail.LookupAttribute{Key: cloudtrail.LookupEventSource, Value: src}})
		for e, err := range events {
			if err != nil {
				r.Detections = det.Detections()
				return r, fmt.Errorf("reviewing %s events in %s: %w", src, loc, err)
			}
			if n == p.MaxReviewEvents {
				r.Truncated = append(r.Truncated, src)
				break
			}
			n++
			det.Add(e)
		}
		r.Events += n
	}
	r.Detections = det.Detections()
	return r, nil
}

// accountTrails returns the trails of an account across its regions, each
// once, and the regions whose trails could not be listed.
func (s *Snapshot) accountTrails(account string) (trails []cloudtrail.Trail, unknown map[string]string, evidence []Evidence) {
	unknown = map[string]string{}
	seen := map[string]bool{}
	for _, region := range s.Scope.Regions {
		loc := Location{Account: account, Region: region}
		i := slices.IndexFunc(s.CloudTrail, func(st CloudTrailState) bool { return st.Location == loc })
		if i < 0 {
			unknown[region] = s.missing(SourceCloudTrail, loc)
			continue
		}
		st := s.CloudTrail[i]
		evidence = append(evidence, Evidence{Source: SourceCloudTrail, Operation: st.Trails.Operation, Detail: "trails of " + region, CollectedAt: st.CollectedAt})
		if !st.Trails.OK() {
			unknown[region] = st.Trails.Why("the trails of " + loc.String())
		}
		for _, t := range st.Trails.Value {
			if !seen[t.ARN] {
				seen[t.ARN] = true
				trails = append(trails, t)
			}
		}
	}
	slices.SortFunc(trails, func(a, b cloudtrail.Trail) int {
		if a.ARN < b.ARN {
			return -1
		}
		if a.ARN > b.ARN {
			return 1
		}
		return 0
	})
	return trails, unknown, evidence
}
