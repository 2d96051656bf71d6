package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// e2eBin is the e2e binary the tests run, built once by TestMain.
var e2eBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	e2eBin = filepath.Join(dir, "e2e")
	out, err := exec.Command("go", "build", "-o", e2eBin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build e2e: %v\n%s", err, out)
		os.Exit(1)
	}
	code := testenv.RunWithoutLeftovers(m, nil)
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// proc is one e2e process run by a test, in its own working and temporary folders, so that the
// Chromium profiles it makes can be told from those of other tests.
type proc struct {
	t      *testing.T
	dir    string // working directory
	tmp    string // TMPDIR: where its Chromium profiles go
	env    []string
	cmd    *exec.Cmd
	exited chan struct{} // closed once cmd has ended and its output is all read
	stdin  *os.File
	out    *syncBuffer
	errb   *syncBuffer
}

func newCLI(t *testing.T, env ...string) *proc {
	t.Helper()
	_, err := browser.FindChromium("")
	testenv.Require(t, err == nil, "Chromium", "apt-get install -y chromium")
	c := &proc{t: t, dir: t.TempDir(), tmp: testenv.ShortTempDir(t)}
	c.env = append(os.Environ(), "TMPDIR="+c.tmp, "CI=", "GITHUB_ACTIONS=")
	c.env = append(c.env, env...)
	t.Cleanup(func() { requireNoChromiumOf(t, c.tmp) })
	return c
}

// start starts e2e args without waiting.
func (c *proc) start(args ...string) {
	c.t.Helper()
	c.cmd = exec.Command(e2eBin, args...)
	c.cmd.Dir, c.cmd.Env = c.dir, c.env
	if c.stdin != nil {
		c.cmd.Stdin = c.stdin
	}
	c.out, c.errb = &syncBuffer{}, &syncBuffer{}
	c.cmd.Stdout, c.cmd.Stderr = c.out, c.errb
	require.NoError(c.t, c.cmd.Start())
	if c.stdin != nil {
		_ = c.stdin.Close() // the child has its own copy
	}
	exited := make(chan struct{})
	c.exited = exited
	go func() {
		_ = c.cmd.Wait()
		close(exited)
	}()
	cmd := c.cmd
	c.t.Cleanup(func() {
		select {
		case <-exited:
		default:
			// A test that stopped early: ask e2e to stop as a user would, so that it closes its
			// browsers before the check for leftovers; kill it if it does not.
			_ = cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(15 * time.Second):
				_ = cmd.Process.Kill()
				<-exited
			}
		}
	})
}

// pipeStdin gives the next process a standard input the test writes to. It is an OS pipe, so
// that exec does not copy it in a goroutine that Wait would wait for.
func (c *proc) pipeStdin() io.Writer {
	r, w, err := os.Pipe()
	require.NoError(c.t, err)
	c.stdin = r
	c.t.Cleanup(func() { _ = w.Close() })
	return w
}

// wait waits for the process (at most 3 minutes) and returns its exit code.
func (c *proc) wait() int {
	c.t.Helper()
	select {
	case <-c.exited:
	case <-time.After(3 * time.Minute):
		_ = c.cmd.Process.Kill()
		c.t.Fatalf("e2e %v did not end within 3 minutes; stdout:\n%s\nstderr:\n%s", c.cmd.Args[1:], c.out, c.errb)
	}
	return c.cmd.ProcessState.ExitCode()
}

// run runs e2e args to the end and returns its exit code.
func (c *proc) run(args ...string) int {
	c.t.Helper()
	c.start(args...)
	return c.wait()
}

// waitOutput waits until stdout matches re, at most d, and fails at once if e2e ends first.
func (c *proc) waitOutput(re *regexp.Regexp, d time.Duration) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	go func() {
		select {
		case <-c.exited:
			cancel()
		case <-ctx.Done():
		}
	}()
	if c.out.waitMatch(ctx, re) || re.MatchString(c.out.String()) {
		return
	}
	select {
	case <-c.exited:
		c.t.Fatalf("e2e ended (exit code %d) before stdout matched %s; stdout:\n%s\nstderr:\n%s", c.cmd.ProcessState.ExitCode(), re, c.out, c.errb)
	default:
		c.t.Fatalf("stdout never matched %s within %s; stdout:\n%s\nstderr:\n%s", re, d, c.out, c.errb)
	}
}

// requireNoChromiumOf fails if a Chromium process whose profile lives under tmp is alive.
func requireNoChromiumOf(t *testing.T, tmp string) {
	t.Helper()
	require.Empty(t, chromiumOf(tmp), "Chromium processes of this e2e run still alive")
}

// chromiumOf lists the live (not zombie) Chromium processes whose profile lives under tmp.
func chromiumOf(tmp string) []string {
	return slices.Collect(maps.Values(testenv.ProcessesNaming("--user-data-dir=" + tmp)))
}

// syncBuffer is a bytes.Buffer safe for one writer and concurrent readers, that can wait for
// what it holds to match.
type syncBuffer struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	change chan struct{} // closed at the next write
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.change != nil {
		close(b.change)
		b.change = nil
	}
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *syncBuffer) waitMatch(ctx context.Context, re *regexp.Regexp) bool {
	for {
		b.mu.Lock()
		if re.Match(b.buf.Bytes()) {
			b.mu.Unlock()
			return true
		}
		if b.change == nil {
			b.change = make(chan struct{})
		}
		ch := b.change
		b.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return false
		}
	}
}
