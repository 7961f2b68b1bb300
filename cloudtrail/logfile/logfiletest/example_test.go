package logfiletest_test

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/aigov/aigov/cloudtrail/logfile/logfiletest"
)

func ExampleBucket() {
	b := logfiletest.NewBucket("trail-logs")
	b.Put("AWSLogs/digest.json.gz", []byte("..."), map[string]string{"signature": "ab12"})

	ctx := context.Background()
	out, err := b.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("trail-logs"), Key: aws.String("AWSLogs/digest.json.gz")})
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(out.Body)
	fmt.Println(string(body), out.Metadata["signature"])

	b.Fail("GetObject", logfiletest.APIError("AccessDenied", "Access Denied"))
	_, err = b.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("trail-logs"), Key: aws.String("AWSLogs/digest.json.gz")})
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.ErrorCode())
	}
	// Output:
	// ... ab12
	// AccessDenied
}
