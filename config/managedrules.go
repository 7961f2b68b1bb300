package config

import (
	"sort"
	"strings"
)

// ManagedRule is an AWS managed Config rule that matters for AI workloads.
type ManagedRule struct {
	// Name is the rule name AWS uses in its documentation and sample
	// conformance packs, such as "sagemaker-notebook-no-direct-internet-access".
	Name string
	// Identifier is the rule's SourceIdentifier.
	Identifier string
	// ResourceTypes are the types the rule evaluates; empty for periodic
	// rules that evaluate the account.
	ResourceTypes []string
	// Periodic rules run on a schedule; the others on configuration changes.
	Periodic bool
	// Parameters are the rule's input parameters, all optional.
	Parameters []string
	// SecurityHubControl is the Security Hub control built on the rule, if
	// any, such as "SageMaker.1".
	SecurityHubControl string
	// Description says what the rule checks, in a sentence.
	Description string
}

// ManagedRules returns the AWS managed rules aigov knows, sorted by name.
// Sources: the AWS Config rule pages and Security Hub control pages; see
// the repository's reference notes for the dates they were read.
func ManagedRules() []ManagedRule {
	out := append([]ManagedRule(nil), managedRules...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LookupManagedRule returns the managed rule with the given identifier.
func LookupManagedRule(identifier string) (ManagedRule, bool) {
	for _, r := range managedRules {
		if r.Identifier == identifier {
			return r, true
		}
	}
	return ManagedRule{}, false
}

// IdentifierForRuleName guesses the managed rule behind a rule name, for the
// places where AWS Config gives only names (aggregator results). It matches
// the documented name, the name with a conformance pack suffix
// ("…-conformance-pack-ab12cd34"), and Security Hub's "securityhub-…-a1b2c3"
// names. ok is false when no known managed rule matches.
func IdentifierForRuleName(name string) (identifier string, ok bool) {
	n := strings.ToLower(name)
	n = strings.TrimPrefix(n, "securityhub-")
	best := ""
	for _, r := range managedRules {
		if (n == r.Name || strings.HasPrefix(n, r.Name+"-")) && len(r.Name) > len(best) {
			best, identifier = r.Name, r.Identifier
		}
	}
	return identifier, best != ""
}

const (
	notebook       = "AWS::SageMaker::NotebookInstance"
	endpointConfig = "AWS::SageMaker::EndpointConfig"
	model          = "AWS::SageMaker::Model"
	domain         = "AWS::SageMaker::Domain"
)

var managedRules = []ManagedRule{
	// SageMaker.
	{Name: "sagemaker-notebook-no-direct-internet-access", Identifier: "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS", ResourceTypes: []string{notebook}, Periodic: true, SecurityHubControl: "SageMaker.1", Description: "SageMaker notebook instances have direct internet access disabled."},
	{Name: "sagemaker-notebook-instance-inside-vpc", Identifier: "SAGEMAKER_NOTEBOOK_INSTANCE_INSIDE_VPC", ResourceTypes: []string{notebook}, Parameters: []string{"SubnetIds"}, SecurityHubControl: "SageMaker.2", Description: "SageMaker notebook instances are launched in a custom VPC."},
	{Name: "sagemaker-notebook-instance-root-access-check", Identifier: "SAGEMAKER_NOTEBOOK_INSTANCE_ROOT_ACCESS_CHECK", ResourceTypes: []string{notebook}, SecurityHubControl: "SageMaker.3", Description: "Users have no root access on SageMaker notebook instances."},
	{Name: "sagemaker-notebook-instance-kms-key-configured", Identifier: "SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED", Periodic: true, Parameters: []string{"kmsKeyArns"}, Description: "SageMaker notebook instances are configured with a KMS key."},
	{Name: "sagemaker-notebook-instance-storage-vol-kms-encrypted", Identifier: "SAGEMAKER_NOTEBOOK_INSTANCE_STORAGE_VOL_KMS_ENCRYPTED", ResourceTypes: []string{notebook}, SecurityHubControl: "SageMaker.21", Description: "SageMaker notebook storage volumes are encrypted with a customer managed KMS key."},
	{Name: "sagemaker-notebook-instance-platform-version", Identifier: "SAGEMAKER_NOTEBOOK_INSTANCE_PLATFORM_VERSION", ResourceTypes: []string{notebook}, Periodic: true, Parameters: []string{"supportedPlatformIdentifierVersions"}, SecurityHubControl: "SageMaker.8", Description: "SageMaker notebook instances run on a supported platform version."},
	{Name: "sagemaker-endpoint-configuration-kms-key-configured", Identifier: "SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED", ResourceTypes: []string{endpointConfig}, Periodic: true, Parameters: []string{"kmsKeyArns"}, Description: "SageMaker endpoint configurations encrypt their ML storage volumes with a KMS key."},
	{Name: "sagemaker-endpoint-config-prod-instance-count", Identifier: "SAGEMAKER_ENDPOINT_CONFIG_PROD_INSTANCE_COUNT", ResourceTypes: []string{endpointConfig}, Periodic: true, SecurityHubControl: "SageMaker.4", Description: "SageMaker endpoint production variants run more than one instance."},
	{Name: "sagemaker-model-isolation-enabled", Identifier: "SAGEMAKER_MODEL_ISOLATION_ENABLED", ResourceTypes: []string{model}, SecurityHubControl: "SageMaker.5", Description: "SageMaker models have network isolation enabled."},
	{Name: "sagemaker-model-in-vpc", Identifier: "SAGEMAKER_MODEL_IN_VPC", ResourceTypes: []string{model}, Description: "SageMaker models run in a VPC."},
	{Name: "sagemaker-model-private-registry-required", Identifier: "SAGEMAKER_MODEL_PRIVATE_REGISTRY_REQUIRED", ResourceTypes: []string{model}, SecurityHubControl: "SageMaker.16", Description: "SageMaker models pull their primary container from a private registry."},
	{Name: "sagemaker-domain-in-vpc", Identifier: "SAGEMAKER_DOMAIN_IN_VPC", ResourceTypes: []string{domain}, Description: "SageMaker domains use VPC-only network access."},
	{Name: "sagemaker-featuregroup-encryption-at-rest", Identifier: "SAGEMAKER_FEATUREGROUP_ENCRYPTION_AT_REST", ResourceTypes: []string{"AWS::SageMaker::FeatureGroup"}, SecurityHubControl: "SageMaker.17", Description: "SageMaker feature group offline stores are encrypted with a customer managed KMS key."},
	{Name: "sagemaker-monitoring-schedule-isolation", Identifier: "SAGEMAKER_MONITORING_SCHEDULE_ISOLATION", ResourceTypes: []string{"AWS::SageMaker::MonitoringSchedule"}, SecurityHubControl: "SageMaker.14", Description: "SageMaker monitoring schedules have network isolation enabled."},

	// Bedrock and AgentCore.
	{Name: "bedrock-data-source-encryption-enabled", Identifier: "BEDROCK_DATA_SOURCE_ENCRYPTION_ENABLED", ResourceTypes: []string{"AWS::Bedrock::DataSource"}, SecurityHubControl: "Bedrock.1", Description: "Bedrock knowledge base data sources are encrypted with a customer managed KMS key."},
	{Name: "bedrockagentcore-runtime-private-network-required", Identifier: "BEDROCKAGENTCORE_RUNTIME_PRIVATE_NETWORK_REQUIRED", ResourceTypes: []string{"AWS::BedrockAgentCore::Runtime"}, SecurityHubControl: "BedrockAgentCore.1", Description: "Bedrock AgentCore runtimes run in VPC mode."},
	{Name: "bedrockagentcore-gateway-authorizer-enabled", Identifier: "BEDROCKAGENTCORE_GATEWAY_AUTHORIZER_ENABLED", ResourceTypes: []string{"AWS::BedrockAgentCore::Gateway"}, SecurityHubControl: "BedrockAgentCore.2", Description: "Bedrock AgentCore gateways require inbound authorization."},

	// CloudTrail.
	{Name: "multi-region-cloudtrail-enabled", Identifier: "MULTI_REGION_CLOUD_TRAIL_ENABLED", Periodic: true, Parameters: []string{"s3BucketName", "snsTopicArn", "cloudWatchLogsLogGroupArn", "includeManagementEvents", "readWriteType"}, SecurityHubControl: "CloudTrail.1", Description: "At least one multi-region trail logs read and write management events."},
	{Name: "cloud-trail-log-file-validation-enabled", Identifier: "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED", Periodic: true, SecurityHubControl: "CloudTrail.4", Description: "CloudTrail trails have log file validation enabled."},
	{Name: "cloud-trail-encryption-enabled", Identifier: "CLOUD_TRAIL_ENCRYPTION_ENABLED", Periodic: true, SecurityHubControl: "CloudTrail.2", Description: "CloudTrail trails encrypt their logs with a KMS key."},
	{Name: "cloudtrail-s3-dataevents-enabled", Identifier: "CLOUDTRAIL_S3_DATAEVENTS_ENABLED", Periodic: true, Parameters: []string{"S3BucketNames"}, SecurityHubControl: "S3.22", Description: "A trail logs S3 data events for the named buckets (training data)."},

	// S3 training data.
	{Name: "s3-bucket-public-read-prohibited", Identifier: "S3_BUCKET_PUBLIC_READ_PROHIBITED", ResourceTypes: []string{"AWS::S3::Bucket"}, SecurityHubControl: "S3.2", Description: "S3 buckets do not allow public read access."},
	{Name: "s3-bucket-public-write-prohibited", Identifier: "S3_BUCKET_PUBLIC_WRITE_PROHIBITED", ResourceTypes: []string{"AWS::S3::Bucket"}, SecurityHubControl: "S3.3", Description: "S3 buckets do not allow public write access."},
	{Name: "s3-bucket-server-side-encryption-enabled", Identifier: "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED", ResourceTypes: []string{"AWS::S3::Bucket"}, SecurityHubControl: "S3.4", Description: "S3 buckets have default server-side encryption."},
	{Name: "s3-bucket-ssl-requests-only", Identifier: "S3_BUCKET_SSL_REQUESTS_ONLY", ResourceTypes: []string{"AWS::S3::Bucket"}, SecurityHubControl: "S3.5", Description: "S3 bucket policies deny requests that do not use TLS."},
	{Name: "s3-bucket-versioning-enabled", Identifier: "S3_BUCKET_VERSIONING_ENABLED", ResourceTypes: []string{"AWS::S3::Bucket"}, Parameters: []string{"isMfaDeleteEnabled"}, SecurityHubControl: "S3.14", Description: "S3 buckets have versioning enabled."},

	// Keys, images and scanning.
	{Name: "cmk-backing-key-rotation-enabled", Identifier: "CMK_BACKING_KEY_ROTATION_ENABLED", Periodic: true, SecurityHubControl: "KMS.4", Description: "Customer managed KMS keys rotate automatically."},
	{Name: "ecr-private-image-scanning-enabled", Identifier: "ECR_PRIVATE_IMAGE_SCANNING_ENABLED", ResourceTypes: []string{"AWS::ECR::Repository"}, Periodic: true, SecurityHubControl: "ECR.1", Description: "Private ECR repositories scan images on push or continuously."},
	{Name: "ecr-private-tag-immutability-enabled", Identifier: "ECR_PRIVATE_TAG_IMMUTABILITY_ENABLED", ResourceTypes: []string{"AWS::ECR::Repository"}, SecurityHubControl: "ECR.2", Description: "Private ECR repositories have immutable tags, so a model image tag always names the same image."},
	{Name: "inspector-ecr-scan-enabled", Identifier: "INSPECTOR_ECR_SCAN_ENABLED", Periodic: true, SecurityHubControl: "Inspector.2", Description: "Amazon Inspector scans ECR images."},
	{Name: "inspector-lambda-standard-scan-enabled", Identifier: "INSPECTOR_LAMBDA_STANDARD_SCAN_ENABLED", Periodic: true, Description: "Amazon Inspector scans Lambda functions' packages."},
	{Name: "iam-policy-no-statements-with-admin-access", Identifier: "IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS", ResourceTypes: []string{"AWS::IAM::Policy"}, Parameters: []string{"excludePermissionBoundaryPolicy"}, SecurityHubControl: "IAM.1", Description: "Customer managed IAM policies grant no full administrative access."},
	{Name: "guardduty-enabled-centralized", Identifier: "GUARDDUTY_ENABLED_CENTRALIZED", Periodic: true, Parameters: []string{"CentralMonitoringAccount"}, SecurityHubControl: "GuardDuty.1", Description: "GuardDuty is enabled in the account and region."},

	// Added for the governance catalog.
	{Name: "sagemaker-endpoint-config-kms-key-required", Identifier: "SAGEMAKER_ENDPOINT_CONFIG_KMS_KEY_REQUIRED", ResourceTypes: []string{endpointConfig}, Description: "SageMaker endpoint configurations name a KMS key."},
	{Name: "sagemaker-model-multicontainer-private-registry", Identifier: "SAGEMAKER_MODEL_MULTICONTAINER_PRIVATE_REGISTRY", ResourceTypes: []string{model}, SecurityHubControl: "SageMaker.19", Description: "Every container of a multi-container SageMaker model comes from a private registry."},
	{Name: "sagemaker-featuregroup-online-store-encryption", Identifier: "SAGEMAKER_FEATUREGROUP_ONLINE_STORE_ENCRYPTION", ResourceTypes: []string{"AWS::SageMaker::FeatureGroup"}, SecurityHubControl: "SageMaker.18", Description: "SageMaker feature group online stores are encrypted with a customer managed KMS key."},
	{Name: "sagemaker-monitoring-schedule-traffic-encryption", Identifier: "SAGEMAKER_MONITORING_SCHEDULE_TRAFFIC_ENCRYPTION", ResourceTypes: []string{"AWS::SageMaker::MonitoringSchedule"}, SecurityHubControl: "SageMaker.22", Description: "SageMaker monitoring schedules encrypt inter-container traffic."},
	{Name: "sagemaker-data-quality-job-isolation", Identifier: "SAGEMAKER_DATA_QUALITY_JOB_ISOLATION", ResourceTypes: []string{"AWS::SageMaker::DataQualityJobDefinition"}, SecurityHubControl: "SageMaker.11", Description: "SageMaker data quality jobs have network isolation enabled."},
	{Name: "sagemaker-data-quality-job-encrypt-in-transit", Identifier: "SAGEMAKER_DATA_QUALITY_JOB_ENCRYPT_IN_TRANSIT", ResourceTypes: []string{"AWS::SageMaker::DataQualityJobDefinition"}, SecurityHubControl: "SageMaker.9", Description: "SageMaker data quality jobs encrypt inter-container traffic."},
	{Name: "sagemaker-inf-experiment-instance-storage-kms-encrypted", Identifier: "SAGEMAKER_INF_EXPERIMENT_INSTANCE_STORAGE_KMS_ENCRYPTED", ResourceTypes: []string{"AWS::SageMaker::InferenceExperiment"}, SecurityHubControl: "SageMaker.23", Description: "SageMaker inference experiments encrypt instance storage with a customer managed KMS key."},
	{Name: "bedrock-agentcore-memory-encryption-enabled", Identifier: "BEDROCK_AGENTCORE_MEMORY_ENCRYPTION_ENABLED", ResourceTypes: []string{"AWS::BedrockAgentCore::Memory"}, SecurityHubControl: "BedrockAgentCore.3", Description: "Bedrock AgentCore memories are encrypted with a customer managed KMS key."},
	{Name: "bedrockagentcore-gateway-encryption-enabled", Identifier: "BEDROCKAGENTCORE_GATEWAY_ENCRYPTION_ENABLED", ResourceTypes: []string{"AWS::BedrockAgentCore::Gateway"}, SecurityHubControl: "BedrockAgentCore.4", Description: "Bedrock AgentCore gateways are encrypted with a customer managed KMS key."},
	{Name: "bedrockagentcore-browsercustom-network-mode-not-public", Identifier: "BEDROCKAGENTCORE_BROWSERCUSTOM_NETWORK_MODE_NOT_PUBLIC", ResourceTypes: []string{"AWS::BedrockAgentCore::BrowserCustom"}, SecurityHubControl: "BedrockAgentCore.5", Description: "Bedrock AgentCore custom browsers do not use public network mode."},
	{Name: "bedrockagentcore-codeinterpreter-networkmode-check", Identifier: "BEDROCKAGENTCORE_CODEINTERPRETER_NETWORKMODE_CHECK", ResourceTypes: []string{"AWS::BedrockAgentCore::CodeInterpreterCustom"}, SecurityHubControl: "BedrockAgentCore.7", Description: "Bedrock AgentCore code interpreters use private network mode."},
	{Name: "cloud-trail-cloud-watch-logs-enabled", Identifier: "CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED", Periodic: true, Parameters: []string{"expectedDeliveryWindowAge"}, SecurityHubControl: "CloudTrail.5", Description: "CloudTrail trails deliver to CloudWatch Logs."},
	{Name: "s3-account-level-public-access-blocks-periodic", Identifier: "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC", Periodic: true, Parameters: []string{"IgnorePublicAcls", "BlockPublicPolicy", "BlockPublicAcls", "RestrictPublicBuckets"}, SecurityHubControl: "S3.1", Description: "The account blocks public access to S3."},
	{Name: "s3-bucket-level-public-access-prohibited", Identifier: "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", ResourceTypes: []string{"AWS::S3::Bucket"}, Parameters: []string{"excludedPublicBuckets"}, SecurityHubControl: "S3.8", Description: "S3 buckets block public access."},
	{Name: "s3-bucket-logging-enabled", Identifier: "S3_BUCKET_LOGGING_ENABLED", ResourceTypes: []string{"AWS::S3::Bucket"}, Parameters: []string{"targetBucket", "targetPrefix"}, SecurityHubControl: "S3.9", Description: "S3 buckets have server access logging enabled."},
	{Name: "kms-cmk-not-scheduled-for-deletion", Identifier: "KMS_CMK_NOT_SCHEDULED_FOR_DELETION", ResourceTypes: []string{"AWS::KMS::Key"}, Parameters: []string{"kmsKeyIds"}, SecurityHubControl: "KMS.3", Description: "No customer managed KMS key is scheduled for deletion."},
	{Name: "ecr-repository-cmk-encryption-enabled", Identifier: "ECR_REPOSITORY_CMK_ENCRYPTION_ENABLED", ResourceTypes: []string{"AWS::ECR::Repository"}, Description: "Private ECR repositories are encrypted with a customer managed KMS key."},
	{Name: "root-account-mfa-enabled", Identifier: "ROOT_ACCOUNT_MFA_ENABLED", Periodic: true, SecurityHubControl: "IAM.9", Description: "The root user signs in with MFA."},
	{Name: "iam-root-access-key-check", Identifier: "IAM_ROOT_ACCESS_KEY_CHECK", Periodic: true, SecurityHubControl: "IAM.4", Description: "The root user has no access keys."},
	{Name: "access-keys-rotated", Identifier: "ACCESS_KEYS_ROTATED", Periodic: true, Parameters: []string{"maxAccessKeyAge"}, SecurityHubControl: "IAM.3", Description: "IAM access keys are rotated within the maximum age."},
	{Name: "mfa-enabled-for-iam-console-access", Identifier: "MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS", Periodic: true, SecurityHubControl: "IAM.5", Description: "IAM users with a console password use MFA."},
	{Name: "vpc-sg-open-only-to-authorized-ports", Identifier: "VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS", ResourceTypes: []string{"AWS::EC2::SecurityGroup"}, Parameters: []string{"authorizedTcpPorts", "authorizedUdpPorts"}, Description: "Security groups open to 0.0.0.0/0 allow only authorised ports."},
	{Name: "securityhub-enabled", Identifier: "SECURITYHUB_ENABLED", Periodic: true, Description: "AWS Security Hub is enabled."},
	{Name: "macie-status-check", Identifier: "MACIE_STATUS_CHECK", Periodic: true, Description: "Amazon Macie is enabled to find sensitive data in training buckets."},
}
