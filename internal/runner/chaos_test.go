package runner_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/e2e-dev/e2e/internal/runner"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/flows"
)

// freezer stops (SIGSTOP) browsers the tests launched, and wakes them at the end of the test
// so that the leftovers check sees them killed rather than stopped.
type freezer struct {
	mu     sync.Mutex
	frozen []int
}

func newFreezer(t *testing.T) *freezer {
	fz := &freezer{}
	t.Cleanup(func() {
		fz.mu.Lock()
		defer fz.mu.Unlock()
		for _, pid := range fz.frozen {
			_ = syscall.Kill(pid, syscall.SIGCONT)
		}
	})
	return fz
}

// freeze stops b's main process (not a helper, nor the wrapper script it may run under) and
// returns its pid.
func (fz *freezer) freeze(t require.TestingT, b *browser.Browser) int {
	pid := browserProcess(b.ProcessGroup())
	require.NotZero(t, pid, "the main process of a local browser")
	fz.mu.Lock()
	fz.frozen = append(fz.frozen, pid)
	fz.mu.Unlock()
	require.NoError(t, syscall.Kill(pid, syscall.SIGSTOP))
	return pid
}

// browserProcess returns the Chromium main process of the process group pgid: the one started
// with a DevTools port and without --type= (a helper's).
func browserProcess(pgid int) int {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		pid, _ := strconv.Atoi(filepath.Base(d))
		if g, err := syscall.Getpgid(pid); err != nil || g != pgid {
			continue
		}
		cmd, _ := os.ReadFile(d + "/cmdline")
		args := strings.Split(string(cmd), "\x00")
		if strings.Contains(string(cmd), "--remote-debugging-port") && !strings.Contains(string(cmd), "--type=") &&
			!strings.HasSuffix(args[0], "sh") && !strings.Contains(filepath.Base(args[0]), "leakless") {
			if exe, err := os.Readlink(d + "/exe"); err == nil && !strings.HasSuffix(exe, "/dash") && !strings.HasSuffix(exe, "/bash") {
				return pid
			}
		}
	}
	return 0
}

// gone reports whether no process has pid any more (a zombie not yet reaped counts as gone).
func gone(pid int) bool {
	b, err := os.ReadFile("/proc/" + itoa(pid) + "/stat")
	return err != nil || regexp.MustCompile(`\) Z `).Match(b)
}

func itoa(n int) string { return strconv.Itoa(n) }

func catalogFlow(name string) flows.Flow {
	return flows.Flow{Name: name, Run: func(f *flows.F) { f.Tab.Goto("/") }}
}

// lostLine is the note on a flow run again after its browser froze.
var lostLine = regexp.MustCompile(`^re-run once after a lost browser: browser stopped answering \(no reply to [A-Za-z.]+ in \d+s\)`)

// lostNote returns the lost-browser annotation of flow id in rep, "" when it has none.
func lostNote(rep *report.RunReport, id string) string {
	for _, f := range rep.Flows {
		if f.ID == id {
			a, _ := f.Annotation(report.AnnotationLostBrowser)
			return a.Description
		}
	}
	return ""
}

// TestFrozenBrowserDuringAPageAction freezes the browser (SIGSTOP) in the middle of a flow:
// the DevTools socket stays open and nothing answers. The liveness probe finds it dead within
// its bound (well before the flow's 60s), the browser is killed, and the flow runs again on a
// new one without that counting as an attempt (no retries are asked for): it passes, marked as
// re-run after a lost browser.
func TestFrozenBrowserDuringAPageAction(t *testing.T) {
	fz := newFreezer(t)
	var current atomic.Pointer[browser.Browser]
	defer runner.SetTestHookNewPage(func(b *browser.Browser) { current.Store(b) })()
	var frozenPID atomic.Int64
	freeze := flows.Flow{Name: "freeze", Run: func(f *flows.F) {
		f.Tab.Goto("/")
		if frozenPID.Load() == 0 {
			frozenPID.Store(int64(fz.freeze(f, current.Load())))
		}
		f.Tab.Path()
	}}
	start := time.Now()
	rep, _ := runSuite(t, []flows.Flow{freeze, catalogFlow("after")}, nil, func(o *runner.Options) {
		o.Workers, o.Retries = 1, 0
	})
	require.Less(t, time.Since(start), 45*time.Second, "the run ended within its bounds")
	require.Equal(t, map[string]report.Status{"freeze": "passed", "after": "passed"}, statuses(rep))
	require.Len(t, rep.Flows[0].Attempts, 1, "the lost attempt does not count")
	require.Regexp(t, lostLine, lostNote(rep, "freeze"))
	require.Empty(t, lostNote(rep, "after"))
	require.True(t, gone(int(frozenPID.Load())), "the frozen browser was killed")
}

// TestFrozenBrowserWhileOpeningAPage freezes the browser just as a flow's page is being opened
// (the hang of issue 15: Target.createTarget waiting forever): found dead within the setup
// bound, the browser is replaced and the flow runs again on the new one, no attempt lost.
func TestFrozenBrowserWhileOpeningAPage(t *testing.T) {
	fz := newFreezer(t)
	var opened atomic.Int32
	var frozenPID atomic.Int64
	defer runner.SetTestHookNewPage(func(b *browser.Browser) {
		if opened.Add(1) == 2 {
			frozenPID.Store(int64(fz.freeze(t, b)))
		}
	})()
	start := time.Now()
	rep, _ := runSuite(t, []flows.Flow{catalogFlow("first"), catalogFlow("second")}, nil, func(o *runner.Options) {
		o.Workers, o.Retries = 1, 0
	})
	require.Less(t, time.Since(start), 45*time.Second, "the run ended within its bounds")
	require.Equal(t, map[string]report.Status{"first": "passed", "second": "passed"}, statuses(rep))
	require.Regexp(t, lostLine, lostNote(rep, "second"))
	require.Contains(t, lostNote(rep, "second"), "Target.createTarget")
	require.True(t, gone(int(frozenPID.Load())), "the frozen browser was killed")
}
