package cloudtrail

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// This file holds a small validating JSON scanner. encoding/json decodes
// CloudTrail records at a sixth to a tenth of the speed at which
// compress/gzip inflates them (BenchmarkEncodingJSON, and logfile's
// BenchmarkGunzip), so records are read by hand: one pass that validates the
// whole record as JSON (the grammar of RFC 8259, as encoding/json accepts
// it) and notes where the fields of interest lie; about six times as fast
// (BenchmarkDecoder).
// Strings are decoded the way encoding/json decodes them, invalid UTF-8
// becoming U+FFFD; the fuzz tests hold the two to the same answers.

// errShort reports that the scanner ran off the end of its data before the
// value ended. For a complete input it means truncation; a [Decoder] reads
// more and tries again.
var errShort = errors.New("unexpected end of JSON input")

// maxDepth bounds the nesting of arrays and objects, as encoding/json does.
const maxDepth = 10000

// syntaxError is a JSON grammar error at an offset from the start of the
// scanner's data.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

// scanner reads JSON from data, starting at pos.
type scanner struct {
	data []byte
	pos  int
	// final reports that data holds the rest of the input, so that a number
	// running to its end is complete rather than cut short.
	final bool
}

// plain[c] reports whether byte c may stand in a JSON string as itself:
// anything but a quote, a backslash or a control character.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func (s *scanner) errorf(off int, format string, args ...any) error {
	return &syntaxError{off: off, msg: fmt.Sprintf(format, args...)}
}

// unexpected reports the byte at pos as out of place, or errShort at the end.
func (s *scanner) unexpected(context string) error {
	if s.pos >= len(s.data) {
		return errShort
	}
	return s.errorf(s.pos, "invalid character %s %s", quoteChar(s.data[s.pos]), context)
}

func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	return strconv.QuoteRune(rune(c))
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\r':
			s.pos++
		case '\n':
			s.pos++
			s.skipIndent()
		default:
			return
		}
	}
}

// skipIndent skips runs of eight spaces, as indentation after a newline
// comes.
func (s *scanner) skipIndent() {
	for s.pos+8 <= len(s.data) && binary.LittleEndian.Uint64(s.data[s.pos:]) == ones*' ' {
		s.pos += 8
	}
}

// peek returns the next non-space byte without consuming it, or errShort.
func (s *scanner) peek() (byte, error) {
	s.skipSpace()
	if s.pos >= len(s.data) {
		return 0, errShort
	}
	return s.data[s.pos], nil
}

// expect consumes the next non-space byte, which must be c.
func (s *scanner) expect(c byte, context string) error {
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == c {
		s.pos++
		return nil
	}
	return s.unexpected(context)
}

// str scans a string starting at pos (which must hold '"') and returns the
// bytes between the quotes, whether they hold an escape sequence, and
// whether they may hold bytes outside ASCII (false means they do not).
func (s *scanner) str() (body []byte, escaped, high bool, err error) {
	start := s.pos + 1
	end, escaped, seen, err := s.strEnd(start)
	if err != nil {
		return nil, false, false, err
	}
	s.pos = end + 1
	return s.data[start:end], escaped, seen&highs != 0, nil
}

// strEnd finds the closing quote of the string whose body starts at i,
// validating the body. seen is every byte looked at, or-ed into a word, so
// that its high bits flag bytes outside ASCII (and may flag bytes after the
// quote).
func (s *scanner) strEnd(i int) (end int, escaped bool, seen uint64, err error) {
	d := s.data
	for {
		// Eight bytes at a time, find the first that needs a look: a quote,
		// a backslash or a control character (SWAR: each test flags its
		// lowest matching byte exactly, which is the one wanted). The last
		// few bytes of the data go one at a time.
		if i+8 <= len(d) {
			w := binary.LittleEndian.Uint64(d[i:])
			seen |= w
			q, b := w^(ones*'"'), w^(ones*'\\')
			m := ((q - ones) &^ q) | ((b - ones) &^ b) | ((w - ones*0x20) &^ w)
			if m &= highs; m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) / 8
		} else {
			for i < len(d) && plain[d[i]] {
				seen |= uint64(d[i])
				i++
			}
			if i >= len(d) {
				return 0, false, 0, errShort
			}
		}
		switch c := d[i]; {
		case c == '"':
			return i, escaped, seen, nil
		case c == '\\':
			escaped = true
			if i+1 >= len(d) {
				return 0, false, 0, errShort
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				for j := i + 2; j < i+6; j++ {
					if j >= len(d) {
						return 0, false, 0, errShort
					}
					if !isHex(d[j]) {
						return 0, false, 0, s.errorf(j, "invalid character %s in \\u hexadecimal character escape", quoteChar(d[j]))
					}
				}
				i += 6
			default:
				return 0, false, 0, s.errorf(i+1, "invalid character %s in string escape code", quoteChar(d[i+1]))
			}
		default:
			return 0, false, 0, s.errorf(i, "invalid character %s in string literal", quoteChar(c))
		}
	}
}

// skipStr scans a string starting at pos (which must hold '"'), keeping
// nothing of it.
func (s *scanner) skipStr() error {
	end, _, _, err := s.strEnd(s.pos + 1)
	if err != nil {
		return err
	}
	s.pos = end + 1
	return nil
}

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// value skips one JSON value of any kind, validating it.
func (s *scanner) value(depth int) error {
	c, err := s.peek()
	if err != nil {
		return err
	}
	switch {
	case c == '"':
		return s.skipStr()
	case c == '{':
		return s.object(depth + 1)
	case c == '[':
		return s.array(depth + 1)
	case c == '-' || '0' <= c && c <= '9':
		return s.number()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return s.unexpected("looking for beginning of value")
}

// object skips an object starting at pos, validating it.
func (s *scanner) object(depth int) error {
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
	for {
		if c != '"' {
			return s.unexpected("looking for beginning of object key string")
		}
		if err := s.skipStr(); err != nil {
			return err
		}
		if s.pos < len(s.data) && s.data[s.pos] == ':' {
			s.pos++
		} else if err := s.expect(':', "after object key"); err != nil {
			return err
		}
		if err := s.value(depth); err != nil {
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

func (s *scanner) array(depth int) error {
	if depth > maxDepth {
		return s.errorf(s.pos, "exceeded max depth")
	}
	s.pos++ // '['
	c, err := s.peek()
	if err != nil {
		return err
	}
	if c == ']' {
		s.pos++
		return nil
	}
	for {
		if err := s.value(depth); err != nil {
			return err
		}
		if c, err = s.peek(); err != nil {
			return err
		}
		s.pos++
		switch c {
		case ']':
			return nil
		case ',':
			continue
		}
		s.pos--
		return s.unexpected("after array element")
	}
}

func (s *scanner) literal(word string) error {
	for i := 0; i < len(word); i++ {
		if s.pos+i >= len(s.data) {
			return errShort
		}
		if s.data[s.pos+i] != word[i] {
			s.pos += i
			return s.unexpected("in literal " + word + " (expecting " + quoteChar(word[i]) + ")")
		}
	}
	s.pos += len(word)
	return nil
}

// number scans a number. A number that runs to the end of the data may go on
// in data not yet read, so that is errShort too.
func (s *scanner) number() error {
	d := s.data
	i := s.pos
	if d[i] == '-' {
		i++
	}
	digits := func(context string) error {
		if i >= len(d) {
			return errShort
		}
		if d[i] < '0' || d[i] > '9' {
			s.pos = i
			return s.unexpected(context)
		}
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
		return nil
	}
	if i < len(d) && d[i] == '0' {
		i++
	} else if err := digits("in numeric literal"); err != nil {
		return err
	}
	if i < len(d) && d[i] == '.' {
		i++
		if err := digits("after decimal point in numeric literal"); err != nil {
			return err
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if err := digits("in exponent of numeric literal"); err != nil {
			return err
		}
	}
	if i >= len(d) && !s.final {
		return errShort
	}
	s.pos = i
	return nil
}

// unquote decodes the body of a JSON string exactly as encoding/json does:
// escapes are resolved, a lone or broken surrogate becomes U+FFFD, and so
// does each byte of invalid UTF-8. body must have passed [scanner.str].
func unquote(body []byte) []byte {
	b := make([]byte, 0, len(body)+utf8.UTFMax)
	for r := 0; r < len(body); {
		c := body[r]
		switch {
		case c == '\\':
			switch e := body[r+1]; e {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := hex4(body[r+2:])
				r += 6
				if utf16.IsSurrogate(rr) {
					if r+6 <= len(body) && body[r] == '\\' && body[r+1] == 'u' {
						if dec := utf16.DecodeRune(rr, hex4(body[r+2:])); dec != utf8.RuneError {
							r += 6
							b = utf8.AppendRune(b, dec)
							continue
						}
					}
					rr = utf8.RuneError
				}
				b = utf8.AppendRune(b, rr)
				continue
			default: // '"', '\\', '/'
				b = append(b, e)
			}
			r += 2
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(body[r:])
			r += size
			b = utf8.AppendRune(b, rr)
		}
	}
	return b
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		default:
			c = c - 'A' + 10
		}
		r = r<<4 | rune(c)
	}
	return r
}
