package integrity

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"time"
)

// Digest is a CloudTrail digest file: the hashes of the log files delivered
// in one hour, and a link to the previous digest of the trail.
// Field names and values are as CloudTrail writes them.
type Digest struct {
	AWSAccountID                string          `json:"awsAccountId"`
	DigestStartTime             string          `json:"digestStartTime"`
	DigestEndTime               string          `json:"digestEndTime"`
	DigestS3Bucket              string          `json:"digestS3Bucket"`
	DigestS3Object              string          `json:"digestS3Object"`
	DigestPublicKeyFingerprint  string          `json:"digestPublicKeyFingerprint"`
	DigestSignatureAlgorithm    string          `json:"digestSignatureAlgorithm"`
	NewestEventTime             *string         `json:"newestEventTime"`
	OldestEventTime             *string         `json:"oldestEventTime"`
	PreviousDigestS3Bucket      *string         `json:"previousDigestS3Bucket"`
	PreviousDigestS3Object      *string         `json:"previousDigestS3Object"`
	PreviousDigestHashValue     *string         `json:"previousDigestHashValue"`
	PreviousDigestHashAlgorithm *string         `json:"previousDigestHashAlgorithm"`
	PreviousDigestSignature     *string         `json:"previousDigestSignature"`
	LogFiles                    []DigestLogFile `json:"logFiles"`
}

// DigestLogFile is one log file listed in a digest.
type DigestLogFile struct {
	S3Bucket        string `json:"s3Bucket"`
	S3Object        string `json:"s3Object"`
	HashValue       string `json:"hashValue"`
	HashAlgorithm   string `json:"hashAlgorithm"`
	NewestEventTime string `json:"newestEventTime"`
	OldestEventTime string `json:"oldestEventTime"`
}

// ParseDigest parses the inflated content of a digest file and checks that
// it has the fields validation needs: digestPublicKeyFingerprint,
// digestS3Bucket, digestS3Object, digestStartTime and digestEndTime (the
// last two RFC 3339 times), and an object for each log file.
func ParseDigest(data []byte) (*Digest, error) {
	var d Digest
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("integrity: digest is not valid JSON of the digest shape: %w", err)
	}
	for _, f := range []struct{ name, value string }{
		{"digestPublicKeyFingerprint", d.DigestPublicKeyFingerprint},
		{"digestS3Bucket", d.DigestS3Bucket},
		{"digestS3Object", d.DigestS3Object},
		{"digestStartTime", d.DigestStartTime},
		{"digestEndTime", d.DigestEndTime},
	} {
		if f.value == "" {
			return nil, fmt.Errorf("integrity: digest lacks %s", f.name)
		}
	}
	for _, t := range []struct{ name, value string }{{"digestStartTime", d.DigestStartTime}, {"digestEndTime", d.DigestEndTime}} {
		if _, err := time.Parse(time.RFC3339, t.value); err != nil {
			return nil, fmt.Errorf("integrity: digest %s %q is not a time", t.name, t.value)
		}
	}
	for i, lf := range d.LogFiles {
		if lf.S3Object == "" || lf.HashValue == "" {
			return nil, fmt.Errorf("integrity: digest logFiles[%d] lacks s3Object or hashValue", i)
		}
	}
	return &d, nil
}

// StringToSign returns what CloudTrail signs for a digest: digestEndTime,
// "\n", digestS3Bucket "/" digestS3Object, "\n", the lowercase hex SHA-256
// of the inflated digest bytes, "\n", and previousDigestSignature or "null".
func StringToSign(d *Digest, inflated []byte) string {
	return stringToSign(d, sha256.Sum256(inflated))
}

func stringToSign(d *Digest, inflatedHash [32]byte) string {
	prev := "null"
	if d.PreviousDigestSignature != nil {
		prev = *d.PreviousDigestSignature
	}
	return d.DigestEndTime + "\n" + d.DigestS3Bucket + "/" + d.DigestS3Object + "\n" + hex.EncodeToString(inflatedHash[:]) + "\n" + prev
}

// DigestKey is what a digest file's name says about it:
//
//	[prefix/]AWSLogs/[o-orgid/]<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/<account>_CloudTrail-Digest_<region>_<trail>_<homeRegion>_<YYYYMMDDTHHMMSSZ>.json.gz
type DigestKey struct {
	Account    string    `json:"account"`
	Region     string    `json:"region"`
	Trail      string    `json:"trail"`
	HomeRegion string    `json:"homeRegion"`
	Time       time.Time `json:"time"`
	Backfill   bool      `json:"backfill,omitempty"`
}

// ParseDigestKey reads a digest file's key. It reports false for other
// names.
func ParseDigestKey(key string) (DigestKey, bool) {
	base := path.Base(key)
	stem, ok := strings.CutSuffix(base, ".json.gz")
	if !ok {
		return DigestKey{}, false
	}
	var k DigestKey
	stem, k.Backfill = strings.CutSuffix(stem, "_backfill")
	parts := strings.Split(stem, "_")
	if len(parts) < 6 || parts[1] != "CloudTrail-Digest" {
		return DigestKey{}, false
	}
	n := len(parts)
	t, err := time.Parse("20060102T150405Z", parts[n-1])
	if err != nil {
		return DigestKey{}, false
	}
	k.Account, k.Region, k.HomeRegion, k.Time = parts[0], parts[2], parts[n-2], t
	k.Trail = strings.Join(parts[3:n-2], "_")
	return k, true
}

// chain names the digest chain a key belongs to: one trail's digests for
// one account and region, in one folder.
func (k DigestKey) chain(key string) string {
	dir := key
	if i := strings.Index(key, "/CloudTrail-Digest/"); i >= 0 {
		dir = key[:i]
	}
	return dir + "|" + k.Region + "|" + k.Trail + "|" + k.HomeRegion
}
