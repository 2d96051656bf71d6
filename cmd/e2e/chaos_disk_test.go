package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// lockableDir is a folder a test can make unwritable and writable again: a small tmpfs remounted
// read-only where this process may mount (root), else a folder whose write permission is taken
// away.
type lockableDir struct {
	path    string
	mounted bool
}

func newLockableDir(t *testing.T) *lockableDir {
	t.Helper()
	d := &lockableDir{path: filepath.Join(t.TempDir(), "test-results")}
	require.NoError(t, os.Mkdir(d.path, 0o755))
	if err := syscall.Mount("tmpfs", d.path, "tmpfs", 0, "size=16m"); err == nil {
		d.mounted = true
		t.Cleanup(func() { _ = syscall.Unmount(d.path, syscall.MNT_DETACH) })
		return d
	}
	testenv.Require(t, os.Geteuid() != 0, "mounting a tmpfs (root may write into any folder; only a read-only mount stops it)",
		"run the tests with CAP_SYS_ADMIN, or as a user other than root")
	return d
}

// lock makes the folder unwritable; unlock makes it writable again.
func (d *lockableDir) lock(t *testing.T) {
	t.Helper()
	if d.mounted {
		require.NoError(t, syscall.Mount("", d.path, "", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""))
		return
	}
	require.NoError(t, os.Chmod(d.path, 0o555))
}

func (d *lockableDir) unlock(t *testing.T) {
	t.Helper()
	if d.mounted {
		require.NoError(t, syscall.Mount("", d.path, "", syscall.MS_REMOUNT, ""))
		return
	}
	require.NoError(t, os.Chmod(d.path, 0o755))
}

// TestArtifactsFolderUnwritableMidRun makes the artifacts folder read-only while the flows that
// fail run: their evidence cannot be written, which is said in one line each, and nothing else
// changes: the same flows pass and fail, and no partial file is left.
func TestArtifactsFolderUnwritableMidRun(t *testing.T) {
	dir := newLockableDir(t)
	c := newCLI(t)
	c.start("run", "--workers", "1", "--reporter", "list,json", "--artifacts-dir", dir.path,
		"--shop-fault", favouritesFault)
	c.waitOutput(regexp.MustCompile(`\[1/7\]`), 2*time.Minute)
	dir.lock(t)
	c.waitOutput(regexp.MustCompile(`\[7/7\]`), 2*time.Minute) // the last flow ended
	dir.unlock(t)                                              // for the reports
	code := c.wait()
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)

	rep, err := report.ReadRunReport(filepath.Join(dir.path, "report.json"))
	require.NoError(t, err)
	require.Equal(t, report.Totals{Total: 7, Passed: 5, Failed: 2}, rep.Totals, "stdout:\n%s", c.out)
	warnings := regexp.MustCompile(`(?m)^e2e: warning: artifacts of (add|remove) favourite not all written: .*(read-only file system|permission denied): choose a writable artifacts\.dir$`).
		FindAllString(c.errb.String(), -1)
	require.Len(t, warnings, 2, "one line per failed flow; stderr:\n%s", c.errb)
	for _, f := range rep.Flows {
		if f.Status == report.StatusFailed {
			require.Empty(t, f.Attempts[0].Artifacts, "no artifact of %s was written", f.ID)
			require.Regexp(t, `answered 500|found 500`, f.Attempts[0].Failure.Message, "the failure is the flow's own")
		}
	}
	requireNoPartialFile(t, dir.path)
}

// inUserNamespace is set in the environment of a test run again by withTmpfs in a user and mount
// namespace of its own.
const inUserNamespace = "E2E_TEST_IN_USERNS"

// withTmpfs runs body with a fresh folder on a tmpfs of size ("256k"), unmounted when the test
// ends. Where this process may not mount (no CAP_SYS_ADMIN), the test (a top-level one) runs again
// in a user and mount namespace of its own (unshare --user --map-root-user --mount), where it may,
// and passes, fails or skips with it. Where neither works it is skipped, and fails under CI.
func withTmpfs(t *testing.T, size string, body func(dir string)) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "test-results")
	require.NoError(t, os.Mkdir(dir, 0o755))
	err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size)
	if err == nil {
		t.Cleanup(func() { _ = syscall.Unmount(dir, syscall.MNT_DETACH) })
		body(dir)
		return
	}
	unshare, lookErr := exec.LookPath("unshare")
	if os.Getenv(inUserNamespace) == "" && lookErr == nil {
		cmd := exec.Command(unshare, "--user", "--map-root-user", "--mount", os.Args[0],
			"-test.run", "^"+t.Name()+"$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), inUserNamespace+"=1")
		out, runErr := cmd.CombinedOutput()
		switch {
		case bytes.Contains(out, []byte("--- PASS: "+t.Name())):
			t.Logf("mount here: %v: ran in a user namespace of its own, and passed:\n%s", err, out)
			return
		case bytes.Contains(out, []byte("--- FAIL: "+t.Name())):
			t.Fatalf("in a user namespace of its own (mount here: %v): %s", err, out)
		case bytes.Contains(out, []byte("--- SKIP: "+t.Name())):
			t.Skipf("in a user namespace of its own: %s", out)
		}
		t.Logf("unshare: %v: %s", runErr, out)
	}
	testenv.Require(t, false, "mounting a tmpfs ("+err.Error()+")",
		"run the tests as root or with CAP_SYS_ADMIN, or allow unprivileged user namespaces for unshare")
}

// requireNoPartialFile fails if a temporary file of an atomic write is left under dir.
func requireNoPartialFile(t *testing.T, dir string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(dir, func(path string, _ os.DirEntry, err error) error {
		require.NotContains(t, filepath.Base(path), ".tmp-", "a partial file was left")
		return err
	}))
}

// fill writes a file in dir until its disk is full, and returns a function that removes it.
func fill(t *testing.T, dir string) func() {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	require.NoError(t, err)
	chunk := make([]byte, 4096)
	for err == nil {
		_, err = f.Write(chunk)
	}
	require.ErrorIs(t, err, syscall.ENOSPC)
	require.NoError(t, f.Close())
	return func() { require.NoError(t, os.Remove(path)) }
}

// diskFullWarnings matches the one line each failed flow of the shop under favouritesFault says
// when its evidence found the disk full.
var diskFullWarnings = regexp.MustCompile(`(?m)^e2e: warning: artifacts of (add|remove) favourite not all written: \w+: write /\S+: no space left on device: free some space or choose another artifacts\.dir$`)

// TestArtifactsFolderFullMidRun fills the artifacts folder (a 1 MB tmpfs) while the flows that
// fail run, and frees it before the run ends: their evidence cannot be written, which each says
// in one line naming the file, and nothing else changes: the same flows pass and fail in
// report.json, the exit code is 1, and no partial file is left.
func TestArtifactsFolderFullMidRun(t *testing.T) {
	withTmpfs(t, "1m", func(dir string) {
		c := newCLI(t)
		start := time.Now()
		c.start("run", "--workers", "1", "--reporter", "list,json,junit,html", "--artifacts-dir", dir,
			"--shop-fault", favouritesFault)
		c.waitOutput(regexp.MustCompile(`\[1/7\]`), 2*time.Minute)
		free := fill(t, dir)
		c.waitOutput(regexp.MustCompile(`\[7/7\]`), 2*time.Minute) // the last flow ended
		free()                                                     // for the reports
		code := c.wait()
		require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
		require.Less(t, time.Since(start), 2*time.Minute)

		rep, err := report.ReadRunReport(filepath.Join(dir, "report.json"))
		require.NoError(t, err, "stderr:\n%s", c.errb)
		require.Equal(t, report.Totals{Total: 7, Passed: 5, Failed: 2}, rep.Totals, "stdout:\n%s", c.out)
		require.Len(t, diskFullWarnings.FindAllString(c.errb.String(), -1), 2, "one line per failed flow; stderr:\n%s", c.errb)
		for _, f := range rep.Flows {
			if f.Status == report.StatusFailed {
				for kind, rel := range f.Attempts[0].Artifacts { // what fitted: an empty console.log
					require.FileExists(t, filepath.Join(dir, rel))
					require.NotContains(t, []string{report.ArtifactScreenshot, report.ArtifactHAR, report.ArtifactDOM}, kind, "%s of %s", kind, f.ID)
				}
				require.Regexp(t, `answered 500|found 500`, f.Attempts[0].Failure.Message, "the failure is the flow's own")
			}
		}
		requireNoPartialFile(t, dir)
	})
}

// TestArtifactsFolderFullToTheEnd runs every flow into an artifacts folder on a 256 KB tmpfs with
// every attempt's evidence kept (artifacts.mode on): the first flows fill it. Each flow whose
// evidence found the disk full says so in one line, the list reports the flows as they ended,
// the reports that cannot be written are said in one line, exit code 1, no partial file.
func TestArtifactsFolderFullToTheEnd(t *testing.T) {
	withTmpfs(t, "256k", func(dir string) {
		c := newCLI(t)
		code := c.run("run", "--workers", "2", "--reporter", "list,json,junit,html", "--artifacts-dir", dir,
			"--artifacts-mode", "on", "--shop-fault", favouritesFault)
		require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
		require.Contains(t, c.out.String(), "5 passed, 2 failed, 0 flaky", "the flows' statuses are their own")
		lines := strings.Split(strings.TrimSpace(c.errb.String()), "\n")
		require.Regexp(t, `^e2e: reports: json report: write /\S+/report\.json: no space left on device; junit report: write \S+ no space left on device; html report: write \S+ no space left on device$`,
			lines[len(lines)-1], "the reports not written: one line")
		warned := map[string]bool{}
		for _, l := range lines[:len(lines)-1] { // one line each, every one the disk being full
			m := regexp.MustCompile(`^e2e: warning: (?:artifacts of (.+) not all written: \w+: write /\S+: no space left on device: free some space or choose another artifacts\.dir|flow spool /\S+: no space left on device: the flows' reports are kept in memory|record of the run for --last-failed: write /\S+: no space left on device: free some space or choose another artifacts\.dir)$`).FindStringSubmatch(l)
			require.NotNil(t, m, "stderr line %q", l)
			require.False(t, warned[m[1]] && m[1] != "", "one line per flow: %q", l)
			warned[m[1]] = true
		}
		require.True(t, warned["add favourite"] && warned["remove favourite"], "the failed flows' evidence: stderr:\n%s", c.errb)
		requireNoPartialFile(t, dir)
	})
}
