package logfiletest_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/aigov/aigov/cloudtrail/logfile/logfiletest"
)

func TestListPaginatesInKeyOrder(t *testing.T) {
	b := logfiletest.NewBucket("bkt")
	var want []string
	for i := range 2500 {
		key := fmt.Sprintf("p/%05d.json", (i*7919)%2500) // put out of order
		b.Put(key, []byte("{}"), nil)
		want = append(want, key)
	}
	b.Put("q/other.json", nil, nil)
	slices.Sort(want)
	var got []string
	pages := 0
	p := s3.NewListObjectsV2Paginator(b, &s3.ListObjectsV2Input{Bucket: aws.String("bkt"), Prefix: aws.String("p/")})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, o := range page.Contents {
			got = append(got, aws.ToString(o.Key))
		}
	}
	if !slices.Equal(got, want) || pages != 3 {
		t.Fatalf("%d keys in %d pages, want %d in 3, in order", len(got), pages, len(want))
	}
}

func TestErrorsHaveTheSDKShape(t *testing.T) {
	b := logfiletest.NewBucket("bkt")
	ctx := context.Background()
	_, err := b.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("bkt"), Key: aws.String("absent")})
	var noKey *types.NoSuchKey
	if !errors.As(err, &noKey) {
		t.Errorf("GetObject of an absent key: %v, want *types.NoSuchKey", err)
	}
	_, err = b.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("other")})
	var noBucket *types.NoSuchBucket
	if !errors.As(err, &noBucket) {
		t.Errorf("ListObjectsV2 of another bucket: %v, want *types.NoSuchBucket", err)
	}
}
