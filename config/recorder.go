package config

import (
	"context"
	"errors"
	"time"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

// RecorderStatus says whether AWS Config records resources in one account
// and region. A region without a recorder is a finding in itself: every
// Config-based control there has no evidence.
type RecorderStatus struct {
	Account string `json:"account,omitempty"`
	Region  string `json:"region"`
	// Recorders are the region's configuration recorders; none when AWS
	// Config was never set up there.
	Recorders []Recorder `json:"recorders"`
}

// Recording reports whether a recorder is on and its last delivery did not
// fail: the condition for trusting Config evidence from the region.
func (s RecorderStatus) Recording() bool {
	for _, r := range s.Recorders {
		if r.Recording && r.LastStatus != string(types.RecorderStatusFailure) {
			return true
		}
	}
	return false
}

// Problem explains, in a sentence, why Recording is false; empty when it is
// true.
func (s RecorderStatus) Problem() string {
	if s.Recording() {
		return ""
	}
	if len(s.Recorders) == 0 {
		return "no AWS Config recorder is set up in " + s.Region
	}
	for _, r := range s.Recorders {
		if r.Recording && r.LastStatus == string(types.RecorderStatusFailure) {
			msg := "the AWS Config recorder " + r.Name + " in " + s.Region + " is failing"
			if r.LastErrorCode != "" {
				msg += " (" + r.LastErrorCode + ": " + r.LastErrorMessage + ")"
			}
			return msg
		}
	}
	return "the AWS Config recorder in " + s.Region + " is stopped"
}

// Recorder is the status of one configuration recorder.
type Recorder struct {
	Name string `json:"name"`
	ARN  string `json:"arn,omitempty"`
	// Recording is whether the recorder is on.
	Recording bool `json:"recording"`
	// LastStatus is Pending, Success, Failure or NotApplicable.
	LastStatus       string `json:"lastStatus,omitempty"`
	LastErrorCode    string `json:"lastErrorCode,omitempty"`
	LastErrorMessage string `json:"lastErrorMessage,omitempty"`
	// ServicePrincipal is set for a service-linked recorder, which records
	// only what its service needs.
	ServicePrincipal string    `json:"servicePrincipal,omitempty"`
	LastStartTime    time.Time `json:"lastStartTime,omitzero"`
	LastStopTime     time.Time `json:"lastStopTime,omitzero"`
}

// Recording returns the recorder status of each region named, or of the
// Client's own region when none is. A region whose status could not be read
// is left out of the result and its error, naming the region, is joined into
// the returned error; the regions that answered are still returned.
//
// IAM: config:DescribeConfigurationRecorderStatus.
func (c *Client) Recording(ctx context.Context, regions ...string) ([]RecorderStatus, error) {
	if len(regions) == 0 {
		regions = []string{c.base.Region}
	}
	var res []RecorderStatus
	var errs []error
	for _, region := range regions {
		cc := c
		if region != c.base.Region {
			cc = c.InRegion(region)
		}
		out, err := clientkit.Do(ctx, &cc.base, "DescribeConfigurationRecorderStatus", func(ctx context.Context) (*configservice.DescribeConfigurationRecorderStatusOutput, error) {
			return cc.api.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{}, cc.optFns()...)
		})
		if err != nil {
			errs = append(errs, err)
			continue
		}
		st := RecorderStatus{Account: c.base.Account, Region: region, Recorders: []Recorder{}}
		for _, r := range out.ConfigurationRecordersStatus {
			st.Recorders = append(st.Recorders, Recorder{
				Name:             aws.ToString(r.Name),
				ARN:              aws.ToString(r.Arn),
				Recording:        r.Recording,
				LastStatus:       string(r.LastStatus),
				LastErrorCode:    aws.ToString(r.LastErrorCode),
				LastErrorMessage: aws.ToString(r.LastErrorMessage),
				ServicePrincipal: aws.ToString(r.ServicePrincipal),
				LastStartTime:    aws.ToTime(r.LastStartTime).UTC(),
				LastStopTime:     aws.ToTime(r.LastStopTime).UTC(),
			})
		}
		res = append(res, st)
	}
	return res, errors.Join(errs...)
}
