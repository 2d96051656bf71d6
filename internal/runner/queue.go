package runner

import (
	"context"
	"sync"
)

// jobQueue hands the run's jobs to the workers in order, and takes back a job whose worker lost
// its browser, first in line for whichever worker asks next. It is done once the feeder has
// added its last job and every job taken has ended: until then a worker that asks waits, since
// a job taken elsewhere may come back.
type jobQueue struct {
	mu     sync.Mutex
	change chan struct{} // closed, and replaced, whenever the queue changes
	jobs   []job
	taken  int  // jobs taken, neither ended nor given back
	closed bool // the feeder has added its last job
	// stopped: the run stops early (--max-failures); the jobs left, and any added or given
	// back, are dropped: they did not run.
	stopped bool
	halt    chan struct{} // closed by stop
}

func newJobQueue() *jobQueue {
	return &jobQueue{change: make(chan struct{}), halt: make(chan struct{})}
}

// changed wakes those waiting. The caller holds q.mu.
func (q *jobQueue) changed() {
	close(q.change)
	q.change = make(chan struct{})
}

// add appends a job (the feeder).
func (q *jobQueue) add(j job) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.stopped {
		return
	}
	q.jobs = append(q.jobs, j)
	q.changed()
}

// stop drops the jobs left and closes the queue: the workers take no more.
func (q *jobQueue) stop() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.stopped {
		close(q.halt)
	}
	q.stopped, q.closed, q.jobs = true, true, nil
	q.changed()
}

// close says the feeder has added its last job.
func (q *jobQueue) close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	q.changed()
}

// take returns the next job, waiting for one; false once the queue is done or ctx ended.
func (q *jobQueue) take(ctx context.Context) (job, bool) {
	for {
		q.mu.Lock()
		if q.stopped {
			q.mu.Unlock()
			return job{}, false
		}
		if len(q.jobs) > 0 {
			j := q.jobs[0]
			q.jobs = q.jobs[1:]
			q.taken++
			q.mu.Unlock()
			return j, true
		}
		if q.closed && q.taken == 0 {
			q.mu.Unlock()
			return job{}, false
		}
		change := q.change
		q.mu.Unlock()
		select {
		case <-change:
		case <-ctx.Done():
			return job{}, false
		}
	}
}

// giveBack puts a taken job first in line again: its worker lost its browser.
func (q *jobQueue) giveBack(j job) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.taken--
	if !q.stopped {
		q.jobs = append([]job{j}, q.jobs...)
	}
	q.changed()
}

// ended says a taken job has ended.
func (q *jobQueue) ended() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.taken--
	q.changed()
}

// done reports whether the queue is done: nothing left, nothing taken, nothing more to come.
func (q *jobQueue) done() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.closed && q.taken == 0 && len(q.jobs) == 0
}
