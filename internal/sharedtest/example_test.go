package sharedtest_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/aigov/aigov/internal/sharedtest"
)

func ExamplePath() {
	// AIGOV_SHARED_DIR points at a shared folder elsewhere, as CI may.
	shared, _ := os.MkdirTemp("", "shared")
	defer os.RemoveAll(shared)
	os.MkdirAll(filepath.Join(shared, "testdata", "cloudtrail"), 0o755)
	os.Setenv(sharedtest.EnvVar, shared)
	defer os.Unsetenv(sharedtest.EnvVar)

	p, err := sharedtest.Path("testdata/cloudtrail")
	fmt.Println(p == filepath.Join(shared, "testdata", "cloudtrail"), err)
	_, err = sharedtest.Path("testdata/absent")
	fmt.Println("absent:", err != nil)
	// Output:
	// true <nil>
	// absent: true
}
