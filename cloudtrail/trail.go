package cloudtrail

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

// Trail is the posture of one CloudTrail trail: where it logs, whether it
// logs now, how its logs are protected, and which events it records.
//
// A trail is reported once, however many regions list it: a multi-region
// trail is listed (as a "shadow trail") in every region, and an
// organisation trail in every member account, but it has one ARN and one
// HomeRegion, where it was created.
type Trail struct {
	Name string `json:"name"`
	ARN  string `json:"arn"`
	// HomeRegion is the region the trail was created in. A single-region
	// trail logs only there.
	HomeRegion string `json:"homeRegion"`
	// Account is the account that owns the trail, from its ARN: for an
	// organisation trail seen from a member account, the management (or
	// delegated administrator) account.
	Account string `json:"account,omitempty"`
	// MultiRegion is whether the trail logs every region.
	MultiRegion bool `json:"multiRegion"`
	// Organization is whether the trail logs every account of the
	// organisation.
	Organization bool `json:"organization"`
	// GlobalServiceEvents is whether the trail records the events of global
	// services such as IAM and STS: without them, role and policy changes
	// go unrecorded.
	GlobalServiceEvents bool `json:"globalServiceEvents"`

	// Logging is whether the trail is recording now. It is false when the
	// status could not be read (StatusError says why).
	Logging bool `json:"logging"`
	// LatestDeliveryError is the error of CloudTrail's latest failed
	// delivery of log files to S3, such as "AccessDenied"; empty when the
	// deliveries succeed.
	LatestDeliveryError string    `json:"latestDeliveryError,omitempty"`
	LatestDeliveryTime  time.Time `json:"latestDeliveryTime,omitzero"`
	// LatestDigestDeliveryError is the same for digest files, without
	// which log file validation proves nothing.
	LatestDigestDeliveryError string `json:"latestDigestDeliveryError,omitempty"`
	// LatestCloudWatchLogsDeliveryError is the same for CloudWatch Logs.
	LatestCloudWatchLogsDeliveryError string `json:"latestCloudWatchLogsDeliveryError,omitempty"`
	// StartLoggingTime and StopLoggingTime are when logging was last turned
	// on and off.
	StartLoggingTime time.Time `json:"startLoggingTime,omitzero"`
	StopLoggingTime  time.Time `json:"stopLoggingTime,omitzero"`

	// LogFileValidation is whether CloudTrail writes signed digest files,
	// which prove that log files were not changed or deleted.
	LogFileValidation bool `json:"logFileValidation"`
	// KMSKeyID is the ARN of the KMS key that encrypts the log files; empty
	// for S3's own encryption.
	KMSKeyID string `json:"kmsKeyId,omitempty"`
	// CloudWatchLogsGroupARN is the log group the trail also delivers to,
	// where metric filters and alarms can watch the events.
	CloudWatchLogsGroupARN string `json:"cloudWatchLogsGroupArn,omitempty"`
	S3Bucket               string `json:"s3Bucket,omitempty"`
	S3KeyPrefix            string `json:"s3KeyPrefix,omitempty"`

	// AdvancedSelectors is whether the trail selects its events with
	// advanced event selectors rather than basic ones.
	AdvancedSelectors bool `json:"advancedSelectors"`
	// ManagementEvents says which management events the trail records.
	ManagementEvents ManagementEvents `json:"managementEvents"`
	// DataEventSelectors say which data (and network activity) events the
	// trail records, from basic and advanced selectors alike.
	DataEventSelectors []DataEventSelector `json:"dataEventSelectors,omitempty"`
	// Insights are the Insights types the trail records, such as
	// "ApiCallRateInsight"; none when Insights are off.
	Insights []string `json:"insights,omitempty"`

	// StatusError says why the trail's status, event selectors or Insights
	// selectors could not be read; the fields they fill are then zero, and
	// what the trail records is unknown rather than nothing.
	StatusError string `json:"statusError,omitempty"`
}

// AppliesTo reports whether the trail records events of region: every
// region for a multi-region trail, its home region otherwise. It says
// nothing of whether the trail is logging.
func (t Trail) AppliesTo(region string) bool {
	return t.MultiRegion || t.HomeRegion == region
}

// LogsManagementWrites reports whether the trail is logging and records
// write management events: the changes made to resources and permissions.
// Sources excluded from management events (ExcludedSources) do not make it
// false; ManagementEvents.Complete tells.
func (t Trail) LogsManagementWrites() bool {
	return t.Logging && t.ManagementEvents.Write
}

// LogsManagementReads reports whether the trail is logging and records read
// management events.
func (t Trail) LogsManagementReads() bool {
	return t.Logging && t.ManagementEvents.Read
}

// IsSecurityTrail reports whether the trail meets AWS Config's
// CLOUDTRAIL_SECURITY_TRAIL_ENABLED: logging in every region, with log file
// validation and KMS encryption, recording global service events and every
// read and write management event, with no source excluded.
func (t Trail) IsSecurityTrail() bool {
	return t.Logging && t.MultiRegion && t.LogFileValidation && t.KMSKeyID != "" &&
		t.GlobalServiceEvents && t.ManagementEvents.Complete()
}

// ManagementEvents says which management (control-plane) events a trail
// records.
type ManagementEvents struct {
	// Read and Write are whether the trail records read-only and write
	// management events (apart from ExcludedSources).
	Read  bool `json:"read"`
	Write bool `json:"write"`
	// ExcludedSources are event sources left out, such as
	// "kms.amazonaws.com" or "rdsdata.amazonaws.com", from the reads, the
	// writes or both.
	ExcludedSources []string `json:"excludedSources,omitempty"`
}

// Complete reports whether every read and write management event is
// recorded, from every source.
func (m ManagementEvents) Complete() bool {
	return m.Read && m.Write && len(m.ExcludedSources) == 0
}

// Trails returns the trails that log the Client's account in the regions
// named, or in the Client's own region when none is, each once, sorted by
// ARN.
//
// In each region it lists the trails with their shadow trails
// (DescribeTrails with includeShadowTrails): the region's own trails, the
// multi-region trails created elsewhere, and the organisation's trails. A
// trail listed by several regions is reported once, with its HomeRegion.
// Then it reads each trail's status, event selectors and Insights selectors
// by ARN, in the first region that listed it. A trail without Insights
// (InsightNotEnabledException) has none; that is not an error.
//
// A region whose listing fails is left out and its error, naming the
// region, joined into the returned error: its single-region trails are
// then unknown. A trail whose status or selectors cannot be read is
// returned with StatusError set, and the error is joined too.
//
// IAM: cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus,
// cloudtrail:GetEventSelectors, cloudtrail:GetInsightSelectors.
func (c *Client) Trails(ctx context.Context, regions ...string) ([]Trail, error) {
	if len(regions) == 0 {
		regions = []string{c.base.Region}
	}
	type listed struct {
		trail  types.Trail
		client *Client // in the first region that listed the trail
	}
	seen := map[string]*listed{}
	var errs []error
	for _, region := range regions {
		rc := c.inRegion(region)
		out, err := clientkit.Do(ctx, &rc.base, "DescribeTrails", func(ctx context.Context) (*awsct.DescribeTrailsOutput, error) {
			return rc.api.DescribeTrails(ctx, &awsct.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(true)}, rc.optFns()...)
		})
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			errs = append(errs, err)
			continue
		}
		for _, t := range out.TrailList {
			key := aws.ToString(t.TrailARN)
			if key == "" {
				key = aws.ToString(t.HomeRegion) + "/" + aws.ToString(t.Name)
			}
			if _, ok := seen[key]; !ok {
				seen[key] = &listed{trail: t, client: rc}
			}
		}
	}
	trails := make([]Trail, 0, len(seen))
	for _, l := range seen {
		t, err := l.client.trail(ctx, l.trail)
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			errs = append(errs, err)
		}
		trails = append(trails, t)
	}
	slices.SortFunc(trails, func(a, b Trail) int {
		return cmp.Or(strings.Compare(a.ARN, b.ARN), strings.Compare(a.HomeRegion, b.HomeRegion), strings.Compare(a.Name, b.Name))
	})
	return trails, errors.Join(errs...)
}

// trail completes what DescribeTrails says of a trail with its status,
// event selectors and Insights selectors.
func (c *Client) trail(ctx context.Context, t types.Trail) (Trail, error) {
	tr := Trail{
		Name:                   aws.ToString(t.Name),
		ARN:                    aws.ToString(t.TrailARN),
		HomeRegion:             aws.ToString(t.HomeRegion),
		Account:                c.base.Account,
		MultiRegion:            aws.ToBool(t.IsMultiRegionTrail),
		Organization:           aws.ToBool(t.IsOrganizationTrail),
		GlobalServiceEvents:    aws.ToBool(t.IncludeGlobalServiceEvents),
		LogFileValidation:      aws.ToBool(t.LogFileValidationEnabled),
		KMSKeyID:               aws.ToString(t.KmsKeyId),
		CloudWatchLogsGroupARN: aws.ToString(t.CloudWatchLogsLogGroupArn),
		S3Bucket:               aws.ToString(t.S3BucketName),
		S3KeyPrefix:            aws.ToString(t.S3KeyPrefix),
	}
	if a, err := arn.Parse(tr.ARN); err == nil {
		tr.Account = a.AccountID
		if tr.HomeRegion == "" {
			tr.HomeRegion = a.Region
		}
	}
	// Calls by ARN reach shadow trails and organisation trails, which a
	// name does not.
	id := tr.ARN
	if id == "" {
		id = tr.Name
	}
	var errs []error
	status, err := clientkit.Do(ctx, &c.base, "GetTrailStatus", func(ctx context.Context) (*awsct.GetTrailStatusOutput, error) {
		return retryThrottled(ctx, c, "GetTrailStatus", func(ctx context.Context) (*awsct.GetTrailStatusOutput, error) {
			return c.api.GetTrailStatus(ctx, &awsct.GetTrailStatusInput{Name: aws.String(id)}, c.optFns()...)
		})
	})
	if err != nil {
		errs = append(errs, err)
	} else {
		tr.Logging = aws.ToBool(status.IsLogging)
		tr.LatestDeliveryError = aws.ToString(status.LatestDeliveryError)
		tr.LatestDeliveryTime = timeUTC(status.LatestDeliveryTime)
		tr.LatestDigestDeliveryError = aws.ToString(status.LatestDigestDeliveryError)
		tr.LatestCloudWatchLogsDeliveryError = aws.ToString(status.LatestCloudWatchLogsDeliveryError)
		tr.StartLoggingTime = timeUTC(status.StartLoggingTime)
		tr.StopLoggingTime = timeUTC(status.StopLoggingTime)
	}
	sel, err := clientkit.Do(ctx, &c.base, "GetEventSelectors", func(ctx context.Context) (*awsct.GetEventSelectorsOutput, error) {
		return retryThrottled(ctx, c, "GetEventSelectors", func(ctx context.Context) (*awsct.GetEventSelectorsOutput, error) {
			return c.api.GetEventSelectors(ctx, &awsct.GetEventSelectorsInput{TrailName: aws.String(id)}, c.optFns()...)
		})
	})
	if err != nil {
		errs = append(errs, err)
	} else {
		tr.AdvancedSelectors = len(sel.AdvancedEventSelectors) > 0
		tr.ManagementEvents, tr.DataEventSelectors = normaliseSelectors(sel.EventSelectors, sel.AdvancedEventSelectors)
	}
	ins, err := clientkit.Do(ctx, &c.base, "GetInsightSelectors", func(ctx context.Context) (*awsct.GetInsightSelectorsOutput, error) {
		return retryThrottled(ctx, c, "GetInsightSelectors", func(ctx context.Context) (*awsct.GetInsightSelectorsOutput, error) {
			return c.api.GetInsightSelectors(ctx, &awsct.GetInsightSelectorsInput{TrailName: aws.String(id)}, c.optFns()...)
		})
	})
	switch {
	case errorCode(err) == "InsightNotEnabledException":
		// Insights are off: an answer, not a failure.
	case err != nil:
		errs = append(errs, err)
	default:
		for _, s := range ins.InsightSelectors {
			if s.InsightType != "" && !slices.Contains(tr.Insights, string(s.InsightType)) {
				tr.Insights = append(tr.Insights, string(s.InsightType))
			}
		}
		slices.Sort(tr.Insights)
	}
	if len(errs) == 0 {
		return tr, nil
	}
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	tr.StatusError = strings.Join(msgs, "; ")
	return tr, fmt.Errorf("trail %s: %w", id, errors.Join(errs...))
}

// errorCode is the AWS error code of a classified error, or empty.
func errorCode(err error) string {
	var e *aigov.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func timeUTC(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
