package advisor

import (
	"context"
	"fmt"
	"iter"
	"maps"
	"slices"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/trustedadvisor"
	"github.com/aws/aws-sdk-go-v2/service/trustedadvisor/types"
)

// orgBase is the base of the organisation operations: their
// AccessDeniedException can mean Trusted Advisor Priority is off.
func (c *Client) orgBase() *clientkit.Base {
	b := c.base
	b.Classifier.Refine = refinePriority
	return &b
}

// OrganizationRecommendations returns the selected checks' results across
// the organisation, one Recommendation per organisation recommendation and
// affected account, with Account, OrganizationARN and the account's
// lifecycle stage. It works from the organisation's management account or
// its delegated administrator for Trusted Advisor, and only where Trusted
// Advisor Priority is enabled: AWS offers the organisation view for
// prioritized recommendations only. Otherwise the iterator yields one error
// matching aigov.ErrNotEnabled and ErrPriorityNotEnabled (ErrNoSupportPlan
// without a qualifying plan).
//
// An account's counts and status come from the resources AWS lists for it:
// flagged are its resources in warning or error, processed all of its
// resources, suppressed those the organisation excluded (which count
// neither as flagged nor as processed). An account AWS names as affected but
// lists no resources for keeps the organisation's status, with a
// StatusReason saying so. Resources AWS gives no account for are grouped in
// one result with an empty Account.
//
// Only what AWS lists is returned: the organisation view holds prioritized
// recommendations alone, so a selected check missing from it says nothing
// about the accounts (use Recommendations in each account for that).
// Organisation recommendations come in AWS's order; the accounts of each are
// sorted by id.
//
// IAM: trustedadvisor:ListChecks, trustedadvisor:ListOrganizationRecommendations,
// trustedadvisor:ListOrganizationRecommendationAccounts,
// trustedadvisor:ListOrganizationRecommendationResources.
func (c *Client) OrganizationRecommendations(ctx context.Context, sel Selection) iter.Seq2[Recommendation, error] {
	return func(yield func(Recommendation, error) bool) {
		fail := func(err error) { yield(Recommendation{}, err) }
		switch {
		case c.base.Err != nil:
			fail(c.base.Err)
			return
		case c.ta == nil:
			fail(fmt.Errorf("advisor: OrganizationRecommendations: the organisation view is in the TrustedAdvisor API, and the Client has none"))
			return
		}
		if err := sel.validate(); err != nil {
			fail(err)
			return
		}
		catalog, err := c.taCatalog(ctx, sel)
		if err != nil {
			fail(explain(err))
			return
		}
		ob := c.orgBase()
		seq := clientkit.Pages(ctx, ob, "ListOrganizationRecommendations", func(ctx context.Context, token *string) ([]types.OrganizationRecommendationSummary, *string, error) {
			out, err := c.ta.ListOrganizationRecommendations(ctx, &trustedadvisor.ListOrganizationRecommendationsInput{
				Pillar:     types.RecommendationPillar(sel.pillarFilter()),
				MaxResults: aws.Int32(c.pageSize),
				NextToken:  token,
			}, c.taOptFns()...)
			if err != nil {
				return nil, nil, err
			}
			return out.OrganizationRecommendationSummaries, out.NextToken, nil
		})
		for s, err := range seq {
			if err != nil {
				fail(explain(err))
				return
			}
			org := summary{
				name: s.Name, arn: s.Arn, checkARN: s.CheckArn, pillars: s.Pillars, status: s.Status,
				aggregates: s.ResourcesAggregates, updated: s.LastUpdatedAt, typ: s.Type, source: s.Source,
				lifecycle: s.LifecycleStage,
			}.recommendation(catalog, "")
			if !sel.includes(org.CheckID, org.Pillars) {
				continue
			}
			recs, err := c.perAccount(ctx, ob, org)
			if err != nil {
				fail(explain(err))
				return
			}
			for _, r := range recs {
				if !yield(r, nil) {
					return
				}
			}
		}
	}
}

// tally counts an account's resources of one organisation recommendation.
type tally struct {
	ok, warning, failed, excluded int64
	resources                     []FlaggedResource
	notes                         string
}

// perAccount splits an organisation recommendation into one result per
// affected account.
//
// IAM: trustedadvisor:ListOrganizationRecommendationAccounts,
// trustedadvisor:ListOrganizationRecommendationResources.
func (c *Client) perAccount(ctx context.Context, ob *clientkit.Base, org Recommendation) ([]Recommendation, error) {
	accounts := make(map[string]types.AccountRecommendationLifecycleSummary)
	accountSeq := clientkit.Pages(ctx, ob, "ListOrganizationRecommendationAccounts", func(ctx context.Context, token *string) ([]types.AccountRecommendationLifecycleSummary, *string, error) {
		out, err := c.ta.ListOrganizationRecommendationAccounts(ctx, &trustedadvisor.ListOrganizationRecommendationAccountsInput{
			OrganizationRecommendationIdentifier: aws.String(org.ARN),
			MaxResults:                           aws.Int32(c.pageSize),
			NextToken:                            token,
		}, c.taOptFns()...)
		if err != nil {
			return nil, nil, err
		}
		return out.AccountRecommendationLifecycleSummaries, out.NextToken, nil
	})
	for a, err := range accountSeq {
		if err != nil {
			return nil, err
		}
		accounts[aws.ToString(a.AccountId)] = a
	}
	tallies := make(map[string]*tally)
	resourceSeq := clientkit.Pages(ctx, ob, "ListOrganizationRecommendationResources", func(ctx context.Context, token *string) ([]types.OrganizationRecommendationResourceSummary, *string, error) {
		out, err := c.ta.ListOrganizationRecommendationResources(ctx, &trustedadvisor.ListOrganizationRecommendationResourcesInput{
			OrganizationRecommendationIdentifier: aws.String(org.ARN),
			MaxResults:                           aws.Int32(c.pageSize),
			NextToken:                            token,
		}, c.taOptFns()...)
		if err != nil {
			return nil, nil, err
		}
		return out.OrganizationRecommendationResourceSummaries, out.NextToken, nil
	})
	for res, err := range resourceSeq {
		if err != nil {
			return nil, err
		}
		row := resourceRow{
			id: res.Id, awsID: res.AwsResourceId, arn: res.Arn, region: res.RegionCode, account: res.AccountId,
			status: res.Status, exclusion: res.ExclusionStatus, metadata: res.Metadata, updated: res.LastUpdatedAt,
		}
		fr, note := row.resource(org.Columns, "")
		t := tallies[fr.Account]
		if t == nil {
			t = &tally{}
			tallies[fr.Account] = t
		}
		t.notes = joinNotes(t.notes, note)
		switch {
		case fr.Suppressed:
			t.excluded++
		case fr.Status == StatusOK:
			t.ok++
		case fr.Status == StatusError:
			t.failed++
		default:
			t.warning++
		}
		if fr.Status != StatusOK {
			t.resources = append(t.resources, fr)
		}
	}
	ids := slices.Sorted(maps.Keys(accounts))
	for id := range tallies {
		if _, listed := accounts[id]; !listed {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	if len(ids) == 0 {
		// AWS names no account: the organisation's own result is all there is.
		return []Recommendation{org}, nil
	}
	out := make([]Recommendation, 0, len(ids))
	for _, id := range ids {
		r := org
		r.Pillars, r.Columns = slices.Clone(org.Pillars), slices.Clone(org.Columns)
		r.ARN, r.OrganizationARN, r.Account = "", org.ARN, id
		if a, ok := accounts[id]; ok {
			r.ARN = aws.ToString(a.AccountRecommendationArn)
			if a.LifecycleStage != "" {
				r.LifecycleStage = LifecycleStage(a.LifecycleStage)
			}
			if a.LastUpdatedAt != nil {
				r.LastUpdated = a.LastUpdatedAt.UTC()
			}
		}
		t := tallies[id]
		if t == nil {
			r.ResourcesFlagged, r.ResourcesProcessed, r.ResourcesSuppressed = 0, 0, 0
			r.StatusReason = "the organisation's status: AWS listed no resources for this account"
			out = append(out, r)
			continue
		}
		r.ResourcesFlagged = t.warning + t.failed
		r.ResourcesProcessed = t.ok + t.warning + t.failed
		r.ResourcesSuppressed = t.excluded
		switch {
		case t.failed > 0:
			r.Status = StatusError
		case t.warning > 0:
			r.Status = StatusWarning
		default:
			r.Status = StatusOK
		}
		r.Resources = t.resources
		sortResources(r.Resources)
		r.DecodeError = joinNotes(r.DecodeError, t.notes)
		out = append(out, r)
	}
	return out, nil
}
