package config_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/config"
	"github.com/aigov/aigov/config/configtest"
	"github.com/aigov/aigov/internal/pager"
	"github.com/aigov/aigov/internal/wiretest"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

// These tests run the real *configservice.Client against canned AWS
// responses, to check that the wire shapes package config relies on decode
// and that the errors the fake builds look like the ones the real client
// returns.

func wireClient(t *testing.T) (*wiretest.Server, *config.Client) {
	srv := wiretest.New(t)
	return srv, config.New(configservice.NewFromConfig(srv.Config()), config.WithRegion("us-east-1"), config.WithAccount("123456789012"))
}

func TestWireRules(t *testing.T) {
	srv, c := wireClient(t)
	srv.Answer("DescribeConfigRules", wiretest.JSON(`{"ConfigRules":[{"ConfigRuleName":"sagemaker-notebook-no-direct-internet-access",
		"ConfigRuleArn":"arn:aws:config:eu-west-1:210987654321:config-rule/config-rule-abc","ConfigRuleId":"config-rule-abc",
		"ConfigRuleState":"ACTIVE","MaximumExecutionFrequency":"TwentyFour_Hours","InputParameters":"{}",
		"Scope":{"ComplianceResourceTypes":["AWS::SageMaker::NotebookInstance"]},
		"Source":{"Owner":"AWS","SourceIdentifier":"SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS"}}]}`))
	rules, err := pager.Collect(c.Rules(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	want := []config.Rule{{
		Name: "sagemaker-notebook-no-direct-internet-access", ARN: "arn:aws:config:eu-west-1:210987654321:config-rule/config-rule-abc",
		ID: "config-rule-abc", Owner: config.OwnerAWS, SourceIdentifier: "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS", State: "ACTIVE",
		Scope: config.Scope{ResourceTypes: []string{"AWS::SageMaker::NotebookInstance"}}, MaximumExecutionFrequency: "TwentyFour_Hours",
		Account: "210987654321", Region: "eu-west-1",
	}}
	if d := cmp.Diff(want, rules); d != "" {
		t.Errorf("rules (-want +got):\n%s", d)
	}
}

func TestWireRecorderStatus(t *testing.T) {
	srv, c := wireClient(t)
	srv.Answer("DescribeConfigurationRecorderStatus", wiretest.JSON(`{"ConfigurationRecordersStatus":[{"name":"default",
		"lastStartTime":1.7e9,"recording":true,"lastStatus":"Failure","lastErrorCode":"AccessDenied","lastErrorMessage":"bucket policy"}]}`))
	st, err := c.Recording(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 1 || st[0].Recording() || st[0].Recorders[0].LastStartTime.Unix() != 1.7e9 {
		t.Errorf("status = %+v", st)
	}
}

func TestWireResources(t *testing.T) {
	srv, c := wireClient(t)
	srv.Answer("SelectResourceConfig", wiretest.JSON(`{"Results":["{\"resourceId\":\"m\",\"resourceType\":\"AWS::SageMaker::Model\",\"accountId\":\"123456789012\",\"awsRegion\":\"us-east-1\",\"configurationItemCaptureTime\":\"2026-10-01T08:00:00.000Z\",\"configuration\":{\"enableNetworkIsolation\":false,\"primaryContainer\":{\"image\":\"i\"}},\"tags\":[{\"key\":\"k\",\"value\":\"v\"}]}"],
		"QueryInfo":{"SelectFields":[{"Name":"resourceId"}]}}`))
	rs, err := pager.Collect(c.Resources(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].Model == nil || rs[0].Model.Images[0] != "i" || rs[0].Tags["k"] != "v" {
		t.Errorf("resources = %+v", rs)
	}
	if body := srv.Requests()[0].Body; !strings.Contains(body, `SELECT resourceId, resourceName, resourceType, arn`) {
		t.Errorf("request = %s", body)
	}
}

// TestErrorShapeConformance checks the same assertions against an error the
// real client decoded from the wire and one the fake built.
func TestErrorShapeConformance(t *testing.T) {
	cases := []struct {
		code string
		kind error
		fake error
	}{
		{"AccessDeniedException", aigov.ErrAccessDenied, configtest.AccessDenied()},
		{"ThrottlingException", aigov.ErrThrottled, configtest.Throttling()},
		{"NoSuchConfigRuleException", aigov.ErrNotFound, nil},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			srv, wire := wireClient(t)
			srv.Answer("DescribeConfigRules", wiretest.JSONError(400, tc.code, "refused"))
			f := configtest.New()
			if tc.fake != nil {
				f.Fail("DescribeConfigRules", tc.fake)
			}
			fake := config.New(f)
			var names []string
			if tc.fake == nil {
				names = []string{"missing"}
			}
			for name, c := range map[string]*config.Client{"wire": wire, "fake": fake} {
				_, err := pager.Collect(c.Rules(context.Background(), names...))
				assertShape(t, name, err, tc.code, tc.kind)
			}
		})
	}
}

func assertShape(t *testing.T, backend string, err error, code string, kind error) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Errorf("%s: errors.Is(%v) false for %v", backend, kind, err)
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != code {
		t.Errorf("%s: APIError code: %v", backend, err)
	}
	var opErr *smithy.OperationError
	if !errors.As(err, &opErr) || opErr.Service() != configservice.ServiceID || opErr.Operation() != "DescribeConfigRules" {
		t.Errorf("%s: OperationError: %v", backend, err)
	}
	var e *aigov.Error
	if !errors.As(err, &e) || e.StatusCode != 400 || e.RequestID == "" || e.Code != code {
		t.Errorf("%s: aigov.Error = %+v", backend, e)
	}
}
