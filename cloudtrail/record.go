package cloudtrail

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"
)

// This file maps a record's JSON onto [Event]. The members the package reads
// are described once, in the tables below; the parser matches keys as
// encoding/json does (exact name first, then without regard to case), and
// the last of repeated keys wins.

// field numbers the string and raw values the parser notes as spans.
type field uint8

const (
	fEventTime field = iota
	fEventSource
	fEventName
	fRegion
	fRecipientAccount
	fEventID
	fEventType
	fEventCategory
	fEventVersion
	fErrorCode
	fErrorMessage
	fSourceIP
	fUserAgent
	fRequestID
	fRequestParameters
	fResponseElements
	fAdditionalEventData
	fResources
	fIdentityType
	fIdentityPrincipalID
	fIdentityARN
	fIdentityAccountID
	fIdentityAccessKeyID
	fIdentityUserName
	fIdentityInvokedBy
	fSessionCreated
	fIssuerType
	fIssuerPrincipalID
	fIssuerARN
	fIssuerAccountID
	fIssuerUserName
	numFields
)

// numMemberSets is the number of sets of members below.
const numMemberSets = 5

// tristateField numbers the Tristate values the parser reads.
type tristateField uint8

const (
	tReadOnly tristateField = iota
	tManagement
	tMFA
	numTristates
)

type memberKind uint8

const (
	mString   memberKind = iota // a string or null, noted as a span
	mRaw                        // any value, noted as a span
	mTristate                   // a boolean, a string or null
	mObject                     // an object or null, with members of its own
)

// member describes one key of an object the parser reads.
type member struct {
	name string
	kind memberKind
	f    field         // for mString and mRaw
	t    tristateField // for mTristate
	sub  *members      // for mObject
}

// members is the set of keys of one object, with its lookup table.
type members struct {
	id    int    // numbers the sets, for recordParser.next
	path  string // the object's path in a record, for errors: "" or "userIdentity."
	list  []member
	lower []string    // the names, ASCII-lowercased
	table [64][]uint8 // foldHash of a name -> indexes in list
}

func newMembers(path string, list ...member) *members {
	if len(list) >= maxMembers {
		panic("cloudtrail: too many members in " + path)
	}
	m := &members{id: len(memberSets), path: path, list: list}
	memberSets = append(memberSets, m)
	for i, mem := range list {
		h := foldHash([]byte(mem.name))
		m.table[h] = append(m.table[h], uint8(i))
		m.lower = append(m.lower, strings.ToLower(mem.name))
	}
	return m
}

// memberSets lists every set of members, in the order of their ids.
var memberSets []*members

// maxMembers bounds the number of members in a set.
const maxMembers = 32

// foldHash hashes a key so that keys equal but for ASCII case collide.
func foldHash(key []byte) uint8 {
	if len(key) == 0 {
		return 0
	}
	lower := func(c byte) uint { return uint(c | 0x20) }
	return uint8((uint(len(key))*7 + lower(key[0])*3 + lower(key[len(key)/2])*5 + lower(key[len(key)-1])) % 64)
}

// lookup returns the index of the member key names, or -1: an exact match
// first, then one that differs in case only, as encoding/json matches. high
// false says that key is all ASCII.
func (m *members) lookup(key []byte, high bool) int {
	cands := m.table[foldHash(key)]
	for _, i := range cands {
		if m.list[i].name == string(key) {
			return int(i)
		}
	}
	ascii := !high
	if high {
		ascii = true
		for _, c := range key {
			if c >= utf8.RuneSelf {
				ascii = false
				break
			}
		}
	}
	if ascii {
		for _, i := range cands {
			if equalFoldASCII(string(key), m.lower[i]) {
				return int(i)
			}
		}
		return -1
	}
	// Unicode folding can match a non-ASCII key with an ASCII name, as "ſ"
	// with "s"; encoding/json uses bytes.EqualFold, so this does too.
	for i, mem := range m.list {
		if bytes.EqualFold(key, []byte(mem.name)) {
			return i
		}
	}
	return -1
}

var (
	sessionIssuerMembers = newMembers("userIdentity.sessionContext.sessionIssuer.",
		member{name: "type", f: fIssuerType},
		member{name: "principalId", f: fIssuerPrincipalID},
		member{name: "arn", f: fIssuerARN},
		member{name: "accountId", f: fIssuerAccountID},
		member{name: "userName", f: fIssuerUserName},
	)
	attributesMembers = newMembers("userIdentity.sessionContext.attributes.",
		member{name: "mfaAuthenticated", kind: mTristate, t: tMFA},
		member{name: "creationDate", f: fSessionCreated},
	)
	sessionContextMembers = newMembers("userIdentity.sessionContext.",
		member{name: "attributes", kind: mObject, sub: attributesMembers},
		member{name: "sessionIssuer", kind: mObject, sub: sessionIssuerMembers},
	)
	identityMembers = newMembers("userIdentity.",
		member{name: "type", f: fIdentityType},
		member{name: "principalId", f: fIdentityPrincipalID},
		member{name: "arn", f: fIdentityARN},
		member{name: "accountId", f: fIdentityAccountID},
		member{name: "accessKeyId", f: fIdentityAccessKeyID},
		member{name: "userName", f: fIdentityUserName},
		member{name: "invokedBy", f: fIdentityInvokedBy},
		member{name: "sessionContext", kind: mObject, sub: sessionContextMembers},
	)
	recordMembers = newMembers("",
		member{name: "eventTime", f: fEventTime},
		member{name: "eventSource", f: fEventSource},
		member{name: "eventName", f: fEventName},
		member{name: "awsRegion", f: fRegion},
		member{name: "recipientAccountId", f: fRecipientAccount},
		member{name: "eventID", f: fEventID},
		member{name: "eventType", f: fEventType},
		member{name: "eventCategory", f: fEventCategory},
		member{name: "eventVersion", f: fEventVersion},
		member{name: "errorCode", f: fErrorCode},
		member{name: "errorMessage", f: fErrorMessage},
		member{name: "sourceIPAddress", f: fSourceIP},
		member{name: "userAgent", f: fUserAgent},
		member{name: "requestID", f: fRequestID},
		member{name: "readOnly", kind: mTristate, t: tReadOnly},
		member{name: "managementEvent", kind: mTristate, t: tManagement},
		member{name: "requestParameters", kind: mRaw, f: fRequestParameters},
		member{name: "responseElements", kind: mRaw, f: fResponseElements},
		member{name: "additionalEventData", kind: mRaw, f: fAdditionalEventData},
		member{name: "resources", kind: mRaw, f: fResources},
		member{name: "userIdentity", kind: mObject, sub: identityMembers},
	)
)

// isTimeField reports whether f is read as a time, not kept as a string.
func isTimeField(f field) bool { return f == fEventTime || f == fSessionCreated }

// span locates a value in the scanner's data. For a string it is the body,
// between the quotes.
type span struct {
	start, end int
	set        bool // a string (mString) or a non-null value (mRaw)
	escaped    bool // the string holds escape sequences
	high       bool // the string may hold bytes outside ASCII
}

// recordParser reads one record. Its zero value is ready; a [Decoder] reuses
// one for every record.
type recordParser struct {
	s scanner
	// next guesses, for each set of members, which member comes after each
	// (at [id][i+1]; [id][0] is the first): as it came last time. Records
	// of a stream mostly put their keys in the same order, so a key that is
	// the guessed name, quoted, needs neither scanning nor lookup.
	next  [numMemberSets][maxMembers]uint8
	spans [numFields]span
	size  int // the arena's: the length of the string spans, times apart
	tri   [numTristates]Tristate
	bad   *fieldError // the first value of the wrong shape
}

// fieldError is a value of the wrong shape in a record that is valid JSON.
type fieldError struct {
	off   int    // offset of the value in the scanner's data
	field string // the member's path, as "userIdentity.type"; "" for the record
	msg   string
}

func (e *fieldError) Error() string {
	if e.field == "" {
		return e.msg
	}
	return e.field + ": " + e.msg
}

// errWrongType is returned by scanner.tristate for a value that is neither a
// boolean, a string nor null.
var errWrongType = errors.New("wrong JSON type")

// kindName names the kind of JSON value that starts with c.
func kindName(c byte) string {
	switch c {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// parse reads one record at the scanner's position. It returns a
// *syntaxError, errShort or a *fieldError; after a *fieldError the scanner
// stands after the record, so that a stream can go on with the next one.
func (p *recordParser) parse(depth int, ev *Event) error {
	s := &p.s
	c, err := s.peek()
	if err != nil {
		return err
	}
	start := s.pos
	if c != '{' {
		if err := s.value(depth); err != nil {
			return err
		}
		return &fieldError{off: start, msg: "record is " + kindName(c) + ", not an object"}
	}
	p.spans = [numFields]span{}
	p.size = 0
	p.tri = [numTristates]Tristate{}
	p.bad = nil
	if err := p.object(recordMembers, depth+1); err != nil {
		return err
	}
	if p.bad != nil {
		return p.bad
	}
	return p.build(start, s.pos, ev)
}

// object reads an object described by ms, starting at pos. It is
// scanner.object with each member's value read by p.member, or skipped
// when ms does not describe it.
func (p *recordParser) object(ms *members, depth int) error {
	s := &p.s
	if depth > maxDepth {
		return s.errorf(s.pos, "exceeded max depth")
	}
	s.pos++ // '{'
	c, err := s.peek()
	if err != nil {
		return err
	}
	if c == '}' {
		s.pos++
		return nil
	}
	next := &p.next[ms.id]
	last := 0 // the slot in next of the previous member: 0 at the start
	for {
		if c != '"' {
			return s.unexpected("looking for beginning of object key string")
		}
		// The guessed name matches when the key is the name between quotes:
		// the name holds no quote, backslash or control character, so the
		// key is then a valid string, and is the name exactly.
		i := int(next[last])
		name := ms.list[i].name
		if end := s.pos + 1 + len(name); end < len(s.data) && s.data[end] == '"' && string(s.data[s.pos+1:end]) == name {
			s.pos = end + 1
			if s.pos < len(s.data) && s.data[s.pos] == ':' {
				s.pos++
			} else if err := s.expect(':', "after object key"); err != nil {
				return err
			}
		} else {
			key, escaped, high, err := s.str()
			if err != nil {
				return err
			}
			if s.pos < len(s.data) && s.data[s.pos] == ':' {
				s.pos++
			} else if err := s.expect(':', "after object key"); err != nil {
				return err
			}
			if escaped {
				key = unquote(key)
				high = true
			}
			if i = ms.lookup(key, high); i >= 0 {
				next[last] = uint8(i)
			}
		}
		if i < 0 {
			err = s.value(depth)
		} else {
			err = p.member(ms, &ms.list[i], depth)
			last = i + 1
		}
		if err != nil {
			return err
		}
		if c, err = s.peek(); err != nil {
			return err
		}
		s.pos++
		switch c {
		case '}':
			return nil
		case ',':
			if c, err = s.peek(); err != nil {
				return err
			}
			continue
		}
		s.pos--
		return s.unexpected("after object key:value pair")
	}
}

func (p *recordParser) member(ms *members, m *member, depth int) error {
	s := &p.s
	c, err := s.peek()
	if err != nil {
		return err
	}
	start := s.pos
	want := ""
	switch m.kind {
	case mString:
		switch c {
		case '"':
			end, escaped, seen, err := s.strEnd(start + 1)
			if err != nil {
				return err
			}
			s.pos = end + 1
			sp := &p.spans[m.f]
			if !isTimeField(m.f) { // the last of repeated keys wins
				p.size += end - (start + 1) - (sp.end - sp.start)
			}
			*sp = span{start: start + 1, end: end, set: true, escaped: escaped, high: seen&highs != 0}
			return nil
		case 'n':
			sp := &p.spans[m.f]
			if !isTimeField(m.f) {
				p.size -= sp.end - sp.start
			}
			*sp = span{}
			return s.literal("null")
		}
		want = "a string"
	case mRaw:
		if err := s.value(depth); err != nil {
			return err
		}
		p.spans[m.f] = span{start: start, end: s.pos, set: c != 'n'}
		return nil
	case mTristate:
		t, err := s.tristate()
		if err == nil {
			p.tri[m.t] = t
			return nil
		}
		if err != errWrongType {
			return err
		}
		p.fault(start, ms.path+m.name, "want a boolean, got "+kindName(c))
		return nil
	case mObject:
		switch c {
		case '{':
			return p.object(m.sub, depth+1)
		case 'n':
			return s.literal("null")
		}
		want = "an object"
	}
	p.fault(start, ms.path+m.name, "want "+want+", got "+kindName(c))
	return s.value(depth)
}

// fault notes a value of the wrong shape; the first one is reported.
func (p *recordParser) fault(off int, field, msg string) {
	if p.bad == nil {
		p.bad = &fieldError{off: off, field: field, msg: msg}
	}
}

// build makes the Event from the spans of the record at data[start:end].
func (p *recordParser) build(start, end int, out *Event) error {
	if !p.spans[fEventName].set || p.spans[fEventName].start == p.spans[fEventName].end {
		msg := "missing"
		if p.spans[fEventName].set {
			msg = "empty"
		}
		return &fieldError{off: start, field: "eventName", msg: msg + "; every CloudTrail record names its event"}
	}
	// One allocation holds the record (Raw) and, after it, an arena for the
	// string fields. The arena is made strings without a further copy, as
	// strings.Builder does: it is written once, here, and never again, nor
	// handed out as bytes; Raw's capacity ends where the arena begins, so
	// appending to Raw cannot reach it.
	size := p.size
	// The allocation is sized exactly and not zeroed first: append to a nil
	// slice copies the record and whatever follows it in the buffer (the
	// arena's bytes, overwritten below before any string is made of them),
	// or, at the end of the buffer, copies the record and zeroes the arena.
	// (Appending the arena to the record would round its capacity up by a
	// quarter and zero that.) eventName is not empty, so size > 0 and raw
	// never shares the scanner's buffer.
	n := end - start
	var buf []byte
	if end+size <= len(p.s.data) {
		buf = append([]byte(nil), p.s.data[start:end+size]...)
	} else {
		buf = append(p.s.data[start:end:end], make([]byte, size)...)
	}
	raw := json.RawMessage(buf[:n:n])
	arena := buf[n:n]
	str := func(f field) string {
		sp := p.spans[f]
		if !sp.set || sp.start == sp.end {
			return ""
		}
		b := p.s.data[sp.start:sp.end]
		if sp.escaped || sp.high && !utf8.Valid(b) {
			return string(unquote(b))
		}
		i := len(arena)
		arena = append(arena, b...)
		return unsafe.String(&arena[i], len(b))
	}
	rawValue := func(f field) json.RawMessage {
		sp := p.spans[f]
		if !sp.set {
			return nil
		}
		a, b := sp.start-start, sp.end-start
		return raw[a:b:b]
	}
	timeOf := func(f field, ms *members, name string) (time.Time, error) {
		// The time is read from the scanner's buffer in place: parseTime
		// keeps nothing of its argument.
		var s string
		if sp := p.spans[f]; sp.set && sp.start < sp.end {
			b := p.s.data[sp.start:sp.end]
			if sp.escaped || sp.high && !utf8.Valid(b) {
				b = unquote(b)
			}
			s = unsafe.String(&b[0], len(b))
		}
		t, ok := parseTime(s)
		if !ok {
			return t, &fieldError{off: p.spans[f].start - 1, field: ms.path + name, msg: "not a time: " + strconv.Quote(string(p.s.data[p.spans[f].start:p.spans[f].end]))}
		}
		return t, nil
	}

	// Everything else that can fail comes first: out changes only on success.
	eventTime, err := timeOf(fEventTime, recordMembers, "eventTime")
	if err != nil {
		return err
	}
	sessionCreated, err := timeOf(fSessionCreated, attributesMembers, "creationDate")
	if err != nil {
		return err
	}
	*out = Event{
		Time:                eventTime,
		EventSource:         str(fEventSource),
		EventName:           str(fEventName),
		Region:              str(fRegion),
		AccountID:           str(fRecipientAccount),
		EventID:             str(fEventID),
		EventType:           str(fEventType),
		EventCategory:       str(fEventCategory),
		EventVersion:        str(fEventVersion),
		ReadOnly:            p.tri[tReadOnly],
		ManagementEvent:     p.tri[tManagement],
		ErrorCode:           str(fErrorCode),
		ErrorMessage:        str(fErrorMessage),
		SourceIPAddress:     str(fSourceIP),
		UserAgent:           str(fUserAgent),
		RequestID:           str(fRequestID),
		RequestParameters:   rawValue(fRequestParameters),
		ResponseElements:    rawValue(fResponseElements),
		AdditionalEventData: rawValue(fAdditionalEventData),
		Resources:           rawValue(fResources),
		Raw:                 raw,
		Identity: Identity{
			Type:        str(fIdentityType),
			PrincipalID: str(fIdentityPrincipalID),
			ARN:         str(fIdentityARN),
			AccountID:   str(fIdentityAccountID),
			AccessKeyID: str(fIdentityAccessKeyID),
			UserName:    str(fIdentityUserName),
			InvokedBy:   str(fIdentityInvokedBy),
			SessionIssuer: SessionIssuer{
				Type:        str(fIssuerType),
				PrincipalID: str(fIssuerPrincipalID),
				ARN:         str(fIssuerARN),
				AccountID:   str(fIssuerAccountID),
				UserName:    str(fIssuerUserName),
			},
			MFAAuthenticated: p.tri[tMFA],
			SessionCreated:   sessionCreated,
		},
	}
	if out.AccountID == "" {
		out.AccountID = out.Identity.AccountID
	}
	return nil
}

// parseTimeZ reads the form CloudTrail writes, "2006-01-02T15:04:05Z",
// faster than time.Parse; it reports false for anything else, including
// out-of-range fields, which time.Parse then judges. The time is built from
// its count of seconds, as time.Date would build it, without time.Date's
// normalisation.
func parseTimeZ(s string) (time.Time, bool) {
	if len(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' {
		return time.Time{}, false
	}
	bad := false
	num := func(i int) int {
		a, b := s[i]-'0', s[i+1]-'0'
		bad = bad || a > 9 || b > 9
		return int(a)*10 + int(b)
	}
	year := num(0)*100 + num(2)
	month, day := num(5), num(8)
	hour, minute, second := num(11), num(14), num(17)
	if bad || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || second > 59 {
		return time.Time{}, false
	}
	secs := daysSinceEpoch(year, month, day)*86400 + int64(hour*3600+minute*60+second)
	return time.Unix(secs, 0).UTC(), true
}

// daysIn is the number of days in a month of the proleptic Gregorian
// calendar, as time.Parse checks them.
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysSinceEpoch counts the days from 1970-01-01 to a date of the proleptic
// Gregorian calendar, for years 0 to 9999 (the civil-from-days algorithm of
// Howard Hinnant, run backwards).
func daysSinceEpoch(year, month, day int) int64 {
	if month <= 2 {
		year--
	}
	era := (year + 400) / 400 // years from -1 on, shifted to stay positive
	yoe := year + 400 - era*400
	m := month + 9
	if month > 2 {
		m = month - 3
	}
	doy := (153*m+2)/5 + day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era-1)*146097 + int64(doe) - 719468
}

// timeLayouts are the forms of eventTime seen in records: CloudTrail's RFC
// 3339 (fractions accepted), and the space-separated form of some exports,
// read as UTC.
var timeLayouts = []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02T15:04:05"}

// parseTime reads a record's timestamp. A string that does not begin with a
// digit is a placeholder ("", "redacted", "...") and gives the zero time
// with ok true; one that begins with a digit must be a timestamp.
func parseTime(s string) (t time.Time, ok bool) {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return time.Time{}, true
	}
	if t, ok := parseTimeZ(s); ok {
		return t, true
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func init() {
	if len(memberSets) != numMemberSets {
		panic("cloudtrail: numMemberSets is not the number of member sets")
	}
}
