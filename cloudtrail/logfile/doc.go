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
// Measured with the shared real records replicated into a tree of gzipped
// log files (go test -run '^$' -bench Ratio ./cloudtrail/logfile/) on a
// 2-vCPU machine: Events runs at about a third of the speed of plain gzip
// inflation of the same files on one core (the rest is record parsing, about
// five times faster than encoding/json), and scales with workers as
// inflation does (1.8x on 2 CPUs). Absolute speed was 190 to 250 MB/s of
// decompressed JSON (140,000 to 175,000 events/s) per core, and 320 MB/s
// with two workers on a 1 GiB tree (10 GB of JSON). Peak resident memory of
// the whole benchmark process stays at 60 to 75 MiB, for that tree as for a
// 64 MB one.
package logfile
