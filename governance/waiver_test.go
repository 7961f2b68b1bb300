package governance

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestReadWaivers(t *testing.T) {
	ws, err := ReadWaivers(strings.NewReader(`{"waivers":[
		{"control":"C","resource":"arn:aws:s3:::train-*","owner":"ml@example.com","reason":"migration","expires":"2026-12-31"},
		{"control":"C","owner":"ml@example.com","reason":"accepted","expires":"2026-11-01T10:00:00+01:00"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if !ws[0].Expires.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("a date expires at the end of that day: %v", ws[0].Expires)
	}
	if !ws[1].Expires.Equal(time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("RFC 3339: %v", ws[1].Expires)
	}
}

func TestReadWaiversErrors(t *testing.T) {
	for in, want := range map[string]string{
		`{"waivers":[{"control":"C","owner":"o","reason":"r","expires":"31/12/2026"}]}`:             `waiver 1 (C): expires "31/12/2026": want a date (2026-12-31) or an RFC 3339 time`,
		`{"waivers":[{"control":"C","expires":"2026-12-31"}]}`:                                      "waiver 1 (C): owner is required\nwaiver 1 (C): reason is required",
		`{"waivers":[{"control":"C","owner":"o","reason":"r","expires":"2026-12-31","until":"x"}]}`: `unknown field "until"`,
		`{"waivers":[`:  "unexpected EOF",
		`{"waivers":[}`: "invalid JSON at byte 13",
	} {
		_, err := ReadWaivers(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s:\nerr  %v\nwant %q", in, err, want)
		}
	}
}

func TestApplyWaivers(t *testing.T) {
	waivers := []Waiver{
		{Control: "C", Resource: "arn:aws:s3:::train-*", Owner: "ml", Reason: "migration", Expires: t0.Add(time.Hour)},
		{Control: "C", Resource: "arn:aws:s3:::old", Owner: "ml", Reason: "legacy", Expires: t0.Add(-time.Hour)},
		{Control: "C", Resource: "arn:aws:s3:::nothing", Owner: "ml", Reason: "unused", Expires: t0.Add(time.Hour)},
		{Control: "C", Account: acctB, Owner: "ml", Reason: "whole account", Expires: t0.Add(time.Hour)},
	}
	fs := []Finding{
		{Control: "C", Account: acctA, Resource: "arn:aws:s3:::train-eu", Status: StatusFail},
		{Control: "C", Account: acctA, Resource: "arn:aws:s3:::old", Status: StatusFail},
		{Control: "C", Account: acctA, Resource: "arn:aws:s3:::train-us", Status: StatusUnknown},
		{Control: "C", Account: acctB, Resource: "arn:aws:s3:::x", Status: StatusFail},
	}
	st := applyWaivers(fs, waivers, t0)
	if d := cmp.Diff([]Status{StatusWaived, StatusFail, StatusUnknown, StatusWaived}, statuses(fs)); d != "" {
		t.Errorf("statuses (-want +got):\n%s", d)
	}
	if fs[0].Waiver == nil || fs[0].Waiver.Reason != "migration" {
		t.Errorf("waiver not recorded on the finding: %+v", fs[0])
	}
	var states []WaiverState
	for _, s := range st {
		states = append(states, s.State)
	}
	if d := cmp.Diff([]WaiverState{WaiverApplied, WaiverExpired, WaiverUnused, WaiverApplied}, states); d != "" {
		t.Errorf("waiver states (-want +got):\n%s", d)
	}
	if st[1].Findings != 1 {
		t.Errorf("an expired waiver should count what it would still cover: %+v", st[1])
	}
}

func TestWaivedControl(t *testing.T) {
	e, err := New(WithAccount(acctA, Sources{}), WithRegions(euw1), WithoutBuiltinControls(),
		WithControls(fixedControl("C", SeverityHigh, nil, res(acctA, "arn:aws:s3:::train", StatusFail, "open"), res(acctA, "arn:aws:s3:::ok", StatusPass, "ok"))),
		WithWaivers([]Waiver{{Control: "C", Resource: "*train", Owner: "o", Reason: "r", Expires: t0.Add(24 * time.Hour)}}),
		WithClock(func() time.Time { return t0 }))
	if err != nil {
		t.Fatal(err)
	}
	r, _ := e.EvaluateSnapshot(snapshot([]string{acctA}, []string{euw1}))
	if c, _ := r.Control("C"); c.Status != StatusWaived || c.Reason != "1 failing, all waived: open" {
		t.Errorf("control: %+v", c)
	}
	if r.Scores.Overall.Waived != 1 || r.Scores.Overall.Applicable != 1 || r.Scores.Overall.Evaluated != 0 {
		t.Errorf("scores: %+v", r.Scores.Overall)
	}
}

func TestGlob(t *testing.T) {
	for _, tt := range []struct {
		p, s string
		want bool
	}{
		{"*", "", true}, {"a*", "abc", true}, {"*c", "abc", true}, {"a?c", "abc", true}, {"a?c", "ac", false},
		{"arn:aws:sagemaker:*:111111111111:notebook-instance/research-*", "arn:aws:sagemaker:eu-west-1:111111111111:notebook-instance/research-2", true},
		{"arn:*:role/ml-*", "arn:aws:iam::1:role/ml-train", true}, {"x*y*z", "xaaybbz", true}, {"x*y*z", "xaaybb", false},
	} {
		if got := glob(tt.p, tt.s); got != tt.want {
			t.Errorf("glob(%q, %q) = %v", tt.p, tt.s, got)
		}
	}
}
