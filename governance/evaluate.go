package governance

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
)

// EvaluateSnapshot evaluates the evaluator's controls over a snapshot
// without calling AWS: the second half of Evaluate, and the way to
// re-evaluate a saved snapshot offline. The snapshot's own policy is used
// unless the evaluator was given one with WithPolicy.
func (e *Evaluator) EvaluateSnapshot(s *Snapshot) (*Report, error) {
	if s == nil {
		return nil, fmt.Errorf("governance: EvaluateSnapshot: nil snapshot")
	}
	if major(s.SchemaVersion) != major(SnapshotSchemaVersion) {
		return nil, fmt.Errorf("governance: snapshot schema version %q: this version of aigov reads %s.x", s.SchemaVersion, major(SnapshotSchemaVersion))
	}
	snap := *s
	if e.policySet {
		snap.Policy = e.policy
	}
	snap.Policy = snap.Policy.withDefaults()
	if err := snap.Policy.validate(); err != nil {
		return nil, err
	}
	var findings []Finding
	for _, c := range e.catalog {
		findings = append(findings, check(c, &snap)...)
	}
	findings = dedupe(findings)
	now := e.now().UTC()
	waivers := applyWaivers(findings, e.waivers, now)
	return build(e.catalog, findings, snap.Sources, snap.Scope, snap.CollectedAt, now, waivers), nil
}

// check runs one control and stamps its findings. A control that panics
// (a user's control meeting data it did not expect) yields one UNKNOWN
// finding with the panic, instead of taking the evaluation down.
func check(c Control, s *Snapshot) (out []Finding) {
	defer func() {
		if r := recover(); r != nil {
			stack := strings.SplitN(string(debug.Stack()), "\n", 12)
			out = []Finding{stamp(c, Finding{
				Status:  StatusUnknown,
				Message: fmt.Sprintf("the control's check failed: panic: %v (%s)", r, strings.TrimSpace(strings.Join(stack[min(len(stack)-1, 9):], " "))),
			})}
		}
	}()
	for _, f := range c.Check(s) {
		out = append(out, stamp(c, f))
	}
	return out
}

// stamp fills what the engine owns in a finding: control, severity, id, and
// a valid status.
func stamp(c Control, f Finding) Finding {
	f.Control, f.Severity = c.ID, c.Severity
	if !f.Status.Valid() {
		f.Message = fmt.Sprintf("the control returned status %q, which is not one of PASS, FAIL, UNKNOWN, WAIVED, NOT_APPLICABLE: %s", f.Status, f.Message)
		f.Status = StatusUnknown
	}
	if f.Status == StatusWaived {
		// Only waivers waive.
		f.Status = StatusFail
	}
	f.ID = fingerprint(f)
	return f
}

// fingerprint identifies a finding across runs: the control and where it
// is, never what it says.
func fingerprint(f Finding) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{f.Control, f.Account, f.Region, f.ResourceType, f.Resource}, "\x1f")))
	return hex.EncodeToString(sum[:16])
}

// dedupe merges findings with the same fingerprint into one: the worst
// status, the messages and evidence of both.
func dedupe(fs []Finding) []Finding {
	index := make(map[string]int, len(fs))
	out := fs[:0:0]
	for _, f := range fs {
		i, seen := index[f.ID]
		if !seen {
			index[f.ID] = len(out)
			out = append(out, f)
			continue
		}
		out[i] = mergeFinding(out[i], f)
	}
	return out
}

// mergeFinding combines two findings of the same resource. It is
// commutative, associative and idempotent, which Merge relies on: the worse
// status wins, the message is the sorted set of both messages' parts
// ("; "-separated), the evidence the union of both.
func mergeFinding(a, b Finding) Finding {
	if b.Status.Rank() < a.Status.Rank() {
		a, b = b, a
	}
	out := a
	parts := append(strings.Split(a.Message, "; "), strings.Split(b.Message, "; ")...)
	sort.Strings(parts)
	parts = slices.Compact(parts)
	if len(parts) > 0 && parts[0] == "" {
		parts = parts[1:]
	}
	out.Message = strings.Join(parts, "; ")
	if a.Waiver == nil {
		out.Waiver = b.Waiver
	}
	out.Evidence = unionEvidence(a.Evidence, b.Evidence)
	sort.SliceStable(out.Evidence, func(i, j int) bool {
		x, y := out.Evidence[i], out.Evidence[j]
		if x.Source != y.Source {
			return x.Source < y.Source
		}
		if x.Operation != y.Operation {
			return x.Operation < y.Operation
		}
		if x.Detail != y.Detail {
			return x.Detail < y.Detail
		}
		return x.CollectedAt.Before(y.CollectedAt)
	})
	return out
}

func unionEvidence(a, b []Evidence) []Evidence {
	out := append([]Evidence(nil), a...)
	for _, e := range b {
		dup := false
		for _, x := range out {
			if x == e {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, e)
		}
	}
	return out
}

func major(v string) string {
	m, _, _ := strings.Cut(v, ".")
	return m
}
