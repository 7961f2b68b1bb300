package cloudtrail

import (
	"fmt"
	"io"
	"iter"
	"sync"
)

// MaxRecordSize is the largest record a [Decoder] reads, in bytes. A
// Decoder's buffer grows to hold the largest record it meets, up to this; a
// larger record ends the stream with an error. CloudTrail's own records are
// far smaller.
const MaxRecordSize = 16 << 20

// A Decoder reads CloudTrail records from a stream, one at a time, holding
// no more than one record in memory. The stream is a log file's content, an
// object whose first member is "Records", an array of records; a bare JSON
// array of records, as samples and exports use; or a single record.
//
// Members of a log file's object after Records are skipped. An object whose
// first member is not Records is read as a single record, so a log file that
// puts another member first is read as a record, and rejected.
type Decoder struct {
	r        io.Reader
	buf      []byte // buf[pos:end] is read and not yet used
	pos, end int
	base     int64 // stream offset of buf[0]
	eof      bool  // r has no more data
	readErr  error // r failed; reported once the buffered data is used up
	state    decoderState
	envelope bool // the array is the Records member of an object
	record   int  // index of the next record
	p        recordParser
}

type decoderState uint8

const (
	stateStart  decoderState = iota // before the top-level value
	stateFirst                      // in the array, before the first element or ']'
	stateNext                       // in the array, after an element
	stateElem                       // in the array, after ','
	stateSingle                     // a lone record
	stateTail                       // after the Records array: other members, then '}'
	stateEnd                        // after the top-level value: only space may follow
	stateDone
)

// bufferSize is the size of a Decoder's buffer until a record needs more.
const bufferSize = 256 << 10

// buffers holds the buffers of Decoders that reached the end of their
// input, for new Decoders: a stream of many small log files then allocates
// little more than its records.
var buffers = sync.Pool{New: func() any { return new([bufferSize]byte) }}

// NewDecoder returns a Decoder reading from r. It does its own buffering.
func NewDecoder(r io.Reader) *Decoder {
	return &Decoder{r: r, buf: buffers.Get().(*[bufferSize]byte)[:]}
}

// done ends the stream, and gives the buffer back for another Decoder:
// nothing handed out refers to it, as events are copied out of it.
func (d *Decoder) done() {
	d.state = stateDone
	if len(d.buf) == bufferSize {
		buffers.Put((*[bufferSize]byte)(d.buf))
	}
	d.base += int64(d.pos)
	d.buf, d.pos, d.end = nil, 0, 0
}

// InputOffset returns the offset in the input of the end of what Next has
// used so far.
func (d *Decoder) InputOffset() int64 { return d.base + int64(d.pos) }

// Next returns the next record. It returns io.EOF when there are no more, and
// a *[ParseError] for a fault. After a fault of kind [ErrInvalidRecord] Next
// can be called again for the records that follow; after any other fault the
// stream cannot be followed further and the next call returns io.EOF.
func (d *Decoder) Next() (Event, error) {
	var ev Event
	err := d.Decode(&ev)
	return ev, err
}

// Decode reads the next record into ev, as [Decoder.Next] returns it; ev
// is changed only when the error is nil. It saves a copy of the Event where
// the caller keeps events in place, as in a slice.
func (d *Decoder) Decode(ev *Event) error {
	for {
		switch d.state {
		case stateDone:
			return io.EOF
		case stateStart:
			if err := d.start(); err != nil {
				return d.fail(err)
			}
		case stateFirst, stateNext:
			c, err := d.peek()
			if err != nil {
				return d.fail(err)
			}
			switch {
			case c == ']':
				d.pos++
				d.state = stateEnd
				if d.envelope {
					d.state = stateTail
				}
			case d.state == stateFirst:
				d.state = stateElem
			case c == ',':
				d.pos++
				d.state = stateElem
			default:
				s := scanner{data: d.buf[d.pos:d.end]}
				s.skipSpace()
				return d.fail(s.unexpected("after array element"))
			}
		case stateElem, stateSingle:
			return d.record1(ev)
		case stateTail:
			if err := d.tail(); err != nil {
				return d.fail(err)
			}
		case stateEnd:
			c, err := d.peek()
			if err == io.EOF {
				d.done()
				continue
			}
			if err != nil {
				return d.fail(err)
			}
			return d.fail(&syntaxError{off: 0, msg: fmt.Sprintf("invalid character %s after the records", quoteChar(c))})
		}
	}
}

// Events returns the records as a sequence. It yields each fault with a
// zero Event and goes on where the stream allows (see [Decoder.Next]).
func (d *Decoder) Events() iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		for {
			ev, err := d.Next()
			if err == io.EOF || !yield(ev, err) {
				return
			}
		}
	}
}

// record1 reads the record at the current position.
func (d *Decoder) record1(ev *Event) error {
	single := d.state == stateSingle
	for {
		d.p.s = scanner{data: d.buf[d.pos:d.end], final: d.eof}
		err := d.p.parse(2, ev)
		again, err := d.retry(err)
		if again {
			continue
		}
		fe, recordFault := err.(*fieldError)
		if err != nil && !recordFault {
			return d.fail(err)
		}
		base := d.base + int64(d.pos)
		d.pos += d.p.s.pos
		index := d.record
		d.record++
		d.state = stateNext
		if single {
			d.state = stateEnd
		}
		if !recordFault {
			return nil
		}
		pe := newParseError(fe, index, base, 0)
		if single && fe.field == "eventName" {
			pe.Kind, pe.Field, pe.Msg = ErrNotCloudTrail, "", "a JSON object with neither Records nor eventName"
		}
		return pe
	}
}

// start reads the beginning of the top-level value and decides what it is.
func (d *Decoder) start() error {
	c, err := d.peek()
	if err == io.EOF {
		return &ParseError{Record: -1, Kind: ErrNotCloudTrail, Msg: "empty input"}
	}
	if err != nil {
		return err
	}
	switch c {
	case '[':
		d.pos++
		d.state = stateFirst
		return nil
	case '{':
	default:
		return &ParseError{Record: -1, Offset: d.InputOffset(), Kind: ErrNotCloudTrail,
			Msg: fmt.Sprintf("begins with %s, not a JSON object or array", quoteChar(c))}
	}
	for {
		s := scanner{data: d.buf[d.pos:d.end], pos: 1, final: d.eof}
		key, records, err := d.firstKey(&s)
		again, err := d.retry(err)
		if again {
			continue
		}
		switch {
		case err != nil:
			return err
		case key == nil:
			return &ParseError{Record: -1, Offset: d.InputOffset(), Kind: ErrNotCloudTrail, Msg: "an empty JSON object"}
		case !records:
			d.state = stateSingle
			return nil
		}
		d.pos += s.pos
		d.state = stateFirst
		d.envelope = true
		return nil
	}
}

// firstKey reads the first key of the object at the scanner's position and,
// when it is Records, the ':' and '[' after it. key is nil for an empty
// object.
func (d *Decoder) firstKey(s *scanner) (key []byte, records bool, err error) {
	c, err := s.peek()
	if err != nil || c == '}' {
		return nil, false, err
	}
	if c != '"' {
		return nil, false, s.unexpected("looking for beginning of object key string")
	}
	key, escaped, _, err := s.str()
	if err != nil {
		return nil, false, err
	}
	if escaped {
		key = unquote(key)
	}
	if !equalFoldASCII(string(key), "records") {
		return key, false, nil
	}
	if err := s.expect(':', "after object key"); err != nil {
		return nil, false, err
	}
	if c, err = s.peek(); err != nil {
		return nil, false, err
	}
	if c != '[' {
		return nil, false, &ParseError{Record: -1, Offset: d.base + int64(d.pos+s.pos), Kind: ErrNotCloudTrail,
			Msg: "Records is " + kindName(c) + ", not an array"}
	}
	s.pos++
	return key, true, nil
}

// tail reads one more member of the log-file object after Records, or its
// closing '}'.
func (d *Decoder) tail() error {
	for {
		s := scanner{data: d.buf[d.pos:d.end], final: d.eof}
		err := func() error {
			c, err := s.peek()
			if err != nil {
				return err
			}
			s.pos++
			switch c {
			case '}':
				d.state = stateEnd
				return nil
			case ',':
				if c, err := s.peek(); err != nil || c != '"' {
					if err == nil {
						err = s.unexpected("looking for beginning of object key string")
					}
					return err
				}
				if _, _, _, err := s.str(); err != nil {
					return err
				}
				if err := s.expect(':', "after object key"); err != nil {
					return err
				}
				return s.value(1)
			}
			s.pos--
			return s.unexpected("after object key:value pair")
		}()
		again, err := d.retry(err)
		if again {
			continue
		}
		if err == nil {
			d.pos += s.pos
		}
		return err
	}
}

// retry handles errShort from a scan of the buffered input: it reads more
// and reports that the scan should be tried again, or says why it cannot be.
// Other errors pass through.
func (d *Decoder) retry(err error) (again bool, _ error) {
	switch {
	case err != errShort:
		return false, err
	case d.readErr != nil:
		return false, d.readErr
	case d.eof:
		return false, errShort
	}
	if err := d.fill(); err != nil {
		return false, err
	}
	return true, nil
}

// peek returns the next non-space byte, reading as needed; io.EOF at the end
// of the input.
func (d *Decoder) peek() (byte, error) {
	for {
		for d.pos < d.end {
			switch c := d.buf[d.pos]; c {
			case ' ', '\t', '\n', '\r':
				d.pos++
			default:
				return c, nil
			}
		}
		if d.eof || d.readErr != nil {
			if d.readErr != nil {
				return 0, d.readErr
			}
			return 0, io.EOF
		}
		if err := d.fill(); err != nil {
			return 0, err
		}
	}
}

// fill reads more input into the buffer, moving unused bytes to its start
// and growing it when a record fills it.
func (d *Decoder) fill() error {
	if d.readErr != nil {
		return d.readErr
	}
	if d.pos > 0 {
		n := copy(d.buf, d.buf[d.pos:d.end])
		d.base += int64(d.pos)
		d.pos, d.end = 0, n
	}
	if d.end == len(d.buf) {
		if len(d.buf) >= MaxRecordSize {
			return &ParseError{Record: d.record, Offset: d.base, Kind: ErrInvalidRecord,
				Msg: fmt.Sprintf("record larger than %d bytes", MaxRecordSize)}
		}
		buf := make([]byte, min(2*len(d.buf), MaxRecordSize))
		copy(buf, d.buf[:d.end])
		d.buf = buf
	}
	// Read until the buffer is full, so that a record arriving in small
	// pieces is scanned again only when the buffer grows: linear time.
	start := d.end
	for empty := 0; d.end < len(d.buf); {
		n, err := d.r.Read(d.buf[d.end:])
		d.end += n
		switch {
		case err == io.EOF:
			d.eof = true
			return nil
		case err != nil:
			d.readErr = err
			if d.end > start {
				return nil // use what was read; the error comes when it is needed
			}
			return err
		case n == 0:
			if empty++; empty == 100 {
				d.readErr = io.ErrNoProgress
				return d.readErr
			}
		}
	}
	return nil
}

// fail ends the stream with err, made a *ParseError.
func (d *Decoder) fail(err error) error {
	record := -1
	if d.state == stateElem || d.state == stateSingle {
		record = d.record
	}
	defer d.done()
	if pe, ok := err.(*ParseError); ok {
		return pe
	}
	if err == io.EOF {
		err = errShort
	}
	base := d.base + int64(d.pos)
	if _, ok := err.(*syntaxError); !ok && err != errShort {
		base = d.base + int64(d.end) // a read error: where the input stopped
	}
	return newParseError(err, record, base, d.end-d.pos)
}
