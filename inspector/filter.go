package inspector

import (
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
)

// MatchOp is how a Match compares a value.
type MatchOp string

// The comparisons of Amazon Inspector's string filters.
const (
	OpEquals    MatchOp = "EQUALS"
	OpPrefix    MatchOp = "PREFIX"
	OpNotEquals MatchOp = "NOT_EQUALS"
)

// Match is one condition on a string field of a filter. Build matches with
// Equal, Prefix and Not.
//
// Within one field, Equal and Prefix matches are alternatives (one of them
// must hold) and Not matches must all hold; the fields of a filter must all
// hold. So
//
//	Repositories: append(inspector.Prefix("ml-"), inspector.Not("ml-sandbox")...)
//
// selects the repositories whose name starts with "ml-", except ml-sandbox.
// A field takes at most 10 matches, as Amazon Inspector does.
type Match struct {
	Op    MatchOp `json:"op"`
	Value string  `json:"value"`
}

// Equal returns one match per value, each requiring the field to equal it.
func Equal(values ...string) []Match { return matches(OpEquals, values) }

// Prefix returns one match per value, each requiring the field to start
// with it.
func Prefix(values ...string) []Match { return matches(OpPrefix, values) }

// Not returns one match per value, each requiring the field not to equal it.
func Not(values ...string) []Match { return matches(OpNotEquals, values) }

func matches(op MatchOp, values []string) []Match {
	out := make([]Match, len(values))
	for i, v := range values {
		out[i] = Match{Op: op, Value: v}
	}
	return out
}

// maxMatches is the most filters Amazon Inspector takes for one field.
const maxMatches = 10

// TimeRange is an inclusive range of times; a zero bound leaves that side
// open.
type TimeRange struct {
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
}

// IsZero reports whether the range is open on both sides.
func (r TimeRange) IsZero() bool { return r.From.IsZero() && r.To.IsZero() }

// SortField is the order in which Findings returns findings.
type SortField string

// The sort orders Findings offers.
const (
	SortBySeverity        SortField = "SEVERITY"
	SortByInspectorScore  SortField = "INSPECTOR_SCORE"
	SortByEPSS            SortField = "EPSS_SCORE"
	SortByFirstObserved   SortField = "FIRST_OBSERVED_AT"
	SortByLastObserved    SortField = "LAST_OBSERVED_AT"
	SortByVulnerabilityID SortField = "VULNERABILITY_ID"
	SortByAccount         SortField = "AWS_ACCOUNT_ID"
	SortByRepository      SortField = "ECR_IMAGE_REPOSITORY_NAME"
)

// AllStatuses selects findings whatever their status.
var AllStatuses = []Status{StatusActive, StatusSuppressed, StatusClosed}

// FindingFilter selects findings. The zero value selects every ACTIVE
// finding of the Client's region, most severe first. Fields combine with
// AND; see Match for the string fields.
type FindingFilter struct {
	// MinSeverity keeps findings of this severity or above, which leaves
	// UNTRIAGED out; empty keeps every severity, UNTRIAGED included.
	MinSeverity Severity `json:"minSeverity,omitempty"`
	// Statuses keeps findings in these states; empty means ACTIVE only.
	// Use AllStatuses for every state.
	Statuses []Status `json:"statuses,omitempty"`
	// Types keeps findings of these types; empty keeps all.
	Types []FindingType `json:"types,omitempty"`
	// ResourceTypes keeps findings on resources of these types.
	ResourceTypes []ResourceType `json:"resourceTypes,omitempty"`
	// Accounts matches the account that owns the finding.
	Accounts []Match `json:"accounts,omitempty"`
	// Repositories matches the name of the ECR repository of an affected
	// image, such as "ml-serving".
	Repositories []Match `json:"repositories,omitempty"`
	// ImageDigests matches the digest of an affected image, such as
	// "sha256:0f3a…".
	ImageDigests []Match `json:"imageDigests,omitempty"`
	// ImageTags matches a tag of an affected image.
	ImageTags []Match `json:"imageTags,omitempty"`
	// LambdaFunctions matches the name of an affected Lambda function.
	LambdaFunctions []Match `json:"lambdaFunctions,omitempty"`
	// Packages matches the name of a vulnerable package, such as "torch"
	// or "transformers". Only Equal and Prefix are allowed here.
	Packages []Match `json:"packages,omitempty"`
	// VulnerabilityIDs matches the vulnerability, such as "CVE-2025-32434".
	VulnerabilityIDs []Match `json:"vulnerabilityIds,omitempty"`
	// FixAvailable keeps findings whose fix availability is this (YES, NO
	// or PARTIAL); empty keeps all.
	FixAvailable Availability `json:"fixAvailable,omitempty"`
	// ExploitAvailable keeps findings whose exploit availability is this
	// (YES or NO); empty keeps all.
	ExploitAvailable Availability `json:"exploitAvailable,omitempty"`
	// MinInspectorScore and MinEPSS keep findings scored at least this
	// much; 0 keeps all.
	MinInspectorScore float64 `json:"minInspectorScore,omitempty"`
	MinEPSS           float64 `json:"minEpss,omitempty"`
	// FirstObserved and LastObserved keep findings first or last observed
	// within the range.
	FirstObserved TimeRange `json:"firstObserved,omitzero"`
	LastObserved  TimeRange `json:"lastObserved,omitzero"`
	// SortBy orders the findings (default SortBySeverity), most first
	// unless Ascending.
	SortBy    SortField `json:"sortBy,omitempty"`
	Ascending bool      `json:"ascending,omitempty"`
}

// criteria translates f into the filter and sort of ListFindings, or says
// which field is wrong.
func (f FindingFilter) criteria() (*types.FilterCriteria, *types.SortCriteria, error) {
	fc := &types.FilterCriteria{}
	var err error
	bad := func(field, format string, args ...any) error {
		return fmt.Errorf("inspector: invalid FindingFilter.%s: %s", field, fmt.Sprintf(format, args...))
	}
	if f.MinSeverity != "" {
		if f.MinSeverity.Rank() == 0 {
			return nil, nil, bad("MinSeverity", "%q is not one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL", f.MinSeverity)
		}
		fc.Severity = equalsEach(f.MinSeverity.andAbove())
	}
	statuses := f.Statuses
	if len(statuses) == 0 {
		statuses = []Status{StatusActive}
	}
	if fc.FindingStatus, err = enumFilter("FindingFilter.Statuses", statuses, StatusActive, StatusSuppressed, StatusClosed); err != nil {
		return nil, nil, err
	}
	if fc.FindingType, err = enumFilter("FindingFilter.Types", f.Types, TypePackageVulnerability, TypeCodeVulnerability, TypeNetworkReachability); err != nil {
		return nil, nil, err
	}
	if fc.ResourceType, err = enumFilter("FindingFilter.ResourceTypes", f.ResourceTypes, ResourceEC2Instance, ResourceECRImage, ResourceLambdaFunction, ResourceCodeRepository); err != nil {
		return nil, nil, err
	}
	for _, s := range []struct {
		field string
		in    []Match
		out   *[]types.StringFilter
	}{
		{"Accounts", f.Accounts, &fc.AwsAccountId},
		{"Repositories", f.Repositories, &fc.EcrImageRepositoryName},
		{"ImageDigests", f.ImageDigests, &fc.EcrImageHash},
		{"ImageTags", f.ImageTags, &fc.EcrImageTags},
		{"LambdaFunctions", f.LambdaFunctions, &fc.LambdaFunctionName},
		{"VulnerabilityIDs", f.VulnerabilityIDs, &fc.VulnerabilityId},
	} {
		if *s.out, err = stringFilters(s.field, s.in, OpEquals, OpPrefix, OpNotEquals); err != nil {
			return nil, nil, err
		}
	}
	pkgs, err := stringFilters("Packages", f.Packages, OpEquals, OpPrefix)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range pkgs {
		fc.VulnerablePackages = append(fc.VulnerablePackages, types.PackageFilter{Name: &p})
	}
	if fc.FixAvailable, err = enumFilter("FindingFilter.FixAvailable", optionalEnum(f.FixAvailable), Yes, No, Partial); err != nil {
		return nil, nil, err
	}
	if fc.ExploitAvailable, err = enumFilter("FindingFilter.ExploitAvailable", optionalEnum(f.ExploitAvailable), Yes, No); err != nil {
		return nil, nil, err
	}
	if fc.InspectorScore, err = atLeast("MinInspectorScore", f.MinInspectorScore, 10); err != nil {
		return nil, nil, err
	}
	if fc.EpssScore, err = atLeast("MinEPSS", f.MinEPSS, 1); err != nil {
		return nil, nil, err
	}
	if fc.FirstObservedAt, err = dateFilter("FirstObserved", f.FirstObserved); err != nil {
		return nil, nil, err
	}
	if fc.LastObservedAt, err = dateFilter("LastObserved", f.LastObserved); err != nil {
		return nil, nil, err
	}
	sort := &types.SortCriteria{Field: types.SortField(SortBySeverity), SortOrder: types.SortOrderDesc}
	switch f.SortBy {
	case "":
	case SortBySeverity, SortByInspectorScore, SortByEPSS, SortByFirstObserved, SortByLastObserved, SortByVulnerabilityID, SortByAccount, SortByRepository:
		sort.Field = types.SortField(f.SortBy)
	default:
		return nil, nil, bad("SortBy", "%q is not a sort field of this package", f.SortBy)
	}
	if f.Ascending {
		sort.SortOrder = types.SortOrderAsc
	}
	return fc, sort, nil
}

// equalsEach returns an EQUALS filter per value, nil for none: Amazon
// Inspector refuses an empty filter list.
func equalsEach[T ~string](values []T) []types.StringFilter {
	if len(values) == 0 {
		return nil
	}
	out := make([]types.StringFilter, len(values))
	for i, v := range values {
		out[i] = stringFilter(OpEquals, string(v))
	}
	return out
}

func optionalEnum[T ~string](v T) []T {
	if v == "" {
		return nil
	}
	return []T{v}
}

// enumFilter checks that every value is one of allowed and returns an
// EQUALS filter for each.
func enumFilter[T ~string](what string, values []T, allowed ...T) ([]types.StringFilter, error) {
	for _, v := range values {
		ok := false
		for _, a := range allowed {
			ok = ok || v == a
		}
		if !ok {
			return nil, fmt.Errorf("inspector: invalid %s: %q is not one of %v", what, v, allowed)
		}
	}
	if len(values) > maxMatches {
		return nil, fmt.Errorf("inspector: invalid %s: %d values, at most %d", what, len(values), maxMatches)
	}
	return equalsEach(values), nil
}

// validMatches checks the matches of one field: at most maxMatches, each
// with an allowed comparison and a value of 1 to 1024 characters.
func validMatches(what string, ms []Match, ops ...MatchOp) error {
	if len(ms) > maxMatches {
		return fmt.Errorf("inspector: invalid %s: %d matches, at most %d", what, len(ms), maxMatches)
	}
	for _, m := range ms {
		ok := false
		for _, op := range ops {
			ok = ok || m.Op == op
		}
		if !ok {
			return fmt.Errorf("inspector: invalid %s: comparison %q is not allowed here (allowed: %v)", what, m.Op, ops)
		}
		if m.Value == "" || len(m.Value) > 1024 {
			return fmt.Errorf("inspector: invalid %s: the value of a %s match must have 1 to 1024 characters", what, m.Op)
		}
	}
	return nil
}

func stringFilters(field string, ms []Match, ops ...MatchOp) ([]types.StringFilter, error) {
	return toFilters("FindingFilter."+field, ms, stringFilter, ops...)
}

func stringFilter(op MatchOp, v string) types.StringFilter {
	return types.StringFilter{Comparison: types.StringComparison(op), Value: aws.String(v)}
}

// toFilters checks the matches of one field (what names it in errors) and
// turns each into the SDK's filter type for the operation.
func toFilters[F any](what string, ms []Match, filter func(op MatchOp, value string) F, ops ...MatchOp) ([]F, error) {
	if err := validMatches(what, ms, ops...); err != nil {
		return nil, err
	}
	var out []F
	for _, m := range ms {
		out = append(out, filter(m.Op, m.Value))
	}
	return out, nil
}

func atLeast(field string, v, max float64) ([]types.NumberFilter, error) {
	switch {
	case v == 0:
		return nil, nil
	case v < 0 || v > max:
		return nil, fmt.Errorf("inspector: invalid FindingFilter.%s: %v is outside 0 to %v", field, v, max)
	}
	return []types.NumberFilter{{LowerInclusive: aws.Float64(v)}}, nil
}

func dateFilter(field string, r TimeRange) ([]types.DateFilter, error) {
	if r.IsZero() {
		return nil, nil
	}
	if !r.From.IsZero() && !r.To.IsZero() && r.From.After(r.To) {
		return nil, fmt.Errorf("inspector: invalid FindingFilter.%s: From %s is after To %s", field, r.From.Format(time.RFC3339), r.To.Format(time.RFC3339))
	}
	d := types.DateFilter{}
	if !r.From.IsZero() {
		d.StartInclusive = aws.Time(r.From)
	}
	if !r.To.IsZero() {
		d.EndInclusive = aws.Time(r.To)
	}
	return []types.DateFilter{d}, nil
}
