package inspector

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/aigov/aigov/internal/pager"
)

// ImageFindings are the findings that affect one container image, as asked
// about by URI.
type ImageFindings struct {
	// URI is the image URI as asked.
	URI string `json:"uri"`
	// Image is the parsed URI; when the URI names only a tag, Digest is
	// the digest Amazon Inspector knows for that tag.
	Image ImageRef `json:"image"`
	// Scannable is true for a private Amazon ECR image, the only kind
	// Amazon Inspector scans.
	Scannable bool `json:"scannable"`
	// Resolved is true when the image's digest is known: from the URI, or
	// from Amazon Inspector's coverage of the tag.
	Resolved bool `json:"resolved"`
	// Coverage is Amazon Inspector's scan record of the image; nil when it
	// has none.
	Coverage *CoveredResource `json:"coverage,omitempty"`
	// Findings are the findings on exactly this image (repository and
	// digest), in the filter's order.
	Findings []Finding `json:"findings"`
	// Problem says why Findings is not complete evidence about the image
	// (an invalid URI, an image Amazon Inspector does not scan, a failed
	// lookup); empty when it is.
	Problem string `json:"problem,omitempty"`
}

// Evidence reports whether Findings can be trusted as the complete answer
// for the image: no finding then means no vulnerability the filter selects,
// rather than no scan.
func (f ImageFindings) Evidence() bool { return f.Problem == "" }

// Worst returns the highest severity among the findings; UNTRIAGED when
// every finding is untriaged, empty when there is none.
func (f ImageFindings) Worst() Severity {
	var worst Severity
	for _, x := range f.Findings {
		if worst == "" || x.Severity.Rank() > worst.Rank() {
			worst = x.Severity
		}
	}
	return worst
}

// FindingsForImages returns the findings that affect exactly the images
// named, one ImageFindings per URI, in the order given: how the governance
// layer answers "is this endpoint serving an image with a critical CVE".
// URIs are those SageMaker models reference, by tag, by digest or both (see
// ParseImageURI).
//
// Each image is looked up in the region of its registry. A tag is resolved
// to its digest through Amazon Inspector's coverage, which also tells
// whether the image is scanned at all; the findings are then those of the
// digest, whatever tags they list. filter narrows the findings (severity,
// status, package …); its Accounts, Repositories, ImageDigests, ImageTags
// and ResourceTypes are replaced by each image's own.
//
// Answers fail closed: an image outside Amazon ECR, a tag Amazon Inspector
// does not know, an image it does not scan, or a lookup that failed leaves
// Problem set, so that no finding is never mistaken for no vulnerability.
// An invalid URI or a failed AWS call does not stop the other images: the
// slice is complete even when the error, which joins every failure, is not
// nil. Only an invalid filter or option fails the whole call.
//
// IAM: inspector2:ListCoverage, inspector2:ListFindings.
func (c *Client) FindingsForImages(ctx context.Context, imageURIs []string, filter FindingFilter) ([]ImageFindings, error) {
	if c.base.Err != nil {
		return nil, c.base.Err
	}
	if _, _, err := filter.criteria(); err != nil {
		return nil, err
	}
	res := make([]ImageFindings, len(imageURIs))
	var errs []error
	resolved := make(map[string]*resolution)
	for i, uri := range imageURIs {
		res[i] = ImageFindings{URI: uri, Findings: []Finding{}}
		ref, err := ParseImageURI(uri)
		if err != nil {
			res[i].Problem = err.Error()
			errs = append(errs, err)
			continue
		}
		res[i].Image = ref
		if !ref.ECR() {
			res[i].Problem = fmt.Sprintf("registry %s is not a private Amazon ECR registry: Amazon Inspector does not scan its images", ref.Registry)
			continue
		}
		res[i].Scannable = true
		r, ok := resolved[ref.String()]
		if !ok {
			r = c.resolve(ctx, ref)
			resolved[ref.String()] = r
			if r.err != nil {
				errs = append(errs, r.err)
			}
		}
		res[i].Image, res[i].Coverage, res[i].Problem = r.ref, r.coverage, r.problem
		res[i].Resolved = r.ref.Digest != ""
	}
	errs = append(errs, c.imageFindings(ctx, res, filter)...)
	return res, errors.Join(errs...)
}

// resolution is what Amazon Inspector's coverage says of one image.
type resolution struct {
	ref      ImageRef
	coverage *CoveredResource
	problem  string
	err      error
}

// resolve finds the coverage of an image, by digest or else by tag, in the
// image's own account and region.
func (c *Client) resolve(ctx context.Context, ref ImageRef) *resolution {
	r := &resolution{ref: ref}
	f := CoverageFilter{ResourceTypes: []ResourceType{ResourceECRImage}, Accounts: Equal(ref.Account)}
	if ref.Digest != "" {
		f.ResourceIDs = Equal(ref.resourceID())
	} else {
		f.Repositories, f.ImageTags = Equal(ref.Repository), Equal(ref.Tag)
	}
	covered, err := pager.Collect(c.InRegion(ref.Region).Coverage(ctx, f))
	if err != nil {
		r.err = fmt.Errorf("image %s: %w", ref, err)
		r.problem = "looking up its coverage failed: " + err.Error()
		return r
	}
	// A digest names one image; a tag names one image at a time, but a
	// scan record may lag behind a moved tag: take the latest scanned.
	covered = slices.DeleteFunc(covered, func(cr CoveredResource) bool {
		return cr.Repository != ref.Repository || (ref.Digest != "" && cr.ImageDigest != ref.Digest) ||
			(ref.Digest == "" && !slices.Contains(cr.ImageTags, ref.Tag))
	})
	slices.SortFunc(covered, func(a, b CoveredResource) int {
		return cmp.Or(b.LastScannedAt.Compare(a.LastScannedAt), cmp.Compare(a.ResourceID, b.ResourceID))
	})
	where := fmt.Sprintf("account %s in %s", ref.Account, ref.Region)
	switch {
	case len(covered) > 0:
		r.coverage = &covered[0]
		if r.ref.Digest == "" {
			r.ref.Digest = r.coverage.ImageDigest
		}
		r.problem = r.coverage.Gap()
	case ref.Digest != "":
		r.problem = fmt.Sprintf("Amazon Inspector has no scan record of %s@%s (%s): ECR scanning is off, the image is not there, or the caller cannot see it", ref.Repository, ref.Digest, where)
	default:
		r.problem = fmt.Sprintf("Amazon Inspector knows no image tagged %s in repository %s (%s): ECR scanning is off, the tag is not there, or the caller cannot see it", ref.Tag, ref.Repository, where)
	}
	return r
}

// imageFindings lists the findings of the resolved images, ten digests of a
// repository per listing (the most a filter takes), and hands each finding
// to the images it affects. It returns the errors of failed listings.
func (c *Client) imageFindings(ctx context.Context, res []ImageFindings, filter FindingFilter) []error {
	type repo struct{ region, account, name string }
	byRepo := make(map[repo][]string)
	var repos []repo
	for _, r := range res {
		if !r.Resolved {
			continue
		}
		k := repo{r.Image.Region, r.Image.Account, r.Image.Repository}
		if _, ok := byRepo[k]; !ok {
			repos = append(repos, k)
		}
		if !slices.Contains(byRepo[k], r.Image.Digest) {
			byRepo[k] = append(byRepo[k], r.Image.Digest)
		}
	}
	var errs []error
	for _, k := range repos {
		for digests := range slices.Chunk(byRepo[k], maxMatches) {
			f := filter
			f.Accounts, f.Repositories, f.ImageDigests, f.ImageTags = Equal(k.account), Equal(k.name), Equal(digests...), nil
			f.ResourceTypes = []ResourceType{ResourceECRImage}
			affects := func(r ImageFindings) bool {
				return r.Resolved && r.Image.Region == k.region && r.Image.Account == k.account && r.Image.Repository == k.name && slices.Contains(digests, r.Image.Digest)
			}
			for finding, err := range c.InRegion(k.region).Findings(ctx, f) {
				if err != nil {
					errs = append(errs, fmt.Errorf("images of %s in account %s, %s: %w", k.name, k.account, k.region, err))
					for i := range res {
						if affects(res[i]) && res[i].Problem == "" {
							res[i].Problem = "listing its findings failed: " + err.Error()
						}
					}
					break
				}
				for i := range res {
					if affects(res[i]) && onImage(finding, res[i].Image) {
						res[i].Findings = append(res[i].Findings, finding)
					}
				}
			}
		}
	}
	return errs
}

// onImage reports whether a finding affects the image (same account,
// repository and digest).
func onImage(f Finding, img ImageRef) bool {
	for _, r := range f.Resources {
		if r.Type == ResourceECRImage && r.ImageDigest == img.Digest && r.ImageRepository == img.Repository && r.Account == img.Account {
			return true
		}
	}
	return false
}
