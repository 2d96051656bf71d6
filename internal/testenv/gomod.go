package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Checkout returns the root of this repository's checkout (the folder of e2e's go.mod).
func Checkout(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for ; ; dir = filepath.Dir(dir) {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.HasPrefix(string(b), "module github.com/e2e-dev/e2e\n") {
			return dir
		}
		require.NotEqual(t, dir, filepath.Dir(dir), "no e2e checkout above the working directory")
	}
}

// TempModule makes a throwaway Go module modPath in a temp folder that requires e2e from this
// checkout (a replace), with files (slash-separated paths) in it, and returns its folder.
func TempModule(t testing.TB, modPath string, files map[string]string) string {
	t.Helper()
	_, err := exec.LookPath("go")
	Require(t, err == nil, "go", "install Go")
	dir := t.TempDir()
	files["go.mod"] = "module " + modPath + "\n\ngo 1.26\n\nrequire github.com/e2e-dev/e2e v0.0.0\n\nreplace github.com/e2e-dev/e2e => " + Checkout(t) + "\n"
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	return dir
}

// RunIn runs name with args in dir, with the test's environment (CI and GITHUB_ACTIONS unset, GOFLAGS=-mod=mod,
// a short TMPDIR) and env on top, and returns its combined output and exit code.
func RunIn(t testing.TB, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOFLAGS=-mod=mod", "CI=", "GITHUB_ACTIONS=", "TMPDIR="+ShortTempDir(t)), env...)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	}
	require.NoError(t, err, "%s %s", name, strings.Join(args, " "))
	return string(out), 0
}
