package configtest

import (
	"fmt"
	"strings"
	"time"

	"github.com/aigov/aigov/config"
)

// AddRule adds a Config rule. Account and Region default to the fake's; State
// defaults to ACTIVE, Owner to AWS; ARN and ID are made up when empty. It
// panics when the rule has no name or already exists.
func (f *Fake) AddRule(r config.Rule) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Name == "" {
		panic("configtest: AddRule: the rule has no name")
	}
	f.locate(&r.Account, &r.Region)
	for _, have := range f.rules {
		if have.Name == r.Name && have.Account == r.Account && have.Region == r.Region {
			panic(fmt.Sprintf("configtest: AddRule: rule %q already exists in %s/%s", r.Name, r.Account, r.Region))
		}
	}
	if r.State == "" {
		r.State = "ACTIVE"
	}
	if r.Owner == "" {
		r.Owner = config.OwnerAWS
	}
	if r.ID == "" {
		r.ID = fmt.Sprintf("config-rule-%06d", len(f.rules)+1)
	}
	if r.ARN == "" {
		r.ARN = fmt.Sprintf("arn:aws:config:%s:%s:config-rule/%s", r.Region, r.Account, r.ID)
	}
	f.rules = append(f.rules, r)
}

// AddEvaluation adds the result of a rule for a resource. The rule must have
// been added in the same account and region (which default to the
// fake's); RecordedAt and InvokedAt default to the fake's clock. An
// evaluation of the same rule and resource replaces the earlier one, as in
// AWS Config.
func (f *Fake) AddEvaluation(e config.Evaluation) {
	now := f.Now().UTC()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.locate(&e.Account, &e.Region)
	if e.Rule == "" || e.ResourceType == "" || e.ResourceID == "" {
		panic("configtest: AddEvaluation: the evaluation needs a rule, a resource type and a resource id")
	}
	switch e.Compliance {
	case config.Compliant, config.NonCompliant, config.NotApplicable, config.InsufficientData:
	default:
		panic(fmt.Sprintf("configtest: AddEvaluation: compliance %q is not one of AWS Config's four values", e.Compliance))
	}
	if _, ok := f.rule(e.Account, e.Region, e.Rule); !ok {
		panic(fmt.Sprintf("configtest: AddEvaluation: no rule %q in %s/%s; add it first", e.Rule, e.Account, e.Region))
	}
	if e.RecordedAt.IsZero() {
		e.RecordedAt = now
	}
	if e.InvokedAt.IsZero() {
		e.InvokedAt = e.RecordedAt
	}
	for i, have := range f.evaluations {
		if have.Rule == e.Rule && have.Account == e.Account && have.Region == e.Region && have.ResourceType == e.ResourceType && have.ResourceID == e.ResourceID {
			f.evaluations[i] = e
			return
		}
	}
	f.evaluations = append(f.evaluations, e)
}

// AddConformancePack adds a conformance pack made of rules already added in
// its account and region.
func (f *Fake) AddConformancePack(p config.ConformancePack, rules ...string) {
	now := f.Now().UTC()
	f.mu.Lock()
	defer f.mu.Unlock()
	if p.Name == "" {
		panic("configtest: AddConformancePack: the pack has no name")
	}
	f.locate(&p.Account, &p.Region)
	for _, r := range rules {
		if _, ok := f.rule(p.Account, p.Region, r); !ok {
			panic(fmt.Sprintf("configtest: AddConformancePack: no rule %q in %s/%s; add it first", r, p.Account, p.Region))
		}
	}
	f.addPack(p, rules, "", now)
}

func (f *Fake) addPack(p config.ConformancePack, rules []string, template string, now time.Time) {
	if p.LastUpdateRequestedAt.IsZero() {
		p.LastUpdateRequestedAt = now
	}
	if p.ID == "" {
		p.ID = fmt.Sprintf("conformance-pack-%06d", len(f.packs)+1)
	}
	if p.ARN == "" {
		p.ARN = fmt.Sprintf("arn:aws:config:%s:%s:conformance-pack/%s/%s", p.Region, p.Account, p.Name, p.ID)
	}
	for i, have := range f.packs {
		if have.Name == p.Name && have.Account == p.Account && have.Region == p.Region {
			f.packs[i] = pack{ConformancePack: p, rules: rules, template: template}
			return
		}
	}
	f.packs = append(f.packs, pack{ConformancePack: p, rules: rules, template: template})
}

// SetRecorders sets the configuration recorders of a region of the fake's
// account. A region never set has none: AWS Config is not set up there.
func (f *Fake) SetRecorders(region string, recorders ...config.Recorder) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if region == "" {
		panic("configtest: SetRecorders: no region")
	}
	for _, r := range recorders {
		if r.Name == "" {
			panic("configtest: SetRecorders: a recorder has no name")
		}
	}
	f.recorders[location{f.account, region}] = append([]config.Recorder(nil), recorders...)
}

// Recording is a recorder that is on and delivering: what a healthy region
// has.
func Recording(name string) config.Recorder {
	return config.Recorder{Name: name, Recording: true, LastStatus: "Success"}
}

// AddAggregator adds a configuration aggregator to the fake's account. Its
// aggregate operations see the seeded rules, evaluations and resources of
// every account it covers (all of them for an Organization aggregator) in
// the regions it covers (all of them when AllRegions).
func (f *Fake) AddAggregator(a config.Aggregator) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if a.Name == "" {
		panic("configtest: AddAggregator: the aggregator has no name")
	}
	if !a.Organization && len(a.Accounts) == 0 {
		panic("configtest: AddAggregator: an account aggregator needs accounts")
	}
	if !a.AllRegions && len(a.Regions) == 0 {
		panic("configtest: AddAggregator: name the regions or set AllRegions")
	}
	if a.ARN == "" {
		a.ARN = fmt.Sprintf("arn:aws:config:%s:%s:config-aggregator/config-aggregator-%06d", f.region, f.account, len(f.aggregators)+1)
	}
	f.aggregators = append(f.aggregators, a)
}

// AddAggregatorSource records the health of a source of an aggregator.
func (f *Fake) AddAggregatorSource(aggregator string, s config.AggregatorSource) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.aggregator(aggregator); !ok {
		panic(fmt.Sprintf("configtest: AddAggregatorSource: no aggregator %q", aggregator))
	}
	if s.SourceID == "" || s.Region == "" {
		panic("configtest: AddAggregatorSource: the source needs an id and a region")
	}
	if s.SourceType == "" {
		s.SourceType = "ACCOUNT"
	}
	if s.Status == "" {
		s.Status = "SUCCEEDED"
	}
	f.sources[aggregator] = append(f.sources[aggregator], s)
}

// AddResource adds a recorded resource. Type and ID are required;
// Configuration must be a JSON object when set. The typed fields of
// config.Resource are ignored: package config decodes them from
// Configuration, as it does with AWS.
func (f *Fake) AddResource(r config.Resource) {
	now := f.Now().UTC()
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Type == "" || r.ID == "" || !strings.Contains(r.Type, "::") {
		panic(fmt.Sprintf("configtest: AddResource: resource %q of type %q: both are required and the type is AWS::Service::Type", r.ID, r.Type))
	}
	f.locate(&r.Account, &r.Region)
	if r.CapturedAt.IsZero() {
		r.CapturedAt = now
	}
	r.Notebook, r.EndpointConfig, r.Model, r.Domain, r.DecodeError = nil, nil, nil, nil, ""
	f.resources = append(f.resources, r)
}

func (f *Fake) locate(account, region *string) {
	if *account == "" {
		*account = f.account
	}
	if *region == "" {
		*region = f.region
	}
}

func (f *Fake) rule(account, region, name string) (config.Rule, bool) {
	for _, r := range f.rules {
		if r.Name == name && r.Account == account && r.Region == region {
			return r, true
		}
	}
	return config.Rule{}, false
}

func (f *Fake) aggregator(name string) (config.Aggregator, bool) {
	for _, a := range f.aggregators {
		if a.Name == name {
			return a, true
		}
	}
	return config.Aggregator{}, false
}
