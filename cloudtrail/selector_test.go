package cloudtrail_test

import (
	"testing"

	"github.com/aigov/aigov/cloudtrail"
)

// s3 is an advanced S3 data event selector with the given conditions.
func s3(read, write bool, conds ...cloudtrail.FieldCondition) cloudtrail.DataEventSelector {
	return cloudtrail.DataEventSelector{Advanced: true, Category: "Data", ResourceType: "AWS::S3::Object", Read: read, Write: write, Conditions: conds}
}

func arnCond(c cloudtrail.FieldCondition) cloudtrail.FieldCondition {
	c.Field = "resources.ARN"
	return c
}

func TestCoversDataEvents(t *testing.T) {
	const bucket, prefix = "training", "2026/"
	tests := []struct {
		name        string
		selectors   []cloudtrail.DataEventSelector
		read, write bool
	}{
		{"no selectors", nil, false, false},
		{"every S3 object", []cloudtrail.DataEventSelector{s3(true, true)}, true, true},
		{"bucket prefix", []cloudtrail.DataEventSelector{s3(true, true, arnCond(cloudtrail.FieldCondition{StartsWith: []string{"arn:aws:s3:::training/"}}))}, true, true},
		{"wider key prefix", []cloudtrail.DataEventSelector{s3(true, true, arnCond(cloudtrail.FieldCondition{StartsWith: []string{"arn:aws:s3:::training/20"}}))}, true, true},
		{"narrower key prefix", []cloudtrail.DataEventSelector{s3(true, true, arnCond(cloudtrail.FieldCondition{StartsWith: []string{"arn:aws:s3:::training/2026/01/"}}))}, false, false},
		{"another bucket", []cloudtrail.DataEventSelector{s3(true, true, arnCond(cloudtrail.FieldCondition{StartsWith: []string{"arn:aws:s3:::training-old/"}}))}, false, false},
		{"one object (Equals)", []cloudtrail.DataEventSelector{s3(true, true, arnCond(cloudtrail.FieldCondition{Equals: []string{"arn:aws:s3:::training/2026/"}}))}, false, false},
		{"all but a sub-prefix (NotStartsWith)", []cloudtrail.DataEventSelector{s3(true, true, arnCond(cloudtrail.FieldCondition{NotStartsWith: []string{"arn:aws:s3:::training/2026/tmp/"}}))}, false, false},
		{"all but another bucket (NotStartsWith)", []cloudtrail.DataEventSelector{s3(true, true, arnCond(cloudtrail.FieldCondition{NotStartsWith: []string{"arn:aws:s3:::logs/"}}))}, true, true},
		{"all but the whole bucket (NotStartsWith)", []cloudtrail.DataEventSelector{s3(true, true, arnCond(cloudtrail.FieldCondition{NotStartsWith: []string{"arn:aws:s3:::training/"}}))}, false, false},
		{"all but one object under prefix (NotEquals)", []cloudtrail.DataEventSelector{s3(true, true, arnCond(cloudtrail.FieldCondition{NotEquals: []string{"arn:aws:s3:::training/2026/a.csv"}}))}, false, false},
		{"all but one object elsewhere (NotEquals)", []cloudtrail.DataEventSelector{s3(true, true, arnCond(cloudtrail.FieldCondition{NotEquals: []string{"arn:aws:s3:::training/2025/a.csv"}}))}, true, true},
		{"suffix exclusion", []cloudtrail.DataEventSelector{s3(true, true, arnCond(cloudtrail.FieldCondition{NotEndsWith: []string{".tmp"}}))}, false, false},
		{"reads only", []cloudtrail.DataEventSelector{s3(true, false)}, true, false},
		{"reads and writes from two selectors", []cloudtrail.DataEventSelector{s3(true, false), s3(false, true)}, true, true},
		{"only GetObject", []cloudtrail.DataEventSelector{s3(true, true, cloudtrail.FieldCondition{Field: "eventName", Equals: []string{"GetObject"}})}, false, false},
		{"one principal left out", []cloudtrail.DataEventSelector{s3(true, true, cloudtrail.FieldCondition{Field: "userIdentity.arn", NotStartsWith: []string{"arn:aws:sts::123456789012:assumed-role/etl"}})}, false, false},
		{"readOnly condition kept as a condition", []cloudtrail.DataEventSelector{s3(true, true, cloudtrail.FieldCondition{Field: "readOnly", NotEquals: []string{"true"}})}, false, true},
		{"eventSource s3", []cloudtrail.DataEventSelector{s3(true, true, cloudtrail.FieldCondition{Field: "eventSource", Equals: []string{"s3.amazonaws.com"}})}, true, true},
		{"Lambda data events", []cloudtrail.DataEventSelector{{Category: "Data", ResourceType: "AWS::Lambda::Function", Read: true, Write: true}}, false, false},
		{"network activity", []cloudtrail.DataEventSelector{{Category: "NetworkActivity", Read: true, Write: true}}, false, false},
		{"basic selector for every bucket", []cloudtrail.DataEventSelector{{Category: "Data", ResourceType: "AWS::S3::Object", Read: true, Write: true,
			Conditions: []cloudtrail.FieldCondition{arnCond(cloudtrail.FieldCondition{StartsWith: []string{"arn:aws:s3"}})}}}, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := cloudtrail.Trail{Logging: true, DataEventSelectors: tt.selectors}
			read, write := tr.DataEventCoverage(bucket, prefix)
			if read != tt.read || write != tt.write {
				t.Errorf("DataEventCoverage = read %v, write %v; want %v, %v", read, write, tt.read, tt.write)
			}
			if tr.CoversDataEvents(bucket, prefix) != (tt.read && tt.write) {
				t.Errorf("CoversDataEvents disagrees with DataEventCoverage")
			}
			tr.Logging = false
			if tr.CoversDataEvents(bucket, prefix) {
				t.Errorf("a stopped trail covers data events")
			}
		})
	}
	if (cloudtrail.Trail{Logging: true, DataEventSelectors: []cloudtrail.DataEventSelector{s3(true, true)}}).CoversDataEvents("", "") {
		t.Error("an empty bucket name is covered")
	}
}

func TestFieldConditionAccepts(t *testing.T) {
	c := cloudtrail.FieldCondition{Field: "eventName", StartsWith: []string{"Get"}, Equals: []string{"PutObject"}, NotEquals: []string{"GetObjectAcl"}, NotEndsWith: []string{"Tagging"}}
	for v, want := range map[string]bool{"GetObject": true, "PutObject": true, "GetObjectAcl": false, "GetObjectTagging": false, "DeleteObject": false} {
		if c.Accepts(v) != want {
			t.Errorf("Accepts(%q) = %v", v, !want)
		}
	}
	if !(cloudtrail.FieldCondition{Field: "x"}).Accepts("anything") {
		t.Error("an empty condition refuses a value")
	}
}
