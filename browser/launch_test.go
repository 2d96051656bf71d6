package browser

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"
	"github.com/ysmood/leakless"
	"golang.org/x/sys/unix"

	"github.com/e2e-dev/e2e/internal/testenv"
)

// hungBrowser writes a "browser" that never prints its DevTools URL and ignores SIGTERM, and
// returns its path and the marker its process runs under.
func hungBrowser(t *testing.T) (bin, marker string) {
	marker = "e2e-hung-browser-" + strconv.Itoa(os.Getpid()) + "-" + strings.ReplaceAll(t.Name(), "/", "-")
	bin = filepath.Join(t.TempDir(), "chromium")
	require.NoError(t, os.WriteFile(bin, []byte("#!/bin/bash\ntrap '' TERM\nexec -a "+marker+" sleep 300\n"), 0o755))
	t.Cleanup(func() { // when the test failed
		for pid := range testenv.ProcessesNaming(marker) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	})
	return bin, marker
}

// requireGone waits up to 5s for every process running under marker to end.
func requireGone(t *testing.T, marker string) {
	t.Helper()
	require.Eventually(t, func() bool { return len(testenv.ProcessesNaming(marker)) == 0 },
		5*time.Second, 50*time.Millisecond, "the hung browser %s is still running", marker)
}

// TestLaunchOfAHungBrowserLeavesNoProcess gives Open a browser that never answers, gives up
// waiting for it, and checks that the process is gone: under leakless it runs in a process group
// of its own, which the guard's group kill does not reach.
func TestLaunchOfAHungBrowserLeavesNoProcess(t *testing.T) {
	bin, marker := hungBrowser(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := Open(ctx, Options{Bin: bin, Headless: true})
	require.ErrorContains(t, err, "launch chromium "+bin)
	requireGone(t, marker)
}

// TestLaunchCancelledWhileStartingLeavesNoProcess cancels a launch once the browser runs but
// before the launch has read leakless's report of the browser's process group (a run interrupted
// while its workers start their browsers). The browser must not outlive the guard. Before the
// fix each round leaked the browser half the time (Go picks one of two ready select cases).
func TestLaunchCancelledWhileStartingLeavesNoProcess(t *testing.T) {
	if !leakless.Support() {
		t.Fatal("leakless does not support this platform")
	}
	for i := range 8 {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			bin, marker := hungBrowser(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			testHookBrowserStarted = func() {
				require.Eventually(t, func() bool { return len(testenv.ProcessesNaming(marker)) > 0 },
					5*time.Second, 5*time.Millisecond, "the browser never started")
				cancel()
			}
			t.Cleanup(func() { testHookBrowserStarted = nil })
			_, err := Open(ctx, Options{Bin: bin, Headless: true})
			require.ErrorIs(t, err, context.Canceled)
			requireGone(t, marker)
		})
	}
}

// TestFindBrowserPrefersTheHeadlessShellForHeadlessRuns puts a fake chromium and a fake
// chromium-headless-shell on PATH and checks which one each kind of run launches.
func TestFindBrowserPrefersTheHeadlessShellForHeadlessRuns(t *testing.T) {
	dir := t.TempDir()
	fake := func(name string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755))
		return p
	}
	chromium := fake("chromium")
	t.Setenv("PATH", dir)

	got, err := FindBrowser("", true)
	require.NoError(t, err)
	require.Equal(t, chromium, got, "no headless shell: headless runs use Chromium")

	shell := fake("chromium-headless-shell")
	got, err = FindBrowser("", true)
	require.NoError(t, err)
	require.Equal(t, shell, got)

	got, err = FindBrowser("", false)
	require.NoError(t, err)
	require.Equal(t, chromium, got, "headed runs need a window")

	got, err = FindBrowser("chromium", true)
	require.NoError(t, err)
	require.Equal(t, chromium, got, "browser.bin wins")

	_, err = FindBrowser("chromium-headless-shell", false)
	require.EqualError(t, err, `browser.bin "chromium-headless-shell" is Chromium's headless shell, which cannot show a window: set browser.bin to a full Chromium, or drop --headed`)
}

// TestHeadlessLaunchUsesTheHeadlessShell checks that Open goes through FindBrowser: with a
// chromium-headless-shell on PATH (here one that exits at once), a headless launch with no
// browser.bin starts it, and a headed one does not.
func TestHeadlessLaunchUsesTheHeadlessShell(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"chromium", "chromium-headless-shell"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\necho not a browser\nexit 1\n"), 0o755))
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("DISPLAY", ":99")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := Open(ctx, Options{Headless: true})
	require.ErrorContains(t, err, "launch chromium "+filepath.Join(dir, "chromium-headless-shell")+":")
	_, err = Open(ctx, Options{Headless: false})
	require.ErrorContains(t, err, "launch chromium "+filepath.Join(dir, "chromium")+":")
}

// TestLaunchUnderALongTMPDIRSaysSo starts full Chromium with a TMPDIR too long for the Unix
// socket it makes there: it dies at start, and the error names TMPDIR and the fix instead of the
// last line its helper processes print ("zygote ... Broken pipe").
func TestLaunchUnderALongTMPDIRSaysSo(t *testing.T) {
	bin, err := FindBrowser("", false)
	testenv.Require(t, err == nil, "Chromium", "apt-get install -y chromium")
	long := filepath.Join(t.TempDir(), strings.Repeat("long-", 14))
	require.NoError(t, os.Mkdir(long, 0o755))
	t.Setenv("TMPDIR", long)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = Open(ctx, Options{Bin: bin, Headless: true})
	require.Error(t, err)
	require.Regexp(t, "^"+regexp.QuoteMeta("launch chromium "+bin+": it exited at start: TMPDIR \""+long+
		"\" is too long for Chromium's Unix socket (Socket path too long: "+long+"/")+
		`[^ ]+/SingletonSocket\): set TMPDIR to a shorter folder, such as /tmp$`, err.Error())
}

// openWithATab launches a browser with opts, closed when t ends, and opens a flow's context and
// tab in it at a small page, within 30s.
func openWithATab(t *testing.T, opts Options) *Browser {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := Open(ctx, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.Close() })
	c, err := b.NewContext(ctx)
	require.NoError(t, err)
	p, err := c.NewPage(ctx)
	require.NoError(t, err)
	require.NoError(t, p.Context(ctx).Navigate("data:text/html,<p>hi"))
	return b
}

// TestFullChromiumContextStartsNoOmniboxRenderer opens a flow's context and tab in full
// Chromium, whose every window preloads its omnibox popup as WebUI in a renderer of its own
// unless disabledFeatures turn it off (that renderer was a third of the browser's CPU in a run
// of the shop's flows, and more on a grid's node).
func TestFullChromiumContextStartsNoOmniboxRenderer(t *testing.T) {
	bin, err := FindBrowser("", false)
	require.NoError(t, err)
	b := openWithATab(t, Options{Bin: bin, Headless: true})
	res, err := proto.TargetGetTargets{}.Call(b.Rod)
	require.NoError(t, err)
	var types []string
	for _, ti := range res.TargetInfos {
		types = append(types, string(ti.Type)+" "+ti.URL)
	}
	require.NotContains(t, strings.Join(types, "\n"), "browser_ui", "targets:\n%s", strings.Join(types, "\n"))
	require.Contains(t, strings.Join(types, "\n"), "page data:text/html")
}

// TestBackgroundLaunchRunsAtNice19 launches a browser in the background: the processes it
// starts, its renderers among them (started after the launch, where the a11y audit's axe runs),
// run at nice 19, while the tester keeps its own priority. (Chromium itself raises the priority
// of its browser and GPU processes' display threads where it may, as root.)
func TestBackgroundLaunchRunsAtNice19(t *testing.T) {
	before, err := unix.Getpriority(unix.PRIO_PROCESS, 0)
	require.NoError(t, err)
	b := openWithATab(t, Options{Headless: true, Background: true})

	renderers := 0
	for pid, cmdline := range testenv.ProcessesNaming("--type=") {
		if pgid, err := unix.Getpgid(pid); err != nil || pgid != b.pid {
			continue
		}
		if strings.Contains(cmdline, "--type=renderer") || strings.Contains(cmdline, "--type=zygote") {
			require.Equal(t, 19, niceOf(t, pid), "%.120s", cmdline)
			renderers += strings.Count(cmdline, "--type=renderer")
		}
	}
	require.Positive(t, renderers, "the browser's renderers")
	after, err := unix.Getpriority(unix.PRIO_PROCESS, 0)
	require.NoError(t, err)
	require.Equal(t, before, after, "the tester's own priority")
}

// niceOf reads the nice value of process pid's main thread from /proc.
func niceOf(t *testing.T, pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	require.NoError(t, err)
	fields := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	n, err := strconv.Atoi(fields[16]) // the 19th field of stat, nice
	require.NoError(t, err)
	return n
}
