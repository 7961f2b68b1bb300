// Package artifact reads AWS Artifact for governance: which compliance
// reports AWS publishes and whether they are current, which agreements with
// AWS (the HIPAA Business Associate Addendum above all) are in force, and,
// when asked, the report documents themselves for an evidence pack.
//
// A Client wraps anything that implements API: the real *artifact.Client of
// the SDK (built for you by NewFromConfig), or the in-memory fake of package
// artifacttest in tests.
//
//	cfg, _ := awsconfig.LoadDefaultConfig(ctx) // github.com/aws/aws-sdk-go-v2/config
//	c := artifact.NewFromConfig(cfg)
//	statuses, err := c.CheckCertifications(ctx) // ISO/IEC 27001 … 42001, SOC 2, PCI DSS
//	if err != nil { return err }
//	for _, s := range statuses {
//		fmt.Println(s.Requirement.Name, s.State, s.Reason)
//	}
//
// What it answers:
//   - Reports: every report available to the account, with its series,
//     version, acceptance type and the period it covers.
//   - CheckCertifications: for each Requirement (ISO/IEC 27001, 27017,
//     27018, 27701, 42001, SOC 2 and PCI DSS by default), whether a report
//     satisfies it and is current, is stale (its period ended longer ago
//     than the requirement allows) or is missing, with the report that
//     decides it. EvaluateCertifications does the same offline on a saved
//     list of reports.
//   - Agreements and AgreementStatus: the agreements the account has
//     accepted, and whether a required one (HIPAABAA) is active, inactive
//     (terminated by the customer or by AWS) or missing. EvaluateAgreement
//     does the same offline.
//   - AccountSettings: whether the account subscribes to AWS Artifact's
//     notifications.
//   - Download: a report's document written to an io.Writer, with its
//     SHA-256.
//
// # One region
//
// AWS Artifact's API is served only from us-east-1 in the aws partition, so
// every call is made there whatever region the configuration names. In
// another partition (aws-cn, aws-us-gov, the ISO partitions, aws-eusc),
// known from the region's prefix, there is no endpoint to call: every call
// of the Client returns an error matching ErrUnsupportedPartition and
// aigov.ErrNotEnabled, without a request.
//
// Listings are iterators (iter.Seq2) that fetch pages as the loop advances,
// stop when it breaks, and end with at most one error. Errors are
// *aigov.Error values that match aigov.ErrAccessDenied, ErrThrottled and
// ErrNotFound with errors.Is, and still unwrap to the SDK's error;
// RetryAfter reads how long a throttled caller was asked to wait.
//
// Everything reads, except that Download accepts a report's terms on the
// caller's behalf; it is never called for you.
//
// IAM actions, all read-only: artifact:ListReports,
// artifact:ListCustomerAgreements, artifact:GetAccountSettings; for
// Download artifact:GetReportMetadata, artifact:GetTermForReport and
// artifact:GetReport.
package artifact
