package auditmanager_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aigov/aigov/auditmanager"
	"github.com/aigov/aigov/auditmanager/auditmanagertest"
	"github.com/aigov/aigov/internal/pager"
	sdk "github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/google/go-cmp/cmp"
)

func frameworkNames(fws []auditmanager.Framework) []string {
	var out []string
	for _, fw := range fws {
		out = append(out, string(fw.Type)+":"+fw.Name)
	}
	return out
}

func TestFrameworks(t *testing.T) {
	w := newWorld(t, auditmanagertest.WithPageSize(2))
	w.fake.AddFramework(auditmanager.Framework{Name: "Our AI policy"})
	w.fake.AddFramework(auditmanager.Framework{Name: "AI model governance"})
	c := w.client()
	ctx := context.Background()
	got := frameworkNames(collect(t, c.Frameworks(ctx, auditmanager.FrameworkFilter{})))
	want := []string{
		"Standard:" + auditmanager.FrameworkGenerativeAIv2,
		"Standard:" + auditmanager.FrameworkGDPR,
		"Standard:" + auditmanager.FrameworkHIPAAOmnibusFinal,
		"Standard:" + auditmanager.FrameworkHIPAASecurityRule,
		"Standard:" + auditmanager.FrameworkISO27001,
		"Standard:NIST SP 800-53 Rev 5",
		"Standard:" + auditmanager.FrameworkSOC2,
		"Custom:AI model governance",
		"Custom:Our AI policy",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("frameworks (-want +got):\n%s", d)
	}
	if n := w.fake.CallCount("ListAssessmentFrameworks"); n != 4+1 {
		t.Errorf("ListAssessmentFrameworks called %d times, want 4 pages of standard and 1 of custom", n)
	}
	custom := frameworkNames(collect(t, c.Frameworks(ctx, auditmanager.FrameworkFilter{Type: auditmanager.Custom})))
	if len(custom) != 2 {
		t.Errorf("custom: %v", custom)
	}
	hipaa := frameworkNames(collect(t, c.Frameworks(ctx, auditmanager.FrameworkFilter{Name: "hipaa security rule"})))
	if len(hipaa) != 1 || hipaa[0] != "Standard:"+auditmanager.FrameworkHIPAASecurityRule {
		t.Errorf("by name: %v", hipaa)
	}
	if _, err := pager.Collect(c.Frameworks(ctx, auditmanager.FrameworkFilter{Type: "Core"})); err == nil || !strings.Contains(err.Error(), `unknown framework type "Core"`) {
		t.Errorf("bad type: err = %v", err)
	}
}

func TestFindFramework(t *testing.T) {
	w := newWorld(t)
	w.fake.AddFramework(auditmanager.Framework{Name: "SOC 2 (copy)"})
	c := w.client()
	tests := []struct{ query, want string }{
		{"AWS Generative AI Best Practices Framework v2", auditmanager.FrameworkGenerativeAIv2},
		{"aws generative ai best practices framework V2", auditmanager.FrameworkGenerativeAIv2},
		{"SOC 2", auditmanager.FrameworkSOC2},
		{"SSAE-18 SOC 2", auditmanager.FrameworkSOC2},
		{"ISO/IEC 27001:2013 Annex A", auditmanager.FrameworkISO27001},
		{"GDPR 2016", auditmanager.FrameworkGDPR},
		{"HIPAA Security Rule", auditmanager.FrameworkHIPAASecurityRule},
		{"HIPAA Omnibus Final Rule", auditmanager.FrameworkHIPAAOmnibusFinal},
		// An exact name beats an alias: the custom copy is found by its
		// own name.
		{"soc 2 (COPY)", "SOC 2 (copy)"},
	}
	for _, tt := range tests {
		fw, ok, err := c.FindFramework(context.Background(), tt.query)
		if err != nil || !ok || fw.Name != tt.want {
			t.Errorf("FindFramework(%q) = %q, %v, %v; want %q", tt.query, fw.Name, ok, err, tt.want)
		}
	}
	if fw, ok, err := c.FindFramework(context.Background(), "ISO/IEC 42001"); ok || err != nil {
		t.Errorf("ISO/IEC 42001, which Audit Manager does not have, found %q (%v)", fw.Name, err)
	}
}

func TestMatchFrameworkName(t *testing.T) {
	tests := []struct {
		query, name string
		want        bool
	}{
		{auditmanager.FrameworkSOC2, "SSAE-18 SOC 2", true},
		{"soc2", auditmanager.FrameworkSOC2, true},
		{"SOC 1", "SSAE-18 SOC 2", false},
		{auditmanager.FrameworkISO27001, "ISO/IEC 27001:2013 Annex A", true},
		{auditmanager.FrameworkGDPR, "GDPR 2016", true},
		{"General Data Protection Regulation", auditmanager.FrameworkGDPR, true},
		{auditmanager.FrameworkHIPAASecurityRule, auditmanager.FrameworkHIPAAOmnibusFinal, false},
		{auditmanager.FrameworkGenerativeAIv2, "AWS Generative AI Best Practices Framework v1", false},
		{"Generative AI", auditmanager.FrameworkGenerativeAIv2, false},
		{"  nist sp 800-53 REV 5 ", "NIST SP 800-53 Rev 5", true},
		{"NIST 800-53", "NIST SP 800-53 Rev 5", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got := auditmanager.MatchFrameworkName(tt.query, tt.name); got != tt.want {
			t.Errorf("MatchFrameworkName(%q, %q) = %v, want %v", tt.query, tt.name, got, tt.want)
		}
	}
}

func TestFrameworkUsage(t *testing.T) {
	w := newWorld(t)
	// An assessment of a custom framework.
	f := w.fake
	f.AddAssessment(auditmanager.Assessment{
		Name: "ai-governance", Framework: auditmanager.Framework{Name: "AI model governance"},
		ControlSets: []auditmanager.ControlSet{{Name: "s", Controls: []auditmanager.AssessmentControl{{Name: "c"}}}},
	})
	got, err := w.client().FrameworkUsage(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	inUse := map[string]bool{}
	for _, u := range got {
		inUse[u.Name] = u.InUse
		if !u.Found || u.Framework.Type != auditmanager.Standard {
			t.Errorf("%s not found in the library: %+v", u.Name, u)
		}
	}
	want := map[string]bool{
		auditmanager.FrameworkGenerativeAIv2: true, auditmanager.FrameworkSOC2: true,
		// iso-2025 is INACTIVE: it does not count.
		auditmanager.FrameworkISO27001:          false,
		auditmanager.FrameworkHIPAASecurityRule: false, auditmanager.FrameworkHIPAAOmnibusFinal: false, auditmanager.FrameworkGDPR: false,
	}
	if d := cmp.Diff(want, inUse); d != "" {
		t.Errorf("in use (-want +got):\n%s", d)
	}
	if got[0].Name != auditmanager.FrameworkGenerativeAIv2 || len(got[0].Assessments) != 1 || got[0].Assessments[0] != (auditmanager.AssessmentRef{ID: w.genai.ID, Name: "genai-prod"}) {
		t.Errorf("generative AI usage = %+v", got[0])
	}
	if n := f.CallCount("GetEvidenceFoldersByAssessment"); n != 0 {
		t.Errorf("FrameworkUsage read %d evidence folder listings; it needs none", n)
	}

	custom, err := w.client().FrameworkUsage(context.Background(), "ai model governance", "EU AI Act")
	if err != nil {
		t.Fatal(err)
	}
	if !custom[0].Found || !custom[0].InUse || custom[0].Framework.Type != auditmanager.Custom {
		t.Errorf("custom usage = %+v", custom[0])
	}
	if custom[1].Found || custom[1].InUse || custom[1].Name != "EU AI Act" {
		t.Errorf("absent framework = %+v", custom[1])
	}
}

func TestFrameworkUsageEmptyLibrary(t *testing.T) {
	f := auditmanagertest.New()
	f.AddAssessment(auditmanagertest.GenerativeAIAssessment("genai-prod"))
	f.PrependReactor("ListAssessmentFrameworks", func(auditmanagertest.Call) (bool, any, error) {
		return true, &sdk.ListAssessmentFrameworksOutput{}, nil
	})
	got, err := auditmanager.New(f).FrameworkUsage(context.Background(), auditmanager.FrameworkGenerativeAIv2)
	if err != nil || got[0].Found || !got[0].InUse {
		t.Errorf("usage = %+v, %v", got, err)
	}
	if n := f.CallCount("ListAssessmentFrameworks"); n != 2 {
		t.Errorf("library listed in %d calls, want one per type", n)
	}
}
