package browser

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestLaunchOfAHungBrowserLeavesNoProcess gives Open a "browser" that never prints its DevTools
// URL and ignores SIGTERM, gives up waiting for it, and checks that the process is gone: under
// leakless it runs in a process group of its own, which the guard's group kill does not reach.
func TestLaunchOfAHungBrowserLeavesNoProcess(t *testing.T) {
	marker := "e2e-hung-browser-" + strconv.Itoa(os.Getpid())
	bin := filepath.Join(t.TempDir(), "chromium")
	require.NoError(t, os.WriteFile(bin, []byte("#!/bin/bash\ntrap '' TERM\nexec -a "+marker+" sleep 300\n"), 0o755))

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := Open(ctx, Options{Bin: bin, Headless: true})
	require.ErrorContains(t, err, "launch chromium "+bin)

	require.Eventually(t, func() bool {
		out, _ := exec.Command("pgrep", "-f", marker).Output()
		return strings.TrimSpace(string(out)) == ""
	}, 5*time.Second, 50*time.Millisecond, "the hung browser %s is still running", marker)
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
