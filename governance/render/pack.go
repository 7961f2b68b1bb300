package render

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/aigov/aigov/governance"
)

// The names in an evidence pack.
const (
	PackReport     = "report.json"
	PackReportHTML = "report.html"
	PackSnapshot   = "snapshot.json"
	PackDocuments  = "documents"
	PackManifest   = "manifest.json"
	PackSignature  = "manifest.sig"
	// PackFormat is the manifest's format field.
	PackFormat = "aigov-evidence-pack/v1"
)

const (
	maxDocumentName = 200
	packFileMode    = 0o644
	packDirMode     = 0o755
)

// EvidencePack is what an auditor receives: the report in JSON and HTML,
// the snapshot it was evaluated from, and documents such as the AWS
// Artifact reports downloaded for the audit, with a manifest of every file
// and its SHA-256, optionally signed with an Ed25519 key so that the
// auditor can verify that nothing changed after the pack was produced.
//
// A pack is written as a directory (WriteDir) or a zip archive (WriteZip)
// of the same files:
//
//	report.json          the report, as JSON writes it
//	report.html          the report, as HTML writes it
//	snapshot.json        the snapshot, when the pack has one
//	documents/<name>     each document
//	manifest.json        every file above with its size and SHA-256
//	manifest.sig         the Ed25519 signature of manifest.json's exact bytes, when signed
//
// VerifyDir and VerifyZip check a pack; the package documentation shows
// how to check one without Go.
type EvidencePack struct {
	Report *governance.Report
	// Snapshot is the snapshot the report was evaluated from; nil leaves
	// snapshot.json out.
	Snapshot  *governance.Snapshot
	Documents []Document
}

// Document is a file kept in the pack's documents directory. Its content
// is held in memory: packs hold reports of a few megabytes, and the pack
// is written twice (directory and zip) from the same bytes.
type Document struct {
	// Name is a plain file name, such as "soc2-type2-2026.pdf": no
	// directories, no "..", no control characters, at most 200 bytes.
	Name    string
	Content []byte
}

// Manifest is the contents of manifest.json.
type Manifest struct {
	// Format is "aigov-evidence-pack/v1".
	Format string `json:"format"`
	// AIGovVersion is the version of aigov that wrote the pack, as
	// WithVersion gives it.
	AIGovVersion        string    `json:"aigovVersion,omitempty"`
	ReportGeneratedAt   time.Time `json:"reportGeneratedAt"`
	ReportSchemaVersion string    `json:"reportSchemaVersion"`
	// Files lists every file of the pack but the manifest and its
	// signature, sorted by path.
	Files []ManifestFile `json:"files"`
	// SigningKey is the hex Ed25519 public key whose private half signed
	// the manifest, for the auditor to compare with the key they were
	// given. It is informational: verification uses the key the verifier
	// trusts, never this one.
	SigningKey string `json:"signingKey,omitempty"`
}

// ManifestFile is one file of the pack.
type ManifestFile struct {
	// Path is slash-separated and relative to the pack's root.
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// PackOption configures how a pack is written.
type PackOption func(*packSettings) error

type packSettings struct {
	key     ed25519.PrivateKey
	version string
	render  []Option
}

// WithSigningKey signs the manifest with key: the pack gets manifest.sig,
// and the manifest names the public key.
func WithSigningKey(key ed25519.PrivateKey) PackOption {
	return func(s *packSettings) error {
		if len(key) != ed25519.PrivateKeySize {
			return fmt.Errorf("render: WithSigningKey: an Ed25519 private key is %d bytes, not %d", ed25519.PrivateKeySize, len(key))
		}
		s.key = key
		return nil
	}
}

// WithVersion records the version of aigov that wrote the pack in the
// manifest.
func WithVersion(version string) PackOption {
	return func(s *packSettings) error {
		s.version = version
		return nil
	}
}

// WithReportOptions passes options to the HTML renderer of report.html,
// such as WithTitle and WithTool. report.json is always the whole report.
func WithReportOptions(opts ...Option) PackOption {
	return func(s *packSettings) error {
		s.render = append(s.render, opts...)
		return nil
	}
}

// The problems VerifyDir and VerifyZip find, each wrapped in a
// *VerifyError that names the file.
var (
	// ErrFileChanged: a file's size or SHA-256 is not the manifest's.
	ErrFileChanged = errors.New("changed since the pack was written")
	// ErrFileMissing: a file of the manifest, or the manifest itself, is
	// missing.
	ErrFileMissing = errors.New("missing")
	// ErrFileAdded: a file that the manifest does not list, or an entry
	// that is not a plain file.
	ErrFileAdded = errors.New("not in the manifest")
	// ErrBadManifest: manifest.json does not parse or is not a manifest.
	ErrBadManifest = errors.New("not a valid manifest")
	// ErrBadSignature: manifest.sig is not the signature of manifest.json
	// by the given key.
	ErrBadSignature = errors.New("the signature does not verify with the given key")
	// ErrUnsigned: a key was given but the pack has no manifest.sig.
	ErrUnsigned = errors.New("the pack is not signed")
)

// VerifyError is one problem with one file of an evidence pack. Err is one
// of ErrFileChanged, ErrFileMissing, ErrFileAdded, ErrBadManifest,
// ErrBadSignature and ErrUnsigned, so errors.Is tells the kind and
// errors.As the file.
type VerifyError struct {
	Path   string
	Err    error
	Detail string
}

func (e *VerifyError) Error() string {
	msg := "render: evidence pack: " + e.Path + ": " + e.Err.Error()
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	return msg
}

func (e *VerifyError) Unwrap() error { return e.Err }

// WriteDir writes the pack into dir, which must not exist or be empty: a
// file left there from before would fail verification.
func (p *EvidencePack) WriteDir(dir string, opts ...PackOption) error {
	files, err := p.files(opts)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, packDirMode); err != nil {
		return fmt.Errorf("render: evidence pack: %w", err)
	}
	if entries, err := os.ReadDir(dir); err != nil {
		return fmt.Errorf("render: evidence pack: %w", err)
	} else if len(entries) > 0 {
		return fmt.Errorf("render: evidence pack: directory %s is not empty; write the pack to a new directory", dir)
	}
	// os.Root keeps every write inside dir, whatever a path says.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("render: evidence pack: %w", err)
	}
	defer root.Close()
	for _, f := range files {
		if strings.HasPrefix(f.path, PackDocuments+"/") {
			if err := root.Mkdir(PackDocuments, packDirMode); err != nil && !errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("render: evidence pack: %w", err)
			}
		}
		out, err := root.OpenFile(f.path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, packFileMode)
		if err != nil {
			return fmt.Errorf("render: evidence pack: %w", err)
		}
		_, werr := out.Write(f.data)
		if cerr := out.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return fmt.Errorf("render: evidence pack: writing %s: %w", f.path, werr)
		}
	}
	return nil
}

// WriteZip writes the pack as a zip archive. The same pack gives the same
// bytes: entries are sorted by path (the manifest and its signature last)
// and dated with the report's GeneratedAt.
func (p *EvidencePack) WriteZip(w io.Writer, opts ...PackOption) error {
	files, err := p.files(opts)
	if err != nil {
		return err
	}
	modified := p.Report.GeneratedAt.UTC()
	if dosEpoch := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC); modified.Before(dosEpoch) {
		modified = dosEpoch // the earliest time a zip entry can hold
	}
	zw := zip.NewWriter(w)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.path, Method: zip.Deflate, Modified: modified}
		h.SetMode(packFileMode)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return fmt.Errorf("render: evidence pack: %w", err)
		}
		if _, err := fw.Write(f.data); err != nil {
			return fmt.Errorf("render: evidence pack: writing %s: %w", f.path, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("render: evidence pack: %w", err)
	}
	return nil
}

// packFile is a file of a pack, by path.
type packFile struct {
	path string
	data []byte
}

// files renders every file of the pack, the manifest and its signature
// last.
func (p *EvidencePack) files(opts []PackOption) ([]packFile, error) {
	var s packSettings
	for _, o := range opts {
		if err := o(&s); err != nil {
			return nil, err
		}
	}
	if p.Report == nil {
		return nil, errors.New("render: evidence pack: the report is nil")
	}
	var report, page bytes.Buffer
	if err := JSON(&report, p.Report); err != nil {
		return nil, err
	}
	if err := HTML(&page, p.Report, s.render...); err != nil {
		return nil, err
	}
	files := []packFile{{PackReport, report.Bytes()}, {PackReportHTML, page.Bytes()}}
	if p.Snapshot != nil {
		var snap bytes.Buffer
		if err := governance.WriteSnapshot(&snap, p.Snapshot); err != nil {
			return nil, err
		}
		files = append(files, packFile{PackSnapshot, snap.Bytes()})
	}
	seen := map[string]string{}
	for _, d := range p.Documents {
		if err := checkDocumentName(d.Name); err != nil {
			return nil, err
		}
		// Two names that differ only in case are one file on macOS and
		// Windows, where auditors unpack.
		if other, dup := seen[strings.ToLower(d.Name)]; dup {
			return nil, fmt.Errorf("render: evidence pack: documents %q and %q would be the same file on a case-insensitive file system", other, d.Name)
		}
		seen[strings.ToLower(d.Name)] = d.Name
		files = append(files, packFile{PackDocuments + "/" + d.Name, d.Content})
	}
	slices.SortFunc(files, func(a, b packFile) int { return strings.Compare(a.path, b.path) })

	m := Manifest{
		Format: PackFormat, AIGovVersion: s.version,
		ReportGeneratedAt: p.Report.GeneratedAt.UTC(), ReportSchemaVersion: p.Report.SchemaVersion,
		Files: make([]ManifestFile, len(files)),
	}
	for i, f := range files {
		sum := sha256.Sum256(f.data)
		m.Files[i] = ManifestFile{Path: f.path, Size: int64(len(f.data)), SHA256: hex.EncodeToString(sum[:])}
	}
	if s.key != nil {
		m.SigningKey = hex.EncodeToString(s.key.Public().(ed25519.PublicKey))
	}
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("render: evidence pack: encoding the manifest: %w", err)
	}
	manifest = append(manifest, '\n')
	files = append(files, packFile{PackManifest, manifest})
	if s.key != nil {
		// The signature covers the manifest's exact bytes, which name
		// every other file by hash; it is not inside what it signs.
		files = append(files, packFile{PackSignature, ed25519.Sign(s.key, manifest)})
	}
	return files, nil
}

// checkDocumentName refuses a document name that is not a plain file
// name, above all one that would escape the documents directory.
func checkDocumentName(name string) error {
	problem := ""
	switch {
	case name == "" || name == "." || name == "..":
		problem = "is not a file name"
	case strings.ContainsAny(name, `/\`):
		problem = "has a directory in it; give a plain file name"
	case !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl):
		problem = "has control characters or invalid UTF-8"
	case len(name) > maxDocumentName:
		problem = fmt.Sprintf("is longer than %d bytes", maxDocumentName)
	case strings.HasPrefix(name, " ") || strings.HasSuffix(name, " ") || strings.HasSuffix(name, "."):
		problem = "starts or ends with a space, or ends with a dot"
	default:
		return nil
	}
	return fmt.Errorf("render: evidence pack: document name %q %s", name, problem)
}

// VerifyDir checks the evidence pack in dir: that manifest.json lists
// every file with the size and SHA-256 it has now, that no file was added
// or removed and, when pub is not nil, that manifest.sig is pub's
// signature of manifest.json. It returns nil for an intact pack, or every
// problem found, each a *VerifyError naming its file (joined with
// errors.Join). Without a key only the hashes are checked, which catches
// accidents but not someone who rewrote the manifest too.
func VerifyDir(dir string, pub ed25519.PublicKey) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("render: evidence pack: %w", err)
	}
	defer root.Close()
	var entries []packEntry
	err = fs.WalkDir(root.FS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		e := packEntry{path: path, regular: d.Type().IsRegular()}
		e.open = func() (io.ReadCloser, error) { return root.Open(path) }
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return fmt.Errorf("render: evidence pack: %w", err)
	}
	return verify(entries, pub)
}

// VerifyZip checks an evidence pack written by WriteZip, as VerifyDir
// checks a directory. An entry whose name would escape the directory it is
// unpacked into is reported as added.
func VerifyZip(r io.ReaderAt, size int64, pub ed25519.PublicKey) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fmt.Errorf("render: evidence pack: %w", err)
	}
	var entries []packEntry
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") && f.Mode().IsDir() {
			continue
		}
		entries = append(entries, packEntry{path: f.Name, regular: f.Mode().IsRegular() && fs.ValidPath(f.Name), open: f.Open})
	}
	return verify(entries, pub)
}

// packEntry is a file found in a pack being verified.
type packEntry struct {
	path    string
	regular bool
	open    func() (io.ReadCloser, error)
}

// verify checks the entries of a pack against its manifest and signature.
func verify(entries []packEntry, pub ed25519.PublicKey) error {
	byPath := map[string]packEntry{}
	var errs []error
	for _, e := range entries {
		if _, dup := byPath[e.path]; dup {
			errs = append(errs, &VerifyError{Path: e.path, Err: ErrFileAdded, Detail: "the name appears twice"})
			continue
		}
		byPath[e.path] = e
	}
	manifestEntry, ok := byPath[PackManifest]
	if !ok {
		return errors.Join(append(errs, &VerifyError{Path: PackManifest, Err: ErrFileMissing})...)
	}
	raw, err := readEntry(manifestEntry)
	if err != nil {
		return errors.Join(append(errs, &VerifyError{Path: PackManifest, Err: ErrBadManifest, Detail: err.Error()})...)
	}
	m, err := parseManifest(raw)
	if err != nil {
		return errors.Join(append(errs, &VerifyError{Path: PackManifest, Err: ErrBadManifest, Detail: err.Error()})...)
	}

	sigEntry, signed := byPath[PackSignature]
	switch {
	case pub == nil:
	case !signed:
		errs = append(errs, &VerifyError{Path: PackSignature, Err: ErrUnsigned})
	default:
		sig, err := readEntry(sigEntry)
		switch {
		case err != nil:
			errs = append(errs, &VerifyError{Path: PackSignature, Err: ErrBadSignature, Detail: err.Error()})
		case m.SigningKey != "" && m.SigningKey != hex.EncodeToString(pub):
			errs = append(errs, &VerifyError{Path: PackSignature, Err: ErrBadSignature, Detail: "the manifest says it was signed by key " + m.SigningKey})
		case !ed25519.Verify(pub, raw, sig):
			errs = append(errs, &VerifyError{Path: PackSignature, Err: ErrBadSignature})
		}
	}

	listed := map[string]ManifestFile{}
	for _, f := range m.Files {
		listed[f.Path] = f
	}
	paths := make([]string, 0, len(byPath))
	for p := range byPath {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		e := byPath[p]
		if p == PackManifest || (p == PackSignature && e.regular) {
			continue
		}
		want, ok := listed[p]
		switch {
		case !e.regular:
			errs = append(errs, &VerifyError{Path: p, Err: ErrFileAdded, Detail: "not a plain file inside the pack"})
			continue
		case !ok:
			errs = append(errs, &VerifyError{Path: p, Err: ErrFileAdded})
			continue
		}
		size, sum, err := hashEntry(e)
		switch {
		case err != nil:
			errs = append(errs, &VerifyError{Path: p, Err: ErrFileChanged, Detail: err.Error()})
		case size != want.Size || sum != want.SHA256:
			errs = append(errs, &VerifyError{Path: p, Err: ErrFileChanged,
				Detail: fmt.Sprintf("%d bytes with SHA-256 %s, the manifest says %d bytes with SHA-256 %s", size, sum, want.Size, want.SHA256)})
		}
	}
	for _, f := range m.Files {
		if _, ok := byPath[f.Path]; !ok {
			errs = append(errs, &VerifyError{Path: f.Path, Err: ErrFileMissing})
		}
	}
	return errors.Join(errs...)
}

// parseManifest reads a manifest, refusing one that could not have been
// written by WriteDir or WriteZip.
func parseManifest(raw []byte) (Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return m, err
	}
	if m.Format != PackFormat {
		return m, fmt.Errorf("format %q, want %q", m.Format, PackFormat)
	}
	seen := map[string]bool{}
	for _, f := range m.Files {
		switch {
		case !fs.ValidPath(f.Path) || f.Path == PackManifest || f.Path == PackSignature:
			return m, fmt.Errorf("the file path %q is not one a pack can hold", f.Path)
		case seen[f.Path]:
			return m, fmt.Errorf("the file %q is listed twice", f.Path)
		}
		seen[f.Path] = true
	}
	return m, nil
}

// maxManifestSize bounds what is read of a manifest or signature, which
// are small: a hostile pack cannot make verification read gigabytes into
// memory.
const maxManifestSize = 16 << 20

func readEntry(e packEntry) ([]byte, error) {
	if !e.regular {
		return nil, errors.New("not a plain file")
	}
	rc, err := e.open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxManifestSize+1))
	if err == nil && len(b) > maxManifestSize {
		err = fmt.Errorf("larger than %d bytes", maxManifestSize)
	}
	return b, err
}

// hashEntry streams a file through SHA-256.
func hashEntry(e packEntry) (int64, string, error) {
	rc, err := e.open()
	if err != nil {
		return 0, "", err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return n, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}
