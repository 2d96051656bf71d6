package runner

import (
	"context"
	"sync"
)

// rounds feeds the jobs to the workers: all at once, or, with Options.BeforeRound, round by
// round (the r-th repetition of every flow), each round after the one before has ended and
// BeforeRound has passed.
type rounds struct {
	mu   sync.Mutex
	left map[int]int           // jobs of each round not ended yet
	done map[int]chan struct{} // closed when a round's jobs have all ended
	fed  chan struct{}         // closed when the feeder is done
	err  error                 // BeforeRound's error
}

// feed returns the queue the workers take their jobs from, in order, and the rounds to tell of
// each job ended.
func feed(ctx context.Context, order []job, opts Options) (*jobQueue, *rounds) {
	r := &rounds{left: map[int]int{}, done: map[int]chan struct{}{}, fed: make(chan struct{})}
	queue := newJobQueue()
	if opts.BeforeRound == nil {
		for _, j := range order {
			queue.add(j)
		}
		queue.close()
		close(r.fed)
		return queue, r
	}
	byRound := map[int][]job{}
	for _, j := range order {
		byRound[j.repeat] = append(byRound[j.repeat], j)
		r.left[j.repeat]++
	}
	for round := range byRound {
		r.done[round] = make(chan struct{})
	}
	go func() {
		defer close(r.fed)
		defer queue.close()
		prev := -1
		for round := range opts.RepeatEach {
			batch := byRound[round]
			if len(batch) == 0 {
				continue
			}
			if prev >= 0 {
				select {
				case <-r.done[prev]:
				case <-ctx.Done():
					return
				case <-queue.halt: // --max-failures: no more rounds
					return
				}
				if err := opts.BeforeRound(ctx, round); err != nil {
					r.mu.Lock()
					r.err = err
					r.mu.Unlock()
					return
				}
			}
			for _, j := range batch {
				queue.add(j)
			}
			prev = round
		}
	}()
	return queue, r
}

// ended counts one job of round as ended.
func (r *rounds) ended(round int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ch, ok := r.done[round]; ok {
		r.left[round]--
		if r.left[round] == 0 {
			close(ch)
		}
	}
}

// wait waits for the feeder to end (the workers have) and returns BeforeRound's error.
func (r *rounds) wait() error {
	<-r.fed
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}
