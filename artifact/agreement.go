package artifact

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aigov/aigov/internal/pager"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsartifact "github.com/aws/aws-sdk-go-v2/service/artifact"
	"github.com/aws/aws-sdk-go-v2/service/artifact/types"
)

// HIPAABAA names the HIPAA Business Associate Addendum for AgreementStatus
// and EvaluateAgreement. It matches both the account's "AWS Business
// Associate Addendum" and the "AWS Organizations Business Associate
// Addendum" a management account accepts for its organisation.
const HIPAABAA = "Business Associate Addendum"

// AgreementState is the state AWS Artifact gives an accepted agreement.
type AgreementState string

// The states of a customer agreement.
const (
	AgreementStateActive AgreementState = "ACTIVE"
	// AgreementStateCustomerTerminated: the account (or its organisation's
	// management account) terminated the agreement.
	AgreementStateCustomerTerminated AgreementState = "CUSTOMER_TERMINATED"
	// AgreementStateAWSTerminated: AWS terminated the agreement.
	AgreementStateAWSTerminated AgreementState = "AWS_TERMINATED"
)

// Agreement is an agreement with AWS the account, or its organisation, has
// accepted in AWS Artifact, such as the Business Associate Addendum.
type Agreement struct {
	// ID is the customer agreement's id, such as
	// "customer-agreement-abcdEFGH01234567".
	ID  string `json:"id"`
	ARN string `json:"arn,omitempty"`
	// AgreementARN is the ARN of the agreement AWS offers, which every
	// customer that accepts it shares.
	AgreementARN string `json:"agreementArn,omitempty"`
	// Name is the agreement's name, such as "AWS Business Associate
	// Addendum".
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Type is DEFAULT, CUSTOM or MODIFIED.
	Type  string         `json:"type,omitempty"`
	State AgreementState `json:"state"`
	// Account is the account that owns the agreement.
	Account string `json:"account,omitempty"`
	// OrganizationARN is set when the agreement was accepted for a whole
	// organisation.
	OrganizationARN string `json:"organizationArn,omitempty"`
	// EffectiveStart is when the agreement took effect, EffectiveEnd when it
	// was terminated; in UTC, zero when AWS does not say.
	EffectiveStart time.Time `json:"effectiveStart,omitzero"`
	EffectiveEnd   time.Time `json:"effectiveEnd,omitzero"`
}

// Active reports whether the agreement is in force.
func (a Agreement) Active() bool { return a.State == AgreementStateActive }

// Agreements lists the agreements the account has accepted, in the order
// AWS Artifact returns them. AWS documents the listing as the active
// agreements; terminated ones appear when AWS includes them.
//
// An agreement without an id ends the listing with an error naming its
// place; the agreements before it are yielded first.
//
// IAM: artifact:ListCustomerAgreements.
func (c *Client) Agreements(ctx context.Context) iter.Seq2[Agreement, error] {
	n := 0 // agreements read so far, to place a bad one
	return clientkit.Pages(ctx, &c.base, "ListCustomerAgreements", func(ctx context.Context, token *string) ([]Agreement, *string, error) {
		if token == nil {
			n = 0 // the sequence is ranged over again
		}
		out, err := c.api.ListCustomerAgreements(ctx, &awsartifact.ListCustomerAgreementsInput{MaxResults: aws.Int32(c.pageSize), NextToken: token}, c.optFns()...)
		if err != nil {
			return nil, nil, err
		}
		if out == nil {
			return nil, nil, errNoOutput
		}
		res := make([]Agreement, 0, len(out.CustomerAgreements))
		for _, s := range out.CustomerAgreements {
			n++
			a := agreement(s)
			if a.ID == "" {
				return res, nil, fmt.Errorf("agreement %d of the listing (%q) has no id", n, a.Name)
			}
			res = append(res, a)
		}
		return res, out.NextToken, nil
	})
}

func agreement(s types.CustomerAgreementSummary) Agreement {
	return Agreement{
		ID:              aws.ToString(s.Id),
		ARN:             aws.ToString(s.Arn),
		AgreementARN:    aws.ToString(s.AgreementArn),
		Name:            aws.ToString(s.Name),
		Description:     aws.ToString(s.Description),
		Type:            string(s.Type),
		State:           AgreementState(s.State),
		Account:         aws.ToString(s.AwsAccountId),
		OrganizationARN: aws.ToString(s.OrganizationArn),
		EffectiveStart:  utc(s.EffectiveStart),
		EffectiveEnd:    utc(s.EffectiveEnd),
	}
}

// AgreementStanding is the answer for a required agreement.
type AgreementStanding string

// The answers of an agreement check.
const (
	// AgreementActive: an agreement of that name is in force.
	AgreementActive AgreementStanding = "active"
	// AgreementInactive: the account accepted such an agreement, but it has
	// been terminated (by the customer or by AWS) and none is in force.
	AgreementInactive AgreementStanding = "inactive"
	// AgreementMissing: no agreement of that name was ever accepted, as far
	// as AWS Artifact lists.
	AgreementMissing AgreementStanding = "missing"
)

// AgreementStatus is the answer for a required agreement.
type AgreementStatus struct {
	// Required is the name asked for, such as HIPAABAA.
	Required string            `json:"required"`
	State    AgreementStanding `json:"state"`
	// Agreement is the agreement the answer rests on: the active one that
	// took effect last, or, when none is active, the one terminated last;
	// nil when Missing.
	Agreement *Agreement `json:"agreement,omitempty"`
	// Reason explains State in a sentence.
	Reason string `json:"reason"`
}

// AgreementStatus answers whether an agreement whose name contains
// required, such as HIPAABAA, is in force for the account. See
// EvaluateAgreement for how names match.
//
// IAM: artifact:ListCustomerAgreements.
func (c *Client) AgreementStatus(ctx context.Context, required string) (AgreementStatus, error) {
	if c.base.Err != nil {
		return AgreementStatus{}, c.base.Err
	}
	if len(words(required)) == 0 {
		return AgreementStatus{}, fmt.Errorf("artifact: AgreementStatus: the required agreement %q names nothing to match", required)
	}
	agreements, err := pager.Collect(c.Agreements(ctx))
	if err != nil {
		return AgreementStatus{}, err
	}
	return EvaluateAgreement(agreements, required), nil
}

// EvaluateAgreement answers from agreements whether an agreement whose name
// contains required is in force. Names match as Requirement phrases do:
// whole words, regardless of case and punctuation, so HIPAABAA matches "AWS
// Business Associate Addendum" and "AWS Organizations Business Associate
// Addendum". The order of agreements does not change the answer.
func EvaluateAgreement(agreements []Agreement, required string) AgreementStatus {
	st := AgreementStatus{Required: required, State: AgreementMissing}
	want := phrase(words(required))
	if len(want) == 0 {
		st.Reason = fmt.Sprintf("the required agreement %q names nothing to match", required)
		return st
	}
	var active, ended *Agreement
	for i := range agreements {
		a := &agreements[i]
		if !want.in(words(a.Name)) {
			continue
		}
		if a.Active() {
			if active == nil || later(a.EffectiveStart, active.EffectiveStart, a.ID, active.ID) {
				active = a
			}
			continue
		}
		if ended == nil || later(a.EffectiveEnd, ended.EffectiveEnd, a.ID, ended.ID) {
			ended = a
		}
	}
	switch {
	case active != nil:
		chosen := *active
		st.State, st.Agreement = AgreementActive, &chosen
		st.Reason = fmt.Sprintf("%q (%s) is active%s%s", chosen.Name, chosen.ID, forOrganization(chosen), since(" since ", chosen.EffectiveStart))
	case ended != nil:
		chosen := *ended
		st.State, st.Agreement = AgreementInactive, &chosen
		st.Reason = fmt.Sprintf("%q (%s)%s %s%s and no agreement of that name is active", chosen.Name, chosen.ID, forOrganization(chosen), terminated(chosen.State), since(" on ", chosen.EffectiveEnd))
	default:
		st.Reason = fmt.Sprintf("no agreement accepted in AWS Artifact is named like %q", required)
	}
	return st
}

// later reports whether time a (with id ida) comes after time b (id idb);
// the smaller id breaks a tie so that the answer does not depend on order.
func later(a, b time.Time, ida, idb string) bool {
	if !a.Equal(b) {
		return a.After(b)
	}
	return ida < idb
}

func forOrganization(a Agreement) string {
	if a.OrganizationARN == "" {
		return ""
	}
	return " for organisation " + a.OrganizationARN
}

func terminated(s AgreementState) string {
	switch s {
	case AgreementStateCustomerTerminated:
		return "was terminated by the customer"
	case AgreementStateAWSTerminated:
		return "was terminated by AWS"
	case "":
		return "has no state"
	default:
		return "is in state " + string(s)
	}
}

func since(prefix string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return prefix + t.Format(time.DateOnly)
}
