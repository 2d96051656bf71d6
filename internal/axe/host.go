package axe

import (
	"context"
	_ "embed"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

//go:embed host.js
var hostJS string

// jobTimeout bounds one run of axe in a host, from loading the page's copy to its results (in
// a host of its own, which may run at the lowest CPU priority on a loaded machine,
// ownJobTimeout: with its browser's launch, for the first); closeTimeout closing the host's
// context.
const (
	jobTimeout    = 10 * time.Second
	ownJobTimeout = 30 * time.Second
	closeTimeout  = 5 * time.Second
)

// snapshot is a page's state copied for the host (copy.js).
type snapshot struct {
	HTML    string  `json:"html"`
	URL     string  `json:"url"`
	Pending bool    `json:"pending"`
	Width   int     `json:"width"`
	Height  int     `json:"height"`
	DPR     float64 `json:"dpr"`
	Dark    bool    `json:"dark"`
	Shadow  bool    `json:"shadow"`
}

// Host runs axe on copies of the pages that flows reach, in a tab of its own: axe-core is
// injected there once, not into every document of every flow, and its runs take place in that
// tab's renderer while the flows go on in theirs. One host serves one browser; its methods are
// safe for concurrent use (runs take turns).
type Host struct {
	browser *rod.Browser
	launch  func(context.Context) (*rod.Browser, func(), error) // a browser of its own, at the first run
	stop    func()                                              // ends that browser
	warm    sync.Once

	mu         sync.Mutex
	page       *rod.Page // nil until the first run, and after a failed one
	ownContext bool      // page is in a context the host opened (closed with it)
	viewport   snapshot  // the host's emulated viewport and colour scheme (HTML unset)
	origin     string    // the origin of the page the tab shows
}

// NewHost returns a host in b, which opens its own context and tab at its first run.
func NewHost(b *rod.Browser) *Host { return &Host{browser: b} }

// OwnHostArgs are the Chromium flags of a host's own browser, which spare its CPU
// (bench/README.md, "The a11y audit"): with begin-frame control its tab produces no frames, as
// no one looks at it (axe lays the page out itself, and uses no animation frame), and V8
// compiles axe-core's code no further than its baseline tier, as a run of it is too short to
// repay an optimising compiler. They come after any of the flows' own, and so win.
var OwnHostArgs = []string{"--enable-begin-frame-control", "--js-flags=--max-opt=1"}

// NewOwnHost returns a host in a browser of its own, which launch starts at the host's first run
// (with OwnHostArgs among its flags; its stop function ends it when the host closes). One such
// host can serve every browser of a run: axe-core is then injected once per run, not once per
// browser.
func NewOwnHost(launch func(context.Context) (*rod.Browser, func(), error)) *Host {
	return &Host{launch: launch}
}

// timeout is the bound of one of h's runs.
func (h *Host) timeout() time.Duration {
	if h.launch != nil {
		return ownJobTimeout
	}
	return jobTimeout
}

// Warm readies the host in the background for pages of appURL's origin, so that the flows'
// first states need not wait for it: its tab opened at that origin, axe-core injected and run
// once with o (which compiles its code). A failure is left to the first run, which tries again.
func (h *Host) Warm(appURL string, o Options) {
	h.warm.Do(func() {
		go func() {
			h.mu.Lock()
			defer h.mu.Unlock()
			ctx, cancel := context.WithTimeout(context.Background(), h.timeout())
			defer cancel()
			if err := h.open(ctx); err != nil {
				return
			}
			p := h.page.Context(ctx)
			if err := h.at(p, appURL); err != nil {
				h.close()
				return
			}
			if _, _, err := run(p, nil, runOptions(o)); err != nil {
				h.close()
			}
		}()
	})
}

// audit loads s into the host's tab and runs axe there with opts (run.js's), once the runs
// before it have ended, within its timeout.
func (h *Host) audit(s *snapshot, opts map[string]any) (*Results, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), h.timeout())
	defer cancel()
	if err := h.open(ctx); err != nil {
		return nil, err
	}
	p := h.page.Context(ctx)
	r, err := h.load(p, s, opts)
	if err != nil {
		h.close() // a fresh tab next time
		return nil, err
	}
	r.URL = s.URL
	return r, nil
}

func (h *Host) load(p *rod.Page, s *snapshot, opts map[string]any) (*Results, error) {
	if v := (snapshot{Width: s.Width, Height: s.Height, DPR: s.DPR, Dark: s.Dark}); v != h.viewport {
		if err := (proto.EmulationSetDeviceMetricsOverride{Width: s.Width, Height: s.Height, DeviceScaleFactor: s.DPR}).Call(p); err != nil {
			return nil, fmt.Errorf("axe: host: set the viewport: %w", err)
		}
		scheme := "light"
		if s.Dark {
			scheme = "dark"
		}
		if err := (proto.EmulationSetEmulatedMedia{Features: []*proto.EmulationMediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}).Call(p); err != nil {
			return nil, fmt.Errorf("axe: host: set the colour scheme: %w", err)
		}
		h.viewport = v
	}
	if err := h.at(p, s.URL); err != nil {
		return nil, err
	}
	if _, err := p.Evaluate(rod.Eval(hostJS, s.HTML).ByPromise()); err != nil {
		return nil, fmt.Errorf("axe: host: load the copy of %s: %w", s.URL, err)
	}
	opts["pending"] = s.Pending
	r, _, err := run(p, nil, opts)
	return r, err
}

// hostPath is the address, at the app's origin, of the host's blank page.
const hostPath = "/__e2e-a11y-host"

// at has the host's tab show a blank page of pageURL's origin (unless it does), served by the
// tab itself and not the app: a copy of the app's pages loads their style sheets and images as
// they do, which Chromium forbids a blank page of no origin for an app on loopback.
func (h *Host) at(p *rod.Page, pageURL string) error {
	u, err := url.Parse(pageURL)
	if err != nil {
		return fmt.Errorf("axe: host: %w", err)
	}
	origin := u.Scheme + "://" + u.Host
	if origin == h.origin {
		return nil
	}
	blank := origin + hostPath
	if err := (proto.FetchEnable{Patterns: []*proto.FetchRequestPattern{{URLPattern: blank}}}).Call(p); err != nil {
		return fmt.Errorf("axe: host: %w", err)
	}
	defer func() { _ = proto.FetchDisable{}.Call(p) }()
	serve := p.EachEvent(func(e *proto.FetchRequestPaused) bool {
		_ = proto.FetchFulfillRequest{RequestID: e.RequestID, ResponseCode: 200, Body: []byte("<!doctype html><title>a11y audit</title>"),
			ResponseHeaders: []*proto.FetchHeaderEntry{{Name: "Content-Type", Value: "text/html"}}}.Call(p)
		return true
	})
	served := make(chan struct{})
	go func() { serve(); close(served) }() // ends with the request served, or with p's context
	if err := p.Navigate(blank); err != nil {
		return fmt.Errorf("axe: host: open %s: %w", blank, err)
	}
	<-served
	if err := p.WaitLoad(); err != nil {
		return fmt.Errorf("axe: host: open %s: %w", blank, err)
	}
	h.origin = origin
	return nil
}

// open opens the host's tab when it has none: in a browser of its own, at its first run, the tab
// the browser opened with; else in a context of its own.
func (h *Host) open(ctx context.Context) error {
	if h.page != nil {
		return nil
	}
	if h.browser == nil {
		b, stop, err := h.launch(ctx)
		if err != nil {
			return fmt.Errorf("axe: host: %w", err)
		}
		h.browser, h.stop = b, stop
		// Its first tab, open already, spares a context and a renderer: nothing else runs there.
		if ps, err := b.Context(ctx).Pages(); err == nil && len(ps) > 0 {
			h.page, h.ownContext, h.viewport, h.origin = ps[0], false, snapshot{}, ""
			return nil
		}
	}
	inc, err := h.browser.Context(ctx).Incognito()
	if err != nil {
		return fmt.Errorf("axe: host: open a context: %w", err)
	}
	p, err := inc.Page(proto.TargetCreateTarget{URL: "about:blank"})
	if err != nil {
		_ = inc.Close()
		return fmt.Errorf("axe: host: open a tab: %w", err)
	}
	h.page, h.ownContext, h.viewport, h.origin = p, true, snapshot{}, ""
	return nil
}

// close closes the host's tab (and its context, in a browser others use); the next run opens
// new ones.
func (h *Host) close() {
	if h.page != nil {
		ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
		if h.ownContext {
			_ = h.page.Browser().Context(ctx).Close() // the host's own context, not the browser
		} else {
			_ = h.page.Context(ctx).Close()
		}
		cancel()
		h.page = nil
	}
}

// Close closes the host's tab and its context, and the host's own browser.
func (h *Host) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.close()
	if h.stop != nil {
		h.stop()
		h.browser, h.stop = nil, nil
	}
}
