package governance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Waiver accepts the failures of a control, for some resources or all, for
// a while. A waiver never turns missing evidence into a pass: it applies to
// FAIL findings only, and an UNKNOWN stays UNKNOWN.
//
// Waivers are read from a JSON file (ReadWaivers) of this form:
//
//	{
//	  "waivers": [
//	    {
//	      "control": "AIML-NET-01",
//	      "resource": "arn:aws:sagemaker:*:111111111111:notebook-instance/research-*",
//	      "account": "111111111111",
//	      "owner": "ml-platform@example.com",
//	      "reason": "Research notebooks need PyPI until the mirror lands (JIRA ML-42)",
//	      "expires": "2026-12-31"
//	    }
//	  ]
//	}
//
// control, owner, reason and expires are required. resource is a pattern
// over the finding's resource (its ARN, or its id where it has none) in
// which * matches any run of characters and ? any one; without it the
// waiver covers every failing finding of the control. account, when set,
// limits it to one account. expires is a date (the waiver holds through
// that day, UTC) or an RFC 3339 time. An expired waiver no longer applies
// and is reported as expired, so it cannot be forgotten.
type Waiver struct {
	Control  string `json:"control"`
	Resource string `json:"resource,omitempty"`
	Account  string `json:"account,omitempty"`
	Owner    string `json:"owner"`
	Reason   string `json:"reason"`
	// Expires is the first instant the waiver no longer holds.
	Expires time.Time `json:"expires"`
}

// WaiverState says what became of a waiver in an evaluation.
type WaiverState string

// The states of a waiver.
const (
	WaiverApplied WaiverState = "applied" // it covered at least one failing finding
	WaiverUnused  WaiverState = "unused"  // it is valid, but nothing it covers fails
	WaiverExpired WaiverState = "expired" // it has expired and no longer applies
)

// WaiverStatus is a waiver as the report lists it.
type WaiverStatus struct {
	Waiver
	State WaiverState `json:"state"`
	// Findings counts the findings it waived, or, for an expired waiver,
	// the failing findings it would still cover.
	Findings int `json:"findings"`
}

// AppliedWaiver is what a WAIVED finding records of its waiver.
type AppliedWaiver struct {
	Owner   string    `json:"owner"`
	Reason  string    `json:"reason"`
	Expires time.Time `json:"expires"`
}

type waiverFile struct {
	Waivers []waiverJSON `json:"waivers"`
}

type waiverJSON struct {
	Control  string `json:"control"`
	Resource string `json:"resource"`
	Account  string `json:"account"`
	Owner    string `json:"owner"`
	Reason   string `json:"reason"`
	Expires  string `json:"expires"`
}

// ReadWaivers reads a waivers file. Every problem is reported with the
// waiver's position and field, such as `waiver 2 (AIML-NET-01): expires
// "31/12/2026": want a date (2026-12-31) or an RFC 3339 time`.
func ReadWaivers(r io.Reader) ([]Waiver, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("governance: reading waivers: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f waiverFile
	if err := dec.Decode(&f); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("governance: waivers: invalid JSON at byte %d: %w", se.Offset, err)
		}
		return nil, fmt.Errorf("governance: waivers: %w", err)
	}
	out := make([]Waiver, 0, len(f.Waivers))
	var errs []error
	for i, w := range f.Waivers {
		v := Waiver{Control: w.Control, Resource: w.Resource, Account: w.Account, Owner: w.Owner, Reason: w.Reason}
		at := fmt.Sprintf("waiver %d (%s)", i+1, w.Control)
		for _, req := range []struct{ name, value string }{{"control", w.Control}, {"owner", w.Owner}, {"reason", w.Reason}, {"expires", w.Expires}} {
			if strings.TrimSpace(req.value) == "" {
				errs = append(errs, fmt.Errorf("%s: %s is required", at, req.name))
			}
		}
		if w.Expires != "" {
			t, err := parseExpiry(w.Expires)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: expires %q: %w", at, w.Expires, err))
			}
			v.Expires = t
		}
		out = append(out, v)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("governance: waivers: %w", err)
	}
	return out, nil
}

// ReadWaiversFile reads the waivers file at path.
func ReadWaiversFile(path string) ([]Waiver, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("governance: waivers: %w", err)
	}
	defer f.Close()
	w, err := ReadWaivers(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return w, nil
}

func parseExpiry(s string) (time.Time, error) {
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return d.AddDate(0, 0, 1), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, errors.New("want a date (2026-12-31) or an RFC 3339 time (2026-12-31T18:00:00Z)")
}

// covers reports whether w applies to f, expiry aside.
func (w Waiver) covers(f Finding) bool {
	if w.Control != f.Control || (w.Account != "" && w.Account != f.Account) {
		return false
	}
	if w.Resource == "" {
		return true
	}
	target := f.Resource
	if target == "" {
		target = f.Account
	}
	return glob(w.Resource, target)
}

// applyWaivers marks the FAIL findings that a valid waiver covers as
// WAIVED, and reports what became of every waiver.
func applyWaivers(findings []Finding, waivers []Waiver, now time.Time) []WaiverStatus {
	if len(waivers) == 0 {
		return nil
	}
	st := make([]WaiverStatus, len(waivers))
	for i, w := range waivers {
		st[i] = WaiverStatus{Waiver: w, State: WaiverUnused}
		if !now.Before(w.Expires) {
			st[i].State = WaiverExpired
		}
	}
	for i := range findings {
		f := &findings[i]
		if f.Status != StatusFail {
			continue
		}
		for j, w := range waivers {
			if !w.covers(*f) {
				continue
			}
			st[j].Findings++
			if st[j].State == WaiverExpired {
				continue
			}
			st[j].State = WaiverApplied
			f.Status = StatusWaived
			f.Waiver = &AppliedWaiver{Owner: w.Owner, Reason: w.Reason, Expires: w.Expires}
			break
		}
	}
	return st
}

// glob matches s against a pattern in which * matches any run of
// characters (slashes and colons included) and ? any one character.
func glob(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
