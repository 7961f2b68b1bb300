package inspectortest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aigov/aigov/inspector"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
)

var digestRE = regexp.MustCompile(`^sha256:[a-f0-9]{64}$`)

// AddFinding adds a finding. Severity and at least one resource are
// required. Account and Region default to the fake's, Status to ACTIVE, Type
// to PACKAGE_VULNERABILITY, ARN to a made-up finding ARN, the observation
// times to the fake's clock; each resource's account and region default to
// the finding's and its id to the ARN AWS gives it. An ECR image needs its
// repository and a sha256 digest, a Lambda function its name.
//
// Each resource of the finding becomes covered (scanned, SUCCESSFUL) unless
// AddCoverage already recorded it: a finding implies a scan.
//
// It panics on an invalid finding or a duplicate ARN.
func (f *Fake) AddFinding(x inspector.Finding) {
	now := f.Now().UTC()
	f.mu.Lock()
	defer f.mu.Unlock()
	where := x.ARN
	if where == "" {
		where = x.Title
	}
	bad := func(format string, args ...any) {
		panic(fmt.Sprintf("inspectortest: AddFinding %q: %s", where, fmt.Sprintf(format, args...)))
	}
	if !x.Severity.Valid() {
		bad("severity %q is not one of Amazon Inspector's", x.Severity)
	}
	if len(x.Resources) == 0 {
		bad("the finding affects no resource")
	}
	f.locate(&x.Account, &x.Region)
	if x.Status == "" {
		x.Status = inspector.StatusActive
	}
	if !slices.Contains(inspector.AllStatuses, x.Status) {
		bad("status %q is not ACTIVE, SUPPRESSED or CLOSED", x.Status)
	}
	if x.Type == "" {
		x.Type = inspector.TypePackageVulnerability
	}
	if x.FirstObservedAt.IsZero() {
		x.FirstObservedAt = now
	}
	if x.LastObservedAt.IsZero() {
		x.LastObservedAt = x.FirstObservedAt
	}
	if x.UpdatedAt.IsZero() {
		x.UpdatedAt = x.LastObservedAt
	}
	f.seq++
	if x.ARN == "" {
		x.ARN = fmt.Sprintf("arn:aws:inspector2:%s:%s:finding/%032x", x.Region, x.Account, f.seq)
	}
	for _, have := range f.findings {
		if have.ARN == x.ARN {
			bad("a finding with this ARN exists")
		}
	}
	x.Resources = slices.Clone(x.Resources)
	for i := range x.Resources {
		r := &x.Resources[i]
		if r.Account == "" {
			r.Account = x.Account
		}
		if r.Region == "" {
			r.Region = x.Region
		}
		switch r.Type {
		case inspector.ResourceECRImage:
			if r.ImageRepository == "" || !digestRE.MatchString(r.ImageDigest) {
				bad("an ECR image needs ImageRepository and an ImageDigest sha256:<64 hex>, got %q and %q", r.ImageRepository, r.ImageDigest)
			}
			if r.ImageRegistry == "" {
				r.ImageRegistry = r.Account
			}
			if r.ID == "" {
				r.ID = imageID(r.Region, r.ImageRegistry, r.ImageRepository, r.ImageDigest)
			}
		case inspector.ResourceLambdaFunction:
			if r.LambdaFunction == "" {
				bad("a Lambda function needs LambdaFunction")
			}
			if r.ID == "" {
				r.ID = fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", r.Region, r.Account, r.LambdaFunction)
			}
		case inspector.ResourceEC2Instance, inspector.ResourceCodeRepository:
			if r.ID == "" {
				bad("a %s needs an ID", r.Type)
			}
		default:
			bad("resource type %q is not one of Amazon Inspector's", r.Type)
		}
		f.cover(*r, x.LastObservedAt)
	}
	f.findings = append(f.findings, x)
}

func imageID(region, account, repository, digest string) string {
	return fmt.Sprintf("arn:aws:ecr:%s:%s:repository/%s/%s", region, account, repository, digest)
}

// cover records that the resource of a finding is scanned, unless its
// coverage is known already.
func (f *Fake) cover(r inspector.AffectedResource, scannedAt time.Time) {
	for _, c := range f.coverage {
		if c.ResourceID == r.ID && c.Region == r.Region {
			return
		}
	}
	c := inspector.CoveredResource{
		Account: r.Account, Region: r.Region, ResourceID: r.ID, Type: r.Type, ScanKind: "PACKAGE",
		Status: inspector.CoverageActive, Reason: inspector.ReasonSuccessful, LastScannedAt: scannedAt,
		Repository: r.ImageRepository, ImageDigest: r.ImageDigest, ImageTags: r.ImageTags,
		LambdaFunction: r.LambdaFunction, LambdaRuntime: r.LambdaRuntime, EC2ImageID: r.EC2ImageID,
	}
	if r.Type == inspector.ResourceCodeRepository {
		c.ScanKind = "CODE"
	}
	f.coverage = append(f.coverage, c)
}

// AddCoverage records what Amazon Inspector knows of a resource: scanned or
// not, and why. Type is required; an ECR image needs Repository and
// ImageDigest (its ResourceID is then made up as AWS makes it), other types
// a ResourceID. Account and Region default to the fake's, Status to ACTIVE
// with reason SUCCESSFUL, ScanKind to PACKAGE. A resource already recorded
// (same id and region) is replaced. It panics on an invalid resource.
func (f *Fake) AddCoverage(r inspector.CoveredResource) {
	f.mu.Lock()
	defer f.mu.Unlock()
	bad := func(format string, args ...any) {
		panic(fmt.Sprintf("inspectortest: AddCoverage %q: %s", r.ResourceID, fmt.Sprintf(format, args...)))
	}
	f.locate(&r.Account, &r.Region)
	switch r.Type {
	case inspector.ResourceECRImage:
		if r.Repository == "" || !digestRE.MatchString(r.ImageDigest) {
			bad("an ECR image needs Repository and an ImageDigest sha256:<64 hex>")
		}
		if r.ResourceID == "" {
			r.ResourceID = imageID(r.Region, r.Account, r.Repository, r.ImageDigest)
		}
	case inspector.ResourceECRRepository, inspector.ResourceEC2Instance, inspector.ResourceLambdaFunction, inspector.ResourceCodeRepository:
		if r.ResourceID == "" {
			bad("a %s needs a ResourceID", r.Type)
		}
	default:
		bad("resource type %q is not one of Amazon Inspector's", r.Type)
	}
	if r.Status == "" {
		r.Status, r.Reason = inspector.CoverageActive, inspector.ReasonSuccessful
	}
	if r.Status != inspector.CoverageActive && r.Status != inspector.CoverageInactive {
		bad("status %q is neither ACTIVE nor INACTIVE", r.Status)
	}
	if r.ScanKind == "" {
		r.ScanKind = "PACKAGE"
	}
	for i, c := range f.coverage {
		if c.ResourceID == r.ResourceID && c.Region == r.Region {
			f.coverage[i] = r
			return
		}
	}
	f.coverage = append(f.coverage, r)
}

// SetAccountStatus sets the state of Amazon Inspector in an account and
// region (the fake's by default), as BatchGetAccountStatus reports it.
//
// Without a status, the fake's own account reports Amazon Inspector
// DISABLED everywhere (never enabled) and any other account comes back in
// failedAccounts with ACCESS_DENIED, as for an account outside the caller's
// organisation.
func (f *Fake) SetAccountStatus(s inspector.AccountStatus) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.locate(&s.Account, &s.Region)
	f.statuses[location{s.Account, s.Region}] = s
	delete(f.failed, location{s.Account, s.Region})
}

// FailAccount makes BatchGetAccountStatus report the account (in the
// fake's region) in failedAccounts with the error code (ACCESS_DENIED,
// RESOURCE_NOT_FOUND, INTERNAL_ERROR …) and message.
func (f *Fake) FailAccount(account, code, message string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if account == "" || code == "" {
		panic("inspectortest: FailAccount: the account and the error code are required")
	}
	l := location{account, f.region}
	delete(f.statuses, l)
	f.failed[l] = types.FailedAccount{AccountId: &account, ErrorCode: types.ErrorCode(code), ErrorMessage: &message, Status: types.StatusDisabled}
}

// Enabled returns the status of an account where Amazon Inspector runs the
// scan types given (all of them when none is) and no other.
func Enabled(account string, scans ...inspector.ScanType) inspector.AccountStatus {
	if len(scans) == 0 {
		scans = inspector.ScanTypes
	}
	s := Disabled(account)
	s.State.Status = inspector.StatusEnabled
	for _, t := range scans {
		state := inspector.ScanState{Status: inspector.StatusEnabled}
		switch t {
		case inspector.ScanEC2:
			s.EC2 = state
		case inspector.ScanECR:
			s.ECR = state
		case inspector.ScanLambda:
			s.Lambda = state
		case inspector.ScanLambdaCode:
			s.LambdaCode = state
		case inspector.ScanCodeRepository:
			s.CodeRepository = state
		default:
			panic(fmt.Sprintf("inspectortest: Enabled: %q is not a scan type", t))
		}
	}
	return s
}

// Disabled returns the status of an account where Amazon Inspector is off.
func Disabled(account string) inspector.AccountStatus {
	off := inspector.ScanState{Status: inspector.StatusDisabled}
	return inspector.AccountStatus{Account: account, State: off, EC2: off, ECR: off, Lambda: off, LambdaCode: off, CodeRepository: off}
}

// FailSBOMExports makes every SBOM export started from now on end FAILED
// with the error code (INVALID_PERMISSIONS, BUCKET_NOT_FOUND,
// NO_FINDINGS_FOUND …) and message, after the usual number of polls.
func (f *Fake) FailSBOMExports(code, message string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := types.ReportingErrorCode(code)
	f.exportFailure, f.exportMessage = &c, message
}

// SBOMExports returns the requests of the SBOM exports started, oldest
// first.
func (f *Fake) SBOMExports() []inspector2.CreateSbomExportInput {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []string
	for id := range f.exports {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]inspector2.CreateSbomExportInput, len(ids))
	for i, id := range ids {
		out[i] = *f.exports[id].input
	}
	return out
}

// ImageFinding returns a realistic PACKAGE_VULNERABILITY finding on an ECR
// image, for AddFinding: the image is a full ECR URI with a tag, a digest or
// both (a tag alone gets a digest made from the URI, the same every time),
// the package a Python package installed at version installed, fixed in
// version fixed (empty when no fix exists).
//
//	fake.AddFinding(inspectortest.ImageFinding("123456789012.dkr.ecr.us-east-1.amazonaws.com/ml-serving:prod",
//		"CVE-2025-32434", inspector.SeverityCritical, "torch", "2.5.1", "2.6.0"))
//
// It panics when imageURI is not an ECR image URI.
func ImageFinding(imageURI, vulnerabilityID string, severity inspector.Severity, pkg, installed, fixed string) inspector.Finding {
	ref, err := inspector.ParseImageURI(imageURI)
	if err != nil || !ref.ECR() {
		panic(fmt.Sprintf("inspectortest: ImageFinding: %q is not an ECR image URI (%v)", imageURI, err))
	}
	digest := ref.Digest
	if digest == "" {
		digest = Digest(ref.Registry + "/" + ref.Repository + ":" + ref.Tag)
	}
	var tags []string
	if ref.Tag != "" {
		tags = []string{ref.Tag}
	}
	x := packageFinding(vulnerabilityID, severity, pkg, installed, fixed)
	x.Account, x.Region = ref.Account, ref.Region
	x.Packages[0].FilePath = fmt.Sprintf("usr/local/lib/python3.11/site-packages/%s-%s.dist-info/METADATA", strings.ReplaceAll(pkg, "-", "_"), installed)
	x.Resources = []inspector.AffectedResource{{
		Type: inspector.ResourceECRImage, Account: ref.Account, Region: ref.Region,
		ImageRegistry: ref.Account, ImageRepository: ref.Repository, ImageDigest: digest, ImageTags: tags,
		ImageArchitecture: "amd64", ImagePlatform: "DEBIAN_12",
	}}
	return x
}

// LambdaFinding returns a realistic PACKAGE_VULNERABILITY finding on a
// Lambda function of the fake's account and region, for AddFinding.
func LambdaFinding(function, vulnerabilityID string, severity inspector.Severity, pkg, installed, fixed string) inspector.Finding {
	x := packageFinding(vulnerabilityID, severity, pkg, installed, fixed)
	x.Packages[0].FilePath = fmt.Sprintf("python/%s/__init__.py", strings.ReplaceAll(pkg, "-", "_"))
	x.Resources = []inspector.AffectedResource{{Type: inspector.ResourceLambdaFunction, LambdaFunction: function, LambdaRuntime: "python3.12", LambdaVersion: "$LATEST"}}
	return x
}

// Digest returns a made-up sha256 digest for s, the same every time.
func Digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// scores are typical Inspector scores for each severity.
var scores = map[inspector.Severity]float64{
	inspector.SeverityCritical: 9.8, inspector.SeverityHigh: 7.5, inspector.SeverityMedium: 5.3,
	inspector.SeverityLow: 3.1, inspector.SeverityInformational: 0,
}

func packageFinding(id string, severity inspector.Severity, pkg, installed, fixed string) inspector.Finding {
	fix := inspector.Yes
	remediation := fmt.Sprintf("Upgrade your installed software packages to the proposed fixed in version and release.\n\n%s %s -> %s", pkg, installed, fixed)
	if fixed == "" {
		fix = inspector.No
		remediation = "None Provided"
	}
	return inspector.Finding{
		Severity:            severity,
		Type:                inspector.TypePackageVulnerability,
		Title:               id + " - " + pkg,
		Description:         fmt.Sprintf("%s affects %s %s.", id, pkg, installed),
		InspectorScore:      scores[severity],
		EPSS:                0.00042,
		FixAvailable:        fix,
		ExploitAvailable:    inspector.No,
		VulnerabilityID:     id,
		VulnerabilitySource: "NVD",
		VendorSeverity:      string(severity),
		SourceURL:           "https://nvd.nist.gov/vuln/detail/" + id,
		Packages: []inspector.VulnerablePackage{{
			Name: pkg, InstalledVersion: installed, FixedVersion: fixed, PackageManager: "PYTHONPKG",
		}},
		Remediation: remediation,
	}
}

func (f *Fake) locate(account, region *string) {
	if *account == "" {
		*account = f.account
	}
	if *region == "" {
		*region = f.region
	}
}
