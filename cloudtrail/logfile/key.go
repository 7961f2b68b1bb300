package logfile

import (
	"path"
	"strings"
	"time"
)

// Key is what a log file's name says about it. CloudTrail names log files
//
//	[prefix/]AWSLogs/[o-orgid/]<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHMMZ>_<unique>.json.gz
//
// and the file name alone carries the account, the region and the time, so
// files copied out of that layout are still recognised.
type Key struct {
	// Account is the account whose activity the file records.
	Account string `json:"account"`
	// Region is the region the file covers.
	Region string `json:"region"`
	// Time is the file's timestamp, to the minute, in UTC: when CloudTrail
	// wrote it, after the events it holds.
	Time time.Time `json:"time"`
	// OrgID is the organization ID of an organization trail's path, such as
	// "o-exampleorgid"; empty otherwise.
	OrgID string `json:"orgId,omitempty"`
}

// ParseKey reads a log file's key or path. It reports false for a name that
// does not follow CloudTrail's naming, such as a digest file's.
func ParseKey(name string) (Key, bool) {
	name = strings.ReplaceAll(name, "\\", "/")
	base := path.Base(name)
	stem, _, _ := strings.Cut(base, ".")
	parts := strings.Split(stem, "_")
	if len(parts) != 5 || parts[1] != "CloudTrail" || !isAccount(parts[0]) || parts[2] == "" {
		return Key{}, false
	}
	t, err := time.Parse("20060102T1504Z", parts[3])
	if err != nil {
		return Key{}, false
	}
	k := Key{Account: parts[0], Region: parts[2], Time: t}
	dirs := strings.Split(path.Dir(name), "/")
	for i, d := range dirs {
		if d == "AWSLogs" && i+2 < len(dirs) && strings.HasPrefix(dirs[i+1], "o-") && dirs[i+2] == k.Account {
			k.OrgID = dirs[i+1]
		}
	}
	return k, true
}

func isAccount(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
