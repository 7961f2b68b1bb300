package advisor

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/support"
	"github.com/aws/aws-sdk-go-v2/service/support/types"
)

// summaryBatch is how many check ids one DescribeTrustedAdvisorCheckSummaries
// call asks for. AWS documents no limit; batches keep a request for every
// check of an account (several hundred) to a sane size.
const summaryBatch = 100

// supportCatalog lists the checks of the Support API, by id, with their
// column names.
//
// IAM: support:DescribeTrustedAdvisorChecks.
func (c *Client) supportCatalog(ctx context.Context) (map[string]checkInfo, error) {
	out, err := clientkit.Do(ctx, c.supportBase(), "DescribeTrustedAdvisorChecks", func(ctx context.Context) (*support.DescribeTrustedAdvisorChecksOutput, error) {
		return c.support.DescribeTrustedAdvisorChecks(ctx, &support.DescribeTrustedAdvisorChecksInput{Language: aws.String(c.language)}, c.supportOptFns()...)
	})
	if err != nil {
		return nil, err
	}
	catalog := make(map[string]checkInfo, len(out.Checks))
	for _, ck := range out.Checks {
		id := aws.ToString(ck.Id)
		if id == "" {
			continue
		}
		info := checkInfo{id: id, name: aws.ToString(ck.Name), columns: columnKeys(ck.Metadata)}
		if cat := aws.ToString(ck.Category); cat != "" {
			info.pillars = []Pillar{Pillar(cat)}
		}
		catalog[id] = info
	}
	return catalog, nil
}

// supportRecommendations reads the selected checks' results from the
// Support API: the summaries of all of them in a few calls, then the full
// result of those that flag resources.
//
// IAM: support:DescribeTrustedAdvisorChecks,
// support:DescribeTrustedAdvisorCheckSummaries,
// support:DescribeTrustedAdvisorCheckResult.
func (c *Client) supportRecommendations(ctx context.Context, sel Selection) ([]Recommendation, error) {
	catalog, err := c.supportCatalog(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, id := range slices.Sorted(maps.Keys(catalog)) {
		if sel.includes(id, catalog[id].pillars) {
			ids = append(ids, id)
		}
	}
	summaries, refused, err := c.supportSummaries(ctx, ids)
	if err != nil {
		return nil, err
	}
	var recs []Recommendation
	have := make(map[string]bool)
	for _, id := range ids {
		if reason, ok := refused[id]; ok {
			recs = append(recs, notAvailable(id, catalog, reason, c.base.Account))
			have[id] = true
			continue
		}
		s, ok := summaries[id]
		if !ok {
			continue
		}
		r := c.supportRecommendation(catalog[id], s.Status, s.Timestamp, s.ResourcesSummary)
		rs := s.ResourcesSummary
		if s.HasFlaggedResources || (rs != nil && (rs.ResourcesFlagged > 0 || rs.ResourcesSuppressed > 0)) {
			r, err = c.supportResult(ctx, catalog, id)
			if err != nil {
				return nil, err
			}
		}
		recs = append(recs, r)
		have[id] = true
	}
	recs = append(recs, missingChecks(sel, catalog, have, c.base.Account)...)
	sortRecommendations(recs)
	return recs, nil
}

// supportSummaries returns the summaries of the checks ids, and the checks
// AWS refused to summarise with the reason it gave. AWS refuses a whole
// batch with InvalidParameterValueException for one check the account may
// not read (retired, or not in its support plan: "Account requires a Premium
// Support Plan…"); the batch is then asked for one check at a time to find
// which.
//
// IAM: support:DescribeTrustedAdvisorCheckSummaries.
func (c *Client) supportSummaries(ctx context.Context, ids []string) (map[string]types.TrustedAdvisorCheckSummary, map[string]string, error) {
	summaries := make(map[string]types.TrustedAdvisorCheckSummary, len(ids))
	refused := make(map[string]string)
	ask := func(batch []string) error {
		out, err := clientkit.Do(ctx, c.supportBase(), "DescribeTrustedAdvisorCheckSummaries", func(ctx context.Context) (*support.DescribeTrustedAdvisorCheckSummariesOutput, error) {
			return c.support.DescribeTrustedAdvisorCheckSummaries(ctx, &support.DescribeTrustedAdvisorCheckSummariesInput{CheckIds: aws.StringSlice(batch)}, c.supportOptFns()...)
		})
		if err != nil {
			return err
		}
		for _, s := range out.Summaries {
			summaries[aws.ToString(s.CheckId)] = s
		}
		return nil
	}
	for batch := range slices.Chunk(ids, summaryBatch) {
		err := ask(batch)
		if err == nil {
			continue
		}
		if _, ok := refusedCheck(err); !ok {
			return nil, nil, err
		}
		for _, id := range batch {
			if len(batch) > 1 {
				err = ask([]string{id})
			}
			if reason, ok := refusedCheck(err); ok {
				refused[id] = reason
			} else if err != nil {
				return nil, nil, err
			}
		}
	}
	return summaries, refused, nil
}

// refusedCheck reports whether err is the Support API refusing one check
// (InvalidParameterValueException), and the reason to record for it.
func refusedCheck(err error) (string, bool) {
	var e *aigov.Error
	if !errors.As(err, &e) || !strings.EqualFold(e.Code, "InvalidParameterValueException") {
		return "", false
	}
	if errors.Is(err, aigov.ErrNotEnabled) {
		return "the account's support plan does not include this check (" + e.Message + ")", true
	}
	return "the Support API refused the check: " + e.Message, true
}

// supportResult reads the full result of one check, with its flagged
// resources. A check AWS refuses is not_available with AWS's reason.
//
// IAM: support:DescribeTrustedAdvisorCheckResult.
func (c *Client) supportResult(ctx context.Context, catalog map[string]checkInfo, id string) (Recommendation, error) {
	out, err := clientkit.Do(ctx, c.supportBase(), "DescribeTrustedAdvisorCheckResult", func(ctx context.Context) (*support.DescribeTrustedAdvisorCheckResultOutput, error) {
		return c.support.DescribeTrustedAdvisorCheckResult(ctx, &support.DescribeTrustedAdvisorCheckResultInput{CheckId: aws.String(id), Language: aws.String(c.language)}, c.supportOptFns()...)
	})
	if reason, ok := refusedCheck(err); ok {
		return notAvailable(id, catalog, reason, c.base.Account), nil
	}
	if err != nil {
		return Recommendation{}, err
	}
	res := out.Result
	if res == nil {
		return notAvailable(id, catalog, "the Support API returned no result", c.base.Account), nil
	}
	r := c.supportRecommendation(catalog[id], res.Status, res.Timestamp, res.ResourcesSummary)
	for i, d := range res.FlaggedResources {
		st, note := status(aws.ToString(d.Status))
		if note != "" {
			r.DecodeError = joinNotes(r.DecodeError, fmt.Sprintf("flagged resource %d (%s): %s", i, aws.ToString(d.ResourceId), note))
		}
		// The Support API lists some checks' resources in good standing
		// too; only flagged ones are kept, as the TrustedAdvisor API path
		// does.
		if st == StatusOK {
			continue
		}
		r.Resources = append(r.Resources, FlaggedResource{
			ID:         aws.ToString(d.ResourceId),
			Region:     aws.ToString(d.Region),
			Status:     st,
			Suppressed: d.IsSuppressed,
			Metadata:   rowMetadata(r.Columns, d.Metadata),
			Account:    c.base.Account,
		})
	}
	sortResources(r.Resources)
	return r, nil
}

// supportRecommendation builds a result from the fields a Support API
// summary and full result share.
func (c *Client) supportRecommendation(info checkInfo, st, timestamp *string, rs *types.TrustedAdvisorResourcesSummary) Recommendation {
	s, note := status(aws.ToString(st))
	r := Recommendation{
		CheckID:     info.id,
		Name:        info.name,
		Pillars:     info.pillars,
		Category:    primary(info.pillars),
		Status:      s,
		Columns:     info.columns,
		Account:     c.base.Account,
		DecodeError: note,
	}
	if rs != nil {
		r.ResourcesFlagged = rs.ResourcesFlagged
		r.ResourcesProcessed = rs.ResourcesProcessed
		r.ResourcesSuppressed = rs.ResourcesSuppressed
		r.ResourcesIgnored = rs.ResourcesIgnored
	}
	// The Support API sends its timestamps as strings.
	if ts := aws.ToString(timestamp); ts != "" {
		t, err := time.Parse(time.RFC3339, ts)
		if err != nil {
			r.DecodeError = joinNotes(r.DecodeError, fmt.Sprintf("timestamp %q is not RFC 3339", ts))
		} else {
			r.LastUpdated = t.UTC()
		}
	}
	return r
}
