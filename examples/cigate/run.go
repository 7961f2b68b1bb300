package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	awsconfig "github.com/aws/aws-sdk-go-v2/config"

	"github.com/aigov/aigov/governance"
	"github.com/aigov/aigov/governance/demo"
	"github.com/aigov/aigov/governance/render"
)

const (
	exitPass  = 0
	exitFail  = 1
	exitUsage = 3
)

type options struct {
	demo           bool
	regions        string
	baseline       string
	updateBaseline bool
	sarif, junit   string
	failOn         string
	waivers        string
	timeout        time.Duration
}

func run(args []string, stdout, stderr io.Writer) int {
	var o options
	fs := flag.NewFlagSet("cigate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&o.demo, "demo", false, "evaluate the built-in demo estate")
	fs.StringVar(&o.regions, "regions", "", "regions to evaluate, comma-separated (default: the configured region)")
	fs.StringVar(&o.baseline, "baseline", "", "the baseline report (JSON); required")
	fs.BoolVar(&o.updateBaseline, "update-baseline", false, "write this run's report to -baseline and pass")
	fs.StringVar(&o.sarif, "sarif", "", "write SARIF 2.1.0 to this file")
	fs.StringVar(&o.junit, "junit", "", "write JUnit XML to this file")
	fs.StringVar(&o.failOn, "fail-on", "high", "the least severe new failure that fails the gate: critical, high, medium, low or informational")
	fs.StringVar(&o.waivers, "waivers", "", "waivers file (JSON)")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Minute, "give up after this long")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fs.PrintDefaults()
			return exitPass
		}
		fmt.Fprintf(stderr, "cigate: %v\n", err)
		return exitUsage
	}
	if o.baseline == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "cigate: -baseline is required (use -update-baseline once to record it), and no arguments are taken")
		return exitUsage
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
	defer cancel()
	code, err := gate(ctx, o, stdout, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "cigate: %s\n", strings.ReplaceAll(err.Error(), "\n", "; "))
		return exitUsage
	}
	return code
}

func gate(ctx context.Context, o options, stdout, stderr io.Writer) (int, error) {
	failOn, err := governance.ParseSeverity(o.failOn)
	if err != nil {
		return 0, err
	}
	opts, cleanup, err := sources(ctx, o)
	if err != nil {
		return 0, err
	}
	defer cleanup()
	if o.waivers != "" {
		ws, err := governance.ReadWaiversFile(o.waivers)
		if err != nil {
			return 0, err
		}
		opts = append(opts, governance.WithWaivers(ws))
	}
	ev, err := governance.New(opts...)
	if err != nil {
		return 0, err
	}
	var baseline *governance.Report
	if !o.updateBaseline {
		f, err := os.Open(o.baseline)
		if err != nil {
			return 0, fmt.Errorf("reading the baseline: %w (record one with -update-baseline)", err)
		}
		baseline, err = governance.ReadReport(f)
		f.Close()
		if err != nil {
			return 0, fmt.Errorf("%s: %w", o.baseline, err)
		}
	}
	report, err := ev.Evaluate(ctx)
	if err != nil {
		return 0, err
	}
	tool := render.WithTool("aigov cigate", "0.1.0", "https://github.com/aigov/aigov")
	for _, out := range []struct {
		path   string
		format render.Format
	}{{o.sarif, render.FormatSARIF}, {o.junit, render.FormatJUnit}} {
		if out.path == "" {
			continue
		}
		if err := writeFile(out.path, func(w io.Writer) error { return render.Write(w, out.format, report, tool) }); err != nil {
			return 0, err
		}
	}
	if o.updateBaseline {
		if err := writeFile(o.baseline, func(w io.Writer) error { return render.JSON(w, report) }); err != nil {
			return 0, err
		}
		fmt.Fprintf(stdout, "cigate: recorded the baseline in %s (%s)\n", o.baseline, report.Scores.Overall)
		return exitPass, nil
	}
	d := governance.Compare(baseline, report)
	newFailures := d.NewFailures(failOn)
	fmt.Fprintf(stdout, "cigate: %s; since the baseline %d new, %d resolved\n", report.Scores.Overall, len(d.New), len(d.Resolved))
	for _, c := range report.Controls {
		if c.Status == governance.StatusUnknown && c.Severity.AtLeast(failOn) {
			fmt.Fprintf(stderr, "cigate: warning: %s %s is UNKNOWN: %s\n", c.ID, c.Title, c.Reason)
		}
	}
	if len(newFailures) == 0 {
		return exitPass, nil
	}
	for _, f := range newFailures {
		fmt.Fprintf(stderr, "cigate: new %s failure %s in %s: %s\n", f.Severity, f.Control, location(f), f.Message)
	}
	return exitFail, nil
}

func location(f governance.Finding) string {
	parts := []string{f.Account}
	if f.Region != "" {
		parts = append(parts, f.Region)
	}
	if f.Resource != "" {
		parts = append(parts, f.Resource)
	}
	return strings.Join(parts, "/")
}

func sources(ctx context.Context, o options) ([]governance.Option, func(), error) {
	if o.demo {
		e := demo.New()
		return e.Options(), e.Close, nil
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, func() {}, fmt.Errorf("loading the AWS configuration: %w", err)
	}
	opts := []governance.Option{governance.WithAWSConfig(cfg)}
	if o.regions != "" {
		opts = append(opts, governance.WithRegions(strings.Split(o.regions, ",")...))
	}
	return opts, func() {}, nil
}

// writeFile writes through a temporary file renamed into place.
func writeFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".cigate-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
