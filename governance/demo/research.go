package demo

import (
	"time"

	"github.com/aigov/aigov/advisor/advisortest"
	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/auditmanager/auditmanagertest"
	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/cloudtrail/cloudtrailtest"
	"github.com/aigov/aigov/config"
	"github.com/aigov/aigov/config/configtest"
	"github.com/aigov/aigov/inspector"
	"github.com/aigov/aigov/inspector/inspectortest"
)

// configResearch: us-east-1 records, with the internet-access and root
// rules; eu-west-1 has no recorder at all.
func configResearch() *configtest.Fake {
	f := configtest.New(configtest.WithAccount(Research), configtest.WithRegion(use1))
	f.SetClock(func() time.Time { return Now })
	f.SetRecorders(use1, configtest.Recording("default"))
	f.AddRule(config.Rule{Name: "sagemaker-notebook-no-direct-internet-access", SourceIdentifier: "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS"})
	f.AddRule(config.Rule{Name: "root-account-mfa-enabled", SourceIdentifier: "ROOT_ACCOUNT_MFA_ENABLED"})
	f.AddRule(config.Rule{Name: "access-keys-rotated", SourceIdentifier: "ACCESS_KEYS_ROTATED"})
	f.AddEvaluation(config.Evaluation{Rule: "sagemaker-notebook-no-direct-internet-access", ResourceType: config.TypeNotebookInstance, ResourceID: "research-llm", Compliance: config.NonCompliant, Annotation: "DirectInternetAccess is Enabled"})
	f.AddEvaluation(config.Evaluation{Rule: "root-account-mfa-enabled", ResourceType: "AWS::::Account", ResourceID: Research, Compliance: config.Compliant})
	f.AddEvaluation(config.Evaluation{Rule: "access-keys-rotated", ResourceType: "AWS::IAM::User", ResourceID: "AIDAEXAMPLERESEARCHER", Compliance: config.NonCompliant, Annotation: "Access key older than 90 days"})
	f.AddResource(config.Resource{Type: config.TypeNotebookInstance, ID: "research-llm", Name: "research-llm", ARN: sagemakerARN(Research, use1, "notebook-instance", "research-llm"),
		Configuration: notebookConfig("Enabled", "Enabled", "", "subnet-0c1d2e3f", "notebook-al2023-v1")})
	return f
}

func inspectorResearch() *inspectortest.Fake {
	f := inspectortest.New(inspectortest.WithAccount(Research), inspectortest.WithRegion(use1))
	f.SetClock(func() time.Time { return Now })
	for _, r := range Regions {
		s := inspectortest.Enabled(Research, inspector.ScanECR)
		s.Region = r
		f.SetAccountStatus(s)
	}
	return f
}

func (e *Estate) cloudTrailResearch() *cloudtrailtest.Fake {
	f := cloudtrailtest.New(cloudtrailtest.WithAccount(Research), cloudtrailtest.WithRegion(use1))
	f.SetClock(e.clock.Now)
	f.AddTrail(cloudtrail.Trail{Name: "research-trail", HomeRegion: use1, Logging: true, GlobalServiceEvents: true, S3Bucket: "research-cloudtrail",
		ManagementEvents: cloudtrail.ManagementEvents{Read: true, Write: true}})
	day := Now.Add(-30 * time.Hour)
	var evs []event
	for i, name := range []string{"ListTrainingJobs", "DescribeNotebookInstance", "ListModels"} {
		evs = append(evs, event{at: day.Add(time.Duration(i) * time.Minute), source: "sagemaker.amazonaws.com", name: name, region: use1, account: Research,
			userARN: "arn:aws:iam::999999999999:user/contractor-x", ip: "198.51.100.23", readOnly: true, errorCode: "AccessDenied",
			errorMsg: "User: arn:aws:iam::999999999999:user/contractor-x is not authorized to perform: sagemaker:" + name})
	}
	evs = append(evs, event{at: day.Add(2 * time.Hour), source: "bedrock.amazonaws.com", name: "PutFoundationModelEntitlement", region: use1, account: Research,
		role: "research-admin", session: "night-job", ip: "198.51.100.99", params: map[string]any{"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"}})
	for i, ev := range evs {
		f.AddEvents(ev.json(100 + i))
	}
	return f
}

func (e *Estate) research() *Fakes {
	am := auditmanagertest.New(auditmanagertest.WithAccount(Research), auditmanagertest.WithRegion(use1), auditmanagertest.NotRegistered())
	am.SetClock(func() time.Time { return Now })
	ta := advisortest.NewTrustedAdvisor(advisortest.WithAccount(Research), advisortest.WithoutSubscription())
	sup := advisortest.NewSupport(advisortest.WithAccount(Research), advisortest.WithoutSubscription())
	return &Fakes{
		Config:         configResearch(),
		Inspector:      inspectorResearch(),
		AuditManager:   am,
		Artifact:       artifactFake(Research, artifact.AgreementStateActive),
		CloudTrail:     e.cloudTrailResearch(),
		TrustedAdvisor: ta,
		Support:        sup,
	}
}
