package inspector_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/inspector"
	"github.com/aigov/aigov/inspector/inspectortest"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
	"github.com/google/go-cmp/cmp"
)

func TestAccountStatus(t *testing.T) {
	f := inspectortest.New()
	f.SetAccountStatus(inspectortest.Enabled(acct, inspector.ScanECR, inspector.ScanLambda))
	f.FailAccount("333333333333", "ACCESS_DENIED", "Invoking account does not have access to this account")
	c := inspector.New(f, inspector.WithRegion("us-east-1"))
	got, err := c.AccountStatus(context.Background(), acct, "333333333333", "444444444444", acct)
	if err != nil {
		t.Fatal(err)
	}
	enabled, disabled := inspector.ScanState{Status: "ENABLED"}, inspector.ScanState{Status: "DISABLED"}
	denied := inspector.ScanState{Status: "DISABLED", ErrorCode: "ACCESS_DENIED", ErrorMessage: "Invoking account does not have access to this account"}
	want := []inspector.AccountStatus{
		{Account: acct, Region: "us-east-1", State: enabled, EC2: disabled, ECR: enabled, Lambda: enabled, LambdaCode: disabled, CodeRepository: disabled},
		{Account: "333333333333", Region: "us-east-1", State: denied, Failed: true},
		{Account: "444444444444", Region: "us-east-1", State: denied, Failed: true},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("statuses (-want +got):\n%s", d)
	}
	own := got[0]
	if !own.Enabled(inspector.ScanECR) || own.Err(inspector.ScanECR) != nil {
		t.Errorf("ECR scanning is on: Enabled %v, Err %v", own.Enabled(inspector.ScanECR), own.Err(inspector.ScanECR))
	}
	err = own.Err(inspector.ScanEC2)
	if own.Enabled(inspector.ScanEC2) || !errors.Is(err, aigov.ErrNotEnabled) ||
		err.Error() != "inspector: BatchGetAccountStatus in 123456789012/us-east-1: not enabled or subscription required: EC2 scanning is DISABLED in account 123456789012" {
		t.Errorf("EC2 scanning is off: err = %v", err)
	}
	err = got[1].Err(inspector.ScanECR)
	if !errors.Is(err, aigov.ErrAccessDenied) || !strings.Contains(err.Error(), "ACCESS_DENIED: Invoking account does not have access to this account") {
		t.Errorf("failed account: err = %v", err)
	}
	var e *aigov.Error
	if !errors.As(err, &e) || e.Account != "333333333333" || e.Code != "ACCESS_DENIED" {
		t.Errorf("failed account error: %+v", e)
	}
}

func TestAccountStatusOwnAccount(t *testing.T) {
	f := inspectortest.New()
	got, err := inspector.New(f).AccountStatus(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Never enabled: every scan type is off, and says so as ErrNotEnabled.
	if len(got) != 1 || got[0].Account != acct {
		t.Fatalf("got %+v", got)
	}
	for _, st := range inspector.ScanTypes {
		if err := got[0].Err(st); !errors.Is(err, aigov.ErrNotEnabled) || !strings.Contains(err.Error(), "Amazon Inspector is DISABLED in account 123456789012") {
			t.Errorf("%s: %v", st, err)
		}
	}
	if in := f.Calls()[0].Input.(*inspector2.BatchGetAccountStatusInput); len(in.AccountIds) != 0 {
		t.Errorf("asked about %v, want the caller's account", in.AccountIds)
	}
	// WithAccount names the account to ask about.
	f.SetAccountStatus(inspectortest.Enabled(acct))
	got, _ = inspector.New(f, inspector.WithAccount(acct)).AccountStatus(context.Background())
	if in := f.Calls()[1].Input.(*inspector2.BatchGetAccountStatusInput); len(in.AccountIds) != 1 || !got[0].Enabled(inspector.ScanLambdaCode) {
		t.Errorf("asked about %v: %+v", in.AccountIds, got)
	}
}

func TestAccountStatusStates(t *testing.T) {
	for _, tt := range []struct {
		state inspector.ScanState
		want  string
	}{
		{inspector.ScanState{Status: "SUSPENDED"}, "Amazon Inspector is SUSPENDED in account 123456789012"},
		{inspector.ScanState{Status: "ENABLING"}, "Amazon Inspector is ENABLING in account 123456789012"},
		{inspector.ScanState{}, "Amazon Inspector is not reported in account 123456789012"},
	} {
		s := inspectortest.Enabled(acct)
		s.State = tt.state
		if s.Enabled(inspector.ScanECR) {
			t.Errorf("%s: Enabled", tt.state.Status)
		}
		if err := s.Err(inspector.ScanECR); !errors.Is(err, aigov.ErrNotEnabled) || !strings.HasSuffix(err.Error(), tt.want) {
			t.Errorf("%s: err = %v", tt.state.Status, err)
		}
	}
	s := inspectortest.Enabled(acct)
	s.ECR = inspector.ScanState{Status: "DISABLED", ErrorCode: "SSM_UNAVAILABLE", ErrorMessage: "SSM is unavailable"}
	if err := s.Err(inspector.ScanECR); !strings.HasSuffix(err.Error(), "SSM_UNAVAILABLE: SSM is unavailable") {
		t.Errorf("scan error code lost: %v", err)
	}
	if s.Err("GPU") == nil || s.Enabled("GPU") {
		t.Error("an unknown scan type is enabled")
	}
}

func TestAccountStatusBatchesAndGaps(t *testing.T) {
	f := inspectortest.New()
	var ids []string
	for i := range 150 {
		id := fmt.Sprintf("5000000%05d", i)
		ids = append(ids, id)
		f.SetAccountStatus(inspectortest.Enabled(id))
	}
	got, err := inspector.New(f).AccountStatus(context.Background(), ids...)
	if err != nil || len(got) != 150 || got[149].Account != ids[149] || !got[149].Enabled(inspector.ScanECR) {
		t.Fatalf("%d statuses, %v", len(got), err)
	}
	if f.CallCount("BatchGetAccountStatus") != 2 {
		t.Errorf("%d calls for 150 accounts, want 2", f.CallCount("BatchGetAccountStatus"))
	}
	// An account AWS leaves out of both lists is reported, not dropped.
	f.PrependReactor("BatchGetAccountStatus", func(inspectortest.Call) (bool, any, error) {
		return true, &inspector2.BatchGetAccountStatusOutput{Accounts: []types.AccountState{{AccountId: aws.String(ids[0]), State: &types.State{Status: types.StatusEnabled}}}}, nil
	})
	got, err = inspector.New(f).AccountStatus(context.Background(), ids[0], ids[1])
	if err != nil || len(got) != 2 || !got[1].Failed || got[1].State.ErrorCode != "NOT_REPORTED" || aigov.Kind(got[1].Err(inspector.ScanECR)) != nil {
		t.Errorf("missing account: %+v, %v", got, err)
	}
	// A call that fails is an error, not a status.
	f.Fail("BatchGetAccountStatus", inspectortest.Throttling())
	if _, err := inspector.New(f).AccountStatus(context.Background(), ids[0]); !errors.Is(err, aigov.ErrThrottled) {
		t.Errorf("err = %v", err)
	}
}
