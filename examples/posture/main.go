// Command posture evaluates the governance posture of AI/ML workloads on AWS
// and writes the report.
//
// Try it on the built-in demo estate, with no AWS account:
//
//	go run ./examples/posture -demo
//
// Against AWS it uses the standard configuration chain (profiles, the
// environment, SSO, instance roles; AWS_ENDPOINT_URL and the per-service
// AWS_ENDPOINT_URL_<SERVICE> variables are honoured):
//
//	posture -regions us-east-1,eu-west-1 -format html -o posture.html
//	posture -accounts 111111111111,222222222222 -role aigov-audit -regions all
//	posture -aggregator org-aggregator -frameworks iso42001,eu-ai-act -min-severity high
//	posture -demo -evidence-pack pack -sign-key key.hex -artifact-documents
//	posture -iam-policy          # the least-privilege policy for this configuration
//	posture -conformance-pack    # the AWS Config conformance pack of the AI rules
//
// The report goes to stdout, or to the file -o names; progress goes to
// stderr, as a live line when stderr is a terminal and as plain lines
// otherwise.
//
// Exit codes:
//
//	0  every evaluated control at or above -min-severity passes (or is waived)
//	1  a control at or above -min-severity fails
//	2  none fails, but the evaluation is incomplete: a control at or above
//	   -min-severity is UNKNOWN (missing evidence, an unreachable service)
//	3  usage or configuration error: bad flags, no credentials, a bad waivers
//	   or baseline file, an output file that cannot be written
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
