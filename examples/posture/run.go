package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	awsconfig "github.com/aws/aws-sdk-go-v2/config"

	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/config"
	"github.com/aigov/aigov/governance"
	"github.com/aigov/aigov/governance/demo"
	"github.com/aigov/aigov/governance/render"
)

// The exit codes, documented in the package comment.
const (
	exitPass       = 0
	exitFail       = 1
	exitIncomplete = 2
	exitUsage      = 3
)

// version is the tool's version in SARIF and OCSF output.
const version = "0.1.0"

type options struct {
	demo            bool
	regions         string
	accounts        string
	role            string
	aggregator      string
	controls        string
	exclude         string
	frameworks      string
	waivers         string
	baseline        string
	format          string
	output          string
	minSeverity     string
	policy          string
	snapshotOut     string
	snapshotIn      string
	timeout         time.Duration
	concurrency     int
	iamPolicy       bool
	conformancePack bool
	noColor         bool
	evidencePack    string
	signKey         string
	artifactDocs    bool
}

// usageError is a problem with how the tool was called or configured.
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

func parse(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("posture", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&o.demo, "demo", false, "evaluate the built-in demo estate (no AWS account needed)")
	fs.StringVar(&o.regions, "regions", "", "regions to evaluate, comma-separated, or \"all\" for every enabled region (default: the configured region)")
	fs.StringVar(&o.accounts, "accounts", "", "other accounts to evaluate, comma-separated, each read by assuming -role (the caller's own account is always evaluated)")
	fs.StringVar(&o.role, "role", "", "the role to assume in each of -accounts")
	fs.StringVar(&o.aggregator, "aggregator", "", "read AWS Config for the organisation through this configuration aggregator of the caller's account")
	fs.StringVar(&o.controls, "controls", "", "evaluate only these control ids, comma-separated")
	fs.StringVar(&o.exclude, "exclude", "", "leave out these control ids, comma-separated")
	fs.StringVar(&o.frameworks, "frameworks", "", "evaluate only controls mapped to these frameworks: "+strings.Join(frameworkKeys(), ", "))
	fs.StringVar(&o.waivers, "waivers", "", "waivers file (JSON; see governance.Waiver)")
	fs.StringVar(&o.baseline, "baseline", "", "a previous JSON report: print what changed since (to stderr)")
	fs.StringVar(&o.format, "format", "text", "report format: text, markdown, json, sarif, junit, csv, ocsf or html")
	fs.StringVar(&o.output, "o", "", "write the report to this file instead of stdout")
	fs.StringVar(&o.minSeverity, "min-severity", "low", "the least severe control that decides the exit code: critical, high, medium, low or informational")
	fs.StringVar(&o.policy, "policy", "", "policy file (JSON; see governance.Policy): training buckets, known principals, health data …")
	fs.StringVar(&o.snapshotOut, "save-snapshot", "", "also write the collected snapshot to this file, to evaluate it again offline")
	fs.StringVar(&o.snapshotIn, "from-snapshot", "", "evaluate a saved snapshot instead of collecting (no AWS calls)")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Minute, "give up after this long")
	fs.IntVar(&o.concurrency, "concurrency", 8, "collection tasks run at once")
	fs.BoolVar(&o.iamPolicy, "iam-policy", false, "print the least-privilege IAM policy for this configuration and exit")
	fs.BoolVar(&o.conformancePack, "conformance-pack", false, "print the AWS Config conformance pack template of the AI rules and exit")
	fs.BoolVar(&o.noColor, "no-color", false, "never colour the text report (NO_COLOR in the environment does the same)")
	fs.StringVar(&o.evidencePack, "evidence-pack", "", "also write an evidence pack for auditors into this new directory: the report (JSON, HTML), the snapshot and a SHA-256 manifest")
	fs.StringVar(&o.signKey, "sign-key", "", "sign the evidence pack's manifest with the Ed25519 private key in this file (hex: a 32-byte seed or a 64-byte key)")
	fs.BoolVar(&o.artifactDocs, "artifact-documents", false, "put the AWS Artifact reports behind the required certifications into the evidence pack (accepts their terms for the account: a write)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fs.PrintDefaults()
			return o, flag.ErrHelp
		}
		return o, usageError{err}
	}
	if fs.NArg() > 0 {
		return o, usagef("unexpected argument %q (flags only; see -h)", fs.Arg(0))
	}
	if o.role != "" && o.accounts == "" || o.role == "" && o.accounts != "" {
		return o, usagef("-accounts and -role go together")
	}
	if o.demo && (o.accounts != "" || o.regions != "" || o.aggregator != "" || o.snapshotIn != "") {
		return o, usagef("-demo evaluates the demo estate: it takes no -accounts, -regions, -aggregator or -from-snapshot")
	}
	if (o.signKey != "" || o.artifactDocs) && o.evidencePack == "" {
		return o, usagef("-sign-key and -artifact-documents go with -evidence-pack")
	}
	if o.timeout <= 0 || o.concurrency < 1 {
		return o, usagef("-timeout and -concurrency must be positive")
	}
	return o, nil
}

func frameworkKeys() []string {
	out := make([]string, len(governance.Frameworks))
	for i, f := range governance.Frameworks {
		out[i] = string(f)
	}
	return out
}

func split(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// run is the whole command, testable: it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	o, err := parse(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitPass
	}
	if err != nil {
		fmt.Fprintf(stderr, "posture: %v\n", err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	code, err := execute(ctx, o, stdout, stderr)
	switch {
	case err == nil:
		return code
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		// Collection was cut short: nothing evaluated, so nothing passed.
		fmt.Fprintf(stderr, "posture: evaluation incomplete: %v\n", oneLine(err))
		return exitIncomplete
	default:
		fmt.Fprintf(stderr, "posture: %v\n", oneLine(err))
		return exitUsage
	}
}

// oneLine keeps an error to one line: joined errors are separated by "; ".
func oneLine(err error) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
}

func execute(ctx context.Context, o options, stdout, stderr io.Writer) (int, error) {
	if o.conformancePack {
		body, err := config.ConformancePackTemplate(config.AIPackRules()...)
		if err != nil {
			return 0, err
		}
		_, err = stdout.Write(body)
		return exitPass, err
	}
	format, err := render.ParseFormat(o.format)
	if err != nil {
		return 0, usageError{err}
	}
	min, err := governance.ParseSeverity(o.minSeverity)
	if err != nil {
		return 0, usageError{err}
	}
	opts, cleanup, err := evaluatorOptions(ctx, o, stderr)
	if err != nil {
		return 0, err
	}
	defer cleanup()
	ev, err := governance.New(opts...)
	if err != nil {
		return 0, usageError{err}
	}
	if o.iamPolicy {
		_, err := stdout.Write(ev.IAMPolicy())
		return exitPass, err
	}
	var baseline *governance.Report
	if o.baseline != "" {
		if baseline, err = readReport(o.baseline); err != nil {
			return 0, usageError{err}
		}
	}
	var key ed25519.PrivateKey
	if o.signKey != "" {
		if key, err = readKey(o.signKey); err != nil {
			return 0, usageError{err}
		}
	}
	report, snap, err := evaluate(ctx, ev, o)
	if err != nil {
		return 0, err
	}
	if err := writeReport(o, format, report, stdout); err != nil {
		return 0, err
	}
	if o.evidencePack != "" {
		if err := writePack(ctx, o, report, snap, key, artifactClient, stderr); err != nil {
			return 0, err
		}
	}
	if baseline != nil {
		printDrift(stderr, governance.Compare(baseline, report))
	}
	return exitCode(report, min), nil
}

// exitCode is 1 when a control at or above min fails, 2 when none fails but
// one is UNKNOWN, 0 otherwise.
func exitCode(r *governance.Report, min governance.Severity) int {
	code := exitPass
	for _, c := range r.Controls {
		if !c.Severity.AtLeast(min) {
			continue
		}
		switch c.Status {
		case governance.StatusFail:
			return exitFail
		case governance.StatusUnknown:
			code = exitIncomplete
		}
	}
	return code
}

func evaluate(ctx context.Context, ev *governance.Evaluator, o options) (*governance.Report, *governance.Snapshot, error) {
	var snap *governance.Snapshot
	if o.snapshotIn != "" {
		f, err := os.Open(o.snapshotIn)
		if err != nil {
			return nil, nil, usageError{err}
		}
		defer f.Close()
		if snap, err = governance.ReadSnapshot(f); err != nil {
			return nil, nil, usageError{fmt.Errorf("%s: %w", o.snapshotIn, err)}
		}
	} else {
		var err error
		if snap, err = ev.Collect(ctx); err != nil {
			return nil, nil, err
		}
	}
	if o.snapshotOut != "" {
		if err := writeFile(o.snapshotOut, func(w io.Writer) error { return governance.WriteSnapshot(w, snap) }); err != nil {
			return nil, nil, err
		}
	}
	report, err := ev.EvaluateSnapshot(snap)
	return report, snap, err
}

func writeReport(o options, format render.Format, r *governance.Report, stdout io.Writer) error {
	ropts := []render.Option{render.WithTool("aigov posture", version, "https://github.com/aigov/aigov")}
	if o.output == "" {
		f, isFile := stdout.(*os.File)
		color := isFile && render.IsTerminal(f) && os.Getenv("NO_COLOR") == "" && !o.noColor
		return render.Write(stdout, format, r, append(ropts, render.WithColor(color))...)
	}
	return writeFile(o.output, func(w io.Writer) error { return render.Write(w, format, r, append(ropts, render.WithColor(false))...) })
}

// writeFile writes through a temporary file and renames it, so that a
// failed run never leaves a truncated report behind.
func writeFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".posture-*")
	if err != nil {
		return usageError{fmt.Errorf("writing %s: %w", path, err)}
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return usageError{fmt.Errorf("writing %s: %w", path, err)}
	}
	return nil
}

func readReport(path string) (*governance.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := governance.ReadReport(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

func printDrift(w io.Writer, d governance.Drift) {
	fmt.Fprintf(w, "since the baseline: %d new, %d resolved, %d changed findings; score %+.1f points, coverage %+.1f points\n",
		len(d.New), len(d.Resolved), len(d.Changed), d.Scores.Overall.Score*100, d.Scores.Overall.Coverage*100)
	for _, c := range d.Controls {
		fmt.Fprintf(w, "  %s %s: %s -> %s\n", c.ID, c.Title, c.From, c.To)
	}
}

// artifactClient downloads the Artifact documents of an evidence pack: the
// demo estate's fake, or the caller's account.
var artifactClient *artifact.Client

// evaluatorOptions turns the flags into governance options: the demo
// estate, or the AWS configuration chain.
func evaluatorOptions(ctx context.Context, o options, stderr io.Writer) ([]governance.Option, func(), error) {
	var opts []governance.Option
	cleanup := func() {}
	if o.demo {
		e := demo.New()
		cleanup = e.Close
		opts = append(opts, e.Options()...)
		artifactClient = e.Sources(demo.Prod).Artifact
	} else {
		cfg, err := awsconfig.LoadDefaultConfig(ctx)
		if err != nil {
			return nil, cleanup, usageError{fmt.Errorf("loading the AWS configuration: %w", err)}
		}
		opts = append(opts, governance.WithAWSConfig(cfg))
		artifactClient = artifact.NewFromConfig(cfg)
		if o.accounts != "" {
			opts = append(opts, governance.WithAssumeRole(o.role, split(o.accounts)...))
		}
		switch {
		case o.regions == "all":
			opts = append(opts, governance.WithAllRegions())
		case o.regions != "":
			opts = append(opts, governance.WithRegions(split(o.regions)...))
		case cfg.Region == "" && o.snapshotIn == "" && !o.iamPolicy:
			return nil, cleanup, usageError{errors.New("no region: give -regions, or set AWS_REGION or a profile's region")}
		}
		if o.aggregator != "" {
			opts = append(opts, governance.WithAggregator("", o.aggregator))
		}
	}
	if o.policy != "" {
		p, err := readPolicy(o.policy)
		if err != nil {
			return nil, cleanup, usageError{err}
		}
		opts = append(opts, governance.WithPolicy(p))
	}
	if o.waivers != "" {
		ws, err := governance.ReadWaiversFile(o.waivers)
		if err != nil {
			return nil, cleanup, usageError{err}
		}
		opts = append(opts, governance.WithWaivers(ws))
	}
	sel := governance.Selection{IDs: split(o.controls), Exclude: split(o.exclude)}
	for _, f := range split(o.frameworks) {
		fw, err := governance.ParseFramework(f)
		if err != nil {
			return nil, cleanup, usageError{err}
		}
		sel.Frameworks = append(sel.Frameworks, fw)
	}
	opts = append(opts, governance.WithSelection(sel), governance.WithConcurrency(o.concurrency), governance.WithProgress(progressPrinter(stderr)))
	return opts, cleanup, nil
}
