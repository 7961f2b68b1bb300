package config_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/config"
	"github.com/aigov/aigov/config/configtest"
	"github.com/aigov/aigov/internal/pager"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

var t0 = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

const (
	noInternet = "sagemaker-notebook-no-direct-internet-access"
	rootAccess = "sagemaker-notebook-instance-root-access-check"
	isolation  = "sagemaker-model-isolation-enabled"
)

// seeded returns a fake with three rules in us-east-1 and their results.
func seeded(t *testing.T, opts ...configtest.Option) *configtest.Fake {
	t.Helper()
	f := configtest.New(opts...)
	f.SetClock(func() time.Time { return t0 })
	for _, r := range []struct{ name, id string }{
		{noInternet, "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS"},
		{rootAccess, "SAGEMAKER_NOTEBOOK_INSTANCE_ROOT_ACCESS_CHECK"},
		{isolation, "SAGEMAKER_MODEL_ISOLATION_ENABLED"},
	} {
		f.AddRule(config.Rule{Name: r.name, SourceIdentifier: r.id, Scope: config.Scope{ResourceTypes: []string{"AWS::SageMaker::NotebookInstance"}}})
	}
	nb := "AWS::SageMaker::NotebookInstance"
	f.AddEvaluation(config.Evaluation{Rule: noInternet, ResourceType: nb, ResourceID: "research", Compliance: config.NonCompliant, Annotation: "DirectInternetAccess is Enabled"})
	f.AddEvaluation(config.Evaluation{Rule: noInternet, ResourceType: nb, ResourceID: "prod", Compliance: config.Compliant})
	f.AddEvaluation(config.Evaluation{Rule: rootAccess, ResourceType: nb, ResourceID: "prod", Compliance: config.Compliant})
	return f
}

func collect[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		out = append(out, v)
	}
	return out
}

func TestRules(t *testing.T) {
	f := seeded(t, configtest.WithPageSize(2))
	c := config.New(f, config.WithAccount(configtest.DefaultAccount))
	rules := collect(t, c.Rules(context.Background()))
	if len(rules) != 3 {
		t.Fatalf("got %d rules, want 3", len(rules))
	}
	if got := f.CallCount("DescribeConfigRules"); got != 2 {
		t.Errorf("DescribeConfigRules called %d times, want 2 pages", got)
	}
	// The fake lists rules by name, as AWS Config does.
	want := config.Rule{
		Name: isolation, ARN: "arn:aws:config:us-east-1:123456789012:config-rule/config-rule-000003", ID: "config-rule-000003",
		Owner: config.OwnerAWS, SourceIdentifier: "SAGEMAKER_MODEL_ISOLATION_ENABLED", State: "ACTIVE",
		Scope:   config.Scope{ResourceTypes: []string{"AWS::SageMaker::NotebookInstance"}},
		Account: "123456789012", Region: "us-east-1",
	}
	if d := cmp.Diff(want, rules[0]); d != "" {
		t.Errorf("rule (-want +got):\n%s", d)
	}
	if !rules[0].Active() {
		t.Error("an ACTIVE rule is not Active()")
	}
}

func TestRulesNamedUnknown(t *testing.T) {
	c := config.New(seeded(t))
	_, err := pager.Collect(c.Rules(context.Background(), "no-such-rule"))
	if !errors.Is(err, aigov.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "NoSuchConfigRuleException" {
		t.Errorf("SDK error not reachable: %v", err)
	}
}

func TestSDKPaginatorWorksOnFake(t *testing.T) {
	f := seeded(t, configtest.WithPageSize(1))
	p := configservice.NewDescribeConfigRulesPaginator(f, &configservice.DescribeConfigRulesInput{})
	n := 0
	for p.HasMorePages() {
		out, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n += len(out.ConfigRules)
	}
	if n != 3 {
		t.Errorf("paginator saw %d rules, want 3", n)
	}
}

func TestRuleCompliance(t *testing.T) {
	c := config.New(seeded(t, configtest.WithPageSize(1)), config.WithAccount("123456789012"), config.WithRegion("us-east-1"))
	got := collect(t, c.RuleCompliance(context.Background()))
	want := []config.RuleCompliance{
		{Rule: isolation, Compliance: config.InsufficientData, Account: "123456789012", Region: "us-east-1"},
		{Rule: rootAccess, Compliance: config.Compliant, Account: "123456789012", Region: "us-east-1"},
		{Rule: noInternet, Compliance: config.NonCompliant, NonCompliantResources: 1, Account: "123456789012", Region: "us-east-1"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("compliance (-want +got):\n%s", d)
	}
}

func TestRuleComplianceAddsRulesAWSLeftOut(t *testing.T) {
	f := seeded(t)
	// AWS Config leaves rules it has never evaluated out of the answer.
	f.PrependReactor("DescribeComplianceByConfigRule", func(configtest.Call) (bool, any, error) {
		return true, &configservice.DescribeComplianceByConfigRuleOutput{}, nil
	})
	got := collect(t, config.New(f).RuleCompliance(context.Background(), noInternet))
	if len(got) != 1 || got[0].Compliance != config.InsufficientData || got[0].Rule != noInternet {
		t.Errorf("got %+v, want one INSUFFICIENT_DATA result", got)
	}
}

func TestEvaluations(t *testing.T) {
	f := seeded(t, configtest.WithPageSize(1))
	c := config.New(f)
	got := collect(t, c.Evaluations(context.Background(), config.EvaluationQuery{Rule: noInternet, Compliance: []config.Compliance{config.NonCompliant}}))
	want := []config.Evaluation{{
		Rule: noInternet, ResourceType: "AWS::SageMaker::NotebookInstance", ResourceID: "research",
		Compliance: config.NonCompliant, Annotation: "DirectInternetAccess is Enabled", RecordedAt: t0, InvokedAt: t0,
	}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("evaluations (-want +got):\n%s", d)
	}
	all := collect(t, c.Evaluations(context.Background(), config.EvaluationQuery{Rule: noInternet}))
	if len(all) != 2 || f.CallCount("GetComplianceDetailsByConfigRule") != 3 {
		t.Errorf("got %d evaluations in %d calls, want 2 in 1+2 pages", len(all), f.CallCount("GetComplianceDetailsByConfigRule"))
	}
	if _, err := pager.Collect(c.Evaluations(context.Background(), config.EvaluationQuery{})); err == nil || !strings.Contains(err.Error(), "names no rule") {
		t.Errorf("query without rule: err = %v", err)
	}
}

func TestErrorClasses(t *testing.T) {
	tests := []struct {
		name   string
		inject error
		want   error
		code   string
	}{
		{"access denied", configtest.AccessDenied(), aigov.ErrAccessDenied, "AccessDeniedException"},
		{"throttled", configtest.Throttling(), aigov.ErrThrottled, "ThrottlingException"},
		{"not enabled", &smithy.GenericAPIError{Code: "NoAvailableConfigurationRecorderException"}, aigov.ErrNotEnabled, "NoAvailableConfigurationRecorderException"},
		{"not found", &smithy.GenericAPIError{Code: "NoSuchConfigRuleException"}, aigov.ErrNotFound, "NoSuchConfigRuleException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := seeded(t)
			f.Fail("*", tt.inject)
			c := config.New(f, config.WithAccount("123456789012"), config.WithRegion("eu-west-1"))
			_, err := pager.Collect(c.Rules(context.Background()))
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var e *aigov.Error
			if !errors.As(err, &e) || e.Code != tt.code || e.StatusCode != 400 || e.RequestID == "" || e.Region != "eu-west-1" || e.Account != "123456789012" || e.Operation != "DescribeConfigRules" {
				t.Errorf("aigov.Error = %+v", e)
			}
			var opErr *smithy.OperationError
			if !errors.As(err, &opErr) || opErr.Service() != "Config Service" {
				t.Errorf("no OperationError in %v", err)
			}
		})
	}
}

func TestThrottlingIsTransient(t *testing.T) {
	f := seeded(t)
	f.FailN("DescribeConfigRules", 1, configtest.Throttling())
	c := config.New(f)
	if _, err := pager.Collect(c.Rules(context.Background())); !errors.Is(err, aigov.ErrThrottled) {
		t.Fatalf("first call: %v", err)
	}
	if rules, err := pager.Collect(c.Rules(context.Background())); err != nil || len(rules) != 3 {
		t.Fatalf("second call: %d rules, %v", len(rules), err)
	}
}

func TestPaginationGuards(t *testing.T) {
	f := seeded(t, configtest.WithPageSize(1))
	_, err := pager.Collect(config.New(f, config.WithMaxPages(2)).Rules(context.Background()))
	if !errors.Is(err, aigov.ErrPagination) {
		t.Errorf("page cap: err = %v", err)
	}
	f.PrependReactor("DescribeConfigRules", func(configtest.Call) (bool, any, error) {
		return true, &configservice.DescribeConfigRulesOutput{NextToken: aws.String("same")}, nil
	})
	_, err = pager.Collect(config.New(f).Rules(context.Background()))
	if !errors.Is(err, aigov.ErrPagination) || !strings.Contains(err.Error(), "config: DescribeConfigRules") {
		t.Errorf("repeated token: err = %v", err)
	}
}

func TestInvalidOptions(t *testing.T) {
	tests := []struct {
		opt  config.Option
		want string
	}{
		{config.WithMaxPages(0), "config: invalid option WithMaxPages: the page limit must be at least 1, got 0"},
		{config.WithPageSize(101), "config: invalid option WithPageSize: the page size must be between 1 and 100, got 101"},
		{config.WithAggregator(" "), "config: invalid option WithAggregator: the aggregator name is empty"},
		{config.WithClock(nil), "config: invalid option WithClock: the clock must not be nil"},
	}
	for _, tt := range tests {
		f := seeded(t)
		c := config.New(f, tt.opt)
		_, err := pager.Collect(c.Rules(context.Background()))
		if err == nil || err.Error() != tt.want {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
		if _, err := c.Recording(context.Background()); err == nil {
			t.Errorf("Recording ignored %q", tt.want)
		}
		if f.CallCount("*") != 0 {
			t.Errorf("a client with an invalid option called AWS")
		}
	}
	if _, err := pager.Collect(config.New(nil).Rules(context.Background())); err == nil || !strings.Contains(err.Error(), "the API must not be nil") {
		t.Errorf("nil API: err = %v", err)
	}
}

func TestRecording(t *testing.T) {
	f := configtest.New()
	f.SetRecorders("us-east-1", configtest.Recording("default"))
	f.SetRecorders("eu-west-1", config.Recorder{Name: "default", Recording: true, LastStatus: "Failure", LastErrorCode: "NoSuchBucket", LastErrorMessage: "The delivery bucket does not exist"})
	f.SetRecorders("eu-central-1", config.Recorder{Name: "default", Recording: false, LastStatus: "Success"})
	c := config.New(f, config.WithAccount("123456789012"))
	got, err := c.Recording(context.Background(), "us-east-1", "eu-west-1", "eu-central-1", "ap-south-1")
	if err != nil {
		t.Fatal(err)
	}
	wantRecording := []bool{true, false, false, false}
	wantProblem := []string{
		"",
		"the AWS Config recorder default in eu-west-1 is failing (NoSuchBucket: The delivery bucket does not exist)",
		"the AWS Config recorder in eu-central-1 is stopped",
		"no AWS Config recorder is set up in ap-south-1",
	}
	for i, st := range got {
		if st.Recording() != wantRecording[i] || st.Problem() != wantProblem[i] || st.Account != "123456789012" {
			t.Errorf("%s: Recording()=%v Problem()=%q", st.Region, st.Recording(), st.Problem())
		}
	}
	calls := f.Calls()
	if len(calls) != 4 || calls[1].Region != "eu-west-1" || calls[3].Region != "ap-south-1" {
		t.Errorf("calls not made in the regions asked: %+v", calls)
	}
}

func TestRecordingKeepsRegionsThatAnswered(t *testing.T) {
	f := configtest.New()
	f.SetRecorders("us-east-1", configtest.Recording("default"))
	f.PrependReactor("DescribeConfigurationRecorderStatus", func(call configtest.Call) (bool, any, error) {
		if call.Region == "eu-west-1" {
			return true, nil, configtest.AccessDenied()
		}
		return false, nil, nil
	})
	got, err := config.New(f).Recording(context.Background(), "us-east-1", "eu-west-1")
	if len(got) != 1 || !got[0].Recording() {
		t.Errorf("lost the region that answered: %+v", got)
	}
	if !errors.Is(err, aigov.ErrAccessDenied) || !strings.Contains(err.Error(), "in eu-west-1") {
		t.Errorf("err = %v, want access denied naming eu-west-1", err)
	}
}

func TestInRegion(t *testing.T) {
	f := configtest.New()
	f.AddRule(config.Rule{Name: "r", Region: "eu-west-1"})
	c := config.New(f)
	if rules, _ := pager.Collect(c.Rules(context.Background())); len(rules) != 0 {
		t.Errorf("default region saw %d rules of eu-west-1", len(rules))
	}
	eu := c.InRegion("eu-west-1")
	if rules, _ := pager.Collect(eu.Rules(context.Background())); len(rules) != 1 || rules[0].Region != "eu-west-1" {
		t.Errorf("InRegion: %+v", rules)
	}
	if eu.Region() != "eu-west-1" || c.Region() != "" {
		t.Errorf("InRegion changed the original client")
	}
}

func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := pager.Collect(config.New(seeded(t)).Rules(ctx))
	if !errors.Is(err, context.Canceled) || aigov.Kind(err) != nil {
		t.Errorf("err = %v", err)
	}
}

func TestConformancePacks(t *testing.T) {
	f := seeded(t)
	f.AddConformancePack(config.ConformancePack{Name: "ai-pack"}, noInternet, rootAccess)
	c := config.New(f)
	packs := collect(t, c.ConformancePacks(context.Background()))
	if len(packs) != 1 || packs[0].Name != "ai-pack" || packs[0].LastUpdateRequestedAt != t0 {
		t.Fatalf("packs = %+v", packs)
	}
	comp := collect(t, c.ConformancePackCompliance(context.Background(), "ai-pack"))
	want := []config.PackRuleCompliance{
		{Pack: "ai-pack", Rule: rootAccess, Compliance: config.Compliant},
		{Pack: "ai-pack", Rule: noInternet, Compliance: config.NonCompliant},
	}
	if d := cmp.Diff(want, comp); d != "" {
		t.Errorf("pack compliance (-want +got):\n%s", d)
	}
	evs := collect(t, c.ConformancePackEvaluations(context.Background(), "ai-pack", config.NonCompliant))
	if len(evs) != 1 || evs[0].ResourceID != "research" || evs[0].Rule != noInternet {
		t.Errorf("pack evaluations = %+v", evs)
	}
	_, err := pager.Collect(c.ConformancePackCompliance(context.Background(), "missing"))
	if !errors.Is(err, aigov.ErrNotFound) {
		t.Errorf("missing pack: %v", err)
	}
}

func TestDeployConformancePackIsAnExplicitWrite(t *testing.T) {
	f := seeded(t)
	c := config.New(f)
	// Reading everything writes nothing.
	collect(t, c.Rules(context.Background()))
	collect(t, c.RuleCompliance(context.Background()))
	collect(t, c.Resources(context.Background()))
	if n := f.CallCount("PutConformancePack"); n != 0 {
		t.Fatalf("reads called PutConformancePack %d times", n)
	}
	body, err := config.ConformancePackTemplate(config.AIPackRules()...)
	if err != nil {
		t.Fatal(err)
	}
	arn, err := c.DeployConformancePack(context.Background(), "aigov-ai", string(body), "")
	if err != nil || !strings.Contains(arn, "conformance-pack/aigov-ai/") {
		t.Fatalf("arn %q, err %v", arn, err)
	}
	if got, ok := f.Template("us-east-1", "aigov-ai"); !ok || got != string(body) {
		t.Error("the fake did not receive the template")
	}
	if _, err := c.DeployConformancePack(context.Background(), "", "x", ""); err == nil {
		t.Error("a pack without a name was accepted")
	}
}
