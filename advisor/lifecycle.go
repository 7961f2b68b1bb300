package advisor

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/trustedadvisor"
	"github.com/aws/aws-sdk-go-v2/service/trustedadvisor/types"
)

var lifecycleStages = []LifecycleStage{LifecyclePendingResponse, LifecycleInProgress, LifecycleDismissed, LifecycleResolved}

// UpdateLifecycle moves a Trusted Advisor Priority recommendation to stage,
// with reason (optional; 10 to 4096 characters when given, as AWS requires).
// It is a write, never called implicitly.
//
// recommendationARN is Recommendation.ARN: an account recommendation
// ("arn:aws:trustedadvisor::<account>:recommendation/<id>") or, from the
// organisation's management or delegated administrator account, an
// organisation recommendation ("arn:aws:trustedadvisor:::organization-recommendation/<id>",
// Recommendation.OrganizationARN). AWS accepts it only for prioritized
// recommendations (Type "priority"); the arguments are checked before any
// call.
//
// IAM, write: trustedadvisor:UpdateRecommendationLifecycle, or
// trustedadvisor:UpdateOrganizationRecommendationLifecycle for an
// organisation recommendation.
func (c *Client) UpdateLifecycle(ctx context.Context, recommendationARN string, stage LifecycleStage, reason string) error {
	if c.base.Err != nil {
		return c.base.Err
	}
	if c.ta == nil {
		return fmt.Errorf("advisor: UpdateLifecycle: lifecycles live in the TrustedAdvisor API, and the Client has none")
	}
	if !slices.Contains(lifecycleStages, stage) {
		return fmt.Errorf("advisor: UpdateLifecycle: %q is not a lifecycle stage (one of %v)", stage, lifecycleStages)
	}
	if n := utf8.RuneCountInString(reason); n > 0 && (n < 10 || n > 4096) {
		return fmt.Errorf("advisor: UpdateLifecycle: the reason must be 10 to 4096 characters, got %d", n)
	}
	org, err := recommendationKind(recommendationARN)
	if err != nil {
		return err
	}
	var why *string
	if reason != "" {
		why = aws.String(reason)
	}
	if org {
		_, err = clientkit.Do(ctx, c.orgBase(), "UpdateOrganizationRecommendationLifecycle", func(ctx context.Context) (*trustedadvisor.UpdateOrganizationRecommendationLifecycleOutput, error) {
			return c.ta.UpdateOrganizationRecommendationLifecycle(ctx, &trustedadvisor.UpdateOrganizationRecommendationLifecycleInput{
				OrganizationRecommendationIdentifier: aws.String(recommendationARN),
				LifecycleStage:                       types.UpdateRecommendationLifecycleStage(stage),
				UpdateReason:                         why,
			}, c.taOptFns()...)
		})
		return explain(err)
	}
	_, err = clientkit.Do(ctx, &c.base, "UpdateRecommendationLifecycle", func(ctx context.Context) (*trustedadvisor.UpdateRecommendationLifecycleOutput, error) {
		return c.ta.UpdateRecommendationLifecycle(ctx, &trustedadvisor.UpdateRecommendationLifecycleInput{
			RecommendationIdentifier: aws.String(recommendationARN),
			LifecycleStage:           types.UpdateRecommendationLifecycleStage(stage),
			UpdateReason:             why,
		}, c.taOptFns()...)
	})
	return explain(err)
}

// recommendationKind tells an organisation recommendation ARN from an
// account one, and refuses anything else.
func recommendationKind(s string) (org bool, err error) {
	a, perr := arn.Parse(s)
	if perr == nil && a.Service == "trustedadvisor" && a.Region == "" {
		kind, id, _ := strings.Cut(a.Resource, "/")
		switch {
		case kind == "organization-recommendation" && a.AccountID == "" && id != "":
			return true, nil
		case kind == "recommendation" && len(a.AccountID) == 12 && id != "":
			return false, nil
		}
	}
	return false, fmt.Errorf("advisor: UpdateLifecycle: %q is not the ARN of a Trusted Advisor recommendation", s)
}
