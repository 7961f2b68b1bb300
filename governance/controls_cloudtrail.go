package governance

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aigov/aigov/cloudtrail"
)

// trailCoverage is AIML-LOG-01: per account and region, whether a logging
// trail records the region's read and write management events.
func trailCoverage(s *Snapshot) []Finding {
	var out []Finding
	for _, account := range s.Scope.Accounts {
		trails, unknown, ev := s.accountTrails(account)
		cov := cloudtrail.EvaluateCoverage(trails, s.Scope.Regions)
		for _, rc := range cov.Regions {
			l := at{Account: account, Region: rc.Region}
			switch {
			case unknown[rc.Region] != "" && rc.State != cloudtrail.Covered:
				out = append(out, l.unknown(unknown[rc.Region], ev...))
			case rc.State == cloudtrail.Covered && len(rc.ReadTrails) > 0:
				out = append(out, l.pass(fmt.Sprintf("%s/%s: read and write management events are logged by %s", account, rc.Region, strings.Join(sortedUnique(append(rc.WriteTrails, rc.ReadTrails...)), ", ")), ev...))
			case rc.State == cloudtrail.Covered:
				out = append(out, l.fail(fmt.Sprintf("%s/%s: write management events are logged (%s) but no trail logs read events", account, rc.Region, strings.Join(rc.WriteTrails, ", ")), ev...))
			case rc.State == cloudtrail.CoverageUnknown:
				out = append(out, l.unknown(fmt.Sprintf("%s/%s: the trails %s apply but could not be read", account, rc.Region, strings.Join(rc.UnknownTrails, ", ")), ev...))
			default:
				out = append(out, l.fail(fmt.Sprintf("%s/%s: no logging trail records write management events", account, rc.Region), ev...))
			}
		}
	}
	return out
}

// trailProperty evaluates one property of every logging trail of an
// account: a finding per trail; a FAIL for the account when it has none.
func trailProperty(what string, ok func(cloudtrail.Trail) (bool, string)) func(*Snapshot) []Finding {
	return func(s *Snapshot) []Finding {
		var out []Finding
		for _, account := range s.Scope.Accounts {
			l := at{Account: account}
			trails, unknown, ev := s.accountTrails(account)
			n := 0
			for _, t := range trails {
				if !t.Logging && t.StatusError == "" {
					continue // a trail that does not log protects nothing; LOG-01 says so
				}
				n++
				tl := at{Account: account, Region: t.HomeRegion}
				if t.StatusError != "" {
					out = append(out, tl.resource("AWS::CloudTrail::Trail", t.ARN, StatusUnknown, "trail "+t.Name+": "+t.StatusError, ev...))
					continue
				}
				pass, msg := ok(t)
				st := StatusFail
				if pass {
					st = StatusPass
				}
				out = append(out, tl.resource("AWS::CloudTrail::Trail", t.ARN, st, "trail "+t.Name+": "+msg, ev...))
			}
			if n == 0 {
				if len(unknown) > 0 {
					out = append(out, l.unknown(fmt.Sprintf("account %s: no logging trail seen, and %s", account, strings.Join(sortedValues(unknown), "; ")), ev...))
				} else {
					out = append(out, l.fail(fmt.Sprintf("account %s has no logging trail, so nothing has %s", account, what), ev...))
				}
			}
		}
		return out
	}
}

// mayOwnBucket reports whether a bucket may be the account's: the Config
// inventory of one of its regions lists it, or no inventory in scope lists
// the bucket at all (or could be read), so any account may own it.
func (s *Snapshot) mayOwnBucket(account, bucket string) bool {
	listed := false
	for _, st := range s.Config {
		if !st.Resources.OK() {
			return true
		}
		for _, r := range st.Resources.Value {
			if r.Type == bucketType && r.ID == bucket {
				if st.Account == account {
					return true
				}
				listed = true
			}
		}
	}
	return !listed
}

func sortedValues(m map[string]string) []string {
	var out []string
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}

// dataEvents is AIML-LOG-04: per training-data bucket (or prefix) of the
// policy, whether a logging trail records its object reads and writes.
func dataEvents(s *Snapshot) []Finding {
	if len(s.Policy.TrainingDataBuckets) == 0 {
		return nil
	}
	var out []Finding
	for _, account := range s.Scope.Accounts {
		l := at{Account: account}
		trails, unknown, ev := s.accountTrails(account)
		for _, b := range s.Policy.TrainingDataBuckets {
			bucket, prefix, _ := strings.Cut(b, "/")
			if !s.mayOwnBucket(account, bucket) {
				continue
			}
			var read, write []string
			for _, t := range trails {
				r, w := t.DataEventCoverage(bucket, prefix)
				if r {
					read = append(read, t.Name)
				}
				if w {
					write = append(write, t.Name)
				}
			}
			res := "arn:aws:s3:::" + b
			switch {
			case len(read) > 0 && len(write) > 0:
				out = append(out, l.resource("AWS::S3::Bucket", res, StatusPass, fmt.Sprintf("object reads of %s are logged by %s and writes by %s", b, strings.Join(read, ", "), strings.Join(write, ", ")), ev...))
			case len(unknown) > 0:
				out = append(out, l.resource("AWS::S3::Bucket", res, StatusUnknown, fmt.Sprintf("no trail seen logging %s's object events, and %s", b, strings.Join(sortedValues(unknown), "; ")), ev...))
			default:
				var miss []string
				if len(read) == 0 {
					miss = append(miss, "reads")
				}
				if len(write) == 0 {
					miss = append(miss, "writes")
				}
				out = append(out, l.resource("AWS::S3::Bucket", res, StatusFail, fmt.Sprintf("no trail logs the object %s of training data %s", strings.Join(miss, " and "), b), ev...))
			}
		}
	}
	return out
}

// detections evaluates a review control: a FAIL per (rule, principal)
// detection that keep selects, with who, what, when, where and how often; a
// PASS per location whose review found none; UNKNOWN where the review is
// missing, or truncated for a source the rules watch.
func detections(sources []string, keep func(s *Snapshot, d cloudtrail.Detection) bool) func(*Snapshot) []Finding {
	return func(s *Snapshot) []Finding {
		var out []Finding
		for _, loc := range s.regional() {
			l := at(loc)
			i := slices.IndexFunc(s.CloudTrail, func(st CloudTrailState) bool { return st.Location == loc })
			if i < 0 {
				out = append(out, l.unknown(s.missing(SourceCloudTrail, loc)))
				continue
			}
			st := s.CloudTrail[i]
			r := st.Review.Value
			ev := Evidence{Source: SourceCloudTrail, Operation: st.Review.Operation, CollectedAt: st.CollectedAt,
				Detail: fmt.Sprintf("%d events from %s to %s", r.Events, r.Start.Format(time.RFC3339), r.End.Format(time.RFC3339))}
			found := 0
			for _, d := range r.Detections {
				if !keep(s, d) {
					continue
				}
				found++
				f := l.resource("CloudTrail::"+d.RuleID, d.Principal.ID, StatusFail, describeDetection(d), ev)
				out = append(out, f)
			}
			var truncated []string
			for _, src := range r.Truncated {
				if slices.Contains(sources, src) {
					truncated = append(truncated, src)
				}
			}
			switch {
			case !st.Review.OK():
				out = append(out, l.unknown(st.Review.Why("the CloudTrail events of "+loc.String()), ev))
			case len(truncated) > 0:
				out = append(out, l.unknown(fmt.Sprintf("the review of %s stopped at %d events per source for %s: review them with CloudTrail Lake or the log files", loc, s.Policy.MaxReviewEvents, strings.Join(truncated, ", ")), ev))
			case found == 0:
				out = append(out, l.pass(fmt.Sprintf("no such event in %s from %s to %s", loc, r.Start.Format(time.DateOnly), r.End.Format(time.DateOnly)), ev))
			}
		}
		return out
	}
}

// describeDetection says who did what, when, where and how often.
func describeDetection(d cloudtrail.Detection) string {
	who := firstNonEmpty(d.Principal.ID, "an unidentified principal")
	if len(d.SessionNames) > 0 {
		who += " (sessions " + strings.Join(d.SessionNames, ", ") + ")"
	}
	msg := fmt.Sprintf("%s: %s called %s %d time(s)", d.Title, who, strings.Join(d.EventNames, ", "), d.Count)
	if d.Failed > 0 {
		msg += fmt.Sprintf(", %d failed", d.Failed)
	}
	switch {
	case d.FirstSeen.IsZero():
	case d.FirstSeen.Equal(d.LastSeen):
		msg += ", at " + d.FirstSeen.Format(time.RFC3339)
	default:
		msg += fmt.Sprintf(", between %s and %s", d.FirstSeen.Format(time.RFC3339), d.LastSeen.Format(time.RFC3339))
	}
	if len(d.SourceIPAddresses) > 0 {
		msg += ", from " + strings.Join(d.SourceIPAddresses, ", ")
	}
	if len(d.SampleEventIDs) > 0 {
		msg += " (events " + strings.Join(d.SampleEventIDs, ", ") + ")"
	}
	return msg
}

func byCategory(cats ...cloudtrail.Category) func(*Snapshot, cloudtrail.Detection) bool {
	return func(_ *Snapshot, d cloudtrail.Detection) bool { return slices.Contains(cats, d.Category) }
}

func byRule(ids ...string) func(*Snapshot, cloudtrail.Detection) bool {
	return func(_ *Snapshot, d cloudtrail.Detection) bool { return slices.Contains(ids, d.RuleID) }
}

// unknownPrincipal keeps the denied AI calls of principals the policy does
// not know.
func unknownPrincipal(s *Snapshot, d cloudtrail.Detection) bool {
	if d.RuleID != aiAccessDenied.ID {
		return false
	}
	for _, p := range s.Policy.KnownPrincipals {
		if glob(strings.ToLower(p), strings.ToLower(d.Principal.ID)) {
			return false
		}
	}
	return true
}

func cloudtrailControls() []Control {
	ct := []Source{SourceCloudTrail}
	tampering := []string{"cloudtrail.amazonaws.com", "config.amazonaws.com", "guardduty.amazonaws.com", "securityhub.amazonaws.com", "inspector2.amazonaws.com", "bedrock.amazonaws.com"}
	ai := []string{"sagemaker.amazonaws.com", "bedrock.amazonaws.com"}
	return []Control{
		{
			ID: "AIML-LOG-01", Severity: SeverityHigh, Sources: ct,
			Title:       "A multi-region trail logs read and write management events in every region",
			Description: "In every account and region in scope, a logging trail records read and write management events: every SageMaker and Bedrock control-plane call leaves a record.",
			Rationale:   "Without the trail there is no answer to who trained, deployed, opened or changed an AI resource.",
			Remediation: "Create a multi-region (or organisation) trail that logs all management events, and keep it logging.",
			Check:       trailCoverage,
		},
		{
			ID: "AIML-LOG-02", Severity: SeverityMedium, Sources: ct,
			Title:       "Trails validate log files and encrypt them with KMS",
			Description: "Every logging trail writes signed digest files and encrypts its logs with a KMS key.",
			Rationale:   "Validation proves to an auditor that no log file was changed or deleted; KMS limits who can read the record of AI activity.",
			Remediation: "Turn on log file validation and set a KMS key on the trail.",
			Check: trailProperty("validated, encrypted logs", func(t cloudtrail.Trail) (bool, string) {
				var gaps []string
				if !t.LogFileValidation {
					gaps = append(gaps, "log file validation is off")
				}
				if t.KMSKeyID == "" {
					gaps = append(gaps, "logs are not encrypted with a KMS key")
				}
				if t.LatestDigestDeliveryError != "" {
					gaps = append(gaps, "digest delivery fails ("+t.LatestDigestDeliveryError+")")
				}
				if len(gaps) > 0 {
					return false, strings.Join(gaps, "; ")
				}
				return true, "log files are validated and encrypted with " + t.KMSKeyID
			}),
		},
		{
			ID: "AIML-LOG-03", Severity: SeverityMedium, Sources: ct,
			Title:       "Trails deliver to CloudWatch Logs",
			Description: "Every logging trail also delivers to a CloudWatch Logs group, without delivery errors.",
			Rationale:   "Metric filters and alarms on CloudWatch Logs turn tampering and denied access into alerts within minutes.",
			Remediation: "Configure the trail's CloudWatch Logs log group and role.",
			Check: trailProperty("CloudWatch Logs delivery", func(t cloudtrail.Trail) (bool, string) {
				switch {
				case t.CloudWatchLogsGroupARN == "":
					return false, "no CloudWatch Logs delivery"
				case t.LatestCloudWatchLogsDeliveryError != "":
					return false, "CloudWatch Logs delivery fails: " + t.LatestCloudWatchLogsDeliveryError
				}
				return true, "delivers to " + t.CloudWatchLogsGroupARN
			}),
		},
		{
			ID: "AIML-LOG-04", Severity: SeverityMedium, Sources: ct,
			Title:       "Data events are logged for the training-data buckets",
			Description: "A logging trail records object reads and writes (S3 data events) of every training-data bucket the policy names.",
			Rationale:   "Management events do not show who read or changed training data; data events do, which data lineage and poisoning investigations need.",
			Remediation: "Add an advanced event selector for AWS::S3::Object data events with resources.ARN starting with the bucket's ARN.",
			Check:       dataEvents,
		},
		{
			ID: "AIML-DET-01", Severity: SeverityHigh, Sources: ct,
			Title:       "No audit-log or detection tampering in the review window",
			Description: "No one stopped, deleted or narrowed CloudTrail, AWS Config, GuardDuty, Security Hub, Inspector or Bedrock invocation logging.",
			Rationale:   "Attackers turn off the record before acting; every such call must be explained.",
			Remediation: "Find out who made the call and why (the finding names the principal and the events); restore the logging; waive the finding with the explanation once reviewed.",
			Check:       detections(tampering, byCategory(cloudtrail.CategoryLoggingTampering)),
		},
		{
			ID: "AIML-DET-02", Severity: SeverityMedium, Sources: ct,
			Title:       "No denied calls to AI services from unknown principals in the review window",
			Description: "SageMaker and Bedrock calls refused for lack of permission come only from principals the policy knows.",
			Rationale:   "Denied calls from an unexpected principal are how probing of AI resources, or stolen credentials, first show.",
			Remediation: "Identify the principal; revoke its credentials if it is not known; add it to the policy's known principals if it is.",
			Check:       detections(ai, unknownPrincipal),
		},
		{
			ID: "AIML-DET-03", Severity: SeverityHigh, Sources: ct,
			Title:       "No unreviewed Bedrock model access, logging or guardrail changes",
			Description: "Bedrock model access grants, invocation logging changes, guardrail updates or deletions and model customisation jobs in the review window have been reviewed (waived with the reason).",
			Rationale:   "These calls are the steps of LLMjacking and of removing an application's safety filters.",
			Remediation: "Confirm each change was approved; waive the finding with the change reference, or revert it.",
			Check:       detections([]string{"bedrock.amazonaws.com"}, byRule("bedrock-invocation-logging-change", "bedrock-guardrail-deleted", "bedrock-guardrail-updated", "bedrock-model-customization", "bedrock-model-access-change")),
		},
		{
			ID: "AIML-IAM-10", Severity: SeverityLow, Sources: ct,
			Title:       "IAM privilege changes in the review window are reviewed",
			Description: "Policy attachments, trust policy updates, new access keys, login profiles and permissions boundaries changed in the review window have been reviewed.",
			Rationale:   "Privilege changes on the roles that train and serve models widen what a compromise reaches.",
			Remediation: "Confirm each change was approved; waive the finding with the change reference, or revert it.",
			Check:       detections([]string{"iam.amazonaws.com"}, byCategory(cloudtrail.CategoryIAMPrivilege)),
		},
		{
			ID: "AIML-GOV-01", Severity: SeverityLow, Sources: ct,
			Title:       "Sensitive SageMaker operations in the review window are reviewed",
			Description: "Training jobs, models, endpoints, notebook presigned URLs and model registry approvals changed in the review window have been reviewed.",
			Rationale:   "These operations decide what a model learns, what serves users and who opens a notebook with its role.",
			Remediation: "Confirm each operation came from the approved pipeline; waive the finding with the reference, or investigate.",
			Check:       detections([]string{"sagemaker.amazonaws.com"}, byRule("sagemaker-training-job-change", "sagemaker-model-change", "sagemaker-endpoint-change", "sagemaker-notebook-presigned-url", "sagemaker-model-approval-change")),
		},
	}
}
