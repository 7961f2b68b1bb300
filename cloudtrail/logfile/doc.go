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
// log files (go test -run '^$' -bench Ratio -benchtime 7x ./cloudtrail/logfile/)
// on a 2-vCPU machine: on one core Events runs at 0.43 to 0.45 of the speed
// of plain gzip inflation of the same files, and it scales with workers
// about as inflation does (1.6 to 1.9x on 2 CPUs, against 1.7 to 2.1x).
// Absolute speed was 240 to 290 MB/s of decompressed JSON (170,000 to
// 205,000 events/s) per core, and 470 to 550 MB/s with two workers (550
// MB/s, 400,000 events/s, on a 1 GiB tree of 10 GB of JSON). Of the time
// not spent inflating, parsing proper is about half; the rest is the copy
// of each record that an Event owns (Raw and its strings, one allocation a
// record) and the garbage collection it drives. A program that reads many
// files can trade memory for speed with GOGC: at GOGC=400 the one-core
// ratio was about 0.49, and the benchmark's peak resident memory about 145
// MiB instead of 60. With the default GOGC, peak resident memory of the
// whole benchmark process stays at 60 to 75 MiB, for a 1 GiB tree as for a
// 64 MB one; each worker holds a 1 MiB input buffer and a 256 KiB decoding
// buffer besides its batches.
package logfile
