package pages

import (
	"context"
	"sync"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// lifecycle follows the lifecycle events of a page's top document, from the tab's start: which
// document is there (its loader) and whether it has gone network-idle. Chromium sends
// networkIdle once, as it happens; turning the events on again sends the events so far once
// more, with networkIdle as soon as a quiet spell has begun (a call still in flight or not), so
// they are turned on once per page and followed from then on.
type lifecycle struct {
	mu     sync.Mutex
	loader proto.NetworkLoaderID
	idle   bool
	wake   chan struct{} // closed, and replaced, at each event
	err    error         // why the events could not be turned on
}

// lifecycleCommit is the event that starts those sent again when the events are turned on (rod
// has no name for it).
const lifecycleCommit proto.PageLifecycleEventName = "commit"

// lifecycles are the followed pages, by session: one follower a page.
var lifecycles sync.Map

// followLifecycle turns p's lifecycle events on and follows them while p's context lasts, or
// returns the follower of p already there.
func followLifecycle(p *rod.Page) *lifecycle {
	l := &lifecycle{wake: make(chan struct{})}
	if had, loaded := lifecycles.LoadOrStore(p.SessionID, l); loaded {
		return had.(*lifecycle)
	}
	wait := p.EachEvent(func(e *proto.PageLifecycleEvent) {
		if e.FrameID == p.FrameID {
			l.see(e)
		}
	})
	if l.err = (proto.PageSetLifecycleEventsEnabled{Enabled: true}).Call(p); l.err != nil {
		lifecycles.Delete(p.SessionID)
	}
	go func() {
		wait()
		lifecycles.CompareAndDelete(p.SessionID, l)
	}()
	return l
}

// see takes in an event of the top frame.
func (l *lifecycle) see(e *proto.PageLifecycleEvent) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case e.Name == proto.PageLifecycleEventNameInit, e.Name == lifecycleCommit && e.LoaderID != l.loader:
		// A new document; or, sent again as the events were turned on, the one already there.
		l.loader, l.idle = e.LoaderID, false
	case e.Name == proto.PageLifecycleEventNameNetworkIdle && e.LoaderID == l.loader:
		l.idle = true
	}
	close(l.wake)
	l.wake = make(chan struct{})
}

// waitIdle waits until the document current(), asked again at each event, has gone
// network-idle, or ctx ends.
func (l *lifecycle) waitIdle(ctx context.Context, current func() (proto.NetworkLoaderID, error)) error {
	if l.err != nil {
		return l.err
	}
	want, err := current()
	if err != nil {
		return err
	}
	for {
		l.mu.Lock()
		loader, idle, wake := l.loader, l.idle, l.wake
		l.mu.Unlock()
		if idle && loader == want {
			return nil
		}
		select {
		case <-wake:
		case <-ctx.Done():
			return ctx.Err()
		}
		if want, err = current(); err != nil {
			return err
		}
	}
}
