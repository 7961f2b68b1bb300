package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	awsconfig "github.com/aws/aws-sdk-go-v2/config"

	"github.com/aigov/aigov/auditmanager"
	"github.com/aigov/aigov/governance"
	"github.com/aigov/aigov/governance/demo"
)

const (
	exitOK    = 0
	exitRun   = 1
	exitUsage = 3
)

type options struct {
	demo        bool
	webhook     string
	every       time.Duration
	importing   bool
	assessment  string
	control     string
	minSeverity string
	regions     string
}

// newEstate builds the demo estate; tests replace it to look into the
// fakes afterwards.
var newEstate = demo.New

// bot holds what a run needs.
type bot struct {
	o         options
	min       governance.Severity
	evaluator *governance.Evaluator
	audit     *auditmanager.Client
	http      *http.Client
	out       io.Writer
}

func run(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	var o options
	fs := flag.NewFlagSet("evidencebot", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&o.demo, "demo", false, "evaluate the built-in demo estate, and import into its Audit Manager fake")
	fs.StringVar(&o.webhook, "webhook", "", "chat webhook URL (default: $AIGOV_WEBHOOK_URL)")
	fs.DurationVar(&o.every, "every", 0, "run on this schedule, such as 24h (default: once)")
	fs.BoolVar(&o.importing, "import-evidence", false, "import the failing controls as manual evidence into Audit Manager (a write)")
	fs.StringVar(&o.assessment, "assessment", "", "the Audit Manager assessment to import into, by name or id")
	fs.StringVar(&o.control, "control", "", "the assessment control to import into, by name or id (default: the assessment's first control)")
	fs.StringVar(&o.minSeverity, "min-severity", "high", "the least severe failing control reported and imported")
	fs.StringVar(&o.regions, "regions", "", "regions to evaluate, comma-separated (default: the configured region)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fs.PrintDefaults()
			return exitOK
		}
		fmt.Fprintf(stderr, "evidencebot: %v\n", err)
		return exitUsage
	}
	if o.webhook == "" {
		o.webhook = getenv("AIGOV_WEBHOOK_URL")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	b, cleanup, err := newBot(ctx, o, stdout)
	defer cleanup()
	if err != nil {
		fmt.Fprintf(stderr, "evidencebot: %s\n", oneLine(err))
		return exitUsage
	}
	for {
		if err := b.once(ctx); err != nil {
			fmt.Fprintf(stderr, "evidencebot: %s\n", oneLine(err))
			if o.every == 0 {
				return exitRun
			}
		}
		if o.every == 0 {
			return exitOK
		}
		select {
		case <-ctx.Done():
			return exitOK
		case <-time.After(o.every):
		}
	}
}

func oneLine(err error) string { return strings.ReplaceAll(err.Error(), "\n", "; ") }

func newBot(ctx context.Context, o options, out io.Writer) (*bot, func(), error) {
	cleanup := func() {}
	if o.webhook == "" && !o.importing {
		return nil, cleanup, errors.New("nothing to do: give -webhook (or AIGOV_WEBHOOK_URL) and/or -import-evidence")
	}
	if o.importing && o.assessment == "" {
		return nil, cleanup, errors.New("-import-evidence needs -assessment")
	}
	if o.webhook != "" && !strings.HasPrefix(o.webhook, "https://") && !strings.HasPrefix(o.webhook, "http://") {
		return nil, cleanup, fmt.Errorf("-webhook %q is not an http(s) URL", o.webhook)
	}
	if o.every < 0 {
		return nil, cleanup, errors.New("-every must not be negative")
	}
	min, err := governance.ParseSeverity(o.minSeverity)
	if err != nil {
		return nil, cleanup, err
	}
	b := &bot{o: o, min: min, http: &http.Client{Timeout: 30 * time.Second}, out: out}
	var opts []governance.Option
	if o.demo {
		e := newEstate()
		cleanup = e.Close
		opts = e.Options()
		b.audit = e.Sources(demo.Prod).AuditManager
	} else {
		cfg, err := awsconfig.LoadDefaultConfig(ctx)
		if err != nil {
			return nil, cleanup, fmt.Errorf("loading the AWS configuration: %w", err)
		}
		opts = []governance.Option{governance.WithAWSConfig(cfg)}
		if o.regions != "" {
			opts = append(opts, governance.WithRegions(strings.Split(o.regions, ",")...))
		}
		b.audit = auditmanager.NewFromConfig(cfg)
	}
	if b.evaluator, err = governance.New(opts...); err != nil {
		return nil, cleanup, err
	}
	return b, cleanup, nil
}

// once evaluates, posts the summary and imports the evidence.
func (b *bot) once(ctx context.Context) error {
	report, err := b.evaluator.Evaluate(ctx)
	if err != nil {
		return err
	}
	failing := failingControls(report, b.min)
	var errs []error
	if b.o.webhook != "" {
		if err := b.post(ctx, summary(report, failing)); err != nil {
			errs = append(errs, err)
		} else {
			fmt.Fprintf(b.out, "evidencebot: posted the summary (%d failing controls at %s or above)\n", len(failing), b.min)
		}
	}
	if b.o.importing && len(failing) > 0 {
		errs = append(errs, b.importEvidence(ctx, report, failing))
	}
	return errors.Join(errs...)
}

func failingControls(r *governance.Report, min governance.Severity) []governance.ControlResult {
	var out []governance.ControlResult
	for _, c := range r.Controls {
		if c.Status == governance.StatusFail && c.Severity.AtLeast(min) {
			out = append(out, c)
		}
	}
	return out
}

// message is the Slack-compatible payload: text for every client, blocks
// for those that render them.
type message struct {
	Text   string  `json:"text"`
	Blocks []block `json:"blocks"`
}

type block struct {
	Type string `json:"type"`
	Text *text  `json:"text,omitempty"`
}

type text struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

func summary(r *governance.Report, failing []governance.ControlResult) message {
	o := r.Scores.Overall
	head := fmt.Sprintf("AI governance posture: %.1f%% of evaluated controls pass, %.1f%% evaluated (%d failing, %d unknown, %d waived)",
		o.Score*100, o.Coverage*100, o.Failed, o.Unknown, o.Waived)
	var lines []string
	for i, c := range failing {
		if i == 10 {
			lines = append(lines, fmt.Sprintf("… and %d more", len(failing)-10))
			break
		}
		lines = append(lines, fmt.Sprintf("• *%s* (%s) %s", c.ID, c.Severity, slackEscape(c.Title)))
	}
	m := message{Text: head, Blocks: []block{{Type: "section", Text: &text{Type: "mrkdwn", Text: "*" + slackEscape(head) + "*"}}}}
	if len(lines) > 0 {
		m.Blocks = append(m.Blocks, block{Type: "section", Text: &text{Type: "mrkdwn", Text: strings.Join(lines, "\n")}})
	}
	m.Blocks = append(m.Blocks, block{Type: "section", Text: &text{Type: "mrkdwn",
		Text: fmt.Sprintf("Evaluated %s, accounts %s", r.GeneratedAt.Format(time.RFC3339), strings.Join(r.Scope.Accounts, ", "))}})
	return m
}

// slackEscape escapes what Slack's mrkdwn treats as markup.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func (b *bot) post(ctx context.Context, m message) error {
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.o.webhook, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.http.Do(req)
	if err != nil {
		return fmt.Errorf("posting to the webhook: %w", redact(err, b.o.webhook))
	}
	defer resp.Body.Close()
	reply, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("the webhook answered %s: %s", resp.Status, strings.TrimSpace(string(reply)))
	}
	return nil
}

// redact keeps the webhook's secret path out of error messages.
func redact(err error, url string) error {
	return errors.New(strings.ReplaceAll(err.Error(), url, "<webhook>"))
}

// importEvidence imports one text item per failing control.
func (b *bot) importEvidence(ctx context.Context, r *governance.Report, failing []governance.ControlResult) error {
	a, set, ctl, err := b.target(ctx)
	if err != nil {
		return err
	}
	req := auditmanager.ImportEvidenceRequest{AssessmentID: a.ID, ControlSetID: set.ID, ControlID: ctl.ID}
	for _, c := range failing {
		item := fmt.Sprintf("aigov %s %s: FAIL (%s) at %s. %s Remediation: %s", c.ID, c.Title, c.Severity, r.GeneratedAt.Format(time.RFC3339), c.Reason, c.Remediation)
		if runes := []rune(item); len(runes) > 1000 {
			// Audit Manager takes 1 to 1000 characters.
			item = string(runes[:997]) + "..."
		}
		req.Items = append(req.Items, auditmanager.ManualEvidence{Text: item})
	}
	res, err := b.audit.ImportEvidence(ctx, req)
	fmt.Fprintf(b.out, "evidencebot: imported %d evidence items into %q / %s (%d rejected, %d not sent, %d left today)\n",
		len(res.Imported), a.Name, ctl.Name, len(res.Rejected), len(res.Unsent), res.RemainingToday)
	for _, rej := range res.Rejected {
		fmt.Fprintf(b.out, "evidencebot: rejected: %s: %s\n", rej.Code, rej.Message)
	}
	return err
}

// target finds the assessment and control to import into.
func (b *bot) target(ctx context.Context) (auditmanager.Assessment, auditmanager.ControlSet, auditmanager.AssessmentControl, error) {
	for a, err := range b.audit.Assessments(ctx, auditmanager.AssessmentFilter{}) {
		if err != nil {
			return a, auditmanager.ControlSet{}, auditmanager.AssessmentControl{}, err
		}
		if a.ID != b.o.assessment && !strings.EqualFold(a.Name, b.o.assessment) {
			continue
		}
		for _, set := range a.ControlSets {
			for _, c := range set.Controls {
				if b.o.control == "" || c.ID == b.o.control || strings.EqualFold(c.Name, b.o.control) {
					return a, set, c, nil
				}
			}
		}
		return a, auditmanager.ControlSet{}, auditmanager.AssessmentControl{}, fmt.Errorf("assessment %q has no control %q", a.Name, b.o.control)
	}
	return auditmanager.Assessment{}, auditmanager.ControlSet{}, auditmanager.AssessmentControl{}, fmt.Errorf("no active assessment named %q", b.o.assessment)
}
