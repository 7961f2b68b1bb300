package advisor

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/support"
	"github.com/aws/aws-sdk-go-v2/service/trustedadvisor"
)

// TrustedAdvisorAPI lists the operations of the TrustedAdvisor API (the
// newer one: recommendations, their resources, the organisation view and
// lifecycle) that this package calls, with the exact signatures of
// *trustedadvisor.Client, so that the real client, the fake of package
// advisortest or a caller's own stub can serve a Client.
//
// Every operation is read-only except UpdateRecommendationLifecycle and
// UpdateOrganizationRecommendationLifecycle, which only
// Client.UpdateLifecycle calls.
type TrustedAdvisorAPI interface {
	ListChecks(ctx context.Context, params *trustedadvisor.ListChecksInput, optFns ...func(*trustedadvisor.Options)) (*trustedadvisor.ListChecksOutput, error)
	ListRecommendations(ctx context.Context, params *trustedadvisor.ListRecommendationsInput, optFns ...func(*trustedadvisor.Options)) (*trustedadvisor.ListRecommendationsOutput, error)
	ListRecommendationResources(ctx context.Context, params *trustedadvisor.ListRecommendationResourcesInput, optFns ...func(*trustedadvisor.Options)) (*trustedadvisor.ListRecommendationResourcesOutput, error)

	ListOrganizationRecommendations(ctx context.Context, params *trustedadvisor.ListOrganizationRecommendationsInput, optFns ...func(*trustedadvisor.Options)) (*trustedadvisor.ListOrganizationRecommendationsOutput, error)
	ListOrganizationRecommendationAccounts(ctx context.Context, params *trustedadvisor.ListOrganizationRecommendationAccountsInput, optFns ...func(*trustedadvisor.Options)) (*trustedadvisor.ListOrganizationRecommendationAccountsOutput, error)
	ListOrganizationRecommendationResources(ctx context.Context, params *trustedadvisor.ListOrganizationRecommendationResourcesInput, optFns ...func(*trustedadvisor.Options)) (*trustedadvisor.ListOrganizationRecommendationResourcesOutput, error)

	UpdateRecommendationLifecycle(ctx context.Context, params *trustedadvisor.UpdateRecommendationLifecycleInput, optFns ...func(*trustedadvisor.Options)) (*trustedadvisor.UpdateRecommendationLifecycleOutput, error)
	UpdateOrganizationRecommendationLifecycle(ctx context.Context, params *trustedadvisor.UpdateOrganizationRecommendationLifecycleInput, optFns ...func(*trustedadvisor.Options)) (*trustedadvisor.UpdateOrganizationRecommendationLifecycleOutput, error)
}

// SupportAPI lists the Trusted Advisor operations of the AWS Support API
// (the older one: checks and their results) that this package calls, with
// the exact signatures of *support.Client.
//
// Every operation is read-only except RefreshTrustedAdvisorCheck, which only
// Client.RefreshCheck calls.
type SupportAPI interface {
	DescribeTrustedAdvisorChecks(ctx context.Context, params *support.DescribeTrustedAdvisorChecksInput, optFns ...func(*support.Options)) (*support.DescribeTrustedAdvisorChecksOutput, error)
	DescribeTrustedAdvisorCheckSummaries(ctx context.Context, params *support.DescribeTrustedAdvisorCheckSummariesInput, optFns ...func(*support.Options)) (*support.DescribeTrustedAdvisorCheckSummariesOutput, error)
	DescribeTrustedAdvisorCheckResult(ctx context.Context, params *support.DescribeTrustedAdvisorCheckResultInput, optFns ...func(*support.Options)) (*support.DescribeTrustedAdvisorCheckResultOutput, error)
	DescribeTrustedAdvisorCheckRefreshStatuses(ctx context.Context, params *support.DescribeTrustedAdvisorCheckRefreshStatusesInput, optFns ...func(*support.Options)) (*support.DescribeTrustedAdvisorCheckRefreshStatusesOutput, error)

	RefreshTrustedAdvisorCheck(ctx context.Context, params *support.RefreshTrustedAdvisorCheckInput, optFns ...func(*support.Options)) (*support.RefreshTrustedAdvisorCheckOutput, error)
}

var (
	_ TrustedAdvisorAPI = (*trustedadvisor.Client)(nil)
	_ SupportAPI        = (*support.Client)(nil)
)
