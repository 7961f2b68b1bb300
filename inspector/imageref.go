package inspector

import (
	"fmt"
	"regexp"
	"strings"
)

// ImageRef is a parsed container image reference.
type ImageRef struct {
	// Registry is the registry host, lower-cased, such as
	// "123456789012.dkr.ecr.eu-west-1.amazonaws.com" or "docker.io".
	Registry string `json:"registry"`
	// Repository is the repository path, such as "ml/serving".
	Repository string `json:"repository"`
	// Tag is the tag, "latest" when the reference names neither a tag
	// nor a digest.
	Tag string `json:"tag,omitempty"`
	// Digest is the content digest, such as "sha256:0f3a…".
	Digest string `json:"digest,omitempty"`
	// Account and Region locate a private Amazon ECR registry; both are
	// empty for any other registry.
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`
}

// ECR reports whether the image is in a private Amazon ECR registry: the
// only images Amazon Inspector scans.
func (r ImageRef) ECR() bool { return r.Account != "" }

// String returns the reference as registry/repository[:tag][@digest].
func (r ImageRef) String() string {
	s := r.Registry + "/" + r.Repository
	if r.Tag != "" {
		s += ":" + r.Tag
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}

// resourceID is the id Amazon Inspector gives an ECR image in its coverage:
// the repository ARN followed by the digest.
func (r ImageRef) resourceID() string {
	return fmt.Sprintf("arn:%s:ecr:%s:%s:repository/%s/%s", partition(r.Region), r.Region, r.Account, r.Repository, r.Digest)
}

var (
	ecrHostRE   = regexp.MustCompile(`^([0-9]{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$`)
	ecrDualRE   = regexp.MustCompile(`^([0-9]{12})\.dkr-ecr(?:-fips)?\.([a-z0-9-]+)\.on\.aws$`)
	componentRE = regexp.MustCompile(`^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$`)
	tagRE       = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
	digestRE    = regexp.MustCompile(`^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-f0-9]{32,}$`)
	hostRE      = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]+)?$`)
)

// ParseImageURI parses a container image reference as SageMaker models,
// ECS tasks and Lambda functions name their images:
//
//	123456789012.dkr.ecr.eu-west-1.amazonaws.com/ml/serving:v3
//	123456789012.dkr.ecr.eu-west-1.amazonaws.com/ml/serving@sha256:<64 hex>
//	123456789012.dkr.ecr.eu-west-1.amazonaws.com/ml/serving:v3@sha256:<64 hex>
//	pytorch/pytorch:2.5.1 (Docker Hub; not Amazon ECR)
//
// The repository may have several path components. A reference without a
// registry host is a Docker Hub image, as Docker reads it. It fails, with an
// error naming the URI, for anything that is not an image reference; an
// image outside Amazon ECR is not an error (see ImageRef.ECR).
func ParseImageURI(uri string) (ImageRef, error) {
	bad := func(format string, args ...any) (ImageRef, error) {
		return ImageRef{}, fmt.Errorf("inspector: invalid image URI %q: %s", uri, fmt.Sprintf(format, args...))
	}
	if uri == "" {
		return bad("empty")
	}
	if strings.ContainsAny(uri, " \t\r\n") {
		return bad("it contains white space")
	}
	if strings.Contains(uri, "://") {
		return bad("an image reference has no scheme")
	}
	var ref ImageRef
	name := uri
	if i := strings.IndexByte(name, '@'); i >= 0 {
		name, ref.Digest = name[:i], name[i+1:]
		if !digestRE.MatchString(ref.Digest) || (strings.HasPrefix(ref.Digest, "sha256:") && len(ref.Digest) != len("sha256:")+64) {
			return bad("digest %q is not algorithm:hex (sha256 has 64 lower-case hex digits)", ref.Digest)
		}
	}
	if i := strings.LastIndexByte(name, ':'); i > strings.LastIndexByte(name, '/') {
		name, ref.Tag = name[:i], name[i+1:]
		if !tagRE.MatchString(ref.Tag) {
			return bad("tag %q is not 1 to 128 letters, digits, '_', '.' or '-'", ref.Tag)
		}
	}
	host, path, found := strings.Cut(name, "/")
	if !found || !(strings.ContainsAny(host, ".:") || host == "localhost") {
		host, path = "docker.io", name
		if !strings.Contains(path, "/") {
			path = "library/" + path
		}
	}
	ref.Registry = strings.ToLower(host)
	if !hostRE.MatchString(ref.Registry) {
		return bad("registry %q is not a host name", host)
	}
	if path == "" {
		return bad("no repository")
	}
	for _, c := range strings.Split(path, "/") {
		if !componentRE.MatchString(c) {
			return bad("repository %q: component %q is not lower-case letters and digits separated by '.', '_', '__' or '-'", path, c)
		}
	}
	if len(path) > 256 {
		return bad("repository has %d characters, at most 256", len(path))
	}
	ref.Repository = path
	if ref.Tag == "" && ref.Digest == "" {
		ref.Tag = "latest"
	}
	for _, re := range []*regexp.Regexp{ecrHostRE, ecrDualRE} {
		if m := re.FindStringSubmatch(ref.Registry); m != nil {
			ref.Account, ref.Region = m[1], m[2]
		}
	}
	return ref, nil
}

// ecrHost is the host of a private ECR registry.
func ecrHost(account, region string) string {
	host := account + ".dkr.ecr." + region + ".amazonaws.com"
	if partition(region) == "aws-cn" {
		host += ".cn"
	}
	return host
}

func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	default:
		return "aws"
	}
}
