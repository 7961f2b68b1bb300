package config

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"sort"
	"strings"
	"time"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
)

// AIResourceTypes are the SageMaker, Bedrock and Bedrock AgentCore resource
// types that AWS Config records: what Resources lists when given no types.
var AIResourceTypes = []string{
	"AWS::Bedrock::ApplicationInferenceProfile",
	"AWS::Bedrock::DataSource",
	"AWS::Bedrock::Guardrail",
	"AWS::Bedrock::KnowledgeBase",
	"AWS::Bedrock::Prompt",
	"AWS::BedrockAgentCore::BrowserCustom",
	"AWS::BedrockAgentCore::CodeInterpreterCustom",
	"AWS::BedrockAgentCore::Gateway",
	"AWS::BedrockAgentCore::Memory",
	"AWS::BedrockAgentCore::Runtime",
	"AWS::SageMaker::AppImageConfig",
	"AWS::SageMaker::CodeRepository",
	"AWS::SageMaker::DataQualityJobDefinition",
	"AWS::SageMaker::Domain",
	"AWS::SageMaker::EndpointConfig",
	"AWS::SageMaker::FeatureGroup",
	"AWS::SageMaker::Image",
	"AWS::SageMaker::InferenceExperiment",
	"AWS::SageMaker::Model",
	"AWS::SageMaker::ModelBiasJobDefinition",
	"AWS::SageMaker::ModelExplainabilityJobDefinition",
	"AWS::SageMaker::ModelQualityJobDefinition",
	"AWS::SageMaker::MonitoringSchedule",
	"AWS::SageMaker::NotebookInstance",
	"AWS::SageMaker::NotebookInstanceLifecycleConfig",
	"AWS::SageMaker::Workteam",
}

// Resource types with typed details on Resource.
const (
	TypeNotebookInstance = "AWS::SageMaker::NotebookInstance"
	TypeEndpointConfig   = "AWS::SageMaker::EndpointConfig"
	TypeModel            = "AWS::SageMaker::Model"
	TypeDomain           = "AWS::SageMaker::Domain"
)

// Resource is a resource as AWS Config last recorded it.
type Resource struct {
	Type    string `json:"type"`
	ID      string `json:"id"`
	Name    string `json:"name,omitempty"`
	ARN     string `json:"arn,omitempty"`
	Account string `json:"account"`
	Region  string `json:"region"`
	// Tags are the resource's tags.
	Tags map[string]string `json:"tags,omitempty"`
	// CapturedAt is when AWS Config recorded this configuration.
	CapturedAt time.Time `json:"capturedAt,omitzero"`
	// Configuration is the configuration item's configuration, as AWS
	// Config recorded it.
	Configuration json.RawMessage `json:"configuration,omitempty"`

	// The fields controls need, decoded from Configuration for the types
	// that have them; at most one is set.
	Notebook       *NotebookInstance `json:"notebook,omitempty"`
	EndpointConfig *EndpointConfig   `json:"endpointConfig,omitempty"`
	Model          *Model            `json:"model,omitempty"`
	Domain         *Domain           `json:"domain,omitempty"`
	// DecodeError says why Configuration could not be decoded into the
	// typed field of its type; the typed field is then nil and controls
	// that need it cannot tell.
	DecodeError string `json:"decodeError,omitempty"`
}

// NotebookInstance holds what controls need of a SageMaker notebook instance.
type NotebookInstance struct {
	// DirectInternetAccess is "Enabled" or "Disabled".
	DirectInternetAccess string `json:"directInternetAccess,omitempty"`
	// RootAccess is "Enabled" or "Disabled".
	RootAccess string `json:"rootAccess,omitempty"`
	// KMSKeyID is the key encrypting the storage volume; empty for an AWS
	// owned key.
	KMSKeyID string `json:"kmsKeyId,omitempty"`
	// SubnetID is set when the instance runs in a VPC.
	SubnetID           string `json:"subnetId,omitempty"`
	PlatformIdentifier string `json:"platformIdentifier,omitempty"`
}

// EndpointConfig holds what controls need of a SageMaker endpoint config.
type EndpointConfig struct {
	// KMSKeyID encrypts the ML storage volumes of the endpoint's instances.
	KMSKeyID string              `json:"kmsKeyId,omitempty"`
	Variants []ProductionVariant `json:"variants,omitempty"`
	// DataCapture is whether the endpoint captures requests and responses.
	DataCapture bool `json:"dataCapture"`
}

// ProductionVariant is one model served by an endpoint config.
type ProductionVariant struct {
	Name                 string `json:"name,omitempty"`
	Model                string `json:"model,omitempty"`
	InitialInstanceCount int    `json:"initialInstanceCount,omitempty"`
}

// Model holds what controls need of a SageMaker model.
type Model struct {
	// NetworkIsolation blocks the model's containers from making network
	// calls.
	NetworkIsolation bool `json:"networkIsolation"`
	// InVPC is whether the model runs in a VPC.
	InVPC bool `json:"inVpc"`
	// Images are the container image URIs the model serves, primary
	// container first: how a model is joined with Inspector findings.
	Images           []string `json:"images,omitempty"`
	ExecutionRoleARN string   `json:"executionRoleArn,omitempty"`
}

// Domain holds what controls need of a SageMaker domain.
type Domain struct {
	// AppNetworkAccessType is "PublicInternetOnly" or "VpcOnly".
	AppNetworkAccessType string `json:"appNetworkAccessType,omitempty"`
	KMSKeyID             string `json:"kmsKeyId,omitempty"`
	AuthMode             string `json:"authMode,omitempty"`
}

// resourceFields are the fields the inventory query selects; the fake of
// package configtest answers exactly this projection.
const resourceFields = "resourceId, resourceName, resourceType, arn, accountId, awsRegion, tags, configuration, configurationItemCaptureTime"

// ResourceQuery is the advanced query expression Resources sends for the
// given resource types.
func ResourceQuery(resourceTypes ...string) string {
	quoted := make([]string, len(resourceTypes))
	for i, t := range resourceTypes {
		quoted[i] = "'" + strings.ReplaceAll(t, "'", "") + "'"
	}
	return "SELECT " + resourceFields + " WHERE resourceType IN (" + strings.Join(quoted, ", ") + ")"
}

// Resources lists the resources of the given types that AWS Config records
// (AIResourceTypes when none are given) through an advanced query, in the
// Client's account and region or, in aggregator mode, across the
// organisation.
//
// IAM: config:SelectResourceConfig, or config:SelectAggregateResourceConfig in
// aggregator mode.
func (c *Client) Resources(ctx context.Context, resourceTypes ...string) iter.Seq2[Resource, error] {
	if len(resourceTypes) == 0 {
		resourceTypes = AIResourceTypes
	}
	expr := ResourceQuery(resourceTypes...)
	op := "SelectResourceConfig"
	if c.aggregator != "" {
		op = "SelectAggregateResourceConfig"
	}
	row := 0
	return clientkit.Pages(ctx, &c.base, op, func(ctx context.Context, token *string) ([]Resource, *string, error) {
		if token == nil {
			row = 0
		}
		var results []string
		var next *string
		if c.aggregator != "" {
			out, err := c.api.SelectAggregateResourceConfig(ctx, &configservice.SelectAggregateResourceConfigInput{
				ConfigurationAggregatorName: aws.String(c.aggregator),
				Expression:                  aws.String(expr),
				Limit:                       c.pageSize,
				NextToken:                   token,
			}, c.optFns()...)
			if err != nil {
				return nil, nil, err
			}
			results, next = out.Results, out.NextToken
		} else {
			out, err := c.api.SelectResourceConfig(ctx, &configservice.SelectResourceConfigInput{
				Expression: aws.String(expr),
				Limit:      c.pageSize,
				NextToken:  token,
			}, c.optFns()...)
			if err != nil {
				return nil, nil, err
			}
			results, next = out.Results, out.NextToken
		}
		res := make([]Resource, 0, len(results))
		for _, raw := range results {
			r, err := parseResource([]byte(raw))
			if err != nil {
				return res, nil, fmt.Errorf("result row %d: %w", row, err)
			}
			if r.Account == "" {
				r.Account = c.base.Account
			}
			if r.Region == "" {
				r.Region = c.base.Region
			}
			res = append(res, r)
			row++
		}
		return res, next, nil
	})
}

// resourceRow is a result row of the inventory query.
type resourceRow struct {
	ResourceID    string          `json:"resourceId"`
	ResourceName  string          `json:"resourceName"`
	ResourceType  string          `json:"resourceType"`
	ARN           string          `json:"arn"`
	AccountID     string          `json:"accountId"`
	AWSRegion     string          `json:"awsRegion"`
	Tags          []tag           `json:"tags"`
	Configuration json.RawMessage `json:"configuration"`
	CaptureTime   string          `json:"configurationItemCaptureTime"`
}

type tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

func parseResource(raw []byte) (Resource, error) {
	var row resourceRow
	if err := json.Unmarshal(raw, &row); err != nil {
		return Resource{}, fmt.Errorf("not a resource: %w", err)
	}
	if row.ResourceType == "" || row.ResourceID == "" {
		return Resource{}, fmt.Errorf("not a resource: no resourceType or resourceId in %.80q", raw)
	}
	r := Resource{
		Type:    row.ResourceType,
		ID:      row.ResourceID,
		Name:    row.ResourceName,
		ARN:     row.ARN,
		Account: row.AccountID,
		Region:  row.AWSRegion,
	}
	if len(row.Tags) > 0 {
		r.Tags = make(map[string]string, len(row.Tags))
		for _, t := range row.Tags {
			r.Tags[t.Key] = t.Value
		}
	}
	if row.CaptureTime != "" {
		t, err := time.Parse(time.RFC3339Nano, row.CaptureTime)
		if err != nil {
			return Resource{}, fmt.Errorf("resource %s %s: configurationItemCaptureTime %q: %w", r.Type, r.ID, row.CaptureTime, err)
		}
		r.CapturedAt = t.UTC()
	}
	if c := bytes.TrimSpace(row.Configuration); len(c) > 0 && !bytes.Equal(c, []byte("null")) {
		r.Configuration = c
	}
	if err := r.decodeDetails(); err != nil {
		r.DecodeError = err.Error()
	}
	return r, nil
}

// decodeDetails fills the typed field of r's type from its configuration.
func (r *Resource) decodeDetails() error {
	if len(r.Configuration) == 0 {
		switch r.Type {
		case TypeNotebookInstance, TypeEndpointConfig, TypeModel, TypeDomain:
			return fmt.Errorf("AWS Config recorded no configuration for %s %s", r.Type, r.ID)
		}
		return nil
	}
	// encoding/json matches field names without regard to case, which
	// covers both the API's PascalCase and the camelCase of some recorded
	// types.
	switch r.Type {
	case TypeNotebookInstance:
		var v struct {
			DirectInternetAccess, RootAccess, KmsKeyId, SubnetId, PlatformIdentifier string
		}
		if err := json.Unmarshal(r.Configuration, &v); err != nil {
			return fmt.Errorf("%s %s: configuration: %w", r.Type, r.ID, err)
		}
		r.Notebook = &NotebookInstance{DirectInternetAccess: v.DirectInternetAccess, RootAccess: v.RootAccess, KMSKeyID: v.KmsKeyId, SubnetID: v.SubnetId, PlatformIdentifier: v.PlatformIdentifier}
	case TypeEndpointConfig:
		var v struct {
			KmsKeyId           string
			ProductionVariants []struct {
				VariantName, ModelName string
				InitialInstanceCount   int
			}
			DataCaptureConfig *struct{ EnableCapture *bool }
		}
		if err := json.Unmarshal(r.Configuration, &v); err != nil {
			return fmt.Errorf("%s %s: configuration: %w", r.Type, r.ID, err)
		}
		ec := &EndpointConfig{KMSKeyID: v.KmsKeyId}
		for _, pv := range v.ProductionVariants {
			ec.Variants = append(ec.Variants, ProductionVariant{Name: pv.VariantName, Model: pv.ModelName, InitialInstanceCount: pv.InitialInstanceCount})
		}
		// A data capture config without EnableCapture captures: the
		// field defaults to true.
		ec.DataCapture = v.DataCaptureConfig != nil && (v.DataCaptureConfig.EnableCapture == nil || *v.DataCaptureConfig.EnableCapture)
		r.EndpointConfig = ec
	case TypeModel:
		type container struct{ Image string }
		var v struct {
			EnableNetworkIsolation bool
			ExecutionRoleArn       string
			VpcConfig              *struct{ Subnets []string }
			PrimaryContainer       *container
			Containers             []container
		}
		if err := json.Unmarshal(r.Configuration, &v); err != nil {
			return fmt.Errorf("%s %s: configuration: %w", r.Type, r.ID, err)
		}
		m := &Model{NetworkIsolation: v.EnableNetworkIsolation, ExecutionRoleARN: v.ExecutionRoleArn, InVPC: v.VpcConfig != nil && len(v.VpcConfig.Subnets) > 0}
		if v.PrimaryContainer != nil && v.PrimaryContainer.Image != "" {
			m.Images = append(m.Images, v.PrimaryContainer.Image)
		}
		for _, ct := range v.Containers {
			if ct.Image != "" {
				m.Images = append(m.Images, ct.Image)
			}
		}
		r.Model = m
	case TypeDomain:
		var v struct {
			AppNetworkAccessType, KmsKeyId, AuthMode string
		}
		if err := json.Unmarshal(r.Configuration, &v); err != nil {
			return fmt.Errorf("%s %s: configuration: %w", r.Type, r.ID, err)
		}
		r.Domain = &Domain{AppNetworkAccessType: v.AppNetworkAccessType, KMSKeyID: v.KmsKeyId, AuthMode: v.AuthMode}
	}
	return nil
}

// SortResources sorts resources by account, region, type and id: the order
// reports use.
func SortResources(rs []Resource) {
	sort.Slice(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if a.Account != b.Account {
			return a.Account < b.Account
		}
		if a.Region != b.Region {
			return a.Region < b.Region
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return a.ID < b.ID
	})
}
