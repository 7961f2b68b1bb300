package logfile

import (
	"slices"
	"time"

	"github.com/aigov/aigov/cloudtrail"
)

// filter selects files by their keys and events by their fields.
type filter struct {
	accounts, regions []string // sorted; empty selects all
	start, end        time.Time
	slack             time.Duration
}

// DefaultDeliverySlack is how long after a time window's end a log file may
// still hold events from inside it: CloudTrail writes a file minutes after
// its events, and late events are rare past an hour.
const DefaultDeliverySlack = time.Hour

// keepKey reports whether a file with key k may hold selected events. Files
// whose names do not follow CloudTrail's naming are always read.
func (f *filter) keepKey(k Key, ok bool) bool {
	if !ok {
		return true
	}
	if !f.keepValue(f.accounts, k.Account) || !f.keepValue(f.regions, k.Region) {
		return false
	}
	// A file's time follows its events': a file stamped before the window
	// holds nothing in it; the slack allows for skew and late delivery.
	if !f.start.IsZero() && k.Time.Add(f.slack).Before(f.start) {
		return false
	}
	if !f.end.IsZero() && k.Time.After(f.end.Add(f.slack)) {
		return false
	}
	return true
}

// keepEvent reports whether ev is selected. An event without a time is kept
// when its file was: the window cannot place it.
func (f *filter) keepEvent(ev *cloudtrail.Event) bool {
	if !f.keepValue(f.accounts, ev.AccountID) || !f.keepValue(f.regions, ev.Region) {
		return false
	}
	if ev.Time.IsZero() {
		return true
	}
	return (f.start.IsZero() || !ev.Time.Before(f.start)) && (f.end.IsZero() || ev.Time.Before(f.end))
}

func (f *filter) keepValue(set []string, v string) bool {
	if len(set) == 0 {
		return true
	}
	_, found := slices.BinarySearch(set, v)
	return found
}
