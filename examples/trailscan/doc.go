// Command trailscan reads CloudTrail log files, runs aigov's detectors over
// them, and prints what they found, per rule and principal.
//
// Usage:
//
//	trailscan [flags] PATH|s3://BUCKET/PREFIX ...
//
// A PATH is a log file or a directory (read recursively, in S3 key order);
// s3://BUCKET/PREFIX reads a bucket with the default AWS configuration
// (environment, shared config, instance role). Log files may be gzipped or
// plain JSON. Flags:
//
//	-json            print JSON instead of text
//	-verify          validate log file integrity first (digests, signatures, hashes)
//	-keys FILE       CloudTrail public keys for -verify, as `aws cloudtrail list-public-keys`
//	                 prints them; without it they are fetched with ListPublicKeys
//	-rules LIST      rule sets: ai,iam,tampering,denied (default all)
//	-account LIST    only these accounts; -region LIST only these regions
//	-since, -until   only events in [since, until), RFC 3339 times
//	-workers N       files read at once (default: number of CPUs)
//	-fail-on SEV     exit 3 when a detection is at least this severe (low|medium|high|critical)
//	-stop-on-error   stop at the first unreadable file or record (default: report and go on)
//	-quiet           no progress on stderr
//
// Progress goes to stderr once a scan has run for more than a second.
//
// Exit codes: 0 the scan completed; 1 some input could not be read (the
// rest was scanned and reported); 2 bad flags or arguments; 3 a detection
// at or above -fail-on; 4 -verify found integrity problems, or no digests.
//
// AWS calls: s3:ListBucket and s3:GetObject on the bucket; with -verify,
// cloudtrail:ListPublicKeys unless -keys is given.
package main
