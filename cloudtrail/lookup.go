package cloudtrail

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

// LookupKey names an attribute that LookupEvents filters on.
type LookupKey string

// The attributes LookupEvents can filter on. Values match exactly, case
// included.
const (
	LookupEventID   LookupKey = "EventId"
	LookupEventName LookupKey = "EventName"
	// LookupReadOnly takes "true" or "false".
	LookupReadOnly LookupKey = "ReadOnly"
	// LookupUsername is the name CloudTrail's event history shows for the
	// caller: the IAM user name, the role session name, or "root".
	LookupUsername     LookupKey = "Username"
	LookupResourceType LookupKey = "ResourceType"
	LookupResourceName LookupKey = "ResourceName"
	LookupEventSource  LookupKey = "EventSource"
	LookupAccessKeyID  LookupKey = "AccessKeyId"
)

var lookupKeys = []LookupKey{LookupEventID, LookupEventName, LookupReadOnly, LookupUsername,
	LookupResourceType, LookupResourceName, LookupEventSource, LookupAccessKeyID}

// LookupAttribute is the one attribute a LookupEvents call filters on: AWS
// allows no more than one.
type LookupAttribute struct {
	Key   LookupKey `json:"key"`
	Value string    `json:"value"`
}

// LookupQuery says which events LookupEvents returns.
type LookupQuery struct {
	// Start and End bound the events' times, both included. A zero Start
	// or End leaves that side open; CloudTrail keeps 90 days of events.
	Start time.Time `json:"start,omitzero"`
	End   time.Time `json:"end,omitzero"`
	// Attribute, when set, keeps only the events that match it.
	Attribute *LookupAttribute `json:"attribute,omitempty"`
}

// LookupPageSize is how many events a LookupEvents call asks for: the most
// AWS returns in one page.
const LookupPageSize = 50

// LookupEvents iterates over the management events that CloudTrail's event
// history holds for the Client's account and region, newest first as AWS
// returns them, each parsed from its record with ParseEvent so that the
// detectors of this package (Detect, Detector) read them unchanged:
//
//	dets, err := cloudtrail.Detect(c.LookupEvents(ctx, q), cloudtrail.DefaultRules()...)
//
// Calls are paced by the Client's rate limit for the account and region
// (WithLookupRate; two a second by default), shared with the Clients that
// InRegion derives, and a throttled call is tried again after a wait
// (WithThrottleRetries): a long scan slows down instead of failing.
//
// The iterator ends with at most one error: an invalid query, an AWS error,
// or a record that does not parse, named by its event ID, after the events
// before it. Event history holds management events (and Insights events,
// which this method does not ask for); data events, such as S3 object reads,
// are only in a trail's log files or CloudTrail Lake.
//
// IAM: cloudtrail:LookupEvents.
func (c *Client) LookupEvents(ctx context.Context, q LookupQuery) iter.Seq2[Event, error] {
	in, err := q.input()
	if err != nil {
		return func(yield func(Event, error) bool) { yield(Event{}, err) }
	}
	return clientkit.Pages(ctx, &c.base, "LookupEvents", func(ctx context.Context, token *string) ([]Event, *string, error) {
		page := *in
		page.NextToken = token
		out, err := retryThrottled(ctx, c, "LookupEvents", func(ctx context.Context) (*awsct.LookupEventsOutput, error) {
			if err := c.awaitLookupTurn(ctx); err != nil {
				return nil, err
			}
			return c.api.LookupEvents(ctx, &page, c.optFns()...)
		})
		if err != nil {
			return nil, nil, err
		}
		events := make([]Event, 0, len(out.Events))
		for _, e := range out.Events {
			ev, err := parseLookupEvent(e)
			if err != nil {
				return events, nil, err
			}
			events = append(events, ev)
		}
		return events, out.NextToken, nil
	})
}

// input checks q and turns it into the request of a first page.
func (q LookupQuery) input() (*awsct.LookupEventsInput, error) {
	in := &awsct.LookupEventsInput{MaxResults: aws.Int32(LookupPageSize)}
	if !q.Start.IsZero() {
		in.StartTime = aws.Time(q.Start.UTC())
	}
	if !q.End.IsZero() {
		in.EndTime = aws.Time(q.End.UTC())
	}
	if !q.Start.IsZero() && !q.End.IsZero() && q.End.Before(q.Start) {
		return nil, fmt.Errorf("cloudtrail: LookupEvents: the query ends (%s) before it starts (%s)", q.End.UTC().Format(time.RFC3339), q.Start.UTC().Format(time.RFC3339))
	}
	if a := q.Attribute; a != nil {
		switch {
		case !slices.Contains(lookupKeys, a.Key):
			return nil, fmt.Errorf("cloudtrail: LookupEvents: unknown lookup attribute %q; want one of %v", a.Key, lookupKeys)
		case a.Value == "":
			return nil, fmt.Errorf("cloudtrail: LookupEvents: the lookup attribute %s has no value", a.Key)
		case a.Key == LookupReadOnly && a.Value != "true" && a.Value != "false":
			return nil, fmt.Errorf("cloudtrail: LookupEvents: the lookup attribute ReadOnly takes \"true\" or \"false\", got %q", a.Value)
		}
		in.LookupAttributes = []types.LookupAttribute{{AttributeKey: types.LookupAttributeKey(a.Key), AttributeValue: aws.String(a.Value)}}
	}
	return in, nil
}

// parseLookupEvent parses the record of a LookupEvents result.
func parseLookupEvent(e types.Event) (Event, error) {
	record := aws.ToString(e.CloudTrailEvent)
	where := fmt.Sprintf("event %s (%s at %s)", aws.ToString(e.EventId), aws.ToString(e.EventName), aws.ToTime(e.EventTime).UTC().Format(time.RFC3339))
	if record == "" {
		return Event{}, fmt.Errorf("%s: AWS returned no CloudTrailEvent record", where)
	}
	ev, err := ParseEvent([]byte(record))
	if err != nil {
		return Event{}, fmt.Errorf("%s: %w", where, err)
	}
	return ev, nil
}
