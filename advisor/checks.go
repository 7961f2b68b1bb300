package advisor

import (
	"fmt"
	"slices"
	"strings"
)

// Pillar is the category of a check: the Support API calls it category, the
// TrustedAdvisor API pillar, and both use the same values.
type Pillar string

// The pillars, in the order results are sorted: security first.
const (
	Security              Pillar = "security"
	CostOptimizing        Pillar = "cost_optimizing"
	FaultTolerance        Pillar = "fault_tolerance"
	Performance           Pillar = "performance"
	ServiceLimits         Pillar = "service_limits"
	OperationalExcellence Pillar = "operational_excellence"
)

var pillarOrder = []Pillar{Security, CostOptimizing, FaultTolerance, Performance, ServiceLimits, OperationalExcellence}

// rank orders pillars as pillarOrder does; unknown pillars come last.
func (p Pillar) rank() int {
	if i := slices.Index(pillarOrder, p); i >= 0 {
		return i
	}
	return len(pillarOrder)
}

// primary returns the pillar a multi-pillar check is filed under: security
// when it is one of them, else the first in pillarOrder.
func primary(pillars []Pillar) Pillar {
	best := Pillar("")
	for _, p := range pillars {
		if best == "" || p.rank() < best.rank() {
			best = p
		}
	}
	return best
}

// The ids of the security checks that guard data, identities and logging:
// the same id in both APIs (the TrustedAdvisor API names the check
// "arn:aws:trustedadvisor:::check/<id>"). Source: the AWS Support security
// check reference.
const (
	CheckS3BucketPermissions          = "Pfx0RwqBli"
	CheckCloudTrailLogging            = "vjafUGJ9H0"
	CheckExposedAccessKeys            = "12Fnkpl8Y5"
	CheckIAMUse                       = "zXCkfM1nI3"
	CheckRootMFA                      = "7DAFEmoDos"
	CheckSecurityGroupsSpecificPorts  = "HCP4007jGY"
	CheckSecurityGroupsUnrestricted   = "1iG5NDGVre"
	CheckIAMAccessKeyRotation         = "DqdJqYeRm5"
	CheckIAMPasswordPolicy            = "Yw2K9puPzl"
	CheckEBSPublicSnapshots           = "ePs02jT06w"
	CheckRDSPublicSnapshots           = "rSs93HQwa1"
	CheckRDSSecurityGroupAccessRisk   = "nNauJisYIT"
	CheckELBListenerSecurity          = "a2sEc6ILx"
	CheckELBSecurityGroups            = "xSqX82fQu"
	CheckLambdaDeprecatedRuntimes     = "L4dfs2Q4C5"
	CheckWellArchitectedSecurityRisks = "Wxdfp4B1L3"
)

// Check is a Trusted Advisor check as this package knows it without asking
// AWS.
type Check struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Category Pillar `json:"category"`
	// ForAIData is whether SecurityChecksForAIData selects it.
	ForAIData bool `json:"forAIData,omitempty"`
	// AutoRefreshed checks are refreshed by AWS alone: RefreshCheck refuses
	// them without calling AWS, which would answer InvalidParameterValue.
	AutoRefreshed bool `json:"autoRefreshed,omitempty"`
}

// knownChecks are the security checks of the Support security check
// reference, in the order that reference lists them.
var knownChecks = []Check{
	{ID: CheckS3BucketPermissions, Name: "Amazon S3 Bucket Permissions", Category: Security, ForAIData: true},
	{ID: CheckCloudTrailLogging, Name: "AWS CloudTrail Logging", Category: Security, ForAIData: true},
	// Auto-refreshed since 2022-04-25; a refresh call answers InvalidParameterValue.
	{ID: CheckExposedAccessKeys, Name: "Exposed Access Keys", Category: Security, ForAIData: true, AutoRefreshed: true},
	{ID: CheckIAMUse, Name: "IAM Use", Category: Security, ForAIData: true},
	{ID: CheckRootMFA, Name: "MFA on Root Account", Category: Security, ForAIData: true},
	{ID: CheckSecurityGroupsSpecificPorts, Name: "Security Groups - Specific Ports Unrestricted", Category: Security, ForAIData: true},
	{ID: CheckSecurityGroupsUnrestricted, Name: "Security Groups - Unrestricted Access", Category: Security, ForAIData: true},
	{ID: CheckIAMAccessKeyRotation, Name: "IAM Access Key Rotation", Category: Security, ForAIData: true},
	{ID: CheckIAMPasswordPolicy, Name: "IAM Password Policy", Category: Security, ForAIData: true},
	{ID: CheckEBSPublicSnapshots, Name: "Amazon EBS Public Snapshots", Category: Security, ForAIData: true},
	{ID: CheckRDSPublicSnapshots, Name: "Amazon RDS Public Snapshots", Category: Security, ForAIData: true},
	{ID: CheckRDSSecurityGroupAccessRisk, Name: "Amazon RDS Security Group Access Risk", Category: Security, ForAIData: true},
	{ID: CheckELBListenerSecurity, Name: "ELB Listener Security", Category: Security, ForAIData: true},
	{ID: CheckELBSecurityGroups, Name: "ELB Security Groups", Category: Security, ForAIData: true},
	// Security checks that are not about who can reach data: selectable by
	// id or by the security category, not in the AI data default.
	{ID: CheckLambdaDeprecatedRuntimes, Name: "AWS Lambda Functions Using Deprecated Runtimes", Category: Security},
	{ID: CheckWellArchitectedSecurityRisks, Name: "AWS Well-Architected high risk issues for security", Category: Security},
}

// KnownChecks returns the security checks this package knows by id, in the
// order of the AWS security check reference.
func KnownChecks() []Check { return slices.Clone(knownChecks) }

// LookupCheck returns the known check with the given id.
func LookupCheck(id string) (Check, bool) {
	i := slices.IndexFunc(knownChecks, func(c Check) bool { return c.ID == id })
	if i < 0 {
		return Check{}, false
	}
	return knownChecks[i], true
}

// CheckARN returns the TrustedAdvisor API's ARN of a check in the aws
// partition: "arn:aws:trustedadvisor:::check/<id>".
func CheckARN(id string) string { return "arn:aws:trustedadvisor:::check/" + id }

// CheckIDFromARN returns the check id of a TrustedAdvisor API check ARN
// ("arn:<partition>:trustedadvisor:::check/<id>"): the same id the Support
// API uses. ok is false for anything else.
func CheckIDFromARN(arn string) (id string, ok bool) {
	rest, found := strings.CutPrefix(arn, "arn:")
	if !found {
		return "", false
	}
	_, rest, found = strings.Cut(rest, ":")
	if !found {
		return "", false
	}
	id, found = strings.CutPrefix(rest, "trustedadvisor:::check/")
	if !found || id == "" || strings.Contains(id, "/") {
		return "", false
	}
	return id, true
}

// Selection chooses the checks Recommendations and
// OrganizationRecommendations report. The zero Selection is
// SecurityChecksForAIData().
type Selection struct {
	all     bool
	pillars []Pillar
	ids     []string
	named   bool // CheckIDs or Category was called, even with nothing
}

// SecurityChecksForAIData selects the security checks that guard the data AI
// workloads train on and serve from: who can read S3 buckets and snapshots,
// open security groups, root MFA, IAM hygiene, exposed keys, CloudTrail
// logging and load balancer listeners (the checks of KnownChecks with
// ForAIData). It is the default.
func SecurityChecksForAIData() Selection { return Selection{} }

// AllChecks selects every check the account has.
func AllChecks() Selection { return Selection{all: true, named: true} }

// Category selects every check of the given pillars; a check filed under
// several pillars is selected when any of them is named.
func Category(pillars ...Pillar) Selection {
	return Selection{pillars: slices.Clone(pillars), named: true}
}

// CheckIDs selects the checks with these ids (see the Check… constants).
func CheckIDs(ids ...string) Selection {
	return Selection{ids: slices.Clone(ids), named: true}
}

// IDs returns the check ids the selection names, or nil when it selects by
// category or selects everything.
func (s Selection) IDs() []string {
	if !s.named {
		var ids []string
		for _, c := range knownChecks {
			if c.ForAIData {
				ids = append(ids, c.ID)
			}
		}
		return ids
	}
	return slices.Clone(s.ids)
}

// String describes the selection, for logs and reports.
func (s Selection) String() string {
	switch {
	case !s.named:
		return "security checks for AI data"
	case s.all:
		return "all checks"
	case s.pillars != nil:
		return fmt.Sprintf("categories %v", s.pillars)
	}
	return fmt.Sprintf("checks %v", s.ids)
}

// validate refuses a selection that can select nothing: an empty one would
// read as "no problems found".
func (s Selection) validate() error {
	if !s.named || s.all {
		return nil
	}
	if len(s.pillars) == 0 && len(s.ids) == 0 {
		return fmt.Errorf("advisor: the selection names no check and no category")
	}
	for _, p := range s.pillars {
		if p.rank() == len(pillarOrder) {
			return fmt.Errorf("advisor: %q is not a Trusted Advisor category (one of %v)", p, pillarOrder)
		}
	}
	for _, id := range s.ids {
		if strings.TrimSpace(id) == "" {
			return fmt.Errorf("advisor: the selection has an empty check id")
		}
	}
	return nil
}

// includes reports whether the check with id, filed under pillars, is
// selected.
func (s Selection) includes(id string, pillars []Pillar) bool {
	switch {
	case s.all:
		return true
	case len(s.pillars) > 0:
		return slices.ContainsFunc(pillars, func(p Pillar) bool { return slices.Contains(s.pillars, p) })
	}
	return id != "" && slices.Contains(s.IDs(), id)
}

// pillarFilter returns the one pillar a listing can be filtered on, or ""
// when the selection spans several or none.
func (s Selection) pillarFilter() Pillar {
	if len(s.pillars) == 1 {
		return s.pillars[0]
	}
	if !s.named {
		return Security
	}
	return ""
}
