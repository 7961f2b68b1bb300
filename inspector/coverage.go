package inspector

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
)

// CoverageStatus says whether Amazon Inspector scans a resource.
type CoverageStatus string

// The coverage statuses.
const (
	// CoverageActive: Amazon Inspector scans the resource (see
	// CoveredResource.Scanned for the one exception).
	CoverageActive CoverageStatus = "ACTIVE"
	// CoverageInactive: it does not; CoveredResource.Reason says why.
	CoverageInactive CoverageStatus = "INACTIVE"
)

// ScanReason is why a resource is or is not scanned, such as
// "UNSUPPORTED_OS", "PENDING_INITIAL_SCAN", "SCAN_ELIGIBILITY_EXPIRED" or
// "SUCCESSFUL". See the ScanStatusReason values of the Amazon Inspector API.
type ScanReason string

// The reasons a governance review meets most.
const (
	ReasonSuccessful             ScanReason = "SUCCESSFUL"
	ReasonPendingInitialScan     ScanReason = "PENDING_INITIAL_SCAN"
	ReasonAccessDenied           ScanReason = "ACCESS_DENIED"
	ReasonUnsupportedOS          ScanReason = "UNSUPPORTED_OS"
	ReasonUnsupportedRuntime     ScanReason = "UNSUPPORTED_RUNTIME"
	ReasonScanEligibilityExpired ScanReason = "SCAN_ELIGIBILITY_EXPIRED"
	ReasonImageSizeExceeded      ScanReason = "IMAGE_SIZE_EXCEEDED"
	ReasonScanFrequencyManual    ScanReason = "SCAN_FREQUENCY_MANUAL"
	ReasonExcludedByTag          ScanReason = "EXCLUDED_BY_TAG"
	ReasonUnmanagedEC2Instance   ScanReason = "UNMANAGED_EC2_INSTANCE"
	ReasonImageArchived          ScanReason = "IMAGE_ARCHIVED"
)

// CoverageFilter selects covered resources. The zero value selects every
// resource Amazon Inspector knows in the Client's region. Fields combine
// with AND; the string fields take Equal and Not matches only (Amazon
// Inspector has no prefix match for coverage).
type CoverageFilter struct {
	// ResourceTypes keeps resources of these types.
	ResourceTypes []ResourceType `json:"resourceTypes,omitempty"`
	// Status keeps scanned (CoverageActive) or unscanned
	// (CoverageInactive) resources; empty keeps both.
	Status CoverageStatus `json:"status,omitempty"`
	// Reasons keeps resources whose scan status has one of these reasons.
	Reasons []ScanReason `json:"reasons,omitempty"`
	// Accounts matches the account that owns the resource.
	Accounts []Match `json:"accounts,omitempty"`
	// Repositories matches the ECR repository of an image or repository.
	Repositories []Match `json:"repositories,omitempty"`
	// ImageTags matches a tag of an ECR image.
	ImageTags []Match `json:"imageTags,omitempty"`
	// LambdaFunctions matches the name of a Lambda function.
	LambdaFunctions []Match `json:"lambdaFunctions,omitempty"`
	// ResourceIDs matches the resource id Amazon Inspector uses (an ARN
	// for images and functions, an instance id for EC2).
	ResourceIDs []Match `json:"resourceIds,omitempty"`
}

// CoveredResource is a resource Amazon Inspector knows, scanned or not.
type CoveredResource struct {
	Account string `json:"account"`
	// Region is the region of the Client that listed the resource.
	Region     string       `json:"region,omitempty"`
	ResourceID string       `json:"resourceId"`
	Type       ResourceType `json:"type"`
	// ScanKind is what Amazon Inspector looks for: PACKAGE, NETWORK or
	// CODE.
	ScanKind string `json:"scanKind,omitempty"`
	// ScanMode is how an EC2 instance is scanned: EC2_SSM_AGENT_BASED or
	// EC2_AGENTLESS.
	ScanMode string `json:"scanMode,omitempty"`
	// Status and Reason are the scan status: ACTIVE with SUCCESSFUL for a
	// scanned resource, INACTIVE with the reason for a gap.
	Status        CoverageStatus `json:"status"`
	Reason        ScanReason     `json:"reason,omitempty"`
	LastScannedAt time.Time      `json:"lastScannedAt,omitzero"`

	// ECR images and repositories. ImageDigest comes from the resource id.
	Repository      string    `json:"repository,omitempty"`
	ImageDigest     string    `json:"imageDigest,omitempty"`
	ImageTags       []string  `json:"imageTags,omitempty"`
	ImagePulledAt   time.Time `json:"imagePulledAt,omitzero"`
	ImageInUseCount int64     `json:"imageInUseCount,omitempty"`
	// ScanFrequency is a repository's: SCAN_ON_PUSH, CONTINUOUS_SCAN or
	// MANUAL.
	ScanFrequency string `json:"scanFrequency,omitempty"`

	// Lambda functions.
	LambdaFunction string `json:"lambdaFunction,omitempty"`
	LambdaRuntime  string `json:"lambdaRuntime,omitempty"`

	// EC2 instances.
	EC2ImageID  string `json:"ec2ImageId,omitempty"`
	EC2Platform string `json:"ec2Platform,omitempty"`

	// Tags are the resource's tags (EC2 instances and Lambda functions).
	Tags map[string]string `json:"tags,omitempty"`
}

// Scanned reports whether Amazon Inspector has scanned the resource and
// keeps scanning it: status ACTIVE, and not still waiting for its first scan.
func (r CoveredResource) Scanned() bool {
	return r.Status == CoverageActive && r.Reason != ReasonPendingInitialScan
}

// Gap explains, in a sentence, why the resource is not scanned; empty when
// it is.
func (r CoveredResource) Gap() string {
	if r.Scanned() {
		return ""
	}
	if r.Status == CoverageActive {
		return fmt.Sprintf("Amazon Inspector has not scanned %s %s yet (%s)", r.Type, r.ResourceID, r.Reason)
	}
	return fmt.Sprintf("Amazon Inspector does not scan %s %s: %s %s", r.Type, r.ResourceID, r.Status, r.Reason)
}

// Coverage lists the resources Amazon Inspector knows, scanned or not, and
// why: filter on CoverageInactive to list the gaps.
//
// IAM: inspector2:ListCoverage.
func (c *Client) Coverage(ctx context.Context, filter CoverageFilter) iter.Seq2[CoveredResource, error] {
	fc, err := filter.criteria()
	if err != nil {
		return fail[CoveredResource](err)
	}
	return c.coverage(ctx, fc)
}

func (c *Client) coverage(ctx context.Context, fc *types.CoverageFilterCriteria) iter.Seq2[CoveredResource, error] {
	page := 0
	return clientkit.Pages(ctx, &c.base, "ListCoverage", func(ctx context.Context, token *string) ([]CoveredResource, *string, error) {
		if token == nil {
			page = 0
		}
		page++
		out, err := c.api.ListCoverage(ctx, &inspector2.ListCoverageInput{FilterCriteria: fc, MaxResults: c.size(coveragePageSize), NextToken: token}, c.optFns()...)
		if err != nil {
			return nil, nil, err
		}
		res := make([]CoveredResource, 0, len(out.CoveredResources))
		for i, r := range out.CoveredResources {
			v, err := coveredResource(r)
			v.Region = c.base.Region
			if err != nil {
				return res, nil, fmt.Errorf("page %d, resource %d: %w", page, i+1, err)
			}
			res = append(res, v)
		}
		return res, out.NextToken, nil
	})
}

func (f CoverageFilter) criteria() (*types.CoverageFilterCriteria, error) {
	fc := &types.CoverageFilterCriteria{}
	var err error
	if fc.ResourceType, err = coverageEnum("ResourceTypes", f.ResourceTypes, ResourceEC2Instance, ResourceECRImage, ResourceECRRepository, ResourceLambdaFunction, ResourceCodeRepository); err != nil {
		return nil, err
	}
	if fc.ScanStatusCode, err = coverageEnum("Status", optionalEnum(f.Status), CoverageActive, CoverageInactive); err != nil {
		return nil, err
	}
	for _, r := range f.Reasons {
		if r == "" {
			return nil, errors.New("inspector: invalid CoverageFilter.Reasons: empty reason")
		}
	}
	if fc.ScanStatusReason, err = coverageEnum("Reasons", f.Reasons); err != nil {
		return nil, err
	}
	for _, s := range []struct {
		field string
		in    []Match
		out   *[]types.CoverageStringFilter
	}{
		{"Accounts", f.Accounts, &fc.AccountId},
		{"Repositories", f.Repositories, &fc.EcrRepositoryName},
		{"ImageTags", f.ImageTags, &fc.EcrImageTags},
		{"LambdaFunctions", f.LambdaFunctions, &fc.LambdaFunctionName},
		{"ResourceIDs", f.ResourceIDs, &fc.ResourceId},
	} {
		if *s.out, err = toFilters("CoverageFilter."+s.field, s.in, coverageFilter, OpEquals, OpNotEquals); err != nil {
			return nil, err
		}
	}
	return fc, nil
}

// coverageEnum is enumFilter for coverage: EQUALS filters, values checked
// against allowed when it is given.
func coverageEnum[T ~string](field string, values []T, allowed ...T) ([]types.CoverageStringFilter, error) {
	if len(allowed) > 0 {
		if _, err := enumFilter("CoverageFilter."+field, values, allowed...); err != nil {
			return nil, err
		}
	}
	if len(values) > maxMatches {
		return nil, fmt.Errorf("inspector: invalid CoverageFilter.%s: %d values, at most %d", field, len(values), maxMatches)
	}
	var out []types.CoverageStringFilter
	for _, v := range values {
		out = append(out, coverageFilter(OpEquals, string(v)))
	}
	return out, nil
}

func coverageFilter(op MatchOp, v string) types.CoverageStringFilter {
	return types.CoverageStringFilter{Comparison: types.CoverageStringComparison(op), Value: aws.String(v)}
}

func coveredResource(r types.CoveredResource) (CoveredResource, error) {
	out := CoveredResource{
		Account:       aws.ToString(r.AccountId),
		ResourceID:    aws.ToString(r.ResourceId),
		Type:          ResourceType(r.ResourceType),
		ScanKind:      string(r.ScanType),
		ScanMode:      string(r.ScanMode),
		LastScannedAt: utc(r.LastScannedAt),
	}
	if out.ResourceID == "" || out.Type == "" {
		return out, errors.New("the covered resource has no resourceId or resourceType")
	}
	if s := r.ScanStatus; s != nil {
		out.Status, out.Reason = CoverageStatus(s.StatusCode), ScanReason(s.Reason)
	}
	if out.Type == ResourceECRImage {
		// arn:aws:ecr:region:account:repository/<repository>/<digest>
		if _, rest, ok := strings.Cut(out.ResourceID, ":repository/"); ok {
			if i := strings.LastIndexByte(rest, '/'); i > 0 {
				out.Repository, out.ImageDigest = rest[:i], rest[i+1:]
			}
		}
	}
	m := r.ResourceMetadata
	if m == nil {
		return out, nil
	}
	if e := m.EcrImage; e != nil {
		out.ImageTags = e.Tags
		out.ImagePulledAt = utc(e.ImagePulledAt)
		out.ImageInUseCount = aws.ToInt64(e.InUseCount)
	}
	if e := m.EcrRepository; e != nil {
		out.Repository = aws.ToString(e.Name)
		out.ScanFrequency = string(e.ScanFrequency)
	}
	if l := m.LambdaFunction; l != nil {
		out.LambdaFunction = aws.ToString(l.FunctionName)
		out.LambdaRuntime = string(l.Runtime)
		out.Tags = l.FunctionTags
	}
	if e := m.Ec2; e != nil {
		out.EC2ImageID = aws.ToString(e.AmiId)
		out.EC2Platform = string(e.Platform)
		out.Tags = e.Tags
	}
	return out, nil
}
