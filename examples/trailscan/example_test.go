package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// Example runs trailscan on a log file holding one StopLogging call.
func Example() {
	dir, _ := os.MkdirTemp("", "trailscan-example")
	defer os.RemoveAll(dir)
	name := filepath.Join(dir, "111122223333_CloudTrail_us-east-1_20250102T0305Z_a1.json")
	os.WriteFile(name, []byte(`{"Records":[{"eventTime":"2025-01-02T03:01:00Z","eventSource":"cloudtrail.amazonaws.com",
	"eventName":"StopLogging","eventID":"e1","recipientAccountId":"111122223333","awsRegion":"us-east-1",
	"sourceIPAddress":"198.51.100.7","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/mallory"}}]}`), 0o644)

	code := run(context.Background(), []string{"-quiet", "-rules", "tampering", dir}, os.Stdout, os.Stderr, nil)
	fmt.Println("exit code", code)
	// Output:
	// [critical]  cloudtrail-logging-stopped  CloudTrail trail stopped or deleted
	//             principal                   arn:aws:iam::111122223333:user/mallory (IAMUser)
	//             events                      StopLogging: 1 (0 failed)
	//             when                        2025-01-02T03:01:00Z to 2025-01-02T03:01:00Z
	//             where                       accounts 111122223333; regions us-east-1; from 198.51.100.7
	//             sample                      e1
	// 1 detections in 1 events from 1 files
	// exit code 0
}
