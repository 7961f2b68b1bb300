package governance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aigov/aigov/config"
	"github.com/aigov/aigov/inspector"
)

// inspectorState returns the Inspector state of a location.
func (s *Snapshot) inspectorState(loc Location) (*InspectorState, string) {
	for i := range s.Inspector {
		if s.Inspector[i].Location == loc {
			return &s.Inspector[i], ""
		}
	}
	return nil, s.missing(SourceInspector, loc)
}

// scanning says whether Inspector scans the given types in the state's
// location, or why its results cannot be evidence.
func (st *InspectorState) scanning(types ...inspector.ScanType) string {
	if !st.Status.OK() {
		return st.Status.Why("the Amazon Inspector status of " + st.Location.String())
	}
	var off []string
	for _, t := range types {
		if err := st.Status.Value.Err(t); err != nil {
			off = append(off, fmt.Sprintf("%s (%s)", t, st.Status.Value.Scan(t).Status))
		}
	}
	if len(off) > 0 {
		return "Amazon Inspector does not scan " + strings.Join(off, ", ") + " in " + st.Location.String() + ", so the absence of findings is not evidence"
	}
	return ""
}

// scanEnabled is AIML-VUL-01: FAIL for a scan type that is off, UNKNOWN
// when the status could not be read.
func scanEnabled(s *Snapshot) []Finding {
	var out []Finding
	for _, loc := range s.regional() {
		l := at(loc)
		st, why := s.inspectorState(loc)
		if st == nil {
			out = append(out, l.unknown(why))
			continue
		}
		ev := Evidence{Source: SourceInspector, Operation: st.Status.Operation, CollectedAt: st.CollectedAt}
		if !st.Status.OK() {
			out = append(out, l.unknown(st.Status.Why("the Amazon Inspector status of "+loc.String()), ev))
			continue
		}
		status := st.Status.Value
		if status.Failed {
			out = append(out, l.unknown(fmt.Sprintf("Amazon Inspector could not report on %s: %s %s", loc, status.State.ErrorCode, status.State.ErrorMessage), ev))
			continue
		}
		var off []string
		for _, t := range []inspector.ScanType{inspector.ScanECR, inspector.ScanLambda} {
			if !status.Enabled(t) {
				off = append(off, fmt.Sprintf("%s scanning is %s", t, status.Scan(t).Status))
			}
		}
		if len(off) > 0 {
			out = append(out, l.fail(loc.String()+": "+strings.Join(off, "; "), ev))
		} else {
			out = append(out, l.pass("Amazon Inspector scans ECR images and Lambda functions in "+loc.String(), ev))
		}
	}
	return out
}

// coverageGaps is AIML-VUL-05: a finding per repository and function
// Inspector knows; INACTIVE ones fail with the reason.
func coverageGaps(s *Snapshot) []Finding {
	var out []Finding
	for _, loc := range s.regional() {
		l := at(loc)
		st, why := s.inspectorState(loc)
		if st == nil {
			out = append(out, l.unknown(why))
			continue
		}
		ev := Evidence{Source: SourceInspector, Operation: st.Coverage.Operation, CollectedAt: st.CollectedAt}
		if why := st.scanning(inspector.ScanECR, inspector.ScanLambda); why != "" {
			out = append(out, l.unknown(why, ev))
			continue
		}
		if !st.Coverage.OK() {
			out = append(out, l.unknown(st.Coverage.Why("the Amazon Inspector coverage of "+loc.String()), ev))
			continue
		}
		for _, r := range st.Coverage.Value {
			if r.Scanned() {
				out = append(out, l.resource(string(r.Type), r.ResourceID, StatusPass, r.ResourceID+" is scanned", ev))
			} else {
				out = append(out, l.resource(string(r.Type), r.ResourceID, StatusFail, r.Gap(), ev))
			}
		}
	}
	return out
}

// modelImageFindings is AIML-VUL-03: one finding per SageMaker model of the
// inventory, joined with the Inspector findings of the images it serves.
func modelImageFindings(s *Snapshot) []Finding {
	var out []Finding
	for _, loc := range s.regional() {
		l := at(loc)
		cs, why := s.configState(loc)
		if cs == nil {
			out = append(out, l.unknown("the SageMaker models are not known: "+why))
			continue
		}
		if !cs.Resources.OK() {
			out = append(out, l.unknown(cs.Resources.Why("the AWS Config inventory of "+loc.String()+", which names the models")))
			continue
		}
		for _, r := range cs.Resources.Value {
			if r.Type != config.TypeModel {
				continue
			}
			out = append(out, s.judgeModel(loc, r))
		}
	}
	return out
}

// judgeModel decides one model from the findings of its images.
func (s *Snapshot) judgeModel(loc Location, r config.Resource) Finding {
	l := at(loc)
	id := firstNonEmpty(r.ARN, r.ID)
	if r.Model == nil || len(r.Model.Images) == 0 {
		return l.resource(r.Type, id, StatusUnknown, "the recorded configuration of model "+r.ID+" names no container image")
	}
	var mi *ModelImageState
	for i := range s.ModelImages {
		if s.ModelImages[i].Account == loc.Account {
			mi = &s.ModelImages[i]
		}
	}
	if mi == nil {
		return l.resource(r.Type, id, StatusUnknown, "the images of model "+r.ID+" were not looked up in Amazon Inspector: "+s.missing(SourceInspector, Location{Account: loc.Account}))
	}
	ev := Evidence{Source: SourceInspector, Operation: mi.Images.Operation, Detail: "images of model " + r.ID, CollectedAt: mi.CollectedAt}
	if !mi.Images.OK() && len(mi.Images.Value) == 0 {
		return l.resource(r.Type, id, StatusUnknown, mi.Images.Why("the Amazon Inspector findings of model "+r.ID+"'s images"), ev)
	}
	var bad, unknown []string
	for _, uri := range r.Model.Images {
		i := slices.IndexFunc(mi.Images.Value, func(f inspector.ImageFindings) bool { return f.URI == uri })
		if i < 0 {
			unknown = append(unknown, uri+": not looked up")
			continue
		}
		img := mi.Images.Value[i]
		if !img.Evidence() {
			unknown = append(unknown, uri+": "+img.Problem)
			continue
		}
		if why := s.imageScanning(img); why != "" {
			unknown = append(unknown, uri+": "+why)
			continue
		}
		var cves []string
		for _, f := range img.Findings {
			if f.Severity.AtLeast(inspector.Severity(s.Policy.MinVulnerabilitySeverity)) || f.Severity == inspector.SeverityUntriaged {
				cves = append(cves, fmt.Sprintf("%s (%s%s)", firstNonEmpty(f.VulnerabilityID, f.Title), f.Severity, fixNote(f)))
			}
		}
		if len(cves) > 0 {
			slices.Sort(cves)
			bad = append(bad, fmt.Sprintf("%s: %s", uri, strings.Join(cves, ", ")))
		}
	}
	switch {
	case len(bad) > 0:
		return l.resource(r.Type, id, StatusFail, fmt.Sprintf("model %s serves images with %s or worse vulnerabilities: %s", r.ID, s.Policy.MinVulnerabilitySeverity, strings.Join(bad, "; ")), ev)
	case len(unknown) > 0:
		return l.resource(r.Type, id, StatusUnknown, fmt.Sprintf("model %s: %s", r.ID, strings.Join(unknown, "; ")), ev)
	}
	return l.resource(r.Type, id, StatusPass, fmt.Sprintf("model %s serves no image with %s or worse vulnerabilities", r.ID, s.Policy.MinVulnerabilitySeverity), ev)
}

// imageScanning says why an image's findings are no evidence: ECR scanning
// off in the image's registry location, when that location was collected.
func (s *Snapshot) imageScanning(img inspector.ImageFindings) string {
	loc := Location{Account: img.Image.Account, Region: img.Image.Region}
	st, _ := s.inspectorState(loc)
	if st == nil {
		return ""
	}
	return st.scanning(inspector.ScanECR)
}

func fixNote(f inspector.Finding) string {
	if f.FixAvailable == inspector.Yes {
		return ", fix available"
	}
	return ""
}

// pipelineVulnerabilities is AIML-VUL-06: a FAIL per Lambda function or
// image with a fixable finding on an ML package; a PASS per location with
// none.
func pipelineVulnerabilities(s *Snapshot) []Finding {
	var out []Finding
	for _, loc := range s.regional() {
		l := at(loc)
		st, why := s.inspectorState(loc)
		if st == nil {
			out = append(out, l.unknown(why))
			continue
		}
		ev := Evidence{Source: SourceInspector, Operation: st.PipelineFindings.Operation, CollectedAt: st.CollectedAt}
		if why := st.scanning(inspector.ScanECR, inspector.ScanLambda); why != "" {
			out = append(out, l.unknown(why, ev))
			continue
		}
		if !st.PipelineFindings.OK() {
			out = append(out, l.unknown(st.PipelineFindings.Why("the Amazon Inspector findings of "+loc.String()), ev))
			continue
		}
		byResource := map[string][]string{}
		types := map[string]string{}
		for _, f := range st.PipelineFindings.Value {
			if f.FixAvailable != inspector.Yes && f.FixAvailable != inspector.Partial {
				continue
			}
			var pkgs []string
			for _, p := range f.Packages {
				if slices.Contains(s.Policy.mlPackages(), strings.ToLower(p.Name)) {
					pkgs = append(pkgs, fmt.Sprintf("%s %s→%s", p.Name, p.InstalledVersion, firstNonEmpty(p.FixedVersion, "?")))
				}
			}
			if len(pkgs) == 0 {
				continue
			}
			for _, r := range f.Resources {
				id := firstNonEmpty(r.ImageURI(), r.ID)
				byResource[id] = append(byResource[id], fmt.Sprintf("%s (%s): %s", firstNonEmpty(f.VulnerabilityID, f.Title), f.Severity, strings.Join(pkgs, ", ")))
				types[id] = string(r.Type)
			}
		}
		if len(byResource) == 0 {
			out = append(out, l.pass(fmt.Sprintf("no fixable %s or worse vulnerability in the ML packages of Lambda functions and images in %s", s.Policy.MinVulnerabilitySeverity, loc), ev))
			continue
		}
		for _, id := range sortedKeys(byResource) {
			vulns := sortedUnique(byResource[id])
			out = append(out, l.resource(types[id], id, StatusFail, fmt.Sprintf("%s has fixable vulnerabilities in ML packages: %s", id, strings.Join(vulns, "; ")), ev))
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func inspectorControls() []Control {
	insp := []Source{SourceInspector}
	return []Control{
		{
			ID: "AIML-VUL-01", Severity: SeverityHigh, Sources: insp,
			Title:       "Amazon Inspector scans model images (ECR) and pipeline functions (Lambda)",
			Description: "ECR and Lambda scanning are enabled in every account and region in scope.",
			Rationale:   "Model-serving images and pipeline functions carry Python ML libraries with frequent critical CVEs; unscanned, nobody knows.",
			Remediation: "Enable Amazon Inspector ECR and Lambda standard scanning, from the delegated administrator for an organisation.",
			Check:       scanEnabled,
		},
		{
			ID: "AIML-VUL-03", Severity: SeverityCritical, Sources: []Source{SourceInspector, SourceConfig},
			Title:       "No critical or high CVE on images that SageMaker models serve",
			Description: "Every image a SageMaker model in the inventory serves is scanned and has no active vulnerability at or above the policy's threshold.",
			Rationale:   "An endpoint serving an image with a known critical vulnerability exposes the model, its data and its role to anyone who can reach it.",
			Remediation: "Rebuild the image on patched packages, push it by digest, and update the model and its endpoints.",
			Check:       modelImageFindings,
		},
		{
			ID: "AIML-VUL-05", Severity: SeverityHigh, Sources: insp,
			Title:       "Every model image repository and pipeline function is covered by Inspector",
			Description: "Amazon Inspector actively scans every ECR repository and Lambda function it knows of.",
			Rationale:   "Coverage gaps (unsupported runtimes, stale images, scan frequency set to manual) are the vulnerabilities a team does not know it has.",
			Remediation: "Fix what the scan status reason says: set the repository's scan frequency, update the function's runtime, or push a supported image.",
			Check:       coverageGaps,
		},
		{
			ID: "AIML-VUL-06", Severity: SeverityHigh, Sources: insp,
			Title:       "No fixable critical or high vulnerability in ML libraries of AI pipelines",
			Description: "No Lambda function or container image has an active vulnerability at or above the policy's threshold, with a fix available, in an ML package (torch, transformers, numpy …).",
			Rationale:   "ML libraries deserialise models and data; their vulnerabilities (such as unsafe loading in torch) turn a poisoned model file into code execution.",
			Remediation: "Upgrade the package to the fixed version named in the finding and redeploy the function or image.",
			Check:       pipelineVulnerabilities,
		},
	}
}
