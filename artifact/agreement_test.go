package artifact_test

import (
	"slices"
	"testing"
	"time"

	"github.com/aigov/aigov/artifact"
	"github.com/google/go-cmp/cmp"
)

func TestEvaluateAgreement(t *testing.T) {
	jan := time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)
	mar := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	baa := func(id string, state artifact.AgreementState, start, end time.Time) artifact.Agreement {
		return artifact.Agreement{ID: id, Name: "AWS Business Associate Addendum", State: state, EffectiveStart: start, EffectiveEnd: end}
	}
	nda := artifact.Agreement{ID: "customer-agreement-nda", Name: "AWS Artifact Nondisclosure Agreement", State: artifact.AgreementStateActive}
	tests := []struct {
		name       string
		agreements []artifact.Agreement
		required   string
		state      artifact.AgreementStanding
		chosen     string
		reason     string
	}{
		{
			name:       "active",
			agreements: []artifact.Agreement{nda, baa("customer-agreement-1", artifact.AgreementStateActive, jan, time.Time{})},
			required:   artifact.HIPAABAA, state: artifact.AgreementActive, chosen: "customer-agreement-1",
			reason: `"AWS Business Associate Addendum" (customer-agreement-1) is active since 2025-01-15`,
		},
		{
			name:       "terminated by the customer",
			agreements: []artifact.Agreement{baa("customer-agreement-1", artifact.AgreementStateCustomerTerminated, jan, mar)},
			required:   artifact.HIPAABAA, state: artifact.AgreementInactive, chosen: "customer-agreement-1",
			reason: `"AWS Business Associate Addendum" (customer-agreement-1) was terminated by the customer on 2026-03-01 and no agreement of that name is active`,
		},
		{
			name:       "terminated by AWS, no end date",
			agreements: []artifact.Agreement{baa("customer-agreement-1", artifact.AgreementStateAWSTerminated, jan, time.Time{})},
			required:   artifact.HIPAABAA, state: artifact.AgreementInactive, chosen: "customer-agreement-1",
			reason: `"AWS Business Associate Addendum" (customer-agreement-1) was terminated by AWS and no agreement of that name is active`,
		},
		{
			name: "a state AWS may add later is not active",
			agreements: []artifact.Agreement{
				baa("customer-agreement-1", "SUSPENDED", jan, time.Time{}),
			},
			required: artifact.HIPAABAA, state: artifact.AgreementInactive, chosen: "customer-agreement-1",
			reason: `"AWS Business Associate Addendum" (customer-agreement-1) is in state SUSPENDED and no agreement of that name is active`,
		},
		{
			name: "re-accepted after a termination",
			agreements: []artifact.Agreement{
				baa("customer-agreement-1", artifact.AgreementStateCustomerTerminated, jan, mar),
				baa("customer-agreement-2", artifact.AgreementStateActive, mar, time.Time{}),
			},
			required: artifact.HIPAABAA, state: artifact.AgreementActive, chosen: "customer-agreement-2",
			reason: `"AWS Business Associate Addendum" (customer-agreement-2) is active since 2026-03-01`,
		},
		{
			name: "the latest termination explains",
			agreements: []artifact.Agreement{
				baa("customer-agreement-1", artifact.AgreementStateCustomerTerminated, jan, jan.AddDate(0, 6, 0)),
				baa("customer-agreement-2", artifact.AgreementStateAWSTerminated, jan, mar),
			},
			required: artifact.HIPAABAA, state: artifact.AgreementInactive, chosen: "customer-agreement-2",
			reason: `"AWS Business Associate Addendum" (customer-agreement-2) was terminated by AWS on 2026-03-01 and no agreement of that name is active`,
		},
		{
			name: "the organisation's BAA counts",
			agreements: []artifact.Agreement{{
				ID: "customer-agreement-org", Name: "AWS Organizations Business Associate Addendum", State: artifact.AgreementStateActive,
				OrganizationARN: "arn:aws:organizations::111111111111:organization/o-abc", EffectiveStart: jan,
			}},
			required: artifact.HIPAABAA, state: artifact.AgreementActive, chosen: "customer-agreement-org",
			reason: `"AWS Organizations Business Associate Addendum" (customer-agreement-org) is active for organisation arn:aws:organizations::111111111111:organization/o-abc since 2025-01-15`,
		},
		{
			name:       "missing",
			agreements: []artifact.Agreement{nda},
			required:   artifact.HIPAABAA, state: artifact.AgreementMissing,
			reason: `no agreement accepted in AWS Artifact is named like "Business Associate Addendum"`,
		},
		{
			name:       "names match as words, regardless of case",
			agreements: []artifact.Agreement{nda},
			required:   "artifact NONDISCLOSURE agreement", state: artifact.AgreementActive, chosen: "customer-agreement-nda",
			reason: `"AWS Artifact Nondisclosure Agreement" (customer-agreement-nda) is active`,
		},
		{
			name:       "nothing to match",
			agreements: []artifact.Agreement{nda},
			required:   "  ", state: artifact.AgreementMissing,
			reason: `the required agreement "  " names nothing to match`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := artifact.EvaluateAgreement(tt.agreements, tt.required)
			id := ""
			if st.Agreement != nil {
				id = st.Agreement.ID
			}
			if st.State != tt.state || id != tt.chosen || st.Reason != tt.reason || st.Required != tt.required {
				t.Errorf("got %s %s\n  %s\nwant %s %s\n  %s", st.State, id, st.Reason, tt.state, tt.chosen, tt.reason)
			}
			rev := slices.Clone(tt.agreements)
			slices.Reverse(rev)
			if d := cmp.Diff(st, artifact.EvaluateAgreement(rev, tt.required)); d != "" {
				t.Errorf("order changed the answer:\n%s", d)
			}
		})
	}
}
