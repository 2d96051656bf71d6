package runner_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/runner"
)

// browserScript is a browser.bin that runs the system's Chromium until break is called, and then
// exits at once with a message: a machine that can start no more browsers.
type browserScript struct {
	path string
	once sync.Once
}

func newBrowserScript(t *testing.T) *browserScript {
	bin, err := browser.FindBrowser("", true)
	require.NoError(t, err)
	s := &browserScript{path: filepath.Join(t.TempDir(), "chromium")}
	require.NoError(t, os.WriteFile(s.path, []byte("#!/bin/sh\nexec "+bin+` "$@"`+"\n"), 0o755))
	return s
}

func (s *browserScript) breakIt(t require.TestingT) {
	s.once.Do(func() {
		require.NoError(t, os.WriteFile(s.path+".new", []byte("#!/bin/sh\necho 'no browser to be had here' >&2\nexit 1\n"), 0o755))
		require.NoError(t, os.Rename(s.path+".new", s.path))
	})
}

// killOwnBrowser kills (SIGKILL) the process group of the browser running f's page.
func killOwnBrowser(t require.TestingT, f *flows.F) {
	info, err := proto.SystemInfoGetProcessInfo{}.Call(f.Tab.Rod().Browser())
	require.NoError(t, err)
	for _, p := range info.ProcessInfo {
		if p.Type == "renderer" {
			pgid, err := syscall.Getpgid(p.ID)
			require.NoError(t, err)
			require.NoError(t, syscall.Kill(-pgid, syscall.SIGKILL))
			return
		}
	}
	t.Errorf("no renderer among %v", info.ProcessInfo)
}

// killer is a flow that, the first time only, makes browsers impossible to start and kills its
// own.
func killer(s *browserScript) flows.Flow {
	var done atomic.Bool
	return flows.Flow{Name: "killer", Run: func(f *flows.F) {
		f.Tab.Goto("/")
		if done.CompareAndSwap(false, true) {
			s.breakIt(f)
			killOwnBrowser(f, f)
			f.Tab.Path()
		}
	}}
}

// A worker whose browser dies and that cannot start another retires: the flow it was running
// goes back to the queue without costing an attempt, the other worker runs it and every other
// flow, and the run ends with one warning naming the worker lost and why.
func TestWorkerThatCannotGetABrowserBackRetires(t *testing.T) {
	s := newBrowserScript(t)
	var warnings []string
	var mu sync.Mutex
	fs := []flows.Flow{killer(s)}
	for _, n := range []string{"a", "b", "c", "d"} {
		fs = append(fs, catalogFlow(n))
	}
	start := time.Now()
	rep, _ := runSuite(t, fs, nil, func(o *runner.Options) {
		o.Workers, o.Retries, o.Browser.Bin, o.PinWorkers = 2, 0, s.path, browser.PinOff
		o.Warn = func(m string) { mu.Lock(); warnings = append(warnings, m); mu.Unlock() }
	})
	require.Less(t, time.Since(start), 60*time.Second, "the run ended within its bounds")
	for _, f := range rep.Flows {
		require.Equal(t, report.StatusPassed, f.Status, "flow %s: %s", f.ID, f.Error)
		require.Len(t, f.Attempts, 1, "flow %s", f.ID)
	}
	require.Regexp(t, `^re-run once after a lost browser: browser went away \(`, lostNote(rep, "killer"))
	require.Len(t, warnings, 1, "%q", warnings)
	require.Regexp(t, `^1 of 2 workers lost their browser for good \(worker [01]: reopen the browser: launch chromium `+
		regexp.QuoteMeta(s.path)+`: it exited at start \(is browser.bin a Chromium\?\): no browser to be had here\); the run went on with 1$`, warnings[0])
}

// When every worker has lost its browser for good, each flow left fails at once in one line, and
// the run ends failed.
func TestEveryWorkerLostFailsTheFlowsLeft(t *testing.T) {
	s := newBrowserScript(t)
	var warnings []string
	fs := []flows.Flow{catalogFlow("first"), killer(s), catalogFlow("left-1"), catalogFlow("left-2")}
	start := time.Now()
	rep, _ := runSuite(t, fs, nil, func(o *runner.Options) {
		o.Workers, o.Retries, o.Browser.Bin = 1, 0, s.path
		o.Warn = func(m string) { warnings = append(warnings, m) }
	})
	require.Less(t, time.Since(start), 30*time.Second, "the run ended within its bounds")
	require.Equal(t, map[string]report.Status{"first": "passed", "killer": "failed", "left-1": "failed", "left-2": "failed"}, statuses(rep))
	require.Equal(t, report.StatusFailed, rep.Status)
	noBrowser := `^no browser: every worker lost its browser \(worker 0: reopen the browser: launch chromium ` + regexp.QuoteMeta(s.path) +
		`: it exited at start \(is browser.bin a Chromium\?\): no browser to be had here\)$`
	for _, f := range rep.Flows[1:] {
		require.Regexp(t, noBrowser, f.Error, "flow %s", f.ID)
		require.Len(t, f.Attempts, 1)
		require.Regexp(t, noBrowser, f.Attempts[0].Failure.Message)
	}
	require.Regexp(t, `^re-run once after a lost browser: `, lostNote(rep, "killer"), "it lost its browser before")
	require.Equal(t, []string{`1 of 1 workers lost their browser for good (worker 0: reopen the browser: launch chromium ` + s.path +
		`: it exited at start (is browser.bin a Chromium?): no browser to be had here); the flows left failed`}, warnings)
}
