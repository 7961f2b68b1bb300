package auditmanager

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aigov/aigov/internal/pager"
	"github.com/aws/aws-sdk-go-v2/aws"
	sdk "github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"
)

// The names of the standard frameworks aigov looks for, as AWS's Audit
// Manager documentation names them. FindFramework, FrameworkUsage and
// MatchFrameworkName also recognise them under their short names
// ("ISO/IEC 27001:2013 Annex A", "SSAE-18 SOC 2", "GDPR 2016", "SOC 2" …),
// whatever the case.
const (
	FrameworkGenerativeAIv2    = "AWS Generative AI Best Practices Framework v2"
	FrameworkISO27001          = "International Organization for standardization (ISO)/International Electrotechnical Commission (IEC) 27001:2013 Annex A"
	FrameworkSOC2              = "Statement on Standards for Attestations Engagement (SSAE) No. 18, Service Organizations Controls (SOC) Report 2"
	FrameworkHIPAASecurityRule = "HIPAA Security Rule: Feb 2003"
	FrameworkHIPAAOmnibusFinal = "HIPAA Omnibus Final Rule"
	FrameworkGDPR              = "General Data Protection Regulation (GDPR) 2016"
)

// WellKnownFrameworks returns the framework names above, in the order
// FrameworkUsage reports them when it is given none.
func WellKnownFrameworks() []string {
	return []string{FrameworkGenerativeAIv2, FrameworkISO27001, FrameworkSOC2, FrameworkHIPAASecurityRule, FrameworkHIPAAOmnibusFinal, FrameworkGDPR}
}

// FrameworkType says whether AWS provides a framework or the account made it.
type FrameworkType string

// The framework types of Audit Manager.
const (
	Standard FrameworkType = "Standard"
	Custom   FrameworkType = "Custom"
)

// Framework is an Audit Manager framework: the controls an assessment
// collects evidence for.
type Framework struct {
	ID   string        `json:"id,omitempty"`
	ARN  string        `json:"arn,omitempty"`
	Name string        `json:"name"`
	Type FrameworkType `json:"type,omitempty"`
	// ComplianceType is the standard the framework supports, such as
	// "HIPAA" or "ISO 27001".
	ComplianceType  string    `json:"complianceType,omitempty"`
	Description     string    `json:"description,omitempty"`
	ControlSetCount int       `json:"controlSetCount,omitempty"`
	ControlCount    int       `json:"controlCount,omitempty"`
	CreatedAt       time.Time `json:"createdAt,omitzero"`
	LastUpdatedAt   time.Time `json:"lastUpdatedAt,omitzero"`
}

// FrameworkFilter selects frameworks.
type FrameworkFilter struct {
	// Type keeps one type; empty lists standard then custom frameworks.
	Type FrameworkType
	// Name keeps the frameworks whose name matches, as MatchFrameworkName
	// decides.
	Name string
}

// Frameworks lists the frameworks of the account's framework library:
// standard frameworks first, then custom ones, each sorted by name.
//
// IAM: auditmanager:ListAssessmentFrameworks.
func (c *Client) Frameworks(ctx context.Context, f FrameworkFilter) iter.Seq2[Framework, error] {
	kinds := []FrameworkType{Standard, Custom}
	switch f.Type {
	case "":
	case Standard, Custom:
		kinds = []FrameworkType{f.Type}
	default:
		return fail[Framework](fmt.Errorf("auditmanager: Frameworks: unknown framework type %q (want %q or %q)", f.Type, Standard, Custom))
	}
	return func(yield func(Framework, error) bool) {
		for _, kind := range kinds {
			// Collected then sorted: the library is small (tens of
			// frameworks) and AWS's order is not meaningful.
			fws, err := pager.Collect(c.frameworksOfType(ctx, kind))
			slices.SortStableFunc(fws, func(a, b Framework) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
			for _, fw := range fws {
				if f.Name != "" && !MatchFrameworkName(f.Name, fw.Name) {
					continue
				}
				if !yield(fw, nil) {
					return
				}
			}
			if err != nil {
				yield(Framework{}, err)
				return
			}
		}
	}
}

func (c *Client) frameworksOfType(ctx context.Context, kind FrameworkType) iter.Seq2[Framework, error] {
	return clientkit.Pages(ctx, &c.base, "ListAssessmentFrameworks", func(ctx context.Context, token *string) ([]Framework, *string, error) {
		out, err := c.api.ListAssessmentFrameworks(ctx, &sdk.ListAssessmentFrameworksInput{
			FrameworkType: types.FrameworkType(kind),
			MaxResults:    aws.Int32(c.pageSize),
			NextToken:     token,
		}, c.optFns()...)
		if err != nil {
			return nil, nil, err
		}
		res := make([]Framework, 0, len(out.FrameworkMetadataList))
		for _, m := range out.FrameworkMetadataList {
			fw := Framework{
				ID:              aws.ToString(m.Id),
				ARN:             aws.ToString(m.Arn),
				Name:            aws.ToString(m.Name),
				Type:            FrameworkType(m.Type),
				ComplianceType:  aws.ToString(m.ComplianceType),
				Description:     aws.ToString(m.Description),
				ControlSetCount: int(m.ControlSetsCount),
				ControlCount:    int(m.ControlsCount),
				CreatedAt:       aws.ToTime(m.CreatedAt).UTC(),
				LastUpdatedAt:   aws.ToTime(m.LastUpdatedAt).UTC(),
			}
			if fw.Type == "" {
				fw.Type = kind
			}
			// AWS answers only the type asked for; anything else would
			// be listed twice.
			if fw.Type != kind {
				continue
			}
			if fw.ID == "" || fw.Name == "" {
				return res, nil, fmt.Errorf("auditmanager: ListAssessmentFrameworks (%s): AWS returned a framework without an id or a name (id %q, name %q)", kind, fw.ID, fw.Name)
			}
			res = append(res, fw)
		}
		return res, out.NextToken, nil
	})
}

// FindFramework returns the framework of the library whose name matches
// name (see MatchFrameworkName), and whether there is one. When several
// match, an exact (case-insensitive) name beats a recognised alias, and a
// standard framework beats a custom one.
//
// IAM: auditmanager:ListAssessmentFrameworks.
func (c *Client) FindFramework(ctx context.Context, name string) (Framework, bool, error) {
	fws, err := pager.Collect(c.Frameworks(ctx, FrameworkFilter{}))
	if err != nil {
		return Framework{}, false, err
	}
	fw, ok := findFramework(fws, name)
	return fw, ok, nil
}

// findFramework picks from fws, which are sorted standard first.
func findFramework(fws []Framework, name string) (Framework, bool) {
	want := normalizeName(name)
	for _, fw := range fws {
		if normalizeName(fw.Name) == want {
			return fw, true
		}
	}
	for _, fw := range fws {
		if MatchFrameworkName(name, fw.Name) {
			return fw, true
		}
	}
	return Framework{}, false
}

// FrameworkUsage is whether an active assessment uses a framework.
type FrameworkUsage struct {
	// Name is the name asked about.
	Name string `json:"name"`
	// Found reports whether the framework library has a framework of that
	// name; Framework is it.
	Found     bool      `json:"found"`
	Framework Framework `json:"framework,omitzero"`
	// InUse reports whether at least one ACTIVE assessment is built on the
	// framework; Assessments lists them, sorted by name.
	InUse       bool            `json:"inUse"`
	Assessments []AssessmentRef `json:"assessments,omitempty"`
}

// AssessmentRef names an assessment.
type AssessmentRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// FrameworkUsage tells, for each framework named (the WellKnownFrameworks
// when none is), whether the library has it and which ACTIVE assessments
// use it. An assessment uses a framework when it was created from it (same
// framework id) or its framework's name matches the name asked about, which
// also catches assessments of a framework since deleted or renamed.
//
// IAM: auditmanager:ListAssessmentFrameworks, auditmanager:ListAssessments,
// auditmanager:GetAssessment.
func (c *Client) FrameworkUsage(ctx context.Context, names ...string) ([]FrameworkUsage, error) {
	if len(names) == 0 {
		names = WellKnownFrameworks()
	}
	fws, err := pager.Collect(c.Frameworks(ctx, FrameworkFilter{}))
	if err != nil {
		return nil, err
	}
	if fws == nil {
		fws = []Framework{} // listed, and empty: not to be listed again
	}
	var active []Assessment
	for a, err := range c.assessments(ctx, AssessmentFilter{}, fws, false) {
		if err != nil {
			return nil, err
		}
		active = append(active, a)
	}
	res := make([]FrameworkUsage, 0, len(names))
	for _, name := range names {
		u := FrameworkUsage{Name: name}
		u.Framework, u.Found = findFramework(fws, name)
		for _, a := range active {
			if (u.Found && a.Framework.ID == u.Framework.ID) || MatchFrameworkName(name, a.Framework.Name) {
				u.Assessments = append(u.Assessments, AssessmentRef{ID: a.ID, Name: a.Name})
			}
		}
		u.InUse = len(u.Assessments) > 0
		res = append(res, u)
	}
	return res, nil
}

// MatchFrameworkName reports whether a framework called name is the one
// asked for by query. Names match without regard to case, punctuation and
// spacing; the well-known frameworks (generative AI v2, ISO/IEC 27001, SOC 2,
// the two HIPAA rules, GDPR) also match under their short and long titles,
// so "SOC 2" matches "Statement on Standards for Attestations Engagement
// (SSAE) No. 18, Service Organizations Controls (SOC) Report 2".
func MatchFrameworkName(query, name string) bool {
	q, n := normalizeName(query), normalizeName(name)
	if q == "" || n == "" {
		return false
	}
	if q == n {
		return true
	}
	k := family(q)
	return k != "" && k == family(n)
}

// normalizeName lower-cases s and turns every run of characters other than
// letters and digits into one space.
func normalizeName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') || r > 127 {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
			continue
		}
		space = true
	}
	return b.String()
}

// family names the well-known framework a normalised name refers to, or "".
func family(n string) string {
	n = " " + n + " "
	has := func(s ...string) bool {
		for _, x := range s {
			if strings.Contains(n, x) {
				return true
			}
		}
		return false
	}
	switch {
	case has(" generative ai "):
		if has(" v2 ", " version 2 ") {
			return "genai-v2"
		}
		if has(" v1 ", " version 1 ") {
			return "genai-v1"
		}
		return ""
	case has(" 27001 "):
		return "iso27001"
	case has(" soc 2 ", " soc2 ", " soc report 2 "):
		return "soc2"
	case has(" hipaa ") && has(" security rule "):
		return "hipaa-security"
	case has(" hipaa ") && has(" omnibus "):
		return "hipaa-omnibus"
	case has(" gdpr ", " general data protection regulation "):
		return "gdpr"
	}
	return ""
}
