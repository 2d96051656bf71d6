package browser

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/artifacts/har"
)

var (
	// errRecordingStopped is the body error of fetches abandoned by Stop.
	errRecordingStopped = errors.New("recording stopped before the body was fetched")
	// errNoFetcher is the body error when bodies are wanted but no fetcher runs.
	errNoFetcher = errors.New("no body fetcher")
)

// bodyFetcher fetches response bodies with Network.getResponseBody on a few worker
// goroutines, off the event goroutine, and hands them to the HAR builder.
type bodyFetcher struct {
	page *rod.Page
	har  *har.Builder

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []proto.NetworkRequestID
	pending int           // queued or being fetched
	idle    chan struct{} // closed whenever pending is 0
	closed  bool
	workers sync.WaitGroup
}

func newBodyFetcher(page *rod.Page, har *har.Builder, workers int) *bodyFetcher {
	f := &bodyFetcher{page: page, har: har, idle: make(chan struct{})}
	close(f.idle)
	f.cond = sync.NewCond(&f.mu)
	for range workers {
		f.workers.Add(1)
		go f.work()
	}
	return f
}

// enqueue asks for the body of id; it never blocks.
func (f *bodyFetcher) enqueue(id proto.NetworkRequestID) {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		f.har.SetBody(id, "", false, errRecordingStopped)
		return
	}
	if f.pending == 0 {
		f.idle = make(chan struct{})
	}
	f.pending++
	f.queue = append(f.queue, id)
	f.mu.Unlock()
	f.cond.Signal()
}

func (f *bodyFetcher) next() (proto.NetworkRequestID, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for len(f.queue) == 0 && !f.closed {
		f.cond.Wait()
	}
	if len(f.queue) == 0 {
		return "", false
	}
	id := f.queue[0]
	f.queue[0] = ""
	f.queue = f.queue[1:]
	return id, true
}

func (f *bodyFetcher) work() {
	defer f.workers.Done()
	for {
		id, ok := f.next()
		if !ok {
			return
		}
		res, err := proto.NetworkGetResponseBody{RequestID: id}.Call(f.page)
		if err != nil {
			f.har.SetBody(id, "", false, fmt.Errorf("get response body: %w", err))
		} else {
			f.har.SetBody(id, res.Body, res.Base64Encoded, nil)
		}
		f.done(1)
	}
}

func (f *bodyFetcher) done(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pending -= n
	if f.pending == 0 {
		close(f.idle)
	}
}

// wait blocks until nothing is pending or timeout passes.
func (f *bodyFetcher) wait(timeout time.Duration) {
	f.mu.Lock()
	idle := f.idle
	f.mu.Unlock()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-idle:
	case <-t.C:
	}
}

// close abandons the queued fetches (their entries say why) and waits for the workers to end.
// Fetches in progress end quickly once the page context is canceled.
func (f *bodyFetcher) close() {
	f.mu.Lock()
	f.closed = true
	abandoned := f.queue
	f.queue = nil
	f.mu.Unlock()
	f.cond.Broadcast()
	for _, id := range abandoned {
		f.har.SetBody(id, "", false, errRecordingStopped)
	}
	if len(abandoned) > 0 {
		f.done(len(abandoned))
	}
	f.workers.Wait()
}
