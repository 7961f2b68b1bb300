package logfiletest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/aigov/aigov/cloudtrail/logfile"
)

var _ logfile.S3API = (*Bucket)(nil)

// Bucket is an in-memory S3 bucket. It is safe for concurrent use.
type Bucket struct {
	name string
	mu   sync.Mutex
	objs map[string]object
	fail map[string]error // operation name -> error to return
}

type object struct {
	body     []byte
	metadata map[string]string
}

// NewBucket returns an empty bucket called name.
func NewBucket(name string) *Bucket {
	return &Bucket{name: name, objs: map[string]object{}, fail: map[string]error{}}
}

// Put stores an object. metadata holds user metadata without the
// x-amz-meta- prefix, such as {"signature": "..."}.
func (b *Bucket) Put(key string, body []byte, metadata map[string]string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	md := map[string]string{}
	for k, v := range metadata {
		md[strings.ToLower(k)] = v
	}
	b.objs[key] = object{body: bytes.Clone(body), metadata: md}
}

// PutDir stores every regular file below dir, keyed prefix + its slash path
// relative to dir. It panics on a read error: a bad seed is a test bug.
func (b *Bucket) PutDir(dir, prefix string) {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		b.Put(prefix+filepath.ToSlash(rel), body, nil)
		return nil
	})
	if err != nil {
		panic(fmt.Sprintf("logfiletest: PutDir(%s): %v", dir, err))
	}
}

// Delete removes an object.
func (b *Bucket) Delete(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.objs, key)
}

// Fail makes every later call of the operation ("ListObjectsV2" or
// "GetObject") fail with err wrapped as the SDK wraps it; a nil err clears
// it.
func (b *Bucket) Fail(op string, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err == nil {
		delete(b.fail, op)
		return
	}
	b.fail[op] = err
}

// APIError returns an error shaped as the SDK's for a service error code.
func APIError(code, message string) error {
	return &smithy.GenericAPIError{Code: code, Message: message}
}

func (b *Bucket) check(op, bucket string) error {
	if err := b.fail[op]; err != nil {
		return &smithy.OperationError{ServiceID: "S3", OperationName: op, Err: err}
	}
	if bucket != b.name {
		return &smithy.OperationError{ServiceID: "S3", OperationName: op,
			Err: &types.NoSuchBucket{Message: aws.String("The specified bucket does not exist")}}
	}
	return nil
}

// ListObjectsV2 lists keys in byte order.
func (b *Bucket) ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, _ ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.check("ListObjectsV2", aws.ToString(in.Bucket)); err != nil {
		return nil, err
	}
	after := aws.ToString(in.StartAfter)
	if t := aws.ToString(in.ContinuationToken); t != "" {
		after = t
	}
	limit := int(aws.ToInt32(in.MaxKeys))
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	var keys []string
	for k := range b.objs {
		if strings.HasPrefix(k, aws.ToString(in.Prefix)) && k > after {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	out := &s3.ListObjectsV2Output{Name: in.Bucket, Prefix: in.Prefix}
	if len(keys) > limit {
		keys = keys[:limit]
		out.IsTruncated = aws.Bool(true)
		out.NextContinuationToken = aws.String(keys[limit-1])
	}
	for _, k := range keys {
		out.Contents = append(out.Contents, types.Object{Key: aws.String(k), Size: aws.Int64(int64(len(b.objs[k].body)))})
	}
	out.KeyCount = aws.Int32(int32(len(keys)))
	return out, nil
}

// GetObject returns an object's body and user metadata.
func (b *Bucket) GetObject(ctx context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.check("GetObject", aws.ToString(in.Bucket)); err != nil {
		return nil, err
	}
	o, ok := b.objs[aws.ToString(in.Key)]
	if !ok {
		return nil, &smithy.OperationError{ServiceID: "S3", OperationName: "GetObject",
			Err: &types.NoSuchKey{Message: aws.String("The specified key does not exist.")}}
	}
	md := make(map[string]string, len(o.metadata))
	for k, v := range o.metadata {
		md[k] = v
	}
	return &s3.GetObjectOutput{
		Body:          io.NopCloser(bytes.NewReader(o.body)),
		ContentLength: aws.Int64(int64(len(o.body))),
		Metadata:      md,
	}, nil
}
