package inspector

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aigov/aigov/internal/pager"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
)

// CountBy is how SeverityCounts groups findings.
type CountBy string

// The groupings.
const (
	CountByAccount    CountBy = "ACCOUNT"
	CountByRepository CountBy = "REPOSITORY"
)

// SeverityCountQuery selects the severity counts to return.
type SeverityCountQuery struct {
	// By groups the counts per account (the default) or per ECR
	// repository.
	By CountBy `json:"by,omitempty"`
	// Accounts limits the counts to these accounts; empty means every
	// account the caller sees (its own, or the organisation's for the
	// delegated administrator).
	Accounts []string `json:"accounts,omitempty"`
	// Repositories limits per-repository counts to the repositories
	// matched (Equal, Prefix and Not).
	Repositories []Match `json:"repositories,omitempty"`
	// FindingType and ResourceType limit per-account counts to one type
	// of finding or of resource.
	FindingType  FindingType  `json:"findingType,omitempty"`
	ResourceType ResourceType `json:"resourceType,omitempty"`
}

// SeverityCount counts the ACTIVE findings of an account, or of an ECR
// repository, per severity. Amazon Inspector counts CRITICAL, HIGH and
// MEDIUM apart; Other is the rest.
type SeverityCount struct {
	Account string `json:"account"`
	// Repository is set when counting per repository.
	Repository string `json:"repository,omitempty"`
	All        int64  `json:"all"`
	Critical   int64  `json:"critical"`
	High       int64  `json:"high"`
	Medium     int64  `json:"medium"`
	// AffectedImages counts the images of the repository with findings
	// (per repository only).
	AffectedImages int64 `json:"affectedImages,omitempty"`
	// FixAvailable and ExploitAvailable count the findings with a fix and
	// with a known exploit (per account only).
	FixAvailable     int64 `json:"fixAvailable,omitempty"`
	ExploitAvailable int64 `json:"exploitAvailable,omitempty"`
}

// Other counts the findings that are neither CRITICAL, HIGH nor MEDIUM:
// LOW, INFORMATIONAL and UNTRIAGED.
func (c SeverityCount) Other() int64 { return c.All - c.Critical - c.High - c.Medium }

// SeverityCounts returns how many ACTIVE findings each account, or each ECR
// repository, has per severity, computed by Amazon Inspector without paging
// through the findings. The counts are sorted by account, then repository.
//
// IAM: inspector2:ListFindingAggregations.
func (c *Client) SeverityCounts(ctx context.Context, q SeverityCountQuery) ([]SeverityCount, error) {
	req, kind, err := q.request()
	if err != nil {
		return nil, err
	}
	// The aggregation takes at most 10 account filters; ask in batches.
	batches := [][]string{nil}
	if len(q.Accounts) > 0 {
		batches = slices.Collect(slices.Chunk(dedupe(slices.Clone(q.Accounts)), maxMatches))
	}
	var res []SeverityCount
	for _, batch := range batches {
		got, err := pager.Collect(c.aggregations(ctx, kind, req, batch))
		res = append(res, got...)
		if err != nil {
			sortCounts(res)
			return res, err
		}
	}
	sortCounts(res)
	return res, nil
}

func (c *Client) aggregations(ctx context.Context, kind types.AggregationType, req types.AggregationRequest, accounts []string) func(func(SeverityCount, error) bool) {
	accountFilters := equalsEach(accounts)
	return clientkit.Pages(ctx, &c.base, "ListFindingAggregations", func(ctx context.Context, token *string) ([]SeverityCount, *string, error) {
		out, err := c.api.ListFindingAggregations(ctx, &inspector2.ListFindingAggregationsInput{
			AggregationType:    kind,
			AggregationRequest: req,
			AccountIds:         accountFilters,
			MaxResults:         c.size(DefaultPageSize),
			NextToken:          token,
		}, c.optFns()...)
		if err != nil {
			return nil, nil, err
		}
		res := make([]SeverityCount, 0, len(out.Responses))
		for i, r := range out.Responses {
			var n SeverityCount
			switch v := r.(type) {
			case *types.AggregationResponseMemberAccountAggregation:
				n = SeverityCount{Account: aws.ToString(v.Value.AccountId), FixAvailable: aws.ToInt64(v.Value.FixAvailableCount), ExploitAvailable: aws.ToInt64(v.Value.ExploitAvailableCount)}
				n.count(v.Value.SeverityCounts)
			case *types.AggregationResponseMemberRepositoryAggregation:
				n = SeverityCount{Account: aws.ToString(v.Value.AccountId), Repository: aws.ToString(v.Value.Repository), AffectedImages: aws.ToInt64(v.Value.AffectedImages)}
				n.count(v.Value.SeverityCounts)
			default:
				return res, nil, fmt.Errorf("response %d: a %T, not the %s aggregation asked for", i+1, r, kind)
			}
			res = append(res, n)
		}
		return res, out.NextToken, nil
	})
}

func (n *SeverityCount) count(s *types.SeverityCounts) {
	if s == nil {
		return
	}
	n.All, n.Critical, n.High, n.Medium = aws.ToInt64(s.All), aws.ToInt64(s.Critical), aws.ToInt64(s.High), aws.ToInt64(s.Medium)
}

func (q SeverityCountQuery) request() (types.AggregationRequest, types.AggregationType, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("inspector: invalid SeverityCountQuery: %s", fmt.Sprintf(format, args...))
	}
	switch q.By {
	case "", CountByAccount:
		if len(q.Repositories) > 0 {
			return nil, "", bad("Repositories apply to counts by repository")
		}
		agg := types.AccountAggregation{FindingType: types.AggregationFindingType(q.FindingType), ResourceType: types.AggregationResourceType(q.ResourceType)}
		if _, err := enumFilter("SeverityCountQuery.FindingType", optionalEnum(q.FindingType), TypePackageVulnerability, TypeCodeVulnerability, TypeNetworkReachability); err != nil {
			return nil, "", err
		}
		if _, err := enumFilter("SeverityCountQuery.ResourceType", optionalEnum(q.ResourceType), ResourceEC2Instance, ResourceECRImage, ResourceLambdaFunction, ResourceCodeRepository); err != nil {
			return nil, "", err
		}
		return &types.AggregationRequestMemberAccountAggregation{Value: agg}, types.AggregationTypeAccount, nil
	case CountByRepository:
		if q.FindingType != "" || q.ResourceType != "" {
			return nil, "", bad("FindingType and ResourceType apply to counts by account")
		}
		repos, err := toFilters("SeverityCountQuery.Repositories", q.Repositories, stringFilter, OpEquals, OpPrefix, OpNotEquals)
		if err != nil {
			return nil, "", err
		}
		return &types.AggregationRequestMemberRepositoryAggregation{Value: types.RepositoryAggregation{Repositories: repos}}, types.AggregationTypeRepository, nil
	default:
		return nil, "", bad("By %q is neither %s nor %s", q.By, CountByAccount, CountByRepository)
	}
}

func sortCounts(cs []SeverityCount) {
	slices.SortStableFunc(cs, func(a, b SeverityCount) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Repository, b.Repository))
	})
}
