package inspector

// Severity is the severity Amazon Inspector gives a finding. Severities are
// ordered INFORMATIONAL < LOW < MEDIUM < HIGH < CRITICAL.
//
// UNTRIAGED is the severity of a vulnerability that its source has not
// scored yet. It is outside the order: it ranks below INFORMATIONAL, no
// minimum severity admits it, and the severity counts of AWS do not count
// it apart (see SeverityCount.Other). A caller that fails closed treats an
// untriaged finding as possibly critical.
type Severity string

// The severities of Amazon Inspector.
const (
	SeverityInformational Severity = "INFORMATIONAL"
	SeverityLow           Severity = "LOW"
	SeverityMedium        Severity = "MEDIUM"
	SeverityHigh          Severity = "HIGH"
	SeverityCritical      Severity = "CRITICAL"
	SeverityUntriaged     Severity = "UNTRIAGED"
)

// severities lists the ordered severities, lowest first.
var severities = []Severity{SeverityInformational, SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical}

// Rank orders severities: 1 for INFORMATIONAL up to 5 for CRITICAL, and 0
// for UNTRIAGED and any value Amazon Inspector may add later.
func (s Severity) Rank() int {
	for i, v := range severities {
		if s == v {
			return i + 1
		}
	}
	return 0
}

// AtLeast reports whether s is min or more severe. An UNTRIAGED or unknown
// severity is at least nothing; every severity is at least "".
func (s Severity) AtLeast(min Severity) bool {
	if min == "" {
		return true
	}
	return s.Rank() > 0 && s.Rank() >= min.Rank()
}

// Valid reports whether s is one of the six severities of Amazon Inspector.
func (s Severity) Valid() bool { return s.Rank() > 0 || s == SeverityUntriaged }

// andAbove returns the ordered severities from min up, for a filter.
func (s Severity) andAbove() []Severity {
	var out []Severity
	for _, v := range severities {
		if v.AtLeast(s) {
			out = append(out, v)
		}
	}
	return out
}

// Status is the state of a finding.
type Status string

// The finding states.
const (
	// StatusActive is a finding Amazon Inspector still observes.
	StatusActive Status = "ACTIVE"
	// StatusSuppressed is a finding a suppression rule hides.
	StatusSuppressed Status = "SUPPRESSED"
	// StatusClosed is a finding no longer observed: the package was
	// upgraded or the resource is gone.
	StatusClosed Status = "CLOSED"
)

// FindingType is the kind of problem a finding reports.
type FindingType string

// The finding types.
const (
	// TypePackageVulnerability is a vulnerable software package, such as
	// an outdated torch in a container image.
	TypePackageVulnerability FindingType = "PACKAGE_VULNERABILITY"
	// TypeCodeVulnerability is a flaw in Lambda function code.
	TypeCodeVulnerability FindingType = "CODE_VULNERABILITY"
	// TypeNetworkReachability is an EC2 port open to a network.
	TypeNetworkReachability FindingType = "NETWORK_REACHABILITY"
)

// ResourceType is the type of a resource Amazon Inspector scans.
type ResourceType string

// The resource types.
const (
	ResourceEC2Instance    ResourceType = "AWS_EC2_INSTANCE"
	ResourceECRImage       ResourceType = "AWS_ECR_CONTAINER_IMAGE"
	ResourceECRRepository  ResourceType = "AWS_ECR_REPOSITORY"
	ResourceLambdaFunction ResourceType = "AWS_LAMBDA_FUNCTION"
	ResourceCodeRepository ResourceType = "CODE_REPOSITORY"
)

// Availability says whether a fix or an exploit exists.
type Availability string

// The availability values. PARTIAL applies to fixes only: some of the
// finding's vulnerable packages have a fixed version, others do not.
const (
	Yes     Availability = "YES"
	No      Availability = "NO"
	Partial Availability = "PARTIAL"
)
