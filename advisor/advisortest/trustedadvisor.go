package advisortest

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/aigov/aigov/advisor"
	"github.com/aigov/aigov/internal/fakeaws"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/trustedadvisor"
	"github.com/aws/aws-sdk-go-v2/service/trustedadvisor/types"
)

// TrustedAdvisor is an in-memory TrustedAdvisor API. Its methods are safe
// for concurrent use.
//
// Error injection and the call log come from the embedded Core: Fail(op,
// err), FailN(op, n, err), PrependReactor(op, r), Calls(), CallCount(op),
// SetClock(now).
type TrustedAdvisor struct {
	*fakeaws.Core
	s settings

	mu     sync.Mutex
	checks []taCheck
	recs   []*advisor.Recommendation
	orgs   []*taOrg
	serial int
}

type taCheck struct {
	id, name string
	pillars  []advisor.Pillar
	columns  []string
}

// taOrg is an organisation recommendation: the result seeded (with the
// resources of every account) and the accounts it affects.
type taOrg struct {
	rec      advisor.Recommendation
	accounts []taOrgAccount
}

type taOrgAccount struct {
	id, arn string
	stage   advisor.LifecycleStage
	updated time.Time
}

var _ advisor.TrustedAdvisorAPI = (*TrustedAdvisor)(nil)

// NewTrustedAdvisor returns a TrustedAdvisor API with no checks.
func NewTrustedAdvisor(opts ...Option) *TrustedAdvisor {
	return &TrustedAdvisor{Core: fakeaws.NewCore(trustedadvisor.ServiceID, fakeaws.RESTStatus), s: newSettings(opts)}
}

// AddRecommendation adds a check and the account's recommendation for it,
// and returns the recommendation's ARN. Defaults are those of
// Support.AddCheck, and: Type "standard", Origin "ta_check" ("manual" for a
// recommendation with no check), an ARN in the fake's account. A result
// with StatusNotAvailable adds only the check, as the TrustedAdvisor API has
// no recommendation for a check without a result; the ARN is then empty.
// It panics on an invalid seed.
func (f *TrustedAdvisor) AddRecommendation(r advisor.Recommendation) string {
	now := f.Now().UTC()
	r = normalize("TrustedAdvisor.AddRecommendation", r, now)
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Account != "" && r.Account != f.s.account {
		panic(fmt.Sprintf("advisortest: TrustedAdvisor.AddRecommendation: the recommendation is for account %s, the fake's account is %s (see WithAccount)", r.Account, f.s.account))
	}
	f.addCheck(r)
	if r.Status == advisor.StatusNotAvailable {
		return ""
	}
	r.Account = f.s.account
	if r.Type == "" {
		r.Type = string(types.RecommendationTypeStandard)
	}
	f.origin(&r)
	if r.ARN == "" {
		r.ARN = fmt.Sprintf("arn:aws:trustedadvisor::%s:recommendation/%s", f.s.account, f.uuid())
	}
	f.locateResources(&r, f.s.account)
	if i := slices.IndexFunc(f.recs, func(have *advisor.Recommendation) bool { return have.ARN == r.ARN }); i >= 0 {
		f.recs[i] = &r
	} else {
		f.recs = append(f.recs, &r)
	}
	return r.ARN
}

// AddOrganizationRecommendation adds a Trusted Advisor Priority
// recommendation to the organisation view and returns its ARN. The
// accounts it affects are those of its resources (FlaggedResource.Account)
// and r.Account; each gets an account recommendation ARN and r's lifecycle
// stage (default pending_response). Type defaults to, and must be,
// "priority": AWS lists only prioritized recommendations organisation-wide.
// It panics on an invalid seed.
func (f *TrustedAdvisor) AddOrganizationRecommendation(r advisor.Recommendation) string {
	now := f.Now().UTC()
	r = normalize("TrustedAdvisor.AddOrganizationRecommendation", r, now)
	if r.Status == advisor.StatusNotAvailable {
		panic("advisortest: TrustedAdvisor.AddOrganizationRecommendation: an organisation recommendation has a result; not_available is not one")
	}
	if r.Type == "" {
		r.Type = string(types.RecommendationTypePriority)
	}
	if r.Type != string(types.RecommendationTypePriority) {
		panic(fmt.Sprintf("advisortest: TrustedAdvisor.AddOrganizationRecommendation: type %q; the organisation view lists only priority recommendations", r.Type))
	}
	if r.LifecycleStage == "" {
		r.LifecycleStage = advisor.LifecyclePendingResponse
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.addCheck(r)
	f.origin(&r)
	id := f.uuid()
	if r.ARN == "" {
		r.ARN = "arn:aws:trustedadvisor:::organization-recommendation/" + id
	}
	f.locateResources(&r, "")
	o := &taOrg{rec: r}
	var ids []string
	for _, res := range r.Resources {
		ids = append(ids, res.Account)
	}
	ids = append(ids, r.Account)
	for _, a := range slices.Compact(slices.Sorted(slices.Values(ids))) {
		if a == "" {
			continue
		}
		o.accounts = append(o.accounts, taOrgAccount{
			id:      a,
			arn:     fmt.Sprintf("arn:aws:trustedadvisor::%s:recommendation/%s", a, id),
			stage:   r.LifecycleStage,
			updated: r.LastUpdated,
		})
	}
	f.orgs = append(f.orgs, o)
	return r.ARN
}

// Recommendation returns the account recommendation with the ARN as the
// fake holds it now (its lifecycle after UpdateRecommendationLifecycle).
func (f *TrustedAdvisor) Recommendation(arn string) (advisor.Recommendation, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.recs {
		if r.ARN == arn {
			return *r, true
		}
	}
	return advisor.Recommendation{}, false
}

// OrganizationLifecycle returns the lifecycle stage of an organisation
// recommendation in each account it affects.
func (f *TrustedAdvisor) OrganizationLifecycle(arn string) map[string]advisor.LifecycleStage {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, o := range f.orgs {
		if o.rec.ARN == arn {
			out := make(map[string]advisor.LifecycleStage, len(o.accounts))
			for _, a := range o.accounts {
				out[a.id] = a.stage
			}
			return out
		}
	}
	return nil
}

func (f *TrustedAdvisor) uuid() string {
	f.serial++
	return fmt.Sprintf("%08x-0000-4000-8000-%012d", f.serial, f.serial)
}

// addCheck registers the check behind a result, replacing what an earlier
// seed said about it.
func (f *TrustedAdvisor) addCheck(r advisor.Recommendation) {
	if r.CheckID == "" {
		return
	}
	c := taCheck{id: r.CheckID, name: r.Name, pillars: r.Pillars, columns: r.Columns}
	if i := slices.IndexFunc(f.checks, func(have taCheck) bool { return have.id == c.id }); i >= 0 {
		f.checks[i] = c
		return
	}
	f.checks = append(f.checks, c)
}

func (f *TrustedAdvisor) origin(r *advisor.Recommendation) {
	switch {
	case r.Origin != "":
	case r.CheckID == "":
		r.Origin = string(types.RecommendationSourceManual)
	default:
		r.Origin = string(types.RecommendationSourceTaCheck)
	}
}

// locateResources gives every resource an account (account, when it has
// none and account is set) and a Trusted Advisor ARN.
func (f *TrustedAdvisor) locateResources(r *advisor.Recommendation, account string) {
	recID := lastSegment(r.ARN)
	for i := range r.Resources {
		res := &r.Resources[i]
		if res.Account == "" {
			res.Account = account
		}
		if res.ARN == "" {
			owner := res.Account
			if owner == "" {
				owner = f.s.account
			}
			res.ARN = fmt.Sprintf("arn:aws:trustedadvisor::%s:recommendation-resource/%s/%s", owner, recID, res.ID)
		}
	}
}

func lastSegment(arn string) string {
	return arn[strings.LastIndex(arn, "/")+1:]
}

// taHandle is fakeaws.Handle with the call's region, the fake's lock and
// the support-level check every operation makes first.
func taHandle[Out any](ctx context.Context, f *TrustedAdvisor, op string, optFns []func(*trustedadvisor.Options), in any, answer func(now time.Time) (*Out, error)) (*Out, error) {
	region := fakeaws.ApplyOptions(trustedadvisor.Options{Region: "us-east-1"}, optFns).Region
	now := f.Now().UTC()
	return fakeaws.Handle(ctx, f.Core, op, region, in, func() (*Out, error) {
		if f.s.noSubscription {
			return nil, SupportLevel()
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		return answer(now)
	})
}

// orgHandle is taHandle for the organisation operations, which need
// Trusted Advisor Priority.
func orgHandle[Out any](ctx context.Context, f *TrustedAdvisor, op string, optFns []func(*trustedadvisor.Options), in any, answer func(now time.Time) (*Out, error)) (*Out, error) {
	return taHandle(ctx, f, op, optFns, in, func(now time.Time) (*Out, error) {
		if f.s.noPriority {
			return nil, PriorityNotEnabled()
		}
		return answer(now)
	})
}

// taPage pages items as the TrustedAdvisor API does: MaxResults 1 to 200,
// 100 when unset (AWS documents no default), tokens bound to the
// operation.
func taPage[T any](f *TrustedAdvisor, op string, items []T, token *string, maxResults *int32) ([]T, *string, error) {
	size := 100
	if maxResults != nil {
		if *maxResults < 1 || *maxResults > 200 {
			return nil, nil, validation("1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 200", *maxResults)
		}
		size = int(*maxResults)
	}
	if f.s.pageSize > 0 {
		size = min(size, f.s.pageSize)
	}
	p, next, err := fakeaws.Page(op, items, token, size)
	if errors.Is(err, fakeaws.ErrBadToken) {
		return nil, nil, validation("The nextToken provided is invalid")
	}
	return p, next, err
}

var (
	checkARNPattern   = regexp.MustCompile(`^arn:[\w-]+:trustedadvisor:::check/[\w-]+$`)
	accountRecPattern = regexp.MustCompile(`^arn:[\w-]+:trustedadvisor::\d{12}:recommendation/[\w-]+$`)
	orgRecPattern     = regexp.MustCompile(`^arn:[\w-]+:trustedadvisor:::organization-recommendation/[\w-]+$`)
)

// identifier checks an ARN parameter against the pattern of the API's
// model, as AWS does before looking anything up.
func identifier(member string, v *string, pattern *regexp.Regexp) error {
	s := aws.ToString(v)
	if !pattern.MatchString(s) {
		return validation("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: %s", s, member, pattern)
	}
	return nil
}

// ListChecks implements advisor.TrustedAdvisorAPI.
func (f *TrustedAdvisor) ListChecks(ctx context.Context, in *trustedadvisor.ListChecksInput, optFns ...func(*trustedadvisor.Options)) (*trustedadvisor.ListChecksOutput, error) {
	return taHandle(ctx, f, "ListChecks", optFns, in, func(time.Time) (*trustedadvisor.ListChecksOutput, error) {
		var all []types.CheckSummary
		for _, c := range f.checks {
			if in.Pillar != "" && !slices.Contains(c.pillars, advisor.Pillar(in.Pillar)) {
				continue
			}
			if in.Source != "" && in.Source != types.RecommendationSourceTaCheck {
				continue
			}
			headers := make(map[string]string, len(c.columns))
			for i, col := range c.columns {
				headers[fmt.Sprint(i)] = col
			}
			all = append(all, types.CheckSummary{
				Arn:         aws.String(advisor.CheckARN(c.id)),
				Id:          aws.String(c.id),
				Name:        aws.String(c.name),
				Description: aws.String("Checks " + c.name + "."),
				AwsServices: []string{},
				Pillars:     sdkPillars(c.pillars),
				Source:      types.RecommendationSourceTaCheck,
				Metadata:    headers,
			})
		}
		p, next, err := taPage(f, "ListChecks", all, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &trustedadvisor.ListChecksOutput{CheckSummaries: nonNil(p), NextToken: next}, nil
	})
}

// filters are the listing filters the recommendation operations share.
type filters struct {
	pillar  types.RecommendationPillar
	status  types.RecommendationStatus
	checkID *string
	typ     types.RecommendationType
	source  types.RecommendationSource
}

func (fl filters) keep(r advisor.Recommendation) bool {
	return (fl.pillar == "" || slices.Contains(r.Pillars, advisor.Pillar(fl.pillar))) &&
		(fl.status == "" || string(fl.status) == string(r.Status)) &&
		(fl.checkID == nil || advisor.CheckARN(r.CheckID) == *fl.checkID && r.CheckID != "") &&
		(fl.typ == "" || string(fl.typ) == r.Type) &&
		(fl.source == "" || string(fl.source) == r.Origin)
}

func checkFilter(v *string) error {
	if v == nil {
		return nil
	}
	return identifier("checkIdentifier", v, checkARNPattern)
}

// ListRecommendations implements advisor.TrustedAdvisorAPI.
func (f *TrustedAdvisor) ListRecommendations(ctx context.Context, in *trustedadvisor.ListRecommendationsInput, optFns ...func(*trustedadvisor.Options)) (*trustedadvisor.ListRecommendationsOutput, error) {
	return taHandle(ctx, f, "ListRecommendations", optFns, in, func(time.Time) (*trustedadvisor.ListRecommendationsOutput, error) {
		if err := checkFilter(in.CheckIdentifier); err != nil {
			return nil, err
		}
		fl := filters{pillar: in.Pillar, status: in.Status, checkID: in.CheckIdentifier, typ: in.Type, source: in.Source}
		var all []types.RecommendationSummary
		for _, r := range f.recs {
			if !fl.keep(*r) {
				continue
			}
			all = append(all, types.RecommendationSummary{
				Arn:                 aws.String(r.ARN),
				Id:                  aws.String(lastSegment(r.ARN)),
				Name:                aws.String(r.Name),
				Pillars:             sdkPillars(r.Pillars),
				ResourcesAggregates: aggregates(*r),
				Source:              types.RecommendationSource(r.Origin),
				Status:              types.RecommendationStatus(r.Status),
				Type:                types.RecommendationType(r.Type),
				AwsServices:         []string{},
				CheckArn:            checkARN(r.CheckID),
				LastUpdatedAt:       aws.Time(r.LastUpdated),
				LifecycleStage:      types.RecommendationLifecycleStage(r.LifecycleStage),
				StatusReason:        types.StatusReason(r.StatusReason),
			})
		}
		p, next, err := taPage(f, "ListRecommendations", all, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &trustedadvisor.ListRecommendationsOutput{RecommendationSummaries: nonNil(p), NextToken: next}, nil
	})
}

// ListRecommendationResources implements advisor.TrustedAdvisorAPI.
func (f *TrustedAdvisor) ListRecommendationResources(ctx context.Context, in *trustedadvisor.ListRecommendationResourcesInput, optFns ...func(*trustedadvisor.Options)) (*trustedadvisor.ListRecommendationResourcesOutput, error) {
	return taHandle(ctx, f, "ListRecommendationResources", optFns, in, func(time.Time) (*trustedadvisor.ListRecommendationResourcesOutput, error) {
		r, err := f.accountRecommendation(in.RecommendationIdentifier)
		if err != nil {
			return nil, err
		}
		var all []types.RecommendationResourceSummary
		for _, res := range r.Resources {
			if !keepResource(res, in.Status, in.ExclusionStatus, in.RegionCode, nil) {
				continue
			}
			all = append(all, types.RecommendationResourceSummary{
				Arn:               aws.String(res.ARN),
				AwsResourceId:     aws.String(res.AWSResourceID),
				Id:                aws.String(res.ID),
				LastUpdatedAt:     aws.Time(res.LastUpdated),
				Metadata:          positionalMap(r.Columns, res.Metadata),
				RecommendationArn: aws.String(r.ARN),
				RegionCode:        aws.String(res.Region),
				Status:            types.ResourceStatus(res.Status),
				ExclusionStatus:   exclusion(res),
			})
		}
		p, next, err := taPage(f, "ListRecommendationResources", all, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &trustedadvisor.ListRecommendationResourcesOutput{RecommendationResourceSummaries: nonNil(p), NextToken: next}, nil
	})
}

func (f *TrustedAdvisor) accountRecommendation(id *string) (*advisor.Recommendation, error) {
	if err := identifier("recommendationIdentifier", id, accountRecPattern); err != nil {
		return nil, err
	}
	for _, r := range f.recs {
		if r.ARN == *id {
			return r, nil
		}
	}
	return nil, notFound("Recommendation " + *id)
}

func keepResource(res advisor.FlaggedResource, st types.ResourceStatus, ex types.ExclusionStatus, region, account *string) bool {
	return (st == "" || string(st) == string(res.Status)) &&
		(ex == "" || ex == exclusion(res)) &&
		(region == nil || *region == res.Region) &&
		(account == nil || *account == res.Account)
}

func exclusion(res advisor.FlaggedResource) types.ExclusionStatus {
	if res.Suppressed {
		return types.ExclusionStatusExcluded
	}
	return types.ExclusionStatusIncluded
}

// UpdateRecommendationLifecycle implements advisor.TrustedAdvisorAPI. A
// standard (not prioritized) recommendation is refused with a
// ValidationException: AWS documents that the operation supports only
// prioritized recommendations, not the error it answers otherwise.
func (f *TrustedAdvisor) UpdateRecommendationLifecycle(ctx context.Context, in *trustedadvisor.UpdateRecommendationLifecycleInput, optFns ...func(*trustedadvisor.Options)) (*trustedadvisor.UpdateRecommendationLifecycleOutput, error) {
	return taHandle(ctx, f, "UpdateRecommendationLifecycle", optFns, in, func(now time.Time) (*trustedadvisor.UpdateRecommendationLifecycleOutput, error) {
		if err := lifecycleInput(in.LifecycleStage, in.UpdateReason); err != nil {
			return nil, err
		}
		r, err := f.accountRecommendation(in.RecommendationIdentifier)
		if err != nil {
			return nil, err
		}
		if r.Type != string(types.RecommendationTypePriority) {
			return nil, validation("This API only supports prioritized recommendations")
		}
		r.LifecycleStage = advisor.LifecycleStage(in.LifecycleStage)
		r.LastUpdated = now
		return &trustedadvisor.UpdateRecommendationLifecycleOutput{}, nil
	})
}

func lifecycleInput(stage types.UpdateRecommendationLifecycleStage, reason *string) error {
	if !slices.Contains(stage.Values(), stage) {
		return validation("1 validation error detected: Value '%s' at 'lifecycleStage' failed to satisfy constraint: Member must satisfy enum value set: %v", stage, stage.Values())
	}
	if reason != nil {
		if n := utf8.RuneCountInString(*reason); n < 10 || n > 4096 {
			return validation("1 validation error detected: Value at 'updateReason' failed to satisfy constraint: Member must have length between 10 and 4096")
		}
	}
	return nil
}

// ListOrganizationRecommendations implements advisor.TrustedAdvisorAPI.
func (f *TrustedAdvisor) ListOrganizationRecommendations(ctx context.Context, in *trustedadvisor.ListOrganizationRecommendationsInput, optFns ...func(*trustedadvisor.Options)) (*trustedadvisor.ListOrganizationRecommendationsOutput, error) {
	return orgHandle(ctx, f, "ListOrganizationRecommendations", optFns, in, func(time.Time) (*trustedadvisor.ListOrganizationRecommendationsOutput, error) {
		if err := checkFilter(in.CheckIdentifier); err != nil {
			return nil, err
		}
		fl := filters{pillar: in.Pillar, status: in.Status, checkID: in.CheckIdentifier, typ: in.Type, source: in.Source}
		var all []types.OrganizationRecommendationSummary
		for _, o := range f.orgs {
			r := o.rec
			if !fl.keep(r) {
				continue
			}
			all = append(all, types.OrganizationRecommendationSummary{
				Arn:                 aws.String(r.ARN),
				Id:                  aws.String(lastSegment(r.ARN)),
				Name:                aws.String(r.Name),
				Pillars:             sdkPillars(r.Pillars),
				ResourcesAggregates: aggregates(r),
				Source:              types.RecommendationSource(r.Origin),
				Status:              types.RecommendationStatus(r.Status),
				Type:                types.RecommendationType(r.Type),
				AwsServices:         []string{},
				CheckArn:            checkARN(r.CheckID),
				LastUpdatedAt:       aws.Time(r.LastUpdated),
				LifecycleStage:      types.RecommendationLifecycleStage(r.LifecycleStage),
			})
		}
		p, next, err := taPage(f, "ListOrganizationRecommendations", all, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &trustedadvisor.ListOrganizationRecommendationsOutput{OrganizationRecommendationSummaries: nonNil(p), NextToken: next}, nil
	})
}

func (f *TrustedAdvisor) organizationRecommendation(id *string) (*taOrg, error) {
	if err := identifier("organizationRecommendationIdentifier", id, orgRecPattern); err != nil {
		return nil, err
	}
	for _, o := range f.orgs {
		if o.rec.ARN == *id {
			return o, nil
		}
	}
	return nil, notFound("Organization recommendation " + *id)
}

// ListOrganizationRecommendationAccounts implements advisor.TrustedAdvisorAPI.
func (f *TrustedAdvisor) ListOrganizationRecommendationAccounts(ctx context.Context, in *trustedadvisor.ListOrganizationRecommendationAccountsInput, optFns ...func(*trustedadvisor.Options)) (*trustedadvisor.ListOrganizationRecommendationAccountsOutput, error) {
	return orgHandle(ctx, f, "ListOrganizationRecommendationAccounts", optFns, in, func(time.Time) (*trustedadvisor.ListOrganizationRecommendationAccountsOutput, error) {
		o, err := f.organizationRecommendation(in.OrganizationRecommendationIdentifier)
		if err != nil {
			return nil, err
		}
		var all []types.AccountRecommendationLifecycleSummary
		for _, a := range o.accounts {
			if in.AffectedAccountId != nil && *in.AffectedAccountId != a.id {
				continue
			}
			all = append(all, types.AccountRecommendationLifecycleSummary{
				AccountId:                aws.String(a.id),
				AccountRecommendationArn: aws.String(a.arn),
				LastUpdatedAt:            aws.Time(a.updated),
				LifecycleStage:           types.RecommendationLifecycleStage(a.stage),
			})
		}
		p, next, err := taPage(f, "ListOrganizationRecommendationAccounts", all, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &trustedadvisor.ListOrganizationRecommendationAccountsOutput{AccountRecommendationLifecycleSummaries: nonNil(p), NextToken: next}, nil
	})
}

// ListOrganizationRecommendationResources implements advisor.TrustedAdvisorAPI.
func (f *TrustedAdvisor) ListOrganizationRecommendationResources(ctx context.Context, in *trustedadvisor.ListOrganizationRecommendationResourcesInput, optFns ...func(*trustedadvisor.Options)) (*trustedadvisor.ListOrganizationRecommendationResourcesOutput, error) {
	return orgHandle(ctx, f, "ListOrganizationRecommendationResources", optFns, in, func(time.Time) (*trustedadvisor.ListOrganizationRecommendationResourcesOutput, error) {
		o, err := f.organizationRecommendation(in.OrganizationRecommendationIdentifier)
		if err != nil {
			return nil, err
		}
		var all []types.OrganizationRecommendationResourceSummary
		for _, res := range o.rec.Resources {
			if !keepResource(res, in.Status, in.ExclusionStatus, in.RegionCode, in.AffectedAccountId) {
				continue
			}
			all = append(all, types.OrganizationRecommendationResourceSummary{
				Arn:               aws.String(res.ARN),
				AwsResourceId:     aws.String(res.AWSResourceID),
				Id:                aws.String(res.ID),
				LastUpdatedAt:     aws.Time(res.LastUpdated),
				Metadata:          positionalMap(o.rec.Columns, res.Metadata),
				RecommendationArn: aws.String(o.rec.ARN),
				RegionCode:        aws.String(res.Region),
				Status:            types.ResourceStatus(res.Status),
				AccountId:         optional(res.Account),
				ExclusionStatus:   exclusion(res),
			})
		}
		p, next, err := taPage(f, "ListOrganizationRecommendationResources", all, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &trustedadvisor.ListOrganizationRecommendationResourcesOutput{OrganizationRecommendationResourceSummaries: nonNil(p), NextToken: next}, nil
	})
}

// UpdateOrganizationRecommendationLifecycle implements
// advisor.TrustedAdvisorAPI: it moves the recommendation in every account
// it affects.
func (f *TrustedAdvisor) UpdateOrganizationRecommendationLifecycle(ctx context.Context, in *trustedadvisor.UpdateOrganizationRecommendationLifecycleInput, optFns ...func(*trustedadvisor.Options)) (*trustedadvisor.UpdateOrganizationRecommendationLifecycleOutput, error) {
	return orgHandle(ctx, f, "UpdateOrganizationRecommendationLifecycle", optFns, in, func(now time.Time) (*trustedadvisor.UpdateOrganizationRecommendationLifecycleOutput, error) {
		if err := lifecycleInput(in.LifecycleStage, in.UpdateReason); err != nil {
			return nil, err
		}
		o, err := f.organizationRecommendation(in.OrganizationRecommendationIdentifier)
		if err != nil {
			return nil, err
		}
		stage := advisor.LifecycleStage(in.LifecycleStage)
		o.rec.LifecycleStage, o.rec.LastUpdated = stage, now
		for i := range o.accounts {
			o.accounts[i].stage, o.accounts[i].updated = stage, now
		}
		return &trustedadvisor.UpdateOrganizationRecommendationLifecycleOutput{}, nil
	})
}

// aggregates counts a result's resources as the TrustedAdvisor API does;
// a result seeded with counts and no resources keeps its counts.
func aggregates(r advisor.Recommendation) *types.RecommendationResourcesAggregates {
	var warning, failed, excluded int64
	for _, res := range r.Resources {
		switch {
		case res.Suppressed:
			excluded++
		case res.Status == advisor.StatusWarning:
			warning++
		case res.Status == advisor.StatusError:
			failed++
		}
	}
	if len(r.Resources) == 0 {
		switch r.Status {
		case advisor.StatusError:
			failed = r.ResourcesFlagged
		case advisor.StatusWarning:
			warning = r.ResourcesFlagged
		}
		excluded = r.ResourcesSuppressed
	}
	ok := max(r.ResourcesProcessed-warning-failed, 0)
	return &types.RecommendationResourcesAggregates{
		OkCount: aws.Int64(ok), WarningCount: aws.Int64(warning), ErrorCount: aws.Int64(failed), ExcludedCount: aws.Int64(excluded),
	}
}

// positionalMap lays metadata out as the TrustedAdvisor API does: keyed by
// column position, "0", "1", ….
func positionalMap(columns []string, metadata map[string]string) map[string]string {
	out := make(map[string]string, len(metadata))
	for k, v := range metadata {
		out[fmt.Sprint(column(columns, k))] = v
	}
	return out
}

func sdkPillars(ps []advisor.Pillar) []types.RecommendationPillar {
	out := make([]types.RecommendationPillar, len(ps))
	for i, p := range ps {
		out[i] = types.RecommendationPillar(p)
	}
	return out
}

func checkARN(id string) *string {
	if id == "" {
		return nil
	}
	return aws.String(advisor.CheckARN(id))
}

// nonNil makes an empty page an empty list, as AWS sends it.
func nonNil[T any](p []T) []T {
	if p == nil {
		return []T{}
	}
	return p
}
