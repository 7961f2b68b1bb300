package sharedtest_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aigov/aigov/internal/sharedtest"
)

func TestDirFindsSharedData(t *testing.T) {
	dir := sharedtest.Dir(t, "testdata/cloudtrail")
	if _, err := os.Stat(filepath.Join(dir, "SOURCES.md")); err != nil {
		t.Fatalf("Dir returned %s without SOURCES.md: %v", dir, err)
	}
}

func TestDirOverride(t *testing.T) {
	tmp := t.TempDir()
	if err := os.MkdirAll(filepath.Join(tmp, "testdata", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(sharedtest.EnvVar, tmp)
	if got, want := sharedtest.Dir(t, "testdata/x"), filepath.Join(tmp, "testdata", "x"); got != want {
		t.Fatalf("Dir = %s, want %s", got, want)
	}
}

func TestDirSkipsWhenAbsent(t *testing.T) {
	t.Setenv(sharedtest.EnvVar, t.TempDir())
	skipped := true
	t.Run("absent", func(t *testing.T) {
		sharedtest.Dir(t, "testdata/none")
		skipped = false
	})
	if !skipped {
		t.Fatal("Dir did not skip for an absent path")
	}
}
