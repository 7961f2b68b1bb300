package fakeaws

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
)

// ErrBadToken is returned by Page for a token it did not issue for the
// operation. Fakes turn it into their service's own code
// (InvalidNextTokenException, ValidationException, …).
var ErrBadToken = errors.New("the pagination token is not valid for this request")

// Page returns the items of the page that starts at token, at most size of
// them, and the token of the next page (nil on the last page). Tokens are
// opaque, bound to op, and survive state changes between pages the way an
// offset does.
func Page[T any](op string, items []T, token *string, size int) ([]T, *string, error) {
	start := 0
	if token != nil && *token != "" {
		raw, err := base64.RawURLEncoding.DecodeString(*token)
		if err != nil {
			return nil, nil, ErrBadToken
		}
		name, off, ok := strings.Cut(string(raw), "@")
		n, err := strconv.Atoi(off)
		if !ok || name != op || err != nil || n < 0 || n > len(items) {
			return nil, nil, ErrBadToken
		}
		start = n
	}
	if size <= 0 {
		size = len(items)
	}
	end := min(start+size, len(items))
	if end >= len(items) {
		return items[start:end], nil, nil
	}
	next := base64.RawURLEncoding.EncodeToString([]byte(op + "@" + strconv.Itoa(end)))
	return items[start:end], &next, nil
}
