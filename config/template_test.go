package config_test

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/aigov/aigov/internal/testkit"

	"github.com/aigov/aigov/config"
)

func TestConformancePackTemplateGolden(t *testing.T) {
	body, err := config.ConformancePackTemplate(config.AIPackRules()...)
	if err != nil {
		t.Fatal(err)
	}
	testkit.Golden(t, "ai-conformance-pack.yaml", body)
}

// TestConformancePackTemplateParses reads the template back with a YAML
// reader for the subset the renderer writes (block mappings, block
// sequences, plain and double-quoted scalars, comments) and checks every
// rule arrives whole. A test-only reader keeps the module free of a YAML
// dependency; the renderer writes nothing outside that subset.
func TestConformancePackTemplateParses(t *testing.T) {
	var rules []config.PackRule
	for _, r := range config.AIPackRules() {
		if r.Identifier != "CLOUDTRAIL_S3_DATAEVENTS_ENABLED" {
			rules = append(rules, r)
		}
	}
	withParams := config.PackRule{ManagedRule: mustRule(t, "CLOUDTRAIL_S3_DATAEVENTS_ENABLED"), InputParameters: map[string]string{"S3BucketNames": "training-data,features: raw"}}
	body, err := config.ConformancePackTemplate(append(rules, withParams)...)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := parseYAML(body)
	if err != nil {
		t.Fatalf("template does not parse: %v\n%s", err, body)
	}
	res, ok := doc.(map[string]any)["Resources"].(map[string]any)
	if !ok || len(res) != len(rules)+1 {
		t.Fatalf("Resources has %d entries, want %d", len(res), len(rules)+1)
	}
	for _, r := range res {
		m := r.(map[string]any)
		props := m["Properties"].(map[string]any)
		src := props["Source"].(map[string]any)
		if m["Type"] != "AWS::Config::ConfigRule" || src["Owner"] != "AWS" || src["SourceIdentifier"] == "" || props["ConfigRuleName"] == "" {
			t.Errorf("incomplete rule: %v", m)
		}
	}
	dataEvents := res["CloudtrailS3DataeventsEnabled"].(map[string]any)["Properties"].(map[string]any)
	if got := dataEvents["InputParameters"].(map[string]any)["S3BucketNames"]; got != "training-data,features: raw" {
		t.Errorf("parameter = %q", got)
	}
	nb := res["SagemakerNotebookInstanceInsideVpc"].(map[string]any)["Properties"].(map[string]any)
	if types := nb["Scope"].(map[string]any)["ComplianceResourceTypes"].([]any); len(types) != 1 || types[0] != "AWS::SageMaker::NotebookInstance" {
		t.Errorf("scope = %v", types)
	}
}

func mustRule(t *testing.T, id string) config.ManagedRule {
	r, ok := config.LookupManagedRule(id)
	if !ok {
		t.Fatalf("no managed rule %s", id)
	}
	return r
}

func TestConformancePackTemplateErrors(t *testing.T) {
	r := mustRule(t, "SAGEMAKER_MODEL_IN_VPC")
	tests := []struct {
		rules []config.PackRule
		want  string
	}{
		{nil, "no rules given"},
		{[]config.PackRule{{ManagedRule: r}, {ManagedRule: r}}, `rule "sagemaker-model-in-vpc" appears twice`},
		{[]config.PackRule{{ManagedRule: r, InputParameters: map[string]string{"x": "y"}}}, `rule "sagemaker-model-in-vpc" has no parameter "x" (it takes none)`},
		{[]config.PackRule{{}}, "rule 0 has no name or identifier"},
	}
	for _, tt := range tests {
		_, err := config.ConformancePackTemplate(tt.rules...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
	}
}

// parseYAML reads the block-style YAML subset described above.
func parseYAML(b []byte) (any, error) {
	type line struct {
		indent int
		text   string
		no     int
	}
	var lines []line
	for i, l := range strings.Split(string(b), "\n") {
		trimmed := strings.TrimLeft(l, " ")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if strings.Contains(l, "\t") {
			return nil, fmt.Errorf("line %d: tab", i+1)
		}
		lines = append(lines, line{len(l) - len(trimmed), trimmed, i + 1})
	}
	pos := 0
	var block func(indent int) (any, error)
	scalar := func(s string, no int) (string, error) {
		if strings.HasPrefix(s, `"`) {
			v, err := strconv.Unquote(s)
			if err != nil {
				return "", fmt.Errorf("line %d: bad quoted scalar %s", no, s)
			}
			return v, nil
		}
		if strings.Contains(s, ": ") || strings.HasPrefix(s, "- ") || strings.ContainsAny(s[:1], "{[&*!|>'%@`") {
			return "", fmt.Errorf("line %d: plain scalar %q needs quoting", no, s)
		}
		return s, nil
	}
	block = func(indent int) (any, error) {
		if pos >= len(lines) || lines[pos].indent != indent {
			return nil, fmt.Errorf("expected a block at indent %d", indent)
		}
		if strings.HasPrefix(lines[pos].text, "- ") {
			var seq []any
			for pos < len(lines) && lines[pos].indent == indent && strings.HasPrefix(lines[pos].text, "- ") {
				v, err := scalar(strings.TrimPrefix(lines[pos].text, "- "), lines[pos].no)
				if err != nil {
					return nil, err
				}
				seq = append(seq, v)
				pos++
			}
			return seq, nil
		}
		m := map[string]any{}
		for pos < len(lines) && lines[pos].indent == indent {
			l := lines[pos]
			key, rest, ok := strings.Cut(l.text, ":")
			if !ok {
				return nil, fmt.Errorf("line %d: no key", l.no)
			}
			if strings.HasPrefix(key, `"`) {
				var err error
				// A quoted key may itself contain a colon.
				end := strings.Index(l.text[1:], `"`) + 2
				key, err = strconv.Unquote(l.text[:end])
				if err != nil {
					return nil, fmt.Errorf("line %d: bad key", l.no)
				}
				rest = strings.TrimPrefix(l.text[end:], ":")
			}
			if _, dup := m[key]; dup {
				return nil, fmt.Errorf("line %d: duplicate key %q", l.no, key)
			}
			pos++
			rest = strings.TrimSpace(rest)
			if rest != "" {
				v, err := scalar(rest, l.no)
				if err != nil {
					return nil, err
				}
				m[key] = v
				continue
			}
			if pos >= len(lines) || lines[pos].indent <= indent {
				return nil, fmt.Errorf("line %d: key %q has no value", l.no, key)
			}
			v, err := block(lines[pos].indent)
			if err != nil {
				return nil, err
			}
			m[key] = v
		}
		return m, nil
	}
	doc, err := block(0)
	if err == nil && pos != len(lines) {
		err = fmt.Errorf("line %d: unexpected indentation", lines[pos].no)
	}
	return doc, err
}

func TestParseYAMLRejectsBadInput(t *testing.T) {
	for _, bad := range []string{"a: b: c\n", "a:\n", "a:\n  - x\n b: y\n", "a: 1\na: 2\n"} {
		if _, err := parseYAML([]byte(bad)); err == nil {
			t.Errorf("parseYAML(%q) accepted it", bad)
		}
	}
	if v, err := parseYAML(bytes.TrimSpace([]byte("a:\n  b: \"x: y\"\n"))); err != nil || v.(map[string]any)["a"].(map[string]any)["b"] != "x: y" {
		t.Errorf("got %v, %v", v, err)
	}
}
