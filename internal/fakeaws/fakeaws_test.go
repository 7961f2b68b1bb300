package fakeaws_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/aigov/aigov/internal/fakeaws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
)

type out struct{ n int }

func call(c *fakeaws.Core, op string) (*out, error) {
	return fakeaws.Handle(context.Background(), c, op, "eu-west-1", "input", func() (*out, error) { return &out{1}, nil })
}

func TestFailShapesErrors(t *testing.T) {
	c := fakeaws.NewCore("Config Service", fakeaws.JSONStatus)
	c.Fail("A", fakeaws.APIError("AccessDeniedException", "denied"))
	_, err := call(c, "A")
	var opErr *smithy.OperationError
	var respErr *awshttp.ResponseError
	var apiErr smithy.APIError
	if !errors.As(err, &opErr) || opErr.ServiceID != "Config Service" || opErr.OperationName != "A" {
		t.Fatalf("no OperationError: %v", err)
	}
	if !errors.As(err, &respErr) || respErr.HTTPStatusCode() != 400 || respErr.ServiceRequestID() == "" {
		t.Fatalf("no ResponseError with status and request id: %v", err)
	}
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "AccessDeniedException" {
		t.Fatalf("no APIError: %v", err)
	}
	if got, err := call(c, "B"); err != nil || got.n != 1 {
		t.Errorf("other operation affected: %v, %v", got, err)
	}
}

func TestFailN(t *testing.T) {
	c := fakeaws.NewCore("X", fakeaws.RESTStatus)
	c.FailN("*", 2, fakeaws.APIError("ThrottlingException", "slow down"))
	for i := range 2 {
		_, err := call(c, "A")
		var respErr *awshttp.ResponseError
		if !errors.As(err, &respErr) || respErr.HTTPStatusCode() != 429 {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if _, err := call(c, "A"); err != nil {
		t.Errorf("third call failed: %v", err)
	}
	if n := c.CallCount("A"); n != 3 {
		t.Errorf("CallCount = %d", n)
	}
	calls := c.Calls()
	if len(calls) != 3 || calls[0].Region != "eu-west-1" || calls[0].Input != "input" {
		t.Errorf("Calls = %+v", calls)
	}
	c.ResetCalls()
	if c.CallCount("*") != 0 {
		t.Error("ResetCalls kept calls")
	}
}

func TestReactorOutput(t *testing.T) {
	c := fakeaws.NewCore("X", fakeaws.JSONStatus)
	c.PrependReactor("A", func(fakeaws.Call) (bool, any, error) { return true, &out{7}, nil })
	if got, err := call(c, "A"); err != nil || got.n != 7 {
		t.Errorf("got %v, %v", got, err)
	}
	c.PrependReactor("A", func(fakeaws.Call) (bool, any, error) { return true, "wrong type", nil })
	if _, err := call(c, "A"); err == nil {
		t.Error("a reactor output of the wrong type was accepted")
	}
}

func TestCancelledContext(t *testing.T) {
	c := fakeaws.NewCore("X", fakeaws.JSONStatus)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := fakeaws.Handle(ctx, c, "A", "", nil, func() (*out, error) { return &out{}, nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}

func TestConcurrentUse(t *testing.T) {
	c := fakeaws.NewCore("X", fakeaws.JSONStatus)
	c.FailN("A", 50, fakeaws.APIError("ThrottlingException", ""))
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := 0
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := call(c, "A"); err != nil {
				mu.Lock()
				failed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if failed != 50 {
		t.Errorf("%d calls failed, want 50", failed)
	}
}

func TestPage(t *testing.T) {
	items := []int{1, 2, 3, 4, 5}
	var all []int
	var token *string
	for {
		p, next, err := fakeaws.Page("Op", items, token, 2)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, p...)
		if next == nil {
			break
		}
		token = next
	}
	if len(all) != 5 {
		t.Fatalf("got %v", all)
	}
	_, next, _ := fakeaws.Page("Op", items, nil, 2)
	if _, _, err := fakeaws.Page("Other", items, next, 2); !errors.Is(err, fakeaws.ErrBadToken) {
		t.Errorf("token of another operation accepted: %v", err)
	}
	bad := "!!"
	if _, _, err := fakeaws.Page("Op", items, &bad, 2); !errors.Is(err, fakeaws.ErrBadToken) {
		t.Errorf("garbage token accepted: %v", err)
	}
}
