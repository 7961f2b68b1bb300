package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/aigov/aigov/governance"
	"github.com/aigov/aigov/governance/render"
)

// progressPrinter reports each finished collection task on w: one line
// rewritten in place on a terminal, plain lines otherwise (a CI log).
func progressPrinter(w io.Writer) func(governance.Progress) {
	f, ok := w.(*os.File)
	live := ok && render.IsTerminal(f)
	return func(p governance.Progress) {
		where := p.Account
		if p.Region != "" {
			where += "/" + p.Region
		}
		line := fmt.Sprintf("[%d/%d] %s %s: %s", p.Done, p.Total, p.Source, where, p.Outcome)
		if live {
			fmt.Fprintf(w, "\r\033[K%s", line)
			if p.Done == p.Total {
				fmt.Fprintln(w)
			}
			return
		}
		fmt.Fprintln(w, line)
	}
}

// readPolicy reads a policy file: governance.Policy in JSON, unknown
// fields refused so that a typo does not silently drop a requirement.
func readPolicy(path string) (governance.Policy, error) {
	var p governance.Policy
	f, err := os.Open(path)
	if err != nil {
		return p, err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return p, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}
