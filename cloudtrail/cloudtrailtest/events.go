package cloudtrailtest

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/aigov/aigov/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

// storedEvent is a seeded record with what LookupEvents filters on.
type storedEvent struct {
	ev        cloudtrail.Event
	region    string
	time      time.Time
	seq       int // order of seeding, to break ties in time
	username  string
	resources []types.Resource
}

// AddEvents adds the CloudTrail records of each raw, which holds one
// record, a JSON array of records, or a log file's {"Records":[...]}, and
// returns how many it added. LookupEvents serves each in the region of its
// awsRegion (the fake's region when it has none), at its eventTime (the
// fake's clock when it has none or a placeholder). The record is served
// byte for byte as CloudTrailEvent. It panics on input that
// cloudtrail.NewDecoder rejects.
func (f *Fake) AddEvents(raw ...[]byte) int {
	now := f.Now().UTC()
	var events []cloudtrail.Event
	for i, data := range raw {
		for ev, err := range cloudtrail.NewDecoder(bytes.NewReader(data)).Events() {
			if err != nil {
				panic(fmt.Sprintf("cloudtrailtest: AddEvents: input %d: %v", i, err))
			}
			events = append(events, ev)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ev := range events {
		f.eventSeq++
		se := storedEvent{ev: ev, region: ev.Region, time: ev.Time, seq: f.eventSeq, username: username(ev), resources: resourcesOf(ev)}
		if se.region == "" {
			se.region = f.region
		}
		if se.time.IsZero() {
			se.time = now
		}
		f.events = append(f.events, &se)
	}
	// Kept in the order LookupEvents answers in: newest first, and of
	// events at the same time the one seeded last.
	slices.SortFunc(f.events, func(a, b *storedEvent) int { return cmp.Or(b.time.Compare(a.time), cmp.Compare(b.seq, a.seq)) })
	return len(events)
}

// AddEventsFromFile adds the records of a file, as AddEvents does; a file
// whose name ends in .gz is decompressed first, as CloudTrail's log files
// are. It returns how many records it added, and panics when the file
// cannot be read.
func (f *Fake) AddEventsFromFile(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		panic(fmt.Sprintf("cloudtrailtest: AddEventsFromFile: %v", err))
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err == nil {
			data, err = io.ReadAll(zr)
		}
		if err != nil {
			panic(fmt.Sprintf("cloudtrailtest: AddEventsFromFile: %s: %v", path, err))
		}
	}
	return f.AddEvents(data)
}

// username is the name CloudTrail's event history gives the caller, an
// approximation from the record: the IAM user's name, "root", the session
// name of an assumed role or federated user, or the calling service.
func username(ev cloudtrail.Event) string {
	id := ev.Identity
	switch id.Type {
	case "Root":
		return "root"
	case "AssumedRole", "FederatedUser":
		if i := strings.LastIndexByte(id.ARN, '/'); i >= 0 {
			return id.ARN[i+1:]
		}
	case "AWSService":
		return id.InvokedBy
	}
	return id.UserName
}

// resourcesOf reads the record's resources list, which LookupEvents
// matches ResourceType and ResourceName against. A list that does not
// decode gives none.
func resourcesOf(ev cloudtrail.Event) []types.Resource {
	var list []struct {
		ARN  string `json:"ARN"`
		Type string `json:"type"`
	}
	if len(ev.Resources) == 0 || json.Unmarshal(ev.Resources, &list) != nil {
		return nil
	}
	var out []types.Resource
	for _, r := range list {
		out = append(out, types.Resource{ResourceName: optional(r.ARN), ResourceType: optional(r.Type)})
	}
	return out
}

// matches reports whether the event has the attribute's value.
func (se *storedEvent) matches(a types.LookupAttribute) bool {
	v := aws.ToString(a.AttributeValue)
	ev := se.ev
	switch a.AttributeKey {
	case types.LookupAttributeKeyEventId:
		return ev.EventID == v
	case types.LookupAttributeKeyEventName:
		return ev.EventName == v
	case types.LookupAttributeKeyEventSource:
		return ev.EventSource == v
	case types.LookupAttributeKeyReadOnly:
		return ev.ReadOnly.String() == v
	case types.LookupAttributeKeyUsername:
		return se.username == v
	case types.LookupAttributeKeyAccessKeyId:
		return ev.Identity.AccessKeyID == v
	case types.LookupAttributeKeyResourceType:
		return slices.ContainsFunc(se.resources, func(r types.Resource) bool { return aws.ToString(r.ResourceType) == v })
	case types.LookupAttributeKeyResourceName:
		return slices.ContainsFunc(se.resources, func(r types.Resource) bool { return aws.ToString(r.ResourceName) == v })
	}
	return false
}

// LookupEvents implements cloudtrail.API: the seeded events of the call's
// region, newest first, filtered by time window and lookup attribute.
func (f *Fake) LookupEvents(ctx context.Context, in *awsct.LookupEventsInput, optFns ...func(*awsct.Options)) (*awsct.LookupEventsOutput, error) {
	return handle(ctx, f, "LookupEvents", optFns, in, func(region string, now time.Time) (*awsct.LookupEventsOutput, error) {
		if err := f.takeLookupTurn(region, now); err != nil {
			return nil, err
		}
		if len(in.LookupAttributes) > 1 {
			return nil, &types.InvalidLookupAttributesException{Message: aws.String("You can specify only one lookup attribute.")}
		}
		for _, a := range in.LookupAttributes {
			if !slices.Contains(a.AttributeKey.Values(), a.AttributeKey) || aws.ToString(a.AttributeValue) == "" {
				return nil, &types.InvalidLookupAttributesException{Message: aws.String(fmt.Sprintf("The lookup attribute %s=%q is not valid.", a.AttributeKey, aws.ToString(a.AttributeValue)))}
			}
		}
		switch in.EventCategory {
		case "":
		case types.EventCategoryInsight:
			return &awsct.LookupEventsOutput{}, nil // Insights events are not modeled
		default:
			return nil, &types.InvalidEventCategoryException{Message: aws.String(fmt.Sprintf("Event category %q is not valid.", in.EventCategory))}
		}
		start, end := aws.ToTime(in.StartTime), aws.ToTime(in.EndTime)
		if in.StartTime != nil && in.EndTime != nil && start.After(end) {
			return nil, &types.InvalidTimeRangeException{Message: aws.String("The start time must be before the end time.")}
		}
		var found []*storedEvent
		for _, se := range f.events {
			if se.region != region || (in.StartTime != nil && se.time.Before(start)) || (in.EndTime != nil && se.time.After(end)) {
				continue
			}
			if len(in.LookupAttributes) == 1 && !se.matches(in.LookupAttributes[0]) {
				continue
			}
			found = append(found, se)
		}
		// A token must come back with the parameters it was issued for.
		h := fnv.New64a()
		fmt.Fprint(h, in.LookupAttributes, start.UnixNano(), end.UnixNano(), in.EventCategory)
		p, next, err := page(f, fmt.Sprintf("LookupEvents-%x", h.Sum64()), found, in.NextToken, in.MaxResults, 50, 50)
		if err != nil {
			return nil, err
		}
		out := &awsct.LookupEventsOutput{NextToken: next, Events: []types.Event{}}
		for _, se := range p {
			ev := se.ev
			out.Events = append(out.Events, types.Event{
				EventId:         optional(ev.EventID),
				EventName:       aws.String(ev.EventName),
				EventSource:     optional(ev.EventSource),
				EventTime:       aws.Time(se.time),
				ReadOnly:        readOnlyOf(ev.ReadOnly),
				Username:        optional(se.username),
				AccessKeyId:     optional(ev.Identity.AccessKeyID),
				Resources:       slices.Clone(se.resources),
				CloudTrailEvent: aws.String(string(ev.Raw)),
			})
		}
		return out, nil
	})
}

// readOnlyOf is the ReadOnly of a LookupEvents result: "true", "false", or
// nil when the record does not say.
func readOnlyOf(t cloudtrail.Tristate) *string {
	if _, known := t.Bool(); !known {
		return nil
	}
	return aws.String(t.String())
}

// takeLookupTurn applies the rate limit of WithLookupRateLimit: a call is
// refused when the region answered the limit's number of calls in the
// second before it.
func (f *Fake) takeLookupTurn(region string, now time.Time) error {
	if f.lookupLimit <= 0 {
		return nil
	}
	recent := slices.DeleteFunc(f.lookups[region], func(t time.Time) bool { return !t.After(now.Add(-time.Second)) })
	if len(recent) >= f.lookupLimit {
		f.lookups[region] = recent
		return Throttling()
	}
	f.lookups[region] = append(recent, now)
	return nil
}
