package logfile

import (
	"context"
	"io"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// File is one log file offered by a [Source].
type File struct {
	// Name is the S3 key, or the slash-separated local path.
	Name string `json:"name"`
	// Size is the stored (possibly compressed) size in bytes, or -1.
	Size int64 `json:"size"`
}

// A Source offers log files to [Events]. Files yields them in a
// deterministic order, which is the order of the events Events yields; a
// listing error is yielded with the File it concerns (or a zero File) and
// the listing goes on where it can.
type Source interface {
	Files(ctx context.Context) iter.Seq2[File, error]
	Open(ctx context.Context, f File) (io.ReadCloser, error)
}

// isLogName reports whether a file name is one to read: it contains
// ".json" (.json, .json.gz, and samples' .json.cloudtrail) and is not a
// digest file, which integrity checking reads instead.
func isLogName(name string) bool {
	base := name[strings.LastIndexByte(name, '/')+1:]
	return strings.Contains(base, ".json") && !strings.Contains(name, "CloudTrail-Digest")
}

// Local returns a Source of local files: each path is a file, read whatever
// its name, or a directory, whose log files (see [Source]) are read in the
// byte order of their slash-separated paths, the order in which S3 lists the
// same keys, so that a copy of a bucket reads like the bucket. Symbolic
// links inside a directory are not followed.
func Local(paths ...string) Source { return localSource(slices.Clone(paths)) }

type localSource []string

func (s localSource) Files(ctx context.Context) iter.Seq2[File, error] {
	return func(yield func(File, error) bool) {
		for _, p := range s {
			info, err := os.Stat(p)
			switch {
			case err != nil:
				if !yield(File{Name: filepath.ToSlash(p), Size: -1}, err) {
					return
				}
			case info.IsDir():
				if !walkKeyOrder(ctx, p, yield) {
					return
				}
			default:
				if !yield(File{Name: filepath.ToSlash(p), Size: info.Size()}, nil) {
					return
				}
			}
		}
	}
}

// walkKeyOrder yields the log files below dir in the byte order of their
// slash paths: a directory's entries sort as if its name ended in '/'.
func walkKeyOrder(ctx context.Context, dir string, yield func(File, error) bool) bool {
	if err := ctx.Err(); err != nil {
		return yield(File{Name: filepath.ToSlash(dir), Size: -1}, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return yield(File{Name: filepath.ToSlash(dir), Size: -1}, err)
	}
	sortKey := func(e os.DirEntry) string {
		if e.IsDir() {
			return e.Name() + "/"
		}
		return e.Name()
	}
	slices.SortFunc(entries, func(a, b os.DirEntry) int { return strings.Compare(sortKey(a), sortKey(b)) })
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		switch {
		case e.IsDir():
			if !walkKeyOrder(ctx, p, yield) {
				return false
			}
		case e.Type().IsRegular() && isLogName(filepath.ToSlash(p)):
			f := File{Name: filepath.ToSlash(p), Size: -1}
			info, err := e.Info()
			if err == nil {
				f.Size = info.Size()
			}
			if !yield(f, err) {
				return false
			}
		}
	}
	return true
}

func (localSource) Open(_ context.Context, f File) (io.ReadCloser, error) {
	return os.Open(filepath.FromSlash(f.Name))
}

// S3API is the part of the S3 client a bucket [Source] uses, with the exact
// signatures of *s3.Client, which satisfies it; so does
// [github.com/aigov/aigov/cloudtrail/logfile/logfiletest.Bucket].
type S3API interface {
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, optFns ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

var _ S3API = (*s3.Client)(nil)

// Bucket returns a Source of the log files (see [Source]) in an S3 bucket
// under prefix, in S3's key order. It needs s3:ListBucket and s3:GetObject.
func Bucket(api S3API, bucket, prefix string) Source {
	return bucketSource{api: api, bucket: bucket, prefix: prefix}
}

type bucketSource struct {
	api            S3API
	bucket, prefix string
}

func (s bucketSource) Files(ctx context.Context) iter.Seq2[File, error] {
	return func(yield func(File, error) bool) {
		p := s3.NewListObjectsV2Paginator(s.api, &s3.ListObjectsV2Input{Bucket: aws.String(s.bucket), Prefix: aws.String(s.prefix)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				yield(File{Name: "s3://" + s.bucket + "/" + s.prefix, Size: -1}, err)
				return
			}
			for _, o := range page.Contents {
				key := aws.ToString(o.Key)
				if isLogName(key) && !yield(File{Name: key, Size: aws.ToInt64(o.Size)}, nil) {
					return
				}
			}
		}
	}
}

func (s bucketSource) Open(ctx context.Context, f File) (io.ReadCloser, error) {
	out, err := s.api.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(f.Name)})
	if err != nil {
		return nil, err
	}
	return out.Body, nil
}

// Stream returns a Source of one log file read from r, named name in errors.
// It can be read once.
func Stream(name string, r io.Reader) Source { return streamSource{name: name, r: r} }

type streamSource struct {
	name string
	r    io.Reader
}

func (s streamSource) Files(context.Context) iter.Seq2[File, error] {
	return func(yield func(File, error) bool) { yield(File{Name: s.name, Size: -1}, nil) }
}

func (s streamSource) Open(context.Context, File) (io.ReadCloser, error) {
	return io.NopCloser(s.r), nil
}
