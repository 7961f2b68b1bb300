package cloudtrail

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"
)

// A Detection is what one rule found for one principal: the events it
// matched, summarised.
type Detection struct {
	// RuleID, Title, Severity and Category come from the rule.
	RuleID   string   `json:"ruleId"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
	Category Category `json:"category"`
	// Principal is who made the calls: for assumed-role sessions the role
	// behind them (see [Event.Principal]). Its SessionName is empty; the
	// session names are in SessionNames.
	Principal Principal `json:"principal"`
	// SessionNames are the distinct assumed-role session names seen.
	SessionNames []string `json:"sessionNames,omitempty"`
	// EventNames are the distinct API actions matched.
	EventNames []string `json:"eventNames"`
	// FirstSeen and LastSeen bound the matched events' times; zero when no
	// matched event had a time.
	FirstSeen time.Time `json:"firstSeen,omitzero"`
	LastSeen  time.Time `json:"lastSeen,omitzero"`
	// AccountIDs, Regions and SourceIPAddresses are the distinct values
	// seen in the matched events.
	AccountIDs        []string `json:"accountIds,omitempty"`
	Regions           []string `json:"regions,omitempty"`
	SourceIPAddresses []string `json:"sourceIPAddresses,omitempty"`
	// Count is how many events matched; Failed how many of them carry an
	// errorCode.
	Count  int `json:"count"`
	Failed int `json:"failed"`
	// SampleEventIDs are the event IDs of the earliest matched events (by
	// time, then ID), at most [WithSampleSize] of them.
	SampleEventIDs []string `json:"sampleEventIds,omitempty"`
	// Truncated names the lists above that were cut to [WithMaxValues]
	// entries (keeping the first in sorted order), such as
	// "sourceIPAddresses".
	Truncated []string `json:"truncated,omitempty"`
}

// A Detector applies rules to events one at a time and groups what they
// match. Its memory grows with the number of distinct rule and principal
// pairs found, never with the number of events. A Detector is not safe for
// concurrent use.
type Detector struct {
	rules      []Rule
	sampleSize int
	maxValues  int
	groups     map[groupKey]*group
}

// A DetectOption configures a [Detector].
type DetectOption func(*Detector)

// WithSampleSize sets how many event IDs a [Detection] keeps; 5 by default.
func WithSampleSize(n int) DetectOption { return func(d *Detector) { d.sampleSize = max(n, 0) } }

// WithMaxValues sets how many distinct values each list of a [Detection]
// keeps; 50 by default.
func WithMaxValues(n int) DetectOption { return func(d *Detector) { d.maxValues = max(n, 1) } }

type groupKey struct {
	rule      int
	principal string
}

// group accumulates one Detection. Strings are cloned on the way in, so
// that a detection does not keep whole records alive.
type group struct {
	principal                          Principal
	sessions, names, accounts, regions boundedSet
	ips                                boundedSet
	first, last                        time.Time
	count, failed                      int
	sample                             []sampleEvent
}

type sampleEvent struct {
	time time.Time
	id   string
}

// NewDetector returns a Detector for rules, which must have unique, non-empty
// IDs, a Match function and a known severity.
func NewDetector(rules []Rule, opts ...DetectOption) (*Detector, error) {
	seen := map[string]bool{}
	var errs []error
	for _, r := range rules {
		if err := r.validate(); err != nil {
			errs = append(errs, err)
		}
		if seen[r.ID] && r.ID != "" {
			errs = append(errs, fmt.Errorf("rule ID %s is used twice", r.ID))
		}
		seen[r.ID] = true
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("cloudtrail: invalid rules: %w", errors.Join(errs...))
	}
	d := &Detector{rules: slices.Clone(rules), sampleSize: 5, maxValues: 50, groups: map[groupKey]*group{}}
	for _, o := range opts {
		o(d)
	}
	return d, nil
}

// Add applies every rule to ev.
func (d *Detector) Add(ev Event) {
	var p Principal
	matched := false
	for i, r := range d.rules {
		if !r.Match(ev) {
			continue
		}
		if !matched {
			p, matched = ev.Principal(), true
		}
		k := groupKey{rule: i, principal: p.ID}
		g := d.groups[k]
		if g == nil {
			g = &group{principal: Principal{ID: strings.Clone(p.ID), Type: strings.Clone(p.Type), AccountID: strings.Clone(p.AccountID)}}
			d.groups[groupKey{rule: i, principal: g.principal.ID}] = g
		}
		d.add(g, ev, p)
	}
}

func (d *Detector) add(g *group, ev Event, p Principal) {
	g.count++
	if ev.ErrorCode != "" {
		g.failed++
	}
	g.sessions.add(p.SessionName, d.maxValues)
	g.names.add(ev.EventName, d.maxValues)
	g.accounts.add(ev.AccountID, d.maxValues)
	g.regions.add(ev.Region, d.maxValues)
	g.ips.add(ev.SourceIPAddress, d.maxValues)
	if t := ev.Time; !t.IsZero() {
		if g.first.IsZero() || t.Before(g.first) {
			g.first = t
		}
		if t.After(g.last) {
			g.last = t
		}
	}
	if ev.EventID == "" || d.sampleSize == 0 {
		return
	}
	s := sampleEvent{time: ev.Time, id: ev.EventID}
	i, found := slices.BinarySearchFunc(g.sample, s, compareSample)
	if found || i >= d.sampleSize {
		return
	}
	s.id = strings.Clone(s.id)
	g.sample = slices.Insert(g.sample, i, s)
	if len(g.sample) > d.sampleSize {
		g.sample = g.sample[:d.sampleSize]
	}
}

func compareSample(a, b sampleEvent) int {
	return cmp.Or(a.time.Compare(b.time), strings.Compare(a.id, b.id))
}

// Detections returns what the rules found so far, most severe first, then
// by rule ID and principal. The result does not depend on the order in which
// events were added.
func (d *Detector) Detections() []Detection {
	out := make([]Detection, 0, len(d.groups))
	for k, g := range d.groups {
		r := d.rules[k.rule]
		det := Detection{
			RuleID: r.ID, Title: r.Title, Severity: r.Severity, Category: r.Category,
			Principal: g.principal, FirstSeen: g.first, LastSeen: g.last, Count: g.count, Failed: g.failed,
		}
		for _, l := range []struct {
			name string
			set  *boundedSet
			dst  *[]string
		}{
			{"sessionNames", &g.sessions, &det.SessionNames},
			{"eventNames", &g.names, &det.EventNames},
			{"accountIds", &g.accounts, &det.AccountIDs},
			{"regions", &g.regions, &det.Regions},
			{"sourceIPAddresses", &g.ips, &det.SourceIPAddresses},
		} {
			*l.dst = slices.Clone(l.set.values)
			if l.set.cut {
				det.Truncated = append(det.Truncated, l.name)
			}
		}
		for _, s := range g.sample {
			det.SampleEventIDs = append(det.SampleEventIDs, s.id)
		}
		out = append(out, det)
	}
	slices.SortFunc(out, func(a, b Detection) int {
		return cmp.Or(
			cmp.Compare(b.Severity.Rank(), a.Severity.Rank()),
			strings.Compare(a.RuleID, b.RuleID),
			strings.Compare(a.Principal.ID, b.Principal.ID))
	})
	return out
}

// Detect applies rules to every event of a stream and returns what they
// found, as [Detector.Detections] orders it. Errors the stream yields do not
// stop Detect: the stream decides whether to go on after one (the logfile
// package lets its caller choose). They are returned together, beside the
// detections from every event that was read.
func Detect(events iter.Seq2[Event, error], rules ...Rule) ([]Detection, error) {
	d, err := NewDetector(rules)
	if err != nil {
		return nil, err
	}
	var errs []error
	for ev, err := range events {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		d.Add(ev)
	}
	return d.Detections(), errors.Join(errs...)
}

// boundedSet keeps the smallest distinct non-empty strings added, sorted,
// up to a limit, and notes whether any were left out.
type boundedSet struct {
	values []string
	cut    bool
}

func (s *boundedSet) add(v string, limit int) {
	if v == "" {
		return
	}
	i, found := slices.BinarySearch(s.values, v)
	if found {
		return
	}
	if i >= limit {
		s.cut = true
		return
	}
	s.values = slices.Insert(s.values, i, strings.Clone(v))
	if len(s.values) > limit {
		s.values = s.values[:limit]
		s.cut = true
	}
}
