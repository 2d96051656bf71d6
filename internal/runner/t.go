package runner

import "runtime"

// runT is the runner's T: the flow's State keeps its failures, and FailNow ends only the
// flow's goroutine, as testing.T does.
type runT struct{}

// Errorf does nothing: the State has recorded the failure.
func (t *runT) Errorf(format string, args ...any) {}

// FailNow ends the flow's goroutine.
func (t *runT) FailNow() { runtime.Goexit() }

// Helper does nothing: the runner prints no call sites.
func (t *runT) Helper() {}
