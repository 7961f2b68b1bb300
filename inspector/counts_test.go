package inspector_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aigov/aigov/inspector"
	"github.com/aigov/aigov/inspector/inspectortest"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	gocmp "github.com/google/go-cmp/cmp"
)

// countByPaging computes, from every ACTIVE finding, what SeverityCounts
// should say.
func countByPaging(t *testing.T, c *inspector.Client, byRepo bool) []inspector.SeverityCount {
	t.Helper()
	index := map[[2]string]*inspector.SeverityCount{}
	var order []*inspector.SeverityCount
	for _, x := range collect(t, c.Findings(context.Background(), inspector.FindingFilter{})) {
		k := [2]string{x.Account, ""}
		if byRepo {
			if x.Resources[0].Type != inspector.ResourceECRImage {
				continue
			}
			k[1] = x.Resources[0].ImageRepository
		}
		n, ok := index[k]
		if !ok {
			n = &inspector.SeverityCount{Account: k[0], Repository: k[1]}
			index[k] = n
			order = append(order, n)
		}
		n.All++
		switch x.Severity {
		case inspector.SeverityCritical:
			n.Critical++
		case inspector.SeverityHigh:
			n.High++
		case inspector.SeverityMedium:
			n.Medium++
		}
		if !byRepo && x.FixAvailable == inspector.Yes {
			n.FixAvailable++
		}
		if !byRepo && x.ExploitAvailable == inspector.Yes {
			n.ExploitAvailable++
		}
	}
	var out []inspector.SeverityCount
	for _, n := range order {
		out = append(out, *n)
	}
	return out
}

func TestSeverityCountsMatchPaging(t *testing.T) {
	f := filterFake(t)
	c := inspector.New(f, inspector.WithPageSize(1))
	ctx := context.Background()

	byAccount, err := c.SeverityCounts(ctx, inspector.SeverityCountQuery{})
	if err != nil {
		t.Fatal(err)
	}
	paged := countByPaging(t, c, false)
	sortCounts(paged)
	if d := gocmp.Diff(paged, byAccount); d != "" {
		t.Errorf("per account, aggregation vs paging (-paging +aggregation):\n%s", d)
	}
	if byAccount[0].Other() != 2 {
		t.Errorf("Other() = %d, want the LOW image finding and the LOW network finding", byAccount[0].Other())
	}

	byRepo, err := c.SeverityCounts(ctx, inspector.SeverityCountQuery{By: inspector.CountByRepository})
	if err != nil {
		t.Fatal(err)
	}
	paged = countByPaging(t, c, true)
	sortCounts(paged)
	for i := range byRepo {
		byRepo[i].AffectedImages = 0 // paging has no notion of it; checked below
	}
	if d := gocmp.Diff(paged, byRepo); d != "" {
		t.Errorf("per repository, aggregation vs paging (-paging +aggregation):\n%s", d)
	}
	if f.CallCount("ListFindingAggregations") < 4 {
		t.Errorf("ListFindingAggregations called %d times, want several pages", f.CallCount("ListFindingAggregations"))
	}
}

func sortCounts(cs []inspector.SeverityCount) {
	slices.SortFunc(cs, func(a, b inspector.SeverityCount) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Repository, b.Repository))
	})
}

func TestSeverityCountsQuery(t *testing.T) {
	f := filterFake(t)
	c := inspector.New(f)
	ctx := context.Background()
	got, err := c.SeverityCounts(ctx, inspector.SeverityCountQuery{By: inspector.CountByRepository, Repositories: inspector.Equal("ml/serving"), Accounts: []string{acct}})
	if err != nil {
		t.Fatal(err)
	}
	want := []inspector.SeverityCount{{Account: acct, Repository: "ml/serving", All: 3, Critical: 2, High: 1, AffectedImages: 2}}
	if d := gocmp.Diff(want, got); d != "" {
		t.Errorf("ml/serving (-want +got):\n%s", d)
	}
	got, err = c.SeverityCounts(ctx, inspector.SeverityCountQuery{ResourceType: inspector.ResourceLambdaFunction})
	if err != nil || len(got) != 1 || got[0].All != 1 || got[0].Medium != 1 {
		t.Errorf("Lambda counts: %+v, %v", got, err)
	}
	got, err = c.SeverityCounts(ctx, inspector.SeverityCountQuery{FindingType: inspector.TypeNetworkReachability})
	if err != nil || len(got) != 1 || got[0].All != 1 || got[0].Other() != 1 {
		t.Errorf("network counts: %+v, %v", got, err)
	}
}

func TestSeverityCountsManyAccounts(t *testing.T) {
	f := inspectortest.New()
	var accounts []string
	for i := range 12 {
		a := fmt.Sprintf("1000000000%02d", i)
		accounts = append(accounts, a)
		f.AddFinding(inspectortest.ImageFinding(a+".dkr.ecr.us-east-1.amazonaws.com/m:1", "CVE-2025-0001", inspector.SeverityCritical, "torch", "1", "2"))
	}
	got, err := inspector.New(f).SeverityCounts(context.Background(), inspector.SeverityCountQuery{Accounts: accounts})
	if err != nil || len(got) != 12 || got[0].Account != accounts[0] || got[11].Critical != 1 {
		t.Fatalf("got %d counts, %v", len(got), err)
	}
	var sizes []int
	for _, c := range f.Calls() {
		sizes = append(sizes, len(c.Input.(*inspector2.ListFindingAggregationsInput).AccountIds))
	}
	if d := gocmp.Diff([]int{10, 2}, sizes); d != "" {
		t.Errorf("accounts per call (-want +got):\n%s", d)
	}
}

func TestInvalidSeverityCountQuery(t *testing.T) {
	tests := []struct {
		q    inspector.SeverityCountQuery
		want string
	}{
		{inspector.SeverityCountQuery{By: "TEAM"}, `inspector: invalid SeverityCountQuery: By "TEAM" is neither ACCOUNT nor REPOSITORY`},
		{inspector.SeverityCountQuery{Repositories: inspector.Equal("x")}, "inspector: invalid SeverityCountQuery: Repositories apply to counts by repository"},
		{inspector.SeverityCountQuery{By: inspector.CountByRepository, FindingType: inspector.TypePackageVulnerability}, "inspector: invalid SeverityCountQuery: FindingType and ResourceType apply to counts by account"},
		{inspector.SeverityCountQuery{ResourceType: inspector.ResourceECRRepository}, `inspector: invalid SeverityCountQuery.ResourceType: "AWS_ECR_REPOSITORY" is not one of`},
		{inspector.SeverityCountQuery{By: inspector.CountByRepository, Repositories: []inspector.Match{{Op: "LIKE", Value: "x"}}}, `inspector: invalid SeverityCountQuery.Repositories: comparison "LIKE"`},
	}
	for _, tt := range tests {
		_, err := inspector.New(seeded(t)).SeverityCounts(context.Background(), tt.q)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
	}
}
