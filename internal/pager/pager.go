// Package pager turns token-paginated AWS listings into iterators.
//
// The SDK's own paginators stop silently when a service repeats a token
// (StopOnDuplicateToken); a governance tool must not mistake a truncated
// listing for a complete one, so this loop reports a repeated token, and a
// listing longer than the page limit, as an error wrapping
// aigov.ErrPagination.
package pager

import (
	"context"
	"fmt"
	"iter"

	"github.com/aigov/aigov"
)

// DefaultMaxPages bounds a listing when the client sets no limit of its own:
// far beyond any real account (10,000 pages of 100 items), small enough to
// stop a service or fake that never ends.
const DefaultMaxPages = 10000

// Fetch fetches the page that starts at token (nil for the first page) and
// returns its items and the token of the next page (nil or empty at the end).
// With an error, it may return the items it read before the failure.
type Fetch[T any] func(ctx context.Context, token *string) (items []T, next *string, err error)

// Seq iterates over every item of every page. It yields an error at most
// once, as the last element, and stops fetching when the caller breaks out
// of the loop. Errors from fetch are yielded as they are; the caller wraps
// them with its service and operation. what names the listing in the
// pagination errors, such as "config: DescribeConfigRules".
func Seq[T any](ctx context.Context, what string, maxPages int, fetch Fetch[T]) iter.Seq2[T, error] {
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	return func(yield func(T, error) bool) {
		var zero T
		var token *string
		seen := make(map[string]struct{})
		for page := 1; ; page++ {
			if err := ctx.Err(); err != nil {
				yield(zero, fmt.Errorf("%s: %w", what, err))
				return
			}
			items, next, err := fetch(ctx, token)
			// Items a failing fetch did return (rows read before a bad
			// one) are yielded before its error.
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if err != nil {
				yield(zero, err)
				return
			}
			if next == nil || *next == "" {
				return
			}
			if _, dup := seen[*next]; dup {
				yield(zero, fmt.Errorf("%s: %w: page %d returned a token already seen", what, aigov.ErrPagination, page))
				return
			}
			if page >= maxPages {
				yield(zero, fmt.Errorf("%s: %w: more than %d pages (raise the client's page limit if this account really has that many)", what, aigov.ErrPagination, maxPages))
				return
			}
			seen[*next] = struct{}{}
			token = next
		}
	}
}

// Collect drains seq into a slice, stopping at the first error. It is for
// the small listings (rules, trails, packs) that a client returns whole; the
// items read before an error are returned with it.
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for it, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, it)
	}
	return out, nil
}
