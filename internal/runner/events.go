package runner

import (
	"errors"
	"sync"

	"github.com/e2e-dev/e2e/artifacts/report"
)

// reporters fans events out to every reporter, one event at a time.
type reporters struct {
	mu sync.Mutex
	rs []report.Reporter
}

func reporterSet(rs []report.Reporter) *reporters { return &reporters{rs: rs} }

func (r *reporters) flowStarted(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, x := range r.rs {
		x.FlowStarted(id)
	}
}

func (r *reporters) flowEnded(f report.FlowReport, done, total int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, x := range r.rs {
		x.FlowEnded(f, done, total)
	}
}

func (r *reporters) runEnded(rep *report.RunReport) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var errs []error
	for _, x := range r.rs {
		errs = append(errs, x.RunEnded(rep))
	}
	return errors.Join(errs...)
}
