package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aigov/aigov/artifact"
	"github.com/aigov/aigov/governance"
	"github.com/aigov/aigov/governance/render"
)

// writePack writes the evidence pack, with the Artifact reports behind the
// required certifications when asked.
func writePack(ctx context.Context, o options, r *governance.Report, snap *governance.Snapshot, key ed25519.PrivateKey, c *artifact.Client, log io.Writer) error {
	pack := render.EvidencePack{Report: r, Snapshot: snap}
	if o.artifactDocs {
		docs, err := artifactDocuments(ctx, c, snap)
		if err != nil {
			return err
		}
		pack.Documents = docs
	}
	opts := []render.PackOption{render.WithVersion("aigov posture " + version)}
	if key != nil {
		opts = append(opts, render.WithSigningKey(key))
	}
	if err := pack.WriteDir(o.evidencePack, opts...); err != nil {
		return usageError{fmt.Errorf("evidence pack: %w", err)}
	}
	fmt.Fprintf(log, "posture: wrote the evidence pack %s (%d documents, signed: %v)\n", o.evidencePack, len(pack.Documents), key != nil)
	return nil
}

// artifactDocuments downloads, once, the report that satisfies each
// required certification in the snapshot's Artifact catalogue.
func artifactDocuments(ctx context.Context, c *artifact.Client, snap *governance.Snapshot) ([]render.Document, error) {
	if len(snap.Artifact) == 0 || !snap.Artifact[0].Reports.OK() {
		return nil, fmt.Errorf("-artifact-documents: the snapshot has no AWS Artifact catalogue to pick the reports from")
	}
	st := snap.Artifact[0]
	var docs []render.Document
	seen := map[string]bool{}
	for _, cs := range artifact.EvaluateCertifications(st.Reports.Value, st.CollectedAt, snap.Policy.CertificationRequirements()...) {
		if cs.Report == nil || seen[cs.Report.ID] {
			continue
		}
		seen[cs.Report.ID] = true
		var buf bytes.Buffer
		d, err := c.Download(ctx, cs.Report.ID, cs.Report.Version, &buf)
		if err != nil {
			return nil, fmt.Errorf("-artifact-documents: %s: %w", cs.Requirement.Name, err)
		}
		name := d.FileName
		if name == "" {
			name = cs.Report.ID + ".pdf"
		}
		docs = append(docs, render.Document{Name: name, Content: buf.Bytes()})
	}
	return docs, nil
}

// readKey reads an Ed25519 private key written as hex: a 32-byte seed or
// the 64-byte key.
func readKey(path string) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("-sign-key: %w", err)
	}
	raw, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("-sign-key %s: not hex: %w", path, err)
	}
	switch len(raw) {
	case ed25519.SeedSize:
		return ed25519.NewKeyFromSeed(raw), nil
	case ed25519.PrivateKeySize:
		return ed25519.PrivateKey(raw), nil
	}
	return nil, fmt.Errorf("-sign-key %s: %d bytes; an Ed25519 key is a 32-byte seed or a 64-byte key", path, len(raw))
}
