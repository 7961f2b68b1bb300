package cloudtrailtest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aigov/aigov/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

type trailState struct {
	// trail holds the configuration and status the fake answers with; its
	// selector fields are not used.
	trail    cloudtrail.Trail
	basic    []types.EventSelector
	advanced []types.AdvancedEventSelector
	insights []types.InsightSelector
	custom   bool // the selectors are not CloudTrail's default
}

// AddTrail adds a trail, with its status (Logging, LatestDeliveryError …)
// and selectors. HomeRegion and Account default to the fake's, ARN is made
// from them and Name. A trail of another account is seen only if it is an
// Organization trail (the organisation's trail, seen from a member
// account).
//
// ManagementEvents and DataEventSelectors become the trail's selectors:
// basic ones when there are no DataEventSelectors, advanced ones
// otherwise. A zero ManagementEvents (neither Read nor Write) records every
// management event, CloudTrail's default for a new trail; SetEventSelectors
// and SetAdvancedEventSelectors set selectors exactly. Insights become the
// trail's Insights selectors. AdvancedSelectors and StatusError are
// ignored.
//
// It panics when the trail has no name, its ARN does not match its name,
// region and account, or a trail with its ARN exists.
func (f *Fake) AddTrail(t cloudtrail.Trail) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if t.Name == "" {
		panic("cloudtrailtest: AddTrail: the trail has no name")
	}
	if t.HomeRegion == "" {
		t.HomeRegion = f.region
	}
	if t.Account == "" {
		t.Account = f.account
	}
	want := fmt.Sprintf("arn:aws:cloudtrail:%s:%s:trail/%s", t.HomeRegion, t.Account, t.Name)
	if t.ARN == "" {
		t.ARN = want
	}
	if a, err := arn.Parse(t.ARN); err != nil || a.Service != "cloudtrail" || a.Region != t.HomeRegion || a.AccountID != t.Account || a.Resource != "trail/"+t.Name {
		panic(fmt.Sprintf("cloudtrailtest: AddTrail: ARN %q does not name trail %s of account %s in %s (want %s)", t.ARN, t.Name, t.Account, t.HomeRegion, want))
	}
	for _, st := range f.trails {
		if st.trail.ARN == t.ARN {
			panic(fmt.Sprintf("cloudtrailtest: AddTrail: trail %s already exists", t.ARN))
		}
	}
	st := &trailState{trail: t}
	if len(t.DataEventSelectors) == 0 {
		st.basic = []types.EventSelector{basicManagement(t.ManagementEvents)}
	} else {
		st.advanced = advancedSelectors(t.ManagementEvents, t.DataEventSelectors)
	}
	st.custom = len(t.DataEventSelectors) > 0 || !(isZeroManagement(t.ManagementEvents) || t.ManagementEvents.Complete())
	for _, typ := range t.Insights {
		st.insights = append(st.insights, types.InsightSelector{InsightType: types.InsightType(typ)})
	}
	st.trail.ManagementEvents, st.trail.DataEventSelectors, st.trail.Insights = cloudtrail.ManagementEvents{}, nil, nil
	st.trail.AdvancedSelectors, st.trail.StatusError = false, ""
	f.trails = append(f.trails, st)
}

// SetEventSelectors replaces the selectors of a trail, named by name (in
// the fake's region and account) or ARN, with basic event selectors, as
// PutEventSelectors does. It panics when there is no such trail.
func (f *Fake) SetEventSelectors(trail string, selectors ...types.EventSelector) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := f.seededTrail("SetEventSelectors", trail)
	st.basic, st.advanced, st.custom = slices.Clone(selectors), nil, true
}

// SetAdvancedEventSelectors replaces the selectors of a trail, named by
// name (in the fake's region and account) or ARN, with advanced event
// selectors. It panics when there is no such trail, or a selector has no
// field selectors.
func (f *Fake) SetAdvancedEventSelectors(trail string, selectors ...types.AdvancedEventSelector) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := f.seededTrail("SetAdvancedEventSelectors", trail)
	for _, s := range selectors {
		if len(s.FieldSelectors) == 0 {
			panic("cloudtrailtest: SetAdvancedEventSelectors: a selector has no field selectors")
		}
	}
	st.basic, st.advanced, st.custom = nil, slices.Clone(selectors), true
}

func (f *Fake) seededTrail(op, trail string) *trailState {
	for _, st := range f.trails {
		if st.trail.ARN == trail || (st.trail.Name == trail && st.trail.HomeRegion == f.region && st.trail.Account == f.account) {
			return st
		}
	}
	panic(fmt.Sprintf("cloudtrailtest: %s: no trail %q in %s/%s; add it first", op, trail, f.account, f.region))
}

func isZeroManagement(m cloudtrail.ManagementEvents) bool {
	return !m.Read && !m.Write && len(m.ExcludedSources) == 0
}

// readWriteType is the ReadWriteType of m; neither Read nor Write means
// All, the default.
func readWriteType(read, write bool) types.ReadWriteType {
	switch {
	case read && !write:
		return types.ReadWriteTypeReadOnly
	case write && !read:
		return types.ReadWriteTypeWriteOnly
	}
	return types.ReadWriteTypeAll
}

func basicManagement(m cloudtrail.ManagementEvents) types.EventSelector {
	return types.EventSelector{
		ReadWriteType:                 readWriteType(m.Read, m.Write),
		IncludeManagementEvents:       aws.Bool(true),
		ExcludeManagementEventSources: slices.Clone(m.ExcludedSources),
		DataResources:                 []types.DataResource{},
	}
}

// advancedSelectors writes what a trail or event data store records as
// advanced event selectors: one for management events, one for each data
// event selector.
func advancedSelectors(m cloudtrail.ManagementEvents, data []cloudtrail.DataEventSelector) []types.AdvancedEventSelector {
	mgmt := types.AdvancedEventSelector{
		Name:           aws.String("Management events"),
		FieldSelectors: []types.AdvancedFieldSelector{{Field: aws.String("eventCategory"), Equals: []string{"Management"}}},
	}
	mgmt.FieldSelectors = append(mgmt.FieldSelectors, readOnlyField(m.Read, m.Write)...)
	if len(m.ExcludedSources) > 0 {
		mgmt.FieldSelectors = append(mgmt.FieldSelectors, types.AdvancedFieldSelector{Field: aws.String("eventSource"), NotEquals: slices.Clone(m.ExcludedSources)})
	}
	out := []types.AdvancedEventSelector{mgmt}
	for _, d := range data {
		cat := d.Category
		if cat == "" {
			cat = "Data"
		}
		s := types.AdvancedEventSelector{
			Name:           optional(d.Name),
			FieldSelectors: []types.AdvancedFieldSelector{{Field: aws.String("eventCategory"), Equals: []string{cat}}},
		}
		if d.ResourceType != "" {
			s.FieldSelectors = append(s.FieldSelectors, types.AdvancedFieldSelector{Field: aws.String("resources.type"), Equals: []string{d.ResourceType}})
		}
		s.FieldSelectors = append(s.FieldSelectors, readOnlyField(d.Read, d.Write)...)
		for _, c := range d.Conditions {
			s.FieldSelectors = append(s.FieldSelectors, types.AdvancedFieldSelector{
				Field: aws.String(c.Field), Equals: c.Equals, StartsWith: c.StartsWith, EndsWith: c.EndsWith,
				NotEquals: c.NotEquals, NotStartsWith: c.NotStartsWith, NotEndsWith: c.NotEndsWith,
			})
		}
		out = append(out, s)
	}
	return out
}

// readOnlyField is the readOnly condition for read and write events:
// none when both (or neither) are selected.
func readOnlyField(read, write bool) []types.AdvancedFieldSelector {
	switch readWriteType(read, write) {
	case types.ReadWriteTypeReadOnly:
		return []types.AdvancedFieldSelector{{Field: aws.String("readOnly"), Equals: []string{"true"}}}
	case types.ReadWriteTypeWriteOnly:
		return []types.AdvancedFieldSelector{{Field: aws.String("readOnly"), Equals: []string{"false"}}}
	}
	return nil
}

// S3DataEvents is a data event selector that records every read and write
// S3 object event under the given prefixes, each "bucket/" or
// "bucket/key-prefix": what a trail watching training data has.
func S3DataEvents(prefixes ...string) cloudtrail.DataEventSelector {
	arns := make([]string, len(prefixes))
	for i, p := range prefixes {
		if !strings.Contains(p, "/") {
			p += "/"
		}
		arns[i] = "arn:aws:s3:::" + p
	}
	return cloudtrail.DataEventSelector{
		Name: "S3 data events", Advanced: true, Category: "Data", ResourceType: "AWS::S3::Object", Read: true, Write: true,
		Conditions: []cloudtrail.FieldCondition{{Field: "resources.ARN", StartsWith: arns}},
	}
}
