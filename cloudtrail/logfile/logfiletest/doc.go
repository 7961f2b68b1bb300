// Package logfiletest provides an in-memory S3 bucket for tests of code
// that reads CloudTrail log and digest files from S3.
//
// [Bucket] implements ListObjectsV2 and GetObject with the signatures of
// *s3.Client, so it satisfies [logfile.S3API] and the SDK's own paginators
// work on it. It models keys listed in byte order, Prefix, StartAfter,
// MaxKeys (1000 by default) and continuation tokens, user metadata
// (x-amz-meta-*, returned without the prefix, as the SDK does), and
// NoSuchKey and NoSuchBucket errors shaped as the SDK returns them. It does
// not model Delimiter and CommonPrefixes, versions, ranges, conditional
// requests, encodings, or any other operation.
//
// # AWS calls
//
// None: it stands in for S3 in tests.
package logfiletest
