package advisor

import (
	"context"
	"errors"
	"time"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/support"
	"github.com/aws/aws-sdk-go-v2/service/trustedadvisor"
	"github.com/aws/aws-sdk-go-v2/service/trustedadvisor/types"
)

// Availability says whether the account can read Trusted Advisor, and
// through which API.
type Availability struct {
	// Available is true when at least one API answered.
	Available bool `json:"available"`
	// Source is the API Recommendations would use; empty when none is
	// available.
	Source SourceAPI `json:"source,omitempty"`
	// Reason explains an unavailable (or only partly available) Trusted
	// Advisor; PlanRequirement when the account has no qualifying support
	// plan.
	Reason string `json:"reason,omitempty"`
	// NoSupportPlan is true when an API said the account's support plan
	// does not include it.
	NoSupportPlan bool `json:"noSupportPlan,omitempty"`
	// TrustedAdvisorAPI and SupportAPI are what each API answered.
	TrustedAdvisorAPI APIAvailability `json:"trustedAdvisorApi"`
	SupportAPI        APIAvailability `json:"supportApi"`
	// CheckedAt is when the Client asked, by its clock.
	CheckedAt time.Time `json:"checkedAt,omitzero"`
}

// APIAvailability is what one API answered to a probe.
type APIAvailability struct {
	// Configured is false when the Client was given no client for the API.
	Configured bool `json:"configured"`
	// Usable is true when the API answered the probe.
	Usable bool `json:"usable"`
	// Reason is the probe's error, when it failed.
	Reason string `json:"reason,omitempty"`
	// Err is the probe's error, classified as every error of the package.
	Err error `json:"-"`
}

// Err returns nil when Trusted Advisor is available, and otherwise an error
// joining what each API answered: for an account without a qualifying plan
// it matches aigov.ErrNotEnabled and ErrNoSupportPlan.
func (a Availability) Err() error {
	if a.Available {
		return nil
	}
	return errors.Join(a.TrustedAdvisorAPI.Err, a.SupportAPI.Err)
}

// Status asks both APIs whether they answer, with the cheapest read each
// has, and reports it. An account without a qualifying support plan is an
// answer, not a failure: Available is false, NoSupportPlan true, Reason is
// PlanRequirement and the error is nil, so that a governance report can mark
// the controls that rest on Trusted Advisor Unknown with that reason.
//
// Status returns an error only when it cannot tell: neither API answered
// and neither said why in terms of the plan (access denied by IAM on both,
// throttling, the context ending).
//
// IAM: trustedadvisor:ListChecks, support:DescribeTrustedAdvisorChecks.
func (c *Client) Status(ctx context.Context) (Availability, error) {
	if c.base.Err != nil {
		return Availability{}, c.base.Err
	}
	a := Availability{CheckedAt: c.base.Now().UTC()}
	if c.ta != nil {
		_, err := clientkit.Do(ctx, &c.base, "ListChecks", func(ctx context.Context) (*trustedadvisor.ListChecksOutput, error) {
			return c.ta.ListChecks(ctx, &trustedadvisor.ListChecksInput{Language: types.RecommendationLanguage(c.language), MaxResults: aws.Int32(1)}, c.taOptFns()...)
		})
		a.TrustedAdvisorAPI = probed(err)
	}
	if c.support != nil {
		_, err := clientkit.Do(ctx, c.supportBase(), "DescribeTrustedAdvisorChecks", func(ctx context.Context) (*support.DescribeTrustedAdvisorChecksOutput, error) {
			return c.support.DescribeTrustedAdvisorChecks(ctx, &support.DescribeTrustedAdvisorChecksInput{Language: aws.String(c.language)}, c.supportOptFns()...)
		})
		a.SupportAPI = probed(err)
	}
	noPlan := errors.Is(a.TrustedAdvisorAPI.Err, ErrNoSupportPlan) || errors.Is(a.SupportAPI.Err, ErrNoSupportPlan)
	switch {
	case a.TrustedAdvisorAPI.Usable:
		a.Available, a.Source = true, SourceTrustedAdvisorAPI
	case a.SupportAPI.Usable:
		a.Available, a.Source = true, SourceSupportAPI
		a.Reason = "only the Support API answers"
		if a.TrustedAdvisorAPI.Configured {
			a.Reason += "; the TrustedAdvisor API failed: " + a.TrustedAdvisorAPI.Reason
		}
	case noPlan:
		a.NoSupportPlan, a.Reason = true, PlanRequirement
	default:
		a.Reason = "neither Trusted Advisor API answered"
		return a, a.Err()
	}
	return a, nil
}

func probed(err error) APIAvailability {
	p := APIAvailability{Configured: true, Usable: err == nil, Err: explain(err)}
	if err != nil {
		p.Reason = p.Err.Error()
	}
	return p
}
