package cloudtrailtest

import (
	"cmp"
	"context"
	"crypto/md5"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/aigov/aigov/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/aws"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

type regionKey struct {
	region string
	key    cloudtrail.PublicKey
}

// AddPublicKey adds a key CloudTrail signs digest files with in region (the
// fake's when empty). Fingerprint defaults to the hex MD5 of Value, as
// CloudTrail computes it; a zero ValidUntil means the key is still in use.
// It panics on a key without a value.
func (f *Fake) AddPublicKey(region string, k cloudtrail.PublicKey) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(k.Value) == 0 {
		panic("cloudtrailtest: AddPublicKey: the key has no value")
	}
	if region == "" {
		region = f.region
	}
	if k.Fingerprint == "" {
		sum := md5.Sum(k.Value)
		k.Fingerprint = hex.EncodeToString(sum[:])
	}
	f.keys = append(f.keys, regionKey{region: region, key: k})
}

// ListPublicKeys implements cloudtrail.API: the keys of the call's region
// valid at some time between StartTime and EndTime, both the fake's clock
// when not given.
func (f *Fake) ListPublicKeys(ctx context.Context, in *awsct.ListPublicKeysInput, optFns ...func(*awsct.Options)) (*awsct.ListPublicKeysOutput, error) {
	return handle(ctx, f, "ListPublicKeys", optFns, in, func(region string, now time.Time) (*awsct.ListPublicKeysOutput, error) {
		start, end := now, now
		if in.StartTime != nil {
			start = *in.StartTime
		}
		if in.EndTime != nil {
			end = *in.EndTime
		}
		if start.After(end) {
			return nil, &types.InvalidTimeRangeException{Message: aws.String("The start time must be before the end time.")}
		}
		var keys []cloudtrail.PublicKey
		for _, rk := range f.keys {
			k := rk.key
			if rk.region == region && !k.ValidFrom.After(end) && (k.ValidUntil.IsZero() || !k.ValidUntil.Before(start)) {
				keys = append(keys, k)
			}
		}
		slices.SortFunc(keys, func(a, b cloudtrail.PublicKey) int {
			return cmp.Or(a.ValidFrom.Compare(b.ValidFrom), strings.Compare(a.Fingerprint, b.Fingerprint))
		})
		out := &awsct.ListPublicKeysOutput{PublicKeyList: []types.PublicKey{}}
		for _, k := range keys {
			out.PublicKeyList = append(out.PublicKeyList, types.PublicKey{
				Fingerprint:       aws.String(k.Fingerprint),
				Value:             slices.Clone(k.Value),
				ValidityStartTime: optionalTime(k.ValidFrom),
				ValidityEndTime:   optionalTime(k.ValidUntil),
			})
		}
		return out, nil
	})
}
