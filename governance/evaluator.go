package governance

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/aigov/aigov/advisor"
	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/auditmanager"
	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/config"
	"github.com/aigov/aigov/inspector"
)

// Sources are the service clients of one account. A nil client means the
// source is not configured for the account: its controls there are UNKNOWN
// with that reason, never PASS.
type Sources struct {
	Config       *config.Client
	Inspector    *inspector.Client
	AuditManager *auditmanager.Client
	Artifact     *artifact.Client
	CloudTrail   *cloudtrail.Client
	Advisor      *advisor.Client
}

func (s Sources) has(src Source) bool {
	switch src {
	case SourceConfig:
		return s.Config != nil
	case SourceInspector:
		return s.Inspector != nil
	case SourceAuditManager:
		return s.AuditManager != nil
	case SourceArtifact:
		return s.Artifact != nil
	case SourceCloudTrail:
		return s.CloudTrail != nil
	case SourceAdvisor:
		return s.Advisor != nil
	}
	return false
}

// Evaluator evaluates the governance posture of AI workloads. Build it once
// with New, which validates everything; Evaluate can then be called again
// and again (it is safe for concurrent use).
type Evaluator struct {
	accounts    []string
	sources     map[string]Sources
	regions     []string
	aggregator  aggregatorView
	catalog     []Control
	waivers     []Waiver
	policy      Policy
	policySet   bool
	concurrency int
	progress    func(Progress)
	now         func() time.Time
	logger      *slog.Logger
	// extraActions are actions the AWS-config path adds (STS, account).
	extraActions []string
	// assumeRole is the role name assumed in each account, if any.
	assumeRole string
	// aws builds the sources from an aws.Config at Collect time.
	aws *awsPath
	// inspectorAdmin and advisorOrg are the accounts whose organisation
	// views stand in for the members'.
	inspectorAdmin, advisorOrg string
	// lake, when set, reviews the events through CloudTrail Lake.
	lake lakeView
}

// assumeRoleResource is the ARN pattern of the roles Evaluate assumes.
func (e *Evaluator) assumeRoleResource() string {
	return "arn:aws:iam::*:role/" + e.assumeRole
}

type aggregatorView struct {
	account, name string
}

// Option configures an Evaluator.
type Option func(*settings) error

type settings struct {
	Evaluator
	selection Selection
	extra     []Control
	builtins  bool
}

// WithAccount adds an account and the clients to read it with (the fakes
// of the service packages in tests). Accounts are evaluated in the order
// given.
func WithAccount(id string, s Sources) Option {
	return func(st *settings) error {
		if !isAccountID(id) {
			return fmt.Errorf("governance: WithAccount(%q): an account id is 12 digits", id)
		}
		if _, dup := st.sources[id]; dup {
			return fmt.Errorf("governance: WithAccount(%q): the account is given twice", id)
		}
		st.accounts = append(st.accounts, id)
		st.sources[id] = s
		return nil
	}
}

// WithRegions sets the regions to evaluate.
func WithRegions(regions ...string) Option {
	return func(st *settings) error {
		for _, r := range regions {
			if !isRegion(r) {
				return fmt.Errorf("governance: WithRegions: %q is not a region name such as eu-west-1", r)
			}
		}
		st.regions = append(st.regions, regions...)
		return nil
	}
}

// WithAggregator reads AWS Config for the whole organisation through the
// named configuration aggregator, with the Config client of the given
// account (the aggregator's account), instead of account by account. With
// WithAWSConfig, an empty account means the caller's.
func WithAggregator(account, name string) Option {
	return func(st *settings) error {
		if name == "" || (account != "" && !isAccountID(account)) {
			return fmt.Errorf("governance: WithAggregator(%q, %q): give the aggregator's 12-digit account and its name", account, name)
		}
		st.aggregator = aggregatorView{account: account, name: name}
		return nil
	}
}

// WithPolicy sets the policy controls evaluate against (DefaultPolicy
// otherwise).
func WithPolicy(p Policy) Option {
	return func(st *settings) error {
		if err := p.withDefaults().validate(); err != nil {
			return err
		}
		st.policy, st.policySet = p.withDefaults(), true
		return nil
	}
}

// WithControls adds controls of the caller's own to the catalog.
func WithControls(cs ...Control) Option {
	return func(st *settings) error {
		st.extra = append(st.extra, cs...)
		return nil
	}
}

// WithoutBuiltinControls leaves the built-in catalog out: only the controls
// given with WithControls are evaluated.
func WithoutBuiltinControls() Option {
	return func(st *settings) error {
		st.builtins = false
		return nil
	}
}

// WithSelection selects controls by id, severity, framework or source.
func WithSelection(s Selection) Option {
	return func(st *settings) error {
		st.selection = s
		return nil
	}
}

// WithWaivers sets the waivers (see ReadWaivers).
func WithWaivers(ws []Waiver) Option {
	return func(st *settings) error {
		for i, w := range ws {
			if w.Control == "" || w.Owner == "" || w.Reason == "" || w.Expires.IsZero() {
				return fmt.Errorf("governance: waiver %d (%s): control, owner, reason and expires are required", i+1, w.Control)
			}
		}
		st.waivers = append(st.waivers, ws...)
		return nil
	}
}

// WithConcurrency bounds how many collection tasks (a source in an account
// and region) run at once (default 8).
func WithConcurrency(n int) Option {
	return func(st *settings) error {
		if n < 1 {
			return fmt.Errorf("governance: WithConcurrency(%d): must be at least 1", n)
		}
		st.concurrency = n
		return nil
	}
}

// WithProgress calls fn after every collection task. Calls are serialised;
// fn must return quickly.
func WithProgress(fn func(Progress)) Option {
	return func(st *settings) error {
		st.progress = fn
		return nil
	}
}

// WithClock sets the clock (default time.Now): the snapshot's and report's
// times, the review window and waiver expiry all read it.
func WithClock(now func() time.Time) Option {
	return func(st *settings) error {
		if now == nil {
			return fmt.Errorf("governance: WithClock: the clock must not be nil")
		}
		st.now = now
		return nil
	}
}

// WithLogger sends debug records to l (discarded by default).
func WithLogger(l *slog.Logger) Option {
	return func(st *settings) error {
		if l != nil {
			st.logger = l
		}
		return nil
	}
}

// New validates the options and returns an Evaluator. Every problem is
// reported here, not at Evaluate: unknown control ids, bad regions, accounts
// without sources, invalid waivers or policy.
func New(opts ...Option) (*Evaluator, error) {
	st := &settings{
		Evaluator: Evaluator{
			sources:     map[string]Sources{},
			policy:      DefaultPolicy(),
			concurrency: 8,
			now:         time.Now,
			logger:      slog.New(slog.DiscardHandler),
		},
		builtins: true,
	}
	for _, o := range opts {
		if err := o(st); err != nil {
			return nil, err
		}
	}
	switch {
	case st.aws != nil && len(st.accounts) > 0:
		return nil, fmt.Errorf("governance: give the accounts either with WithAccount or with WithAWSConfig, not both")
	case st.aws == nil && len(st.accounts) == 0:
		return nil, fmt.Errorf("governance: no account to evaluate: give one with WithAccount, or use WithAWSConfig")
	case st.aws == nil && len(st.regions) == 0:
		return nil, fmt.Errorf("governance: no region to evaluate: give them with WithRegions")
	case st.aws != nil && st.aws.allRegions && len(st.regions) > 0:
		return nil, fmt.Errorf("governance: give the regions either with WithRegions or with WithAllRegions, not both")
	}
	st.regions = sortedUnique(st.regions)
	for _, admin := range []struct {
		option, account string
		has             func(Sources) bool
	}{
		{"WithInspectorAdministrator", st.inspectorAdmin, func(s Sources) bool { return s.Inspector != nil }},
		{"WithAdvisorOrganization", st.advisorOrg, func(s Sources) bool { return s.Advisor != nil }},
		{"WithCloudTrailLake", st.lake.account, func(s Sources) bool { return s.CloudTrail != nil }},
	} {
		if admin.account == "" || st.aws != nil {
			continue
		}
		if s, ok := st.sources[admin.account]; !ok || !admin.has(s) {
			return nil, fmt.Errorf("governance: %s: account %s has no client for the service (give it with WithAccount)", admin.option, admin.account)
		}
	}
	if a := st.aggregator; a.name != "" && st.aws == nil {
		if a.account == "" {
			return nil, fmt.Errorf("governance: WithAggregator: name the aggregator's account (only WithAWSConfig can take the caller's)")
		}
		s, ok := st.sources[a.account]
		if !ok || s.Config == nil {
			return nil, fmt.Errorf("governance: WithAggregator: account %s has no Config client (give it with WithAccount)", a.account)
		}
	}
	var catalog []Control
	if st.builtins {
		catalog = Catalog()
	}
	catalog = append(catalog, st.extra...)
	seen := map[string]bool{}
	for _, c := range catalog {
		if err := c.validate(); err != nil {
			return nil, err
		}
		if seen[c.ID] {
			return nil, fmt.Errorf("governance: control %s is defined twice", c.ID)
		}
		seen[c.ID] = true
	}
	selected, err := st.selection.apply(catalog)
	if err != nil {
		return nil, err
	}
	st.catalog = selected
	for i, w := range st.waivers {
		if !seen[w.Control] {
			return nil, fmt.Errorf("governance: waiver %d names control %q, which is not in the catalog", i+1, w.Control)
		}
	}
	e := st.Evaluator
	if st.aws != nil {
		e.extraActions = append(e.extraActions, "sts:GetCallerIdentity")
		if st.aws.allRegions {
			e.extraActions = append(e.extraActions, "account:ListRegions")
		}
		if st.aws.role != "" {
			e.extraActions = append(e.extraActions, "sts:AssumeRole")
		}
	}
	return &e, nil
}

// Evaluate collects a snapshot and evaluates it. A source that fails makes
// its controls UNKNOWN; it never fails the evaluation. The error is non-nil
// only when the context ends first.
func (e *Evaluator) Evaluate(ctx context.Context) (*Report, error) {
	snap, err := e.Collect(ctx)
	if err != nil {
		return nil, err
	}
	return e.EvaluateSnapshot(snap)
}

// Controls returns the controls the evaluator evaluates.
func (e *Evaluator) Controls() []Control { return slices.Clone(e.catalog) }

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isRegion(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
		for _, r := range p {
			if !('a' <= r && r <= 'z' || '0' <= r && r <= '9') {
				return false
			}
		}
	}
	return true
}

func sortedUnique(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return slices.Compact(out)
}
