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
