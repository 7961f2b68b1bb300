package demo

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// event builds a CloudTrail record as CloudTrail writes it.
type event struct {
	at      time.Time
	source  string
	name    string
	region  string
	account string
	// identity: an assumed-role session (role, session) or an IAM user
	// (user ARN in another account).
	role, session, userARN string
	errorCode, errorMsg    string
	readOnly               bool
	params                 map[string]any
	ip                     string
}

func (e event) json(n int) []byte {
	var id map[string]any
	if e.userARN != "" {
		id = map[string]any{"type": "IAMUser", "principalId": "AIDAEXAMPLEUNKNOWN", "arn": e.userARN, "accountId": e.userARN[13:25], "accessKeyId": "AKIAEXAMPLEUNKNOWN", "userName": e.userARN[strings.LastIndexByte(e.userARN, '/')+1:]}
	} else {
		roleARN := fmt.Sprintf("arn:aws:iam::%s:role/%s", e.account, e.role)
		id = map[string]any{
			"type": "AssumedRole", "principalId": "AROAEXAMPLE" + e.role + ":" + e.session,
			"arn":       fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", e.account, e.role, e.session),
			"accountId": e.account, "accessKeyId": "ASIAEXAMPLE",
			"sessionContext": map[string]any{
				"sessionIssuer": map[string]any{"type": "Role", "principalId": "AROAEXAMPLE" + e.role, "arn": roleARN, "accountId": e.account, "userName": e.role},
				"attributes":    map[string]any{"creationDate": e.at.Add(-10 * time.Minute).Format(time.RFC3339), "mfaAuthenticated": "false"},
			},
		}
	}
	rec := map[string]any{
		"eventVersion": "1.09", "userIdentity": id, "eventTime": e.at.Format(time.RFC3339),
		"eventSource": e.source, "eventName": e.name, "awsRegion": e.region,
		"sourceIPAddress": e.ip, "userAgent": "aws-cli/2.22.0 md/Botocore#1.35.0",
		"requestParameters": e.params, "responseElements": nil,
		"requestID": fmt.Sprintf("00000000-demo-4000-8000-%012d", n), "eventID": fmt.Sprintf("11111111-demo-4000-8000-%012d", n),
		"readOnly": e.readOnly, "eventType": "AwsApiCall", "managementEvent": true,
		"recipientAccountId": e.account, "eventCategory": "Management",
	}
	if e.errorCode != "" {
		rec["errorCode"], rec["errorMessage"] = e.errorCode, e.errorMsg
	}
	b, err := json.Marshal(rec)
	if err != nil {
		panic(err) // the demo's own literals: a bug, not outside data
	}
	return b
}
