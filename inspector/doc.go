// Package inspector reads Amazon Inspector (v2) for governance: whether
// vulnerability scanning is on, which resources it covers, and which
// vulnerabilities affect the images, functions and instances of AI
// pipelines: a vulnerable torch or transformers in a training image, an
// unpatched CVE in the image a SageMaker endpoint serves.
//
// A Client wraps anything that implements API: the real *inspector2.Client
// (built for you by NewFromConfig), or the in-memory fake of package
// inspectortest in tests.
//
//	cfg, _ := awsconfig.LoadDefaultConfig(ctx) // github.com/aws/aws-sdk-go-v2/config
//	c := inspector.NewFromConfig(cfg)
//	images, err := c.FindingsForImages(ctx, model.Images, inspector.FindingFilter{MinSeverity: inspector.SeverityCritical})
//	for _, img := range images {
//		switch {
//		case !img.Evidence():
//			fmt.Println(img.URI, "unknown:", img.Problem)
//		case len(img.Findings) > 0:
//			fmt.Println(img.URI, "serves", len(img.Findings), "critical findings")
//		}
//	}
//
// What it answers:
//   - AccountStatus: whether Amazon Inspector and each scan type (EC2, ECR,
//     Lambda, Lambda code, code repositories) are enabled in one or many
//     accounts, with the error AWS gives. AccountStatus.Err turns a disabled
//     scan type into an error matching aigov.ErrNotEnabled, so that the
//     controls relying on it are Unknown, not Pass.
//   - Coverage: the resources Amazon Inspector knows, scanned or not, and why
//     not: the gap a team does not know it has.
//   - Findings: the findings a typed FindingFilter selects (severity, status,
//     type, account, repository, digest, tag, function, package, CVE, fix and
//     exploit availability, scores, observation window), ACTIVE by default.
//   - FindingsForImages: the findings on exactly the images a model or
//     endpoint references, by tag or digest, failing closed for images
//     Amazon Inspector does not scan. ParseImageURI parses such URIs.
//   - SeverityCounts: counts per account or per ECR repository computed by
//     Amazon Inspector, without paging through findings.
//   - ExportSBOM: a CycloneDX or SPDX bill of materials of a set of resources,
//     written to S3. It is the package's only write, and never called for you.
//
// Listings are iterators (iter.Seq2) that fetch pages as the loop advances,
// stop when it breaks, and end with at most one error. Errors are
// *aigov.Error values that match aigov.ErrAccessDenied, ErrThrottled,
// ErrNotFound and ErrNotEnabled with errors.Is, and still unwrap to the SDK's
// error. Amazon Inspector is regional: a Client reads one region, and
// InRegion gives a copy for another.
//
// IAM actions, read-only: inspector2:BatchGetAccountStatus,
// inspector2:ListCoverage, inspector2:ListFindings,
// inspector2:ListFindingAggregations, inspector2:GetSbomExport. Write:
// inspector2:CreateSbomExport (ExportSBOM only), with the S3 and KMS
// permissions Amazon Inspector needs to write the report.
package inspector
