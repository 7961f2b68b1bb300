// Package fakeaws is the machinery the aigov fakes (configtest,
// inspectortest, …) share: a reactor chain for error injection, a call log,
// token paging and errors with the exact shape of a real client's.
//
// A fake embeds a *Core and starts every operation with [Handle]:
//
//	func (f *Fake) DescribeConfigRules(ctx context.Context, in *configservice.DescribeConfigRulesInput, optFns ...func(*configservice.Options)) (*configservice.DescribeConfigRulesOutput, error) {
//		return fakeaws.Handle(ctx, f.Core, "DescribeConfigRules", f.region(optFns), in, func() (*configservice.DescribeConfigRulesOutput, error) {
//			... the fake's own answer ...
//		})
//	}
package fakeaws

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Call is one call made to a fake, in the order the fake received it.
type Call struct {
	// Op is the AWS operation name, such as "DescribeConfigRules".
	Op string
	// Region is the region the call was made in, after the call's option
	// functions were applied.
	Region string
	// Input is the operation's input, as passed (a *svc.XxxInput).
	Input any
}

// Reactor inspects a call before the fake answers it. Returning handled =
// true makes the fake return output and err instead of its own answer; an
// error that is a smithy.APIError is given the shape of a real response
// error for the call's operation. A reactor must not call the fake.
type Reactor func(call Call) (handled bool, output any, err error)

type reactor struct {
	op string // "*" for every operation
	fn Reactor
}

// Core holds what every fake has besides its state. Its methods are safe for
// concurrent use.
type Core struct {
	serviceID string
	status    func(code string) int

	mu       sync.Mutex
	reactors []reactor
	calls    []Call
	requests int
	now      func() time.Time
}

// NewCore returns a Core for the service whose SDK ServiceID is serviceID
// (as it appears in smithy.OperationError, e.g. "Config Service"). status
// gives the HTTP status the service answers an error code with; use
// JSONStatus or RESTStatus.
func NewCore(serviceID string, status func(code string) int) *Core {
	return &Core{serviceID: serviceID, status: status, now: time.Now}
}

// SetClock makes the fake read the time from now (the default is
// time.Now). Fakes use it to stamp what they create and to apply time-based
// quotas.
func (c *Core) SetClock(now func() time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = now
}

// Now is the fake's current time.
func (c *Core) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now()
}

// PrependReactor puts r first in the chain for op ("*" for every
// operation). The first reactor that handles a call decides its answer.
func (c *Core) PrependReactor(op string, r Reactor) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reactors = append([]reactor{{op: op, fn: r}}, c.reactors...)
}

// Fail makes every later call to op ("*" for every operation) fail with
// err. An err that is a smithy.APIError (such as configtest.Throttling())
// arrives wrapped as a real client would return it.
func (c *Core) Fail(op string, err error) {
	c.PrependReactor(op, func(Call) (bool, any, error) { return true, nil, err })
}

// FailN makes the next n calls to op fail with err, then lets calls through
// again: the shape of a transient fault such as throttling.
func (c *Core) FailN(op string, n int, err error) {
	var mu sync.Mutex
	left := n
	c.PrependReactor(op, func(Call) (bool, any, error) {
		mu.Lock()
		defer mu.Unlock()
		if left <= 0 {
			return false, nil, nil
		}
		left--
		return true, nil, err
	})
}

// Calls returns a copy of the call log.
func (c *Core) Calls() []Call {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Call(nil), c.calls...)
}

// CallCount returns how many calls op received ("*" for all operations).
func (c *Core) CallCount(op string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, call := range c.calls {
		if op == "*" || call.Op == op {
			n++
		}
	}
	return n
}

// ResetCalls empties the call log.
func (c *Core) ResetCalls() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = nil
}

// Handle records a call, runs the reactor chain and, when no reactor handled
// the call, the fake's own answer. Errors of either kind leave with the shape
// a real client gives them (see Core.Error).
func Handle[Out any](ctx context.Context, c *Core, op, region string, in any, answer func() (*Out, error)) (*Out, error) {
	call := Call{Op: op, Region: region, Input: in}
	c.mu.Lock()
	c.calls = append(c.calls, call)
	chain := append([]reactor(nil), c.reactors...)
	c.mu.Unlock()

	if err := ctx.Err(); err != nil {
		return nil, &smithy.OperationError{ServiceID: c.serviceID, OperationName: op, Err: err}
	}
	for _, r := range chain {
		if r.op != "*" && r.op != op {
			continue
		}
		handled, out, err := r.fn(call)
		if !handled {
			continue
		}
		if err != nil {
			return nil, c.shape(op, err)
		}
		typed, ok := out.(*Out)
		if !ok {
			return nil, fmt.Errorf("fakeaws: reactor for %s returned %T, want %T", op, out, typed)
		}
		return typed, nil
	}
	out, err := answer()
	if err != nil {
		return nil, c.shape(op, err)
	}
	return out, nil
}

// shape gives err the shape of an error returned by a real client for op:
// a *smithy.OperationError wrapping, for an APIError, an
// *awshttp.ResponseError with the HTTP status the service uses for the code
// and a request id. An error that already is an OperationError is returned
// as it is.
func (c *Core) shape(op string, err error) error {
	var opErr *smithy.OperationError
	if errors.As(err, &opErr) {
		return err
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return &smithy.OperationError{ServiceID: c.serviceID, OperationName: op, Err: err}
	}
	c.mu.Lock()
	c.requests++
	id := fmt.Sprintf("00000000-fake-4000-8000-%012d", c.requests)
	c.mu.Unlock()
	status := c.status(apiErr.ErrorCode())
	header := http.Header{}
	header.Set("X-Amzn-Requestid", id)
	header.Set("X-Amzn-Errortype", apiErr.ErrorCode())
	return &smithy.OperationError{
		ServiceID:     c.serviceID,
		OperationName: op,
		Err: &awshttp.ResponseError{
			RequestID: id,
			ResponseError: &smithyhttp.ResponseError{
				Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status, Header: header}},
				Err:      err,
			},
		},
	}
}

// APIError returns a *smithy.GenericAPIError with a client fault: how the
// SDK delivers a code that the operation does not model.
func APIError(code, message string) *smithy.GenericAPIError {
	return &smithy.GenericAPIError{Code: code, Message: message, Fault: smithy.FaultClient}
}

// ApplyOptions returns base after the call's option functions have run on
// it. Fakes use it to learn the region a call was made in.
func ApplyOptions[O any](base O, optFns []func(*O)) O {
	for _, fn := range optFns {
		fn(&base)
	}
	return base
}
