package sharedtest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// EnvVar names the environment variable that overrides the shared folder.
const EnvVar = "AIGOV_SHARED_DIR"

// Dir returns the absolute path of rel inside the shared folder, such as
// Dir(t, "testdata/cloudtrail"). It skips the test when the module root or
// the path cannot be found.
func Dir(tb testing.TB, rel string) string {
	tb.Helper()
	p, err := Path(rel)
	if err != nil {
		tb.Skipf("sharedtest: %v; set %s to the shared folder", err, EnvVar)
	}
	return p
}

// Path returns the absolute path of rel inside the shared folder, or an
// error saying why it is not there. Tests use [Dir]; Path serves code
// without a testing.TB, such as examples.
func Path(rel string) (string, error) {
	shared := os.Getenv(EnvVar)
	if shared == "" {
		root, err := moduleRoot()
		if err != nil {
			return "", fmt.Errorf("no go.mod above the working directory: %w", err)
		}
		shared = filepath.Join(root, "..", "shared")
	}
	p, err := filepath.Abs(filepath.Join(shared, filepath.FromSlash(rel)))
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("shared test data %s is absent: %w", p, err)
	}
	return p, nil
}

// moduleRoot walks up from the working directory (a test runs in its
// package's folder) to the first folder holding go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
