package governance

import "fmt"

// Helpers controls share to read the snapshot and say what they found.

// regional returns every account and region of the scope, in order.
func (s *Snapshot) regional() []Location {
	var out []Location
	for _, a := range s.Scope.Accounts {
		for _, r := range s.Scope.Regions {
			out = append(out, Location{Account: a, Region: r})
		}
	}
	return out
}

// outcome returns the recorded outcome of a source at a location, and
// whether there is one.
func (s *Snapshot) outcome(src Source, loc Location) (SourceOutcome, bool) {
	for _, o := range s.Sources {
		if o.Source == src && o.Account == loc.Account && o.Region == loc.Region {
			return o, true
		}
	}
	return SourceOutcome{}, false
}

// missing explains why a source's state is absent at a location.
func (s *Snapshot) missing(src Source, loc Location) string {
	if o, ok := s.outcome(src, loc); ok && o.Status != OutcomeOK {
		if o.Error != "" {
			return fmt.Sprintf("%s was not collected in %s (%s): %s", src, loc, o.Status, o.Error)
		}
		return fmt.Sprintf("%s was not collected in %s (%s)", src, loc, o.Status)
	}
	return fmt.Sprintf("%s was not collected in %s", src, loc)
}

// at builds findings for one location.
type at Location

func (l at) finding(st Status, msg string, ev ...Evidence) Finding {
	return Finding{Status: st, Account: l.Account, Region: l.Region, Message: msg, Evidence: ev}
}

func (l at) unknown(msg string, ev ...Evidence) Finding { return l.finding(StatusUnknown, msg, ev...) }
func (l at) pass(msg string, ev ...Evidence) Finding    { return l.finding(StatusPass, msg, ev...) }
func (l at) fail(msg string, ev ...Evidence) Finding    { return l.finding(StatusFail, msg, ev...) }

// resource builds findings for one resource.
func (l at) resource(typ, id string, st Status, msg string, ev ...Evidence) Finding {
	f := l.finding(st, msg, ev...)
	f.ResourceType, f.Resource = typ, id
	return f
}
