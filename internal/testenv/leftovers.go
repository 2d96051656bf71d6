package testenv

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// RunWithoutLeftovers runs a package's tests with TMPDIR set to a folder of their own, where
// every Chromium they launch keeps its profile, and afterwards fails the run if any process
// still names that folder on its command line (a browser no Close reached), killing it. after,
// when not nil, runs between the tests and the check, to stop what the tests share. It returns
// the exit code for os.Exit.
func RunWithoutLeftovers(m *testing.M, after func()) int {
	dir, err := os.MkdirTemp("", "e2e-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "testenv:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	if err := os.Setenv("TMPDIR", dir); err != nil {
		fmt.Fprintln(os.Stderr, "testenv:", err)
		return 1
	}
	code := m.Run()
	if after != nil {
		after()
	}
	// A browser closed by the last test may take a moment to go.
	deadline := time.Now().Add(5 * time.Second)
	left := ProcessesNaming(dir)
	for len(left) > 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		left = ProcessesNaming(dir)
	}
	if len(left) == 0 {
		return code
	}
	fmt.Fprintf(os.Stderr, "FAIL: %d process(es) launched by these tests outlived them (killed now):\n", len(left))
	for pid, cmdline := range left {
		fmt.Fprintf(os.Stderr, "  %d %s\n", pid, cmdline)
		if pgid, err := syscall.Getpgid(pid); err == nil && pgid == pid {
			_ = syscall.Kill(-pid, syscall.SIGKILL) // a browser leads a group with its helpers
		} else {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
	return 1
}

// ProcessesNaming returns the live (not zombie) processes other than this one whose command
// line contains s, by pid, with the start of their command line.
func ProcessesNaming(s string) map[int]string {
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	found := map[int]string{}
	for _, p := range procs {
		pid, err := strconv.Atoi(filepath.Base(filepath.Dir(p)))
		if err != nil || pid == os.Getpid() {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(b, []byte(s)) {
			continue
		}
		if st, err := os.ReadFile(filepath.Join(filepath.Dir(p), "stat")); err == nil && strings.Contains(string(st), ") Z ") {
			continue // dead, only not yet reaped by its parent
		}
		found[pid] = strings.ReplaceAll(string(b[:min(len(b), 160)]), "\x00", " ")
	}
	return found
}

// ShortTempDir returns a new folder with a short path, removed when the test ends, for a TMPDIR
// under which full Chromium will run: it makes a Unix socket there, whose path may not pass 107
// bytes, and t.TempDir's names carry the test's name.
func ShortTempDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "t")
	if err != nil {
		t.Fatalf("short temp dir: %v", err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return dir
}
