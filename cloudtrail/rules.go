package cloudtrail

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Severity ranks how urgently a detection deserves a look.
type Severity string

// The severities, from least to most urgent.
const (
	// SeverityLow: worth knowing, expected in normal operation (a model
	// invoked, a call denied).
	SeverityLow Severity = "low"
	// SeverityMedium: a change to AI resources or permissions that a
	// reviewer should be able to explain.
	SeverityMedium Severity = "medium"
	// SeverityHigh: a change that weakens a guardrail, a detection or an
	// access boundary.
	SeverityHigh Severity = "high"
	// SeverityCritical: the audit trail itself stopped or deleted.
	SeverityCritical Severity = "critical"
)

// Rank orders severities: 1 for low to 4 for critical, 0 for anything else.
func (s Severity) Rank() int {
	return slices.Index([]Severity{SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical}, s) + 1
}

// Category groups rules by what they watch.
type Category string

// The categories of the built-in rules.
const (
	CategoryAIOperations     Category = "ai-operations"
	CategoryIAMPrivilege     Category = "iam-privilege"
	CategoryLoggingTampering Category = "logging-tampering"
	CategoryDeniedAccess     Category = "denied-access"
)

// A Rule says which events are worth reporting. Rules are plain values: a
// user adds one by writing a Rule literal with its own Match.
type Rule struct {
	// ID names the rule uniquely, in kebab case, such as
	// "cloudtrail-logging-stopped".
	ID string `json:"id"`
	// Title is a short human-readable name.
	Title string `json:"title"`
	// Severity ranks the rule's detections.
	Severity Severity `json:"severity"`
	// Category groups the rule with others.
	Category Category `json:"category"`
	// Description says what the rule finds and why it matters.
	Description string `json:"description,omitempty"`
	// Match reports whether an event is one the rule finds. It must be a
	// pure function of the event, safe to call from several goroutines.
	Match func(Event) bool `json:"-"`
}

// validate reports what is wrong with r.
func (r Rule) validate() error {
	switch {
	case r.ID == "":
		return fmt.Errorf("a rule titled %q has no ID", r.Title)
	case r.Match == nil:
		return fmt.Errorf("rule %s has no Match function", r.ID)
	case r.Severity.Rank() == 0:
		return fmt.Errorf("rule %s has severity %q, want low, medium, high or critical", r.ID, r.Severity)
	}
	return nil
}

// MatchCalls returns a Match function for calls to the named actions of one
// service, given by its eventSource, such as "iam.amazonaws.com". Calls
// that failed match too: an attempt is worth knowing of.
func MatchCalls(source string, names ...string) func(Event) bool {
	set := make(map[string]struct{}, len(names))
	for _, n := range names {
		set[n] = struct{}{}
	}
	return func(e Event) bool {
		if e.EventSource != source {
			return false
		}
		_, ok := set[e.EventName]
		return ok
	}
}

// requestField decodes one member of an event's requestParameters into
// out. It reports false when the member is absent, null or of another type.
func requestField[T any](e Event, name string) (out T, ok bool) {
	var params map[string]json.RawMessage
	if json.Unmarshal(e.RequestParameters, &params) != nil {
		return out, false
	}
	raw, found := params[name]
	if !found || string(raw) == "null" || json.Unmarshal(raw, &out) != nil {
		return out, false
	}
	return out, true
}

const (
	sourceSageMaker   = "sagemaker.amazonaws.com"
	sourceBedrock     = "bedrock.amazonaws.com"
	sourceIAM         = "iam.amazonaws.com"
	sourceCloudTrail  = "cloudtrail.amazonaws.com"
	sourceConfig      = "config.amazonaws.com"
	sourceGuardDuty   = "guardduty.amazonaws.com"
	sourceSecurityHub = "securityhub.amazonaws.com"
	sourceInspector2  = "inspector2.amazonaws.com"
)

// AIOperationRules watch SageMaker and Bedrock: training, models, endpoints,
// notebook access, model approval, invocation logging, guardrails, model
// customisation, model access, and model invocation.
func AIOperationRules() []Rule {
	return []Rule{
		{ID: "sagemaker-training-job-change", Title: "SageMaker training job created, stopped or deleted", Severity: SeverityLow, Category: CategoryAIOperations,
			Description: "Training jobs decide what a model learns from; each should trace to an approved dataset and pipeline.",
			Match:       MatchCalls(sourceSageMaker, "CreateTrainingJob", "UpdateTrainingJob", "StopTrainingJob", "DeleteTrainingJob")},
		{ID: "sagemaker-model-change", Title: "SageMaker model created or deleted", Severity: SeverityLow, Category: CategoryAIOperations,
			Description: "A model registered outside the pipeline can reach an endpoint without review.",
			Match:       MatchCalls(sourceSageMaker, "CreateModel", "DeleteModel")},
		{ID: "sagemaker-endpoint-change", Title: "SageMaker endpoint or endpoint config changed", Severity: SeverityMedium, Category: CategoryAIOperations,
			Description: "Endpoints serve models to users; a change swaps what answers them.",
			Match: MatchCalls(sourceSageMaker, "CreateEndpoint", "UpdateEndpoint", "DeleteEndpoint", "UpdateEndpointWeightsAndCapacities",
				"CreateEndpointConfig", "DeleteEndpointConfig")},
		{ID: "sagemaker-notebook-presigned-url", Title: "SageMaker notebook or Studio presigned URL created", Severity: SeverityMedium, Category: CategoryAIOperations,
			Description: "A presigned URL opens a notebook or Studio domain, with its role's permissions, to whoever holds the link.",
			Match:       MatchCalls(sourceSageMaker, "CreatePresignedNotebookInstanceUrl", "CreatePresignedDomainUrl")},
		{ID: "sagemaker-model-approval-change", Title: "SageMaker model package registered or its approval changed", Severity: SeverityHigh, Category: CategoryAIOperations,
			Description: "Approval in the model registry is the gate to production; a change to ModelApprovalStatus moves a model through it.",
			Match: func(e Event) bool {
				if e.EventSource != sourceSageMaker {
					return false
				}
				switch e.EventName {
				case "CreateModelPackage":
					return true
				case "UpdateModelPackage":
					_, ok := requestField[string](e, "modelApprovalStatus")
					return ok
				}
				return false
			}},
		{ID: "bedrock-invocation-logging-change", Title: "Bedrock model invocation logging changed", Severity: SeverityHigh, Category: CategoryAIOperations,
			Description: "Invocation logs are the record of prompts and responses; changing where they go can hide model use.",
			Match:       MatchCalls(sourceBedrock, "PutModelInvocationLoggingConfiguration", "DeleteModelInvocationLoggingConfiguration")},
		{ID: "bedrock-guardrail-deleted", Title: "Bedrock guardrail deleted", Severity: SeverityHigh, Category: CategoryAIOperations,
			Description: "Guardrails filter harmful or sensitive content; deleting one removes that filter from every application using it.",
			Match:       MatchCalls(sourceBedrock, "DeleteGuardrail")},
		{ID: "bedrock-guardrail-updated", Title: "Bedrock guardrail updated", Severity: SeverityMedium, Category: CategoryAIOperations,
			Description: "An update can loosen a guardrail's filters or denied topics.",
			Match:       MatchCalls(sourceBedrock, "UpdateGuardrail")},
		{ID: "bedrock-model-customization", Title: "Bedrock model customisation job started or stopped", Severity: SeverityMedium, Category: CategoryAIOperations,
			Description: "Fine-tuning and continued pre-training change model behaviour and consume training data.",
			Match:       MatchCalls(sourceBedrock, "CreateModelCustomizationJob", "StopModelCustomizationJob", "DeleteCustomModel", "CreateModelImportJob")},
		{ID: "bedrock-model-access-change", Title: "Bedrock foundation model access requested or granted", Severity: SeverityHigh, Category: CategoryAIOperations,
			Description: "Enabling model access is the first step of LLMjacking; each grant should match an approved use.",
			Match: MatchCalls(sourceBedrock, "PutFoundationModelEntitlement", "PutUseCaseForModelAccess", "CreateFoundationModelAgreement",
				"DeleteFoundationModelAgreement")},
		{ID: "bedrock-model-invocation", Title: "Bedrock model invoked", Severity: SeverityLow, Category: CategoryAIOperations,
			Description: "Who calls which models, from where and how often; unexpected callers or volumes suggest misuse.",
			Match:       MatchCalls(sourceBedrock, "InvokeModel", "InvokeModelWithResponseStream", "Converse", "ConverseStream")},
	}
}

// IAMPrivilegeRules watch changes to IAM permissions: policies on roles,
// users and groups, managed policies and their versions, trust policies,
// access keys, console passwords and permissions boundaries.
func IAMPrivilegeRules() []Rule {
	return []Rule{
		{ID: "iam-policy-change", Title: "IAM policy attached, detached, written or deleted", Severity: SeverityMedium, Category: CategoryIAMPrivilege,
			Description: "Policy changes grant or remove permissions, including to roles that train or serve models (CIS policy-change filter).",
			Match: MatchCalls(sourceIAM,
				"PutRolePolicy", "DeleteRolePolicy", "AttachRolePolicy", "DetachRolePolicy",
				"PutUserPolicy", "DeleteUserPolicy", "AttachUserPolicy", "DetachUserPolicy",
				"PutGroupPolicy", "DeleteGroupPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
				"CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion", "SetDefaultPolicyVersion")},
		{ID: "iam-trust-policy-change", Title: "IAM role trust policy updated", Severity: SeverityHigh, Category: CategoryIAMPrivilege,
			Description: "A trust policy decides who may assume a role; widening it is a classic backdoor.",
			Match:       MatchCalls(sourceIAM, "UpdateAssumeRolePolicy")},
		{ID: "iam-access-key-created", Title: "IAM access key created", Severity: SeverityMedium, Category: CategoryIAMPrivilege,
			Description: "Long-term keys outlive sessions; a key made for another user is a persistence technique.",
			Match:       MatchCalls(sourceIAM, "CreateAccessKey")},
		{ID: "iam-login-profile-change", Title: "IAM console password created or changed", Severity: SeverityMedium, Category: CategoryIAMPrivilege,
			Description: "Setting another user's console password takes over that user.",
			Match:       MatchCalls(sourceIAM, "CreateLoginProfile", "UpdateLoginProfile", "DeleteLoginProfile")},
		{ID: "iam-permissions-boundary-change", Title: "IAM permissions boundary set or removed", Severity: SeverityHigh, Category: CategoryIAMPrivilege,
			Description: "Boundaries cap what a role or user can do; removing one lifts the cap.",
			Match: MatchCalls(sourceIAM, "PutRolePermissionsBoundary", "DeleteRolePermissionsBoundary",
				"PutUserPermissionsBoundary", "DeleteUserPermissionsBoundary")},
	}
}

// LoggingTamperingRules watch for the audit trail and the detection
// services being stopped, deleted or narrowed: CloudTrail, AWS Config,
// GuardDuty, Security Hub, Inspector, and Bedrock invocation logging.
func LoggingTamperingRules() []Rule {
	return []Rule{
		{ID: "cloudtrail-logging-stopped", Title: "CloudTrail trail stopped or deleted", Severity: SeverityCritical, Category: CategoryLoggingTampering,
			Description: "Without the trail there is no record of anything else.",
			Match:       MatchCalls(sourceCloudTrail, "StopLogging", "DeleteTrail")},
		{ID: "cloudtrail-trail-modified", Title: "CloudTrail trail or event selectors modified", Severity: SeverityHigh, Category: CategoryLoggingTampering,
			Description: "Changing a trail's bucket or selectors can silently drop the events that matter.",
			Match:       MatchCalls(sourceCloudTrail, "UpdateTrail", "PutEventSelectors")},
		{ID: "config-recording-disabled", Title: "AWS Config recording stopped or deleted", Severity: SeverityHigh, Category: CategoryLoggingTampering,
			Description: "Config records resource configuration over time, the evidence for most controls.",
			Match:       MatchCalls(sourceConfig, "StopConfigurationRecorder", "DeleteConfigurationRecorder", "DeleteDeliveryChannel")},
		{ID: "guardduty-disabled", Title: "GuardDuty detector deleted, disabled or detached", Severity: SeverityHigh, Category: CategoryLoggingTampering,
			Description: "GuardDuty analyses CloudTrail, including Bedrock activity, for threats.",
			Match: func(e Event) bool {
				if e.EventSource != sourceGuardDuty {
					return false
				}
				switch e.EventName {
				case "DeleteDetector", "DisassociateFromMasterAccount", "DisassociateFromAdministratorAccount", "StopMonitoringMembers", "DeleteMembers":
					return true
				case "UpdateDetector":
					enable, ok := requestField[bool](e, "enable")
					return ok && !enable
				}
				return false
			}},
		{ID: "securityhub-disabled", Title: "Security Hub or its standards disabled", Severity: SeverityHigh, Category: CategoryLoggingTampering,
			Description: "Security Hub runs the controls that report on SageMaker and Bedrock configuration.",
			Match:       MatchCalls(sourceSecurityHub, "DisableSecurityHub", "BatchDisableStandards", "DisableImportFindingsForProduct")},
		{ID: "inspector-disabled", Title: "Amazon Inspector disabled", Severity: SeverityHigh, Category: CategoryLoggingTampering,
			Description: "Inspector scans the images and functions that host models for vulnerabilities.",
			Match:       MatchCalls(sourceInspector2, "Disable", "DisableDelegatedAdminAccount")},
		{ID: "bedrock-invocation-logging-deleted", Title: "Bedrock model invocation logging deleted", Severity: SeverityHigh, Category: CategoryLoggingTampering,
			Description: "Deleting the invocation logging configuration stops the record of prompts and responses.",
			Match:       MatchCalls(sourceBedrock, "DeleteModelInvocationLoggingConfiguration")},
	}
}

// DeniedAccessRules watch for calls refused for lack of permission, as the
// CIS and Security Hub CloudWatch.2 filter does:
// errorCode "*UnauthorizedOperation" or "AccessDenied*".
func DeniedAccessRules() []Rule {
	return []Rule{
		{ID: "access-denied", Title: "Call denied for lack of permission", Severity: SeverityLow, Category: CategoryDeniedAccess,
			Description: "Repeated denials show a principal probing beyond its permissions, or a broken deployment.",
			Match:       IsDenied},
	}
}

// IsDenied reports whether the call was refused for lack of permission:
// errorCode ends in "UnauthorizedOperation" or begins with "AccessDenied",
// which covers AccessDenied, AccessDeniedException, UnauthorizedOperation
// and Client.UnauthorizedOperation.
func IsDenied(e Event) bool {
	return strings.HasSuffix(e.ErrorCode, "UnauthorizedOperation") || strings.HasPrefix(e.ErrorCode, "AccessDenied")
}

// DefaultRules returns every built-in rule.
func DefaultRules() []Rule {
	return slices.Concat(AIOperationRules(), IAMPrivilegeRules(), LoggingTamperingRules(), DeniedAccessRules())
}
