package advisor

import (
	"context"
	"slices"
	"time"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/trustedadvisor"
	"github.com/aws/aws-sdk-go-v2/service/trustedadvisor/types"
)

// taCatalog lists the checks the TrustedAdvisor API offers the account, by
// id, with the column names of their resources' metadata.
//
// IAM: trustedadvisor:ListChecks.
func (c *Client) taCatalog(ctx context.Context, sel Selection) (map[string]checkInfo, error) {
	seq := clientkit.Pages(ctx, &c.base, "ListChecks", func(ctx context.Context, token *string) ([]types.CheckSummary, *string, error) {
		out, err := c.ta.ListChecks(ctx, &trustedadvisor.ListChecksInput{
			Language:   types.RecommendationLanguage(c.language),
			Pillar:     types.RecommendationPillar(sel.pillarFilter()),
			MaxResults: aws.Int32(c.pageSize),
			NextToken:  token,
		}, c.taOptFns()...)
		if err != nil {
			return nil, nil, err
		}
		return out.CheckSummaries, out.NextToken, nil
	})
	catalog := make(map[string]checkInfo)
	for s, err := range seq {
		if err != nil {
			return nil, err
		}
		id := aws.ToString(s.Id)
		if fromARN, ok := CheckIDFromARN(aws.ToString(s.Arn)); ok && id == "" {
			id = fromARN
		}
		if id == "" {
			continue
		}
		catalog[id] = checkInfo{
			id:      id,
			name:    aws.ToString(s.Name),
			arn:     aws.ToString(s.Arn),
			pillars: pillarsOf(s.Pillars),
			columns: positionalColumns(s.Metadata),
		}
	}
	return catalog, nil
}

// taRecommendations reads the selected checks' results from the
// TrustedAdvisor API.
//
// IAM: trustedadvisor:ListChecks, trustedadvisor:ListRecommendations,
// trustedadvisor:ListRecommendationResources.
func (c *Client) taRecommendations(ctx context.Context, sel Selection) ([]Recommendation, error) {
	catalog, err := c.taCatalog(ctx, sel)
	if err != nil {
		return nil, err
	}
	seq := clientkit.Pages(ctx, &c.base, "ListRecommendations", func(ctx context.Context, token *string) ([]types.RecommendationSummary, *string, error) {
		out, err := c.ta.ListRecommendations(ctx, &trustedadvisor.ListRecommendationsInput{
			Language:   types.RecommendationLanguage(c.language),
			Pillar:     types.RecommendationPillar(sel.pillarFilter()),
			MaxResults: aws.Int32(c.pageSize),
			NextToken:  token,
		}, c.taOptFns()...)
		if err != nil {
			return nil, nil, err
		}
		return out.RecommendationSummaries, out.NextToken, nil
	})
	var recs []Recommendation
	have := make(map[string]bool)
	for s, err := range seq {
		if err != nil {
			return nil, err
		}
		sum := summary{
			name: s.Name, arn: s.Arn, checkARN: s.CheckArn, pillars: s.Pillars, status: s.Status,
			statusReason: string(s.StatusReason), aggregates: s.ResourcesAggregates, updated: s.LastUpdatedAt,
			typ: s.Type, source: s.Source, lifecycle: s.LifecycleStage,
		}
		r := sum.recommendation(catalog, c.base.Account)
		if !sel.includes(r.CheckID, r.Pillars) {
			continue
		}
		if err := c.taResources(ctx, &r, sum.aggregates); err != nil {
			return nil, err
		}
		recs = append(recs, r)
		have[r.CheckID] = true
	}
	recs = append(recs, missingChecks(sel, catalog, have, c.base.Account)...)
	sortRecommendations(recs)
	return recs, nil
}

// summary holds the fields that the account and organisation summaries of
// the TrustedAdvisor API share.
type summary struct {
	name, arn, checkARN *string
	pillars             []types.RecommendationPillar
	status              types.RecommendationStatus
	statusReason        string
	aggregates          *types.RecommendationResourcesAggregates
	updated             *time.Time
	typ                 types.RecommendationType
	source              types.RecommendationSource
	lifecycle           types.RecommendationLifecycleStage
}

func (s summary) recommendation(catalog map[string]checkInfo, account string) Recommendation {
	id, _ := CheckIDFromARN(aws.ToString(s.checkARN))
	st, note := status(string(s.status))
	ok, warning, failed, excluded := counts(s.aggregates)
	r := Recommendation{
		CheckID:             id,
		Name:                aws.ToString(s.name),
		Pillars:             pillarsOf(s.pillars),
		Status:              st,
		StatusReason:        s.statusReason,
		ResourcesFlagged:    warning + failed,
		ResourcesProcessed:  ok + warning + failed,
		ResourcesSuppressed: excluded,
		Columns:             slices.Clone(catalog[id].columns),
		LastUpdated:         aws.ToTime(s.updated).UTC(),
		ARN:                 aws.ToString(s.arn),
		Type:                string(s.typ),
		Origin:              string(s.source),
		LifecycleStage:      LifecycleStage(s.lifecycle),
		Account:             accountOf(aws.ToString(s.arn), account),
		DecodeError:         note,
	}
	r.Category = primary(r.Pillars)
	return r
}

func counts(a *types.RecommendationResourcesAggregates) (ok, warning, failed, excluded int64) {
	if a == nil {
		return 0, 0, 0, 0
	}
	return aws.ToInt64(a.OkCount), aws.ToInt64(a.WarningCount), aws.ToInt64(a.ErrorCount), aws.ToInt64(a.ExcludedCount)
}

// taResources fills r.Resources with the recommendation's resources in
// error and in warning, listing only the statuses its aggregates count (all
// of them when some resources are excluded, whose status the aggregates do
// not tell).
//
// IAM: trustedadvisor:ListRecommendationResources.
func (c *Client) taResources(ctx context.Context, r *Recommendation, agg *types.RecommendationResourcesAggregates) error {
	_, warning, failed, excluded := counts(agg)
	for _, st := range []struct {
		status types.ResourceStatus
		n      int64
	}{{types.ResourceStatusError, failed}, {types.ResourceStatusWarning, warning}} {
		if st.n == 0 && excluded == 0 {
			continue
		}
		seq := clientkit.Pages(ctx, &c.base, "ListRecommendationResources", func(ctx context.Context, token *string) ([]types.RecommendationResourceSummary, *string, error) {
			out, err := c.ta.ListRecommendationResources(ctx, &trustedadvisor.ListRecommendationResourcesInput{
				RecommendationIdentifier: aws.String(r.ARN),
				Status:                   st.status,
				Language:                 types.RecommendationLanguage(c.language),
				MaxResults:               aws.Int32(c.pageSize),
				NextToken:                token,
			}, c.taOptFns()...)
			if err != nil {
				return nil, nil, err
			}
			return out.RecommendationResourceSummaries, out.NextToken, nil
		})
		for res, err := range seq {
			if err != nil {
				return err
			}
			row := resourceRow{
				id: res.Id, awsID: res.AwsResourceId, arn: res.Arn, region: res.RegionCode, status: res.Status,
				exclusion: res.ExclusionStatus, metadata: res.Metadata, updated: res.LastUpdatedAt,
			}
			fr, note := row.resource(r.Columns, r.Account)
			r.Resources = append(r.Resources, fr)
			r.DecodeError = joinNotes(r.DecodeError, note)
		}
	}
	sortResources(r.Resources)
	return nil
}

// resourceRow holds the fields the account and organisation resource
// summaries share.
type resourceRow struct {
	id, awsID, arn, region, account *string
	status                          types.ResourceStatus
	exclusion                       types.ExclusionStatus
	metadata                        map[string]string
	updated                         *time.Time
}

func (row resourceRow) resource(columns []string, account string) (FlaggedResource, string) {
	st, note := status(string(row.status))
	if note != "" {
		note = "resource " + aws.ToString(row.id) + ": " + note
	}
	// An organisation resource names its account; an account's resource
	// has it in its ARN.
	account = accountOf(aws.ToString(row.arn), account)
	if a := aws.ToString(row.account); a != "" {
		account = a
	}
	return FlaggedResource{
		ID:            aws.ToString(row.id),
		AWSResourceID: aws.ToString(row.awsID),
		ARN:           aws.ToString(row.arn),
		Region:        aws.ToString(row.region),
		Status:        st,
		Suppressed:    row.exclusion == types.ExclusionStatusExcluded,
		Metadata:      mapMetadata(columns, row.metadata),
		Account:       account,
		LastUpdated:   aws.ToTime(row.updated).UTC(),
	}, note
}

func pillarsOf(ps []types.RecommendationPillar) []Pillar {
	if len(ps) == 0 {
		return nil
	}
	out := make([]Pillar, len(ps))
	for i, p := range ps {
		out[i] = Pillar(p)
	}
	return out
}

// accountOf returns the account of a Trusted Advisor ARN, or fallback when
// the ARN names none (checks and organisation recommendations).
func accountOf(s, fallback string) string {
	if a, err := arn.Parse(s); err == nil && a.AccountID != "" {
		return a.AccountID
	}
	return fallback
}
