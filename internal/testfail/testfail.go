// Package testfail is a steps.TestingT for the engine's tests of code that fails a flow (page
// actions, assertions, API and database calls): it records each failure, and FailNow ends the
// goroutine Run started, as a flow's T does.
package testfail

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
)

// T records failures; its zero value is ready.
type T struct {
	mu   sync.Mutex
	msgs []string
}

// Errorf records a failure.
func (t *T) Errorf(format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.msgs = append(t.msgs, fmt.Sprintf(format, args...))
}

// FailNow ends the calling goroutine.
func (t *T) FailNow() { runtime.Goexit() }

// Helper does nothing.
func (t *T) Helper() {}

// Run runs fn on a goroutine of its own, as a flow runs, and returns the failures it recorded,
// one per line; "" when it recorded none. A panic in fn is raised again in the caller.
func (t *T) Run(fn func()) string {
	t.mu.Lock()
	from := len(t.msgs)
	t.mu.Unlock()
	var panicked any
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { panicked = recover() }()
		fn()
	}()
	<-done
	if panicked != nil {
		panic(panicked)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.msgs[from:], "\n")
}
