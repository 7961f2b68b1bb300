package governance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aigov/aigov/advisor"
)

// advisorState returns the Trusted Advisor state of an account.
func (s *Snapshot) advisorState(account string) (*AdvisorState, string) {
	for i := range s.Advisor {
		if s.Advisor[i].Account == account {
			return &s.Advisor[i], ""
		}
	}
	return nil, s.missing(SourceAdvisor, Location{Account: account})
}

// advisorCheck evaluates Trusted Advisor checks: a finding per flagged
// resource (FAIL at the statuses given), a PASS per check that flags none,
// UNKNOWN where the check has no result.
type advisorCheck struct {
	checks []string
	// failOn are the resource statuses that fail: error (red), and warning
	// (yellow) where yellow already exposes data.
	failOn []advisor.Status
	// buckets: only the policy's training-data buckets count.
	buckets bool
}

func (ac advisorCheck) check(s *Snapshot) []Finding {
	var out []Finding
	for _, account := range s.Scope.Accounts {
		out = append(out, ac.checkAccount(s, account)...)
	}
	return out
}

func (ac advisorCheck) checkAccount(s *Snapshot, account string) []Finding {
	l := at{Account: account}
	st, why := s.advisorState(account)
	if st == nil {
		return []Finding{l.unknown(why)}
	}
	if !st.Recommendations.OK() {
		return []Finding{l.unknown(st.Recommendations.Why("the Trusted Advisor results of account " + account))}
	}
	var out []Finding
	for _, id := range ac.checks {
		name := id
		if c, ok := advisor.LookupCheck(id); ok {
			name = c.Name
		}
		ev := Evidence{Source: SourceAdvisor, Operation: st.Recommendations.Operation, Detail: "check " + id + " (" + name + ")", CollectedAt: st.CollectedAt}
		rec, ok := st.recommendation(id)
		if !ok || rec.Status == advisor.StatusNotAvailable {
			reason := "no result"
			if ok && rec.StatusReason != "" {
				reason = rec.StatusReason
			}
			out = append(out, l.resource("TrustedAdvisor::Check", id, StatusUnknown, fmt.Sprintf("Trusted Advisor check %q has no result for account %s: %s", name, account, reason), ev))
			continue
		}
		flagged, outside := 0, 0
		for _, r := range rec.Resources {
			if r.Suppressed || !slices.Contains(ac.failOn, r.Status) {
				continue
			}
			id := firstNonEmpty(r.AWSResourceID, r.Metadata["Bucket Name"], r.Metadata["Security Group ID"], r.ARN, r.ID)
			if ac.buckets && !s.Policy.isTrainingBucket(firstNonEmpty(r.AWSResourceID, r.Metadata["Bucket Name"])) {
				outside++
				continue
			}
			region := r.Region
			if region == "-" {
				region = ""
			}
			f := at{Account: account, Region: region}.resource("TrustedAdvisor::Resource", id, StatusFail,
				fmt.Sprintf("Trusted Advisor %q flags %s (%s)%s", name, id, r.Status, describe(r, rec.Columns)), ev)
			out = append(out, f)
			flagged++
		}
		if flagged == 0 {
			msg := fmt.Sprintf("Trusted Advisor %q flags nothing in account %s", name, account)
			switch {
			case outside > 0:
				msg = fmt.Sprintf("Trusted Advisor %q flags %d bucket(s) in account %s, none of them a training-data bucket of the policy", name, outside, account)
			case rec.Status == advisor.StatusWarning:
				msg += " at this severity (its status is yellow: review it)"
			}
			out = append(out, l.resource("TrustedAdvisor::Check", id, StatusPass, msg, ev))
		}
	}
	return out
}

// describe renders a flagged resource's metadata in column order.
func describe(r advisor.FlaggedResource, columns []string) string {
	var parts []string
	for _, c := range columns {
		if v, ok := r.Metadata[c]; ok && v != "" && c != "Status" {
			parts = append(parts, c+": "+v)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, ", ")
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func advisorControl(c Control, ac advisorCheck) Control {
	c.Sources = []Source{SourceAdvisor}
	c.AdvisorChecks = ac.checks
	c.Check = ac.check
	return c
}

// eitherSource combines controls that read the same thing from two
// sources: per account, any FAIL fails, else any PASS passes, else UNKNOWN
// with both reasons. One source's missing evidence does not hide the
// other's answer.
func eitherSource(checks ...func(*Snapshot) []Finding) func(*Snapshot) []Finding {
	return func(s *Snapshot) []Finding {
		var out []Finding
		for _, account := range s.Scope.Accounts {
			var all []Finding
			for _, c := range checks {
				for _, f := range c(s) {
					if f.Account == account {
						f.Region = ""
						all = append(all, f)
					}
				}
			}
			var decided, unknown []Finding
			for _, f := range all {
				if f.Status == StatusUnknown {
					unknown = append(unknown, f)
				} else {
					decided = append(decided, f)
				}
			}
			if len(decided) > 0 {
				out = append(out, decided...)
				continue
			}
			if len(unknown) > 0 {
				var msgs []string
				for _, f := range unknown {
					msgs = append(msgs, f.Message)
				}
				out = append(out, at{Account: account}.unknown(strings.Join(msgs, "; ")))
			}
		}
		return out
	}
}

func advisorControls() []Control {
	red := []advisor.Status{advisor.StatusError}
	redOrYellow := []advisor.Status{advisor.StatusError, advisor.StatusWarning}
	rootMFA := ruleCheck{rules: []string{"ROOT_ACCOUNT_MFA_ENABLED", "IAM_ROOT_ACCESS_KEY_CHECK"}, global: true}
	keys := ruleCheck{rules: []string{"ACCESS_KEYS_ROTATED"}, global: true}
	return []Control{
		advisorControl(Control{
			ID: "AIML-GOV-04", Severity: SeverityMedium,
			Title:       "Trusted Advisor shows no red security check for AI data",
			Description: "None of the security checks that matter for AI data (S3 bucket permissions, IAM use, root MFA, exposed keys, open security groups, CloudTrail logging, key rotation, password policy, public snapshots) is red.",
			Rationale:   "Trusted Advisor's red security checks are the exposures AWS itself considers urgent.",
			Remediation: "Open Trusted Advisor, fix the resources each red check lists, and refresh the check.",
		}, advisorCheck{checks: advisor.SecurityChecksForAIData().IDs(), failOn: red}),
		advisorControl(Control{
			ID: "AIML-DAT-04", Severity: SeverityCritical,
			Title:       "No S3 bucket is open to the public (Trusted Advisor)",
			Description: "Trusted Advisor's S3 Bucket Permissions check flags no training-data bucket, neither red (open list, upload or delete) nor yellow (open read).",
			Rationale:   "Public read of a training bucket leaks the data; public write lets anyone poison the model.",
			Remediation: "Turn on S3 Block Public Access and remove public grants from the bucket's policy and ACLs.",
		}, advisorCheck{checks: []string{advisor.CheckS3BucketPermissions}, failOn: redOrYellow, buckets: true}),
		advisorControl(Control{
			ID: "AIML-NET-09", Severity: SeverityHigh,
			Title:       "Security groups of AI compute do not allow unrestricted ingress",
			Description: "Trusted Advisor flags no security group open to 0.0.0.0/0 on any port, specific or not.",
			Rationale:   "Notebooks, training clusters and inference hosts behind an open security group can be reached from anywhere.",
			Remediation: "Restrict the security groups' ingress to known sources; reach SageMaker through VPC endpoints.",
		}, advisorCheck{checks: []string{advisor.CheckSecurityGroupsSpecificPorts, advisor.CheckSecurityGroupsUnrestricted}, failOn: redOrYellow}),
		advisorControl(Control{
			ID: "AIML-LOG-11", Severity: SeverityHigh,
			Title:       "Trusted Advisor confirms CloudTrail logging",
			Description: "Trusted Advisor's CloudTrail Logging check finds a trail logging in every region, delivering without errors.",
			Rationale:   "An independent check of the audit trail that AI operations are reviewed from.",
			Remediation: "Create a multi-region trail, or fix the delivery errors the check reports.",
		}, advisorCheck{checks: []string{advisor.CheckCloudTrailLogging}, failOn: redOrYellow}),
		{
			ID: "AIML-IAM-04", Severity: SeverityCritical, Sources: []Source{SourceConfig, SourceAdvisor},
			Title:         "The root user has MFA and no access keys",
			Description:   "AWS Config's root rules, or Trusted Advisor's MFA on Root Account check, show the root user protected by MFA and without access keys.",
			Rationale:     "The root user can delete every model, dataset and log; it must not be one password away.",
			Remediation:   "Enable a hardware MFA device on the root user and delete its access keys.",
			ConfigRules:   rootMFA.rules,
			AdvisorChecks: []string{advisor.CheckRootMFA},
			Check:         eitherSource(rootMFA.check, advisorCheck{checks: []string{advisor.CheckRootMFA}, failOn: redOrYellow}.check),
		},
		{
			ID: "AIML-IAM-06", Severity: SeverityMedium, Sources: []Source{SourceConfig, SourceAdvisor},
			Title:         "Access keys are rotated and none is exposed",
			Description:   "IAM access keys are younger than the rotation limit, and Trusted Advisor finds none exposed publicly.",
			Rationale:     "Long-lived keys of ML users and pipelines are the usual way into training data.",
			Remediation:   "Rotate or delete old keys; replace user keys with roles; act at once on an exposed key.",
			ConfigRules:   keys.rules,
			AdvisorChecks: []string{advisor.CheckIAMAccessKeyRotation, advisor.CheckExposedAccessKeys},
			Check:         eitherSource(keys.check, advisorCheck{checks: []string{advisor.CheckIAMAccessKeyRotation, advisor.CheckExposedAccessKeys}, failOn: redOrYellow}.check),
		},
	}
}
