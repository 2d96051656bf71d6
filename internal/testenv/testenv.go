// Package testenv holds what e2e's own tests share and that needs none of e2e's packages: the
// rule that in CI a missing dependency fails a test instead of skipping it, the check that no
// process a package's tests launched outlives them, a virtual display, and the HAR validator.
package testenv

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// InCI reports whether the tests run in CI (CI=true), where nothing may be skipped.
func InCI() bool { return os.Getenv("CI") == "true" || os.Getenv("CI") == "1" }

// Require fails the test in CI, and skips it elsewhere, when ok is false: a dependency the test
// needs is missing. how says in one line how to install it.
func Require(t testing.TB, ok bool, what, how string) {
	t.Helper()
	if ok {
		return
	}
	if InCI() {
		t.Fatalf("%s is missing (CI=true, so this fails instead of skipping): %s", what, how)
	}
	t.Skipf("%s is missing: %s", what, how)
}

// RequireCommand requires an executable on PATH (or at an absolute path) and returns its path.
func RequireCommand(t testing.TB, name, how string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	Require(t, err == nil, name, how)
	return p
}

// RepoRoot returns the repository's root: the nearest folder above the working directory that
// holds go.mod.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, parent, dir, "no go.mod above the working directory")
		dir = parent
	}
}

// ValidateHAR checks HAR files against the HAR 1.2 schema with the npm package har-validator
// (tools/har-validate) and returns its output and whether they are all valid. Without node or
// the package, the test fails under CI and is skipped elsewhere.
func ValidateHAR(t testing.TB, files ...string) (string, bool) {
	t.Helper()
	node := RequireCommand(t, "node", "apt-get install -y nodejs")
	dir := filepath.Join(RepoRoot(t), "tools", "har-validate")
	_, err := os.Stat(filepath.Join(dir, "node_modules", "har-validator", "package.json"))
	Require(t, err == nil, "har-validator", "npm ci --prefix tools/har-validate")
	out, err := exec.Command(node, append([]string{filepath.Join(dir, "validate.js")}, files...)...).CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run har-validator: %v", err)
	}
	return string(out), err == nil
}
