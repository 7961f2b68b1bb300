package configtest

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/aigov/aigov/config"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

// DescribeConfigRules implements config.API.
func (f *Fake) DescribeConfigRules(ctx context.Context, in *configservice.DescribeConfigRulesInput, optFns ...func(*configservice.Options)) (*configservice.DescribeConfigRulesOutput, error) {
	return handle(ctx, f, "DescribeConfigRules", optFns, in, func(region string) (*configservice.DescribeConfigRulesOutput, error) {
		rules, err := f.namedRules(f.account, region, in.ConfigRuleNames)
		if err != nil {
			return nil, err
		}
		p, next, err := page(f, "DescribeConfigRules", rules, in.NextToken, 0, 25, 25)
		if err != nil {
			return nil, err
		}
		out := &configservice.DescribeConfigRulesOutput{NextToken: next}
		for _, r := range p {
			out.ConfigRules = append(out.ConfigRules, sdkRule(r))
		}
		return out, nil
	})
}

// namedRules returns the rules of a location, sorted by name, or only those
// named; an unknown name is NoSuchConfigRuleException, as in AWS Config.
func (f *Fake) namedRules(account, region string, names []string) ([]config.Rule, error) {
	var rules []config.Rule
	for _, r := range f.rules {
		if r.Account == account && r.Region == region && (len(names) == 0 || slices.Contains(names, r.Name)) {
			rules = append(rules, r)
		}
	}
	for _, n := range names {
		if !slices.ContainsFunc(rules, func(r config.Rule) bool { return r.Name == n }) {
			return nil, noSuchRule(n)
		}
	}
	return sortedBy(rules, func(r config.Rule) string { return r.Name }), nil
}

func sdkRule(r config.Rule) types.ConfigRule {
	out := types.ConfigRule{
		ConfigRuleName:            aws.String(r.Name),
		ConfigRuleArn:             aws.String(r.ARN),
		ConfigRuleId:              aws.String(r.ID),
		ConfigRuleState:           types.ConfigRuleState(r.State),
		MaximumExecutionFrequency: types.MaximumExecutionFrequency(r.MaximumExecutionFrequency),
		Source:                    &types.Source{Owner: types.Owner(r.Owner), SourceIdentifier: optional(r.SourceIdentifier)},
		CreatedBy:                 optional(r.CreatedBy),
		InputParameters:           optional(r.InputParameters),
	}
	if s := r.Scope; len(s.ResourceTypes) > 0 || s.ResourceID != "" || s.TagKey != "" {
		out.Scope = &types.Scope{ComplianceResourceTypes: s.ResourceTypes, ComplianceResourceId: optional(s.ResourceID), TagKey: optional(s.TagKey), TagValue: optional(s.TagValue)}
	}
	return out
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return aws.Time(t)
}

// ruleCompliance derives a rule's compliance from its results as AWS Config
// does, with the count of non-compliant resources capped at 100.
func (f *Fake) ruleCompliance(account, region, rule string) *types.Compliance {
	comp := types.ComplianceTypeInsufficientData
	nonCompliant := 0
	for _, e := range f.evaluations {
		if e.Account != account || e.Region != region || e.Rule != rule {
			continue
		}
		switch e.Compliance {
		case config.NonCompliant:
			nonCompliant++
			comp = types.ComplianceTypeNonCompliant
		case config.Compliant:
			if comp != types.ComplianceTypeNonCompliant {
				comp = types.ComplianceTypeCompliant
			}
		}
	}
	out := &types.Compliance{ComplianceType: comp}
	if nonCompliant > 0 {
		out.ComplianceContributorCount = &types.ComplianceContributorCount{CappedCount: int32(min(nonCompliant, 100)), CapExceeded: nonCompliant > 100}
	}
	return out
}

// DescribeComplianceByConfigRule implements config.API.
func (f *Fake) DescribeComplianceByConfigRule(ctx context.Context, in *configservice.DescribeComplianceByConfigRuleInput, optFns ...func(*configservice.Options)) (*configservice.DescribeComplianceByConfigRuleOutput, error) {
	return handle(ctx, f, "DescribeComplianceByConfigRule", optFns, in, func(region string) (*configservice.DescribeComplianceByConfigRuleOutput, error) {
		rules, err := f.namedRules(f.account, region, in.ConfigRuleNames)
		if err != nil {
			return nil, err
		}
		var all []types.ComplianceByConfigRule
		for _, r := range rules {
			c := f.ruleCompliance(f.account, region, r.Name)
			if len(in.ComplianceTypes) > 0 && !slices.Contains(in.ComplianceTypes, c.ComplianceType) {
				continue
			}
			all = append(all, types.ComplianceByConfigRule{ConfigRuleName: aws.String(r.Name), Compliance: c})
		}
		p, next, err := page(f, "DescribeComplianceByConfigRule", all, in.NextToken, 0, 25, 25)
		if err != nil {
			return nil, err
		}
		return &configservice.DescribeComplianceByConfigRuleOutput{ComplianceByConfigRules: p, NextToken: next}, nil
	})
}

// evaluationsOf returns the results of a rule in a location, sorted by
// resource type and id, keeping only the compliance values asked for.
func (f *Fake) evaluationsOf(account, region, rule string, only []types.ComplianceType) []config.Evaluation {
	var out []config.Evaluation
	for _, e := range f.evaluations {
		if e.Account == account && e.Region == region && e.Rule == rule &&
			(len(only) == 0 || slices.Contains(only, types.ComplianceType(e.Compliance))) {
			out = append(out, e)
		}
	}
	return sortedBy(out, func(e config.Evaluation) string { return e.ResourceType + "\x00" + e.ResourceID })
}

func qualifier(e config.Evaluation) *types.EvaluationResultIdentifier {
	return &types.EvaluationResultIdentifier{
		EvaluationResultQualifier: &types.EvaluationResultQualifier{
			ConfigRuleName: aws.String(e.Rule),
			ResourceType:   aws.String(e.ResourceType),
			ResourceId:     aws.String(e.ResourceID),
		},
		OrderingTimestamp: optionalTime(e.RecordedAt),
	}
}

// GetComplianceDetailsByConfigRule implements config.API.
func (f *Fake) GetComplianceDetailsByConfigRule(ctx context.Context, in *configservice.GetComplianceDetailsByConfigRuleInput, optFns ...func(*configservice.Options)) (*configservice.GetComplianceDetailsByConfigRuleOutput, error) {
	return handle(ctx, f, "GetComplianceDetailsByConfigRule", optFns, in, func(region string) (*configservice.GetComplianceDetailsByConfigRuleOutput, error) {
		name := aws.ToString(in.ConfigRuleName)
		if _, ok := f.rule(f.account, region, name); !ok {
			return nil, noSuchRule(name)
		}
		only := in.ComplianceTypes
		if len(only) == 0 {
			// AWS Config's default when no type is asked for.
			only = []types.ComplianceType{types.ComplianceTypeCompliant, types.ComplianceTypeNonCompliant}
		}
		evs := f.evaluationsOf(f.account, region, name, only)
		p, next, err := page(f, "GetComplianceDetailsByConfigRule", evs, in.NextToken, in.Limit, 10, 100)
		if err != nil {
			return nil, err
		}
		out := &configservice.GetComplianceDetailsByConfigRuleOutput{NextToken: next}
		for _, e := range p {
			out.EvaluationResults = append(out.EvaluationResults, types.EvaluationResult{
				EvaluationResultIdentifier: qualifier(e),
				ComplianceType:             types.ComplianceType(e.Compliance),
				Annotation:                 optional(e.Annotation),
				ResultRecordedTime:         optionalTime(e.RecordedAt),
				ConfigRuleInvokedTime:      optionalTime(e.InvokedAt),
			})
		}
		return out, nil
	})
}

func (f *Fake) packAt(account, region, name string) (pack, bool) {
	for _, p := range f.packs {
		if p.Name == name && p.Account == account && p.Region == region {
			return p, true
		}
	}
	return pack{}, false
}

// DescribeConformancePacks implements config.API.
func (f *Fake) DescribeConformancePacks(ctx context.Context, in *configservice.DescribeConformancePacksInput, optFns ...func(*configservice.Options)) (*configservice.DescribeConformancePacksOutput, error) {
	return handle(ctx, f, "DescribeConformancePacks", optFns, in, func(region string) (*configservice.DescribeConformancePacksOutput, error) {
		var packs []pack
		for _, p := range f.packs {
			if p.Account == f.account && p.Region == region && (len(in.ConformancePackNames) == 0 || slices.Contains(in.ConformancePackNames, p.Name)) {
				packs = append(packs, p)
			}
		}
		for _, n := range in.ConformancePackNames {
			if !slices.ContainsFunc(packs, func(p pack) bool { return p.Name == n }) {
				return nil, noSuchPack(n)
			}
		}
		packs = sortedBy(packs, func(p pack) string { return p.Name })
		pg, next, err := page(f, "DescribeConformancePacks", packs, in.NextToken, in.Limit, 20, 20)
		if err != nil {
			return nil, err
		}
		out := &configservice.DescribeConformancePacksOutput{NextToken: next}
		for _, p := range pg {
			out.ConformancePackDetails = append(out.ConformancePackDetails, types.ConformancePackDetail{
				ConformancePackName:     aws.String(p.Name),
				ConformancePackArn:      aws.String(p.ARN),
				ConformancePackId:       aws.String(p.ID),
				CreatedBy:               optional(p.CreatedBy),
				LastUpdateRequestedTime: optionalTime(p.LastUpdateRequestedAt),
			})
		}
		return out, nil
	})
}

// DescribeConformancePackCompliance implements config.API.
func (f *Fake) DescribeConformancePackCompliance(ctx context.Context, in *configservice.DescribeConformancePackComplianceInput, optFns ...func(*configservice.Options)) (*configservice.DescribeConformancePackComplianceOutput, error) {
	return handle(ctx, f, "DescribeConformancePackCompliance", optFns, in, func(region string) (*configservice.DescribeConformancePackComplianceOutput, error) {
		name := aws.ToString(in.ConformancePackName)
		p, ok := f.packAt(f.account, region, name)
		if !ok {
			return nil, noSuchPack(name)
		}
		var all []types.ConformancePackRuleCompliance
		for _, r := range slices.Sorted(slices.Values(p.rules)) {
			comp := types.ConformancePackComplianceType(f.ruleCompliance(f.account, region, r).ComplianceType)
			if fl := in.Filters; fl != nil && ((fl.ComplianceType != "" && fl.ComplianceType != comp) || (len(fl.ConfigRuleNames) > 0 && !slices.Contains(fl.ConfigRuleNames, r))) {
				continue
			}
			all = append(all, types.ConformancePackRuleCompliance{ConfigRuleName: aws.String(r), ComplianceType: comp})
		}
		pg, next, err := page(f, "DescribeConformancePackCompliance", all, in.NextToken, in.Limit, 100, 1000)
		if err != nil {
			return nil, err
		}
		return &configservice.DescribeConformancePackComplianceOutput{ConformancePackName: aws.String(name), ConformancePackRuleComplianceList: pg, NextToken: next}, nil
	})
}

// GetConformancePackComplianceDetails implements config.API.
func (f *Fake) GetConformancePackComplianceDetails(ctx context.Context, in *configservice.GetConformancePackComplianceDetailsInput, optFns ...func(*configservice.Options)) (*configservice.GetConformancePackComplianceDetailsOutput, error) {
	return handle(ctx, f, "GetConformancePackComplianceDetails", optFns, in, func(region string) (*configservice.GetConformancePackComplianceDetailsOutput, error) {
		name := aws.ToString(in.ConformancePackName)
		p, ok := f.packAt(f.account, region, name)
		if !ok {
			return nil, noSuchPack(name)
		}
		var evs []config.Evaluation
		for _, r := range slices.Sorted(slices.Values(p.rules)) {
			for _, e := range f.evaluationsOf(f.account, region, r, []types.ComplianceType{types.ComplianceTypeCompliant, types.ComplianceTypeNonCompliant}) {
				if fl := in.Filters; fl != nil && ((fl.ComplianceType != "" && string(fl.ComplianceType) != string(e.Compliance)) ||
					(len(fl.ConfigRuleNames) > 0 && !slices.Contains(fl.ConfigRuleNames, r)) ||
					(fl.ResourceType != nil && *fl.ResourceType != e.ResourceType) ||
					(len(fl.ResourceIds) > 0 && !slices.Contains(fl.ResourceIds, e.ResourceID))) {
					continue
				}
				evs = append(evs, e)
			}
		}
		pg, next, err := page(f, "GetConformancePackComplianceDetails", evs, in.NextToken, in.Limit, 100, 100)
		if err != nil {
			return nil, err
		}
		out := &configservice.GetConformancePackComplianceDetailsOutput{ConformancePackName: aws.String(name), NextToken: next}
		for _, e := range pg {
			out.ConformancePackRuleEvaluationResults = append(out.ConformancePackRuleEvaluationResults, types.ConformancePackEvaluationResult{
				EvaluationResultIdentifier: qualifier(e),
				ComplianceType:             types.ConformancePackComplianceType(e.Compliance),
				Annotation:                 optional(e.Annotation),
				ResultRecordedTime:         optionalTime(e.RecordedAt),
				ConfigRuleInvokedTime:      optionalTime(e.InvokedAt),
			})
		}
		return out, nil
	})
}

// DescribeConfigurationRecorderStatus implements config.API.
func (f *Fake) DescribeConfigurationRecorderStatus(ctx context.Context, in *configservice.DescribeConfigurationRecorderStatusInput, optFns ...func(*configservice.Options)) (*configservice.DescribeConfigurationRecorderStatusOutput, error) {
	return handle(ctx, f, "DescribeConfigurationRecorderStatus", optFns, in, func(region string) (*configservice.DescribeConfigurationRecorderStatusOutput, error) {
		out := &configservice.DescribeConfigurationRecorderStatusOutput{}
		for _, r := range f.recorders[location{f.account, region}] {
			if len(in.ConfigurationRecorderNames) > 0 && !slices.Contains(in.ConfigurationRecorderNames, r.Name) {
				continue
			}
			arn := r.ARN
			if arn == "" {
				arn = fmt.Sprintf("arn:aws:config:%s:%s:configuration-recorder/%s", region, f.account, r.Name)
			}
			out.ConfigurationRecordersStatus = append(out.ConfigurationRecordersStatus, types.ConfigurationRecorderStatus{
				Name:             aws.String(r.Name),
				Arn:              aws.String(arn),
				Recording:        r.Recording,
				LastStatus:       types.RecorderStatus(r.LastStatus),
				LastErrorCode:    optional(r.LastErrorCode),
				LastErrorMessage: optional(r.LastErrorMessage),
				ServicePrincipal: optional(r.ServicePrincipal),
				LastStartTime:    optionalTime(r.LastStartTime),
				LastStopTime:     optionalTime(r.LastStopTime),
			})
		}
		for _, n := range in.ConfigurationRecorderNames {
			if !slices.ContainsFunc(out.ConfigurationRecordersStatus, func(s types.ConfigurationRecorderStatus) bool { return aws.ToString(s.Name) == n }) {
				return nil, &types.NoSuchConfigurationRecorderException{Message: aws.String("Cannot find configuration recorder with the specified name '" + n + "'.")}
			}
		}
		return out, nil
	})
}

// SelectResourceConfig implements config.API.
func (f *Fake) SelectResourceConfig(ctx context.Context, in *configservice.SelectResourceConfigInput, optFns ...func(*configservice.Options)) (*configservice.SelectResourceConfigOutput, error) {
	return handle(ctx, f, "SelectResourceConfig", optFns, in, func(region string) (*configservice.SelectResourceConfigOutput, error) {
		q, err := parseQuery(aws.ToString(in.Expression))
		if err != nil {
			return nil, err
		}
		rows, err := f.query(q, func(r config.Resource) bool { return r.Account == f.account && r.Region == region })
		if err != nil {
			return nil, err
		}
		pg, next, err := page(f, "SelectResourceConfig", rows, in.NextToken, in.Limit, 100, 100)
		if err != nil {
			return nil, err
		}
		return &configservice.SelectResourceConfigOutput{Results: pg, NextToken: next, QueryInfo: q.info()}, nil
	})
}

// PutConformancePack implements config.API. It records the pack and its
// template; the pack's rules are not created.
func (f *Fake) PutConformancePack(ctx context.Context, in *configservice.PutConformancePackInput, optFns ...func(*configservice.Options)) (*configservice.PutConformancePackOutput, error) {
	now := f.Now().UTC()
	return handle(ctx, f, "PutConformancePack", optFns, in, func(region string) (*configservice.PutConformancePackOutput, error) {
		name := aws.ToString(in.ConformancePackName)
		if name == "" || (aws.ToString(in.TemplateBody) == "" && aws.ToString(in.TemplateS3Uri) == "" && in.TemplateSSMDocumentDetails == nil) {
			return nil, &types.ConformancePackTemplateValidationException{Message: aws.String("The conformance pack needs a name and a template.")}
		}
		f.addPack(config.ConformancePack{Name: name, Account: f.account, Region: region}, nil, aws.ToString(in.TemplateBody), now)
		p, _ := f.packAt(f.account, region, name)
		return &configservice.PutConformancePackOutput{ConformancePackArn: aws.String(p.ARN)}, nil
	})
}

// Template returns the template body of a pack deployed with
// PutConformancePack in the fake's account, and whether there is one.
func (f *Fake) Template(region, pack string) (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, ok := f.packAt(f.account, region, pack)
	return p.template, ok && p.template != ""
}
