package config_test

import (
	"context"
	"encoding/json"
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
	"github.com/google/go-cmp/cmp"
)

func inventory(t *testing.T, opts ...configtest.Option) *configtest.Fake {
	t.Helper()
	f := configtest.New(opts...)
	f.SetClock(func() time.Time { return t0 })
	f.AddResource(config.Resource{
		Type: config.TypeNotebookInstance, ID: "research", Name: "research",
		ARN:  "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/research",
		Tags: map[string]string{"team": "ml", "DataClassification": "confidential"},
		Configuration: json.RawMessage(`{"NotebookInstanceName":"research","DirectInternetAccess":"Enabled","RootAccess":"Enabled",` +
			`"KmsKeyId":"","SubnetId":"","PlatformIdentifier":"notebook-al2-v2"}`),
	})
	f.AddResource(config.Resource{
		Type: config.TypeModel, ID: "fraud-v3",
		Configuration: json.RawMessage(`{"modelName":"fraud-v3","enableNetworkIsolation":true,"vpcConfig":{"subnets":["subnet-1"]},` +
			`"primaryContainer":{"image":"123456789012.dkr.ecr.us-east-1.amazonaws.com/fraud@sha256:abc"},` +
			`"containers":[{"image":"123456789012.dkr.ecr.us-east-1.amazonaws.com/side:1.0"}]}`),
	})
	f.AddResource(config.Resource{
		Type: config.TypeEndpointConfig, ID: "fraud-ec",
		Configuration: json.RawMessage(`{"KmsKeyId":"arn:aws:kms:us-east-1:123456789012:key/k","ProductionVariants":[{"VariantName":"AllTraffic","ModelName":"fraud-v3","InitialInstanceCount":2}],"DataCaptureConfig":{}}`),
	})
	f.AddResource(config.Resource{Type: config.TypeDomain, ID: "d-1", Configuration: json.RawMessage(`{"AppNetworkAccessType":"VpcOnly","AuthMode":"SSO"}`)})
	f.AddResource(config.Resource{Type: "AWS::Bedrock::Guardrail", ID: "gr-1", Configuration: json.RawMessage(`{"Status":"READY"}`)})
	f.AddResource(config.Resource{Type: "AWS::S3::Bucket", ID: "training-data"})
	f.AddResource(config.Resource{Type: config.TypeModel, ID: "elsewhere", Region: "eu-west-1", Configuration: json.RawMessage(`{}`)})
	return f
}

func TestResourcesTyped(t *testing.T) {
	f := inventory(t, configtest.WithPageSize(2))
	got := collect(t, config.New(f).Resources(context.Background()))
	if len(got) != 5 {
		t.Fatalf("got %d AI resources, want 5 (no bucket, nothing from eu-west-1)", len(got))
	}
	byID := map[string]config.Resource{}
	for _, r := range got {
		byID[r.ID] = r
		if r.Account != "123456789012" || r.Region != "us-east-1" || !r.CapturedAt.Equal(t0) {
			t.Errorf("%s: account %q region %q captured %v", r.ID, r.Account, r.Region, r.CapturedAt)
		}
	}
	nb := byID["research"]
	if d := cmp.Diff(&config.NotebookInstance{DirectInternetAccess: "Enabled", RootAccess: "Enabled", PlatformIdentifier: "notebook-al2-v2"}, nb.Notebook); d != "" {
		t.Errorf("notebook (-want +got):\n%s", d)
	}
	if nb.Tags["DataClassification"] != "confidential" || nb.ARN == "" || nb.Name != "research" {
		t.Errorf("notebook metadata: %+v", nb)
	}
	wantModel := &config.Model{NetworkIsolation: true, InVPC: true, Images: []string{
		"123456789012.dkr.ecr.us-east-1.amazonaws.com/fraud@sha256:abc", "123456789012.dkr.ecr.us-east-1.amazonaws.com/side:1.0"}}
	if d := cmp.Diff(wantModel, byID["fraud-v3"].Model); d != "" {
		t.Errorf("model (-want +got):\n%s", d)
	}
	wantEC := &config.EndpointConfig{KMSKeyID: "arn:aws:kms:us-east-1:123456789012:key/k", DataCapture: true,
		Variants: []config.ProductionVariant{{Name: "AllTraffic", Model: "fraud-v3", InitialInstanceCount: 2}}}
	if d := cmp.Diff(wantEC, byID["fraud-ec"].EndpointConfig); d != "" {
		t.Errorf("endpoint config (-want +got):\n%s", d)
	}
	if d := byID["d-1"].Domain; d == nil || d.AppNetworkAccessType != "VpcOnly" {
		t.Errorf("domain: %+v", d)
	}
	if g := byID["gr-1"]; string(g.Configuration) != `{"Status":"READY"}` {
		t.Errorf("raw configuration lost: %s", g.Configuration)
	}
}

func TestResourcesOtherTypes(t *testing.T) {
	got := collect(t, config.New(inventory(t)).Resources(context.Background(), "AWS::S3::Bucket"))
	if len(got) != 1 || got[0].ID != "training-data" {
		t.Errorf("got %+v", got)
	}
}

func TestResourcesUndecodableConfigurationIsKept(t *testing.T) {
	f := configtest.New()
	f.AddResource(config.Resource{Type: config.TypeNotebookInstance, ID: "odd", Configuration: json.RawMessage(`{"DirectInternetAccess":42}`)})
	f.AddResource(config.Resource{Type: config.TypeModel, ID: "bare"})
	got := collect(t, config.New(f).Resources(context.Background()))
	if len(got) != 2 {
		t.Fatalf("got %d resources", len(got))
	}
	for _, r := range got {
		if r.Notebook != nil || r.Model != nil || r.DecodeError == "" {
			t.Errorf("%s: typed field set or no DecodeError: %+v", r.ID, r)
		}
	}
	if !strings.Contains(got[1].DecodeError, "AWS::SageMaker::NotebookInstance odd: configuration") {
		t.Errorf("DecodeError does not name the resource: %q", got[1].DecodeError)
	}
}

func TestResourcesMalformedRow(t *testing.T) {
	f := configtest.New()
	f.PrependReactor("SelectResourceConfig", func(configtest.Call) (bool, any, error) {
		return true, &configservice.SelectResourceConfigOutput{Results: []string{`{"resourceType":"AWS::SageMaker::Model","resourceId":"ok"}`, `{not json`}}, nil
	})
	var got []config.Resource
	var err error
	for r, e := range config.New(f).Resources(context.Background()) {
		if e != nil {
			err = e
			break
		}
		got = append(got, r)
	}
	if len(got) != 1 || err == nil || !strings.Contains(err.Error(), "config: SelectResourceConfig: result row 1: not a resource") {
		t.Errorf("got %d resources, err %v", len(got), err)
	}
}

func TestAdvancedQueryOnlyKnownShape(t *testing.T) {
	_, err := configtest.New().SelectResourceConfig(context.Background(), &configservice.SelectResourceConfigInput{Expression: aws.String("SELECT * WHERE 1=1")})
	if err == nil || !strings.Contains(err.Error(), "InvalidExpressionException") {
		t.Errorf("err = %v", err)
	}
}

func TestAggregatorMode(t *testing.T) {
	f := configtest.New(configtest.WithAccount("111111111111"), configtest.WithPageSize(1))
	for _, loc := range []struct{ account, region string }{{"111111111111", "us-east-1"}, {"222222222222", "eu-west-1"}, {"333333333333", "us-east-1"}} {
		f.AddRule(config.Rule{Name: noInternet, Account: loc.account, Region: loc.region, SourceIdentifier: "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS"})
		f.AddResource(config.Resource{Type: config.TypeModel, ID: "m-" + loc.account, Account: loc.account, Region: loc.region, Configuration: json.RawMessage(`{}`)})
	}
	f.AddEvaluation(config.Evaluation{Rule: noInternet, Account: "222222222222", Region: "eu-west-1", ResourceType: config.TypeNotebookInstance, ResourceID: "nb", Compliance: config.NonCompliant})
	f.AddAggregator(config.Aggregator{Name: "org", Accounts: []string{"111111111111", "222222222222"}, AllRegions: true})
	f.AddAggregatorSource("org", config.AggregatorSource{SourceID: "222222222222", Region: "eu-west-1", Status: "FAILED", LastErrorCode: "AccessDenied"})
	c := config.New(f, config.WithAggregator("org"))

	comp := collect(t, c.RuleCompliance(context.Background()))
	want := []config.RuleCompliance{
		{Rule: noInternet, Compliance: config.InsufficientData, Account: "111111111111", Region: "us-east-1"},
		{Rule: noInternet, Compliance: config.NonCompliant, NonCompliantResources: 1, Account: "222222222222", Region: "eu-west-1"},
	}
	if d := cmp.Diff(want, comp); d != "" {
		t.Errorf("aggregate compliance (-want +got):\n%s", d)
	}
	if named := collect(t, c.RuleCompliance(context.Background(), noInternet)); len(named) != 2 {
		t.Errorf("named rule: %+v", named)
	}
	evs := collect(t, c.Evaluations(context.Background(), config.EvaluationQuery{Rule: noInternet, Account: "222222222222", Region: "eu-west-1"}))
	if len(evs) != 1 || evs[0].Account != "222222222222" || evs[0].Region != "eu-west-1" {
		t.Errorf("aggregate evaluations: %+v", evs)
	}
	if _, err := pager.Collect(c.Evaluations(context.Background(), config.EvaluationQuery{Rule: noInternet})); err == nil || !strings.Contains(err.Error(), "needs the account and region") {
		t.Errorf("aggregate evaluations without location: %v", err)
	}
	res := collect(t, c.Resources(context.Background()))
	if len(res) != 2 || res[0].Account != "111111111111" || res[1].Region != "eu-west-1" {
		t.Errorf("aggregate resources: %+v", res)
	}
	src := collect(t, c.AggregatorSources(context.Background()))
	if len(src) != 1 || src[0].Status != "FAILED" {
		t.Errorf("sources: %+v", src)
	}
	aggs := collect(t, c.Aggregators(context.Background()))
	if len(aggs) != 1 || !aggs[0].AllRegions || len(aggs[0].Accounts) != 2 {
		t.Errorf("aggregators: %+v", aggs)
	}
	for _, op := range []string{"DescribeAggregateComplianceByConfigRules", "GetAggregateComplianceDetailsByConfigRule", "SelectAggregateResourceConfig"} {
		if f.CallCount(op) == 0 {
			t.Errorf("aggregator mode did not call %s", op)
		}
	}
	if f.CallCount("DescribeComplianceByConfigRule")+f.CallCount("SelectResourceConfig") != 0 {
		t.Error("aggregator mode called an account-level operation")
	}
}

func TestAggregatorUnknown(t *testing.T) {
	c := config.New(configtest.New(), config.WithAggregator("missing"))
	_, err := pager.Collect(c.RuleCompliance(context.Background()))
	if !errors.Is(err, aigov.ErrNotFound) || !strings.Contains(err.Error(), "NoSuchConfigurationAggregatorException") {
		t.Errorf("err = %v", err)
	}
	if _, err := pager.Collect(config.New(configtest.New()).AggregatorSources(context.Background())); err == nil {
		t.Error("AggregatorSources without an aggregator did not fail")
	}
}

func TestIdentifierForRuleName(t *testing.T) {
	for name, want := range map[string]string{
		"sagemaker-notebook-no-direct-internet-access":                           "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS",
		"sagemaker-notebook-no-direct-internet-access-conformance-pack-a1b2c3d4": "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS",
		"securityhub-sagemaker-notebook-no-direct-internet-access-7f1e2d":        "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS",
		"sagemaker-notebook-instance-kms-key-configured":                         "SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED",
		"Sagemaker-Model-Isolation-Enabled":                                      "SAGEMAKER_MODEL_ISOLATION_ENABLED",
		"my-own-rule":                                                            "",
	} {
		got, ok := config.IdentifierForRuleName(name)
		if got != want || ok != (want != "") {
			t.Errorf("IdentifierForRuleName(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}
