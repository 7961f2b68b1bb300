package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/aigov/aigov/governance"
)

// SARIFSchemaURI is the OASIS URI of the SARIF 2.1.0 JSON schema, which
// the SARIF output names as its $schema.
const SARIFSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// SARIFFingerprintKey is the key of the result's partialFingerprints entry
// that holds the finding's ID, so that SARIF consumers match a finding
// across runs and do not open a second alert for it.
const SARIFFingerprintKey = "aigovFindingId/v1"

// SARIF writes the report as a SARIF 2.1.0 log, for GitHub code scanning
// and other SARIF consumers: one run, one rule per control, one result per
// FAIL finding. See the package documentation for the mappings, what
// UNKNOWN and WAIVED findings become, and the locations GitHub needs.
func SARIF(w io.Writer, r *governance.Report, opts ...Option) error {
	s, err := apply(r, opts)
	if err != nil {
		return err
	}
	v := newView(r, s)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{Name: s.tool.Name, Version: s.tool.Version, InformationURI: s.tool.InfoURI, Rules: []sarifRule{}}},
		Invocations: []sarifInvocation{{
			ExecutionSuccessful: true,
			StartTimeUTC:        sarifTime(r.CollectedAt),
			EndTimeUTC:          sarifTime(r.GeneratedAt),
		}},
		Results: []sarifResult{},
	}
	index := map[string]int{}
	stats := sarifStats{
		GeneratedAt: sarifTime(r.GeneratedAt), ReportSchemaVersion: r.SchemaVersion, MinSeverity: s.minSeverity,
		Score: r.Scores.Overall.Score, Coverage: r.Scores.Overall.Coverage, UnknownControls: []string{},
	}
	for _, c := range v.controls {
		index[c.ID] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(c))
		tally(&stats.Controls, c.Status)
		if c.Status == governance.StatusUnknown {
			stats.UnknownControls = append(stats.UnknownControls, c.ID)
			run.Invocations[0].Notifications = append(run.Invocations[0].Notifications, sarifNotification{
				Level:          "warning",
				Message:        sarifText{Text: fmt.Sprintf("%s is UNKNOWN, not evaluated: %s", c.ID, oneLine(c.Reason))},
				AssociatedRule: &sarifRuleRef{ID: c.ID, Index: index[c.ID]},
			})
		}
	}
	for _, o := range troubled(r.Sources) {
		where := o.Account
		if o.Region != "" {
			where += "/" + o.Region
		}
		text := fmt.Sprintf("%s in %s: %s", o.Source, where, o.Status)
		if o.Error != "" {
			text += ": " + oneLine(o.Error)
		}
		run.Invocations[0].Notifications = append(run.Invocations[0].Notifications, sarifNotification{Level: "warning", Message: sarifText{Text: text}})
	}
	for _, f := range v.findings() {
		tally(&stats.Findings, f.Status)
		i, known := index[f.Control]
		if f.Status != governance.StatusFail || !known {
			continue
		}
		run.Results = append(run.Results, sarifResultOf(f, i))
	}
	run.Properties = sarifRunProperties{AIGov: stats}

	b, err := json.MarshalIndent(sarifLog{Schema: SARIFSchemaURI, Version: "2.1.0", Runs: []sarifRun{run}}, "", "  ")
	if err != nil {
		return fmt.Errorf("render: encoding SARIF: %w", err)
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("render: writing SARIF: %w", err)
	}
	return nil
}

// sarifLevel maps a severity to a SARIF level: error for critical and
// high, warning for medium, note for low and informational.
func sarifLevel(s governance.Severity) string {
	switch s {
	case governance.SeverityCritical, governance.SeverityHigh:
		return "error"
	case governance.SeverityMedium:
		return "warning"
	}
	return "note"
}

// securitySeverity maps a severity to the CVSS-like score GitHub code
// scanning reads from a rule's security-severity property: over 9.0 is
// critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, 0.1 to 3.9 low.
func securitySeverity(s governance.Severity) string {
	switch s {
	case governance.SeverityCritical:
		return "9.5"
	case governance.SeverityHigh:
		return "8.0"
	case governance.SeverityMedium:
		return "5.5"
	case governance.SeverityLow:
		return "3.0"
	}
	return "0.0"
}

func sarifRuleOf(c governance.ControlResult) sarifRule {
	full := c.Description
	if full == "" {
		full = c.Title
	}
	tags := []string{"security", "compliance"}
	for _, f := range frameworkKeys(c.Frameworks) {
		tags = append(tags, string(f))
	}
	for _, src := range c.Sources {
		tags = append(tags, "source:"+string(src))
	}
	return sarifRule{
		ID:                   c.ID,
		Name:                 pascalCase(c.Title),
		ShortDescription:     sarifText{Text: oneLine(c.Title)},
		FullDescription:      sarifText{Text: full},
		Help:                 sarifHelp(c),
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(c.Severity)},
		Properties: sarifRuleProperties{
			SecuritySeverity: securitySeverity(c.Severity),
			Severity:         c.Severity,
			Tags:             tags,
		},
	}
}

// sarifHelp is the rule's help: what the control checks, why it matters,
// how to fix a failure and the framework clauses it maps to.
func sarifHelp(c governance.ControlResult) sarifMultiformat {
	var text, md strings.Builder
	para := func(label, s string) {
		if s == "" {
			return
		}
		if text.Len() > 0 {
			text.WriteString("\n\n")
			md.WriteString("\n\n")
		}
		if label == "" {
			text.WriteString(s)
			md.WriteString(mdText(s))
			return
		}
		text.WriteString(label + ": " + s)
		md.WriteString("**" + label + ":** " + mdText(s))
	}
	para("", c.Description)
	para("Why it matters", c.Rationale)
	para("How to fix", c.Remediation)
	if len(c.Frameworks) > 0 {
		text.WriteString("\n\nFrameworks:")
		md.WriteString("\n\n**Frameworks:**\n")
		for _, f := range frameworkKeys(c.Frameworks) {
			for _, m := range c.Frameworks[f] {
				line := f.Title() + " " + m.Clause
				if m.Title != "" {
					line += " " + m.Title
				}
				basis := string(m.Basis)
				if m.Source != "" {
					basis += ", " + m.Source
				}
				line += " (" + basis + ")"
				text.WriteString("\n- " + line)
				md.WriteString("\n- " + mdText(line))
			}
		}
	}
	if text.Len() == 0 {
		para("", c.Title)
	}
	return sarifMultiformat{Text: text.String(), Markdown: md.String()}
}

func sarifResultOf(f governance.Finding, ruleIndex int) sarifResult {
	what := f.Resource
	if what == "" {
		what = "account " + place(f)
	}
	fqn := f.Resource
	if fqn == "" {
		fqn = place(f)
	}
	return sarifResult{
		RuleID:    f.Control,
		RuleIndex: ruleIndex,
		Level:     sarifLevel(f.Severity),
		Message:   sarifText{Text: fmt.Sprintf("%s: %s (%s)", what, f.Message, place(f))},
		Locations: []sarifLocation{{
			PhysicalLocation: sarifPhysicalLocation{
				ArtifactLocation: sarifArtifactLocation{URI: pseudoPath(f)},
				Region:           sarifRegion{StartLine: 1},
			},
			LogicalLocations: []sarifLogicalLocation{{FullyQualifiedName: fqn, Kind: "resource"}},
		}},
		PartialFingerprints: map[string]string{SARIFFingerprintKey: f.ID},
		Properties: sarifResultProperties{
			Account: f.Account, Region: f.Region, ResourceType: f.ResourceType, Resource: f.Resource, Severity: f.Severity,
		},
	}
}

// pseudoPath is the stable, repository-relative artifact URI of a finding:
// aws/<account>/<region>/<resource type>, such as
// aws/111111111111/eu-west-1/AWS-SageMaker-NotebookInstance. GitHub code
// scanning rejects a result without a physical location, and a location
// whose URI is absolute or has a scheme (an ARN would read as one); the
// path need not exist in the repository. "global" stands for no region,
// "account" for account-level findings.
func pseudoPath(f governance.Finding) string {
	account, region, typ := f.Account, f.Region, f.ResourceType
	if account == "" {
		account = "no-account"
	}
	if region == "" {
		region = "global"
	}
	if typ == "" {
		typ = "account"
		if f.Resource != "" {
			typ = "resource"
		}
	}
	return "aws/" + pathSegment(account) + "/" + pathSegment(region) + "/" + pathSegment(typ)
}

// pathSegment turns s into a URI path segment of letters, digits, dots,
// dashes and underscores; every run of other characters becomes one dash
// ("AWS::S3::Bucket" gives "AWS-S3-Bucket").
func pathSegment(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-') {
			b.WriteRune(r)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	seg := strings.Trim(b.String(), "-")
	if seg == "" || seg == "." || seg == ".." {
		seg = "_" + seg // never empty, never a step up
	}
	return seg
}

// pascalCase makes a SARIF rule name of a title: "SageMaker notebook
// instances have no direct internet access" gives
// "SageMakerNotebookInstancesHaveNoDirectInternetAccess".
func pascalCase(title string) string {
	var b strings.Builder
	for _, word := range strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		r := []rune(word)
		b.WriteString(strings.ToUpper(string(r[0])) + string(r[1:]))
	}
	return b.String()
}

// sarifTime writes a report time as SARIF wants it, or nothing when the
// time is unknown.
func sarifTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// The SARIF 2.1.0 objects the output uses, with their schema names.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool        sarifTool          `json:"tool"`
		Invocations []sarifInvocation  `json:"invocations"`
		Results     []sarifResult      `json:"results"`
		Properties  sarifRunProperties `json:"properties"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	// sarifRule is a reportingDescriptor.
	sarifRule struct {
		ID                   string              `json:"id"`
		Name                 string              `json:"name"`
		ShortDescription     sarifText           `json:"shortDescription"`
		FullDescription      sarifText           `json:"fullDescription"`
		Help                 sarifMultiformat    `json:"help"`
		DefaultConfiguration sarifConfiguration  `json:"defaultConfiguration"`
		Properties           sarifRuleProperties `json:"properties"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifMultiformat struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifRuleProperties struct {
		// SecuritySeverity is what GitHub ranks security alerts by.
		SecuritySeverity string              `json:"security-severity"`
		Severity         governance.Severity `json:"severity"`
		Tags             []string            `json:"tags"`
	}
	sarifInvocation struct {
		ExecutionSuccessful bool                `json:"executionSuccessful"`
		StartTimeUTC        string              `json:"startTimeUtc,omitempty"`
		EndTimeUTC          string              `json:"endTimeUtc,omitempty"`
		Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Level          string        `json:"level"`
		Message        sarifText     `json:"message"`
		AssociatedRule *sarifRuleRef `json:"associatedRule,omitempty"`
	}
	// sarifRuleRef is a reportingDescriptorReference.
	sarifRuleRef struct {
		ID    string `json:"id"`
		Index int    `json:"index"`
	}
	sarifResult struct {
		RuleID              string                `json:"ruleId"`
		RuleIndex           int                   `json:"ruleIndex"`
		Level               string                `json:"level"`
		Message             sarifText             `json:"message"`
		Locations           []sarifLocation       `json:"locations"`
		PartialFingerprints map[string]string     `json:"partialFingerprints"`
		Properties          sarifResultProperties `json:"properties"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysicalLocation  `json:"physicalLocation"`
		LogicalLocations []sarifLogicalLocation `json:"logicalLocations"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           sarifRegion           `json:"region"`
	}
	sarifArtifactLocation struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine int `json:"startLine"`
	}
	sarifLogicalLocation struct {
		FullyQualifiedName string `json:"fullyQualifiedName"`
		Kind               string `json:"kind"`
	}
	sarifResultProperties struct {
		Account      string              `json:"account,omitempty"`
		Region       string              `json:"region,omitempty"`
		ResourceType string              `json:"resourceType,omitempty"`
		Resource     string              `json:"resource,omitempty"`
		Severity     governance.Severity `json:"severity"`
	}
	sarifRunProperties struct {
		AIGov sarifStats `json:"aigov"`
	}
	// sarifStats is what a SARIF consumer cannot see from the results
	// alone: the controls and findings that are not failures, above all
	// the UNKNOWN ones, so that a run without results does not read as
	// clean when evidence was missing.
	sarifStats struct {
		ReportSchemaVersion string              `json:"reportSchemaVersion"`
		GeneratedAt         string              `json:"generatedAt,omitempty"`
		MinSeverity         governance.Severity `json:"minSeverity"`
		Score               float64             `json:"score"`
		Coverage            float64             `json:"coverage"`
		Controls            governance.Counts   `json:"controls"`
		Findings            governance.Counts   `json:"findings"`
		UnknownControls     []string            `json:"unknownControls"`
	}
)

// tally counts one more control or finding of a status.
func tally(c *governance.Counts, s governance.Status) {
	switch s {
	case governance.StatusFail:
		c.Fail++
	case governance.StatusUnknown:
		c.Unknown++
	case governance.StatusWaived:
		c.Waived++
	case governance.StatusPass:
		c.Pass++
	case governance.StatusNotApplicable:
		c.NotApplicable++
	}
}
