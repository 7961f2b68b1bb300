// Command cigate is a CI step for AI governance: it evaluates the posture,
// compares it with a baseline report, writes SARIF (for GitHub code
// scanning) and JUnit (for the CI's test view), and fails only on failures
// that are new since the baseline, at or above a severity. A team can adopt
// it on an imperfect estate: record today's report as the baseline, and the
// gate stops only what gets worse.
//
//	# once, to adopt: record the current posture as the baseline
//	cigate -regions eu-west-1 -baseline governance/baseline.json -update-baseline
//	# on every pipeline run
//	cigate -regions eu-west-1 -baseline governance/baseline.json -sarif aigov.sarif -junit aigov.xml -fail-on high
//
// Try it without AWS: cigate -demo -baseline /tmp/baseline.json -update-baseline, then run it again without
// -update-baseline.
//
// Exit codes:
//
//	0  no failure at or above -fail-on is new since the baseline
//	1  a new failure at or above -fail-on (listed on stderr)
//	3  usage or configuration error
//
// UNKNOWN controls do not fail the gate (a service the pipeline's role cannot
// read should not block a merge), but they are listed on stderr, in the
// SARIF run's properties and as skipped JUnit test cases.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
