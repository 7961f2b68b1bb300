package governance

import (
	"errors"
	"strings"
	"testing"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/config"
	"github.com/google/go-cmp/cmp"
)

func TestConfigRuleControls(t *testing.T) {
	const noNet = "sagemaker-notebook-no-direct-internet-access"
	nbRule := rule(noNet, "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS")
	denied := failed[[]config.Rule](nil, "config:DescribeConfigRules", &aigov.Error{Service: "config", Operation: "DescribeConfigRules", Kind: aigov.ErrAccessDenied, Code: "AccessDeniedException", Err: errors.New("x")})
	stopped := healthy(acctA, euw1, []config.Rule{nbRule}, nil)
	stopped.Recorder.Value.Recorders[0].Recording = false
	noEval := healthy(acctA, euw1, []config.Rule{nbRule}, nil, notebook("nb", "Enabled", "Disabled", "", ""))
	noEval.Evaluations[noNet] = got([]config.Evaluation{}, "config:GetComplianceDetailsByConfigRule")
	evFailed := healthy(acctA, euw1, []config.Rule{nbRule}, nil)
	evFailed.Evaluations[noNet] = failed[[]config.Evaluation](nil, "config:GetComplianceDetailsByConfigRule", errors.New("boom"))
	noRules := healthy(acctA, euw1, nil, nil)
	noRulesDenied := healthy(acctA, euw1, nil, nil)
	noRulesDenied.Rules = denied

	tests := []struct {
		name    string
		state   *ConfigState
		want    []Status
		message string
	}{
		{"rule results decide", ptr(healthy(acctA, euw1, []config.Rule{nbRule}, map[string][]config.Evaluation{noNet: {
			eval(noNet, config.TypeNotebookInstance, "research", config.NonCompliant, "DirectInternetAccess is Enabled"),
			eval(noNet, config.TypeNotebookInstance, "prod", config.Compliant, ""),
		}})), []Status{StatusFail, StatusPass}, "AWS::SageMaker::NotebookInstance research is not compliant with sagemaker-notebook-no-direct-internet-access: DirectInternetAccess is Enabled"},
		{"no config state at all", nil, []Status{StatusUnknown}, "config was not collected in 111111111111/eu-west-1"},
		{"recorder stopped", &stopped, []Status{StatusUnknown}, "the AWS Config recorder in eu-west-1 is stopped"},
		{"rules not readable", &noRulesDenied, []Status{StatusUnknown}, "the list of AWS Config rules in 111111111111/eu-west-1: could not be collected: config: DescribeConfigRules: access denied: AccessDeniedException"},
		{"rule deployed, no results yet", &noEval, []Status{StatusUnknown}, "rule sagemaker-notebook-no-direct-internet-access has no results yet in 111111111111/eu-west-1 (INSUFFICIENT_DATA)"},
		{"rule results not readable", &evFailed, []Status{StatusUnknown}, "the results of rule sagemaker-notebook-no-direct-internet-access in 111111111111/eu-west-1: could not be collected: boom"},
		{"no rule: inventory decides", ptr(healthy(acctA, euw1, nil, nil, notebook("a", "Enabled", "", "", ""), notebook("b", "Disabled", "", "", ""))),
			[]Status{StatusFail, StatusPass}, "notebook a has direct internet access enabled"},
		{"no rule, no notebooks: not applicable", &noRules, []Status{}, ""},
		{"no rule, inventory missing a field", ptr(healthy(acctA, euw1, nil, nil, notebook("a", "", "", "", ""))), []Status{StatusUnknown}, "the recorded configuration does not say whether direct internet access is on"},
	}
	c := controlByID("AIML-NET-01")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := snapshot([]string{acctA}, []string{euw1})
			if tt.state != nil {
				s.Config = []ConfigState{*tt.state}
			}
			fs := c.Check(s)
			if d := cmp.Diff(tt.want, statuses(fs)); d != "" {
				t.Fatalf("statuses (-want +got):\n%s\n%+v", d, fs)
			}
			if tt.message != "" && !strings.Contains(fs[0].Message, tt.message) {
				t.Errorf("message %q does not contain %q", fs[0].Message, tt.message)
			}
			for _, f := range fs {
				if f.Status != StatusUnknown && f.Resource == "" {
					t.Errorf("a resource finding names no resource: %+v", f)
				}
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestConfigControlWithoutRuleOrInventoryIsUnknown(t *testing.T) {
	s := snapshot([]string{acctA}, []string{euw1}, healthy(acctA, euw1, nil, nil))
	fs := controlByID("AIML-KMS-01").Check(s)
	if len(fs) != 1 || fs[0].Status != StatusUnknown || !strings.Contains(fs[0].Message, "deploy CMK_BACKING_KEY_ROTATION_ENABLED or KMS_CMK_NOT_SCHEDULED_FOR_DELETION") {
		t.Errorf("got %+v", fs)
	}
}

func TestGlobalRulesDecideOncePerAccount(t *testing.T) {
	const gd = "guardduty-enabled-centralized"
	useast := healthy(acctA, use1, []config.Rule{rule(gd, "GUARDDUTY_ENABLED_CENTRALIZED")}, map[string][]config.Evaluation{gd: {
		eval(gd, "AWS::::Account", acctA, config.NonCompliant, "GuardDuty is off"),
	}})
	s := snapshot([]string{acctA, acctB}, []string{euw1, use1}, useast, healthy(acctA, euw1, nil, nil))
	fs := controlByID("AIML-DET-05").Check(s)
	if d := cmp.Diff([]Status{StatusFail, StatusUnknown}, statuses(fs)); d != "" {
		t.Fatalf("(-want +got):\n%s\n%+v", d, fs)
	}
	if fs[0].Region != "" || fs[0].Account != acctA {
		t.Errorf("account-level finding carries a region: %+v", fs[0])
	}
	if fs[1].Account != acctB || !strings.Contains(fs[1].Message, "config was not collected in 222222222222/eu-west-1") {
		t.Errorf("account B: %+v", fs[1])
	}
}

func TestTrainingBucketFilter(t *testing.T) {
	const ssl = "s3-bucket-ssl-requests-only"
	st := healthy(acctA, euw1, []config.Rule{rule(ssl, "S3_BUCKET_SSL_REQUESTS_ONLY")}, map[string][]config.Evaluation{ssl: {
		eval(ssl, "AWS::S3::Bucket", "training-data", config.NonCompliant, ""),
		eval(ssl, "AWS::S3::Bucket", "website", config.NonCompliant, ""),
	}})
	s := snapshot([]string{acctA}, []string{euw1}, st)
	if n := len(controlByID("AIML-TRN-01").Check(s)); n != 2 {
		t.Errorf("without training buckets in the policy: %d findings, want every bucket (2)", n)
	}
	s.Policy.TrainingDataBuckets = []string{"training-data/raw"}
	fs := controlByID("AIML-TRN-01").Check(s)
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "training-data") {
		t.Errorf("with training buckets: %+v", fs)
	}
}

func TestRecorderControl(t *testing.T) {
	on := healthy(acctA, euw1, nil, nil)
	off := healthy(acctA, use1, nil, nil)
	off.Recorder.Value.Recorders = nil
	s := snapshot([]string{acctA, acctB}, []string{euw1, use1}, on, off)
	s.Sources = []SourceOutcome{{Source: SourceConfig, Account: acctB, Region: euw1, Status: OutcomeAccessDenied, Error: "denied"}}
	fs := controlByID("AIML-LOG-10").Check(s)
	want := []Status{StatusPass, StatusFail, StatusUnknown, StatusUnknown}
	if d := cmp.Diff(want, statuses(fs)); d != "" {
		t.Fatalf("(-want +got):\n%s", d)
	}
	if fs[1].Message != "no AWS Config recorder is set up in us-east-1" {
		t.Errorf("fail message: %q", fs[1].Message)
	}
	if fs[2].Message != "config was not collected in 222222222222/eu-west-1 (access_denied): denied" {
		t.Errorf("unknown message: %q", fs[2].Message)
	}
}

func TestAggregatorSourceStandsInForRecorder(t *testing.T) {
	st := healthy(acctA, euw1, nil, nil)
	st.Recorder = got(config.RecorderStatus{}, "config:DescribeConfigurationAggregatorSourcesStatus")
	s := snapshot([]string{acctA}, []string{euw1}, st)
	if fs := controlByID("AIML-LOG-10").Check(s); fs[0].Status != StatusUnknown || !strings.Contains(fs[0].Message, "the aggregator has no data") {
		t.Errorf("missing source: %+v", fs)
	}
	s.Config[0].AggregatorSource = &config.AggregatorSource{SourceID: acctA, Region: euw1, Status: "SUCCEEDED"}
	if fs := controlByID("AIML-LOG-10").Check(s); fs[0].Status != StatusPass {
		t.Errorf("succeeded source: %+v", fs)
	}
}

func TestInventoryJudgements(t *testing.T) {
	ec := func(kms string, counts ...int) config.Resource {
		e := &config.EndpointConfig{KMSKeyID: kms}
		for _, n := range counts {
			e.Variants = append(e.Variants, config.ProductionVariant{Name: "v", InitialInstanceCount: n})
		}
		return config.Resource{Type: config.TypeEndpointConfig, ID: "ec", EndpointConfig: e}
	}
	model := func(iso, vpc bool) config.Resource {
		return config.Resource{Type: config.TypeModel, ID: "m", Model: &config.Model{NetworkIsolation: iso, InVPC: vpc}}
	}
	tests := []struct {
		control string
		res     config.Resource
		want    Status
	}{
		{"AIML-NET-02", notebook("n", "", "", "", "subnet-1"), StatusPass},
		{"AIML-NET-02", notebook("n", "", "", "", ""), StatusFail},
		{"AIML-NET-02", config.Resource{Type: config.TypeDomain, ID: "d", Domain: &config.Domain{AppNetworkAccessType: "PublicInternetOnly"}}, StatusFail},
		{"AIML-NET-03", model(true, true), StatusPass},
		{"AIML-NET-03", model(true, false), StatusFail},
		{"AIML-IAM-01", notebook("n", "", "Enabled", "", ""), StatusFail},
		{"AIML-ENC-01", notebook("n", "", "", "arn:aws:kms:eu-west-1:111111111111:key/k", ""), StatusPass},
		{"AIML-ENC-02", ec(""), StatusFail},
		{"AIML-MON-03", ec("k", 2, 1), StatusFail},
		{"AIML-MON-03", ec("k", 2, 3), StatusPass},
		{"AIML-VUL-04", notebook("n", "", "", "", ""), StatusPass},
		{"AIML-NET-01", config.Resource{Type: config.TypeNotebookInstance, ID: "odd", DecodeError: "bad JSON"}, StatusUnknown},
	}
	for _, tt := range tests {
		s := snapshot([]string{acctA}, []string{euw1}, healthy(acctA, euw1, nil, nil, tt.res))
		fs := controlByID(tt.control).Check(s)
		if len(fs) != 1 || fs[0].Status != tt.want {
			t.Errorf("%s on %s: got %+v, want %s", tt.control, tt.res.ID, fs, tt.want)
		}
	}
}
