package cloudtrail

import (
	"errors"
	"fmt"
	"io"
)

// Errors that a *[ParseError] matches with errors.Is, by kind of fault.
var (
	// ErrInvalidJSON marks input that is not valid JSON, including input that
	// ends in the middle of a value.
	ErrInvalidJSON = errors.New("invalid JSON")
	// ErrInvalidRecord marks a record that is valid JSON of the wrong shape.
	// A [Decoder] can go on with the next record after it.
	ErrInvalidRecord = errors.New("invalid CloudTrail record")
	// ErrNotCloudTrail marks input that holds no CloudTrail records: neither
	// a log file's {"Records":[...]} object, nor an array of records, nor a
	// record.
	ErrNotCloudTrail = errors.New("not CloudTrail records")
)

// A ParseError says what is wrong with a record or a stream of records, and
// where.
type ParseError struct {
	// Record is the index, from 0, of the record at fault within its stream,
	// or -1 when the fault is not within a record or the index is unknown
	// (as for [ParseEvent]).
	Record int
	// Offset is the byte offset from the start of the input (of a log file's
	// decompressed content) at which the fault was found.
	Offset int64
	// Field is the path of the field at fault, such as "eventTime" or
	// "userIdentity.sessionContext.attributes.creationDate"; empty when the
	// fault is not in one field.
	Field string
	// Msg says what is wrong.
	Msg string
	// Kind is ErrInvalidJSON, ErrInvalidRecord, ErrNotCloudTrail, or nil for
	// a failure to read the input.
	Kind error
	// Err is the underlying cause, if any: io.ErrUnexpectedEOF for input that
	// ends early, or the reader's error.
	Err error
}

func (e *ParseError) Error() string {
	where := fmt.Sprintf("byte %d", e.Offset)
	if e.Record >= 0 {
		where = fmt.Sprintf("record %d, %s", e.Record, where)
	}
	msg := e.Msg
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Kind != nil {
		msg = e.Kind.Error() + ": " + msg
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return "cloudtrail: " + where + ": " + msg
}

// Unwrap returns Kind and Err, those that are set.
func (e *ParseError) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.Kind, e.Err} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// newParseError turns the scanner's and parser's errors into a *ParseError.
// base is the input offset of the scanner's data, and n its length.
func newParseError(err error, record int, base int64, n int) *ParseError {
	pe := &ParseError{Record: record, Offset: base}
	var se *syntaxError
	var fe *fieldError
	switch {
	case errors.As(err, &se):
		pe.Kind, pe.Offset, pe.Msg = ErrInvalidJSON, base+int64(se.off), se.msg
	case errors.As(err, &fe):
		pe.Kind, pe.Offset, pe.Field, pe.Msg = ErrInvalidRecord, base+int64(fe.off), fe.field, fe.msg
	case err == errShort:
		pe.Kind, pe.Offset, pe.Msg, pe.Err = ErrInvalidJSON, base+int64(n), "input ends inside a value", io.ErrUnexpectedEOF
	default:
		pe.Msg, pe.Err = "reading input", err
	}
	return pe
}
