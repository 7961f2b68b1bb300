package advisor_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov"
	"github.com/aigov/aigov/advisor"
	"github.com/aigov/aigov/advisor/advisortest"
	"github.com/aigov/aigov/internal/wiretest"
	"github.com/aws/aws-sdk-go-v2/service/support"
	supporttypes "github.com/aws/aws-sdk-go-v2/service/support/types"
	"github.com/aws/aws-sdk-go-v2/service/trustedadvisor"
	tatypes "github.com/aws/aws-sdk-go-v2/service/trustedadvisor/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

// These tests run the real SDK clients against canned AWS responses, to
// check that the wire shapes package advisor relies on decode (positional
// metadata, null entries, string timestamps, the ARN in the path) and that
// the errors the fakes build look like the ones the real clients return.

func wireClients(t *testing.T) (*wiretest.Server, *trustedadvisor.Client, *support.Client) {
	srv := wiretest.New(t)
	return srv, trustedadvisor.NewFromConfig(srv.Config()), support.NewFromConfig(srv.Config())
}

const (
	wireRecARN  = "arn:aws:trustedadvisor::123456789012:recommendation/55fa4d2e-bbb7-491a-833b-5773e9589578"
	wireUpdated = "2026-10-01T08:00:00Z"
)

var wireColumns = []string{"Region Name", "Region API Parameter", "Bucket Name", "ACL Allows List", "ACL Allows Upload/Delete", "Status", "Policy Allows Access", "Ignored Bucket Name"}

// The bucket both APIs flag in these tests: its ACL column is null in the
// Support API's row and absent from the TrustedAdvisor API's map, and the
// last column is left out.
var wireBucket = map[string]string{
	"Region Name": "us-east-1", "Region API Parameter": "us-east-1", "Bucket Name": "training-data",
	"ACL Allows Upload/Delete": "No", "Status": "Yellow", "Policy Allows Access": "Yes",
}

func TestWireTrustedAdvisorAPI(t *testing.T) {
	srv, ta, _ := wireClients(t)
	srv.Answer("GET /v1/checks", wiretest.JSON(`{"checkSummaries":[{"arn":"arn:aws:trustedadvisor:::check/Pfx0RwqBli","awsServices":["S3"],
		"description":"Checks buckets in Amazon S3 that have open access permissions","id":"Pfx0RwqBli",
		"metadata":{"0":"Region Name","1":"Region API Parameter","2":"Bucket Name","3":"ACL Allows List","4":"ACL Allows Upload/Delete","5":"Status","6":"Policy Allows Access","7":"Ignored Bucket Name"},
		"name":"Amazon S3 Bucket Permissions","pillars":["security"],"source":"ta_check"}]}`))
	srv.Answer("GET /v1/recommendations", wiretest.JSON(`{"recommendationSummaries":[{"arn":"`+wireRecARN+`",
		"checkArn":"arn:aws:trustedadvisor:::check/Pfx0RwqBli","id":"55fa4d2e-bbb7-491a-833b-5773e9589578","name":"Amazon S3 Bucket Permissions",
		"pillars":["security"],"resourcesAggregates":{"errorCount":0,"okCount":3,"warningCount":1},"source":"ta_check","status":"warning",
		"type":"standard","lastUpdatedAt":"`+wireUpdated+`","awsServices":["S3"]}]}`))
	// The SDK puts the ARN in the path as it is; the server sees it decoded.
	srv.Answer("GET /v1/recommendations/"+wireRecARN+"/resources", wiretest.JSON(`{"recommendationResourceSummaries":[{
		"arn":"arn:aws:trustedadvisor::123456789012:recommendation-resource/55fa4d2e-bbb7-491a-833b-5773e9589578/18959a1f",
		"id":"18959a1f","awsResourceId":"training-data","lastUpdatedAt":"`+wireUpdated+`",
		"metadata":{"0":"us-east-1","1":"us-east-1","2":"training-data","4":"No","5":"Yellow","6":"Yes"},
		"recommendationArn":"`+wireRecARN+`","regionCode":"us-east-1","status":"warning","exclusionStatus":"included"}]}`))
	recs, src, err := advisor.New(ta, nil).Recommendations(context.Background(), advisor.CheckIDs(advisor.CheckS3BucketPermissions))
	if err != nil {
		t.Fatal(err)
	}
	updated, _ := time.Parse(time.RFC3339, wireUpdated)
	want := []advisor.Recommendation{{
		CheckID: "Pfx0RwqBli", Name: "Amazon S3 Bucket Permissions", Category: advisor.Security, Pillars: []advisor.Pillar{advisor.Security},
		Status: advisor.StatusWarning, ResourcesFlagged: 1, ResourcesProcessed: 4,
		Resources: []advisor.FlaggedResource{{
			ID: "18959a1f", AWSResourceID: "training-data", ARN: "arn:aws:trustedadvisor::123456789012:recommendation-resource/55fa4d2e-bbb7-491a-833b-5773e9589578/18959a1f",
			Region: "us-east-1", Status: advisor.StatusWarning, Metadata: wireBucket, Account: "123456789012", LastUpdated: updated,
		}},
		Columns:     wireColumns,
		LastUpdated: updated, ARN: wireRecARN, Type: "standard", Origin: "ta_check", Account: "123456789012",
	}}
	if d := cmp.Diff(want, recs); d != "" {
		t.Errorf("recommendations (-want +got):\n%s", d)
	}
	if src.API != advisor.SourceTrustedAdvisorAPI {
		t.Errorf("source = %+v", src)
	}
}

func TestWireSupportAPI(t *testing.T) {
	srv, _, sup := wireClients(t)
	srv.Answer("DescribeTrustedAdvisorChecks", wiretest.JSON(`{"checks":[{"id":"Pfx0RwqBli","name":"Amazon S3 Bucket Permissions",
		"description":"Checks buckets in Amazon S3 that have open access permissions","category":"security",
		"metadata":["Region Name","Region API Parameter","Bucket Name","ACL Allows List","ACL Allows Upload/Delete","Status","Policy Allows Access","Ignored Bucket Name"]}]}`))
	srv.Answer("DescribeTrustedAdvisorCheckSummaries", wiretest.JSON(`{"summaries":[{"checkId":"Pfx0RwqBli","timestamp":"`+wireUpdated+`",
		"status":"warning","hasFlaggedResources":true,"categorySpecificSummary":{},
		"resourcesSummary":{"resourcesProcessed":4,"resourcesFlagged":1,"resourcesIgnored":0,"resourcesSuppressed":0}}]}`))
	srv.Answer("DescribeTrustedAdvisorCheckResult", wiretest.JSON(`{"result":{"checkId":"Pfx0RwqBli","timestamp":"`+wireUpdated+`",
		"status":"warning","categorySpecificSummary":{},
		"resourcesSummary":{"resourcesProcessed":4,"resourcesFlagged":1,"resourcesIgnored":0,"resourcesSuppressed":0},
		"flaggedResources":[{"status":"warning","region":"us-east-1","resourceId":"Hs4Ma3G1","isSuppressed":false,
			"metadata":["us-east-1","us-east-1","training-data",null,"No","Yellow","Yes"]}]}}`))
	recs, src, err := advisor.New(nil, sup, advisor.WithAccount("123456789012")).Recommendations(context.Background(), advisor.CheckIDs(advisor.CheckS3BucketPermissions))
	if err != nil {
		t.Fatal(err)
	}
	updated, _ := time.Parse(time.RFC3339, wireUpdated)
	want := []advisor.Recommendation{{
		CheckID: "Pfx0RwqBli", Name: "Amazon S3 Bucket Permissions", Category: advisor.Security, Pillars: []advisor.Pillar{advisor.Security},
		Status: advisor.StatusWarning, ResourcesFlagged: 1, ResourcesProcessed: 4,
		Resources: []advisor.FlaggedResource{{
			ID: "Hs4Ma3G1", Region: "us-east-1", Status: advisor.StatusWarning, Metadata: wireBucket, Account: "123456789012",
		}},
		Columns:     wireColumns,
		LastUpdated: updated, Account: "123456789012",
	}}
	if d := cmp.Diff(want, recs); d != "" {
		t.Errorf("recommendations (-want +got):\n%s", d)
	}
	if src.API != advisor.SourceSupportAPI {
		t.Errorf("source = %+v", src)
	}
	reqs := srv.Requests()
	if len(reqs) != 3 || reqs[0].Body != `{"language":"en"}` || reqs[1].Body != `{"checkIds":["Pfx0RwqBli"]}` || reqs[2].Body != `{"checkId":"Pfx0RwqBli","language":"en"}` {
		t.Errorf("requests = %+v", reqs)
	}
}

func TestWireRefresh(t *testing.T) {
	srv, _, sup := wireClients(t)
	srv.Answer("DescribeTrustedAdvisorCheckRefreshStatuses", wiretest.JSON(`{"statuses":[{"checkId":"zXCkfM1nI3","status":"success","millisUntilNextRefreshable":0}]}`))
	srv.Answer("RefreshTrustedAdvisorCheck", wiretest.JSON(`{"status":{"checkId":"zXCkfM1nI3","status":"enqueued","millisUntilNextRefreshable":300000}}`))
	st, err := advisor.New(nil, sup, advisor.WithClock(clock)).RefreshCheck(context.Background(), advisor.CheckIAMUse)
	want := advisor.RefreshStatus{CheckID: "zXCkfM1nI3", State: advisor.RefreshEnqueued, MillisUntilRefreshable: 300000, RefreshableAt: t0.Add(5 * time.Minute)}
	if err != nil || st != want {
		t.Errorf("RefreshCheck = %+v, %v", st, err)
	}
}

func TestWireLifecycle(t *testing.T) {
	srv, ta, _ := wireClients(t)
	srv.Answer("PUT /v1/recommendations/"+wireRecARN+"/lifecycle", wiretest.Response{Status: 200, Header: map[string]string{"X-Amzn-Requestid": wiretest.RequestID}})
	if err := advisor.New(ta, nil).UpdateLifecycle(context.Background(), wireRecARN, advisor.LifecycleDismissed, "Public by design: the docs site"); err != nil {
		t.Fatal(err)
	}
	if body := srv.Requests()[0].Body; body != `{"lifecycleStage":"dismissed","updateReason":"Public by design: the docs site"}` {
		t.Errorf("body = %s", body)
	}
}

// TestErrorShapeConformance checks the same assertions against errors the
// real clients decoded from the wire and errors the fakes built.
func TestErrorShapeConformance(t *testing.T) {
	cases := []struct {
		name     string
		op, key  string
		answer   wiretest.Response
		fake     func() *advisor.Client
		wire     func(*trustedadvisor.Client, *support.Client) *advisor.Client
		kinds    []error
		code     string
		status   int
		service  string
		typedErr any
	}{
		{
			name: "TrustedAdvisor API without a plan", op: "ListChecks", key: "GET /v1/checks",
			answer: wiretest.JSONError(403, "AccessDeniedException", "Access denied due to support level"),
			fake: func() *advisor.Client {
				return advisor.New(advisortest.NewTrustedAdvisor(advisortest.WithoutSubscription()), nil)
			},
			wire:  func(ta *trustedadvisor.Client, _ *support.Client) *advisor.Client { return advisor.New(ta, nil) },
			kinds: []error{aigov.ErrNotEnabled, advisor.ErrNoSupportPlan}, code: "AccessDeniedException", status: 403,
			service: trustedadvisor.ServiceID, typedErr: new(*tatypes.AccessDeniedException),
		},
		{
			name: "Support API without a plan", op: "DescribeTrustedAdvisorChecks", key: "DescribeTrustedAdvisorChecks",
			answer: wiretest.JSONError(400, "SubscriptionRequiredException", "AWS Premium Support Subscription is required to use this service."),
			fake: func() *advisor.Client {
				return advisor.New(nil, advisortest.NewSupport(advisortest.WithoutSubscription()))
			},
			wire:  func(_ *trustedadvisor.Client, sup *support.Client) *advisor.Client { return advisor.New(nil, sup) },
			kinds: []error{aigov.ErrNotEnabled, advisor.ErrNoSupportPlan}, code: "SubscriptionRequiredException", status: 400,
			service: support.ServiceID, typedErr: new(*smithy.GenericAPIError),
		},
		{
			name: "Support API throttled", op: "DescribeTrustedAdvisorChecks", key: "DescribeTrustedAdvisorChecks",
			answer: wiretest.JSONError(400, "ThrottlingException", "Rate exceeded"),
			fake: func() *advisor.Client {
				sup := advisortest.NewSupport()
				sup.Fail("DescribeTrustedAdvisorChecks", advisortest.SupportThrottling())
				return advisor.New(nil, sup)
			},
			wire:  func(_ *trustedadvisor.Client, sup *support.Client) *advisor.Client { return advisor.New(nil, sup) },
			kinds: []error{aigov.ErrThrottled}, code: "ThrottlingException", status: 400,
			service: support.ServiceID, typedErr: new(*supporttypes.ThrottlingException),
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, ta, sup := wireClients(t)
			srv.Answer(tc.key, tc.answer)
			for backend, c := range map[string]*advisor.Client{"wire": tc.wire(ta, sup), "fake": tc.fake()} {
				_, _, err := c.Recommendations(context.Background(), advisor.SecurityChecksForAIData())
				for _, k := range tc.kinds {
					if !errors.Is(err, k) {
						t.Errorf("%s: errors.Is(%v) false for %v", backend, k, err)
					}
				}
				var apiErr smithy.APIError
				if !errors.As(err, &apiErr) || apiErr.ErrorCode() != tc.code {
					t.Errorf("%s: APIError code: %v", backend, err)
				}
				if !errors.As(err, tc.typedErr) {
					t.Errorf("%s: the SDK error is not a %T: %#v", backend, tc.typedErr, apiErr)
				}
				var opErr *smithy.OperationError
				if !errors.As(err, &opErr) || opErr.Service() != tc.service || opErr.Operation() != tc.op {
					t.Errorf("%s: OperationError: %v", backend, err)
				}
				var e *aigov.Error
				if !errors.As(err, &e) || e.StatusCode != tc.status || e.RequestID == "" || e.Code != tc.code || !strings.HasPrefix(err.Error(), "advisor: "+tc.op) {
					t.Errorf("%s: aigov.Error = %+v", backend, e)
				}
			}
		})
	}
}
