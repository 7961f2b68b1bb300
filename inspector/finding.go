package inspector

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
)

// Finding is a vulnerability Amazon Inspector found on one or more
// resources.
type Finding struct {
	// ARN identifies the finding.
	ARN string `json:"arn"`
	// Account owns the affected resources; Region is where Inspector
	// found them.
	Account string `json:"account"`
	Region  string `json:"region,omitempty"`
	// Severity is Amazon Inspector's severity, adjusted to the
	// environment (see InspectorScore).
	Severity Severity    `json:"severity"`
	Status   Status      `json:"status"`
	Type     FindingType `json:"type"`
	// Title names the vulnerability and the package, such as
	// "CVE-2025-32434 - torch".
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	// InspectorScore is Amazon Inspector's score, 0 to 10: the CVSS base
	// score adjusted to the environment.
	InspectorScore float64 `json:"inspectorScore,omitempty"`
	// EPSS is the probability, 0 to 1, that the vulnerability is
	// exploited in the next 30 days.
	EPSS float64 `json:"epss,omitempty"`
	// FixAvailable says whether upgrading fixes it: YES, NO, or PARTIAL
	// when only some of the packages have a fixed version.
	FixAvailable Availability `json:"fixAvailable,omitempty"`
	// ExploitAvailable says whether a public exploit is known: YES or NO;
	// ExploitLastSeenAt is when one was last seen.
	ExploitAvailable  Availability `json:"exploitAvailable,omitempty"`
	ExploitLastSeenAt time.Time    `json:"exploitLastSeenAt,omitzero"`
	// VulnerabilityID identifies the vulnerability, such as
	// "CVE-2025-32434" or "GHSA-…"; empty for network findings.
	VulnerabilityID string `json:"vulnerabilityId,omitempty"`
	// VulnerabilitySource is who published it, such as "NVD" or
	// "GITHUB"; VendorSeverity is that source's own severity.
	VulnerabilitySource string   `json:"vulnerabilitySource,omitempty"`
	VendorSeverity      string   `json:"vendorSeverity,omitempty"`
	SourceURL           string   `json:"sourceUrl,omitempty"`
	ReferenceURLs       []string `json:"referenceUrls,omitempty"`
	// RelatedVulnerabilities are other ids of the same flaw.
	RelatedVulnerabilities []string `json:"relatedVulnerabilities,omitempty"`
	// Packages are the vulnerable packages, for package findings.
	Packages []VulnerablePackage `json:"packages,omitempty"`
	// Resources are the affected resources (Amazon Inspector names one
	// per finding today).
	Resources []AffectedResource `json:"resources"`
	// Remediation says how to fix it; RemediationURL points to more.
	Remediation    string `json:"remediation,omitempty"`
	RemediationURL string `json:"remediationUrl,omitempty"`
	// FirstObservedAt and LastObservedAt bound when Amazon Inspector saw
	// the finding; UpdatedAt is its last change.
	FirstObservedAt time.Time `json:"firstObservedAt,omitzero"`
	LastObservedAt  time.Time `json:"lastObservedAt,omitzero"`
	UpdatedAt       time.Time `json:"updatedAt,omitzero"`
}

// VulnerablePackage is a package a finding is about.
type VulnerablePackage struct {
	// Name is the package, such as "torch".
	Name string `json:"name"`
	// InstalledVersion is the version found; Release and Epoch complete
	// it for OS packages.
	InstalledVersion string `json:"installedVersion,omitempty"`
	Release          string `json:"release,omitempty"`
	Epoch            int32  `json:"epoch,omitempty"`
	// FixedVersion is the first version without the vulnerability; empty
	// when there is none (Amazon Inspector says "NotAvailable").
	FixedVersion string `json:"fixedVersion,omitempty"`
	// PackageManager is how it was installed, such as PIP, PYTHONPKG,
	// NPM, GOMOD or OS.
	PackageManager string `json:"packageManager,omitempty"`
	Architecture   string `json:"architecture,omitempty"`
	// FilePath is where the package was found in the image or function.
	FilePath string `json:"filePath,omitempty"`
	// Remediation is the package's own fix, such as "pip install -U torch".
	Remediation string `json:"remediation,omitempty"`
	// SourceLayerHash is the image layer that brought the package;
	// SourceLambdaLayerARN the Lambda layer.
	SourceLayerHash      string `json:"sourceLayerHash,omitempty"`
	SourceLambdaLayerARN string `json:"sourceLambdaLayerArn,omitempty"`
}

// AffectedResource is a resource a finding affects. Only the fields of its
// type are set.
type AffectedResource struct {
	Type      ResourceType      `json:"type"`
	ID        string            `json:"id"`
	Account   string            `json:"account,omitempty"`
	Region    string            `json:"region,omitempty"`
	Partition string            `json:"partition,omitempty"`
	Tags      map[string]string `json:"tags,omitempty"`

	// ECR container images. ImageRegistry is the registry's account id.
	ImageRegistry     string    `json:"imageRegistry,omitempty"`
	ImageRepository   string    `json:"imageRepository,omitempty"`
	ImageDigest       string    `json:"imageDigest,omitempty"`
	ImageTags         []string  `json:"imageTags,omitempty"`
	ImagePushedAt     time.Time `json:"imagePushedAt,omitzero"`
	ImageLastInUseAt  time.Time `json:"imageLastInUseAt,omitzero"`
	ImageInUseCount   int64     `json:"imageInUseCount,omitempty"`
	ImageArchitecture string    `json:"imageArchitecture,omitempty"`
	ImagePlatform     string    `json:"imagePlatform,omitempty"`

	// Lambda functions.
	LambdaFunction      string   `json:"lambdaFunction,omitempty"`
	LambdaRuntime       string   `json:"lambdaRuntime,omitempty"`
	LambdaVersion       string   `json:"lambdaVersion,omitempty"`
	LambdaLayers        []string `json:"lambdaLayers,omitempty"`
	LambdaExecutionRole string   `json:"lambdaExecutionRole,omitempty"`

	// EC2 instances.
	EC2ImageID      string `json:"ec2ImageId,omitempty"`
	EC2InstanceType string `json:"ec2InstanceType,omitempty"`
	EC2Platform     string `json:"ec2Platform,omitempty"`
	EC2VPC          string `json:"ec2Vpc,omitempty"`
	EC2Subnet       string `json:"ec2Subnet,omitempty"`
}

// ImageURI returns the URI of an affected ECR image by digest, as a
// SageMaker model would reference it; empty for other resources.
func (r AffectedResource) ImageURI() string {
	if r.ImageRepository == "" || r.ImageDigest == "" || r.ImageRegistry == "" || r.Region == "" {
		return ""
	}
	return ImageRef{Registry: ecrHost(r.ImageRegistry, r.Region), Repository: r.ImageRepository, Digest: r.ImageDigest}.String()
}

// Findings lists the findings the filter selects, in its order (most severe
// first by default). The zero filter lists every ACTIVE finding.
//
// An empty listing is not evidence that nothing is vulnerable: Amazon
// Inspector may be off for the account or the scan type. Check
// AccountStatus, or Coverage for the resources that matter.
//
// IAM: inspector2:ListFindings.
func (c *Client) Findings(ctx context.Context, filter FindingFilter) iter.Seq2[Finding, error] {
	fc, sort, err := filter.criteria()
	if err != nil {
		return fail[Finding](err)
	}
	return c.findings(ctx, fc, sort)
}

func (c *Client) findings(ctx context.Context, fc *types.FilterCriteria, sort *types.SortCriteria) iter.Seq2[Finding, error] {
	page := 0
	return clientkit.Pages(ctx, &c.base, "ListFindings", func(ctx context.Context, token *string) ([]Finding, *string, error) {
		if token == nil {
			page = 0
		}
		page++
		out, err := c.api.ListFindings(ctx, &inspector2.ListFindingsInput{
			FilterCriteria: fc,
			SortCriteria:   sort,
			MaxResults:     c.size(DefaultPageSize),
			NextToken:      token,
		}, c.optFns()...)
		if err != nil {
			return nil, nil, err
		}
		res := make([]Finding, 0, len(out.Findings))
		for i, f := range out.Findings {
			v, err := c.finding(f)
			if err != nil {
				return res, nil, fmt.Errorf("page %d, finding %d: %w", page, i+1, err)
			}
			res = append(res, v)
		}
		return res, out.NextToken, nil
	})
}

// finding converts a finding of the SDK. A finding without an ARN is
// malformed: nothing could refer to it.
func (c *Client) finding(f types.Finding) (Finding, error) {
	out := Finding{
		ARN:              aws.ToString(f.FindingArn),
		Account:          aws.ToString(f.AwsAccountId),
		Severity:         Severity(f.Severity),
		Status:           Status(f.Status),
		Type:             FindingType(f.Type),
		Title:            aws.ToString(f.Title),
		Description:      aws.ToString(f.Description),
		InspectorScore:   aws.ToFloat64(f.InspectorScore),
		FixAvailable:     Availability(f.FixAvailable),
		ExploitAvailable: Availability(f.ExploitAvailable),
		FirstObservedAt:  utc(f.FirstObservedAt),
		LastObservedAt:   utc(f.LastObservedAt),
		UpdatedAt:        utc(f.UpdatedAt),
		Resources:        []AffectedResource{},
	}
	if out.ARN == "" {
		return out, errors.New("the finding has no findingArn")
	}
	if a, err := arn.Parse(out.ARN); err == nil {
		out.Region = a.Region
		if out.Account == "" {
			out.Account = a.AccountID
		}
	}
	if f.Epss != nil {
		out.EPSS = f.Epss.Score
	}
	if f.ExploitabilityDetails != nil {
		out.ExploitLastSeenAt = utc(f.ExploitabilityDetails.LastKnownExploitAt)
	}
	if r := f.Remediation; r != nil && r.Recommendation != nil {
		out.Remediation = aws.ToString(r.Recommendation.Text)
		out.RemediationURL = aws.ToString(r.Recommendation.Url)
	}
	if d := f.PackageVulnerabilityDetails; d != nil {
		out.VulnerabilityID = aws.ToString(d.VulnerabilityId)
		out.VulnerabilitySource = aws.ToString(d.Source)
		out.VendorSeverity = aws.ToString(d.VendorSeverity)
		out.SourceURL = aws.ToString(d.SourceUrl)
		out.ReferenceURLs = d.ReferenceUrls
		out.RelatedVulnerabilities = d.RelatedVulnerabilities
		for _, p := range d.VulnerablePackages {
			out.Packages = append(out.Packages, vulnerablePackage(p))
		}
	}
	for _, r := range f.Resources {
		out.Resources = append(out.Resources, affectedResource(r, out.Account, out.Region))
	}
	if out.Region == "" {
		out.Region = c.base.Region
	}
	return out, nil
}

func vulnerablePackage(p types.VulnerablePackage) VulnerablePackage {
	fixed := aws.ToString(p.FixedInVersion)
	if fixed == "NotAvailable" {
		fixed = ""
	}
	return VulnerablePackage{
		Name:                 aws.ToString(p.Name),
		InstalledVersion:     aws.ToString(p.Version),
		Release:              aws.ToString(p.Release),
		Epoch:                p.Epoch,
		FixedVersion:         fixed,
		PackageManager:       string(p.PackageManager),
		Architecture:         aws.ToString(p.Arch),
		FilePath:             aws.ToString(p.FilePath),
		Remediation:          aws.ToString(p.Remediation),
		SourceLayerHash:      aws.ToString(p.SourceLayerHash),
		SourceLambdaLayerARN: aws.ToString(p.SourceLambdaLayerArn),
	}
}

// affectedResource converts a resource; account and region, from the
// finding, fill what the resource does not say.
func affectedResource(r types.Resource, account, region string) AffectedResource {
	out := AffectedResource{
		Type:      ResourceType(r.Type),
		ID:        aws.ToString(r.Id),
		Account:   account,
		Region:    aws.ToString(r.Region),
		Partition: aws.ToString(r.Partition),
		Tags:      r.Tags,
	}
	if out.Region == "" {
		out.Region = region
	}
	if r.Details == nil {
		return out
	}
	if d := r.Details.AwsEcrContainerImage; d != nil {
		out.ImageRegistry = aws.ToString(d.Registry)
		out.ImageRepository = aws.ToString(d.RepositoryName)
		out.ImageDigest = aws.ToString(d.ImageHash)
		out.ImageTags = d.ImageTags
		out.ImagePushedAt = utc(d.PushedAt)
		out.ImageLastInUseAt = utc(d.LastInUseAt)
		out.ImageInUseCount = aws.ToInt64(d.InUseCount)
		out.ImageArchitecture = aws.ToString(d.Architecture)
		out.ImagePlatform = aws.ToString(d.Platform)
		if out.ImageRegistry != "" {
			out.Account = out.ImageRegistry
		}
	}
	if d := r.Details.AwsLambdaFunction; d != nil {
		out.LambdaFunction = aws.ToString(d.FunctionName)
		out.LambdaRuntime = string(d.Runtime)
		out.LambdaVersion = aws.ToString(d.Version)
		out.LambdaLayers = d.Layers
		out.LambdaExecutionRole = aws.ToString(d.ExecutionRoleArn)
	}
	if d := r.Details.AwsEc2Instance; d != nil {
		out.EC2ImageID = aws.ToString(d.ImageId)
		out.EC2InstanceType = aws.ToString(d.Type)
		out.EC2Platform = aws.ToString(d.Platform)
		out.EC2VPC = aws.ToString(d.VpcId)
		out.EC2Subnet = aws.ToString(d.SubnetId)
	}
	return out
}

// utc returns t in UTC, or the zero time for nil.
func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// fail is a sequence that yields err and ends.
func fail[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}
