package logfile_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/cloudtrail/logfile"
	"github.com/aigov/aigov/cloudtrail/logfile/logfiletest"
)

func ExampleEvents() {
	// An in-memory bucket stands in for S3; logfile.Bucket takes an
	// *s3.Client the same way.
	bucket := logfiletest.NewBucket("trail-logs")
	bucket.Put("AWSLogs/111122223333/CloudTrail/us-east-1/2025/01/02/111122223333_CloudTrail_us-east-1_20250102T0305Z_a1.json",
		[]byte(`{"Records":[{"eventTime":"2025-01-02T03:01:00Z","eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging",
		"recipientAccountId":"111122223333","awsRegion":"us-east-1","userIdentity":{"arn":"arn:aws:iam::111122223333:user/mallory"}}]}`), nil)
	bucket.Put("AWSLogs/111122223333/CloudTrail/eu-west-1/2025/01/02/111122223333_CloudTrail_eu-west-1_20250102T0305Z_b2.json",
		[]byte(`not even JSON`), nil)

	ctx := context.Background()
	events := logfile.Events(ctx, logfile.Bucket(bucket, "trail-logs", "AWSLogs/"),
		logfile.WithRegions("us-east-1"), // the eu-west-1 file is never opened
		logfile.WithContinueOnError())
	dets, err := cloudtrail.Detect(events, cloudtrail.LoggingTamperingRules()...)
	if err != nil {
		fmt.Println(err)
	}
	for _, d := range dets {
		fmt.Println(d.Severity, d.RuleID, d.Principal.ID, d.EventNames)
	}

	// A file that is not CloudTrail gives an error naming it.
	for _, err := range logfile.Events(ctx, logfile.Stream("notes.json", strings.NewReader("hello"))) {
		fmt.Println(err)
	}
	// Output:
	// critical cloudtrail-logging-stopped arn:aws:iam::111122223333:user/mallory [StopLogging]
	// logfile: notes.json: cloudtrail: byte 0: not CloudTrail records: begins with 'h', not a JSON object or array
}
