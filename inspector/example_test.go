package inspector_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/inspector"
	"github.com/aigov/aigov/inspector/inspectortest"
)

// Is this SageMaker endpoint serving an image with a critical CVE? Ask about
// the images its model references; an image Amazon Inspector does not scan
// is an unknown, never a pass.
func Example() {
	fake := inspectortest.New()
	fake.AddFinding(inspectortest.ImageFinding("123456789012.dkr.ecr.us-east-1.amazonaws.com/ml/serving:prod",
		"CVE-2025-32434", inspector.SeverityCritical, "torch", "2.5.1", "2.6.0"))

	c := inspector.New(fake)
	modelImages := []string{
		"123456789012.dkr.ecr.us-east-1.amazonaws.com/ml/serving:prod",
		"123456789012.dkr.ecr.us-east-1.amazonaws.com/ml/tokenizer:v2",
	}
	images, err := c.FindingsForImages(context.Background(), modelImages, inspector.FindingFilter{MinSeverity: inspector.SeverityCritical})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, img := range images {
		switch {
		case !img.Evidence():
			fmt.Printf("%s: UNKNOWN (%s)\n", img.Image.Repository, img.Problem)
		case len(img.Findings) > 0:
			x := img.Findings[0]
			fmt.Printf("%s: FAIL %s %s in %s %s, fixed in %s\n", img.Image.Repository, x.Severity, x.VulnerabilityID,
				x.Packages[0].Name, x.Packages[0].InstalledVersion, x.Packages[0].FixedVersion)
		default:
			fmt.Printf("%s: PASS\n", img.Image.Repository)
		}
	}
	// Output:
	// ml/serving: FAIL CRITICAL CVE-2025-32434 in torch 2.5.1, fixed in 2.6.0
	// ml/tokenizer: UNKNOWN (Amazon Inspector knows no image tagged v2 in repository ml/tokenizer (account 123456789012 in us-east-1): ECR scanning is off, the tag is not there, or the caller cannot see it)
}

// Findings takes a typed filter: here the vulnerable torch and transformers
// packages that have a fix.
func ExampleClient_Findings() {
	fake := inspectortest.New()
	fake.AddFinding(inspectortest.ImageFinding("123456789012.dkr.ecr.us-east-1.amazonaws.com/ml/training:v7",
		"CVE-2024-11392", inspector.SeverityHigh, "transformers", "4.46.0", "4.48.0"))
	fake.AddFinding(inspectortest.LambdaFinding("feature-etl", "CVE-2024-35195", inspector.SeverityMedium, "requests", "2.31.0", "2.32.0"))

	c := inspector.New(fake)
	filter := inspector.FindingFilter{
		Packages:     inspector.Equal("torch", "transformers"),
		FixAvailable: inspector.Yes,
		MinSeverity:  inspector.SeverityMedium,
	}
	for x, err := range c.Findings(context.Background(), filter) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		r := x.Resources[0]
		fmt.Println(x.Severity, x.Title, "in", r.ImageRepository, r.ImageTags)
	}
	// Output:
	// HIGH CVE-2024-11392 - transformers in ml/training [v7]
}

// A disabled scan type makes the controls that rely on it Unknown.
func ExampleAccountStatus_Err() {
	fake := inspectortest.New()
	fake.SetAccountStatus(inspectortest.Enabled(inspectortest.DefaultAccount, inspector.ScanEC2))

	statuses, err := inspector.New(fake).AccountStatus(context.Background())
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, scan := range []inspector.ScanType{inspector.ScanEC2, inspector.ScanECR} {
		if err := statuses[0].Err(scan); errors.Is(err, aigov.ErrNotEnabled) {
			fmt.Println(scan, "unknown:", err)
		} else {
			fmt.Println(scan, "enabled")
		}
	}
	// Output:
	// EC2 enabled
	// ECR unknown: inspector: BatchGetAccountStatus in 123456789012: not enabled or subscription required: ECR scanning is DISABLED in account 123456789012
}

// Coverage lists what Amazon Inspector does not scan, and why.
func ExampleClient_Coverage() {
	fake := inspectortest.New()
	fake.AddCoverage(inspector.CoveredResource{
		Type: inspector.ResourceLambdaFunction, ResourceID: "arn:aws:lambda:us-east-1:123456789012:function:legacy-scorer",
		Status: inspector.CoverageInactive, Reason: inspector.ReasonUnsupportedRuntime,
	})
	for r, err := range inspector.New(fake).Coverage(context.Background(), inspector.CoverageFilter{Status: inspector.CoverageInactive}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Println(r.Gap())
	}
	// Output:
	// Amazon Inspector does not scan AWS_LAMBDA_FUNCTION arn:aws:lambda:us-east-1:123456789012:function:legacy-scorer: INACTIVE UNSUPPORTED_RUNTIME
}

// SeverityCounts asks Amazon Inspector to count, instead of paging through
// every finding.
func ExampleClient_SeverityCounts() {
	fake := inspectortest.New()
	for _, sev := range []inspector.Severity{inspector.SeverityCritical, inspector.SeverityHigh, inspector.SeverityLow} {
		fake.AddFinding(inspectortest.ImageFinding("123456789012.dkr.ecr.us-east-1.amazonaws.com/ml/serving:prod",
			"CVE-2025-"+string(sev), sev, "torch", "2.5.1", "2.6.0"))
	}
	counts, err := inspector.New(fake).SeverityCounts(context.Background(), inspector.SeverityCountQuery{By: inspector.CountByRepository})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, n := range counts {
		fmt.Printf("%s: %d critical, %d high, %d medium, %d other\n", n.Repository, n.Critical, n.High, n.Medium, n.Other())
	}
	// Output:
	// ml/serving: 1 critical, 1 high, 0 medium, 1 other
}

// ExportSBOM is a write: it creates a report in S3, then polls until the
// export ends.
func ExampleClient_ExportSBOM() {
	fake := inspectortest.New(inspectortest.WithSBOMPolls(2))
	c := inspector.New(fake, inspector.WithPollInterval(time.Millisecond))
	exp, err := c.ExportSBOM(context.Background(), inspector.SBOMRequest{
		Format:        inspector.SBOMCycloneDX,
		Bucket:        "sbom-reports",
		KMSKeyARN:     "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		ResourceTypes: []inspector.ResourceType{inspector.ResourceECRImage},
		Repositories:  inspector.Equal("ml/serving"),
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(exp.Status, "after", exp.Polls, "polls, in", exp.Bucket)
	// Output:
	// SUCCEEDED after 3 polls, in sbom-reports
}

func ExampleParseImageURI() {
	for _, uri := range []string{
		"123456789012.dkr.ecr.eu-west-1.amazonaws.com/ml/serving:v3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		"huggingface/transformers-pytorch-gpu:4.41.2",
		"123456789012.dkr.ecr.eu-west-1.amazonaws.com/ML:v1",
	} {
		ref, err := inspector.ParseImageURI(uri)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(ref.ECR(), ref.Account, ref.Region, ref.Repository, ref.Tag, ref.Digest != "")
	}
	// Output:
	// true 123456789012 eu-west-1 ml/serving v3 true
	// false   huggingface/transformers-pytorch-gpu 4.41.2 false
	// inspector: invalid image URI "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ML:v1": repository "ML": component "ML" is not lower-case letters and digits separated by '.', '_', '__' or '-'
}
