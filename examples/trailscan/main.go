package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	awscloudtrail "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/aigov/aigov/cloudtrail"
	"github.com/aigov/aigov/cloudtrail/integrity"
	"github.com/aigov/aigov/cloudtrail/logfile"
)

// Exit codes.
const (
	exitOK         = 0
	exitReadErrors = 1
	exitUsage      = 2
	exitDetections = 3
	exitIntegrity  = 4
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, nil))
}

// options are the parsed command line.
type options struct {
	json, verify, stopOnError, quiet bool
	keysFile                         string
	rules                            []cloudtrail.Rule
	accounts, regions                []string
	since, until                     time.Time
	workers                          int
	failOn                           cloudtrail.Severity
	inputs                           []string
}

// deps are what run needs from outside, replaceable in tests.
type deps struct {
	s3      func(ctx context.Context) (logfile.S3API, error)
	keysAPI func(ctx context.Context) (integrity.KeysAPI, error)
	// progressAfter is how long a scan runs before progress is shown.
	progressAfter time.Duration
}

func defaultDeps() *deps {
	return &deps{
		s3: func(ctx context.Context) (logfile.S3API, error) {
			cfg, err := config.LoadDefaultConfig(ctx)
			if err != nil {
				return nil, err
			}
			return s3.NewFromConfig(cfg), nil
		},
		keysAPI: func(ctx context.Context) (integrity.KeysAPI, error) {
			cfg, err := config.LoadDefaultConfig(ctx)
			if err != nil {
				return nil, err
			}
			return awscloudtrail.NewFromConfig(cfg), nil
		},
		progressAfter: time.Second,
	}
}

// run is the whole command; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, d *deps) int {
	if d == nil {
		d = defaultDeps()
	}
	opts, err := parseFlags(args, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "trailscan: %v (see trailscan -h)\n", err)
		return exitUsage
	}
	code := exitOK
	if opts.verify {
		if code = verify(ctx, opts, d, stderr); code != exitOK {
			return code
		}
	}
	return max(code, scan(ctx, opts, d, stdout, stderr))
}

func parseFlags(args []string, stdout io.Writer) (*options, error) {
	fs := flag.NewFlagSet("trailscan", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported in one line by run
	var o options
	var rules, accounts, regions, since, until, failOn string
	fs.BoolVar(&o.json, "json", false, "print JSON instead of text")
	fs.BoolVar(&o.verify, "verify", false, "validate log file integrity first")
	fs.StringVar(&o.keysFile, "keys", "", "CloudTrail public keys for -verify (list-public-keys JSON)")
	fs.StringVar(&rules, "rules", "ai,iam,tampering,denied", "rule sets to run")
	fs.StringVar(&accounts, "account", "", "only these accounts (comma-separated)")
	fs.StringVar(&regions, "region", "", "only these regions (comma-separated)")
	fs.StringVar(&since, "since", "", "only events at or after this RFC 3339 time")
	fs.StringVar(&until, "until", "", "only events before this RFC 3339 time")
	fs.IntVar(&o.workers, "workers", 0, "files read at once (default: number of CPUs)")
	fs.StringVar(&failOn, "fail-on", "", "exit 3 when a detection is at least this severe")
	fs.BoolVar(&o.stopOnError, "stop-on-error", false, "stop at the first unreadable file or record")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress on stderr")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, "usage: trailscan [flags] PATH|s3://BUCKET/PREFIX ...")
			fs.SetOutput(stdout)
			fs.PrintDefaults()
		}
		return nil, err
	}
	o.inputs = fs.Args()
	if len(o.inputs) == 0 {
		return nil, errors.New("no input: give log files, directories or s3://bucket/prefix")
	}
	sets := map[string]func() []cloudtrail.Rule{
		"ai": cloudtrail.AIOperationRules, "iam": cloudtrail.IAMPrivilegeRules,
		"tampering": cloudtrail.LoggingTamperingRules, "denied": cloudtrail.DeniedAccessRules,
	}
	for _, name := range splitList(rules) {
		set, ok := sets[name]
		if !ok {
			return nil, fmt.Errorf("-rules: unknown rule set %q, want ai, iam, tampering or denied", name)
		}
		o.rules = append(o.rules, set()...)
	}
	o.accounts, o.regions = splitList(accounts), splitList(regions)
	var err error
	if o.since, err = parseTime("-since", since); err != nil {
		return nil, err
	}
	if o.until, err = parseTime("-until", until); err != nil {
		return nil, err
	}
	if !o.since.IsZero() && !o.until.IsZero() && !o.since.Before(o.until) {
		return nil, errors.New("-since must be before -until")
	}
	if o.workers < 0 {
		return nil, fmt.Errorf("-workers %d: want 1 or more", o.workers)
	}
	if failOn != "" {
		o.failOn = cloudtrail.Severity(failOn)
		if o.failOn.Rank() == 0 {
			return nil, fmt.Errorf("-fail-on %q: want low, medium, high or critical", failOn)
		}
	}
	return &o, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func parseTime(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q: want an RFC 3339 time such as 2025-01-02T15:04:05Z", name, s)
	}
	return t, nil
}

// s3URL splits s3://bucket/prefix.
func s3URL(in string) (bucket, prefix string, ok bool) {
	rest, ok := strings.CutPrefix(in, "s3://")
	if !ok {
		return "", "", false
	}
	bucket, prefix, _ = strings.Cut(rest, "/")
	return bucket, prefix, bucket != ""
}

// sources returns a Source per input, in the order given.
func sources(ctx context.Context, opts *options, d *deps) ([]logfile.Source, error) {
	var out []logfile.Source
	var local []string
	for _, in := range opts.inputs {
		bucket, prefix, ok := s3URL(in)
		if !ok {
			local = append(local, in)
			continue
		}
		api, err := d.s3(ctx)
		if err != nil {
			return nil, fmt.Errorf("AWS configuration for %s: %w", in, err)
		}
		out = append(out, logfile.Bucket(api, bucket, prefix))
	}
	if len(local) > 0 {
		out = append(out, logfile.Local(local...))
	}
	return out, nil
}

// counters are the progress so far, written by the scan and read by the
// progress printer.
type counters struct {
	files, events, bytes atomic.Int64
}

func scan(ctx context.Context, opts *options, d *deps, stdout, stderr io.Writer) int {
	srcs, err := sources(ctx, opts, d)
	if err != nil {
		fmt.Fprintf(stderr, "trailscan: %v\n", err)
		return exitReadErrors
	}
	var progress counters
	stopProgress := startProgress(opts, d, stderr, &progress)
	lopts := []logfile.Option{
		logfile.WithAccounts(opts.accounts...), logfile.WithRegions(opts.regions...),
		logfile.WithTimeRange(opts.since, opts.until, logfile.DefaultDeliverySlack),
		logfile.WithProgress(func(p logfile.Progress) {
			progress.files.Add(1)
			progress.events.Add(int64(p.Events))
			progress.bytes.Add(p.Bytes)
		}),
	}
	if opts.workers > 0 {
		lopts = append(lopts, logfile.WithWorkers(opts.workers))
	}
	if !opts.stopOnError {
		lopts = append(lopts, logfile.WithContinueOnError())
	}
	det, err := cloudtrail.NewDetector(opts.rules)
	if err != nil {
		fmt.Fprintf(stderr, "trailscan: %v\n", err)
		return exitUsage
	}
	var errs []string
	for _, src := range srcs {
		for ev, err := range logfile.Events(ctx, src, lopts...) {
			if err != nil {
				errs = append(errs, err.Error())
				fmt.Fprintf(stderr, "trailscan: %v\n", err)
				continue
			}
			det.Add(ev)
		}
	}
	stopProgress()
	files, events := progress.files.Load(), progress.events.Load()
	dets := det.Detections()
	if opts.json {
		out := struct {
			Files      int64                  `json:"files"`
			Events     int64                  `json:"events"`
			Detections []cloudtrail.Detection `json:"detections"`
			Errors     []string               `json:"errors,omitempty"`
		}{files, events, dets, errs}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(out)
	} else {
		printText(stdout, dets, files, events, len(errs))
	}
	switch {
	case ctx.Err() != nil:
		return exitReadErrors
	case opts.failOn != "" && slices.ContainsFunc(dets, func(d cloudtrail.Detection) bool { return d.Severity.Rank() >= opts.failOn.Rank() }):
		return exitDetections
	case len(errs) > 0:
		return exitReadErrors
	}
	return exitOK
}

func printText(w io.Writer, dets []cloudtrail.Detection, files, events int64, errors int) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, d := range dets {
		fmt.Fprintf(tw, "[%s]\t%s\t%s\n", d.Severity, d.RuleID, d.Title)
		who := d.Principal.ID
		if d.Principal.Type != "" {
			who += " (" + d.Principal.Type + ")"
		}
		fmt.Fprintf(tw, "\tprincipal\t%s\n", who)
		if len(d.SessionNames) > 0 {
			fmt.Fprintf(tw, "\tsessions\t%s\n", strings.Join(d.SessionNames, ", "))
		}
		fmt.Fprintf(tw, "\tevents\t%s: %d (%d failed)\n", strings.Join(d.EventNames, ", "), d.Count, d.Failed)
		if !d.FirstSeen.IsZero() {
			fmt.Fprintf(tw, "\twhen\t%s to %s\n", d.FirstSeen.Format(time.RFC3339), d.LastSeen.Format(time.RFC3339))
		}
		fmt.Fprintf(tw, "\twhere\taccounts %s; regions %s; from %s\n",
			orNone(d.AccountIDs), orNone(d.Regions), orNone(d.SourceIPAddresses))
		if len(d.SampleEventIDs) > 0 {
			fmt.Fprintf(tw, "\tsample\t%s\n", strings.Join(d.SampleEventIDs, ", "))
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "%d detections in %d events from %d files", len(dets), events, files)
	if errors > 0 {
		fmt.Fprintf(w, "; %d errors (see stderr)", errors)
	}
	fmt.Fprintln(w)
}

func orNone(ss []string) string {
	if len(ss) == 0 {
		return "-"
	}
	return strings.Join(ss, ", ")
}

// startProgress prints progress to stderr every second once the scan has
// run for d.progressAfter, and returns a function that stops it.
func startProgress(opts *options, d *deps, stderr io.Writer, c *counters) (stop func()) {
	if opts.quiet {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		timer := time.NewTimer(d.progressAfter)
		defer timer.Stop()
		select {
		case <-done:
			return
		case <-timer.C:
		}
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			fmt.Fprintf(stderr, "trailscan: %d files, %d events, %.1f MB read\n",
				c.files.Load(), c.events.Load(), float64(c.bytes.Load())/1e6)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// verify validates each input's integrity; local inputs must be the root
// of a copy of a trail bucket (holding AWSLogs/).
func verify(ctx context.Context, opts *options, d *deps, stderr io.Writer) int {
	keys, err := publicKeys(ctx, opts, d)
	if err != nil {
		fmt.Fprintf(stderr, "trailscan: -verify: %v\n", err)
		return exitIntegrity
	}
	code := exitOK
	for _, in := range opts.inputs {
		store, prefix := integrity.LocalStore(in), ""
		if bucket, p, ok := s3URL(in); ok {
			api, err := d.s3(ctx)
			if err != nil {
				fmt.Fprintf(stderr, "trailscan: -verify %s: %v\n", in, err)
				return exitIntegrity
			}
			store, prefix = integrity.BucketStore(api, bucket), p
		}
		report, err := integrity.New(store, keys).Validate(ctx, prefix)
		if err != nil {
			fmt.Fprintf(stderr, "trailscan: -verify %s: %v\n", in, err)
			return exitIntegrity
		}
		digests := 0
		for _, f := range report.Files {
			if f.Kind == integrity.KindDigest {
				digests++
			}
			if f.Status != integrity.StatusValid {
				fmt.Fprintf(stderr, "trailscan: -verify: %s %s: %s\n", f.Kind, f.Key, f.Problems[0].Detail)
			}
		}
		for _, g := range report.Gaps {
			fmt.Fprintf(stderr, "trailscan: -verify: gap before %s: %s\n", g.Before, g.Reason)
		}
		if digests == 0 {
			fmt.Fprintf(stderr, "trailscan: -verify %s: no digest files found; nothing vouches for these logs\n", in)
			code = exitIntegrity
		}
		if !report.OK() {
			code = exitIntegrity
		}
	}
	return code
}

// publicKeys reads -keys, or fetches the keys from CloudTrail.
func publicKeys(ctx context.Context, opts *options, d *deps) ([]integrity.PublicKey, error) {
	if opts.keysFile == "" {
		api, err := d.keysAPI(ctx)
		if err != nil {
			return nil, err
		}
		return integrity.FetchPublicKeys(ctx, api, time.Time{}, time.Time{})
	}
	data, err := os.ReadFile(opts.keysFile)
	if err != nil {
		return nil, err
	}
	var list struct {
		PublicKeyList []struct{ Fingerprint, Value string }
	}
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("%s: %w", opts.keysFile, err)
	}
	var keys []integrity.PublicKey
	for _, k := range list.PublicKeyList {
		der, err := base64.StdEncoding.DecodeString(k.Value)
		if err != nil {
			return nil, fmt.Errorf("%s: key %s: %w", opts.keysFile, k.Fingerprint, err)
		}
		pk, err := integrity.ParsePublicKey(der)
		if err != nil {
			return nil, err
		}
		keys = append(keys, pk)
	}
	return keys, nil
}
