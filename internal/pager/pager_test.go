package pager_test

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/internal/pager"
)

// pages serves items in pages of size, with tokens "1", "2", …
func pages(items []int, size int) pager.Fetch[int] {
	return func(_ context.Context, token *string) ([]int, *string, error) {
		start := 0
		if token != nil {
			start, _ = strconv.Atoi(*token)
		}
		end := min(start+size, len(items))
		if end == len(items) {
			return items[start:end], nil, nil
		}
		next := strconv.Itoa(end)
		return items[start:end], &next, nil
	}
}

func TestSeqAllPages(t *testing.T) {
	got, err := pager.Collect(pager.Seq(context.Background(), "t", 0, pages([]int{1, 2, 3, 4, 5}, 2)))
	if err != nil || len(got) != 5 || got[4] != 5 {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestSeqEmptyTokenEnds(t *testing.T) {
	empty := ""
	calls := 0
	got, err := pager.Collect(pager.Seq(context.Background(), "t", 0, func(context.Context, *string) ([]int, *string, error) {
		calls++
		return []int{1}, &empty, nil
	}))
	if err != nil || len(got) != 1 || calls != 1 {
		t.Fatalf("got %v, %v after %d calls", got, err, calls)
	}
}

func TestSeqRepeatedToken(t *testing.T) {
	same := "again"
	_, err := pager.Collect(pager.Seq(context.Background(), "config: DescribeConfigRules", 0, func(context.Context, *string) ([]int, *string, error) {
		return []int{1}, &same, nil
	}))
	if !errors.Is(err, aigov.ErrPagination) {
		t.Fatalf("err = %v, want ErrPagination", err)
	}
	if want := "config: DescribeConfigRules: pagination did not terminate: page 2 returned a token already seen"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

func TestSeqPageCap(t *testing.T) {
	got, err := pager.Collect(pager.Seq(context.Background(), "t", 2, pages([]int{1, 2, 3, 4, 5}, 2)))
	if !errors.Is(err, aigov.ErrPagination) {
		t.Fatalf("err = %v, want ErrPagination", err)
	}
	if len(got) != 4 {
		t.Errorf("items before the error were lost: %v", got)
	}
}

func TestSeqStopsOnBreak(t *testing.T) {
	calls := 0
	fetch := pages([]int{1, 2, 3, 4, 5, 6}, 2)
	for v, err := range pager.Seq(context.Background(), "t", 0, func(ctx context.Context, tok *string) ([]int, *string, error) {
		calls++
		return fetch(ctx, tok)
	}) {
		if err != nil || v == 1 {
			break
		}
	}
	if calls != 1 {
		t.Errorf("fetched %d pages after break, want 1", calls)
	}
}

func TestSeqErrorOnce(t *testing.T) {
	boom := errors.New("boom")
	n := 0
	for _, err := range pager.Seq(context.Background(), "t", 0, func(context.Context, *string) ([]int, *string, error) {
		return nil, nil, boom
	}) {
		n++
		if !errors.Is(err, boom) {
			t.Errorf("err = %v", err)
		}
	}
	if n != 1 {
		t.Errorf("yielded %d times, want 1", n)
	}
}

func TestSeqCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := pager.Collect(pager.Seq(ctx, "t", 0, pages([]int{1}, 1)))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}
