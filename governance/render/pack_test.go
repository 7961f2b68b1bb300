package render

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aigov/aigov/internal/testkit"

	"github.com/aigov/aigov/governance"
	"github.com/google/go-cmp/cmp"
)

// packKey is a fixed test key, so that signed packs are reproducible.
var packKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))

func testPack() *EvidencePack {
	r := fixture()
	return &EvidencePack{
		Report: r,
		Snapshot: &governance.Snapshot{
			SchemaVersion: governance.SnapshotSchemaVersion, CollectedAt: collectedAt, Scope: r.Scope,
			Policy: governance.DefaultPolicy(), Sources: r.Sources,
		},
		Documents: []Document{
			{Name: "ISO 27001 certificate.pdf", Content: []byte("%PDF-1.7 certificate")},
			{Name: "soc2-type2-2026.pdf", Content: []byte("%PDF-1.7 SOC 2 report")},
		},
	}
}

func writeDir(t *testing.T, p *EvidencePack, opts ...PackOption) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pack")
	if err := p.WriteDir(dir, opts...); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestEvidencePackRoundTrip(t *testing.T) {
	dir := writeDir(t, testPack(), WithSigningKey(packKey), WithVersion("v1.2.3"))
	if err := VerifyDir(dir, packKey.Public().(ed25519.PublicKey)); err != nil {
		t.Fatalf("an intact pack does not verify: %v", err)
	}
	if err := VerifyDir(dir, nil); err != nil {
		t.Fatalf("an intact pack does not verify without a key: %v", err)
	}
	var files []string
	if err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	want := []string{"documents/ISO 27001 certificate.pdf", "documents/soc2-type2-2026.pdf", "manifest.json", "manifest.sig", "report.html", "report.json", "snapshot.json"}
	if d := cmp.Diff(want, files); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	raw, err := os.ReadFile(filepath.Join(dir, PackManifest))
	if err != nil {
		t.Fatal(err)
	}
	testkit.Golden(t, "manifest.json", raw)
	var m Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if m.Format != PackFormat || m.AIGovVersion != "v1.2.3" || !m.ReportGeneratedAt.Equal(generatedAt) || m.SigningKey == "" || len(m.Files) != 5 {
		t.Errorf("manifest: %+v", m)
	}
	report, err := os.ReadFile(filepath.Join(dir, PackReport))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(report, rendered(t, FormatJSON)) {
		t.Error("report.json is not the JSON output")
	}
	snap, err := os.Open(filepath.Join(dir, PackSnapshot))
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	if _, err := governance.ReadSnapshot(snap); err != nil {
		t.Errorf("snapshot.json does not read back: %v", err)
	}
}

// wantVerifyErrors checks that err holds exactly the problems given, as
// "kind path".
func wantVerifyErrors(t *testing.T, err error, want ...string) {
	t.Helper()
	var got []string
	for _, e := range unjoin(err) {
		var ve *VerifyError
		if !errors.As(e, &ve) {
			t.Fatalf("%v is not a *VerifyError", e)
		}
		kind := map[error]string{ErrFileChanged: "changed", ErrFileMissing: "missing", ErrFileAdded: "added",
			ErrBadManifest: "bad-manifest", ErrBadSignature: "bad-signature", ErrUnsigned: "unsigned"}[ve.Err]
		if !errors.Is(err, ve.Err) || !strings.Contains(e.Error(), ve.Path) {
			t.Errorf("%v: errors.Is does not find its kind, or the message does not name the file", e)
		}
		got = append(got, kind+" "+ve.Path)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("problems (-want +got):\n%s\nerror: %v", d, err)
	}
}

func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func TestEvidencePackTamper(t *testing.T) {
	pub := packKey.Public().(ed25519.PublicKey)
	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, ed25519.SeedSize)).Public().(ed25519.PublicKey)
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, dir string)
		key    ed25519.PublicKey
		want   []string
	}{
		{"a file changed", func(t *testing.T, dir string) {
			appendTo(t, filepath.Join(dir, PackReportHTML), "<!-- edited -->")
		}, pub, []string{"changed report.html"}},
		{"a document changed without a key", func(t *testing.T, dir string) {
			appendTo(t, filepath.Join(dir, "documents", "soc2-type2-2026.pdf"), " forged")
		}, nil, []string{"changed documents/soc2-type2-2026.pdf"}},
		{"a file added", func(t *testing.T, dir string) {
			appendTo(t, filepath.Join(dir, "documents", "extra.pdf"), "%PDF")
		}, pub, []string{"added documents/extra.pdf"}},
		{"a file removed", func(t *testing.T, dir string) {
			remove(t, filepath.Join(dir, PackSnapshot))
		}, pub, []string{"missing snapshot.json"}},
		{"the manifest rewritten to match a changed file", func(t *testing.T, dir string) {
			appendTo(t, filepath.Join(dir, PackReport), " ")
			rewriteManifest(t, dir, func(m *Manifest) {
				for i, f := range m.Files {
					if f.Path == PackReport {
						data, _ := os.ReadFile(filepath.Join(dir, PackReport))
						m.Files[i] = hashOf(f.Path, data)
					}
				}
			})
		}, pub, []string{"bad-signature manifest.sig"}},
		{"the signature removed", func(t *testing.T, dir string) {
			remove(t, filepath.Join(dir, PackSignature))
		}, pub, []string{"unsigned manifest.sig"}},
		{"another key", func(*testing.T, string) {}, other, []string{"bad-signature manifest.sig"}},
		{"the manifest removed", func(t *testing.T, dir string) {
			remove(t, filepath.Join(dir, PackManifest))
		}, pub, []string{"missing manifest.json"}},
		{"the manifest is not one", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, PackManifest), []byte(`{"format": "something else", "files": []}`), 0o644); err != nil {
				t.Fatal(err)
			}
		}, pub, []string{"bad-manifest manifest.json"}},
		{"several problems at once", func(t *testing.T, dir string) {
			appendTo(t, filepath.Join(dir, PackReport), " ")
			appendTo(t, filepath.Join(dir, "notes.txt"), "hello")
			remove(t, filepath.Join(dir, "documents", "ISO 27001 certificate.pdf"))
		}, pub, []string{"added notes.txt", "changed report.json", "missing documents/ISO 27001 certificate.pdf"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeDir(t, testPack(), WithSigningKey(packKey))
			tc.tamper(t, dir)
			wantVerifyErrors(t, VerifyDir(dir, tc.key), tc.want...)
		})
	}
}

// Without a key, a pack whose manifest was rewritten to match its files
// verifies: hashes alone catch accidents, only a signature catches intent.
func TestEvidencePackWithoutKeyTrustsTheManifest(t *testing.T) {
	dir := writeDir(t, testPack())
	appendTo(t, filepath.Join(dir, PackReport), " ")
	rewriteManifest(t, dir, func(m *Manifest) {
		data, _ := os.ReadFile(filepath.Join(dir, PackReport))
		for i, f := range m.Files {
			if f.Path == PackReport {
				m.Files[i] = hashOf(f.Path, data)
			}
		}
	})
	if err := VerifyDir(dir, nil); err != nil {
		t.Errorf("VerifyDir without a key: %v", err)
	}
	wantVerifyErrors(t, VerifyDir(dir, packKey.Public().(ed25519.PublicKey)), "unsigned manifest.sig")
}

func TestEvidencePackZip(t *testing.T) {
	pub := packKey.Public().(ed25519.PublicKey)
	var first, second bytes.Buffer
	if err := testPack().WriteZip(&first, WithSigningKey(packKey), WithVersion("v1.2.3")); err != nil {
		t.Fatal(err)
	}
	if err := testPack().WriteZip(&second, WithSigningKey(packKey), WithVersion("v1.2.3")); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Fatal("two zips of the same pack differ")
	}
	if err := VerifyZip(bytes.NewReader(first.Bytes()), int64(first.Len()), pub); err != nil {
		t.Fatalf("an intact zip does not verify: %v", err)
	}

	// The zip holds the same files, byte for byte, as the directory.
	dir := writeDir(t, testPack(), WithSigningKey(packKey), WithVersion("v1.2.3"))
	zr, err := zip.NewReader(bytes.NewReader(first.Bytes()), int64(first.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(generatedAt) {
			t.Errorf("%s is dated %v, want the report's generatedAt", f.Name, f.Modified)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		want, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Name)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs between the zip and the directory (%v)", f.Name, err)
		}
	}
	if !slices.IsSorted(names[:len(names)-2]) || names[len(names)-2] != PackManifest || names[len(names)-1] != PackSignature {
		t.Errorf("entries %q: want sorted files, then the manifest and its signature", names)
	}

	// A changed entry, an added one and one that escapes the directory.
	tampered := rezip(t, zr, func(name string, data []byte) (string, []byte) {
		if name == PackReportHTML {
			return name, append(data, "<!-- edited -->"...)
		}
		return name, data
	}, "../escape.sh", "documents/extra.pdf")
	wantVerifyErrors(t, VerifyZip(bytes.NewReader(tampered), int64(len(tampered)), pub),
		"added ../escape.sh", "added documents/extra.pdf", "changed report.html")
}

func TestEvidencePackDocumentNames(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"../../etc/passwd", `document name "../../etc/passwd" has a directory in it`},
		{"..", `document name ".." is not a file name`},
		{"", `document name "" is not a file name`},
		{`dir\file.pdf`, `has a directory in it`},
		{"/abs.pdf", `has a directory in it`},
		{"bell\a.pdf", `has control characters`},
		{"trailing.", `ends with a dot`},
		{strings.Repeat("x", 201), `is longer than 200 bytes`},
	} {
		p := testPack()
		p.Documents = []Document{{Name: tc.name}}
		dir := filepath.Join(t.TempDir(), "pack")
		err := p.WriteDir(dir)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("document %q: error %v, want one saying %q", tc.name, err, tc.want)
		}
		if _, statErr := os.Stat(dir); !errors.Is(statErr, fs.ErrNotExist) {
			t.Errorf("document %q: the pack directory was created although the pack was refused", tc.name)
		}
		if err := p.WriteZip(io.Discard); err == nil {
			t.Errorf("document %q: WriteZip accepts it", tc.name)
		}
	}
	p := testPack()
	p.Documents = append(p.Documents, Document{Name: "SOC2-Type2-2026.pdf"})
	if err := p.WriteZip(io.Discard); err == nil || !strings.Contains(err.Error(), "case-insensitive") {
		t.Errorf("names that differ only in case: %v", err)
	}
}

func TestEvidencePackWriteErrors(t *testing.T) {
	dir := t.TempDir()
	appendTo(t, filepath.Join(dir, "old.txt"), "left over")
	if err := testPack().WriteDir(dir); err == nil || !strings.Contains(err.Error(), "is not empty") {
		t.Errorf("WriteDir into a non-empty directory: %v", err)
	}
	if err := testPack().WriteZip(io.Discard, WithSigningKey(packKey[:10])); err == nil {
		t.Error("a short signing key is accepted")
	}
	if err := (&EvidencePack{}).WriteZip(io.Discard); err == nil {
		t.Error("a pack without a report is accepted")
	}
}

func appendTo(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, path string) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
}

func rewriteManifest(t *testing.T, dir string, edit func(*Manifest)) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, PackManifest))
	if err != nil {
		t.Fatal(err)
	}
	var m Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	edit(&m)
	out, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, PackManifest), append(out, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

func hashOf(path string, data []byte) ManifestFile {
	sum := sha256.Sum256(data)
	return ManifestFile{Path: path, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
}

// rezip copies a zip, passing each entry through edit, and adds the extra
// entries given.
func rezip(t *testing.T, zr *zip.Reader, edit func(string, []byte) (string, []byte), extra ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		name, data := edit(f.Name, data)
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	for _, name := range extra {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("#!/bin/sh\n"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
