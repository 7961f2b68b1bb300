package inspector

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
)

// ScanType is a kind of scanning Amazon Inspector turns on per account.
type ScanType string

// The scan types.
const (
	// ScanEC2 scans EC2 instances (training and notebook hosts).
	ScanEC2 ScanType = "EC2"
	// ScanECR scans container images in Amazon ECR: the images SageMaker
	// models and endpoints serve.
	ScanECR ScanType = "ECR"
	// ScanLambda scans the packages of Lambda functions.
	ScanLambda ScanType = "LAMBDA"
	// ScanLambdaCode scans the code of Lambda functions.
	ScanLambdaCode ScanType = "LAMBDA_CODE"
	// ScanCodeRepository scans source repositories.
	ScanCodeRepository ScanType = "CODE_REPOSITORY"
)

// ScanTypes are the scan types AccountStatus reports, in order.
var ScanTypes = []ScanType{ScanEC2, ScanECR, ScanLambda, ScanLambdaCode, ScanCodeRepository}

// The statuses of Amazon Inspector for an account or a scan type. Only
// StatusEnabled means findings are produced.
const (
	StatusEnabling   = "ENABLING"
	StatusEnabled    = "ENABLED"
	StatusDisabling  = "DISABLING"
	StatusDisabled   = "DISABLED"
	StatusSuspending = "SUSPENDING"
	StatusSuspended  = "SUSPENDED"
)

// ScanState is the state of Amazon Inspector, or of one scan type, in an
// account.
type ScanState struct {
	// Status is one of the Status constants; empty when AWS did not say.
	Status string `json:"status,omitempty"`
	// ErrorCode and ErrorMessage are what AWS reported, such as
	// ACCESS_DENIED for an account the caller cannot see.
	ErrorCode    string `json:"errorCode,omitempty"`
	ErrorMessage string `json:"errorMessage,omitempty"`
}

// AccountStatus is the state of Amazon Inspector in one account and region.
type AccountStatus struct {
	Account string `json:"account"`
	Region  string `json:"region,omitempty"`
	// State is Amazon Inspector's overall state in the account.
	State ScanState `json:"state"`
	// The state of each scan type.
	EC2            ScanState `json:"ec2"`
	ECR            ScanState `json:"ecr"`
	Lambda         ScanState `json:"lambda"`
	LambdaCode     ScanState `json:"lambdaCode"`
	CodeRepository ScanState `json:"codeRepository"`
	// Failed is true when AWS could not report on the account (it came
	// back in failedAccounts); State.ErrorCode says why, and the scan
	// states hold what AWS still said.
	Failed bool `json:"failed,omitempty"`
}

// Scan returns the state of one scan type.
func (s AccountStatus) Scan(t ScanType) ScanState {
	switch t {
	case ScanEC2:
		return s.EC2
	case ScanECR:
		return s.ECR
	case ScanLambda:
		return s.Lambda
	case ScanLambdaCode:
		return s.LambdaCode
	case ScanCodeRepository:
		return s.CodeRepository
	}
	return ScanState{}
}

// Enabled reports whether the scan type produces findings in the account:
// Amazon Inspector and the scan type are both ENABLED, and AWS reported on
// the account.
func (s AccountStatus) Enabled(t ScanType) bool {
	return !s.Failed && s.State.Status == StatusEnabled && s.Scan(t).Status == StatusEnabled
}

// Err explains why the scan type gives no evidence in the account, as an
// *aigov.Error: aigov.ErrNotEnabled when it is not ENABLED,
// aigov.ErrAccessDenied or aigov.ErrNotFound when AWS could not report on
// the account. It is nil when Enabled(t) holds. Governance controls that rely
// on the scan type turn this into Unknown, never Pass.
func (s AccountStatus) Err(t ScanType) error {
	if s.Enabled(t) {
		return nil
	}
	e := &aigov.Error{Service: "inspector", Operation: "BatchGetAccountStatus", Account: s.Account, Region: s.Region}
	if s.Failed {
		e.Code, e.Message = s.State.ErrorCode, s.State.ErrorMessage
		e.Kind = failedKinds[s.State.ErrorCode]
		e.Err = fmt.Errorf("AWS did not report on account %s: %s", s.Account, s.State.ErrorCode)
		return e
	}
	e.Kind = aigov.ErrNotEnabled
	state, what := s.Scan(t), fmt.Sprintf("%s scanning", t)
	if s.State.Status != StatusEnabled {
		state, what = s.State, "Amazon Inspector"
	}
	e.Code, e.Message = state.ErrorCode, state.ErrorMessage
	status := state.Status
	if status == "" {
		status = "not reported"
	}
	e.Err = fmt.Errorf("%s is %s in account %s", what, status, s.Account)
	if e.Message == "" {
		e.Message = e.Err.Error()
	}
	return e
}

// failedKinds maps the error codes of failedAccounts to sentinels; the
// others (INTERNAL_ERROR, NOT_REPORTED …) match none.
var failedKinds = map[string]error{
	string(types.ErrorCodeAccessDenied):                aigov.ErrAccessDenied,
	string(types.ErrorCodeBlockedByOrganizationPolicy): aigov.ErrAccessDenied,
	string(types.ErrorCodeResourceNotFound):            aigov.ErrNotFound,
	string(types.ErrorCodeAccountIsIsolated):           aigov.ErrNotEnabled,
}

// maxStatusAccounts is the most accounts BatchGetAccountStatus takes.
const maxStatusAccounts = 100

// AccountStatus returns the state of Amazon Inspector and of each scan type
// in the accounts named, in the Client's region. With no account named it
// asks about the account of WithAccount, or else the caller's own. Asking
// about other accounts needs the delegated administrator of the
// organisation; a hundred accounts are asked per call.
//
// Every account asked about comes back, in the order asked (duplicates
// once): an account AWS could not report on (failedAccounts, such as
// ACCESS_DENIED for an account outside the caller's organisation) is
// returned with Failed set and its error, not dropped. An account that AWS
// left out of both lists is returned Failed with ErrorCode
// "NOT_REPORTED". The error is for the call itself.
//
// IAM: inspector2:BatchGetAccountStatus.
func (c *Client) AccountStatus(ctx context.Context, accountIDs ...string) ([]AccountStatus, error) {
	if c.base.Err != nil {
		return nil, c.base.Err
	}
	ids := dedupe(slices.Clone(accountIDs))
	if len(ids) == 0 && c.base.Account != "" {
		ids = []string{c.base.Account}
	}
	batches := [][]string{nil}
	if len(ids) > 0 {
		batches = slices.Collect(slices.Chunk(ids, maxStatusAccounts))
	}
	var res []AccountStatus
	for _, batch := range batches {
		out, err := clientkit.Do(ctx, &c.base, "BatchGetAccountStatus", func(ctx context.Context) (*inspector2.BatchGetAccountStatusOutput, error) {
			return c.api.BatchGetAccountStatus(ctx, &inspector2.BatchGetAccountStatusInput{AccountIds: batch}, c.optFns()...)
		})
		if err != nil {
			return res, err
		}
		got := make(map[string]AccountStatus)
		var order []string
		add := func(s AccountStatus) {
			if _, dup := got[s.Account]; !dup {
				order = append(order, s.Account)
			}
			got[s.Account] = s
		}
		for _, a := range out.Accounts {
			add(c.accountState(a))
		}
		for _, f := range out.FailedAccounts {
			add(c.failedAccount(f))
		}
		if len(batch) == 0 {
			// The caller's own account: report whatever AWS named.
			for _, id := range order {
				res = append(res, got[id])
			}
			continue
		}
		for _, id := range batch {
			s, ok := got[id]
			if !ok {
				s = AccountStatus{Account: id, Region: c.base.Region, Failed: true, State: ScanState{ErrorCode: "NOT_REPORTED", ErrorMessage: "BatchGetAccountStatus did not report on the account"}}
			}
			res = append(res, s)
		}
	}
	if len(res) == 0 {
		return nil, errors.New("inspector: BatchGetAccountStatus reported on no account")
	}
	return res, nil
}

func dedupe(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := ids[:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

func scanState(s *types.State) ScanState {
	if s == nil {
		return ScanState{}
	}
	return ScanState{Status: string(s.Status), ErrorCode: string(s.ErrorCode), ErrorMessage: aws.ToString(s.ErrorMessage)}
}

func (c *Client) accountState(a types.AccountState) AccountStatus {
	s := AccountStatus{Account: aws.ToString(a.AccountId), Region: c.base.Region, State: scanState(a.State)}
	if r := a.ResourceState; r != nil {
		s.EC2, s.ECR, s.Lambda = scanState(r.Ec2), scanState(r.Ecr), scanState(r.Lambda)
		s.LambdaCode, s.CodeRepository = scanState(r.LambdaCode), scanState(r.CodeRepository)
	}
	return s
}

func (c *Client) failedAccount(f types.FailedAccount) AccountStatus {
	s := AccountStatus{
		Account: aws.ToString(f.AccountId),
		Region:  c.base.Region,
		Failed:  true,
		State:   ScanState{Status: string(f.Status), ErrorCode: string(f.ErrorCode), ErrorMessage: aws.ToString(f.ErrorMessage)},
	}
	if r := f.ResourceStatus; r != nil {
		s.EC2, s.ECR, s.Lambda = ScanState{Status: string(r.Ec2)}, ScanState{Status: string(r.Ecr)}, ScanState{Status: string(r.Lambda)}
		s.LambdaCode, s.CodeRepository = ScanState{Status: string(r.LambdaCode)}, ScanState{Status: string(r.CodeRepository)}
	}
	return s
}
