// Package clientkit is the part of every aigov service client that is not
// about its service: option errors, debug logging, error classification and
// paging.
package clientkit

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/internal/awserr"
	"github.com/aigov/aigov/internal/pager"
)

// Base is embedded (as a field) by each service client.
type Base struct {
	// Classifier turns SDK errors into *aigov.Error values.
	Classifier awserr.Classifier
	// Logger receives one Debug record per successful call; never nil.
	Logger *slog.Logger
	// MaxPages bounds every listing (see pager.Seq).
	MaxPages int
	// Region, when set, is the region every call is made in, overriding
	// the SDK client's own.
	Region string
	// Account is the account the client reads, when the caller told it;
	// results that AWS returns without an account carry it.
	Account string
	// Err is the first invalid option; every call returns it.
	Err error
	// Now is the client's clock.
	Now func() time.Time
}

// NewBase returns the defaults: logs discarded, DefaultMaxPages, the wall
// clock.
func NewBase(c awserr.Classifier) Base {
	return Base{
		Classifier: c,
		Logger:     slog.New(slog.DiscardHandler),
		MaxPages:   pager.DefaultMaxPages,
		Now:        time.Now,
	}
}

// Invalid records that option was given a bad value; the first one recorded
// is returned by every call the client makes.
func (b *Base) Invalid(option, format string, args ...any) {
	if b.Err == nil {
		b.Err = fmt.Errorf("%s: invalid option %s: %s", b.Classifier.Service, option, fmt.Sprintf(format, args...))
	}
}

// SetLogger sets the logger; nil keeps logs discarded.
func (b *Base) SetLogger(l *slog.Logger) {
	if l != nil {
		b.Logger = l
	}
}

// SetMaxPages sets the page limit of every listing.
func (b *Base) SetMaxPages(option string, n int) {
	if n < 1 {
		b.Invalid(option, "the page limit must be at least 1, got %d", n)
		return
	}
	b.MaxPages = n
}

// SetClock sets the client's clock.
func (b *Base) SetClock(option string, now func() time.Time) {
	if now == nil {
		b.Invalid(option, "the clock must not be nil")
		return
	}
	b.Now = now
}

// Do makes one AWS call: it refuses to when an option was invalid, logs the
// call at Debug level when it succeeds (a failed call is returned, not
// logged) and classifies its error.
func Do[Out any](ctx context.Context, b *Base, op string, call func(context.Context) (Out, error)) (Out, error) {
	if b.Err != nil {
		var zero Out
		return zero, b.Err
	}
	start := time.Now()
	out, err := call(ctx)
	if err != nil {
		err = b.Classifier.Wrap(op, err)
		var e *aigov.Error
		if errors.As(err, &e) && e.Region == "" && e.Account == "" {
			e.Account, e.Region = b.Account, b.Region
		}
		return out, err
	}
	b.Logger.LogAttrs(ctx, slog.LevelDebug, "aws call",
		slog.String("service", b.Classifier.Service),
		slog.String("op", op),
		slog.String("region", b.Region),
		slog.String("account", b.Account),
		slog.Duration("took", time.Since(start)))
	return out, nil
}

// Pages iterates over a paginated operation with the client's page limit;
// each page is fetched through Do.
func Pages[T any](ctx context.Context, b *Base, op string, fetch pager.Fetch[T]) iter.Seq2[T, error] {
	if b.Err != nil {
		return func(yield func(T, error) bool) {
			var zero T
			yield(zero, b.Err)
		}
	}
	type page struct {
		items []T
		next  *string
	}
	return pager.Seq(ctx, b.Classifier.Service+": "+op, b.MaxPages, func(ctx context.Context, token *string) ([]T, *string, error) {
		p, err := Do(ctx, b, op, func(ctx context.Context) (page, error) {
			items, next, err := fetch(ctx, token)
			return page{items, next}, err
		})
		return p.items, p.next, err
	})
}

// RegionOption returns the option function that makes a call in region, or
// nil when region is empty; set stores the region in the SDK's Options.
func RegionOption[O any](region string, set func(*O, string)) []func(*O) {
	if region == "" {
		return nil
	}
	return []func(*O){func(o *O) { set(o, region) }}
}
