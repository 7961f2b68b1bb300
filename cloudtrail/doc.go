// Package cloudtrail reads AWS CloudTrail for governance: the posture of
// the trails, who did what to AI resources, and the activity that matters
// for governance in the records, wherever they come from.
//
// A [Client] wraps anything that implements [API]: the SDK's
// *cloudtrail.Client (built for you by [NewFromConfig]), or the in-memory
// fake of package cloudtrailtest in tests. [Client.Trails] and
// [EvaluateCoverage] give each trail's posture (multi-region, organisation,
// logging, validation, KMS, CloudWatch Logs, management and data events
// from basic and advanced selectors alike) and which regions are covered;
// [Client.LookupEvents] iterates over event history, paced per account and
// region; [Client.EventDataStores] and [Client.Query] run CloudTrail Lake
// queries.
//
// Its pure parts work on records wherever they come from: [ParseEvent] reads
// one record (the CloudTrailEvent string of a LookupEvents result, or an
// element of a log file), and a [Decoder] streams the records of a log file
// or a JSON array in constant memory. Each becomes an [Event]: the fields
// governance needs, typed, with the request and response kept as raw JSON
// and the record itself alongside.
//
// A [Rule] is data plus a pure match function over an Event. The built-in
// rule sets ([AIOperationRules], [IAMPrivilegeRules], [LoggingTamperingRules],
// [DeniedAccessRules], and [DefaultRules] for all of them) cover AI and ML
// operations in SageMaker and Bedrock, IAM privilege changes, tampering with
// logging and detection, and denied calls. [Detect] or a [Detector] groups
// the matches per rule and principal into [Detection] values, in a
// deterministic order, holding a bounded amount of memory however many
// events stream through.
//
// Reading log files from a folder or from S3 is package
// [github.com/aigov/aigov/cloudtrail/logfile]; checking their integrity is
// package [github.com/aigov/aigov/cloudtrail/integrity].
//
// # AWS calls
//
// ParseEvent, Decoder and Detect call nothing. A [Client] reads CloudTrail:
// Trails and EvaluateCoverage for trail posture, LookupEvents for event
// history (paced at 2 calls a second per account and region), EventDataStores
// and Query for CloudTrail Lake, PublicKeys for digest validation. IAM,
// read-only: cloudtrail:DescribeTrails, GetTrailStatus, GetEventSelectors,
// GetInsightSelectors, LookupEvents, ListEventDataStores, GetEventDataStore,
// StartQuery, DescribeQuery, GetQueryResults, ListPublicKeys. Write:
// cloudtrail:CancelQuery, only by Query, on a query of its own that it
// abandons. Log files in S3 need s3:ListBucket and s3:GetObject on the
// trail's bucket.
//
// # Parsing
//
// Records are read with a purpose-built JSON scanner rather than
// encoding/json: on the machine this was built on, encoding/json decodes a
// log file held in memory at about 90 MB/s (BenchmarkEncodingJSON) and
// encoding/json/v2 at about 165 MB/s, against about 550 MB/s for the
// scanner (BenchmarkDecoder) and 550 to 1100 MB/s for gzip inflation of the
// same data. About half of the scanner's time goes not to parsing but to
// the copy each Event owns (Raw and its strings, one allocation a record)
// and to the garbage collection that copy drives. The scanner validates the
// full JSON grammar and decodes strings exactly as encoding/json does; fuzz
// tests hold the two to the same answers. Values are not checked for
// sense: an odd region or IP address is kept as written.
package cloudtrail
