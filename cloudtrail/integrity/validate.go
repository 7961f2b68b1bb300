package integrity

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Status says what validation found for one file.
type Status string

// The statuses, in the order they are checked.
const (
	// StatusValid: the file is as CloudTrail delivered it.
	StatusValid Status = "valid"
	// StatusMissing: a digest lists the file (or names it as its
	// predecessor), but it is not in the store.
	StatusMissing Status = "missing"
	// StatusUnreadable: the file could not be read (access denied, I/O).
	StatusUnreadable Status = "unreadable"
	// StatusMalformed: a digest that is not gzip, not JSON, or lacks
	// required fields.
	StatusMalformed Status = "malformed"
	// StatusTrailingData: data follows the first gzip member. Tools that
	// read every member would see content that no hash covers.
	StatusTrailingData Status = "trailing-data"
	// StatusModified: a log file whose content does not hash to what its
	// digest says, or is not valid gzip.
	StatusModified Status = "modified"
	// StatusOutOfPlace: a digest read from a key (or bucket) other than the
	// one its own digestS3Object (digestS3Bucket) names.
	StatusOutOfPlace Status = "out-of-place"
	// StatusUnsigned: a digest without a signature, in its metadata (or
	// sidecar file) or in its successor's previousDigestSignature.
	StatusUnsigned Status = "unsigned"
	// StatusUnknownKey: a digest signed with a key whose fingerprint is not
	// among the public keys given.
	StatusUnknownKey Status = "unknown-key"
	// StatusBadSignature: a digest whose signature does not verify.
	StatusBadSignature Status = "bad-signature"
	// StatusPreviousHashMismatch: a digest whose previousDigestHashValue is
	// not the SHA-256 of its predecessor's content; one of the two was
	// changed. The AWS CLI does not check this.
	StatusPreviousHashMismatch Status = "previous-hash-mismatch"
)

// Kind tells digest files from log files.
type Kind string

// The kinds of file.
const (
	KindDigest Kind = "digest"
	KindLog    Kind = "log"
)

// Problem is one thing wrong with a file.
type Problem struct {
	Status Status `json:"status"`
	Detail string `json:"detail"`
}

// FileResult is the verdict on one file.
type FileResult struct {
	Kind Kind   `json:"kind"`
	Key  string `json:"key"`
	// Digest is, for a log file, the digest that lists it.
	Digest string `json:"digest,omitempty"`
	// Status is StatusValid, or the first of Problems.
	Status   Status    `json:"status"`
	Problems []Problem `json:"problems,omitempty"`
}

// Gap is a break in a trail's digest chain: a span of time no digest
// vouches for.
type Gap struct {
	// Chain names the trail: "<folder>|<region>|<trail>|<home region>".
	Chain string `json:"chain"`
	// After and Before are the digests on either side; After is empty when
	// the digest before Before is missing.
	After  string `json:"after,omitempty"`
	Before string `json:"before"`
	Reason string `json:"reason"`
}

// Report is the outcome of [Validator.Validate], sorted by key.
type Report struct {
	Files []FileResult `json:"files"`
	Gaps  []Gap        `json:"gaps,omitempty"`
}

// OK reports whether every file is valid and the chain has no gaps.
func (r *Report) OK() bool {
	return len(r.Gaps) == 0 && !slices.ContainsFunc(r.Files, func(f FileResult) bool { return f.Status != StatusValid })
}

// Count returns how many files have each status.
func (r *Report) Count() map[Status]int {
	m := map[Status]int{}
	for _, f := range r.Files {
		m[f.Status]++
	}
	return m
}

// A Validator checks a trail's digest chain and log files, as
// `aws cloudtrail validate-logs` does and more strictly: it also checks each
// digest's previousDigestHashValue, rejects data after the first gzip
// member, and reports every file rather than stopping.
type Validator struct {
	store      Store
	keys       map[string]PublicKey
	signatures map[string]string
	bucket     string
	workers    int
	logger     *slog.Logger
}

// An Option configures a [Validator].
type Option func(*Validator)

// WithSignatures supplies digest signatures (hex) by key; they take
// precedence over the store's.
func WithSignatures(sigs map[string]string) Option {
	return func(v *Validator) { v.signatures = sigs }
}

// WithBucket names the bucket a local copy came from, so that digests'
// digestS3Bucket is checked against it too.
func WithBucket(name string) Option { return func(v *Validator) { v.bucket = name } }

// WithWorkers sets how many log files are hashed at once;
// runtime.GOMAXPROCS(0) by default.
func WithWorkers(n int) Option { return func(v *Validator) { v.workers = max(n, 1) } }

// WithLogger sets a logger for debug messages; they are discarded by default.
func WithLogger(l *slog.Logger) Option { return func(v *Validator) { v.logger = l } }

// New returns a Validator of the files in store, checking signatures
// against keys (see [FetchPublicKeys] and [ParsePublicKey]).
func New(store Store, keys []PublicKey, opts ...Option) *Validator {
	v := &Validator{store: store, keys: map[string]PublicKey{}, bucket: store.Bucket(),
		workers: runtime.GOMAXPROCS(0), logger: slog.New(slog.DiscardHandler)}
	for _, k := range keys {
		v.keys[k.Fingerprint] = k
	}
	for _, o := range opts {
		o(v)
	}
	return v
}

// maxDigestSize bounds a digest file's content, compressed or not.
const maxDigestSize = 64 << 20

// digestInfo is what validation keeps of one digest.
type digestInfo struct {
	key, chain string
	d          *Digest // nil when malformed
	inflated   [32]byte
	signature  string
	result     *FileResult
}

// Validate checks every digest under prefix (such as "AWSLogs/" or
// "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/") and the log
// files they list. It returns an error only when the store cannot be listed.
func (v *Validator) Validate(ctx context.Context, prefix string) (*Report, error) {
	var digests []*digestInfo
	byKey := map[string]*digestInfo{}
	for key, err := range v.store.Keys(ctx, prefix) {
		if err != nil {
			return nil, fmt.Errorf("integrity: listing %q: %w", prefix, err)
		}
		dk, ok := ParseDigestKey(key)
		if !ok || !strings.Contains(key, "/CloudTrail-Digest/") {
			continue
		}
		info := &digestInfo{key: key, chain: dk.chain(key), result: &FileResult{Kind: KindDigest, Key: key}}
		digests = append(digests, info)
		byKey[key] = info
	}
	var report Report
	for _, info := range digests {
		logs, err := v.readDigest(ctx, info)
		if err != nil {
			return nil, err
		}
		report.Files = append(report.Files, logs...)
	}
	missing, gaps := v.walkChains(ctx, digests, byKey)
	report.Files = append(report.Files, missing...)
	report.Gaps = gaps
	for _, info := range digests {
		v.checkSignature(info)
		report.Files = append(report.Files, *info.result)
	}
	for i := range report.Files {
		f := &report.Files[i]
		f.Status = StatusValid
		if len(f.Problems) > 0 {
			f.Status = f.Problems[0].Status
		}
	}
	slices.SortFunc(report.Files, func(a, b FileResult) int {
		return cmp.Or(strings.Compare(a.Key, b.Key), strings.Compare(string(a.Kind), string(b.Kind)), strings.Compare(a.Digest, b.Digest))
	})
	slices.SortFunc(report.Gaps, func(a, b Gap) int {
		return cmp.Or(strings.Compare(a.Chain, b.Chain), strings.Compare(a.Before, b.Before))
	})
	return &report, nil
}

func (r *FileResult) add(s Status, format string, args ...any) {
	r.Problems = append(r.Problems, Problem{Status: s, Detail: fmt.Sprintf(format, args...)})
}

// readDigest reads, inflates and parses one digest, checks where it is,
// and checks the log files it lists. Only a cancelled context is an error.
func (v *Validator) readDigest(ctx context.Context, info *digestInfo) ([]FileResult, error) {
	res := info.result
	body, sig, err := v.read(ctx, info.key)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		res.add(StatusUnreadable, "%v", err)
		return nil, nil
	}
	info.signature = sig
	if s, ok := v.signatures[info.key]; ok {
		info.signature = s
	}
	inflated, trailing, err := inflateFirst(body)
	if err != nil {
		res.add(StatusMalformed, "not a gzip file: %v", err)
		return nil, nil
	}
	if trailing > 0 {
		res.add(StatusTrailingData, "%d bytes after the first gzip member", trailing)
	}
	info.inflated = sha256.Sum256(inflated)
	d, err := ParseDigest(inflated)
	if err != nil {
		res.add(StatusMalformed, "%v", err)
		return nil, nil
	}
	info.d = d
	if d.DigestS3Object != info.key {
		res.add(StatusOutOfPlace, "read from %s, but digestS3Object is %s", info.key, d.DigestS3Object)
	}
	if v.bucket != "" && d.DigestS3Bucket != v.bucket {
		res.add(StatusOutOfPlace, "read from bucket %s, but digestS3Bucket is %s", v.bucket, d.DigestS3Bucket)
	}
	// Hash the log files concurrently, each goroutine writing its own slot.
	// (golang.org/x/sync/errgroup would need a newer go directive.)
	logs := make([]FileResult, len(d.LogFiles))
	sem := make(chan struct{}, v.workers)
	var wg sync.WaitGroup
	for i, lf := range d.LogFiles {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			logs[i] = v.checkLog(ctx, info.key, lf)
		}()
	}
	wg.Wait()
	d.LogFiles = nil // checked; not needed for the chain
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return logs, nil
}

// read returns a whole file, bounded by maxDigestSize.
func (v *Validator) read(ctx context.Context, key string) ([]byte, string, error) {
	rc, sig, err := v.store.Open(ctx, key)
	if err != nil {
		return nil, "", err
	}
	defer rc.Close()
	body, err := io.ReadAll(io.LimitReader(rc, maxDigestSize+1))
	if err == nil && len(body) > maxDigestSize {
		err = fmt.Errorf("larger than %d bytes", maxDigestSize)
	}
	return body, sig, err
}

// inflateFirst inflates the first gzip member of body and counts the bytes
// after it.
func inflateFirst(body []byte) (inflated []byte, trailing int, err error) {
	br := bytes.NewReader(body)
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, 0, err
	}
	zr.Multistream(false)
	inflated, err = io.ReadAll(io.LimitReader(zr, maxDigestSize+1))
	if err == nil && len(inflated) > maxDigestSize {
		err = fmt.Errorf("inflates to more than %d bytes", maxDigestSize)
	}
	return inflated, br.Len(), err
}

// checkLog hashes one log file's first gzip member.
func (v *Validator) checkLog(ctx context.Context, digest string, lf DigestLogFile) FileResult {
	res := FileResult{Kind: KindLog, Key: lf.S3Object, Digest: digest}
	if v.bucket != "" && lf.S3Bucket != v.bucket {
		res.add(StatusUnreadable, "in bucket %s, not %s", lf.S3Bucket, v.bucket)
		return res
	}
	rc, _, err := v.store.Open(ctx, lf.S3Object)
	if errors.Is(err, ErrNotFound) {
		res.add(StatusMissing, "listed in %s but not found", digest)
		return res
	}
	if err != nil {
		res.add(StatusUnreadable, "%v", err)
		return res
	}
	defer rc.Close()
	v.logger.Debug("hashing log file", "key", lf.S3Object)
	br := bufio.NewReaderSize(rc, 64<<10)
	zr, err := gzip.NewReader(br)
	if err != nil {
		res.add(StatusModified, "not a gzip file: %v", err)
		return res
	}
	zr.Multistream(false)
	h := sha256.New()
	if _, err := io.Copy(h, zr); err != nil {
		res.add(StatusModified, "corrupt gzip: %v", err)
		return res
	}
	if extra, _ := io.Copy(io.Discard, br); extra > 0 {
		res.add(StatusTrailingData, "%d bytes after the first gzip member", extra)
	}
	if got := hex.EncodeToString(h.Sum(nil)); !strings.EqualFold(got, lf.HashValue) {
		res.add(StatusModified, "content hashes to %s, digest says %s", got, lf.HashValue)
	}
	if lf.HashAlgorithm != "" && lf.HashAlgorithm != "SHA-256" {
		res.add(StatusModified, "hash algorithm %q, want SHA-256", lf.HashAlgorithm)
	}
	return res
}

// walkChains follows each digest's link to its predecessor: it reports
// missing predecessors and gaps, checks previousDigestHashValue, and lends
// a digest without a signature its successor's previousDigestSignature.
func (v *Validator) walkChains(ctx context.Context, digests []*digestInfo, byKey map[string]*digestInfo) ([]FileResult, []Gap) {
	chains := map[string][]*digestInfo{}
	var names []string
	for _, info := range digests {
		if _, ok := chains[info.chain]; !ok {
			names = append(names, info.chain)
		}
		chains[info.chain] = append(chains[info.chain], info)
	}
	var missing []FileResult
	var gaps []Gap
	for _, name := range names {
		chain := chains[name]
		for i, info := range chain {
			if info.d == nil {
				continue
			}
			after := ""
			if i > 0 {
				after = chain[i-1].key
			}
			prevKey := info.d.PreviousDigestS3Object
			if prevKey == nil {
				if i > 0 {
					gaps = append(gaps, Gap{Chain: name, After: after, Before: info.key,
						Reason: "previousDigestS3Object is null: logging or validation was stopped and started again"})
				}
				continue
			}
			prev := byKey[*prevKey]
			var prevHash [32]byte
			switch {
			case prev != nil:
				prevHash = prev.inflated
				if prev.signature == "" && info.d.PreviousDigestSignature != nil {
					prev.signature = *info.d.PreviousDigestSignature
				}
				if i > 0 && prev != chain[i-1] {
					gaps = append(gaps, Gap{Chain: name, After: after, Before: info.key,
						Reason: fmt.Sprintf("previous digest is %s, not the digest before it", *prevKey)})
				}
			default:
				// Not listed: outside the prefix, or gone.
				body, _, err := v.read(ctx, *prevKey)
				if errors.Is(err, ErrNotFound) {
					r := FileResult{Kind: KindDigest, Key: *prevKey}
					r.add(StatusMissing, "named as previous digest by %s but not found", info.key)
					missing = append(missing, r)
					gaps = append(gaps, Gap{Chain: name, After: after, Before: info.key, Reason: "previous digest " + *prevKey + " is missing"})
					continue
				}
				if err != nil {
					info.result.add(StatusUnreadable, "previous digest %s: %v", *prevKey, err)
					continue
				}
				inflated, _, err := inflateFirst(body)
				if err != nil {
					info.result.add(StatusPreviousHashMismatch, "previous digest %s is not gzip: %v", *prevKey, err)
					continue
				}
				prevHash = sha256.Sum256(inflated)
			}
			want := hex.EncodeToString(prevHash[:])
			if got := info.d.PreviousDigestHashValue; got == nil || !strings.EqualFold(*got, want) {
				info.result.add(StatusPreviousHashMismatch, "previousDigestHashValue is %s, previous digest %s hashes to %s", deref(got), *prevKey, want)
			}
		}
	}
	return missing, gaps
}

func deref(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}

// checkSignature verifies a digest's signature.
func (v *Validator) checkSignature(info *digestInfo) {
	d, res := info.d, info.result
	if d == nil {
		return
	}
	if info.signature == "" {
		res.add(StatusUnsigned, "no signature in metadata, sidecar or successor")
		return
	}
	key, ok := v.keys[d.DigestPublicKeyFingerprint]
	if !ok {
		res.add(StatusUnknownKey, "signed with key %s, which is not among the public keys", d.DigestPublicKeyFingerprint)
		return
	}
	sig, err := hex.DecodeString(info.signature)
	if err != nil {
		res.add(StatusBadSignature, "signature is not hex: %v", err)
		return
	}
	if d.DigestSignatureAlgorithm != "" && d.DigestSignatureAlgorithm != "SHA256withRSA" {
		res.add(StatusBadSignature, "signature algorithm %q, want SHA256withRSA", d.DigestSignatureAlgorithm)
		return
	}
	sum := sha256.Sum256([]byte(stringToSign(d, info.inflated)))
	if err := rsa.VerifyPKCS1v15(key.Key, crypto.SHA256, sum[:], sig); err != nil {
		res.add(StatusBadSignature, "signature does not verify with key %s", key.Fingerprint)
	}
}
