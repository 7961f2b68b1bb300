// Package logfile reads CloudTrail log files: one file, a directory tree in
// CloudTrail's S3 layout, any io.Reader, or an S3 bucket.
//
// [Events] streams the records of every file a [Source] offers as
// [cloudtrail.Event] values, in a deterministic order (file order, which for
// the built-in sources is S3 key order, then record order), while a bounded
// number of workers decode files concurrently. Memory stays bounded however
// large the input: records are decoded one at a time, never a whole file,
// and each worker holds at most a few batches of events ahead of the
// consumer.
//
// Files are selected by account, region and time window from their names,
// before they are opened, and the same filters are applied to their events.
// Faults are reported as *[FileError] values naming the file, wrapping a
// *[cloudtrail.ParseError] with the record index and byte offset where the
// fault is inside the content; the caller chooses to stop at the first or
// go on past each ([WithContinueOnError]).
//
// # AWS calls
//
// A [Bucket] source calls s3:ListBucket (ListObjectsV2) on the trail's
// bucket and s3:GetObject on its log files; objects encrypted with SSE-KMS
// also need kms:Decrypt on the trail's key. Local sources call nothing.
//
// # Performance
//
// On the 2-core machine this was built on, one worker decodes about as fast
// as compress/gzip inflates the same files; see BenchmarkEvents and the
// README for figures and the command that measures them.
package logfile
