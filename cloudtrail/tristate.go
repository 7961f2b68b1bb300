package cloudtrail

import (
	"encoding/json"
	"fmt"
)

// Tristate is a yes-or-no value that a record may leave unstated. CloudTrail
// writes readOnly as a JSON boolean, mfaAuthenticated as the string "true"
// or "false", and some records omit either; unknown is not false.
//
// Its JSON form is true, false or null.
type Tristate uint8

// The values of a [Tristate]. The zero value is TristateUnknown.
const (
	TristateUnknown Tristate = iota // the record does not say
	TristateFalse
	TristateTrue
)

// Bool returns the value and whether it is known.
func (t Tristate) Bool() (value, known bool) {
	return t == TristateTrue, t != TristateUnknown
}

// String returns "true", "false" or "unknown".
func (t Tristate) String() string {
	switch t {
	case TristateTrue:
		return "true"
	case TristateFalse:
		return "false"
	}
	return "unknown"
}

// MarshalJSON writes true, false or null.
func (t Tristate) MarshalJSON() ([]byte, error) {
	switch t {
	case TristateTrue:
		return []byte("true"), nil
	case TristateFalse:
		return []byte("false"), nil
	}
	return []byte("null"), nil
}

// UnmarshalJSON reads a boolean, null, or a string holding "true" or "false"
// in any case. Any other string reads as unknown; other JSON is an error.
func (t *Tristate) UnmarshalJSON(b []byte) error {
	s := scanner{data: b, final: true}
	v, err := s.tristate()
	if err == nil {
		s.skipSpace()
		if s.pos != len(b) {
			err = s.unexpected("after top-level value")
		}
	}
	if err != nil {
		return fmt.Errorf("cloudtrail: reading a Tristate from %s: %w", b, err)
	}
	*t = v
	return nil
}

var _ json.Unmarshaler = (*Tristate)(nil)

// tristate reads a Tristate at pos: a boolean, null, or a string.
func (s *scanner) tristate() (Tristate, error) {
	c, err := s.peek()
	if err != nil {
		return TristateUnknown, err
	}
	switch c {
	case 't':
		return TristateTrue, s.literal("true")
	case 'f':
		return TristateFalse, s.literal("false")
	case 'n':
		return TristateUnknown, s.literal("null")
	case '"':
		body, escaped, _, err := s.str()
		if err != nil {
			return TristateUnknown, err
		}
		if escaped {
			body = unquote(body)
		}
		return parseTristate(string(body)), nil
	}
	if err := s.value(0); err != nil {
		return TristateUnknown, err
	}
	return TristateUnknown, errWrongType
}

func parseTristate(s string) Tristate {
	switch {
	case equalFoldASCII(s, "true"):
		return TristateTrue
	case equalFoldASCII(s, "false"):
		return TristateFalse
	}
	return TristateUnknown
}

func equalFoldASCII(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}
