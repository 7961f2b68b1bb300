package advisortest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/aigov/aigov/advisor"
)

// normalize fills a seeded result's defaults and panics on what AWS could
// not have sent: a bad seed is a bug in the test.
func normalize(who string, r advisor.Recommendation, now time.Time) advisor.Recommendation {
	if ck, ok := advisor.LookupCheck(r.CheckID); ok {
		if r.Name == "" {
			r.Name = ck.Name
		}
		if r.Category == "" && len(r.Pillars) == 0 {
			r.Category = ck.Category
		}
	}
	if r.Name == "" {
		panic(fmt.Sprintf("advisortest: %s: check %q needs a name (only the checks of advisor.KnownChecks have a default)", who, r.CheckID))
	}
	if r.Category == "" {
		if slices.Contains(r.Pillars, advisor.Security) {
			r.Category = advisor.Security
		} else if len(r.Pillars) > 0 {
			r.Category = r.Pillars[0]
		} else {
			panic(fmt.Sprintf("advisortest: %s: check %q needs a category", who, r.CheckID))
		}
	}
	if len(r.Pillars) == 0 {
		r.Pillars = []advisor.Pillar{r.Category}
	}
	r.Pillars = slices.Clone(r.Pillars)
	r.Columns = slices.Clone(r.Columns)
	flagged, suppressed, worst := int64(0), int64(0), advisor.StatusOK
	resources := make([]advisor.FlaggedResource, len(r.Resources))
	for i, res := range r.Resources {
		switch res.Status {
		case advisor.StatusOK:
		case advisor.StatusWarning, advisor.StatusError:
			if res.Suppressed {
				suppressed++
				break
			}
			flagged++
			if worst != advisor.StatusError {
				worst = res.Status
			}
		default:
			panic(fmt.Sprintf("advisortest: %s: resource %d of check %q has status %q; a resource is ok, warning or error", who, i, r.CheckID, res.Status))
		}
		for k := range res.Metadata {
			if column(r.Columns, k) < 0 {
				panic(fmt.Sprintf("advisortest: %s: resource %d of check %q has metadata %q, which is not one of its Columns %q nor a position", who, i, r.CheckID, k, r.Columns))
			}
		}
		res.Metadata = maps.Clone(res.Metadata)
		if res.ID == "" {
			res.ID = resourceID(r.CheckID, res)
		}
		if res.LastUpdated.IsZero() {
			res.LastUpdated = now
		}
		resources[i] = res
	}
	r.Resources = resources
	if r.Status == "" {
		r.Status = worst
	}
	switch r.Status {
	case advisor.StatusOK, advisor.StatusWarning, advisor.StatusError, advisor.StatusNotAvailable:
	default:
		panic(fmt.Sprintf("advisortest: %s: check %q has status %q; one of ok, warning, error, not_available", who, r.CheckID, r.Status))
	}
	if r.ResourcesFlagged == 0 {
		r.ResourcesFlagged = flagged
	}
	if r.ResourcesSuppressed == 0 {
		r.ResourcesSuppressed = suppressed
	}
	r.ResourcesProcessed = max(r.ResourcesProcessed, r.ResourcesFlagged)
	if r.LastUpdated.IsZero() {
		r.LastUpdated = now
	}
	return r
}

// column returns the position of metadata key k: its index in columns, or
// k itself when it is a position; -1 otherwise.
func column(columns []string, k string) int {
	if i := slices.Index(columns, k); i >= 0 {
		return i
	}
	if i, err := strconv.Atoi(k); err == nil && i >= 0 && i < 1000 {
		return i
	}
	return -1
}

// resourceID makes Trusted Advisor's opaque resource id: a hash, stable for
// the same check, region and resource.
func resourceID(checkID string, r advisor.FlaggedResource) string {
	keys := slices.Sorted(maps.Keys(r.Metadata))
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s", checkID, r.Account, r.Region, r.AWSResourceID)
	for _, k := range keys {
		fmt.Fprintf(h, "\x00%s=%s", k, r.Metadata[k])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Realistic results in one line. They carry the check's real column names
// and the values AWS puts in them, so that code reading
// FlaggedResource.Metadata by column is tested against what AWS sends.

// s3BucketColumns are the columns of Amazon S3 Bucket Permissions as the
// Support API sends them.
var s3BucketColumns = []string{"Region Name", "Region API Parameter", "Bucket Name", "ACL Allows List", "ACL Allows Upload/Delete", "Status", "Policy Allows Access", "Ignored Bucket Name"}

// OpenBucketCheck is a result of Amazon S3 Bucket Permissions
// (advisor.CheckS3BucketPermissions) that flags each bucket as readable by
// anyone through its policy: status warning ("Yellow"), in us-east-1, the
// "Ignored Bucket Name" column left out as AWS leaves it out. With no bucket
// it is a passing result.
func OpenBucketCheck(buckets ...string) advisor.Recommendation {
	r := advisor.Recommendation{CheckID: advisor.CheckS3BucketPermissions, Columns: slices.Clone(s3BucketColumns), Status: advisor.StatusOK}
	for _, b := range buckets {
		r.Status = advisor.StatusWarning
		r.Resources = append(r.Resources, advisor.FlaggedResource{
			AWSResourceID: b,
			Region:        "us-east-1",
			Status:        advisor.StatusWarning,
			Metadata: map[string]string{
				"Region Name":              "us-east-1",
				"Region API Parameter":     "us-east-1",
				"Bucket Name":              b,
				"ACL Allows List":          "No",
				"ACL Allows Upload/Delete": "No",
				"Status":                   "Yellow",
				"Policy Allows Access":     "Yes",
			},
		})
	}
	r.ResourcesProcessed = int64(len(buckets)) + 3
	return r
}

// OpenSecurityGroupCheck is a result of Security Groups - Unrestricted
// Access (advisor.CheckSecurityGroupsUnrestricted) that flags each group for
// SSH (tcp 22) open to 0.0.0.0/0: status error ("Red"), in us-east-1.
func OpenSecurityGroupCheck(groupIDs ...string) advisor.Recommendation {
	r := advisor.Recommendation{
		CheckID: advisor.CheckSecurityGroupsUnrestricted,
		Columns: []string{"Region", "Security Group Name", "Security Group ID", "Protocol", "Port", "Status", "IP Range"},
		Status:  advisor.StatusOK,
	}
	for _, g := range groupIDs {
		r.Status = advisor.StatusError
		r.Resources = append(r.Resources, advisor.FlaggedResource{
			AWSResourceID: g,
			Region:        "us-east-1",
			Status:        advisor.StatusError,
			Metadata: map[string]string{
				"Region": "us-east-1", "Security Group Name": "training-" + g, "Security Group ID": g,
				"Protocol": "tcp", "Port": "22", "Status": "Red", "IP Range": "0.0.0.0/0",
			},
		})
	}
	r.ResourcesProcessed = int64(len(groupIDs)) + 5
	return r
}

// RootWithoutMFACheck is a result of MFA on Root Account
// (advisor.CheckRootMFA) for a root user without MFA: status error, one
// resource flagged and none listed, as the check reports the account
// itself.
func RootWithoutMFACheck() advisor.Recommendation {
	return advisor.Recommendation{CheckID: advisor.CheckRootMFA, Status: advisor.StatusError, ResourcesFlagged: 1, ResourcesProcessed: 1}
}

// PassingCheck is a passing result of one of advisor.KnownChecks. It panics
// for an id the package does not know.
func PassingCheck(checkID string) advisor.Recommendation {
	if _, ok := advisor.LookupCheck(checkID); !ok {
		panic(fmt.Sprintf("advisortest: PassingCheck: %q is not one of advisor.KnownChecks", checkID))
	}
	return advisor.Recommendation{CheckID: checkID, Status: advisor.StatusOK, ResourcesProcessed: 1}
}

// PassingAIDataChecks are passing results of every check of
// advisor.SecurityChecksForAIData: a healthy account to seed before making
// one check fail.
func PassingAIDataChecks() []advisor.Recommendation {
	var out []advisor.Recommendation
	for _, id := range advisor.SecurityChecksForAIData().IDs() {
		out = append(out, PassingCheck(id))
	}
	return out
}
