package artifact_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/artifact/artifacttest"
	"github.com/aws/aws-sdk-go-v2/aws"
)

// Check that AWS holds the certifications a compliance programme relies on.
// Here the fake holds AWS's catalogue without ISO/IEC 42001, and its SOC 2
// report covers a period that ended more than a year ago.
func Example() {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	fake := artifacttest.New()
	for _, r := range artifacttest.Catalog(time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)) {
		switch r.Name {
		case "ISO/IEC 42001:2023 Certification":
			continue
		case "SOC 2 Type 2 Report":
			r.PeriodEnd = time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
		}
		fake.AddReport(r, nil)
	}

	c := artifact.New(fake, artifact.WithClock(func() time.Time { return now }))
	statuses, err := c.CheckCertifications(context.Background())
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, s := range statuses {
		fmt.Printf("%-13s %-7s %s\n", s.Requirement.Name, s.State, s.Reason)
	}
	// Output:
	// ISO/IEC 27001 current "ISO/IEC 27001:2022 Certification" (report-0000000000000001, version 1): its period ended on 2026-06-30, 124 days ago, within the limit of 365 days
	// ISO/IEC 27017 current "ISO/IEC 27017:2015 Certification" (report-0000000000000002, version 1): its period ended on 2026-06-30, 124 days ago, within the limit of 365 days
	// ISO/IEC 27018 current "ISO/IEC 27018:2019 Certification" (report-0000000000000003, version 1): its period ended on 2026-06-30, 124 days ago, within the limit of 365 days
	// ISO/IEC 27701 current "ISO/IEC 27701:2019 Certification" (report-0000000000000004, version 1): its period ended on 2026-06-30, 124 days ago, within the limit of 365 days
	// ISO/IEC 42001 missing no report in AWS Artifact matches "42001"
	// SOC 2         stale   "SOC 2 Type 2 Report" (report-0000000000000007, version 1): its period ended on 2025-03-31, 580 days ago, beyond the limit of 365 days
	// PCI DSS       current "PCI DSS Attestation of Compliance (AOC) and Responsibility Summary" (report-0000000000000011, version 1): its period ended on 2026-06-30, 124 days ago, within the limit of 365 days
}

// A saved list of reports is judged again offline, against requirements of
// the caller's own: here a C5 attestation no older than six months.
func ExampleEvaluateCertifications() {
	snapshot := []artifact.Report{
		{ID: "report-c5c5c5c5c5c5c5c5", Name: "C5 Type 2 Attestation", Series: "C5", Version: 2, PeriodEnd: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)},
		{ID: "report-soc2soc2soc2soc2", Name: "SOC 2 Type 2 Report", Series: "SOC", Version: 5, PeriodEnd: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)},
	}
	c5 := artifact.Requirement{Name: "BSI C5", Match: []string{"C5"}, MaxAge: 183 * 24 * time.Hour}
	soc2, _ := artifact.LookupRequirement("SOC 2")

	for _, s := range artifact.EvaluateCertifications(snapshot, time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), c5, soc2) {
		fmt.Println(s.Requirement.Name, s.State, s.Report.ID, s.Age.Hours()/24, "days")
	}
	// Output:
	// BSI C5 stale report-c5c5c5c5c5c5c5c5 244 days
	// SOC 2 current report-soc2soc2soc2soc2 154 days
}

// Workloads that handle health data need the HIPAA Business Associate
// Addendum in force; a terminated one is a finding.
func ExampleClient_AgreementStatus() {
	fake := artifacttest.New()
	fake.AddAgreement(artifact.Agreement{
		Name:           "AWS Business Associate Addendum",
		State:          artifact.AgreementStateCustomerTerminated,
		EffectiveStart: time.Date(2023, 5, 2, 0, 0, 0, 0, time.UTC),
		EffectiveEnd:   time.Date(2026, 2, 27, 0, 0, 0, 0, time.UTC),
	})

	st, err := artifact.New(fake).AgreementStatus(context.Background(), artifact.HIPAABAA)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(st.State)
	fmt.Println(st.Reason)
	// Output:
	// inactive
	// "AWS Business Associate Addendum" (customer-agreement-0000000000000001) was terminated by the customer on 2026-02-27 and no agreement of that name is active
}

// Download puts an official report into an evidence pack: it accepts the
// report's terms, fetches the document and returns its SHA-256 to record
// next to it.
func ExampleClient_Download() {
	fake := artifacttest.New()
	defer fake.Close()
	report := fake.AddReport(artifact.Report{Name: "SOC 2 Type 2 Report", AcceptanceType: artifact.AcceptanceExplicit}, []byte("%PDF-1.7 SOC 2\n"))

	c := artifact.New(fake, artifact.WithHTTPClient(fake.HTTPClient()))
	var pack bytes.Buffer // in real use, a file in the evidence pack
	d, err := c.Download(context.Background(), report.ID, 0, &pack)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(d.FileName, d.ContentType, d.Bytes, "bytes, version", d.Report.Version)
	fmt.Println("sha256", d.SHA256)
	fmt.Println("terms accepted:", len(fake.Terms()))
	// Output:
	// SOC-2-Type-2-Report.pdf application/pdf 15 bytes, version 1
	// sha256 5d0b71b1859beff6ab58d874a8045412433dd80f5ddd69518c9d2337cfc32a76
	// terms accepted: 1
}

// Errors match the sentinels of package aigov; a throttled caller learns how
// long AWS asked it to wait.
func Example_errors() {
	fake := artifacttest.New()
	fake.Fail("ListReports", artifacttest.Throttling())

	for _, err := range artifact.New(fake).Reports(context.Background()) {
		after, _ := artifact.RetryAfter(err)
		fmt.Println(errors.Is(err, aigov.ErrThrottled), after)
		fmt.Println(err)
	}

	// Outside the aws partition there is no AWS Artifact to call.
	_, err := artifact.NewFromConfig(aws.Config{Region: "us-gov-west-1"}).AccountSettings(context.Background())
	fmt.Println(errors.Is(err, aigov.ErrNotEnabled), errors.Is(err, artifact.ErrUnsupportedPartition))
	// Output:
	// true 1s
	// artifact: ListReports in us-east-1: throttled: ThrottlingException: Rate exceeded (HTTP 429, request id 00000000-fake-4000-8000-000000000001)
	// true true
}
