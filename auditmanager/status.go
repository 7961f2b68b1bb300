package auditmanager

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	sdk "github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"
)

// AccountState is the status GetAccountStatus gives the account in a region.
type AccountState string

// The states of an account. Only Active collects evidence.
const (
	Active            AccountState = "ACTIVE"
	Inactive          AccountState = "INACTIVE"
	PendingActivation AccountState = "PENDING_ACTIVATION"
)

// Fallback names what to use for audit evidence when Audit Manager is not
// available: AWS Config conformance packs (package config,
// ConformancePackTemplate and DeployConformancePack).
const Fallback = "AWS Config conformance packs"

// AccountStatus says whether this account can use Audit Manager in a region,
// and, when it can, the settings that matter for evidence.
//
// When it cannot (the account is INACTIVE or PENDING_ACTIVATION, was never
// registered, or AWS refuses it as a new customer since Audit Manager closed
// to new customers on 2026-04-30), Available is false, Reason says why in a
// sentence that points to Fallback, and every other call of the Client fails
// with an error matching aigov.ErrNotEnabled.
type AccountStatus struct {
	// State is the state GetAccountStatus reported; empty when the status
	// was derived from another operation's error (see NotEnabled).
	State AccountState `json:"state,omitempty"`
	// Reason is empty exactly when Audit Manager is available; otherwise
	// it explains, for a person, why not and what to use instead.
	Reason string `json:"reason,omitempty"`
	// Fallback is set when Audit Manager is not available.
	Fallback string `json:"fallback,omitempty"`
	// Settings are read only for an available account.
	Settings *Settings `json:"settings,omitempty"`
	Account  string    `json:"account,omitempty"`
	Region   string    `json:"region,omitempty"`
}

// Available reports whether the account can use Audit Manager: it is ACTIVE
// and no operation answered that it is not set up.
func (s AccountStatus) Available() bool { return s.State == Active && s.Reason == "" }

// MarshalJSON adds "available" to the fields, so that a snapshot says it in
// so many words. Decoding ignores it: Available is derived.
func (s AccountStatus) MarshalJSON() ([]byte, error) {
	type fields AccountStatus // without this method
	return json.Marshal(struct {
		Available bool `json:"available"`
		fields
	}{s.Available(), fields(s)})
}

// Settings are the account settings of Audit Manager that bear on evidence.
type Settings struct {
	// EvidenceFinder is the state of evidence finder, which assessment
	// reports built from queries need.
	EvidenceFinder EvidenceFinder `json:"evidenceFinder"`
	// ReportDestination is the default S3 destination of assessment
	// reports (an s3:// URI); empty when none is set, in which case
	// CreateReport uses each assessment's own destination.
	ReportDestination string `json:"reportDestination,omitempty"`
	// ExportDestination is the default S3 destination of evidence finder
	// exports.
	ExportDestination string `json:"exportDestination,omitempty"`
	// KMSKey is the key that encrypts Audit Manager data: a key ARN, or
	// "DEFAULT" for the AWS owned key.
	KMSKey string `json:"kmsKey,omitempty"`
	// Organization reports whether Audit Manager runs with AWS
	// Organizations (a delegated administrator collects for members).
	Organization bool `json:"organization,omitempty"`
}

// EvidenceFinder is the state of the evidence finder feature.
type EvidenceFinder struct {
	// Status is ENABLED, DISABLED, ENABLE_IN_PROGRESS or
	// DISABLE_IN_PROGRESS; empty when Audit Manager did not say.
	Status string `json:"status,omitempty"`
	// Backfill is NOT_STARTED, IN_PROGRESS or COMPLETED: until it is
	// COMPLETED, queries do not see the past two years of evidence.
	Backfill string `json:"backfill,omitempty"`
	// EventDataStore is the ARN of the CloudTrail Lake event data store
	// evidence finder queries.
	EventDataStore string `json:"eventDataStore,omitempty"`
	// Error is the last error enabling or disabling evidence finder.
	Error string `json:"error,omitempty"`
}

// Enabled reports whether evidence finder can be queried.
func (f EvidenceFinder) Enabled() bool {
	return f.Status == string(types.EvidenceFinderEnablementStatusEnabled)
}

// Status reads the account status and, for an active account, its
// settings.
//
// An account that cannot use Audit Manager is not an error: the result says
// so with Available false and a Reason. The error is for calls that failed
// for another reason (access denied to GetAccountStatus, throttling); when
// only the settings could not be read, the State is still returned with the
// error.
//
// IAM: auditmanager:GetAccountStatus, auditmanager:GetSettings.
func (c *Client) Status(ctx context.Context) (AccountStatus, error) {
	st := AccountStatus{Account: c.base.Account, Region: c.base.Region}
	out, err := clientkit.Do(ctx, &c.base, "GetAccountStatus", func(ctx context.Context) (*sdk.GetAccountStatusOutput, error) {
		return c.api.GetAccountStatus(ctx, &sdk.GetAccountStatusInput{}, c.optFns()...)
	})
	if err != nil {
		if ne, ok := NotEnabled(err); ok {
			ne.Account, ne.Region = st.Account, st.Region
			return ne, nil
		}
		return st, err
	}
	st.State = AccountState(out.Status)
	switch st.State {
	case Active:
	case Inactive:
		return st.unavailable(fmt.Sprintf("AWS Audit Manager is not set up for this account%s (account status INACTIVE); "+
			"AWS closed Audit Manager to new customers on 2026-04-30, so unless this account was a customer before then it cannot be enabled. "+
			"Use %s for audit evidence instead.", st.where(), Fallback)), nil
	case PendingActivation:
		return st.unavailable(fmt.Sprintf("AWS Audit Manager setup has not finished for this account%s (account status PENDING_ACTIVATION), "+
			"so it collects no evidence yet. Use %s for audit evidence until it does.", st.where(), Fallback)), nil
	default:
		return st.unavailable(fmt.Sprintf("AWS Audit Manager reported the unknown account status %q%s; "+
			"aigov does not trust its evidence. Use %s for audit evidence instead.", out.Status, st.where(), Fallback)), nil
	}

	settings, err := clientkit.Do(ctx, &c.base, "GetSettings", func(ctx context.Context) (*sdk.GetSettingsOutput, error) {
		return c.api.GetSettings(ctx, &sdk.GetSettingsInput{Attribute: types.SettingAttributeAll}, c.optFns()...)
	})
	if err != nil {
		if ne, ok := NotEnabled(err); ok {
			return st.unavailable(ne.Reason), nil
		}
		return st, err
	}
	st.Settings = settingsOf(settings.Settings)
	return st, nil
}

// NotEnabled reports whether err says the account cannot use Audit Manager
// (it matches aigov.ErrNotEnabled) and returns the AccountStatus that says
// so, with a Reason quoting AWS's answer. It is how a caller turns the error
// of any call into the same answer Status gives:
//
//	for a, err := range c.Assessments(ctx, auditmanager.AssessmentFilter{}) {
//		if st, ok := auditmanager.NotEnabled(err); ok {
//			return unknown(st.Reason)
//		}
//		...
//	}
func NotEnabled(err error) (AccountStatus, bool) {
	if !errors.Is(err, aigov.ErrNotEnabled) {
		return AccountStatus{}, false
	}
	what := err.Error()
	var e *aigov.Error
	if errors.As(err, &e) {
		what = e.Operation + " answered " + e.Code
		if e.Message != "" {
			what += ": " + e.Message
		}
		st := AccountStatus{Account: e.Account, Region: e.Region}
		return st.unavailable(fmt.Sprintf("AWS Audit Manager cannot be used by this account%s (%s). Use %s for audit evidence instead.", st.where(), what, Fallback)), true
	}
	return AccountStatus{}.unavailable(fmt.Sprintf("AWS Audit Manager cannot be used by this account (%s). Use %s for audit evidence instead.", what, Fallback)), true
}

func (s AccountStatus) unavailable(reason string) AccountStatus {
	s.Reason, s.Fallback, s.Settings = reason, Fallback, nil
	return s
}

// where is " in <region>", or empty when the region is unknown.
func (s AccountStatus) where() string {
	if s.Region == "" {
		return ""
	}
	return " in " + s.Region
}

func settingsOf(in *types.Settings) *Settings {
	s := &Settings{}
	if in == nil {
		return s
	}
	if d := in.DefaultAssessmentReportsDestination; d != nil {
		s.ReportDestination = aws.ToString(d.Destination)
	}
	if d := in.DefaultExportDestination; d != nil {
		s.ExportDestination = aws.ToString(d.Destination)
	}
	if f := in.EvidenceFinderEnablement; f != nil {
		s.EvidenceFinder = EvidenceFinder{
			Status:         string(f.EnablementStatus),
			Backfill:       string(f.BackfillStatus),
			EventDataStore: aws.ToString(f.EventDataStoreArn),
			Error:          aws.ToString(f.Error),
		}
	}
	s.KMSKey = aws.ToString(in.KmsKey)
	s.Organization = aws.ToBool(in.IsAwsOrgEnabled)
	return s
}
