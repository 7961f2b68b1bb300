package artifact

import (
	"context"

	"github.com/aigov/aigov/internal/clientkit"
	awsartifact "github.com/aws/aws-sdk-go-v2/service/artifact"
	"github.com/aws/aws-sdk-go-v2/service/artifact/types"
)

// AccountSettings are the account's AWS Artifact settings.
type AccountSettings struct {
	// NotificationSubscription is SUBSCRIBED when the account receives
	// AWS Artifact's notifications of new and updated reports and
	// agreements, NOT_SUBSCRIBED otherwise; empty when AWS does not say.
	NotificationSubscription string `json:"notificationSubscription,omitempty"`
}

// Subscribed reports whether the account receives AWS Artifact's
// notifications; false when AWS does not say.
func (s AccountSettings) Subscribed() bool {
	return s.NotificationSubscription == string(types.NotificationSubscriptionStatusSubscribed)
}

// AccountSettings returns the account's AWS Artifact settings.
//
// IAM: artifact:GetAccountSettings.
func (c *Client) AccountSettings(ctx context.Context) (AccountSettings, error) {
	out, err := clientkit.Do(ctx, &c.base, "GetAccountSettings", func(ctx context.Context) (*awsartifact.GetAccountSettingsOutput, error) {
		return c.api.GetAccountSettings(ctx, &awsartifact.GetAccountSettingsInput{}, c.optFns()...)
	})
	if err != nil {
		return AccountSettings{}, err
	}
	if out == nil || out.AccountSettings == nil {
		return AccountSettings{}, nil
	}
	return AccountSettings{NotificationSubscription: string(out.AccountSettings.NotificationSubscriptionStatus)}, nil
}
