// Package browser launches or connects to Chromium (local, a DevTools endpoint, rod's launcher
// manager, or a Selenium Grid) and hands out a fresh incognito context per flow.
package browser

import (
	"errors"
	"sync"
	"time"

	"github.com/go-rod/rod"
)

// Browser is one Chromium the tester drives, local or remote. Close releases everything it
// holds: the CDP connection, and the process, the WebDriver session or the managed browser
// behind it.
type Browser struct {
	// Rod is the connected rod browser (NoDefaultDevice, so viewport and user agent are the
	// browser's own).
	Rod *rod.Browser
	// Kind says how it was acquired: KindLocal, KindCDP, KindRodManager or KindSelenium.
	Kind Kind
	// Headless reports whether the browser runs without windows.
	Headless bool

	live  *liveClient   // the watched CDP client; nil until connected
	setup time.Duration // bounds opening and closing contexts and pages
	pid   int           // a local browser's process group

	mu      sync.Mutex
	closers []func() error
	closed  bool
}

// OnClose registers fn to run when the browser closes, after those registered later.
func (b *Browser) OnClose(fn func() error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closers = append(b.closers, fn)
}

// Close runs every close function in reverse order of registration, once, and joins their
// errors. It is safe to call more than once and from several goroutines.
func (b *Browser) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	closers := b.closers
	b.closers = nil
	b.mu.Unlock()
	untrack(b)

	var errs []error
	for i := len(closers) - 1; i >= 0; i-- {
		errs = append(errs, closers[i]())
	}
	return errors.Join(errs...)
}

// open holds every browser not yet closed, so that CloseAll can reap them on any exit path.
var open = struct {
	sync.Mutex
	set map[*Browser]struct{}
}{set: map[*Browser]struct{}{}}

func track(b *Browser) {
	open.Lock()
	defer open.Unlock()
	open.set[b] = struct{}{}
}

func untrack(b *Browser) {
	open.Lock()
	defer open.Unlock()
	delete(open.set, b)
}

// CloseAll closes every browser this process opened and has not closed yet. Call it from signal
// handlers and deferred cleanup in main.
func CloseAll() error {
	open.Lock()
	all := make([]*Browser, 0, len(open.set))
	for b := range open.set {
		all = append(all, b)
	}
	open.Unlock()
	var wg sync.WaitGroup
	errs := make([]error, len(all))
	for i, b := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = b.Close()
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Options say how to get a browser. The zero value launches the system Chromium headless.
type Options struct {
	// Bin is the Chromium executable; empty: look for the system's (for a headless run its
	// headless shell first, see FindBrowser).
	Bin string
	// Headless runs without windows.
	Headless bool
	// Devtools opens DevTools with each tab (headed only).
	Devtools bool
	// SlowMotion delays every input action by this much.
	SlowMotion time.Duration
	// Args are extra Chromium command-line flags, "--name=value" or "--name".
	Args []string
	// CPUs, when set, are the only CPUs a launched browser and every process it starts may run
	// on (Linux; see AllowedCPUs). The runner gives each worker's browser CPUs of its own.
	// Remote browsers ignore it.
	CPUs []int
	// NodeCPUs, when set, are the CPUs a Selenium session's browser is moved to when its node
	// runs on this machine (see WorkerOptions): the browsers of a grid on this machine then share
	// the CPUs as launched ones do.
	NodeCPUs []int
	// Background launches the browser, and every process it starts, at the lowest CPU priority
	// (nice 19, Linux): its work mostly takes CPU time the flows leave. The a11y audit's own
	// browser runs so at warn. Remote browsers ignore it.
	Background bool
	// Remote, when its Kind is set, connects to a remote browser instead of launching one.
	Remote RemoteOptions
	// keepAlive, in tests, replaces seleniumKeepAlive.
	keepAlive time.Duration
	// SetupTimeout bounds each setup and teardown call: opening and closing a flow's context
	// and page, starting its recording, ending a Selenium session. 0 means DefaultSetupTimeout.
	SetupTimeout time.Duration
}

// RemoteOptions say how to reach a remote browser.
type RemoteOptions struct {
	// Kind is "" or KindLocal (launch locally), KindCDP, KindRodManager or KindSelenium.
	Kind Kind
	// URL is the DevTools endpoint, the manager's ws:// URL or the grid's http:// URL.
	URL string
	// Capabilities are extra W3C capabilities for a Selenium session (platformName,
	// browserVersion, se:name, ...).
	Capabilities map[string]any
	// Headers are sent with every request to the grid or manager (e.g. Authorization).
	Headers map[string]string
	// SessionTimeout bounds how long a new Selenium session may wait in the grid's queue, and
	// how long connecting to any remote may take.
	SessionTimeout time.Duration
	// ViaGrid sends every DevTools message of a Selenium session through the grid's proxy, even
	// when the node's browser runs on this machine and could be reached directly.
	ViaGrid bool
}
