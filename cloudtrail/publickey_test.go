package cloudtrail_test

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/cloudtrail/cloudtrailtest"
	"github.com/aigov/aigov/cloudtrail/integrity"
	"github.com/aigov/aigov/internal/sharedtest"
)

// sampleKeys reads the keys of the ListPublicKeys sample response of the
// CloudTrail user guide, whose times are strings of epoch seconds.
func sampleKeys(t *testing.T) []cloudtrail.PublicKey {
	t.Helper()
	data, err := os.ReadFile(sharedtest.Dir(t, "reference/cloudtrail-public-keys-sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		PublicKeyList []struct {
			ValidityStartTime, ValidityEndTime, Fingerprint string
			Value                                           []byte
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	epoch := func(s string) time.Time {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return time.Unix(int64(f), 0).UTC()
	}
	var keys []cloudtrail.PublicKey
	for _, k := range doc.PublicKeyList {
		keys = append(keys, cloudtrail.PublicKey{Fingerprint: k.Fingerprint, Value: k.Value, ValidFrom: epoch(k.ValidityStartTime), ValidUntil: epoch(k.ValidityEndTime)})
	}
	if len(keys) != 3 {
		t.Fatalf("%d sample keys", len(keys))
	}
	return keys
}

func TestPublicKeys(t *testing.T) {
	keys := sampleKeys(t)
	f := cloudtrailtest.New()
	for _, k := range keys {
		// The fake computes the fingerprint as CloudTrail does.
		want := k.Fingerprint
		k.Fingerprint = ""
		f.AddPublicKey("", k)
		k.Fingerprint = want
	}
	f.AddPublicKey("eu-west-1", keys[0])
	c := cloudtrail.New(f)
	got, err := c.PublicKeys(context.Background(), time.Unix(1436317441, 0), time.Unix(1436317441, 0))
	if err != nil {
		t.Fatal(err)
	}
	// The three keys are valid then; sorted by start of validity.
	if len(got) != 3 || got[0].Fingerprint != "31e8b5433410dfb61a9dc45cc65b22ff" || got[2].Fingerprint != "8eba5db5bea9b640d1c96a77256fe7f2" {
		t.Fatalf("keys = %+v", got)
	}
	for _, k := range got {
		if k.ValidFrom.Location() != time.UTC || len(k.Value) == 0 {
			t.Errorf("key = %+v", k)
		}
	}
	got, err = c.PublicKeys(context.Background(), time.Unix(1437181461, 0), time.Unix(1438000000, 0))
	if err != nil || len(got) != 1 || got[0].Fingerprint != "8eba5db5bea9b640d1c96a77256fe7f2" {
		t.Errorf("later keys = %+v, %v", got, err)
	}
	if got, err := c.PublicKeys(context.Background(), time.Time{}, time.Time{}); err != nil || len(got) != 0 {
		t.Errorf("current keys = %+v, %v", got, err)
	}
	_, err = c.PublicKeys(context.Background(), time.Unix(2, 0), time.Unix(1, 0))
	if err == nil || !strings.Contains(err.Error(), "ends") || f.CallCount("ListPublicKeys") != 3 {
		t.Errorf("reversed range: err = %v", err)
	}
}

// The fake serves package integrity's own key fetching too, so its tests
// and the users' need no second fake.
func TestPublicKeysForIntegrity(t *testing.T) {
	f := cloudtrailtest.New()
	for _, k := range sampleKeys(t) {
		f.AddPublicKey("", k)
	}
	keys, err := integrity.FetchPublicKeys(context.Background(), f, time.Unix(1436317441, 0), time.Unix(1436317441, 0))
	if err != nil || len(keys) != 3 {
		t.Fatalf("%d keys, %v", len(keys), err)
	}
	for _, k := range keys {
		if k.Key == nil || k.Fingerprint == "" {
			t.Errorf("key = %+v", k)
		}
	}
}
