package cloudtrail

import (
	"slices"
)

// CoverageState says whether CloudTrail records a region's write management
// events.
type CoverageState string

// The states of a region.
const (
	// Covered: a logging trail records the region's write management
	// events.
	Covered CoverageState = "covered"
	// Uncovered: no trail does. Changes made in the region leave no trace.
	Uncovered CoverageState = "uncovered"
	// CoverageUnknown: no trail is known to, but a trail that applies to
	// the region could not be read (Trail.StatusError), so it may.
	CoverageUnknown CoverageState = "unknown"
)

// RegionCoverage is what the trails record of one region.
type RegionCoverage struct {
	Region string        `json:"region"`
	State  CoverageState `json:"state"`
	// WriteTrails and ReadTrails are the ARNs of the logging trails that
	// record the region's write, and read, management events.
	WriteTrails []string `json:"writeTrails,omitempty"`
	ReadTrails  []string `json:"readTrails,omitempty"`
	// UnknownTrails are the ARNs of the trails that apply to the region
	// but could not be read, and are not known to record its writes.
	UnknownTrails []string `json:"unknownTrails,omitempty"`
}

// Coverage is what an account's trails record, region by region, and how
// well the trails that record everywhere are protected. EvaluateCoverage
// computes it.
type Coverage struct {
	// Regions are the regions asked about, sorted.
	Regions []RegionCoverage `json:"regions"`
	// MultiRegionTrails are the ARNs of the multi-region trails that are
	// logging and record write management events.
	MultiRegionTrails []string `json:"multiRegionTrails,omitempty"`
	// ProtectedTrails are those of MultiRegionTrails with log file
	// validation and KMS encryption: logs that cannot be altered unseen,
	// nor read with S3 access alone.
	ProtectedTrails []string `json:"protectedTrails,omitempty"`
	// SecurityTrails are the trails for which Trail.IsSecurityTrail holds.
	SecurityTrails []string `json:"securityTrails,omitempty"`
	// GlobalServiceTrails are the ARNs of the logging trails that record
	// write management events of global services (IAM, STS …). CloudTrail
	// delivers those events in us-east-1, so only a trail that applies to
	// us-east-1 counts. Without one, IAM role and policy changes are not
	// recorded.
	GlobalServiceTrails []string `json:"globalServiceTrails,omitempty"`
	// FailingDelivery are the ARNs of logging trails whose latest delivery
	// of log files or digest files to S3 failed.
	FailingDelivery []string `json:"failingDelivery,omitempty"`
}

// EvaluateCoverage says, for each region named, whether a logging trail
// records its write management events, and which trails record every
// region, with what protection. It is a pure function of its arguments:
// evaluate the trails of Client.Trails for the regions the account uses.
//
// A trail whose status or selectors could not be read (StatusError) and is
// not known to record writes makes the regions it applies to
// CoverageUnknown rather than Uncovered. If Client.Trails failed to list a
// region, a single-region trail of that region may be missing from trails
// and the region wrongly Uncovered: check that error first.
func EvaluateCoverage(trails []Trail, regions []string) Coverage {
	cov := Coverage{Regions: []RegionCoverage{}}
	names := slices.Clone(regions)
	slices.Sort(names)
	for _, region := range slices.Compact(names) {
		if region == "" {
			continue
		}
		rc := RegionCoverage{Region: region}
		for _, t := range trails {
			if !t.AppliesTo(region) {
				continue
			}
			if t.LogsManagementWrites() {
				rc.WriteTrails = append(rc.WriteTrails, t.ARN)
			} else if t.StatusError != "" {
				rc.UnknownTrails = append(rc.UnknownTrails, t.ARN)
			}
			if t.LogsManagementReads() {
				rc.ReadTrails = append(rc.ReadTrails, t.ARN)
			}
		}
		switch {
		case len(rc.WriteTrails) > 0:
			rc.State = Covered
		case len(rc.UnknownTrails) > 0:
			rc.State = CoverageUnknown
		default:
			rc.State = Uncovered
		}
		sortStrings(rc.WriteTrails, rc.ReadTrails, rc.UnknownTrails)
		cov.Regions = append(cov.Regions, rc)
	}
	for _, t := range trails {
		if t.LogsManagementWrites() && t.MultiRegion {
			cov.MultiRegionTrails = append(cov.MultiRegionTrails, t.ARN)
			if t.LogFileValidation && t.KMSKeyID != "" {
				cov.ProtectedTrails = append(cov.ProtectedTrails, t.ARN)
			}
		}
		if t.IsSecurityTrail() {
			cov.SecurityTrails = append(cov.SecurityTrails, t.ARN)
		}
		if t.LogsManagementWrites() && t.GlobalServiceEvents && t.AppliesTo(globalServiceRegion) {
			cov.GlobalServiceTrails = append(cov.GlobalServiceTrails, t.ARN)
		}
		if t.Logging && (t.LatestDeliveryError != "" || t.LatestDigestDeliveryError != "") {
			cov.FailingDelivery = append(cov.FailingDelivery, t.ARN)
		}
	}
	sortStrings(cov.MultiRegionTrails, cov.ProtectedTrails, cov.SecurityTrails, cov.GlobalServiceTrails, cov.FailingDelivery)
	return cov
}

// globalServiceRegion is where CloudTrail delivers the events of global
// services.
const globalServiceRegion = "us-east-1"

// RegionsIn returns the regions in the given state, sorted.
func (c Coverage) RegionsIn(state CoverageState) []string {
	var out []string
	for _, r := range c.Regions {
		if r.State == state {
			out = append(out, r.Region)
		}
	}
	return out
}

// Complete reports whether every region asked about is Covered.
func (c Coverage) Complete() bool {
	return len(c.RegionsIn(Covered)) == len(c.Regions)
}

func sortStrings(lists ...[]string) {
	for _, l := range lists {
		slices.Sort(l)
	}
}
