package integrity

import (
	"context"
	"crypto/md5"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
)

// PublicKey is one of CloudTrail's digest signing keys.
type PublicKey struct {
	// Fingerprint is hex(MD5(DER)), as digestPublicKeyFingerprint names it.
	Fingerprint string `json:"fingerprint"`
	// Key is the RSA public key.
	Key *rsa.PublicKey `json:"-"`
	// ValidFrom and ValidTo bound when CloudTrail signed with it; zero when
	// not known.
	ValidFrom time.Time `json:"validFrom,omitzero"`
	ValidTo   time.Time `json:"validTo,omitzero"`
}

// ParsePublicKey reads a DER-encoded RSA public key, PKCS#1 RSAPublicKey or
// X.509 SubjectPublicKeyInfo (ListPublicKeys returns both kinds), and
// computes its fingerprint.
func ParsePublicKey(der []byte) (PublicKey, error) {
	sum := md5.Sum(der)
	pk := PublicKey{Fingerprint: hex.EncodeToString(sum[:])}
	if k, err := x509.ParsePKCS1PublicKey(der); err == nil {
		pk.Key = k
		return pk, nil
	}
	k, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return PublicKey{}, fmt.Errorf("integrity: public key %s is neither PKCS#1 nor SubjectPublicKeyInfo: %w", pk.Fingerprint, err)
	}
	rk, ok := k.(*rsa.PublicKey)
	if !ok {
		return PublicKey{}, fmt.Errorf("integrity: public key %s is a %T, not RSA", pk.Fingerprint, k)
	}
	pk.Key = rk
	return pk, nil
}

// KeysAPI is the part of the CloudTrail client [FetchPublicKeys] uses, with
// the exact signature of *cloudtrail.Client, which satisfies it. It needs
// the IAM action cloudtrail:ListPublicKeys.
type KeysAPI interface {
	ListPublicKeys(ctx context.Context, in *cloudtrail.ListPublicKeysInput, optFns ...func(*cloudtrail.Options)) (*cloudtrail.ListPublicKeysOutput, error)
}

var _ KeysAPI = (*cloudtrail.Client)(nil)

// FetchPublicKeys returns the keys CloudTrail used between start and end in
// the client's region, following pagination. A key whose value cannot be
// read, or whose fingerprint differs from the one CloudTrail states, is an
// error.
func FetchPublicKeys(ctx context.Context, api KeysAPI, start, end time.Time) ([]PublicKey, error) {
	in := &cloudtrail.ListPublicKeysInput{}
	if !start.IsZero() {
		in.StartTime = aws.Time(start)
	}
	if !end.IsZero() {
		in.EndTime = aws.Time(end)
	}
	var keys []PublicKey
	for {
		out, err := api.ListPublicKeys(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("integrity: listing CloudTrail public keys: %w", err)
		}
		for _, k := range out.PublicKeyList {
			pk, err := ParsePublicKey(k.Value)
			if err != nil {
				return nil, err
			}
			if fp := aws.ToString(k.Fingerprint); fp != pk.Fingerprint {
				return nil, fmt.Errorf("integrity: public key listed as %s has fingerprint %s", fp, pk.Fingerprint)
			}
			pk.ValidFrom, pk.ValidTo = aws.ToTime(k.ValidityStartTime), aws.ToTime(k.ValidityEndTime)
			keys = append(keys, pk)
		}
		if aws.ToString(out.NextToken) == "" {
			return keys, nil
		}
		in.NextToken = out.NextToken
	}
}
