package inspectortest

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/aigov/aigov/inspector"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
)

// ListFindingAggregations implements inspector.API for the ACCOUNT and
// REPOSITORY aggregations, computed from the ACTIVE findings of the call's
// region. Results are sorted as the request asks (by the count of ALL
// findings, descending, by default), ties by account and repository.
func (f *Fake) ListFindingAggregations(ctx context.Context, in *inspector2.ListFindingAggregationsInput, optFns ...func(*inspector2.Options)) (*inspector2.ListFindingAggregationsOutput, error) {
	return handle(ctx, f, "ListFindingAggregations", optFns, in, func(region string) (*inspector2.ListFindingAggregationsOutput, error) {
		if in.AccountIds != nil && len(in.AccountIds) == 0 {
			return nil, emptyList("accountIds")
		}
		accounts := fromString(in.AccountIds)
		if err := checkStrings("accountIds", accounts, "EQUALS", "PREFIX", "NOT_EQUALS"); err != nil {
			return nil, err
		}
		var active []inspector.Finding
		for _, x := range f.findings {
			if x.Region == region && x.Status == inspector.StatusActive && matchStrings(accounts, []string{x.Account}) {
				active = append(active, x)
			}
		}
		var groups []group
		var sortBy string
		var order types.SortOrder
		switch in.AggregationType {
		case types.AggregationTypeAccount:
			req, ok := in.AggregationRequest.(*types.AggregationRequestMemberAccountAggregation)
			if in.AggregationRequest != nil && !ok {
				return nil, validation("aggregationRequest %T does not match aggregationType ACCOUNT", in.AggregationRequest)
			}
			var a types.AccountAggregation
			if ok {
				a = req.Value
			}
			groups = groupBy(active, func(x inspector.Finding) []key {
				if (a.FindingType != "" && string(x.Type) != string(a.FindingType)) || (a.ResourceType != "" && !hasResource(x, string(a.ResourceType))) {
					return nil
				}
				return []key{{account: x.Account}}
			})
			sortBy, order = string(a.SortBy), a.SortOrder
		case types.AggregationTypeRepository:
			req, ok := in.AggregationRequest.(*types.AggregationRequestMemberRepositoryAggregation)
			if in.AggregationRequest != nil && !ok {
				return nil, validation("aggregationRequest %T does not match aggregationType REPOSITORY", in.AggregationRequest)
			}
			var a types.RepositoryAggregation
			if ok {
				a = req.Value
			}
			if a.Repositories != nil && len(a.Repositories) == 0 {
				return nil, emptyList("aggregationRequest.repositoryAggregation.repositories")
			}
			repos := fromString(a.Repositories)
			if err := checkStrings("aggregationRequest.repositoryAggregation.repositories", repos, "EQUALS", "PREFIX", "NOT_EQUALS"); err != nil {
				return nil, err
			}
			groups = groupBy(active, func(x inspector.Finding) []key {
				var ks []key
				for _, r := range x.Resources {
					if r.Type == inspector.ResourceECRImage && matchStrings(repos, []string{r.ImageRepository}) {
						ks = append(ks, key{account: r.Account, repository: r.ImageRepository, digest: r.ImageDigest})
					}
				}
				return ks
			})
			sortBy, order = string(a.SortBy), a.SortOrder
		default:
			return nil, fmt.Errorf("inspectortest: ListFindingAggregations: the %q aggregation is not modelled by the fake", in.AggregationType)
		}
		sortGroups(groups, sortBy, order)
		p, next, err := page(f, "ListFindingAggregations", groups, in.NextToken, in.MaxResults, 100)
		if err != nil {
			return nil, err
		}
		out := &inspector2.ListFindingAggregationsOutput{AggregationType: in.AggregationType, NextToken: next}
		for _, g := range p {
			counts := &types.SeverityCounts{All: aws.Int64(g.all), Critical: aws.Int64(g.critical), High: aws.Int64(g.high), Medium: aws.Int64(g.medium)}
			if in.AggregationType == types.AggregationTypeAccount {
				out.Responses = append(out.Responses, &types.AggregationResponseMemberAccountAggregation{Value: types.AccountAggregationResponse{
					AccountId: aws.String(g.account), SeverityCounts: counts, FixAvailableCount: aws.Int64(g.fix), ExploitAvailableCount: aws.Int64(g.exploit),
				}})
			} else {
				out.Responses = append(out.Responses, &types.AggregationResponseMemberRepositoryAggregation{Value: types.RepositoryAggregationResponse{
					AccountId: aws.String(g.account), Repository: aws.String(g.repository), SeverityCounts: counts, AffectedImages: aws.Int64(int64(len(g.images))),
				}})
			}
		}
		return out, nil
	})
}

type key struct{ account, repository, digest string }

// group is one line of an aggregation.
type group struct {
	account, repository                       string
	all, critical, high, medium, fix, exploit int64
	images                                    []string
}

// groupBy counts each finding once in every group its keys name.
func groupBy(findings []inspector.Finding, keys func(inspector.Finding) []key) []group {
	index := map[key]int{}
	var out []group
	for _, x := range findings {
		counted := map[key]bool{}
		for _, k := range keys(x) {
			gk := key{account: k.account, repository: k.repository}
			i, ok := index[gk]
			if !ok {
				i = len(out)
				index[gk] = i
				out = append(out, group{account: k.account, repository: k.repository})
			}
			g := &out[i]
			if k.digest != "" && !slices.Contains(g.images, k.digest) {
				g.images = append(g.images, k.digest)
			}
			if counted[gk] {
				continue
			}
			counted[gk] = true
			g.all++
			switch x.Severity {
			case inspector.SeverityCritical:
				g.critical++
			case inspector.SeverityHigh:
				g.high++
			case inspector.SeverityMedium:
				g.medium++
			}
			if x.FixAvailable == inspector.Yes {
				g.fix++
			}
			if x.ExploitAvailable == inspector.Yes {
				g.exploit++
			}
		}
	}
	return out
}

func sortGroups(gs []group, by string, order types.SortOrder) {
	count := func(g group) int64 {
		switch by {
		case "CRITICAL":
			return g.critical
		case "HIGH":
			return g.high
		case "AFFECTED_IMAGES":
			return int64(len(g.images))
		default:
			return g.all
		}
	}
	slices.SortStableFunc(gs, func(a, b group) int {
		c := cmp.Compare(count(b), count(a))
		if order == types.SortOrderAsc {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(a.account, b.account), cmp.Compare(a.repository, b.repository))
	})
}

func hasResource(x inspector.Finding, t string) bool {
	for _, r := range x.Resources {
		if string(r.Type) == t {
			return true
		}
	}
	return false
}
