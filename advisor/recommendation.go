package advisor

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"
)

// Status is the alert status of a check or of one of its resources.
type Status string

// The statuses of Trusted Advisor. NotAvailable is not a pass: the check
// produced no result (not run yet, not offered to the account, or not
// applicable), so what it guards is unknown.
const (
	StatusOK           Status = "ok"
	StatusWarning      Status = "warning"
	StatusError        Status = "error"
	StatusNotAvailable Status = "not_available"
)

func (s Status) known() bool {
	return s == StatusOK || s == StatusWarning || s == StatusError || s == StatusNotAvailable
}

// LifecycleStage is where a Trusted Advisor Priority recommendation stands.
// Only prioritized recommendations have one.
type LifecycleStage string

// The lifecycle stages; UpdateLifecycle sets any of them.
const (
	LifecyclePendingResponse LifecycleStage = "pending_response"
	LifecycleInProgress      LifecycleStage = "in_progress"
	LifecycleDismissed       LifecycleStage = "dismissed"
	LifecycleResolved        LifecycleStage = "resolved"
)

// Recommendation is the result of one Trusted Advisor check for one account,
// whichever API it came from.
type Recommendation struct {
	// CheckID is the check's id, the same in both APIs (see the Check…
	// constants); empty for a recommendation no check produced (one a
	// Technical Account Manager wrote in Trusted Advisor Priority).
	CheckID string `json:"checkId,omitempty"`
	// Name is the check's or the recommendation's name, in the Client's
	// language.
	Name string `json:"name"`
	// Category is the check's pillar; security when it is one of several.
	Category Pillar `json:"category,omitempty"`
	// Pillars are all the pillars of the check (the TrustedAdvisor API files
	// some checks under several).
	Pillars []Pillar `json:"pillars,omitempty"`
	// Status is the check's alert status: ok, warning, error or
	// not_available.
	Status Status `json:"status"`
	// StatusReason says why the status is what it is when AWS or this
	// package knows more: "no_data_ok" from the TrustedAdvisor API, or why
	// a check is not_available.
	StatusReason string `json:"statusReason,omitempty"`
	// ResourcesFlagged counts the resources in warning or error,
	// ResourcesProcessed the resources the check looked at,
	// ResourcesSuppressed those the account excluded from it, and
	// ResourcesIgnored (Support API only) those it skipped for want of data.
	// From the TrustedAdvisor API, flagged is warning plus error and
	// processed is ok plus warning plus error.
	ResourcesFlagged    int64 `json:"resourcesFlagged"`
	ResourcesProcessed  int64 `json:"resourcesProcessed"`
	ResourcesSuppressed int64 `json:"resourcesSuppressed"`
	ResourcesIgnored    int64 `json:"resourcesIgnored,omitempty"`
	// Resources are the resources in warning or error, suppressed ones
	// included and marked, sorted by region and id.
	Resources []FlaggedResource `json:"resources,omitempty"`
	// Columns are the keys of the resources' Metadata in the check's column
	// order, for rendering them as a table.
	Columns []string `json:"columns,omitempty"`
	// LastUpdated is when AWS last refreshed the result.
	LastUpdated time.Time `json:"lastUpdated,omitzero"`
	// ARN is the recommendation's ARN (TrustedAdvisor API only), what
	// UpdateLifecycle takes.
	ARN string `json:"arn,omitempty"`
	// OrganizationARN is the organisation recommendation this per-account
	// result belongs to (OrganizationRecommendations only).
	OrganizationARN string `json:"organizationArn,omitempty"`
	// Type is "standard" or "priority" (TrustedAdvisor API only).
	Type string `json:"type,omitempty"`
	// Origin is where AWS says the recommendation comes from: ta_check,
	// security_hub, well_architected … (TrustedAdvisor API only).
	Origin string `json:"origin,omitempty"`
	// LifecycleStage is set for Trusted Advisor Priority recommendations.
	LifecycleStage LifecycleStage `json:"lifecycleStage,omitempty"`
	// Account is the account the result is for.
	Account string `json:"account,omitempty"`
	// DecodeError says what AWS sent that could not be decoded (a timestamp
	// that is not RFC 3339, an unknown status); the fields it concerns keep
	// their zero value or the raw text.
	DecodeError string `json:"decodeError,omitempty"`
}

// Failing reports whether the check found a problem: status warning or
// error.
func (r Recommendation) Failing() bool {
	return r.Status == StatusWarning || r.Status == StatusError
}

// FlaggedResource is one resource a check flagged.
type FlaggedResource struct {
	// ID is Trusted Advisor's id of the resource (an opaque hash).
	ID string `json:"id"`
	// AWSResourceID is the resource's own identifier, such as a bucket
	// name (TrustedAdvisor API only; the Support API puts it in Metadata).
	AWSResourceID string `json:"awsResourceId,omitempty"`
	// ARN is Trusted Advisor's ARN of the resource (TrustedAdvisor API only).
	ARN string `json:"arn,omitempty"`
	// Region is where the resource is; empty or "-" for global resources.
	Region string `json:"region,omitempty"`
	// Status is the resource's own status: warning or error.
	Status Status `json:"status"`
	// Suppressed is true when the account excluded the resource from the
	// check; it still appears here but does not count as flagged by AWS.
	Suppressed bool `json:"suppressed,omitempty"`
	// Metadata holds the check's columns for the resource, by column name
	// ("Bucket Name", "ACL Allows List" …, as in Recommendation.Columns). A
	// column AWS sent as null, or did not send, is absent. A value whose
	// column has no name, or a name an earlier column already has, is keyed
	// by its position ("7").
	Metadata map[string]string `json:"metadata,omitempty"`
	// Account owns the resource.
	Account string `json:"account,omitempty"`
	// LastUpdated is when AWS last evaluated the resource (TrustedAdvisor
	// API only).
	LastUpdated time.Time `json:"lastUpdated,omitzero"`
}

// columnKeys turns a check's column headers into the keys of
// FlaggedResource.Metadata: the header itself, or the position when the
// header is null, empty or repeats an earlier one.
func columnKeys(headers []*string) []string {
	keys := make([]string, len(headers))
	seen := make(map[string]bool, len(headers))
	for i, h := range headers {
		if h == nil || *h == "" || seen[*h] {
			keys[i] = strconv.Itoa(i)
			continue
		}
		seen[*h] = true
		keys[i] = *h
	}
	return keys
}

// positionalColumns turns the TrustedAdvisor API's header map {"0":
// "Region", "1": …} into column keys in positional order.
func positionalColumns(headers map[string]string) []string {
	n := 0
	for k := range headers {
		if i, err := strconv.Atoi(k); err == nil && i >= 0 && i < 1000 {
			n = max(n, i+1)
		}
	}
	list := make([]*string, n)
	for k, v := range headers {
		if i, err := strconv.Atoi(k); err == nil && i >= 0 && i < n {
			list[i] = &v
		}
	}
	return columnKeys(list)
}

// rowMetadata names the Support API's positional values with the check's
// column keys; null values are left out.
func rowMetadata(keys []string, values []*string) map[string]string {
	if len(values) == 0 {
		return nil
	}
	m := make(map[string]string, len(values))
	for i, v := range values {
		if v == nil {
			continue
		}
		m[keyAt(keys, i)] = *v
	}
	return m
}

// mapMetadata names the TrustedAdvisor API's {"0": value} metadata with the
// check's column keys.
func mapMetadata(keys []string, values map[string]string) map[string]string {
	if len(values) == 0 {
		return nil
	}
	m := make(map[string]string, len(values))
	for k, v := range values {
		if i, err := strconv.Atoi(k); err == nil && i >= 0 {
			k = keyAt(keys, i)
		}
		m[k] = v
	}
	return m
}

func keyAt(keys []string, i int) string {
	if i < len(keys) {
		return keys[i]
	}
	return strconv.Itoa(i)
}

// status returns s as a Status, and a note for DecodeError when it is not
// one of the four.
func status(s string) (Status, string) {
	st := Status(s)
	if st.known() {
		return st, ""
	}
	return st, fmt.Sprintf("status %q is not ok, warning, error or not_available", s)
}

// joinNotes joins the non-empty decode notes with "; ".
func joinNotes(notes ...string) string {
	out := ""
	for _, n := range notes {
		if n == "" {
			continue
		}
		if out != "" {
			out += "; "
		}
		out += n
	}
	return out
}

// sortRecommendations orders results by category (security first), check
// id, ARN and account: stable keys, whatever order AWS listed them in.
func sortRecommendations(recs []Recommendation) {
	slices.SortStableFunc(recs, func(a, b Recommendation) int {
		return cmp.Or(
			cmp.Compare(a.Category.rank(), b.Category.rank()),
			cmp.Compare(a.CheckID, b.CheckID),
			cmp.Compare(a.ARN, b.ARN),
			cmp.Compare(a.Account, b.Account),
		)
	})
}

func sortResources(rs []FlaggedResource) {
	slices.SortStableFunc(rs, func(a, b FlaggedResource) int {
		return cmp.Or(
			cmp.Compare(a.Account, b.Account),
			cmp.Compare(a.Region, b.Region),
			cmp.Compare(a.AWSResourceID, b.AWSResourceID),
			cmp.Compare(a.ID, b.ID),
		)
	})
}

// checkInfo is what an API says about a check: enough to name its result
// and its metadata columns.
type checkInfo struct {
	id, name, arn string
	pillars       []Pillar
	columns       []string
}

// notAvailable is the result of a selected check that no API produced a
// result for. Its name comes from the API's catalog when the check is in
// it, else from KnownChecks.
func notAvailable(id string, catalog map[string]checkInfo, reason, account string) Recommendation {
	r := Recommendation{CheckID: id, Status: StatusNotAvailable, StatusReason: reason, Account: account}
	if info, ok := catalog[id]; ok {
		r.Name, r.Pillars, r.Category = info.name, info.pillars, primary(info.pillars)
	} else if ck, ok := LookupCheck(id); ok {
		r.Name, r.Pillars, r.Category = ck.Name, []Pillar{ck.Category}, ck.Category
	}
	return r
}

// missingChecks returns a not_available result for every selected check of
// catalog, and every id the selection names, that has no result in have.
func missingChecks(sel Selection, catalog map[string]checkInfo, have map[string]bool, account string) []Recommendation {
	var out []Recommendation
	for _, id := range slices.Sorted(maps.Keys(catalog)) {
		if !have[id] && sel.includes(id, catalog[id].pillars) {
			have[id] = true
			out = append(out, notAvailable(id, catalog, "Trusted Advisor has no result for this check yet", account))
		}
	}
	for _, id := range sel.IDs() {
		if !have[id] {
			have[id] = true
			out = append(out, notAvailable(id, catalog, "the check is not offered to this account: unknown id, retired, or not included in its support plan", account))
		}
	}
	return out
}
