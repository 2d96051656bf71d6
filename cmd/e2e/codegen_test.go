package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv"
)

// serveHome serves a one-page app.
func serveHome(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>Home</title><h1>Home</h1><button>Go</button>`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestCodegenWritesTheFileOnCtrlCOrWhenTheBrowserCloses: e2e codegen opens a visible browser
// (under Xvfb), shows what it records, and writes the Go file when interrupted, or when its
// browser goes away (the person closed its window), closing everything it started.
func TestCodegenWritesTheFileOnCtrlCOrWhenTheBrowserCloses(t *testing.T) {
	display := testenv.StartXvfb(t)
	url := serveHome(t)
	for _, end := range []string{"ctrl-c", "browser closed"} {
		t.Run(end, func(t *testing.T) {
			c := newCLI(t, "DISPLAY="+display)
			c.start("codegen", url+"/", "-o", "e2e/rec.go", "--flow", "visit home")
			c.waitOutput(regexp.MustCompile(`(?m)^  goto `+regexp.QuoteMeta(url)+`/$`), time.Minute)
			if end == "ctrl-c" {
				require.NoError(t, c.cmd.Process.Signal(syscall.SIGINT))
			} else {
				main := 0
				for pid, cmdline := range testenv.ProcessesNaming("--user-data-dir=" + c.tmp) {
					if !strings.Contains(cmdline, "--type=") && !strings.Contains(cmdline, "leakless") {
						main = pid
					}
				}
				require.NotZero(t, main, "the browser's process")
				require.NoError(t, syscall.Kill(main, syscall.SIGTERM))
			}
			require.Equal(t, 0, c.wait(), "stdout:\n%s\nstderr:\n%s", c.out, c.errb)
			require.Contains(t, c.out.String(), "Wrote e2e/rec.go: 1 actions. Add VisitHomeFlow to the suite's Flows.")
			src, err := os.ReadFile(filepath.Join(c.dir, "e2e", "rec.go"))
			require.NoError(t, err)
			require.Contains(t, string(src), "package e2e\n")
			require.Contains(t, string(src), `p.tab.Goto("/")`)
			require.Contains(t, string(src), `var VisitHomeFlow = flows.Flow{Name: "visit home"`)
		})
	}
}

// TestVersion: e2e --version names its module and Chromium's version.
func TestVersion(t *testing.T) {
	c := newCLI(t)
	require.Equal(t, 0, c.run("--version"))
	require.Regexp(t, `^e2e \S+ \(github\.com/e2e-dev/e2e[^)]*\)\nchromium: Chromium \d+\.\d+\.\d+\.\d+ \(/\S+\)\n$`, c.out.String())
}
