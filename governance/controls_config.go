package governance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aigov/aigov/config"
)

// configState returns the AWS Config state of a location, or why there is
// none or why its rule results cannot be trusted.
func (s *Snapshot) configState(loc Location) (*ConfigState, string) {
	for i := range s.Config {
		if s.Config[i].Location == loc {
			return &s.Config[i], ""
		}
	}
	return nil, s.missing(SourceConfig, loc)
}

// recording says whether AWS Config evidence from the state can be trusted:
// the recorder is on and delivering (or, in aggregator mode, the aggregator
// receives data from the location).
func (st *ConfigState) recording() (bool, string) {
	if !st.Recorder.OK() {
		return false, st.Recorder.Why("the AWS Config recorder status of " + st.Location.String())
	}
	if src := st.AggregatorSource; src != nil || st.Recorder.Operation == "config:DescribeConfigurationAggregatorSourcesStatus" {
		switch {
		case src == nil:
			return false, "the aggregator has no data from " + st.Location.String()
		case src.Status != "SUCCEEDED":
			return false, fmt.Sprintf("the aggregator's data from %s is %s (%s %s)", st.Location, src.Status, src.LastErrorCode, src.LastErrorMessage)
		}
		return true, ""
	}
	if !st.Recorder.Value.Recording() {
		return false, st.Recorder.Value.Problem()
	}
	return true, ""
}

// deployed returns the active rules of the state with one of the
// identifiers, sorted by name.
func (st *ConfigState) deployed(identifiers []string) []config.Rule {
	var out []config.Rule
	for _, r := range st.Rules.Value {
		if slices.Contains(identifiers, r.SourceIdentifier) && r.Active() {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b config.Rule) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func (st *ConfigState) compliance(rule string) config.Compliance {
	for _, rc := range st.Compliance.Value {
		if rc.Rule == rule {
			return rc.Compliance
		}
	}
	return config.InsufficientData
}

// resource finds a resource of the inventory.
func (st *ConfigState) resource(typ, id string) (config.Resource, bool) {
	for _, r := range st.Resources.Value {
		if r.Type == typ && (r.ID == id || r.Name == id) {
			return r, true
		}
	}
	return config.Resource{}, false
}

// isTrainingBucket reports whether a bucket is one the policy names, or
// whether every bucket counts because the policy names none.
func (p Policy) isTrainingBucket(bucket string) bool {
	if len(p.TrainingDataBuckets) == 0 {
		return true
	}
	for _, b := range p.TrainingDataBuckets {
		name, _, _ := strings.Cut(b, "/")
		if name == bucket {
			return true
		}
	}
	return false
}

// ruleCheck evaluates a control from the per-resource results of AWS
// Config managed rules, falling back to the inventory where no rule is
// deployed and the inventory holds what the rule would check.
type ruleCheck struct {
	// rules are the managed-rule identifiers that decide the control.
	rules []string
	// types are the resource types the rules evaluate; nil for rules
	// about the account.
	types []string
	// global: the rules evaluate global resources (the account, IAM), so
	// one region with results decides for the whole account.
	global bool
	// buckets: only the policy's training-data buckets count.
	buckets bool
	// judge decides a resource from the inventory when no rule is
	// deployed: pass, and what to say. known is false when the inventory
	// lacks what the judgement needs.
	judge func(r config.Resource) (pass bool, msg string, known bool)
}

func (rc ruleCheck) check(s *Snapshot) []Finding {
	if rc.global {
		return rc.checkGlobal(s)
	}
	var out []Finding
	for _, loc := range s.regional() {
		out = append(out, rc.checkAt(s, loc)...)
	}
	return out
}

// checkAt evaluates one location.
func (rc ruleCheck) checkAt(s *Snapshot, loc Location) []Finding {
	l := at(loc)
	st, why := s.configState(loc)
	if st == nil {
		return []Finding{l.unknown(why)}
	}
	if ok, why := st.recording(); !ok {
		return []Finding{l.unknown(why)}
	}
	if !st.Rules.OK() {
		return []Finding{l.unknown(st.Rules.Why("the list of AWS Config rules in " + loc.String()))}
	}
	if rules := st.deployed(rc.rules); len(rules) > 0 {
		return rc.fromRules(s, st, rules)
	}
	if rc.judge != nil {
		return rc.fromInventory(s, st)
	}
	if rc.types != nil && st.Resources.OK() && inInventory(rc.types) && !rc.anyResource(s, st) {
		return nil // nothing the rules would evaluate exists here
	}
	return []Finding{l.unknown(fmt.Sprintf("no AWS Config rule checks this in %s: deploy %s (aigov's conformance pack has it)", loc, strings.Join(rc.rules, " or ")))}
}

// checkGlobal evaluates rules about the account once per account, from
// whichever region has results.
func (rc ruleCheck) checkGlobal(s *Snapshot) []Finding {
	var out []Finding
	for _, account := range s.Scope.Accounts {
		var unknown []string
		var found []Finding
		for _, region := range s.Scope.Regions {
			loc := Location{Account: account, Region: region}
			st, why := s.configState(loc)
			if st == nil {
				unknown = append(unknown, why)
				continue
			}
			if !st.Rules.OK() {
				unknown = append(unknown, st.Rules.Why("the list of AWS Config rules in "+loc.String()))
				continue
			}
			if rules := st.deployed(rc.rules); len(rules) > 0 {
				found = append(found, rc.fromRules(s, st, rules)...)
			}
		}
		if len(found) > 0 {
			for i := range found {
				// The rules evaluate global resources: the region they
				// ran in is not part of the finding's identity.
				found[i].Region = ""
			}
			out = append(out, found...)
			continue
		}
		msg := fmt.Sprintf("no AWS Config rule checks this in account %s: deploy %s (aigov's conformance pack has it)", account, strings.Join(rc.rules, " or "))
		if len(unknown) > 0 {
			msg = fmt.Sprintf("%s; %s", msg, strings.Join(unknown, "; "))
		}
		out = append(out, at{Account: account}.unknown(msg))
	}
	return out
}

func inInventory(types []string) bool {
	for _, t := range types {
		if !slices.Contains(inventoryTypes, t) {
			return false
		}
	}
	return true
}

func (rc ruleCheck) anyResource(s *Snapshot, st *ConfigState) bool {
	for _, r := range st.Resources.Value {
		if slices.Contains(rc.types, r.Type) && (!rc.buckets || s.Policy.isTrainingBucket(r.ID)) {
			return true
		}
	}
	return false
}

// fromRules turns the results of deployed rules into findings.
func (rc ruleCheck) fromRules(s *Snapshot, st *ConfigState, rules []config.Rule) []Finding {
	l := at(st.Location)
	var out []Finding
	for _, r := range rules {
		evs, ok := st.Evaluations[r.Name]
		ev := Evidence{Source: SourceConfig, Operation: evs.Operation, Detail: "rule " + r.Name, CollectedAt: st.CollectedAt}
		if !ok || !evs.OK() {
			out = append(out, l.unknown(evs.Why("the results of rule "+r.Name+" in "+st.Location.String()), ev))
			continue
		}
		n := 0
		for _, e := range evs.Value {
			if rc.buckets && e.ResourceType == "AWS::S3::Bucket" && !s.Policy.isTrainingBucket(e.ResourceID) {
				continue
			}
			if rc.types != nil && !slices.Contains(rc.types, e.ResourceType) && e.ResourceType != "AWS::::Account" {
				continue
			}
			id := e.ResourceID
			if res, ok := st.resource(e.ResourceType, e.ResourceID); ok && res.ARN != "" {
				id = res.ARN
			}
			if e.ResourceType == "AWS::::Account" {
				// Every account-level rule evaluates the same resource, the
				// account: the rule is what tells the findings apart.
				id = firstNonEmpty(r.ARN, r.Name)
			}
			switch e.Compliance {
			case config.NonCompliant:
				msg := fmt.Sprintf("%s %s is not compliant with %s", e.ResourceType, e.ResourceID, r.Name)
				if e.Annotation != "" {
					msg += ": " + e.Annotation
				}
				out = append(out, l.resource(e.ResourceType, id, StatusFail, msg, ev))
				n++
			case config.Compliant:
				out = append(out, l.resource(e.ResourceType, id, StatusPass, fmt.Sprintf("%s %s complies with %s", e.ResourceType, e.ResourceID, r.Name), ev))
				n++
			}
		}
		if n == 0 && st.compliance(r.Name) == config.InsufficientData && (rc.types == nil || rc.anyResource(s, st)) {
			out = append(out, l.unknown(fmt.Sprintf("rule %s has no results yet in %s (INSUFFICIENT_DATA)", r.Name, st.Location), ev))
		}
	}
	return out
}

// fromInventory judges the inventory's resources where no rule is deployed.
func (rc ruleCheck) fromInventory(s *Snapshot, st *ConfigState) []Finding {
	l := at(st.Location)
	ev := Evidence{Source: SourceConfig, Operation: st.Resources.Operation, Detail: "inventory (no managed rule deployed: " + strings.Join(rc.rules, ", ") + ")", CollectedAt: st.CollectedAt}
	if !st.Resources.OK() {
		return []Finding{l.unknown(st.Resources.Why("the AWS Config inventory of "+st.Location.String()), ev)}
	}
	var out []Finding
	for _, r := range st.Resources.Value {
		if !slices.Contains(rc.types, r.Type) || (rc.buckets && !s.Policy.isTrainingBucket(r.ID)) {
			continue
		}
		id := r.ARN
		if id == "" {
			id = r.ID
		}
		pass, msg, known := rc.judge(r)
		switch {
		case r.DecodeError != "":
			out = append(out, l.resource(r.Type, id, StatusUnknown, "the recorded configuration could not be read: "+r.DecodeError, ev))
		case !known:
			out = append(out, l.resource(r.Type, id, StatusUnknown, msg, ev))
		case pass:
			out = append(out, l.resource(r.Type, id, StatusPass, msg, ev))
		default:
			out = append(out, l.resource(r.Type, id, StatusFail, msg, ev))
		}
	}
	return out
}

// ruleControl builds a control from a ruleCheck.
func ruleControl(c Control, rc ruleCheck) Control {
	c.Sources = []Source{SourceConfig}
	c.ConfigRules = rc.rules
	c.Check = rc.check
	return c
}

const (
	notebookType       = config.TypeNotebookInstance
	endpointConfigType = config.TypeEndpointConfig
	modelType          = config.TypeModel
	domainType         = config.TypeDomain
	bucketType         = "AWS::S3::Bucket"
)

func configControls() []Control {
	return []Control{
		ruleControl(Control{
			ID: "AIML-NET-01", Severity: SeverityHigh,
			Title:       "SageMaker notebook instances have no direct internet access",
			Description: "Notebook instances reach the internet only through the VPC, where egress is controlled and logged.",
			Rationale:   "Notebooks hold training data and credentials; direct internet access lets code or users move data out without passing any control.",
			Remediation: "Recreate the notebook instance with DirectInternetAccess set to Disabled, in a subnet with a NAT gateway or VPC endpoints for what it needs.",
		}, ruleCheck{rules: []string{"SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS"}, types: []string{notebookType}, judge: func(r config.Resource) (bool, string, bool) {
			nb := r.Notebook
			if nb == nil || nb.DirectInternetAccess == "" {
				return false, "the recorded configuration does not say whether direct internet access is on", false
			}
			return nb.DirectInternetAccess == "Disabled", "notebook " + r.ID + " has direct internet access " + strings.ToLower(nb.DirectInternetAccess), true
		}}),
		ruleControl(Control{
			ID: "AIML-NET-02", Severity: SeverityHigh,
			Title:       "SageMaker notebooks and Studio domains run inside a VPC",
			Description: "Notebook instances are launched in a customer VPC subnet and Studio domains use VPC-only network access.",
			Rationale:   "Outside a VPC, security groups, VPC endpoints and flow logs cannot control or record the traffic of the environments that handle training data.",
			Remediation: "Launch notebook instances with a SubnetId; set the Studio domain's AppNetworkAccessType to VpcOnly.",
		}, ruleCheck{rules: []string{"SAGEMAKER_NOTEBOOK_INSTANCE_INSIDE_VPC", "SAGEMAKER_DOMAIN_IN_VPC"}, types: []string{notebookType, domainType}, judge: func(r config.Resource) (bool, string, bool) {
			switch {
			case r.Notebook != nil:
				if r.Notebook.SubnetID == "" {
					return false, "notebook " + r.ID + " is not in a VPC subnet", true
				}
				return true, "notebook " + r.ID + " runs in subnet " + r.Notebook.SubnetID, true
			case r.Domain != nil && r.Domain.AppNetworkAccessType != "":
				return r.Domain.AppNetworkAccessType == "VpcOnly", "domain " + r.ID + " network access is " + r.Domain.AppNetworkAccessType, true
			}
			return false, "the recorded configuration does not say how " + r.ID + " is networked", false
		}}),
		ruleControl(Control{
			ID: "AIML-NET-03", Severity: SeverityMedium,
			Title:       "SageMaker models have network isolation and run in a VPC",
			Description: "Hosted models run with network isolation enabled and a VPC configuration.",
			Rationale:   "A model container without network isolation can call out: a compromised or malicious model can exfiltrate inference data.",
			Remediation: "Create the model with EnableNetworkIsolation and a VpcConfig; redeploy the endpoints that serve it.",
		}, ruleCheck{rules: []string{"SAGEMAKER_MODEL_ISOLATION_ENABLED", "SAGEMAKER_MODEL_IN_VPC"}, types: []string{modelType}, judge: func(r config.Resource) (bool, string, bool) {
			m := r.Model
			if m == nil {
				return false, "the recorded configuration of model " + r.ID + " is missing", false
			}
			var gaps []string
			if !m.NetworkIsolation {
				gaps = append(gaps, "network isolation is off")
			}
			if !m.InVPC {
				gaps = append(gaps, "it runs outside a VPC")
			}
			if len(gaps) > 0 {
				return false, "model " + r.ID + ": " + strings.Join(gaps, " and "), true
			}
			return true, "model " + r.ID + " is network-isolated in a VPC", true
		}}),
		ruleControl(Control{
			ID: "AIML-NET-04", Severity: SeverityHigh,
			Title:       "SageMaker monitoring jobs and schedules run network-isolated",
			Description: "Data quality, bias, explainability and model quality jobs and monitoring schedules enable network isolation.",
			Rationale:   "Monitoring jobs read production inference data; isolation keeps that data inside the job.",
			Remediation: "Set EnableNetworkIsolation in the job definitions' NetworkConfig and in the monitoring schedules.",
		}, ruleCheck{rules: []string{"SAGEMAKER_DATA_QUALITY_JOB_ISOLATION", "SAGEMAKER_MODEL_BIAS_JOB_ISOLATION", "SAGEMAKER_MODEL_EXPLAINABILITY_JOB_NETWORK_ISOLATION", "SAGEMAKER_MODEL_QUALITY_JOB_DEFINITION_ISOLATION", "SAGEMAKER_MONITORING_SCHEDULE_ISOLATION"},
			types: []string{"AWS::SageMaker::DataQualityJobDefinition", "AWS::SageMaker::ModelBiasJobDefinition", "AWS::SageMaker::ModelExplainabilityJobDefinition", "AWS::SageMaker::ModelQualityJobDefinition", "AWS::SageMaker::MonitoringSchedule"}}),
		ruleControl(Control{
			ID: "AIML-NET-06", Severity: SeverityMedium,
			Title:       "SageMaker models pull images from a private registry",
			Description: "Model containers come from a private registry reached through the VPC.",
			Rationale:   "Images pulled from public registries can change under the same tag and bypass the organisation's image scanning.",
			Remediation: "Push the images to a private ECR repository and set the models' ImageConfig RepositoryAccessMode to Vpc.",
		}, ruleCheck{rules: []string{"SAGEMAKER_MODEL_PRIVATE_REGISTRY_REQUIRED", "SAGEMAKER_MODEL_MULTICONTAINER_PRIVATE_REGISTRY"}, types: []string{modelType}}),
		ruleControl(Control{
			ID: "AIML-NET-08", Severity: SeverityHigh,
			Title:       "Bedrock AgentCore runtimes, browsers and code interpreters use private networking",
			Description: "AgentCore runtimes run in VPC mode, custom browsers are not in public network mode, code interpreters use private networking.",
			Rationale:   "Agents act on behalf of users; public networking lets a prompt-injected agent reach anything on the internet.",
			Remediation: "Configure the AgentCore resources' network mode as VPC (runtimes, code interpreters) and not PUBLIC (browsers).",
		}, ruleCheck{rules: []string{"BEDROCKAGENTCORE_RUNTIME_PRIVATE_NETWORK_REQUIRED", "BEDROCKAGENTCORE_BROWSERCUSTOM_NETWORK_MODE_NOT_PUBLIC", "BEDROCKAGENTCORE_CODEINTERPRETER_NETWORKMODE_CHECK"},
			types: []string{"AWS::BedrockAgentCore::Runtime", "AWS::BedrockAgentCore::BrowserCustom", "AWS::BedrockAgentCore::CodeInterpreterCustom"}}),
		ruleControl(Control{
			ID: "AIML-IAM-01", Severity: SeverityHigh,
			Title:       "Root access is disabled on SageMaker notebook instances",
			Description: "Users of notebook instances have no root access.",
			Rationale:   "Root on a notebook lets a user change its lifecycle, install anything and read every credential on it.",
			Remediation: "Update the notebook instance with RootAccess set to Disabled.",
		}, ruleCheck{rules: []string{"SAGEMAKER_NOTEBOOK_INSTANCE_ROOT_ACCESS_CHECK"}, types: []string{notebookType}, judge: func(r config.Resource) (bool, string, bool) {
			if r.Notebook == nil || r.Notebook.RootAccess == "" {
				return false, "the recorded configuration does not say whether root access is on", false
			}
			return r.Notebook.RootAccess == "Disabled", "notebook " + r.ID + " has root access " + strings.ToLower(r.Notebook.RootAccess), true
		}}),
		ruleControl(Control{
			ID: "AIML-IAM-02", Severity: SeverityHigh,
			Title:       "No IAM policy grants full administrative access",
			Description: "No customer managed policy allows \"*\" actions on \"*\" resources.",
			Rationale:   "An ML role with an admin policy turns any compromise of a notebook or pipeline into a compromise of the account.",
			Remediation: "Replace admin policies with least-privilege policies for the ML roles; use SageMaker role manager personas.",
		}, ruleCheck{rules: []string{"IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS"}, types: []string{"AWS::IAM::Policy"}, global: true}),
		ruleControl(Control{
			ID: "AIML-IAM-08", Severity: SeverityHigh,
			Title:       "Bedrock AgentCore gateways require inbound authorization",
			Description: "Every AgentCore gateway has an authorizer.",
			Rationale:   "A gateway without an authorizer exposes the agent's tools to anyone who finds its URL.",
			Remediation: "Configure a JWT or IAM authorizer on the gateway.",
		}, ruleCheck{rules: []string{"BEDROCKAGENTCORE_GATEWAY_AUTHORIZER_ENABLED"}, types: []string{"AWS::BedrockAgentCore::Gateway"}}),
		ruleControl(Control{
			ID: "AIML-ENC-01", Severity: SeverityMedium,
			Title:       "SageMaker notebook storage is encrypted with a customer managed KMS key",
			Description: "Notebook instances' ML storage volumes are encrypted with a KMS key the organisation controls.",
			Rationale:   "A customer managed key lets the organisation revoke access to notebook data and audit every use of it.",
			Remediation: "Recreate the notebook instance with a KmsKeyId.",
		}, ruleCheck{rules: []string{"SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED", "SAGEMAKER_NOTEBOOK_INSTANCE_STORAGE_VOL_KMS_ENCRYPTED"}, types: []string{notebookType}, judge: func(r config.Resource) (bool, string, bool) {
			if r.Notebook == nil {
				return false, "the recorded configuration of notebook " + r.ID + " is missing", false
			}
			if r.Notebook.KMSKeyID == "" {
				return false, "notebook " + r.ID + " storage uses an AWS owned key", true
			}
			return true, "notebook " + r.ID + " storage is encrypted with " + r.Notebook.KMSKeyID, true
		}}),
		ruleControl(Control{
			ID: "AIML-ENC-02", Severity: SeverityMedium,
			Title:       "SageMaker endpoint configurations encrypt storage with a KMS key",
			Description: "Endpoint configurations name a KMS key for the ML storage volumes of the instances that serve models.",
			Rationale:   "Endpoint volumes hold the model artifacts and may hold captured inference data.",
			Remediation: "Create a new endpoint configuration with a KmsKeyId and update the endpoint to it.",
		}, ruleCheck{rules: []string{"SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED", "SAGEMAKER_ENDPOINT_CONFIG_KMS_KEY_REQUIRED"}, types: []string{endpointConfigType}, judge: func(r config.Resource) (bool, string, bool) {
			if r.EndpointConfig == nil {
				return false, "the recorded configuration of endpoint config " + r.ID + " is missing", false
			}
			if r.EndpointConfig.KMSKeyID == "" {
				return false, "endpoint config " + r.ID + " names no KMS key", true
			}
			return true, "endpoint config " + r.ID + " encrypts storage with " + r.EndpointConfig.KMSKeyID, true
		}}),
		ruleControl(Control{
			ID: "AIML-ENC-03", Severity: SeverityMedium,
			Title:       "SageMaker Feature Store offline and online stores are KMS-encrypted",
			Description: "Feature groups encrypt their offline and online stores with customer managed keys.",
			Rationale:   "Feature stores hold the curated training and inference features, often personal data.",
			Remediation: "Recreate the feature groups with KmsKeyId set for the offline store's S3 location and the online store.",
		}, ruleCheck{rules: []string{"SAGEMAKER_FEATUREGROUP_ENCRYPTION_AT_REST", "SAGEMAKER_FEATUREGROUP_ONLINE_STORE_ENCRYPTION"}, types: []string{"AWS::SageMaker::FeatureGroup"}}),
		ruleControl(Control{
			ID: "AIML-ENC-05", Severity: SeverityMedium,
			Title:       "SageMaker inference experiments encrypt storage with a customer managed key",
			Description: "Shadow-testing inference experiments encrypt instance storage and captured data with a KMS key.",
			Rationale:   "Inference experiments copy production traffic to a shadow model.",
			Remediation: "Create the inference experiment with a KmsKey and a data storage KmsKey.",
		}, ruleCheck{rules: []string{"SAGEMAKER_INF_EXPERIMENT_INSTANCE_STORAGE_KMS_ENCRYPTED", "SAGEMAKER_INF_EXPERIMENT_DATA_STORAGE_KMS_ENCRYPTED"}, types: []string{"AWS::SageMaker::InferenceExperiment"}}),
		ruleControl(Control{
			ID: "AIML-ENC-06", Severity: SeverityMedium,
			Title:       "Bedrock knowledge base data sources are encrypted with a customer managed key",
			Description: "Knowledge base data sources set a KMS key for their server-side encryption.",
			Rationale:   "Retrieval data sources hold the documents a model answers from.",
			Remediation: "Set ServerSideEncryptionConfiguration.KmsKeyArn on the data source.",
		}, ruleCheck{rules: []string{"BEDROCK_DATA_SOURCE_ENCRYPTION_ENABLED"}, types: []string{"AWS::Bedrock::DataSource"}}),
		ruleControl(Control{
			ID: "AIML-ENC-07", Severity: SeverityMedium,
			Title:       "Bedrock AgentCore memories and gateways are encrypted with customer managed keys",
			Description: "AgentCore memories and gateways use customer managed KMS keys.",
			Rationale:   "Agent memory keeps conversation history and user data across sessions.",
			Remediation: "Recreate the memory or gateway with an EncryptionKeyArn.",
		}, ruleCheck{rules: []string{"BEDROCK_AGENTCORE_MEMORY_ENCRYPTION_ENABLED", "BEDROCKAGENTCORE_GATEWAY_ENCRYPTION_ENABLED"}, types: []string{"AWS::BedrockAgentCore::Memory", "AWS::BedrockAgentCore::Gateway"}}),
		ruleControl(Control{
			ID: "AIML-ENC-08", Severity: SeverityMedium,
			Title:       "Training-data buckets have default encryption",
			Description: "The buckets that hold training data encrypt new objects by default.",
			Rationale:   "Training data is often the most sensitive data an AI system touches.",
			Remediation: "Turn on default encryption (SSE-KMS with a customer managed key) on the bucket.",
		}, ruleCheck{rules: []string{"S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED", "S3_DEFAULT_ENCRYPTION_KMS"}, types: []string{bucketType}, buckets: true}),
		ruleControl(Control{
			ID: "AIML-TRN-01", Severity: SeverityMedium,
			Title:       "Training-data buckets refuse requests without TLS",
			Description: "Bucket policies deny any request whose aws:SecureTransport is false.",
			Rationale:   "Without the deny, a misconfigured client can move training data in clear text.",
			Remediation: "Add a bucket policy statement denying s3:* when aws:SecureTransport is false.",
		}, ruleCheck{rules: []string{"S3_BUCKET_SSL_REQUESTS_ONLY"}, types: []string{bucketType}, buckets: true}),
		ruleControl(Control{
			ID: "AIML-TRN-02", Severity: SeverityMedium,
			Title:       "SageMaker monitoring jobs encrypt inter-container traffic",
			Description: "Monitoring job definitions and schedules encrypt traffic between their containers.",
			Rationale:   "Distributed monitoring jobs exchange production data between instances.",
			Remediation: "Set EnableInterContainerTrafficEncryption in the job definitions' NetworkConfig.",
		}, ruleCheck{rules: []string{"SAGEMAKER_DATA_QUALITY_JOB_ENCRYPT_IN_TRANSIT", "SAGEMAKER_MODEL_BIAS_JOB_ENCRYPT_IN_TRANSIT", "SAGEMAKER_MODEL_EXPLAINABILITY_JOB_ENCRYPT_IN_TRANSIT", "SAGEMAKER_MODEL_QUALITY_JOB_ENCRYPT_IN_TRANSIT", "SAGEMAKER_MONITORING_SCHEDULE_TRAFFIC_ENCRYPTION"},
			types: []string{"AWS::SageMaker::DataQualityJobDefinition", "AWS::SageMaker::ModelBiasJobDefinition", "AWS::SageMaker::ModelExplainabilityJobDefinition", "AWS::SageMaker::ModelQualityJobDefinition", "AWS::SageMaker::MonitoringSchedule"}}),
		ruleControl(Control{
			ID: "AIML-DAT-01", Severity: SeverityCritical,
			Title:       "Training-data buckets block public access",
			Description: "The account and the training-data buckets block public access, and no bucket allows public read or write.",
			Rationale:   "A public training bucket leaks the data and lets anyone poison the model that learns from it.",
			Remediation: "Turn on S3 Block Public Access at the account and on the buckets; remove public grants from bucket policies and ACLs.",
		}, ruleCheck{rules: []string{"S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", "S3_BUCKET_PUBLIC_READ_PROHIBITED", "S3_BUCKET_PUBLIC_WRITE_PROHIBITED"}, types: []string{bucketType}, buckets: true}),
		ruleControl(Control{
			ID: "AIML-DAT-02", Severity: SeverityLow,
			Title:       "Training-data buckets are versioned",
			Description: "Versioning keeps earlier versions of training objects.",
			Rationale:   "Versions let a team prove which data trained a model and recover from tampering or deletion.",
			Remediation: "Turn on versioning on the bucket (and consider Object Lock or MFA delete).",
		}, ruleCheck{rules: []string{"S3_BUCKET_VERSIONING_ENABLED"}, types: []string{bucketType}, buckets: true}),
		ruleControl(Control{
			ID: "AIML-LOG-05", Severity: SeverityMedium,
			Title:       "Training-data buckets have server access logging",
			Description: "S3 server access logs record every request to the training-data buckets.",
			Rationale:   "Access logs show who read training data, which CloudTrail records only with data events.",
			Remediation: "Enable server access logging to a separate log bucket.",
		}, ruleCheck{rules: []string{"S3_BUCKET_LOGGING_ENABLED"}, types: []string{bucketType}, buckets: true}),
		ruleControl(Control{
			ID: "AIML-DAT-03", Severity: SeverityHigh,
			Title:       "Amazon Macie looks for sensitive data in training buckets",
			Description: "Macie is enabled in the account.",
			Rationale:   "Personal data in training sets is a GDPR and HIPAA matter; Macie finds it before a model memorises it.",
			Remediation: "Enable Amazon Macie and automated sensitive data discovery for the training-data buckets.",
		}, ruleCheck{rules: []string{"MACIE_STATUS_CHECK"}, global: true}),
		ruleControl(Control{
			ID: "AIML-KMS-01", Severity: SeverityCritical,
			Title:       "KMS keys rotate and none is pending deletion",
			Description: "Customer managed keys rotate automatically and none is scheduled for deletion.",
			Rationale:   "Deleting the key behind training data or model artifacts destroys them for good.",
			Remediation: "Enable automatic rotation; cancel unintended key deletions.",
		}, ruleCheck{rules: []string{"CMK_BACKING_KEY_ROTATION_ENABLED", "KMS_CMK_NOT_SCHEDULED_FOR_DELETION"}, types: []string{"AWS::KMS::Key"}}),
		{
			ID: "AIML-LOG-10", Severity: SeverityCritical, Sources: []Source{SourceConfig}, Check: recorderCheck,
			Title:       "AWS Config records in every region in scope",
			Description: "A configuration recorder is on and delivering in every account and region evaluated.",
			Rationale:   "Without a recorder a region has no Config evidence: every Config-based control there is unknown.",
			Remediation: "Turn on AWS Config recording in every region (AWS Control Tower or a StackSet does it for an organisation).",
		},
		ruleControl(Control{
			ID: "AIML-DET-05", Severity: SeverityHigh,
			Title:       "GuardDuty and Security Hub are enabled",
			Description: "GuardDuty detects threats, including against Bedrock and SageMaker, and Security Hub aggregates findings.",
			Rationale:   "GuardDuty analyses CloudTrail for AI-specific threats such as guardrail removal and training-data bucket changes.",
			Remediation: "Enable GuardDuty and Security Hub in every region, centrally from the delegated administrator.",
		}, ruleCheck{rules: []string{"GUARDDUTY_ENABLED_CENTRALIZED", "SECURITYHUB_ENABLED"}, global: true}),
		ruleControl(Control{
			ID: "AIML-VUL-02", Severity: SeverityHigh,
			Title:       "Private ECR repositories scan images and have immutable tags",
			Description: "Repositories of model images scan on push or continuously, and their tags cannot be overwritten.",
			Rationale:   "A mutable tag lets a model endpoint start serving a different image than the one approved.",
			Remediation: "Enable enhanced scanning (Inspector) or scan on push, and set tag immutability on the repositories.",
		}, ruleCheck{rules: []string{"ECR_PRIVATE_IMAGE_SCANNING_ENABLED", "ECR_PRIVATE_TAG_IMMUTABILITY_ENABLED"}, types: []string{"AWS::ECR::Repository"}}),
		ruleControl(Control{
			ID: "AIML-VUL-04", Severity: SeverityMedium,
			Title:       "SageMaker notebooks run on a supported platform",
			Description: "Notebook instances run on Amazon Linux 2023 (notebook-al2023-*), the supported platform.",
			Rationale:   "Notebooks on end-of-life platforms stop getting security patches.",
			Remediation: "Migrate the notebook to a notebook-al2023 platform identifier.",
		}, ruleCheck{rules: []string{"SAGEMAKER_NOTEBOOK_INSTANCE_PLATFORM_VERSION"}, types: []string{notebookType}, judge: func(r config.Resource) (bool, string, bool) {
			if r.Notebook == nil || r.Notebook.PlatformIdentifier == "" {
				return false, "the recorded configuration does not name the notebook's platform", false
			}
			p := r.Notebook.PlatformIdentifier
			return strings.HasPrefix(p, "notebook-al2023"), "notebook " + r.ID + " runs on " + p, true
		}}),
		ruleControl(Control{
			ID: "AIML-MON-03", Severity: SeverityMedium,
			Title:       "Production SageMaker endpoints run more than one instance",
			Description: "Every production variant of an endpoint configuration starts with more than one instance.",
			Rationale:   "A single instance is a single point of failure for the model's consumers.",
			Remediation: "Set InitialInstanceCount to 2 or more (across Availability Zones) in the endpoint configuration.",
		}, ruleCheck{rules: []string{"SAGEMAKER_ENDPOINT_CONFIG_PROD_INSTANCE_COUNT"}, types: []string{endpointConfigType}, judge: func(r config.Resource) (bool, string, bool) {
			ec := r.EndpointConfig
			if ec == nil || len(ec.Variants) == 0 {
				return false, "the recorded configuration of endpoint config " + r.ID + " names no production variant", false
			}
			for _, v := range ec.Variants {
				if v.InitialInstanceCount < 2 {
					return false, fmt.Sprintf("endpoint config %s: variant %s starts %d instance(s)", r.ID, v.Name, v.InitialInstanceCount), true
				}
			}
			return true, "endpoint config " + r.ID + " runs every variant on 2 or more instances", true
		}}),
	}
}

// recorderCheck is AIML-LOG-10: one finding per account and region.
func recorderCheck(s *Snapshot) []Finding {
	var out []Finding
	for _, loc := range s.regional() {
		l := at(loc)
		st, why := s.configState(loc)
		if st == nil {
			out = append(out, l.unknown(why))
			continue
		}
		ev := Evidence{Source: SourceConfig, Operation: st.Recorder.Operation, CollectedAt: st.CollectedAt}
		if !st.Recorder.OK() {
			out = append(out, l.unknown(st.Recorder.Why("the AWS Config recorder status of "+loc.String()), ev))
			continue
		}
		ok, why := st.recording()
		switch {
		case ok:
			out = append(out, l.pass("AWS Config records in "+loc.String(), ev))
		case st.AggregatorSource != nil || st.Recorder.Operation == "config:DescribeConfigurationAggregatorSourcesStatus":
			// The aggregator cannot tell a stopped recorder from a
			// failed aggregation: that is missing evidence, not a failure.
			out = append(out, l.unknown(why, ev))
		default:
			out = append(out, l.fail(why, ev))
		}
	}
	return out
}
