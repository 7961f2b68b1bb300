package cloudtrailtest

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

// visible reports whether the calling account sees the trail at all: its
// own trails, and its organisation's.
func (f *Fake) visible(st *trailState) bool {
	return st.trail.Account == f.account || st.trail.Organization
}

// listed reports whether DescribeTrails in region lists the trail: the
// region's own trails and, with shadow trails, the multi-region and
// organisation trails that apply to the region.
func (f *Fake) listed(st *trailState, region string, shadows bool) bool {
	t := st.trail
	if !shadows {
		return t.Account == f.account && t.HomeRegion == region
	}
	return f.visible(st) && (t.HomeRegion == region || t.MultiRegion)
}

// resolveTrail finds the trail a Get operation names: by ARN any trail the
// account sees, by name only a trail of the account created in region.
func (f *Fake) resolveTrail(name, region string) (*trailState, error) {
	if strings.HasPrefix(name, "arn:") {
		a, err := arn.Parse(name)
		if err != nil || a.Service != "cloudtrail" || !strings.HasPrefix(a.Resource, "trail/") {
			return nil, &types.CloudTrailARNInvalidException{Message: aws.String("ARN " + name + " is not valid.")}
		}
		for _, st := range f.trails {
			if st.trail.ARN == name && f.visible(st) {
				return st, nil
			}
		}
		return nil, trailNotFound(name, f.account)
	}
	if name == "" {
		return nil, &types.InvalidTrailNameException{Message: aws.String("Trail name cannot be empty.")}
	}
	for _, st := range f.trails {
		if st.trail.Name == name && st.trail.HomeRegion == region && st.trail.Account == f.account {
			return st, nil
		}
	}
	return nil, trailNotFound(name, f.account)
}

// DescribeTrails implements cloudtrail.API.
func (f *Fake) DescribeTrails(ctx context.Context, in *awsct.DescribeTrailsInput, optFns ...func(*awsct.Options)) (*awsct.DescribeTrailsOutput, error) {
	return handle(ctx, f, "DescribeTrails", optFns, in, func(region string, _ time.Time) (*awsct.DescribeTrailsOutput, error) {
		shadows := in.IncludeShadowTrails == nil || *in.IncludeShadowTrails
		var found []*trailState
		if len(in.TrailNameList) == 0 {
			for _, st := range f.trails {
				if f.listed(st, region, shadows) {
					found = append(found, st)
				}
			}
		} else {
			// Names that match no trail are left out, not refused.
			for _, n := range in.TrailNameList {
				if st, err := f.resolveTrail(n, region); err == nil && !slices.Contains(found, st) {
					found = append(found, st)
				}
			}
		}
		slices.SortFunc(found, func(a, b *trailState) int { return cmp.Compare(a.trail.ARN, b.trail.ARN) })
		out := &awsct.DescribeTrailsOutput{TrailList: []types.Trail{}}
		for _, st := range found {
			t := st.trail
			out.TrailList = append(out.TrailList, types.Trail{
				Name:                       aws.String(t.Name),
				TrailARN:                   aws.String(t.ARN),
				HomeRegion:                 aws.String(t.HomeRegion),
				IsMultiRegionTrail:         aws.Bool(t.MultiRegion),
				IsOrganizationTrail:        aws.Bool(t.Organization),
				IncludeGlobalServiceEvents: aws.Bool(t.GlobalServiceEvents),
				LogFileValidationEnabled:   aws.Bool(t.LogFileValidation),
				KmsKeyId:                   optional(t.KMSKeyID),
				CloudWatchLogsLogGroupArn:  optional(t.CloudWatchLogsGroupARN),
				S3BucketName:               optional(t.S3Bucket),
				S3KeyPrefix:                optional(t.S3KeyPrefix),
				HasCustomEventSelectors:    aws.Bool(st.custom),
				HasInsightSelectors:        aws.Bool(len(st.insights) > 0),
			})
		}
		return out, nil
	})
}

// GetTrailStatus implements cloudtrail.API.
func (f *Fake) GetTrailStatus(ctx context.Context, in *awsct.GetTrailStatusInput, optFns ...func(*awsct.Options)) (*awsct.GetTrailStatusOutput, error) {
	return handle(ctx, f, "GetTrailStatus", optFns, in, func(region string, _ time.Time) (*awsct.GetTrailStatusOutput, error) {
		st, err := f.resolveTrail(aws.ToString(in.Name), region)
		if err != nil {
			return nil, err
		}
		t := st.trail
		return &awsct.GetTrailStatusOutput{
			IsLogging:                         aws.Bool(t.Logging),
			LatestDeliveryError:               optional(t.LatestDeliveryError),
			LatestDeliveryTime:                optionalTime(t.LatestDeliveryTime),
			LatestDigestDeliveryError:         optional(t.LatestDigestDeliveryError),
			LatestCloudWatchLogsDeliveryError: optional(t.LatestCloudWatchLogsDeliveryError),
			StartLoggingTime:                  optionalTime(t.StartLoggingTime),
			StopLoggingTime:                   optionalTime(t.StopLoggingTime),
		}, nil
	})
}

// GetEventSelectors implements cloudtrail.API.
func (f *Fake) GetEventSelectors(ctx context.Context, in *awsct.GetEventSelectorsInput, optFns ...func(*awsct.Options)) (*awsct.GetEventSelectorsOutput, error) {
	return handle(ctx, f, "GetEventSelectors", optFns, in, func(region string, _ time.Time) (*awsct.GetEventSelectorsOutput, error) {
		st, err := f.resolveTrail(aws.ToString(in.TrailName), region)
		if err != nil {
			return nil, err
		}
		return &awsct.GetEventSelectorsOutput{
			TrailARN:               aws.String(st.trail.ARN),
			EventSelectors:         slices.Clone(st.basic),
			AdvancedEventSelectors: slices.Clone(st.advanced),
		}, nil
	})
}

// GetInsightSelectors implements cloudtrail.API. Insights of event data
// stores are not modeled: the fake answers that they are off.
func (f *Fake) GetInsightSelectors(ctx context.Context, in *awsct.GetInsightSelectorsInput, optFns ...func(*awsct.Options)) (*awsct.GetInsightSelectorsOutput, error) {
	return handle(ctx, f, "GetInsightSelectors", optFns, in, func(region string, _ time.Time) (*awsct.GetInsightSelectorsOutput, error) {
		switch {
		case in.TrailName != nil && in.EventDataStore != nil:
			return nil, &types.InvalidParameterCombinationException{Message: aws.String("You cannot specify both TrailName and EventDataStore.")}
		case in.EventDataStore != nil:
			s, err := f.resolveStore(aws.ToString(in.EventDataStore), region)
			if err != nil {
				return nil, err
			}
			return nil, &types.InsightNotEnabledException{Message: aws.String("Event data store " + s.store.ARN + " does not have Insights enabled.")}
		}
		st, err := f.resolveTrail(aws.ToString(in.TrailName), region)
		if err != nil {
			return nil, err
		}
		if len(st.insights) == 0 {
			return nil, &types.InsightNotEnabledException{Message: aws.String("Trail " + st.trail.ARN + " does not have Insights enabled. Edit the trail settings to enable Insights, and then try the operation again.")}
		}
		return &awsct.GetInsightSelectorsOutput{TrailARN: aws.String(st.trail.ARN), InsightSelectors: slices.Clone(st.insights)}, nil
	})
}
