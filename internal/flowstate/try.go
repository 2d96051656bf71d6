package flowstate

import (
	"fmt"
	"time"

	"github.com/e2e-dev/e2e/steps"
)

// Try is one try of a retrying block (F.ToPass, F.Poll): while it runs, the flow's failures
// are its own, kept from the flow, so that a try followed by another fails nothing.
type Try struct {
	failures []Failure
	stack    string // the stack of the try's panic, if it panicked

	depth int // how many steps ran when the try began: its failures fail only those nested deeper
	from  int // the index of the try's first step in the step log
}

// BeginTry starts a try: until EndTry, every failure of the flow (Fail, Errorf, Must, Panicked)
// is the try's, and FailNow ends only the goroutine that calls it, which must be the try's own.
func (s *State) BeginTry() *Try {
	tr := &Try{depth: len(s.Steps.Running()), from: s.Steps.Len()}
	s.mu.Lock()
	s.tries = append(s.tries, tr)
	s.mu.Unlock()
	return tr
}

// EndTry ends tr: the flow's failures are the flow's again. When retried, another try follows
// and tr is discarded: the steps that failed in it end "retried" rather than FAIL, and a note
// says what it failed with.
func (s *State) EndTry(tr *Try, retried bool, n int) {
	s.mu.Lock()
	for i := len(s.tries) - 1; i >= 0; i-- {
		if s.tries[i] == tr {
			s.tries = append(s.tries[:i], s.tries[i+1:]...)
			break
		}
	}
	s.mu.Unlock()
	fails := s.TryFailures(tr)
	if retried && len(fails) > 0 {
		s.Steps.Retried(tr.from)
		s.Steps.Note(fmt.Sprintf("try %d failed, retrying: %s", n, Summarize(fails[0].Message)))
	}
}

// try is the innermost try running, nil when none runs.
func (s *State) try() *Try {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := len(s.tries); n > 0 {
		return s.tries[n-1]
	}
	return nil
}

// add records f as a failure of the try, and of the steps running inside it.
func (tr *Try) add(s *State, f Failure) {
	s.Steps.FailNested(tr.depth, fmt.Errorf("%s", Summarize(f.Message)))
	s.mu.Lock()
	tr.failures = append(tr.failures, f)
	s.mu.Unlock()
}

// Timeout is the flow's action timeout: ActionTimeout, else steps.DefaultActionTimeout.
func (s *State) Timeout() time.Duration {
	if s.ActionTimeout > 0 {
		return s.ActionTimeout
	}
	return steps.DefaultActionTimeout
}

// TryFailures returns the failures of tr so far.
func (s *State) TryFailures(tr *Try) []Failure {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Failure(nil), tr.failures...)
}

// TryStack returns the stack of tr's panic, "" when it did not panic.
func (s *State) TryStack(tr *Try) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return tr.stack
}
