package config

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
)

// Aggregator is a configuration aggregator: the organisation-wide view of
// AWS Config.
type Aggregator struct {
	Name string `json:"name"`
	ARN  string `json:"arn,omitempty"`
	// Organization is true when the aggregator collects from every account
	// of the AWS Organization rather than a listed set.
	Organization bool `json:"organization"`
	// Accounts are the accounts of an account-based aggregator.
	Accounts []string `json:"accounts,omitempty"`
	// AllRegions is true when it collects from every region, current and
	// future; Regions lists them otherwise.
	AllRegions bool     `json:"allRegions"`
	Regions    []string `json:"regions,omitempty"`
}

// AggregatorSource is the health of one source (an account or an
// organisation, in one region) of an aggregator. When a source fails or is
// outdated, what the aggregator says about it is stale.
type AggregatorSource struct {
	// SourceID is an account id or an organisation id.
	SourceID   string `json:"sourceId"`
	SourceType string `json:"sourceType"`
	Region     string `json:"region"`
	// Status is SUCCEEDED, FAILED or OUTDATED.
	Status           string    `json:"status"`
	LastUpdated      time.Time `json:"lastUpdated,omitzero"`
	LastErrorCode    string    `json:"lastErrorCode,omitempty"`
	LastErrorMessage string    `json:"lastErrorMessage,omitempty"`
}

// Aggregators lists the configuration aggregators of the account, or only
// those named.
//
// IAM: config:DescribeConfigurationAggregators.
func (c *Client) Aggregators(ctx context.Context, names ...string) iter.Seq2[Aggregator, error] {
	return clientkit.Pages(ctx, &c.base, "DescribeConfigurationAggregators", func(ctx context.Context, token *string) ([]Aggregator, *string, error) {
		out, err := c.api.DescribeConfigurationAggregators(ctx, &configservice.DescribeConfigurationAggregatorsInput{
			ConfigurationAggregatorNames: names,
			Limit:                        min(c.pageSize, 10),
			NextToken:                    token,
		}, c.optFns()...)
		if err != nil {
			return nil, nil, err
		}
		res := make([]Aggregator, 0, len(out.ConfigurationAggregators))
		for _, a := range out.ConfigurationAggregators {
			agg := Aggregator{Name: aws.ToString(a.ConfigurationAggregatorName), ARN: aws.ToString(a.ConfigurationAggregatorArn)}
			if o := a.OrganizationAggregationSource; o != nil {
				agg.Organization, agg.AllRegions, agg.Regions = true, o.AllAwsRegions, o.AwsRegions
			}
			for _, s := range a.AccountAggregationSources {
				agg.Accounts = append(agg.Accounts, s.AccountIds...)
				agg.AllRegions = agg.AllRegions || s.AllAwsRegions
				agg.Regions = append(agg.Regions, s.AwsRegions...)
			}
			res = append(res, agg)
		}
		return res, out.NextToken, nil
	})
}

// AggregatorSources returns the health of every source of the Client's
// aggregator (see WithAggregator).
//
// IAM: config:DescribeConfigurationAggregatorSourcesStatus.
func (c *Client) AggregatorSources(ctx context.Context) iter.Seq2[AggregatorSource, error] {
	if c.aggregator == "" {
		return fail[AggregatorSource](fmt.Errorf("config: AggregatorSources: the client has no aggregator (see WithAggregator)"))
	}
	return clientkit.Pages(ctx, &c.base, "DescribeConfigurationAggregatorSourcesStatus", func(ctx context.Context, token *string) ([]AggregatorSource, *string, error) {
		out, err := c.api.DescribeConfigurationAggregatorSourcesStatus(ctx, &configservice.DescribeConfigurationAggregatorSourcesStatusInput{
			ConfigurationAggregatorName: aws.String(c.aggregator),
			Limit:                       c.pageSize,
			NextToken:                   token,
		}, c.optFns()...)
		if err != nil {
			return nil, nil, err
		}
		res := make([]AggregatorSource, 0, len(out.AggregatedSourceStatusList))
		for _, s := range out.AggregatedSourceStatusList {
			res = append(res, AggregatorSource{
				SourceID:         aws.ToString(s.SourceId),
				SourceType:       string(s.SourceType),
				Region:           aws.ToString(s.AwsRegion),
				Status:           string(s.LastUpdateStatus),
				LastUpdated:      aws.ToTime(s.LastUpdateTime).UTC(),
				LastErrorCode:    aws.ToString(s.LastErrorCode),
				LastErrorMessage: aws.ToString(s.LastErrorMessage),
			})
		}
		return res, out.NextToken, nil
	})
}
