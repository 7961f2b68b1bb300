package integrity_test

import (
	"context"
	"fmt"
	"path"

	"github.com/aigov/aigov/cloudtrail/integrity"
	"github.com/aigov/aigov/cloudtrail/logfile/logfiletest"
)

func ExampleValidator() {
	// A bucket holding a trail's digests and logs; an *s3.Client works the
	// same way. Here it is filled by a test helper that signs like
	// CloudTrail, with a key of its own, and one log file is then changed.
	b := logfiletest.NewBucket("trail-bucket")
	files, key := exampleChain()
	for k, f := range files {
		md := map[string]string{}
		if f.sig != "" {
			md["signature"] = f.sig
		}
		b.Put(k, f.body, md)
	}
	b.Put(logKey(11, 2), gz([]byte(`{"Records":[]}`)), nil)

	// In real use: keys, err := integrity.FetchPublicKeys(ctx, cloudtrailClient, start, end)
	v := integrity.New(integrity.BucketStore(b, "trail-bucket"), []integrity.PublicKey{key})
	report, err := v.Validate(context.Background(), "AWSLogs/")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("all valid:", report.OK())
	for _, f := range report.Files {
		if f.Status != integrity.StatusValid {
			fmt.Println(f.Kind, f.Status, path.Base(f.Key))
		}
	}
	fmt.Println(report.Count())
	// Output:
	// all valid: false
	// log modified 111122223333_CloudTrail_us-east-1_20250102T1025Z_log2.json.gz
	// map[modified:1 valid:11]
}
