package cloudtrail

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

// DataEventSelector is one rule by which a trail records data events (or
// network activity events), normalised from a basic or an advanced event
// selector, so that both kinds read alike. An event is recorded when it
// meets every part of some selector.
type DataEventSelector struct {
	// Name is the advanced selector's name; empty for a basic selector.
	Name string `json:"name,omitempty"`
	// Advanced is whether the selector is an advanced event selector.
	Advanced bool `json:"advanced"`
	// Category is the eventCategory selected: "Data" or
	// "NetworkActivity"; empty when the selector names it in a way this
	// package does not lift out (the condition is then in Conditions).
	Category string `json:"category,omitempty"`
	// ResourceType is the resources.type selected, such as
	// "AWS::S3::Object" or "AWS::Lambda::Function"; empty matches every
	// type.
	ResourceType string `json:"resourceType,omitempty"`
	// Read and Write are whether read-only and write events are selected.
	Read  bool `json:"read"`
	Write bool `json:"write"`
	// Conditions are the other field conditions, all of which an event
	// must meet. A basic selector's data resources become one condition on
	// resources.ARN: StartsWith for prefixes such as
	// "arn:aws:s3:::bucket/prefix" or "arn:aws:s3" (every bucket), Equals
	// for full ARNs of other resource types.
	Conditions []FieldCondition `json:"conditions,omitempty"`
}

// FieldCondition is an advanced event selector's condition on one field of
// the event record. An event meets it when the field matches one of the
// Equals, StartsWith and EndsWith values (if there are any) and none of the
// NotEquals, NotStartsWith and NotEndsWith values.
type FieldCondition struct {
	// Field is the record's field, such as "resources.ARN", "eventName" or
	// "userIdentity.arn".
	Field         string   `json:"field"`
	Equals        []string `json:"equals,omitempty"`
	StartsWith    []string `json:"startsWith,omitempty"`
	EndsWith      []string `json:"endsWith,omitempty"`
	NotEquals     []string `json:"notEquals,omitempty"`
	NotStartsWith []string `json:"notStartsWith,omitempty"`
	NotEndsWith   []string `json:"notEndsWith,omitempty"`
}

// Accepts reports whether a field with value v meets the condition.
func (f FieldCondition) Accepts(v string) bool {
	positive := len(f.Equals)+len(f.StartsWith)+len(f.EndsWith) > 0
	if positive && !slices.Contains(f.Equals, v) &&
		!slices.ContainsFunc(f.StartsWith, func(p string) bool { return strings.HasPrefix(v, p) }) &&
		!slices.ContainsFunc(f.EndsWith, func(s string) bool { return strings.HasSuffix(v, s) }) {
		return false
	}
	return !slices.Contains(f.NotEquals, v) &&
		!slices.ContainsFunc(f.NotStartsWith, func(p string) bool { return strings.HasPrefix(v, p) }) &&
		!slices.ContainsFunc(f.NotEndsWith, func(s string) bool { return strings.HasSuffix(v, s) })
}

// acceptsEveryValueWithPrefix reports whether every value that starts with
// prefix meets the condition. Equals and EndsWith name some such values but
// never all of them; NotEquals, NotStartsWith and NotEndsWith leave out
// some as soon as one of their values can start with prefix.
func (f FieldCondition) acceptsEveryValueWithPrefix(prefix string) bool {
	positive := len(f.Equals)+len(f.StartsWith)+len(f.EndsWith) > 0
	if positive && !slices.ContainsFunc(f.StartsWith, func(p string) bool { return strings.HasPrefix(prefix, p) }) {
		return false
	}
	overlaps := func(p string) bool { return strings.HasPrefix(prefix, p) || strings.HasPrefix(p, prefix) }
	return len(f.NotEndsWith) == 0 &&
		!slices.ContainsFunc(f.NotStartsWith, overlaps) &&
		!slices.ContainsFunc(f.NotEquals, func(v string) bool { return strings.HasPrefix(v, prefix) })
}

// restricts reports whether the condition leaves out any value.
func (f FieldCondition) restricts() bool {
	return len(f.Equals)+len(f.StartsWith)+len(f.EndsWith)+len(f.NotEquals)+len(f.NotStartsWith)+len(f.NotEndsWith) > 0
}

// s3ObjectType is the resources.type of S3 object data events.
const s3ObjectType = "AWS::S3::Object"

// CoversDataEvents reports whether the trail is logging and records both
// the read and the write S3 data events (GetObject, PutObject,
// DeleteObject …) of every object of bucket whose key starts with prefix;
// an empty prefix means the whole bucket. Use it to check that access to
// training data is recorded.
//
// The answer is strict: a selector counts only if it records every such
// event, so one that also filters on eventName, userIdentity.arn or any
// other field, or excludes some keys under prefix, does not. Read and write
// events may come from different selectors. The trail must also apply to
// the bucket's region (AppliesTo).
func (t Trail) CoversDataEvents(bucket, prefix string) bool {
	read, write := t.DataEventCoverage(bucket, prefix)
	return read && write
}

// DataEventCoverage is CoversDataEvents for reads and writes apart.
func (t Trail) DataEventCoverage(bucket, prefix string) (read, write bool) {
	if !t.Logging || bucket == "" {
		return false, false
	}
	target := "arn:aws:s3:::" + bucket + "/" + prefix
	for _, s := range t.DataEventSelectors {
		if s.Category != "Data" || (s.ResourceType != "" && s.ResourceType != s3ObjectType) {
			continue
		}
		read = read || (s.Read && s.recordsEveryS3ObjectEvent(target, "true"))
		write = write || (s.Write && s.recordsEveryS3ObjectEvent(target, "false"))
	}
	return read, write
}

// recordsEveryS3ObjectEvent reports whether the selector's conditions let
// through every S3 object data event, of the given readOnly value, on an
// object whose ARN starts with target.
func (s DataEventSelector) recordsEveryS3ObjectEvent(target, readOnly string) bool {
	for _, c := range s.Conditions {
		var ok bool
		switch c.Field {
		case "resources.ARN":
			ok = c.acceptsEveryValueWithPrefix(target)
		case "eventCategory":
			ok = c.Accepts("Data")
		case "resources.type":
			ok = c.Accepts(s3ObjectType)
		case "eventSource":
			ok = c.Accepts("s3.amazonaws.com")
		case "readOnly":
			ok = c.Accepts(readOnly)
		default:
			// Any condition on another field (eventName,
			// userIdentity.arn, errorCode …) leaves out some events.
			ok = !c.restricts()
		}
		if !ok {
			return false
		}
	}
	return true
}

// managementPart is what one selector says of management events.
type managementPart struct {
	read, write bool
	excluded    []string
}

// normaliseSelectors turns a trail's basic or advanced event selectors
// into what it records of management events and its data event selectors.
func normaliseSelectors(basic []types.EventSelector, advanced []types.AdvancedEventSelector) (ManagementEvents, []DataEventSelector) {
	var parts []managementPart
	var data []DataEventSelector
	for _, s := range basic {
		read := s.ReadWriteType == "" || s.ReadWriteType == types.ReadWriteTypeAll || s.ReadWriteType == types.ReadWriteTypeReadOnly
		write := s.ReadWriteType == "" || s.ReadWriteType == types.ReadWriteTypeAll || s.ReadWriteType == types.ReadWriteTypeWriteOnly
		if s.IncludeManagementEvents == nil || *s.IncludeManagementEvents {
			parts = append(parts, managementPart{read: read, write: write, excluded: s.ExcludeManagementEventSources})
		}
		for _, r := range s.DataResources {
			if len(r.Values) == 0 {
				continue // selects nothing
			}
			cond := FieldCondition{Field: "resources.ARN"}
			typ := aws.ToString(r.Type)
			for _, v := range r.Values {
				// S3 values are prefixes; for other types a full ARN
				// names one resource and a partial one ("arn:aws:lambda")
				// every resource.
				if typ == s3ObjectType || strings.Count(v, ":") < 5 {
					cond.StartsWith = append(cond.StartsWith, v)
				} else {
					cond.Equals = append(cond.Equals, v)
				}
			}
			data = append(data, DataEventSelector{Category: "Data", ResourceType: typ, Read: read, Write: write, Conditions: []FieldCondition{cond}})
		}
	}
	for _, s := range advanced {
		p, d := normaliseAdvanced(s)
		parts = append(parts, p...)
		data = append(data, d...)
	}
	return combineManagement(parts), data
}

// normaliseAdvanced lifts eventCategory, resources.type and readOnly out of
// an advanced selector's conditions when they are plain Equals conditions,
// as AWS requires them to be; any other condition is kept as it is.
func normaliseAdvanced(s types.AdvancedEventSelector) ([]managementPart, []DataEventSelector) {
	var categories, resourceTypes []string
	read, write := true, true
	var rest []FieldCondition
	for _, fs := range s.FieldSelectors {
		c := FieldCondition{
			Field:         aws.ToString(fs.Field),
			Equals:        slices.Clone(fs.Equals),
			StartsWith:    slices.Clone(fs.StartsWith),
			EndsWith:      slices.Clone(fs.EndsWith),
			NotEquals:     slices.Clone(fs.NotEquals),
			NotStartsWith: slices.Clone(fs.NotStartsWith),
			NotEndsWith:   slices.Clone(fs.NotEndsWith),
		}
		onlyEquals := len(c.Equals) > 0 && len(c.StartsWith)+len(c.EndsWith)+len(c.NotEquals)+len(c.NotStartsWith)+len(c.NotEndsWith) == 0
		switch {
		case c.Field == "eventCategory" && onlyEquals && categories == nil:
			categories = c.Equals
		case c.Field == "resources.type" && onlyEquals && resourceTypes == nil:
			resourceTypes = c.Equals
		case c.Field == "readOnly" && onlyEquals:
			read = read && slices.Contains(c.Equals, "true")
			write = write && slices.Contains(c.Equals, "false")
		default:
			rest = append(rest, c)
		}
	}
	if len(categories) == 0 {
		categories = []string{""}
	}
	if len(resourceTypes) == 0 {
		resourceTypes = []string{""}
	}
	var parts []managementPart
	var data []DataEventSelector
	for _, cat := range categories {
		if cat == "Management" {
			if p, ok := managementOf(read, write, rest); ok {
				parts = append(parts, p)
			}
			continue
		}
		for _, typ := range resourceTypes {
			data = append(data, DataEventSelector{
				Name: aws.ToString(s.Name), Advanced: true, Category: cat, ResourceType: typ,
				Read: read, Write: write, Conditions: slices.Clone(rest),
			})
		}
	}
	return parts, data
}

// managementOf reads an advanced management selector. The only other
// condition AWS allows on management events excludes sources (eventSource
// NotEquals); a selector with any other condition records an unknown part
// of them, and is not counted, so that coverage is never overstated.
func managementOf(read, write bool, conds []FieldCondition) (managementPart, bool) {
	p := managementPart{read: read, write: write}
	for _, c := range conds {
		if c.Field != "eventSource" || len(c.Equals)+len(c.StartsWith)+len(c.EndsWith)+len(c.NotStartsWith)+len(c.NotEndsWith) > 0 {
			if c.restricts() {
				return managementPart{}, false
			}
			continue
		}
		p.excluded = append(p.excluded, c.NotEquals...)
	}
	return p, true
}

// combineManagement merges what several selectors record of management
// events: a source is left out of reads (or writes) only if every selector
// that records reads (or writes) leaves it out.
func combineManagement(parts []managementPart) ManagementEvents {
	var m ManagementEvents
	var readExcl, writeExcl []string
	for _, p := range parts {
		if p.read {
			readExcl = intersectExcluded(readExcl, p.excluded, !m.Read)
			m.Read = true
		}
		if p.write {
			writeExcl = intersectExcluded(writeExcl, p.excluded, !m.Write)
			m.Write = true
		}
	}
	for _, s := range append(readExcl, writeExcl...) {
		if !slices.Contains(m.ExcludedSources, s) {
			m.ExcludedSources = append(m.ExcludedSources, s)
		}
	}
	slices.Sort(m.ExcludedSources)
	return m
}

// intersectExcluded returns the sources in both have and more, or more
// alone when first.
func intersectExcluded(have, more []string, first bool) []string {
	if first {
		return slices.Clone(more)
	}
	var out []string
	for _, s := range have {
		if slices.Contains(more, s) {
			out = append(out, s)
		}
	}
	return out
}
