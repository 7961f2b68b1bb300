package governance

import (
	"context"
	"errors"
	"time"

	"github.com/aigov/aigov"
)

// Outcome is how collecting from a source went in one account and region.
type Outcome string

// The outcomes of collection.
const (
	// OutcomeOK: everything the controls need was collected.
	OutcomeOK Outcome = "ok"
	// OutcomePartial: some of it was; the parts that were not say why.
	OutcomePartial Outcome = "partial"
	// OutcomeAccessDenied: the credentials may not read the source.
	OutcomeAccessDenied Outcome = "access_denied"
	// OutcomeNotEnabled: the service is not enabled, not set up, or needs
	// a subscription (a support plan) the account does not have.
	OutcomeNotEnabled Outcome = "not_enabled"
	// OutcomeThrottled: AWS kept throttling past the SDK's retries.
	OutcomeThrottled Outcome = "throttled"
	// OutcomeError: any other failure (network, a bad answer, a
	// cancelled context).
	OutcomeError Outcome = "error"
	// OutcomeSkipped: the source was not configured for the account, so
	// nothing was asked.
	OutcomeSkipped Outcome = "skipped"
)

// outcomeOf classifies a collection error.
func outcomeOf(err error) Outcome {
	switch {
	case err == nil:
		return OutcomeOK
	case errors.Is(err, aigov.ErrAccessDenied):
		return OutcomeAccessDenied
	case errors.Is(err, aigov.ErrNotEnabled):
		return OutcomeNotEnabled
	case errors.Is(err, aigov.ErrThrottled):
		return OutcomeThrottled
	default:
		return OutcomeError
	}
}

// SourceOutcome records how collecting one source went in one account and
// region ("" for the global services, Artifact and Trusted Advisor).
type SourceOutcome struct {
	Source  Source  `json:"name"`
	Status  Outcome `json:"status"`
	Account string  `json:"account"`
	Region  string  `json:"region,omitempty"`
	// Error is the first problem met, when Status is not ok; for partial
	// outcomes the snapshot's parts say what else failed.
	Error       string    `json:"error,omitempty"`
	CollectedAt time.Time `json:"collectedAt,omitzero"`
	// Err is the error itself, for callers in the same process.
	Err error `json:"-"`
}

// summarize turns the errors of one source's collection into its outcome:
// ok when there were none, the error's own class when every part failed the
// same way, partial when only some parts failed.
func summarize(src Source, loc Location, at time.Time, parts int, errs []error) SourceOutcome {
	o := SourceOutcome{Source: src, Account: loc.Account, Region: loc.Region, CollectedAt: at, Status: OutcomeOK}
	if len(errs) == 0 {
		return o
	}
	o.Err = errors.Join(errs...)
	o.Error = errs[0].Error()
	first := outcomeOf(errs[0])
	same := true
	for _, e := range errs[1:] {
		same = same && outcomeOf(e) == first
	}
	switch {
	case errors.Is(errs[0], context.Canceled) || errors.Is(errs[0], context.DeadlineExceeded):
		o.Status = OutcomeError
	case len(errs) < parts:
		o.Status = OutcomePartial
	case same:
		o.Status = first
	default:
		o.Status = OutcomeError
	}
	return o
}
