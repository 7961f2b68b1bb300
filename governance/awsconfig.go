package governance

import (
	"context"
	"fmt"
	"slices"

	"github.com/aigov/aigov/advisor"
	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/auditmanager"
	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/config"
	"github.com/aigov/aigov/inspector"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/account"
	accounttypes "github.com/aws/aws-sdk-go-v2/service/account/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// identityAPI and regionsAPI are the calls the AWS-config path makes
// besides the sources'; tests replace them.
type identityAPI interface {
	GetCallerIdentity(ctx context.Context, in *sts.GetCallerIdentityInput, optFns ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}

type regionsAPI interface {
	ListRegions(ctx context.Context, in *account.ListRegionsInput, optFns ...func(*account.Options)) (*account.ListRegionsOutput, error)
}

// awsPath builds the sources from an aws.Config when Collect starts.
type awsPath struct {
	cfg        aws.Config
	role       string
	accounts   []string
	allRegions bool
	identity   identityAPI
	regions    regionsAPI
	// assume returns the config of an account reached through the role.
	assume func(cfg aws.Config, roleARN string) aws.Config
}

// WithAWSConfig builds every source from cfg, as the standard AWS
// configuration chain gives it (github.com/aws/aws-sdk-go-v2/config
// LoadDefaultConfig: profiles, environment, SSO, instance roles;
// AWS_ENDPOINT_URL and the per-service endpoint variables are honoured).
// The account evaluated is the one cfg's credentials belong to, found with
// sts:GetCallerIdentity when Evaluate runs; WithAssumeRole adds others.
// Without WithRegions or WithAllRegions, cfg's region is evaluated.
func WithAWSConfig(cfg aws.Config) Option {
	return func(st *settings) error {
		st.aws = &awsPath{cfg: cfg, identity: sts.NewFromConfig(cfg), regions: account.NewFromConfig(cfg), assume: assumeRole}
		return nil
	}
}

// WithAssumeRole evaluates each of the accounts by assuming, with
// WithAWSConfig's credentials, the role of that name in it
// (arn:aws:iam::<account>:role/<role>). An account that cannot be assumed
// into is evaluated all the same: its every source is access_denied and its
// controls UNKNOWN. The caller's own account is read with its own
// credentials, without assuming.
func WithAssumeRole(role string, accounts ...string) Option {
	return func(st *settings) error {
		if st.aws == nil {
			return fmt.Errorf("governance: WithAssumeRole needs WithAWSConfig before it")
		}
		if role == "" || len(accounts) == 0 {
			return fmt.Errorf("governance: WithAssumeRole(%q): give the role name and at least one account", role)
		}
		for _, a := range accounts {
			if !isAccountID(a) {
				return fmt.Errorf("governance: WithAssumeRole: %q is not a 12-digit account id", a)
			}
		}
		st.aws.role, st.aws.accounts = role, sortedUnique(accounts)
		st.assumeRole = role
		return nil
	}
}

// WithAllRegions evaluates every region enabled for the caller's account
// (account:ListRegions) instead of a list. It needs WithAWSConfig.
func WithAllRegions() Option {
	return func(st *settings) error {
		if st.aws == nil {
			return fmt.Errorf("governance: WithAllRegions needs WithAWSConfig before it")
		}
		st.aws.allRegions = true
		return nil
	}
}

func assumeRole(cfg aws.Config, roleARN string) aws.Config {
	c := cfg.Copy()
	c.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), roleARN, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = "aigov"
	}))
	return c
}

// resolve returns a copy of e with the accounts, sources and regions of the
// AWS-config path filled in; e itself when there is none.
func (e *Evaluator) resolve(ctx context.Context) (*Evaluator, error) {
	p := e.aws
	if p == nil {
		return e, nil
	}
	id, err := p.identity.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, fmt.Errorf("governance: finding the caller's account (sts:GetCallerIdentity): %w", err)
	}
	caller := aws.ToString(id.Account)
	r := *e
	r.sources = map[string]Sources{caller: sourcesFromConfig(p.cfg, caller)}
	r.accounts = []string{caller}
	for _, a := range p.accounts {
		if a == caller {
			continue
		}
		arn := fmt.Sprintf("arn:%s:iam::%s:role/%s", partitionOf(p.cfg.Region), a, p.role)
		r.sources[a] = sourcesFromConfig(p.assume(p.cfg, arn), a)
		r.accounts = append(r.accounts, a)
	}
	slices.Sort(r.accounts)
	for _, admin := range []struct{ option, account string }{
		{"WithInspectorAdministrator", r.inspectorAdmin}, {"WithAdvisorOrganization", r.advisorOrg}, {"WithCloudTrailLake", r.lake.account},
	} {
		if admin.account != "" && !slices.Contains(r.accounts, admin.account) {
			return nil, fmt.Errorf("governance: %s: account %s is neither the caller's (%s) nor one WithAssumeRole reaches", admin.option, admin.account, caller)
		}
	}
	if r.aggregator.name != "" && r.aggregator.account == "" {
		r.aggregator.account = caller
	}
	if a := r.aggregator; a.name != "" && !slices.Contains(r.accounts, a.account) {
		return nil, fmt.Errorf("governance: WithAggregator: the aggregator's account %s is neither the caller's (%s) nor one WithAssumeRole reaches", a.account, caller)
	}
	switch {
	case p.allRegions:
		out, err := p.regions.ListRegions(ctx, &account.ListRegionsInput{
			RegionOptStatusContains: []accounttypes.RegionOptStatus{accounttypes.RegionOptStatusEnabled, accounttypes.RegionOptStatusEnabledByDefault},
			MaxResults:              aws.Int32(50),
		})
		if err != nil {
			return nil, fmt.Errorf("governance: listing the enabled regions (account:ListRegions): %w", err)
		}
		r.regions = nil
		for _, reg := range out.Regions {
			r.regions = append(r.regions, aws.ToString(reg.RegionName))
		}
		r.regions = sortedUnique(r.regions)
	case len(r.regions) == 0:
		r.regions = []string{p.cfg.Region}
	}
	return &r, nil
}

// sourcesFromConfig builds the six clients of one account.
func sourcesFromConfig(cfg aws.Config, account string) Sources {
	return Sources{
		Config:       config.NewFromConfig(cfg, config.WithAccount(account)),
		Inspector:    inspector.NewFromConfig(cfg, inspector.WithAccount(account)),
		AuditManager: auditmanager.NewFromConfig(cfg, auditmanager.WithAccount(account)),
		Artifact:     artifact.NewFromConfig(cfg, artifact.WithAccount(account)),
		CloudTrail:   cloudtrail.NewFromConfig(cfg, cloudtrail.WithAccount(account)),
		Advisor:      advisor.NewFromConfig(cfg, advisor.WithAccount(account)),
	}
}

// partitionOf names the partition of a region, for role ARNs.
func partitionOf(region string) string {
	switch {
	case len(region) > 3 && region[:3] == "cn-":
		return "aws-cn"
	case len(region) > 7 && region[:7] == "us-gov-":
		return "aws-us-gov"
	}
	return "aws"
}
