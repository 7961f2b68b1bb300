// Package integrity validates CloudTrail log file integrity: the digest
// chain and the log files it vouches for, as `aws cloudtrail validate-logs`
// does, and more strictly.
//
// A [Validator] reads digest files from a [Store] (an S3 bucket through
// [BucketStore], or a local copy through [LocalStore]), verifies each
// digest's RSA signature against CloudTrail's public keys, hashes every log
// file it lists, and walks each trail's chain of digests backwards. The
// [Report] gives every file a [Status]: valid, missing, unreadable,
// malformed, trailing data after the first gzip member, modified, out of
// place, unsigned, signed with an unknown key, bad signature, or a
// previousDigestHashValue that does not match its predecessor (which the
// AWS CLI does not check); and it lists the [Gap] values in each chain.
//
// The algorithm follows the AWS CloudTrail User Guide ("CloudTrail digest
// file structure", "Custom implementations of CloudTrail log file integrity
// validation") and the AWS CLI's validation.py: the signature is over
// digestEndTime, bucket/object, the SHA-256 of the inflated digest bytes and
// the previous signature ([StringToSign]); log hashes are over the exact
// decompressed bytes.
//
// # Signatures of local copies
//
// CloudTrail keeps a digest's signature in S3 object metadata
// (x-amz-meta-signature), which a plain copy loses. [LocalStore] reads it
// from a sidecar file named after the digest plus [SignatureSuffix], holding
// the hex signature; [WithSignatures] supplies them from elsewhere. Without
// either, a digest's successor's previousDigestSignature serves, as in the
// AWS CLI; only the newest digest of a chain then lacks one.
//
// # AWS calls
//
// [FetchPublicKeys] calls cloudtrail:ListPublicKeys. [BucketStore] calls
// s3:ListBucket (ListObjectsV2) and s3:GetObject on the trail's bucket (and
// kms:Decrypt where the files are encrypted with SSE-KMS).
package integrity
