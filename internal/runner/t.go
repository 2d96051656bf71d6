package runner

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
)

// runT is the runner's T: it records failures without ending the process. FailNow ends only
// the flow's goroutine, as testing.T does.
type runT struct {
	mu       sync.Mutex
	failures []string
}

// Errorf records a failure.
func (t *runT) Errorf(format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.failures = append(t.failures, fmt.Sprintf(format, args...))
}

// FailNow ends the flow's goroutine.
func (t *runT) FailNow() { runtime.Goexit() }

// Helper does nothing: the runner prints no call sites.
func (t *runT) Helper() {}

func (t *runT) details() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.failures, "\n\n")
}
