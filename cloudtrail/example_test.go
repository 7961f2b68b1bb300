package cloudtrail_test

import (
	"fmt"
	"strings"

	"github.com/aigov/aigov/cloudtrail"
)

func ExampleParseEvent() {
	record := `{"eventTime":"2024-10-17T20:09:52Z","eventSource":"bedrock.amazonaws.com","eventName":"InvokeModel",
	"awsRegion":"us-east-1","recipientAccountId":"111122223333","readOnly":true,
	"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/ml-team/alice",
	"sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/ml-team"}}},
	"requestParameters":{"modelId":"anthropic.claude-3-sonnet-20240229-v1:0"}}`
	ev, err := cloudtrail.ParseEvent([]byte(record))
	if err != nil {
		fmt.Println(err)
		return
	}
	p := ev.Principal()
	fmt.Println(ev.Time, ev.EventSource, ev.EventName, ev.ReadOnly)
	fmt.Println(p.ID, p.SessionName)
	fmt.Println(string(ev.RequestParameters))

	_, err = cloudtrail.ParseEvent([]byte(`{"eventName":"InvokeModel","eventTime":1729195792}`))
	fmt.Println(err)
	// Output:
	// 2024-10-17 20:09:52 +0000 UTC bedrock.amazonaws.com InvokeModel true
	// arn:aws:iam::111122223333:role/ml-team alice
	// {"modelId":"anthropic.claude-3-sonnet-20240229-v1:0"}
	// cloudtrail: byte 39: invalid CloudTrail record: eventTime: want a string, got a number
}

func ExampleDecoder() {
	logFile := `{"Records":[
	{"eventName":"StopLogging","eventSource":"cloudtrail.amazonaws.com"},
	{"eventName":42},
	{"eventName":"DeleteTrail","eventSource":"cloudtrail.amazonaws.com"}]}`
	d := cloudtrail.NewDecoder(strings.NewReader(logFile))
	for ev, err := range d.Events() {
		if err != nil {
			fmt.Println("skipped:", err)
			continue
		}
		fmt.Println(ev.EventName)
	}
	// Output:
	// StopLogging
	// skipped: cloudtrail: record 1, byte 98: invalid CloudTrail record: eventName: want a string, got a number
	// DeleteTrail
}

func ExampleDetect() {
	logFile := `{"Records":[
	{"eventTime":"2025-03-26T16:43:57Z","eventSource":"bedrock.amazonaws.com","eventName":"DeleteGuardrail","eventID":"e1",
	 "awsRegion":"us-west-2","recipientAccountId":"111122223333","sourceIPAddress":"198.51.100.7",
	 "userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/DevAdmin/alice",
	  "sessionContext":{"sessionIssuer":{"arn":"arn:aws:iam::111122223333:role/DevAdmin"}}}},
	{"eventTime":"2025-03-26T16:44:10Z","eventSource":"bedrock.amazonaws.com","eventName":"DeleteGuardrail","eventID":"e2",
	 "awsRegion":"us-west-2","recipientAccountId":"111122223333","sourceIPAddress":"198.51.100.7",
	 "userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/DevAdmin/bob",
	  "sessionContext":{"sessionIssuer":{"arn":"arn:aws:iam::111122223333:role/DevAdmin"}}}}]}`

	// A rule of one's own is a Rule literal.
	mine := cloudtrail.Rule{
		ID: "guardrail-change-by-admin", Title: "Guardrail changed by DevAdmin", Severity: cloudtrail.SeverityMedium,
		Category: cloudtrail.CategoryAIOperations,
		Match: func(e cloudtrail.Event) bool {
			return strings.HasSuffix(e.Principal().ID, ":role/DevAdmin") && strings.Contains(e.EventName, "Guardrail")
		},
	}
	rules := append(cloudtrail.AIOperationRules(), mine)
	dets, err := cloudtrail.Detect(cloudtrail.NewDecoder(strings.NewReader(logFile)).Events(), rules...)
	if err != nil {
		fmt.Println(err)
	}
	for _, d := range dets {
		fmt.Printf("%s %s: %s x%d %v sessions %v, %s to %s\n", d.Severity, d.RuleID, d.Principal.ID, d.Count, d.EventNames,
			d.SessionNames, d.FirstSeen.Format("15:04:05"), d.LastSeen.Format("15:04:05"))
	}
	// Output:
	// high bedrock-guardrail-deleted: arn:aws:iam::111122223333:role/DevAdmin x2 [DeleteGuardrail] sessions [alice bob], 16:43:57 to 16:44:10
	// medium guardrail-change-by-admin: arn:aws:iam::111122223333:role/DevAdmin x2 [DeleteGuardrail] sessions [alice bob], 16:43:57 to 16:44:10
}
