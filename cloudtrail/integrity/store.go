package integrity

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"

	"github.com/aigov/aigov/cloudtrail/logfile"
)

// ErrNotFound marks a file that is not in the store.
var ErrNotFound = errors.New("not found")

// A Store holds a trail's digest and log files, addressed by S3 key.
type Store interface {
	// Bucket returns the bucket's name, or "" when the store does not know
	// it (a local copy), in which case digests' bucket fields are not
	// compared with it.
	Bucket() string
	// Keys yields the keys under prefix in byte order.
	Keys(ctx context.Context, prefix string) iter.Seq2[string, error]
	// Open returns a file's content and, for a digest, its signature (hex),
	// or "" when there is none. A missing file is an error wrapping
	// ErrNotFound.
	Open(ctx context.Context, key string) (body io.ReadCloser, signature string, err error)
}

// SignatureSuffix is appended to a digest file's name to name the file
// holding its signature in a local copy: the hex string of the digest
// object's x-amz-meta-signature metadata, as in
//
//	aws s3api head-object --bucket B --key K --query Metadata.signature --output text > K.sig
const SignatureSuffix = ".sig"

// LocalStore returns a Store over a local copy of a bucket: the key K is
// the file root/K, and a digest's signature is read from root/K.sig when
// that file exists. Listing sorts the keys under a prefix in memory.
func LocalStore(root string) Store { return localStore(root) }

type localStore string

func (localStore) Bucket() string { return "" }

func (s localStore) Keys(ctx context.Context, prefix string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		var keys []string
		err := filepath.WalkDir(string(s), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			rel, err := filepath.Rel(string(s), p)
			if err != nil || !d.Type().IsRegular() || strings.HasSuffix(p, SignatureSuffix) {
				return err
			}
			if key := filepath.ToSlash(rel); strings.HasPrefix(key, prefix) {
				keys = append(keys, key)
			}
			return nil
		})
		slices.Sort(keys) // byte order, as S3 lists
		for _, k := range keys {
			if !yield(k, nil) {
				return
			}
		}
		if err != nil {
			yield("", err)
		}
	}
}

func (s localStore) Open(_ context.Context, key string) (io.ReadCloser, string, error) {
	p := filepath.Join(string(s), filepath.FromSlash(key))
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", fmt.Errorf("%s: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, "", err
	}
	sig, err := os.ReadFile(p + SignatureSuffix)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		f.Close()
		return nil, "", err
	}
	return f, strings.TrimSpace(string(sig)), nil
}

// BucketStore returns a Store over an S3 bucket. A digest's signature is
// its x-amz-meta-signature metadata. It needs s3:ListBucket and
// s3:GetObject.
func BucketStore(api logfile.S3API, bucket string) Store {
	return bucketStore{api: api, bucket: bucket}
}

type bucketStore struct {
	api    logfile.S3API
	bucket string
}

func (s bucketStore) Bucket() string { return s.bucket }

func (s bucketStore) Keys(ctx context.Context, prefix string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		p := s3.NewListObjectsV2Paginator(s.api, &s3.ListObjectsV2Input{Bucket: aws.String(s.bucket), Prefix: aws.String(prefix)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				yield("", err)
				return
			}
			for _, o := range page.Contents {
				if !yield(aws.ToString(o.Key), nil) {
					return
				}
			}
		}
	}
}

func (s bucketStore) Open(ctx context.Context, key string) (io.ReadCloser, string, error) {
	out, err := s.api.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && (apiErr.ErrorCode() == "NoSuchKey" || apiErr.ErrorCode() == "NotFound") {
		return nil, "", fmt.Errorf("%s: %w: %w", key, ErrNotFound, err)
	}
	if err != nil {
		return nil, "", err
	}
	return out.Body, out.Metadata["signature"], nil
}
