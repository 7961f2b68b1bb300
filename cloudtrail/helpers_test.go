package cloudtrail

import "github.com/google/go-cmp/cmp"

func cmpEvents(want, got Event) string { return cmp.Diff(want, got) }
