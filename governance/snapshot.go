package governance

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/aigov/aigov/config"
)

// SnapshotSchemaVersion is the version of the snapshot's JSON form. A
// snapshot of another major version is refused by ReadSnapshot.
const SnapshotSchemaVersion = "1.0"

// Snapshot is everything collection gathered: the typed state of every
// source in every account and region, what went wrong where, and the policy
// the controls evaluate it against. Controls read only the snapshot, so a
// saved snapshot can be evaluated again offline (Evaluator.EvaluateSnapshot).
type Snapshot struct {
	SchemaVersion string    `json:"schemaVersion"`
	CollectedAt   time.Time `json:"collectedAt"`
	Scope         Scope     `json:"scope"`
	Policy        Policy    `json:"policy"`
	// Sources records the outcome of every source in every account and
	// region it was asked about.
	Sources []SourceOutcome `json:"sources"`

	Config    []ConfigState    `json:"config,omitempty"`
	Inspector []InspectorState `json:"inspector,omitempty"`
	// ModelImages are the Inspector findings of the images that SageMaker
	// models in the Config inventory serve, per account.
	ModelImages  []ModelImageState   `json:"modelImages,omitempty"`
	AuditManager []AuditManagerState `json:"auditmanager,omitempty"`
	Artifact     []ArtifactState     `json:"artifact,omitempty"`
	CloudTrail   []CloudTrailState   `json:"cloudtrail,omitempty"`
	Advisor      []AdvisorState      `json:"advisor,omitempty"`
}

// Scope is what was evaluated.
type Scope struct {
	Accounts []string `json:"accounts"`
	Regions  []string `json:"regions"`
	// Aggregator names the AWS Config aggregator read for the
	// organisation, if any.
	Aggregator string `json:"aggregator,omitempty"`
}

// Part is one piece of collected state: its value, or why it could not be
// collected. A Part that was never asked for is not Collected; controls
// that need it are UNKNOWN.
type Part[T any] struct {
	Value     T    `json:"value"`
	Collected bool `json:"collected"`
	// Problem says why the value could not be collected; Outcome
	// classifies it.
	Problem string  `json:"problem,omitempty"`
	Outcome Outcome `json:"outcome,omitempty"`
	// Operation is the IAM action of the call that collected (or failed
	// to collect) the value.
	Operation string `json:"operation,omitempty"`
}

// OK reports whether the value was collected without a problem.
func (p Part[T]) OK() bool { return p.Collected && p.Problem == "" }

// Why explains why the part is not OK, naming what it is.
func (p Part[T]) Why(what string) string {
	switch {
	case !p.Collected:
		return what + ": not collected"
	case p.Problem != "":
		return what + ": could not be collected: " + p.Problem
	}
	return ""
}

// got returns a collected part.
func got[T any](v T, op string) Part[T] { return Part[T]{Value: v, Collected: true, Operation: op} }

// failed returns a part whose collection failed with err.
func failed[T any](v T, op string, err error) Part[T] {
	return Part[T]{Value: v, Collected: true, Operation: op, Problem: err.Error(), Outcome: outcomeOf(err)}
}

// part returns got or failed depending on err; v keeps what was read
// before an error.
func part[T any](v T, op string, err error) Part[T] {
	if err != nil {
		return failed(v, op, err)
	}
	return got(v, op)
}

// Location is an account and a region ("" for global services).
type Location struct {
	Account string `json:"account"`
	Region  string `json:"region,omitempty"`
}

func (l Location) String() string {
	if l.Region == "" {
		return l.Account
	}
	return l.Account + "/" + l.Region
}

// ConfigState is what AWS Config told about one account and region.
type ConfigState struct {
	Location
	CollectedAt time.Time `json:"collectedAt"`
	// Recorder is the recorder status; in aggregator mode, the
	// aggregator's source status stands in for it (Source is set).
	Recorder Part[config.RecorderStatus] `json:"recorder"`
	// AggregatorSource is the aggregator's view of this account and
	// region, in aggregator mode.
	AggregatorSource *config.AggregatorSource `json:"aggregatorSource,omitempty"`
	// Rules are the rules with their managed-rule identifiers. In
	// aggregator mode AWS Config gives only names, and identifiers are
	// inferred from them (config.IdentifierForRuleName).
	Rules Part[[]config.Rule] `json:"rules"`
	// Compliance is the compliance of every rule.
	Compliance Part[[]config.RuleCompliance] `json:"compliance"`
	// Evaluations are the per-resource results of the rules that
	// controls read, keyed by rule name.
	Evaluations map[string]Part[[]config.Evaluation] `json:"evaluations,omitempty"`
	// Resources is the AI inventory, plus S3 buckets.
	Resources Part[[]config.Resource] `json:"resources"`
}

// Duration is a time.Duration that reads and writes JSON as "168h0m0s".
type Duration time.Duration

// MarshalJSON writes the duration as a string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads a string such as "720h".
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("duration: want a string such as \"720h\": %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("duration %q: %w", s, err)
	}
	*d = Duration(v)
	return nil
}
