// Command evidencebot keeps a team and its auditors informed: on a schedule
// it evaluates the AI governance posture, posts a summary to a chat webhook
// (Slack-compatible JSON: Slack, Mattermost, Rocket.Chat, Teams workflows
// that accept it), and, when asked, imports the failing controls as manual
// evidence into an AWS Audit Manager assessment, so that the audit trail
// records what aigov found and when.
//
//	evidencebot -webhook https://hooks.slack.com/services/… -every 24h
//	AIGOV_WEBHOOK_URL=https://… evidencebot -import-evidence -assessment "GenAI platform governance"
//	evidencebot -demo -webhook http://localhost:8080/hook -import-evidence -assessment "GenAI platform governance"
//
// The webhook URL comes from -webhook or the AIGOV_WEBHOOK_URL environment
// variable (better: it is a secret). Without -every the bot runs once. Each
// failing control at or above -min-severity becomes one text evidence item
// in the assessment control named by -control (its first control when
// omitted); Audit Manager's quota of 100 items per control per day is
// respected, and what it refuses is reported, not lost.
//
// Exit codes: 0 done, 1 a run failed (the webhook or the import refused; with
// -every the bot keeps going and reports on stderr), 3 usage or
// configuration error.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}
