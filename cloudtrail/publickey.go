package cloudtrail

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aigov/aigov/internal/clientkit"
	"github.com/aigov/aigov/internal/pager"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
)

// PublicKey is a key CloudTrail signs digest files with, in one region.
type PublicKey struct {
	// Fingerprint is the hex MD5 of Value, as digest files name their key
	// (digestPublicKeyFingerprint).
	Fingerprint string `json:"fingerprint"`
	// Value is the key, DER encoded: PKCS#1 RSAPublicKey for most keys,
	// X.509 SubjectPublicKeyInfo for some.
	Value []byte `json:"value"`
	// ValidFrom and ValidUntil bound the digest files the key signed.
	ValidFrom  time.Time `json:"validFrom,omitzero"`
	ValidUntil time.Time `json:"validUntil,omitzero"`
}

// PublicKeys returns the keys CloudTrail signed digest files with, in the
// Client's region, between start and end, sorted by ValidFrom and
// fingerprint. Zero times leave the choice to AWS, which takes the current
// time: PublicKeys(ctx, time.Time{}, time.Time{}) returns the key in use.
//
// It is a convenience for validating digest files; package
// cloudtrail/integrity asks for keys through an interface of its own, which
// the SDK client and the fake of package cloudtrailtest both satisfy.
//
// IAM: cloudtrail:ListPublicKeys.
func (c *Client) PublicKeys(ctx context.Context, start, end time.Time) ([]PublicKey, error) {
	in := awsct.ListPublicKeysInput{}
	if !start.IsZero() {
		in.StartTime = aws.Time(start.UTC())
	}
	if !end.IsZero() {
		in.EndTime = aws.Time(end.UTC())
	}
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		return nil, fmt.Errorf("cloudtrail: PublicKeys: the range ends (%s) before it starts (%s)", end.UTC().Format(time.RFC3339), start.UTC().Format(time.RFC3339))
	}
	keys, err := pager.Collect(clientkit.Pages(ctx, &c.base, "ListPublicKeys", func(ctx context.Context, token *string) ([]PublicKey, *string, error) {
		page := in
		page.NextToken = token
		out, err := retryThrottled(ctx, c, "ListPublicKeys", func(ctx context.Context) (*awsct.ListPublicKeysOutput, error) {
			return c.api.ListPublicKeys(ctx, &page, c.optFns()...)
		})
		if err != nil {
			return nil, nil, err
		}
		keys := make([]PublicKey, 0, len(out.PublicKeyList))
		for _, k := range out.PublicKeyList {
			keys = append(keys, PublicKey{
				Fingerprint: strings.ToLower(aws.ToString(k.Fingerprint)),
				Value:       k.Value,
				ValidFrom:   timeUTC(k.ValidityStartTime),
				ValidUntil:  timeUTC(k.ValidityEndTime),
			})
		}
		return keys, out.NextToken, nil
	}))
	slices.SortFunc(keys, func(a, b PublicKey) int {
		return cmp.Or(a.ValidFrom.Compare(b.ValidFrom), strings.Compare(a.Fingerprint, b.Fingerprint))
	})
	return keys, err
}
