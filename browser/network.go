package browser

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/har"
)

// stopFlushTimeout bounds how long Stop waits for body fetches still running.
const stopFlushTimeout = 2 * time.Second

// Buffer sizes asked of Chrome so that response bodies are still there when they are fetched
// after loadingFinished.
const (
	networkTotalBuffer  = 64 << 20
	networkMinResBuffer = 5 << 20
	networkMinPostData  = 64 << 10
	networkMaxPostData  = 1 << 20
)

// Recording captures a page's network traffic (into a har.Builder) and console (into a
// ConsoleLog) until Stop. It reads the page's events on one goroutine and fetches response
// bodies on a small pool of workers, so that event delivery never waits on a fetch.
type Recording struct {
	har     *har.Builder
	console *artifacts.ConsoleLog

	cancelEvents context.CancelFunc
	cancelFetch  context.CancelFunc
	loopDone     chan struct{}
	fetcher      *bodyFetcher // nil when no bodies are kept
	stopOnce     sync.Once
}

// Record starts capturing page's network events into har and its console into console (either
// may be nil). Call it on a fresh page (about:blank) before the flow navigates: it subscribes
// to the page's events before enabling the Network, Runtime and Log domains, so nothing the
// flow does is missed. Stop the recording when the flow ends.
func Record(page *rod.Page, har *har.Builder, console *artifacts.ConsoleLog) (*Recording, error) {
	return record(page, har, console, DefaultSetupTimeout)
}

// Record is the package's Record on a page of the context, its setup bounded by the browser's
// setup timeout.
func (c *Context) Record(page *rod.Page, har *har.Builder, console *artifacts.ConsoleLog) (*Recording, error) {
	return record(page, har, console, c.Browser.SetupTimeout())
}

// record is Record with enabling the domains bounded by setup.
func record(page *rod.Page, har *har.Builder, console *artifacts.ConsoleLog, setup time.Duration) (*Recording, error) {
	base := page.GetContext()
	evCtx, cancelEvents := context.WithCancel(base)
	fetchCtx, cancelFetch := context.WithCancel(base)
	r := &Recording{
		har: har, console: console,
		cancelEvents: cancelEvents, cancelFetch: cancelFetch,
		loopDone: make(chan struct{}),
	}
	events := page.Context(evCtx).Event() // subscribed now, before any domain is enabled

	ctl := page.Context(fetchCtx)
	setupCtx, cancelSetup := context.WithTimeout(fetchCtx, setup)
	err := enableDomains(page.Context(setupCtx), har, console)
	cancelSetup()
	if err != nil {
		cancelEvents()
		cancelFetch()
		for range events { // let the forwarding goroutine end
		}
		return nil, err
	}
	if har != nil && har.MaxBody() > 0 {
		r.fetcher = newBodyFetcher(ctl, har, 2)
	}
	go r.loop(events)
	return r, nil
}

// enableDomains turns on the domains whose events the recording needs. The calls go out
// together: Network.enable alone takes tens of milliseconds, the others need not wait on it.
func enableDomains(p *rod.Page, har *har.Builder, console *artifacts.ConsoleLog) error {
	var calls []func() error
	if har != nil {
		res := networkMinResBuffer
		post := networkMinPostData
		if mb := har.MaxBody(); mb > 0 {
			res = int(min(max(2*mb, int64(res)), networkTotalBuffer))
			post = int(min(max(mb, int64(post)), networkMaxPostData))
		}
		total := networkTotalBuffer
		calls = append(calls, func() error {
			err := proto.NetworkEnable{MaxTotalBufferSize: &total, MaxResourceBufferSize: &res, MaxPostDataSize: &post}.Call(p)
			if err != nil {
				return fmt.Errorf("record network: enable the Network domain: %w", err)
			}
			return nil
		})
	}
	if console != nil {
		calls = append(calls, consoleEnables(p)...)
	}
	errs := make([]error, len(calls))
	var wg sync.WaitGroup
	for i, call := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = call()
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// loop hands every event of the page to the builder and the console log until the event
// subscription ends.
func (r *Recording) loop(events <-chan *rod.Message) {
	defer close(r.loopDone)
	for msg := range events {
		r.dispatch(msg)
	}
}

// dispatch routes one event; a malformed event is dropped rather than crashing the run.
func (r *Recording) dispatch(msg *rod.Message) {
	defer func() { _ = recover() }()
	if r.har != nil && dispatchNetwork(msg, r.har, r.fetcher) {
		return
	}
	if r.console != nil {
		dispatchConsole(msg, r.console)
	}
}

// dispatchNetwork feeds a Network event to har, queueing a body fetch when it asks for one. It
// reports whether msg was a Network event it handles.
func dispatchNetwork(msg *rod.Message, har *har.Builder, f *bodyFetcher) bool {
	switch msg.Method {
	case "Network.requestWillBeSent":
		var e proto.NetworkRequestWillBeSent
		msg.Load(&e)
		if e.Request != nil && isNetworkProbe(e.Request.URL) {
			return true // its later events find no entry and are dropped
		}
		har.RequestWillBeSent(&e)
	case "Network.requestWillBeSentExtraInfo":
		var e proto.NetworkRequestWillBeSentExtraInfo
		msg.Load(&e)
		har.RequestWillBeSentExtraInfo(&e)
	case "Network.responseReceived":
		var e proto.NetworkResponseReceived
		msg.Load(&e)
		har.ResponseReceived(&e)
	case "Network.responseReceivedExtraInfo":
		var e proto.NetworkResponseReceivedExtraInfo
		msg.Load(&e)
		har.ResponseReceivedExtraInfo(&e)
	case "Network.requestServedFromCache":
		var e proto.NetworkRequestServedFromCache
		msg.Load(&e)
		har.RequestServedFromCache(&e)
	case "Network.dataReceived":
		var e proto.NetworkDataReceived
		msg.Load(&e)
		har.DataReceived(&e)
	case "Network.loadingFinished":
		var e proto.NetworkLoadingFinished
		msg.Load(&e)
		if har.LoadingFinished(&e) {
			if f != nil {
				f.enqueue(e.RequestID)
			} else {
				har.SetBody(e.RequestID, "", false, errNoFetcher)
			}
		}
	case "Network.loadingFailed":
		var e proto.NetworkLoadingFailed
		msg.Load(&e)
		har.LoadingFailed(&e)
	default:
		return false
	}
	return true
}

// Flush waits, at most timeout, for the body fetches queued so far to complete, without
// stopping the recording. Call it when a flow fails, before taking the HAR.
func (r *Recording) Flush(timeout time.Duration) {
	if r == nil || r.fetcher == nil {
		return
	}
	r.fetcher.wait(timeout)
}

// Stop ends the recording: it unsubscribes from the page's events, waits (up to 2s) for body
// fetches still running, then abandons the rest. It is safe to call more than once; the
// builder and the console log keep what was recorded.
func (r *Recording) Stop() {
	if r == nil {
		return
	}
	r.stopOnce.Do(func() {
		r.cancelEvents()
		<-r.loopDone
		if r.fetcher != nil {
			r.fetcher.wait(stopFlushTimeout)
		}
		r.cancelFetch()
		if r.fetcher != nil {
			r.fetcher.close()
		}
	})
}
