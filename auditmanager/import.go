package auditmanager

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	sdk "github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"
)

// DailyEvidenceQuota is how many manual evidence items Audit Manager accepts
// per control per day; the items beyond it fail.
const DailyEvidenceQuota = 100

// maxImportBatch is the most items one BatchImportEvidenceToAssessmentControl
// call takes.
const maxImportBatch = 50

var (
	// ErrDailyQuota means ImportEvidence kept items back because sending
	// them would pass DailyEvidenceQuota for the control today (UTC).
	ErrDailyQuota = errors.New("daily manual evidence quota reached")

	// ErrEvidenceRejected means AWS accepted the call but refused some
	// items; ImportResult.Rejected has them with AWS's reasons.
	ErrEvidenceRejected = errors.New("manual evidence rejected")
)

// ManualEvidence is one manual evidence item: either a text (1 to 1000
// characters) or the s3:// URI of an object, never both.
type ManualEvidence struct {
	Text   string `json:"text,omitempty"`
	S3Path string `json:"s3Path,omitempty"`
}

// ImportEvidenceRequest names the assessment control to import into and the
// items to import.
type ImportEvidenceRequest struct {
	// AssessmentID, ControlSetID and ControlID are the ID fields of
	// Assessment, ControlSet and AssessmentControl.
	AssessmentID string
	ControlSetID string
	ControlID    string
	Items        []ManualEvidence
}

// ImportResult says what became of every item of an ImportEvidenceRequest:
// each is in exactly one of Imported, Rejected and Unsent.
type ImportResult struct {
	// Imported are the items AWS accepted.
	Imported []ManualEvidence `json:"imported"`
	// Rejected are the items AWS refused, with its reasons.
	Rejected []RejectedEvidence `json:"rejected,omitempty"`
	// Unsent are the items not sent: kept back by the daily quota, or
	// after a call failed. They can be sent again later as they are.
	Unsent []ManualEvidence `json:"unsent,omitempty"`
	// RemainingToday is how many more items this Client will send to the
	// control before the UTC day ends.
	RemainingToday int `json:"remainingToday"`
}

// RejectedEvidence is an item AWS refused, with the error it reported for it
// in the errors of BatchImportEvidenceToAssessmentControl.
type RejectedEvidence struct {
	// Item is the item as AWS echoed it back.
	Item ManualEvidence `json:"item"`
	// Code is AWS's three-digit error code, such as "400".
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
}

// Error makes a RejectedEvidence usable as an error.
func (r RejectedEvidence) Error() string {
	return fmt.Sprintf("auditmanager: manual evidence %s rejected: %s %s", r.Item.describe(), r.Code, r.Message)
}

func (m ManualEvidence) describe() string {
	if m.S3Path != "" {
		return m.S3Path
	}
	if utf8.RuneCountInString(m.Text) > 40 {
		return fmt.Sprintf("%q…", string([]rune(m.Text)[:40]))
	}
	return fmt.Sprintf("%q", m.Text)
}

// s3Path is the pattern Audit Manager requires of an S3 evidence URI.
var s3Path = regexp.MustCompile(`^(S|s)3://[a-zA-Z0-9\-.()'*_!=+@:\s,?/]+$`)

func (m ManualEvidence) validate() error {
	switch {
	case m.Text != "" && m.S3Path != "":
		return errors.New("has both a text and an S3 path; an item is one or the other")
	case m.Text == "" && m.S3Path == "":
		return errors.New("has neither a text nor an S3 path")
	case m.Text != "" && utf8.RuneCountInString(m.Text) > 1000:
		return fmt.Errorf("text is %d characters long; Audit Manager takes at most 1000", utf8.RuneCountInString(m.Text))
	case m.S3Path != "" && (len(m.S3Path) > 1024 || !s3Path.MatchString(m.S3Path)):
		return fmt.Errorf("S3 path %q is not an s3:// URI of at most 1024 characters that Audit Manager accepts", m.S3Path)
	}
	return nil
}

// ImportEvidence imports manual evidence into an assessment control. It is a
// write to AWS, never made implicitly: it is how aigov's own findings become
// audit evidence.
//
// Audit Manager accepts at most DailyEvidenceQuota items per control per day.
// The Client counts the items it imported per control and UTC day (read from
// its clock, see WithClock) and sends only what still fits; the rest is
// returned in Unsent with an error matching ErrDailyQuota, before AWS is
// called for them. Items imported to the control by other means (the
// console, another Client) are not in that count; past the quota AWS refuses
// items itself, and they come back in Rejected. Items are sent 50 to a call,
// the most AWS takes.
//
// Every item is accounted for in the result. The error is nil only when
// every item was imported; otherwise it joins what went wrong: ErrDailyQuota,
// ErrEvidenceRejected, or the classified error of the call that failed (the
// items of that call and after it are in Unsent). Items are checked before
// anything is sent: one invalid item (see ManualEvidence) fails the request
// with nothing sent.
//
// IAM: auditmanager:BatchImportEvidenceToAssessmentControl, and read access
// for Audit Manager to the S3 objects named.
func (c *Client) ImportEvidence(ctx context.Context, req ImportEvidenceRequest) (ImportResult, error) {
	if c.base.Err != nil {
		return ImportResult{Unsent: slices.Clone(req.Items)}, c.base.Err
	}
	if req.AssessmentID == "" || req.ControlSetID == "" || req.ControlID == "" {
		return ImportResult{Unsent: slices.Clone(req.Items)}, fmt.Errorf("auditmanager: ImportEvidence: the request needs an assessment id, a control set id and a control id (got %q, %q, %q)", req.AssessmentID, req.ControlSetID, req.ControlID)
	}
	if len(req.Items) == 0 {
		return ImportResult{}, errors.New("auditmanager: ImportEvidence: the request has no items")
	}
	for i, it := range req.Items {
		if err := it.validate(); err != nil {
			return ImportResult{Unsent: slices.Clone(req.Items)}, fmt.Errorf("auditmanager: ImportEvidence: item %d %w; nothing was sent", i+1, err)
		}
	}

	day := c.base.Now().UTC().Format(time.DateOnly)
	key := ledgerKey{req.AssessmentID, req.ControlSetID, req.ControlID, day}
	room := c.quota.reserve(key, len(req.Items))
	var res ImportResult
	var errs []error
	sent := 0
	for sent < room {
		batch := req.Items[sent:min(sent+maxImportBatch, room)]
		out, err := clientkit.Do(ctx, &c.base, "BatchImportEvidenceToAssessmentControl", func(ctx context.Context) (*sdk.BatchImportEvidenceToAssessmentControlOutput, error) {
			return c.api.BatchImportEvidenceToAssessmentControl(ctx, &sdk.BatchImportEvidenceToAssessmentControlInput{
				AssessmentId:   aws.String(req.AssessmentID),
				ControlSetId:   aws.String(req.ControlSetID),
				ControlId:      aws.String(req.ControlID),
				ManualEvidence: sdkEvidence(batch),
			}, c.optFns()...)
		})
		if err != nil {
			errs = append(errs, err)
			break
		}
		imported, rejected := sortOut(batch, out.Errors)
		res.Imported = append(res.Imported, imported...)
		res.Rejected = append(res.Rejected, rejected...)
		sent += len(batch)
	}
	// The reservation is kept only for what AWS accepted.
	c.quota.release(key, room-len(res.Imported))
	if sent < len(req.Items) {
		res.Unsent = slices.Clone(req.Items[sent:])
	}
	res.RemainingToday = DailyEvidenceQuota - c.quota.count(key)

	if len(res.Rejected) > 0 {
		errs = append([]error{fmt.Errorf("auditmanager: ImportEvidence: %w: AWS refused %d of %d items (first: %s %s)", ErrEvidenceRejected, len(res.Rejected), len(req.Items), res.Rejected[0].Code, res.Rejected[0].Message)}, errs...)
	}
	if kept := len(req.Items) - room; kept > 0 {
		errs = append(errs, fmt.Errorf("auditmanager: ImportEvidence: %w: %d of %d items kept back for control %s of assessment %s: it takes %d a day and has had %d on %s (UTC); send them after midnight UTC",
			ErrDailyQuota, kept, len(req.Items), req.ControlID, req.AssessmentID, DailyEvidenceQuota, DailyEvidenceQuota-room, day))
	}
	return res, errors.Join(errs...)
}

func sdkEvidence(items []ManualEvidence) []types.ManualEvidence {
	out := make([]types.ManualEvidence, len(items))
	for i, it := range items {
		if it.Text != "" {
			out[i].TextResponse = aws.String(it.Text)
		} else {
			out[i].S3ResourcePath = aws.String(it.S3Path)
		}
	}
	return out
}

// sortOut splits a batch into the items AWS accepted and those it refused,
// matching each reported error to the first unmatched item that AWS echoed.
// An error whose echo matches no item is still reported; the batch's
// accepted items are then one too many, which AWS's answer cannot settle.
func sortOut(batch []ManualEvidence, errs []types.BatchImportEvidenceToAssessmentControlError) (imported []ManualEvidence, rejected []RejectedEvidence) {
	refused := make([]bool, len(batch))
	for _, e := range errs {
		var echo ManualEvidence
		if m := e.ManualEvidence; m != nil {
			echo = ManualEvidence{Text: aws.ToString(m.TextResponse), S3Path: aws.ToString(m.S3ResourcePath)}
		}
		for i, it := range batch {
			if !refused[i] && it == echo {
				refused[i] = true
				break
			}
		}
		rejected = append(rejected, RejectedEvidence{Item: echo, Code: aws.ToString(e.ErrorCode), Message: aws.ToString(e.ErrorMessage)})
	}
	for i, it := range batch {
		if !refused[i] {
			imported = append(imported, it)
		}
	}
	return imported, rejected
}

// importLedger counts the manual evidence imported per control and UTC day.
// Items are reserved before they are sent, so that concurrent imports to a
// control cannot together pass the quota, and released when AWS did not
// accept them. Only the current day is kept.
type importLedger struct {
	mu     sync.Mutex
	day    string
	counts map[ledgerKey]int
}

type ledgerKey struct{ assessment, controlSet, control, day string }

func newImportLedger() *importLedger { return &importLedger{counts: make(map[ledgerKey]int)} }

// reserve reserves up to n items for key and returns how many it reserved.
func (l *importLedger) reserve(k ledgerKey, n int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if k.day != l.day {
		l.day, l.counts = k.day, make(map[ledgerKey]int)
	}
	n = max(0, min(n, DailyEvidenceQuota-l.counts[k]))
	l.counts[k] += n
	return n
}

func (l *importLedger) release(k ledgerKey, n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if c, ok := l.counts[k]; ok {
		l.counts[k] = max(0, c-n)
	}
}

func (l *importLedger) count(k ledgerKey) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.counts[k]
}
