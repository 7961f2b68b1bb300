package governance

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	accounttypes "github.com/aws/aws-sdk-go-v2/service/account/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

type fakeIdentity struct {
	account string
	err     error
}

func (f fakeIdentity) GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	return &sts.GetCallerIdentityOutput{Account: aws.String(f.account)}, f.err
}

type fakeRegions []string

func (f fakeRegions) ListRegions(_ context.Context, in *account.ListRegionsInput, _ ...func(*account.Options)) (*account.ListRegionsOutput, error) {
	out := &account.ListRegionsOutput{}
	for _, r := range f {
		out.Regions = append(out.Regions, accounttypes.Region{RegionName: aws.String(r), RegionOptStatus: accounttypes.RegionOptStatusEnabled})
	}
	return out, nil
}

func awsEvaluator(t *testing.T, opts ...Option) (*Evaluator, *[]string) {
	t.Helper()
	e, err := New(append([]Option{WithAWSConfig(aws.Config{Region: "eu-west-1"})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	var assumed []string
	e.aws.identity = fakeIdentity{account: acctA}
	e.aws.regions = fakeRegions{"us-east-1", "eu-west-1", "eu-central-1"}
	e.aws.assume = func(cfg aws.Config, arn string) aws.Config {
		assumed = append(assumed, arn)
		return cfg
	}
	return e, &assumed
}

func TestAWSConfigResolvesCallerAndRegion(t *testing.T) {
	e, _ := awsEvaluator(t)
	r, err := e.resolve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.accounts, []string{acctA}) || !slices.Equal(r.regions, []string{"eu-west-1"}) || r.sources[acctA].Config == nil || r.sources[acctA].Advisor == nil {
		t.Errorf("resolved %v %v %+v", r.accounts, r.regions, r.sources[acctA])
	}
	if !slices.Contains(e.IAMActions(), "sts:GetCallerIdentity") || slices.Contains(e.IAMActions(), "sts:AssumeRole") {
		t.Errorf("actions %v", e.IAMActions())
	}
}

func TestAWSConfigAssumesRolesAndListsRegions(t *testing.T) {
	e, assumed := awsEvaluator(t, WithAssumeRole("aigov-audit", acctB, acctA), WithAllRegions())
	r, err := e.resolve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.accounts, []string{acctA, acctB}) {
		t.Errorf("accounts %v", r.accounts)
	}
	if !slices.Equal(*assumed, []string{"arn:aws:iam::222222222222:role/aigov-audit"}) {
		t.Errorf("assumed %v: the caller's own account must not be assumed into", *assumed)
	}
	if !slices.Equal(r.regions, []string{"eu-central-1", "eu-west-1", "us-east-1"}) {
		t.Errorf("regions %v", r.regions)
	}
	actions := e.IAMActions()
	for _, a := range []string{"sts:GetCallerIdentity", "sts:AssumeRole", "account:ListRegions"} {
		if !slices.Contains(actions, a) {
			t.Errorf("IAMActions lacks %s", a)
		}
	}
	if !strings.Contains(string(e.IAMPolicy()), `"Resource": "arn:aws:iam::*:role/aigov-audit"`) {
		t.Errorf("policy:\n%s", e.IAMPolicy())
	}
}

func TestAWSConfigErrors(t *testing.T) {
	e, _ := awsEvaluator(t)
	e.aws.identity = fakeIdentity{err: errors.New("no EC2 IMDS role found")}
	if _, err := e.Collect(context.Background()); err == nil || !strings.Contains(err.Error(), "finding the caller's account (sts:GetCallerIdentity): no EC2 IMDS role found") {
		t.Errorf("err = %v", err)
	}
	for _, tc := range []struct {
		opts []Option
		want string
	}{
		{[]Option{WithAssumeRole("r", acctA)}, "WithAssumeRole needs WithAWSConfig before it"},
		{[]Option{WithAllRegions()}, "WithAllRegions needs WithAWSConfig before it"},
		{[]Option{WithAWSConfig(aws.Config{}), WithAccount(acctA, Sources{})}, "either with WithAccount or with WithAWSConfig"},
		{[]Option{WithAWSConfig(aws.Config{}), WithAllRegions(), WithRegions("eu-west-1")}, "either with WithRegions or with WithAllRegions"},
		{[]Option{WithAWSConfig(aws.Config{}), WithAssumeRole("r", "12")}, `"12" is not a 12-digit account id`},
	} {
		if _, err := New(tc.opts...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("err = %v, want %q", err, tc.want)
		}
	}
}
