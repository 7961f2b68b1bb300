package config

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// PackRule is a managed rule to put in a conformance pack, with the input
// parameters to give it.
type PackRule struct {
	ManagedRule
	// InputParameters are the rule's parameters; each must be one the rule
	// declares.
	InputParameters map[string]string
}

// AIPackRules returns the managed rules of the AI conformance pack: the
// SageMaker, Bedrock and AgentCore rules plus the CloudTrail, S3, KMS, ECR
// and Inspector rules the AI controls rely on, without parameters.
func AIPackRules() []PackRule {
	var out []PackRule
	for _, r := range ManagedRules() {
		out = append(out, PackRule{ManagedRule: r})
	}
	return out
}

// ConformancePackTemplate renders a conformance pack template (YAML, as AWS
// Config and CloudFormation read it) that deploys the given rules, in the
// order given. Deploy it with your provisioning pipeline, or with
// Client.DeployConformancePack.
//
// It fails when a rule has no name or identifier, when two rules share a
// name, or when a parameter is not one the rule declares.
func ConformancePackTemplate(rules ...PackRule) ([]byte, error) {
	if len(rules) == 0 {
		return nil, fmt.Errorf("config: ConformancePackTemplate: no rules given")
	}
	var b bytes.Buffer
	b.WriteString("# AWS Config conformance pack rendered by github.com/aigov/aigov/config.\n")
	b.WriteString("# Rules: " + strconv.Itoa(len(rules)) + ". Every rule is an AWS managed rule.\n")
	b.WriteString("Resources:\n")
	seen := make(map[string]bool)
	for i, r := range rules {
		if r.Name == "" || r.Identifier == "" {
			return nil, fmt.Errorf("config: ConformancePackTemplate: rule %d has no name or identifier", i)
		}
		id := logicalID(r.Name)
		if seen[id] {
			return nil, fmt.Errorf("config: ConformancePackTemplate: rule %q appears twice", r.Name)
		}
		seen[id] = true
		fmt.Fprintf(&b, "  %s:\n", id)
		b.WriteString("    Type: AWS::Config::ConfigRule\n")
		b.WriteString("    Properties:\n")
		fmt.Fprintf(&b, "      ConfigRuleName: %s\n", scalar(r.Name))
		if r.Description != "" {
			fmt.Fprintf(&b, "      Description: %s\n", scalar(r.Description))
		}
		if len(r.InputParameters) > 0 {
			b.WriteString("      InputParameters:\n")
			keys := make([]string, 0, len(r.InputParameters))
			for k := range r.InputParameters {
				if !slices.Contains(r.Parameters, k) {
					return nil, fmt.Errorf("config: ConformancePackTemplate: rule %q has no parameter %q (it takes %s)", r.Name, k, paramList(r.Parameters))
				}
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				fmt.Fprintf(&b, "        %s: %s\n", scalar(k), scalar(r.InputParameters[k]))
			}
		}
		if r.Periodic {
			b.WriteString("      MaximumExecutionFrequency: TwentyFour_Hours\n")
		}
		if len(r.ResourceTypes) > 0 {
			b.WriteString("      Scope:\n        ComplianceResourceTypes:\n")
			for _, t := range r.ResourceTypes {
				fmt.Fprintf(&b, "          - %s\n", scalar(t))
			}
		}
		b.WriteString("      Source:\n        Owner: AWS\n")
		fmt.Fprintf(&b, "        SourceIdentifier: %s\n", scalar(r.Identifier))
	}
	return b.Bytes(), nil
}

func paramList(ps []string) string {
	if len(ps) == 0 {
		return "none"
	}
	return strings.Join(ps, ", ")
}

// logicalID turns "sagemaker-model-in-vpc" into "SagemakerModelInVpc".
func logicalID(name string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(name, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

var plain = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_./-]*(::[A-Za-z0-9_./-]+)*$`)

// scalar writes s as a YAML scalar: plain when that is safe, double-quoted
// (with JSON escapes, which YAML reads the same way) otherwise.
func scalar(s string) string {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "y", "n":
		return strconv.Quote(s)
	}
	if plain.MatchString(s) {
		return s
	}
	return strconv.Quote(s)
}
