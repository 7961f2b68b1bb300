package integrity_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/aigov/aigov/cloudtrail/integrity"
	"github.com/aigov/aigov/internal/sharedtest"
)

// pagedKeys serves ListPublicKeys one key a page.
type pagedKeys struct {
	keys  []types.PublicKey
	calls int
}

func (p *pagedKeys) ListPublicKeys(_ context.Context, in *cloudtrail.ListPublicKeysInput, _ ...func(*cloudtrail.Options)) (*cloudtrail.ListPublicKeysOutput, error) {
	p.calls++
	i := 0
	if in.NextToken != nil {
		i = len(*in.NextToken)
	}
	out := &cloudtrail.ListPublicKeysOutput{PublicKeyList: p.keys[i : i+1]}
	if i+1 < len(p.keys) {
		out.NextToken = aws.String(strings.Repeat("n", i+1))
	}
	return out, nil
}

var _ integrity.KeysAPI = (*pagedKeys)(nil)

func sampleKeys(t *testing.T) []types.PublicKey {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sharedtest.Dir(t, "reference"), "cloudtrail-public-keys-sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sample struct {
		PublicKeyList []struct{ Fingerprint, Value string }
	}
	if err := json.Unmarshal(data, &sample); err != nil {
		t.Fatal(err)
	}
	var keys []types.PublicKey
	for i, k := range sample.PublicKeyList {
		der, err := base64.StdEncoding.DecodeString(k.Value)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Unix(int64(1434589370+i), 0)
		keys = append(keys, types.PublicKey{Fingerprint: aws.String(k.Fingerprint), Value: der,
			ValidityStartTime: aws.Time(start), ValidityEndTime: aws.Time(start.Add(30 * 24 * time.Hour))})
	}
	return keys
}

func TestFetchPublicKeysPaginates(t *testing.T) {
	api := &pagedKeys{keys: sampleKeys(t)}
	keys, err := integrity.FetchPublicKeys(context.Background(), api, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 3 || api.calls != 3 {
		t.Fatalf("%d keys in %d calls", len(keys), api.calls)
	}
	for i, k := range keys {
		if k.Fingerprint != aws.ToString(api.keys[i].Fingerprint) || k.Key == nil || k.ValidFrom.IsZero() {
			t.Errorf("key %d: %+v", i, k)
		}
	}
}

func TestFetchPublicKeysRejectsWrongFingerprint(t *testing.T) {
	keys := sampleKeys(t)
	keys[1].Fingerprint = aws.String("00000000000000000000000000000000")
	if _, err := integrity.FetchPublicKeys(context.Background(), &pagedKeys{keys: keys}, time.Time{}, time.Time{}); err == nil {
		t.Fatal("a key whose fingerprint does not match was accepted")
	}
}
