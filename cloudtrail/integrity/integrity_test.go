package integrity_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aigov/aigov/cloudtrail/integrity"
	"github.com/aigov/aigov/cloudtrail/logfile/logfiletest"
	"github.com/aigov/aigov/internal/sharedtest"
	"github.com/google/go-cmp/cmp"
)

// Two RSA keys, made once per test binary: the trail's, and a stranger's.
var testKeys = sync.OnceValue(func() [2]*rsa.PrivateKey {
	var ks [2]*rsa.PrivateKey
	for i := range ks {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		ks[i] = k
	}
	return ks
})

func publicKey(k *rsa.PrivateKey) integrity.PublicKey {
	return must(integrity.ParsePublicKey(x509.MarshalPKCS1PublicKey(&k.PublicKey)))
}

// must panics on an error: the test helpers build known-good data, so an
// error is a bug in the test.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

const (
	bucket  = "trail-bucket"
	account = "111122223333"
	trail   = "org_trail" // an underscore, as trail names may have
)

// file is an object of the test bucket.
type file struct {
	body []byte
	sig  string // x-amz-meta-signature, for digests
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func digestKey(hour int) string {
	t := time.Date(2025, 1, 2, hour, 0, 0, 0, time.UTC)
	return fmt.Sprintf("AWSLogs/%s/CloudTrail-Digest/us-east-1/2025/01/02/%s_CloudTrail-Digest_us-east-1_%s_us-east-1_%s.json.gz",
		account, account, trail, t.Format("20060102T150405Z"))
}

func logKey(hour, n int) string {
	return fmt.Sprintf("AWSLogs/%s/CloudTrail/us-east-1/2025/01/02/%s_CloudTrail_us-east-1_20250102T%02d%02dZ_log%d.json.gz",
		account, account, hour-1, 5+n*10, n)
}

// chainOptions changes how buildChain builds digest i.
type chainOptions struct {
	wrongPrevHash int // digest (from 1) whose previousDigestHashValue is wrong; 0 for none
	strangerSigns int // digest (from 1) signed with the stranger's key; 0 for none
}

// buildChain makes 4 hourly digests, each listing 2 log files, signed like
// CloudTrail's: digest 0 starts the chain.
func buildChain(o chainOptions) map[string]file {
	keys := testKeys()
	files := map[string]file{}
	var prevKey, prevSig string
	var prevInflated []byte
	for i := range 4 {
		hour := 10 + i
		var logs []map[string]string
		for n := range 2 {
			content := []byte(fmt.Sprintf(`{"Records":[{"eventName":"E%d_%d","eventTime":"2025-01-02T%02d:%02d:00Z"}]}`, i, n, hour-1, n))
			key := logKey(hour, i*2+n)
			files[key] = file{body: gz(content)}
			sum := sha256.Sum256(content)
			logs = append(logs, map[string]string{"s3Bucket": bucket, "s3Object": key, "hashValue": hex.EncodeToString(sum[:]),
				"hashAlgorithm": "SHA-256", "newestEventTime": "2025-01-02T00:00:00Z", "oldestEventTime": "2025-01-02T00:00:00Z"})
		}
		signer := keys[0]
		if o.strangerSigns > 0 && o.strangerSigns == i {
			signer = keys[1]
		}
		d := map[string]any{
			"awsAccountId": account, "digestStartTime": fmt.Sprintf("2025-01-02T%02d:00:00Z", hour-1),
			"digestEndTime": fmt.Sprintf("2025-01-02T%02d:00:00Z", hour), "digestS3Bucket": bucket, "digestS3Object": digestKey(hour),
			"digestPublicKeyFingerprint": publicKey(signer).Fingerprint, "digestSignatureAlgorithm": "SHA256withRSA",
			"newestEventTime": nil, "oldestEventTime": nil, "logFiles": logs,
			"previousDigestS3Bucket": nil, "previousDigestS3Object": nil, "previousDigestHashValue": nil,
			"previousDigestHashAlgorithm": nil, "previousDigestSignature": nil,
		}
		if i > 0 {
			sum := sha256.Sum256(prevInflated)
			hash := hex.EncodeToString(sum[:])
			if o.wrongPrevHash == i {
				hash = strings.Repeat("0", 64)
			}
			d["previousDigestS3Bucket"], d["previousDigestS3Object"] = bucket, prevKey
			d["previousDigestHashValue"], d["previousDigestHashAlgorithm"], d["previousDigestSignature"] = hash, "SHA-256", prevSig
		}
		inflated := must(json.Marshal(d))
		// CloudTrail escapes slashes; validation must hash these exact bytes.
		inflated = bytes.ReplaceAll(inflated, []byte("/"), []byte(`\/`))
		sig := sign(signer, inflated)
		key := digestKey(hour)
		files[key] = file{body: gz(inflated), sig: sig}
		prevKey, prevSig, prevInflated = key, sig, inflated
	}
	return files
}

// sign signs an inflated digest as CloudTrail does and returns the hex
// signature.
func sign(k *rsa.PrivateKey, inflated []byte) string {
	d := must(integrity.ParseDigest(inflated))
	sum := sha256.Sum256([]byte(integrity.StringToSign(d, inflated)))
	return hex.EncodeToString(must(rsa.SignPKCS1v15(nil, k, crypto.SHA256, sum[:])))
}

// validateBoth validates files from a local copy (signatures in .sig
// sidecars) and from an S3 bucket (signatures in metadata), checks that the
// two reports agree, and returns one.
func validateBoth(t *testing.T, files map[string]file, keys ...integrity.PublicKey) *integrity.Report {
	t.Helper()
	if keys == nil {
		keys = []integrity.PublicKey{publicKey(testKeys()[0])}
	}
	dir := t.TempDir()
	b := logfiletest.NewBucket(bucket)
	for key, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(key))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.body, 0o644); err != nil {
			t.Fatal(err)
		}
		var md map[string]string
		if f.sig != "" {
			md = map[string]string{"signature": f.sig}
			if err := os.WriteFile(p+integrity.SignatureSuffix, []byte(f.sig+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		b.Put(key, f.body, md)
	}
	ctx := context.Background()
	local, err := integrity.New(integrity.LocalStore(dir), keys, integrity.WithBucket(bucket), integrity.WithWorkers(2)).Validate(ctx, "AWSLogs/")
	if err != nil {
		t.Fatal(err)
	}
	remote, err := integrity.New(integrity.BucketStore(b, bucket), keys).Validate(ctx, "AWSLogs/")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(local, remote); diff != "" {
		t.Fatalf("local copy and bucket disagree (-local +bucket):\n%s", diff)
	}
	return local
}

// statuses maps each file that is not valid to its status.
func statuses(r *integrity.Report) map[string]integrity.Status {
	m := map[string]integrity.Status{}
	for _, f := range r.Files {
		if f.Status != integrity.StatusValid {
			m[f.Key] = f.Status
		}
	}
	return m
}

func TestPristineChainIsValid(t *testing.T) {
	r := validateBoth(t, buildChain(chainOptions{}))
	if !r.OK() || len(r.Files) != 12 {
		t.Fatalf("report %+v", r)
	}
	if got := r.Count(); got[integrity.StatusValid] != 12 {
		t.Fatalf("counts %v", got)
	}
}

func TestTampering(t *testing.T) {
	appendMember := func(b []byte) []byte {
		return append(slices.Clone(b), gz([]byte(`{"Records":[{"eventName":"Injected"}]}`))...)
	}
	tests := []struct {
		name   string
		opts   chainOptions
		tamper func(files map[string]file)
		want   map[string]integrity.Status
		gaps   int
		keys   []integrity.PublicKey
	}{
		{name: "edit a log byte", tamper: func(files map[string]file) {
			files[logKey(11, 2)] = file{body: gz([]byte(`{"Records":[{"eventName":"E1_0","eventTime":"2025-01-02T10:01:00Z"}]}`))}
		}, want: map[string]integrity.Status{logKey(11, 2): integrity.StatusModified}},
		{name: "delete a log", tamper: func(files map[string]file) { delete(files, logKey(12, 5)) },
			want: map[string]integrity.Status{logKey(12, 5): integrity.StatusMissing}},
		{name: "append a gzip member to a log", tamper: func(files map[string]file) {
			f := files[logKey(10, 0)]
			files[logKey(10, 0)] = file{body: appendMember(f.body)}
		}, want: map[string]integrity.Status{logKey(10, 0): integrity.StatusTrailingData}},
		{name: "append a gzip member to a digest", tamper: func(files map[string]file) {
			f := files[digestKey(11)]
			files[digestKey(11)] = file{body: appendMember(f.body), sig: f.sig}
		}, want: map[string]integrity.Status{digestKey(11): integrity.StatusTrailingData}},
		{name: "drop a digest", tamper: func(files map[string]file) { delete(files, digestKey(12)) },
			// Its logs are no longer vouched for, and the chain has a gap.
			want: map[string]integrity.Status{digestKey(12): integrity.StatusMissing}, gaps: 1},
		{name: "swap signatures", tamper: func(files map[string]file) {
			a, b := files[digestKey(11)], files[digestKey(12)]
			a.sig, b.sig = b.sig, a.sig
			files[digestKey(11)], files[digestKey(12)] = a, b
		}, want: map[string]integrity.Status{digestKey(11): integrity.StatusBadSignature, digestKey(12): integrity.StatusBadSignature}},
		{name: "move a digest", tamper: func(files map[string]file) {
			moved := strings.Replace(digestKey(11), "/02/", "/03/", 1)
			files[moved] = files[digestKey(11)]
			delete(files, digestKey(11))
		}, want: map[string]integrity.Status{
			digestKey(11): integrity.StatusMissing,
			strings.Replace(digestKey(11), "/02/", "/03/", 1): integrity.StatusOutOfPlace,
		}, gaps: 2},
		{name: "break previousDigestHashValue", opts: chainOptions{wrongPrevHash: 2},
			want: map[string]integrity.Status{digestKey(12): integrity.StatusPreviousHashMismatch}},
		{name: "unknown key fingerprint", opts: chainOptions{strangerSigns: 3},
			want: map[string]integrity.Status{digestKey(13): integrity.StatusUnknownKey}},
		{name: "unsigned last digest", tamper: func(files map[string]file) {
			f := files[digestKey(13)]
			f.sig = ""
			files[digestKey(13)] = f
		}, want: map[string]integrity.Status{digestKey(13): integrity.StatusUnsigned}},
		{name: "signature from the successor", tamper: func(files map[string]file) {
			f := files[digestKey(11)]
			f.sig = ""
			files[digestKey(11)] = f
		}, want: map[string]integrity.Status{}},
		{name: "no keys at all", keys: []integrity.PublicKey{}, want: map[string]integrity.Status{
			digestKey(10): integrity.StatusUnknownKey, digestKey(11): integrity.StatusUnknownKey,
			digestKey(12): integrity.StatusUnknownKey, digestKey(13): integrity.StatusUnknownKey}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := buildChain(tt.opts)
			if tt.tamper != nil {
				tt.tamper(files)
			}
			keys := tt.keys
			if keys != nil && len(keys) == 0 {
				keys = []integrity.PublicKey{publicKey(testKeys()[1])}
			}
			r := validateBoth(t, files, keys...)
			if diff := cmp.Diff(tt.want, statuses(r)); diff != "" {
				t.Errorf("statuses (-want +got):\n%s\nreport: %+v", diff, r)
			}
			if len(r.Gaps) != tt.gaps {
				t.Errorf("gaps %+v, want %d", r.Gaps, tt.gaps)
			}
			if r.OK() == (len(tt.want) > 0 || tt.gaps > 0) {
				t.Errorf("OK() = %v", r.OK())
			}
		})
	}
}

func TestStoppedLoggingIsAGap(t *testing.T) {
	files := buildChain(chainOptions{})
	// Digest 2 restarts the chain: re-made with every previous* null.
	inflated := inflate(t, files[digestKey(12)].body)
	var d map[string]any
	if err := json.Unmarshal(inflated, &d); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"previousDigestS3Bucket", "previousDigestS3Object", "previousDigestHashValue", "previousDigestHashAlgorithm", "previousDigestSignature"} {
		d[k] = nil
	}
	inflated = must(json.Marshal(d))
	files[digestKey(12)] = file{body: gz(inflated), sig: sign(testKeys()[0], inflated)}
	// Digest 3 still names digest 2's old content.
	r := validateBoth(t, files)
	if len(r.Gaps) != 1 || r.Gaps[0].After != digestKey(11) || r.Gaps[0].Before != digestKey(12) {
		t.Fatalf("gaps %+v", r.Gaps)
	}
	if got := statuses(r); !maps.Equal(got, map[string]integrity.Status{digestKey(13): integrity.StatusPreviousHashMismatch}) {
		t.Fatalf("statuses %v", got)
	}
}

func inflate(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := out.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestStringToSignVector(t *testing.T) {
	d := &integrity.Digest{DigestEndTime: "a", DigestS3Bucket: "b", DigestS3Object: "c"}
	want := "a\nb/c\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\nnull"
	if got := integrity.StringToSign(d, []byte("abc")); got != want {
		t.Fatalf("StringToSign = %q, want %q", got, want)
	}
}

func TestLogHashVectors(t *testing.T) {
	// The reference's SHA-256 of decompressed content, checked the way
	// validation checks it: a digest lists them, the logs hold the content.
	vectors := map[string]string{
		`{}`:            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
		`{"foo":"bar"}`: "7a38bf81f383f69433ad6e900d35b3e2385593f76a7b7ab5d4355b8ba41ee24b",
		`{"baz":"qux"}`: "5b1070294963f40cb5b3c7a05d3fbaf7ffe4e5d226632026e39cfeb32d349c0c",
	}
	files := map[string]file{}
	var logs []map[string]string
	i := 0
	for _, content := range slices.Sorted(maps.Keys(vectors)) {
		key := logKey(10, i)
		i++
		files[key] = file{body: gz([]byte(content))}
		logs = append(logs, map[string]string{"s3Bucket": bucket, "s3Object": key, "hashValue": vectors[content], "hashAlgorithm": "SHA-256"})
	}
	signer := testKeys()[0]
	inflated, _ := json.Marshal(map[string]any{"awsAccountId": account, "digestStartTime": "2025-01-02T09:00:00Z",
		"digestEndTime": "2025-01-02T10:00:00Z", "digestS3Bucket": bucket, "digestS3Object": digestKey(10),
		"digestPublicKeyFingerprint": publicKey(signer).Fingerprint, "digestSignatureAlgorithm": "SHA256withRSA", "logFiles": logs})
	files[digestKey(10)] = file{body: gz(inflated), sig: sign(signer, inflated)}
	if r := validateBoth(t, files); !r.OK() || len(r.Files) != 4 {
		t.Fatalf("report %+v", r)
	}
}

func TestSamplePublicKeyFingerprints(t *testing.T) {
	p := filepath.Join(sharedtest.Dir(t, "reference"), "cloudtrail-public-keys-sample.json")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var sample struct {
		PublicKeyList []struct {
			Fingerprint, Value string
			DERKind            string `json:"_der_kind"`
		}
	}
	if err := json.Unmarshal(data, &sample); err != nil {
		t.Fatal(err)
	}
	if len(sample.PublicKeyList) != 3 {
		t.Fatalf("%d keys in the sample", len(sample.PublicKeyList))
	}
	for _, k := range sample.PublicKeyList {
		der, err := base64.StdEncoding.DecodeString(k.Value)
		if err != nil {
			t.Fatal(err)
		}
		pk, err := integrity.ParsePublicKey(der)
		if err != nil {
			t.Fatalf("%s (%s): %v", k.Fingerprint, k.DERKind, err)
		}
		if pk.Fingerprint != k.Fingerprint || pk.Key.N.BitLen() != 2048 {
			t.Errorf("%s: fingerprint %s, %d bits", k.Fingerprint, pk.Fingerprint, pk.Key.N.BitLen())
		}
	}
}

func TestParseDigestKey(t *testing.T) {
	k, ok := integrity.ParseDigestKey(digestKey(10))
	if !ok || k.Account != account || k.Region != "us-east-1" || k.Trail != trail || k.HomeRegion != "us-east-1" ||
		!k.Time.Equal(time.Date(2025, 1, 2, 10, 0, 0, 0, time.UTC)) || k.Backfill {
		t.Fatalf("ParseDigestKey = %+v, %v", k, ok)
	}
	if k, ok := integrity.ParseDigestKey(strings.Replace(digestKey(10), ".json.gz", "_backfill.json.gz", 1)); !ok || !k.Backfill {
		t.Fatalf("backfill: %+v, %v", k, ok)
	}
	if _, ok := integrity.ParseDigestKey(logKey(10, 0)); ok {
		t.Fatal("a log file's key parsed as a digest's")
	}
}

func TestParseDigestErrors(t *testing.T) {
	for _, in := range []string{
		`[]`, `{}`, `{"digestPublicKeyFingerprint":"f","digestS3Bucket":"b","digestS3Object":"o","digestStartTime":"x","digestEndTime":"2025-01-02T10:00:00Z"}`,
		`{"digestPublicKeyFingerprint":"f","digestS3Bucket":"b","digestS3Object":"o","digestStartTime":"2025-01-02T10:00:00Z","digestEndTime":"2025-01-02T10:00:00Z","logFiles":[{}]}`,
	} {
		if _, err := integrity.ParseDigest([]byte(in)); err == nil {
			t.Errorf("ParseDigest(%s) accepted", in)
		}
	}
}

func FuzzParseDigest(f *testing.F) {
	for key, file := range buildChain(chainOptions{}) {
		if strings.Contains(key, "Digest") {
			zr, _ := gzip.NewReader(bytes.NewReader(file.body))
			var b bytes.Buffer
			b.ReadFrom(zr)
			f.Add(b.Bytes())
		}
	}
	f.Add([]byte(`{"logFiles":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := integrity.ParseDigest(data)
		if err != nil {
			return
		}
		_ = integrity.StringToSign(d, data)
		if d.DigestS3Object == "" || d.DigestEndTime == "" {
			t.Fatalf("accepted a digest without required fields: %q", data)
		}
	})
}
