package demo

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aigov/aigov/advisor/advisortest"
	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/artifact/artifacttest"
	"github.com/aigov/aigov/auditmanager/auditmanagertest"
	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/cloudtrail/cloudtrailtest"
	"github.com/aigov/aigov/config"
	"github.com/aigov/aigov/config/configtest"
	"github.com/aigov/aigov/inspector"
	"github.com/aigov/aigov/inspector/inspectortest"
)

const (
	use1 = "us-east-1"
	euw1 = "eu-west-1"

	fraudImage = "111111111111.dkr.ecr.us-east-1.amazonaws.com/fraud-serving@sha256:9b1c6f0e3d2a4b5c8e7f6a1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7980817263"
	churnImage = "111111111111.dkr.ecr.us-east-1.amazonaws.com/churn-serving:2.0"
	euImage    = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/sentiment:2.1"
)

func notebookConfig(internet, root, kms, subnet, platform string) json.RawMessage {
	b, _ := json.Marshal(map[string]string{"DirectInternetAccess": internet, "RootAccess": root, "KmsKeyId": kms, "SubnetId": subnet, "PlatformIdentifier": platform})
	return b
}

func modelConfig(isolated, vpc bool, image string) json.RawMessage {
	m := map[string]any{"EnableNetworkIsolation": isolated, "PrimaryContainer": map[string]string{"Image": image},
		"ExecutionRoleArn": "arn:aws:iam::111111111111:role/ml-serving"}
	if vpc {
		m["VpcConfig"] = map[string]any{"Subnets": []string{"subnet-0a1b2c3d"}, "SecurityGroupIds": []string{"sg-0a1b2c3d"}}
	}
	b, _ := json.Marshal(m)
	return b
}

func sagemakerARN(account, region, kind, name string) string {
	return "arn:aws:sagemaker:" + region + ":" + account + ":" + kind + "/" + name
}

// configProd: us-east-1 has the managed rules of the conformance pack;
// eu-west-1 has none, so its controls read the inventory.
func configProd() *configtest.Fake {
	f := configtest.New(configtest.WithAccount(Prod), configtest.WithRegion(use1))
	f.SetClock(func() time.Time { return Now })
	f.SetRecorders(use1, configtest.Recording("default"))
	f.SetRecorders(euw1, configtest.Recording("default"))

	rules := map[string]string{
		"sagemaker-notebook-no-direct-internet-access":        "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS",
		"sagemaker-notebook-instance-root-access-check":       "SAGEMAKER_NOTEBOOK_INSTANCE_ROOT_ACCESS_CHECK",
		"sagemaker-model-isolation-enabled":                   "SAGEMAKER_MODEL_ISOLATION_ENABLED",
		"sagemaker-endpoint-configuration-kms-key-configured": "SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED",
		"s3-bucket-ssl-requests-only":                         "S3_BUCKET_SSL_REQUESTS_ONLY",
		"s3-bucket-level-public-access-prohibited":            "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
		"s3-bucket-versioning-enabled":                        "S3_BUCKET_VERSIONING_ENABLED",
		"root-account-mfa-enabled":                            "ROOT_ACCOUNT_MFA_ENABLED",
		"iam-root-access-key-check":                           "IAM_ROOT_ACCESS_KEY_CHECK",
		"guardduty-enabled-centralized":                       "GUARDDUTY_ENABLED_CENTRALIZED",
		"securityhub-enabled":                                 "SECURITYHUB_ENABLED",
	}
	for _, name := range slices.Sorted(maps.Keys(rules)) {
		f.AddRule(config.Rule{Name: name, SourceIdentifier: rules[name], CreatedBy: "config-conforms.amazonaws.com"})
	}
	nb, model, ec, bucket, account := config.TypeNotebookInstance, config.TypeModel, config.TypeEndpointConfig, "AWS::S3::Bucket", "AWS::::Account"
	for _, ev := range []config.Evaluation{
		{Rule: "sagemaker-notebook-no-direct-internet-access", ResourceType: nb, ResourceID: "fraud-dev", Compliance: config.NonCompliant, Annotation: "DirectInternetAccess is Enabled"},
		{Rule: "sagemaker-notebook-no-direct-internet-access", ResourceType: nb, ResourceID: "fraud-prod", Compliance: config.Compliant},
		{Rule: "sagemaker-notebook-instance-root-access-check", ResourceType: nb, ResourceID: "fraud-dev", Compliance: config.Compliant},
		{Rule: "sagemaker-notebook-instance-root-access-check", ResourceType: nb, ResourceID: "fraud-prod", Compliance: config.Compliant},
		{Rule: "sagemaker-model-isolation-enabled", ResourceType: model, ResourceID: "fraud-v3", Compliance: config.Compliant},
		{Rule: "sagemaker-model-isolation-enabled", ResourceType: model, ResourceID: "churn-v2", Compliance: config.NonCompliant, Annotation: "EnableNetworkIsolation is false"},
		{Rule: "sagemaker-endpoint-configuration-kms-key-configured", ResourceType: ec, ResourceID: "fraud-ec", Compliance: config.Compliant},
		{Rule: "s3-bucket-ssl-requests-only", ResourceType: bucket, ResourceID: "acme-training-data", Compliance: config.Compliant},
		{Rule: "s3-bucket-ssl-requests-only", ResourceType: bucket, ResourceID: "acme-model-artifacts", Compliance: config.NonCompliant},
		{Rule: "s3-bucket-level-public-access-prohibited", ResourceType: bucket, ResourceID: "acme-training-data", Compliance: config.Compliant},
		{Rule: "s3-bucket-versioning-enabled", ResourceType: bucket, ResourceID: "acme-training-data", Compliance: config.NonCompliant, Annotation: "Versioning is Suspended"},
		{Rule: "root-account-mfa-enabled", ResourceType: account, ResourceID: Prod, Compliance: config.Compliant},
		{Rule: "iam-root-access-key-check", ResourceType: account, ResourceID: Prod, Compliance: config.Compliant},
		{Rule: "guardduty-enabled-centralized", ResourceType: account, ResourceID: Prod, Compliance: config.Compliant},
		{Rule: "securityhub-enabled", ResourceType: account, ResourceID: Prod, Compliance: config.NonCompliant, Annotation: "Security Hub is not enabled"},
	} {
		f.AddEvaluation(ev)
	}
	for _, r := range []config.Resource{
		{Type: nb, ID: "fraud-dev", Name: "fraud-dev", ARN: sagemakerARN(Prod, use1, "notebook-instance", "fraud-dev"), Tags: map[string]string{"team": "fraud", "DataClassification": "confidential"},
			Configuration: notebookConfig("Enabled", "Disabled", "", "subnet-0a1b2c3d", "notebook-al2023-v1")},
		{Type: nb, ID: "fraud-prod", Name: "fraud-prod", ARN: sagemakerARN(Prod, use1, "notebook-instance", "fraud-prod"),
			Configuration: notebookConfig("Disabled", "Disabled", "arn:aws:kms:us-east-1:111111111111:key/1f2e3d4c", "subnet-0a1b2c3d", "notebook-al2023-v1")},
		{Type: model, ID: "fraud-v3", Name: "fraud-v3", ARN: sagemakerARN(Prod, use1, "model", "fraud-v3"), Configuration: modelConfig(true, true, fraudImage)},
		{Type: model, ID: "churn-v2", Name: "churn-v2", ARN: sagemakerARN(Prod, use1, "model", "churn-v2"), Configuration: modelConfig(false, true, churnImage)},
		{Type: ec, ID: "fraud-ec", Name: "fraud-ec", ARN: sagemakerARN(Prod, use1, "endpoint-config", "fraud-ec"),
			Configuration: json.RawMessage(`{"KmsKeyId":"arn:aws:kms:us-east-1:111111111111:key/1f2e3d4c","ProductionVariants":[{"VariantName":"AllTraffic","ModelName":"fraud-v3","InitialInstanceCount":2}],"DataCaptureConfig":{"EnableCapture":true}}`)},
		{Type: config.TypeDomain, ID: "d-prod", Name: "ml-prod-studio", ARN: sagemakerARN(Prod, use1, "domain", "d-prod"), Configuration: json.RawMessage(`{"AppNetworkAccessType":"VpcOnly","AuthMode":"SSO"}`)},
		{Type: bucket, ID: "acme-training-data", Name: "acme-training-data", ARN: "arn:aws:s3:::acme-training-data"},
		{Type: bucket, ID: "acme-model-artifacts", Name: "acme-model-artifacts", ARN: "arn:aws:s3:::acme-model-artifacts"},
		{Type: nb, ID: "eu-analytics", Name: "eu-analytics", Region: euw1, ARN: sagemakerARN(Prod, euw1, "notebook-instance", "eu-analytics"),
			Configuration: notebookConfig("Disabled", "Enabled", "", "subnet-0e1f2a3b", "notebook-al2-v2")},
		{Type: model, ID: "eu-sentiment", Name: "eu-sentiment", Region: euw1, ARN: sagemakerARN(Prod, euw1, "model", "eu-sentiment"), Configuration: modelConfig(true, true, euImage)},
	} {
		f.AddResource(r)
	}
	return f
}

func digestOf(uri string) string { return uri[strings.LastIndex(uri, "@")+1:] }

func inspectorProd() *inspectortest.Fake {
	f := inspectortest.New(inspectortest.WithAccount(Prod), inspectortest.WithRegion(use1))
	f.SetClock(func() time.Time { return Now })
	for _, r := range Regions {
		s := inspectortest.Enabled(Prod, inspector.ScanECR, inspector.ScanLambda)
		s.Region = r
		f.SetAccountStatus(s)
	}
	scanned := Now.Add(-6 * time.Hour)
	for _, c := range []inspector.CoveredResource{
		{Type: inspector.ResourceECRRepository, ResourceID: "arn:aws:ecr:us-east-1:111111111111:repository/fraud-serving", Repository: "fraud-serving", ScanFrequency: "CONTINUOUS_SCAN", LastScannedAt: scanned},
		{Type: inspector.ResourceECRRepository, ResourceID: "arn:aws:ecr:us-east-1:111111111111:repository/churn-serving", Repository: "churn-serving", ScanFrequency: "CONTINUOUS_SCAN", LastScannedAt: scanned},
		{Type: inspector.ResourceECRRepository, ResourceID: "arn:aws:ecr:us-east-1:111111111111:repository/legacy-models", Repository: "legacy-models", ScanFrequency: "MANUAL",
			Status: inspector.CoverageInactive, Reason: inspector.ReasonScanFrequencyManual},
		{Type: inspector.ResourceLambdaFunction, ResourceID: "arn:aws:lambda:us-east-1:111111111111:function:feature-pipeline", LambdaFunction: "feature-pipeline", LambdaRuntime: "python3.12", LastScannedAt: scanned},
		{Type: inspector.ResourceECRImage, Repository: "fraud-serving", ImageDigest: digestOf(fraudImage), ImageTags: []string{"3.0"}, LastScannedAt: scanned},
		{Type: inspector.ResourceECRImage, Repository: "churn-serving", ImageDigest: "sha256:4c2d0e9b8a7f6e5d4c3b2a190817263544536271809a8b7c6d5e4f3a2b1c0d9e", ImageTags: []string{"2.0"}, LastScannedAt: scanned},
		{Type: inspector.ResourceECRRepository, Region: euw1, ResourceID: "arn:aws:ecr:eu-west-1:111111111111:repository/sentiment", Repository: "sentiment", ScanFrequency: "CONTINUOUS_SCAN", LastScannedAt: scanned},
		{Type: inspector.ResourceECRImage, Region: euw1, Repository: "sentiment", ImageDigest: "sha256:7e6d5c4b3a29180716253443526170819a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d", ImageTags: []string{"2.1"}, LastScannedAt: scanned},
	} {
		f.AddCoverage(c)
	}
	f.AddFinding(inspectortest.ImageFinding(fraudImage, "CVE-2025-32434", inspector.SeverityCritical, "torch", "2.5.1", "2.6.0"))
	f.AddFinding(inspectortest.LambdaFinding("feature-pipeline", "CVE-2024-11392", inspector.SeverityHigh, "transformers", "4.38.0", "4.48.0"))
	return f
}

func auditManagerProd() *auditmanagertest.Fake {
	f := auditmanagertest.New(auditmanagertest.WithAccount(Prod), auditmanagertest.WithRegion(use1), auditmanagertest.WithStandardFrameworks())
	f.SetClock(func() time.Time { return Now })
	a := f.AddAssessment(auditmanagertest.GenerativeAIAssessment("GenAI platform governance"))
	set := a.ControlSets[0]
	f.AddEvidence(a.ID, set.ID, set.Controls[0].ID,
		auditmanagertest.FailedCheck("sagemaker-notebook-no-direct-internet-access", sagemakerARN(Prod, use1, "notebook-instance", "fraud-dev")),
		auditmanagertest.PassedCheck("sagemaker-notebook-no-direct-internet-access", sagemakerARN(Prod, use1, "notebook-instance", "fraud-prod")))
	return f
}

// artifactFake seeds AWS's catalogue, current but for a stale ISO/IEC
// 42001 certificate, and the account's BAA in the given state.
func artifactFake(account string, baa artifact.AgreementState) *artifacttest.Fake {
	f := artifacttest.New(artifacttest.WithAccount(account))
	f.SetClock(func() time.Time { return Now })
	reports := artifacttest.Catalog(Now.AddDate(0, -3, 0))
	for i := range reports {
		if strings.Contains(reports[i].Name, "42001") {
			reports[i].PeriodEnd = Now.AddDate(-1, -5, 0)
		}
	}
	f.AddReports(reports...)
	f.AddAgreement(artifacttest.BAA(baa))
	return f
}

func (e *Estate) cloudTrailProd() *cloudtrailtest.Fake {
	f := cloudtrailtest.New(cloudtrailtest.WithAccount(Prod), cloudtrailtest.WithRegion(use1))
	f.SetClock(e.clock.Now)
	f.AddTrail(cloudtrail.Trail{
		Name: "org-trail", HomeRegion: use1, MultiRegion: true, GlobalServiceEvents: true, Logging: true,
		LogFileValidation: true, KMSKeyID: "arn:aws:kms:us-east-1:111111111111:key/5a6b7c8d",
		CloudWatchLogsGroupARN: "arn:aws:logs:us-east-1:111111111111:log-group:aws-cloudtrail:*", S3Bucket: "acme-cloudtrail-logs",
		ManagementEvents:   cloudtrail.ManagementEvents{Read: true, Write: true},
		DataEventSelectors: []cloudtrail.DataEventSelector{cloudtrailtest.S3DataEvents("acme-training-data/")},
	})
	day := Now.Add(-48 * time.Hour)
	for i, ev := range []event{
		{at: day.Add(13 * time.Hour), source: "cloudtrail.amazonaws.com", name: "StopLogging", region: use1, account: Prod, role: "ml-ops-admin", session: "jdoe", ip: "203.0.113.45",
			params: map[string]any{"name": "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail"}},
		{at: day.Add(13*time.Hour + 9*time.Minute), source: "cloudtrail.amazonaws.com", name: "StartLogging", region: use1, account: Prod, role: "ml-ops-admin", session: "jdoe", ip: "203.0.113.45",
			params: map[string]any{"name": "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail"}},
		{at: day.Add(15 * time.Hour), source: "sagemaker.amazonaws.com", name: "CreateEndpoint", region: use1, account: Prod, role: "ml-pipeline", session: "release-42", ip: "10.0.12.7",
			params: map[string]any{"endpointName": "fraud-prod", "endpointConfigName": "fraud-ec"}},
		{at: day.Add(16 * time.Hour), source: "iam.amazonaws.com", name: "AttachRolePolicy", region: use1, account: Prod, role: "ml-ops-admin", session: "jdoe", ip: "203.0.113.45",
			params: map[string]any{"roleName": "ml-serving", "policyArn": "arn:aws:iam::aws:policy/AmazonS3FullAccess"}},
		{at: day.Add(17 * time.Hour), source: "sagemaker.amazonaws.com", name: "ListTrainingJobs", region: use1, account: Prod, role: "ml-pipeline", session: "release-42", ip: "10.0.12.7", readOnly: true},
	} {
		f.AddEvents(ev.json(i + 1))
	}
	return f
}

func trustedAdvisorProd() *advisortest.TrustedAdvisor {
	f := advisortest.NewTrustedAdvisor(advisortest.WithAccount(Prod))
	f.SetClock(func() time.Time { return Now })
	for _, r := range advisortest.PassingAIDataChecks() {
		switch r.CheckID {
		case advisortest.OpenBucketCheck().CheckID:
			r = advisortest.OpenBucketCheck("acme-demo-website")
		case advisortest.OpenSecurityGroupCheck().CheckID:
			r = advisortest.OpenSecurityGroupCheck("sg-0f1e2d3c4b5a69788")
		}
		r.LastUpdated = Now.Add(-2 * time.Hour)
		f.AddRecommendation(r)
	}
	return f
}

func (e *Estate) prod() *Fakes {
	return &Fakes{
		Config:         configProd(),
		Inspector:      inspectorProd(),
		AuditManager:   auditManagerProd(),
		Artifact:       artifactFake(Prod, artifact.AgreementStateCustomerTerminated),
		CloudTrail:     e.cloudTrailProd(),
		TrustedAdvisor: trustedAdvisorProd(),
		Support:        advisortest.NewSupport(advisortest.WithAccount(Prod)),
	}
}
