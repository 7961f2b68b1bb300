package inspectortest

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/aigov/aigov/inspector"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
)

// The filter semantics the fake applies, for every kind of filter:
//   - string filters: within one field, EQUALS and PREFIX filters are
//     alternatives (one must hold), NOT_EQUALS filters must all hold; a
//     field with several values (image tags, packages, resources) holds when
//     one value meets the alternatives and no value equals an exclusion;
//   - date and number filters: the value must lie in one of the inclusive
//     ranges; a missing value lies in none;
//   - fields combine with AND.

// stringFilter is the common shape of the three string filter types.
type stringFilter struct{ comparison, value string }

// matchStrings applies the filters of one field to its values.
func matchStrings(filters []stringFilter, values []string) bool {
	positive, hit := false, false
	for _, f := range filters {
		switch f.comparison {
		case "EQUALS", "PREFIX":
			positive = true
			for _, v := range values {
				if v == f.value || (f.comparison == "PREFIX" && strings.HasPrefix(v, f.value)) {
					hit = true
				}
			}
		case "NOT_EQUALS":
			if slices.Contains(values, f.value) {
				return false
			}
		}
	}
	return !positive || hit
}

// checkStrings validates the filters of one field as Amazon Inspector does:
// at most 10, each with a known comparison and a value.
func checkStrings(field string, filters []stringFilter, comparisons ...string) error {
	if len(filters) > 10 {
		return validation("1 validation error detected: Value at '%s' failed to satisfy constraint: Member must have length less than or equal to 10", field)
	}
	for _, f := range filters {
		if !slices.Contains(comparisons, f.comparison) {
			return validation("1 validation error detected: Value '%s' at '%s.member.comparison' failed to satisfy constraint: Member must satisfy enum value set: %v", f.comparison, field, comparisons)
		}
		if f.value == "" || len(f.value) > 1024 {
			return validation("1 validation error detected: Value at '%s.member.value' failed to satisfy constraint: Member must have length between 1 and 1024", field)
		}
	}
	return nil
}

// emptyList is Amazon Inspector's answer to a filter list sent empty: the
// lists take at least one member.
func emptyList(field string) error {
	return validation("1 validation error detected: Value '[]' at '%s' failed to satisfy constraint: Member must have length greater than or equal to 1", field)
}

func fromString(in []types.StringFilter) []stringFilter {
	out := make([]stringFilter, len(in))
	for i, f := range in {
		out[i] = stringFilter{string(f.Comparison), aws.ToString(f.Value)}
	}
	return out
}

func fromCoverage(in []types.CoverageStringFilter) []stringFilter {
	out := make([]stringFilter, len(in))
	for i, f := range in {
		out[i] = stringFilter{string(f.Comparison), aws.ToString(f.Value)}
	}
	return out
}

func inDates(filters []types.DateFilter, t time.Time) bool {
	if len(filters) == 0 {
		return true
	}
	for _, d := range filters {
		if !t.IsZero() && (d.StartInclusive == nil || !t.Before(*d.StartInclusive)) && (d.EndInclusive == nil || !t.After(*d.EndInclusive)) {
			return true
		}
	}
	return false
}

func inNumbers(filters []types.NumberFilter, v float64) bool {
	if len(filters) == 0 {
		return true
	}
	for _, n := range filters {
		if (n.LowerInclusive == nil || v >= *n.LowerInclusive) && (n.UpperInclusive == nil || v <= *n.UpperInclusive) {
			return true
		}
	}
	return false
}

// modeledFindingFields are the fields of FilterCriteria the fake applies;
// a ListFindings call that sets any other fails, so that no test passes on a
// filter the fake ignored.
var modeledFindingFields = []string{
	"AwsAccountId", "FindingArn", "FindingStatus", "FindingType", "ResourceType", "ResourceId", "Severity", "Title",
	"EcrImageRegistry", "EcrImageRepositoryName", "EcrImageHash", "EcrImageTags", "LambdaFunctionName",
	"VulnerablePackages", "VulnerabilityId", "FixAvailable", "ExploitAvailable", "InspectorScore", "EpssScore",
	"FirstObservedAt", "LastObservedAt", "UpdatedAt",
}

// unmodeled returns the name of a set field of v (a filter criteria struct)
// that is not in modeled, or "".
func unmodeled(v any, modeled []string) string {
	rv := reflect.ValueOf(v).Elem()
	for i := range rv.NumField() {
		name := rv.Type().Field(i).Name
		if fv := rv.Field(i); fv.Kind() == reflect.Slice && fv.Len() > 0 && !slices.Contains(modeled, name) {
			return name
		}
	}
	return ""
}

// findingFilter checks a ListFindings filter and returns the predicate it
// stands for.
func findingFilter(fc *types.FilterCriteria) (func(inspector.Finding) bool, error) {
	if fc == nil {
		return func(inspector.Finding) bool { return true }, nil
	}
	if name := unmodeled(fc, modeledFindingFields); name != "" {
		return nil, fmt.Errorf("inspectortest: ListFindings: the filter field %s is not modelled by the fake", name)
	}
	type field struct {
		name   string
		in     []types.StringFilter
		values func(inspector.Finding) []string
	}
	each := func(get func(inspector.AffectedResource) []string) func(inspector.Finding) []string {
		return func(f inspector.Finding) []string {
			var out []string
			for _, r := range f.Resources {
				out = append(out, get(r)...)
			}
			return out
		}
	}
	one := func(s string) []string {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	fields := []field{
		{"awsAccountId", fc.AwsAccountId, func(f inspector.Finding) []string { return one(f.Account) }},
		{"findingArn", fc.FindingArn, func(f inspector.Finding) []string { return one(f.ARN) }},
		{"findingStatus", fc.FindingStatus, func(f inspector.Finding) []string { return one(string(f.Status)) }},
		{"findingType", fc.FindingType, func(f inspector.Finding) []string { return one(string(f.Type)) }},
		{"severity", fc.Severity, func(f inspector.Finding) []string { return one(string(f.Severity)) }},
		{"title", fc.Title, func(f inspector.Finding) []string { return one(f.Title) }},
		{"vulnerabilityId", fc.VulnerabilityId, func(f inspector.Finding) []string { return one(f.VulnerabilityID) }},
		{"fixAvailable", fc.FixAvailable, func(f inspector.Finding) []string { return one(string(f.FixAvailable)) }},
		{"exploitAvailable", fc.ExploitAvailable, func(f inspector.Finding) []string { return one(string(f.ExploitAvailable)) }},
		{"resourceType", fc.ResourceType, each(func(r inspector.AffectedResource) []string { return one(string(r.Type)) })},
		{"resourceId", fc.ResourceId, each(func(r inspector.AffectedResource) []string { return one(r.ID) })},
		{"ecrImageRegistry", fc.EcrImageRegistry, each(func(r inspector.AffectedResource) []string { return one(r.ImageRegistry) })},
		{"ecrImageRepositoryName", fc.EcrImageRepositoryName, each(func(r inspector.AffectedResource) []string { return one(r.ImageRepository) })},
		{"ecrImageHash", fc.EcrImageHash, each(func(r inspector.AffectedResource) []string { return one(r.ImageDigest) })},
		{"ecrImageTags", fc.EcrImageTags, each(func(r inspector.AffectedResource) []string { return r.ImageTags })},
		{"lambdaFunctionName", fc.LambdaFunctionName, each(func(r inspector.AffectedResource) []string { return one(r.LambdaFunction) })},
	}
	for _, fl := range fields {
		if fl.in != nil && len(fl.in) == 0 {
			return nil, emptyList("filterCriteria." + fl.name)
		}
		if err := checkStrings("filterCriteria."+fl.name, fromString(fl.in), "EQUALS", "PREFIX", "NOT_EQUALS"); err != nil {
			return nil, err
		}
	}
	var pkgNames []stringFilter
	for _, p := range fc.VulnerablePackages {
		if p.Name == nil || p.Version != nil || p.Release != nil || p.Epoch != nil || p.Architecture != nil || p.FilePath != nil || p.SourceLayerHash != nil || p.SourceLambdaLayerArn != nil {
			return nil, fmt.Errorf("inspectortest: ListFindings: the fake models package filters on the name only")
		}
		pkgNames = append(pkgNames, stringFilter{string(p.Name.Comparison), aws.ToString(p.Name.Value)})
	}
	if err := checkStrings("filterCriteria.vulnerablePackages", pkgNames, "EQUALS", "PREFIX", "NOT_EQUALS"); err != nil {
		return nil, err
	}
	for _, d := range [][]types.DateFilter{fc.FirstObservedAt, fc.LastObservedAt, fc.UpdatedAt} {
		if len(d) > 10 {
			return nil, validation("1 validation error detected: a date filter list has more than 10 members")
		}
	}
	return func(f inspector.Finding) bool {
		for _, fl := range fields {
			if !matchStrings(fromString(fl.in), fl.values(f)) {
				return false
			}
		}
		var names []string
		for _, p := range f.Packages {
			names = append(names, p.Name)
		}
		return matchStrings(pkgNames, names) &&
			inNumbers(fc.InspectorScore, f.InspectorScore) && inNumbers(fc.EpssScore, f.EPSS) &&
			inDates(fc.FirstObservedAt, f.FirstObservedAt) && inDates(fc.LastObservedAt, f.LastObservedAt) && inDates(fc.UpdatedAt, f.UpdatedAt)
	}, nil
}

var modeledCoverageFields = []string{
	"AccountId", "ResourceType", "ResourceId", "EcrRepositoryName", "EcrImageTags", "LambdaFunctionName",
	"ScanStatusCode", "ScanStatusReason", "ScanType", "LastScannedAt",
}

// coverageFilter checks a ListCoverage filter and returns its predicate.
func coverageFilter(fc *types.CoverageFilterCriteria) (func(inspector.CoveredResource) bool, error) {
	if fc == nil {
		return func(inspector.CoveredResource) bool { return true }, nil
	}
	if name := unmodeled(fc, modeledCoverageFields); name != "" {
		return nil, fmt.Errorf("inspectortest: ListCoverage: the filter field %s is not modelled by the fake", name)
	}
	one := func(s string) []string {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	fields := []struct {
		name   string
		in     []types.CoverageStringFilter
		values func(inspector.CoveredResource) []string
	}{
		{"accountId", fc.AccountId, func(r inspector.CoveredResource) []string { return one(r.Account) }},
		{"resourceType", fc.ResourceType, func(r inspector.CoveredResource) []string { return one(string(r.Type)) }},
		{"resourceId", fc.ResourceId, func(r inspector.CoveredResource) []string { return one(r.ResourceID) }},
		{"ecrRepositoryName", fc.EcrRepositoryName, func(r inspector.CoveredResource) []string { return one(r.Repository) }},
		{"ecrImageTags", fc.EcrImageTags, func(r inspector.CoveredResource) []string { return r.ImageTags }},
		{"lambdaFunctionName", fc.LambdaFunctionName, func(r inspector.CoveredResource) []string { return one(r.LambdaFunction) }},
		{"scanStatusCode", fc.ScanStatusCode, func(r inspector.CoveredResource) []string { return one(string(r.Status)) }},
		{"scanStatusReason", fc.ScanStatusReason, func(r inspector.CoveredResource) []string { return one(string(r.Reason)) }},
		{"scanType", fc.ScanType, func(r inspector.CoveredResource) []string { return one(r.ScanKind) }},
	}
	for _, fl := range fields {
		if fl.in != nil && len(fl.in) == 0 {
			return nil, emptyList("filterCriteria." + fl.name)
		}
		if err := checkStrings("filterCriteria."+fl.name, fromCoverage(fl.in), "EQUALS", "NOT_EQUALS"); err != nil {
			return nil, err
		}
	}
	var scanned []types.DateFilter
	for _, d := range fc.LastScannedAt {
		scanned = append(scanned, types.DateFilter{StartInclusive: d.StartInclusive, EndInclusive: d.EndInclusive})
	}
	return func(r inspector.CoveredResource) bool {
		for _, fl := range fields {
			if !matchStrings(fromCoverage(fl.in), fl.values(r)) {
				return false
			}
		}
		return inDates(scanned, r.LastScannedAt)
	}, nil
}
