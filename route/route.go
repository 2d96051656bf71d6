// Package route virtualises the services a flow's page talks to: it fulfils, fails, delays,
// changes or patches the page's requests through DevTools' Fetch domain, replays them from a
// HAR file, and emulates network conditions (offline, latency, throughput). A route's matches
// are counted, and each request it handles is marked in the HAR (_routed) and in the step log.
// With no route, nothing is intercepted.
package route

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/artifacts/har"
	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/steps"
)

// Rule is a route: the requests it matches and what it does with them.
type Rule struct {
	// Name names the route in the step log and the HAR; empty: the match, e.g. "GET /api/*".
	Name string
	// Match says which requests the route applies to.
	Match Match
	// Action is what it does with them.
	Action Action
	// Probability, between 0 and 1, is the chance that the route applies to a matching request
	// (0 means always): each draw goes to the step log. Chaos runs use it.
	Probability float64
	// Times, when above 0, is how many requests the route handles before it steps aside.
	Times int
}

// Route is a route added to a Router. Its counter says how many requests it handled.
type Route struct {
	name  string
	m     *matcher
	h     handler
	prob  float64
	times int64
	hits  atomic.Int64
}

// Name returns the route's name.
func (r *Route) Name() string { return r.name }

// Hits returns how many requests the route has handled so far.
func (r *Route) Hits() int { return int(r.hits.Load()) }

// Options configure a Router.
type Options struct {
	// Steps receives a note for each request a route handles and each probability draw.
	Steps *steps.StepLog
	// Mark, when set, is told of each request a route handled, to mark its HAR entry.
	Mark func(id proto.NetworkRequestID, url string, r har.Routed)
	// Kind is the browser's kind, for errors; "" is browser.KindLocal.
	Kind browser.Kind
	// Rand draws for routes with a probability; nil: a generator seeded at random.
	Rand *rand.Rand
	// Timeout bounds each DevTools call; 0: 10s.
	Timeout time.Duration
	// NetworkEnabled says the page's Network domain is on already (a recording runs): network
	// conditions need it, and enabling it again would reset the recording's buffers.
	NetworkEnabled bool
	// Redactor scrubs the HAR files written in update mode; nil writes them as recorded.
	Redactor *redact.Redactor
}

// Router holds the routes and network conditions of one page (a flow's tab). It intercepts
// nothing until the first route is added.
type Router struct {
	page *rod.Page
	opts Options

	ctx    context.Context
	cancel context.CancelFunc

	mu         sync.Mutex
	routes     []*Route
	rand       *rand.Rand
	listening  bool
	loopDone   chan struct{}
	handlers   sync.WaitGroup
	patterns   string // the patterns Fetch was enabled with
	conditions Conditions
	networkOn  bool
	probeToken string // tells this router's network probes from any other's
	probes     int    // network probes so far
	probing    bool   // a network probe is under way: Fetch pauses it (see withProbeIntercepted)
	updates    []*harUpdate
	closed     bool
}

// New returns a router for page. It does nothing on the wire until a route is added.
func New(page *rod.Page, opts Options) *Router {
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.Kind == "" {
		opts.Kind = browser.KindLocal
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &Router{page: page.Context(ctx), opts: opts, ctx: ctx, cancel: cancel, rand: opts.Rand, networkOn: opts.NetworkEnabled,
		probeToken: fmt.Sprintf("%08x", rand.Uint32())}
	if r.rand == nil {
		r.rand = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	return r
}

// Route adds a route that does a with the requests m matches, after the routes added before it
// (the first route that matches a request handles it).
func (r *Router) Route(m Match, a Action) (*Route, error) {
	return r.Add(Rule{Match: m, Action: a})
}

// Add adds a route after those added before it, and turns on interception for what it
// matches. Its errors are one line: a bad match or action, or a browser that refuses
// interception.
func (r *Router) Add(rule Rule) (*Route, error) {
	rt, err := compileRule(rule)
	if err != nil {
		return nil, err
	}
	if u, ok := rt.h.(*harUpdate); ok {
		u.m = rt.m
		if err := u.start(r); err != nil {
			return nil, fmt.Errorf("route %s: %w", rt.name, err)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, fmt.Errorf("route %s: the router is closed", rt.name)
	}
	r.routes = append(r.routes, rt)
	if u, ok := rt.h.(*harUpdate); ok {
		r.updates = append(r.updates, u)
	}
	if err := r.enableLocked(); err != nil {
		r.routes = r.routes[:len(r.routes)-1]
		return nil, err
	}
	return rt, nil
}

// compileRule checks a rule and returns its route.
func compileRule(rule Rule) (*Route, error) {
	name := rule.Name
	if name == "" {
		name = rule.Match.String()
	}
	shown := redact.Bound(name, redact.MaxQuoted) // in errors
	m, err := rule.Match.compile()
	if err != nil {
		return nil, fmt.Errorf("route %s: %w", shown, err)
	}
	if rule.Action == nil {
		return nil, fmt.Errorf("route %s: no action", shown)
	}
	h, err := rule.Action.prepare()
	if err != nil {
		return nil, fmt.Errorf("route %s: %w", shown, err)
	}
	if !(rule.Probability >= 0 && rule.Probability <= 1) { // NaN too
		return nil, fmt.Errorf("route %s: probability %v is outside 0-1", shown, rule.Probability)
	}
	if rule.Times < 0 {
		return nil, fmt.Errorf("route %s: times %d is negative", shown, rule.Times)
	}
	return &Route{name: name, m: m, h: h, prob: rule.Probability, times: int64(rule.Times)}, nil
}

// Unroute removes a route: requests it matched go on to the next route, or the network.
func (r *Router) Unroute(rt *Route) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, x := range r.routes {
		if x == rt {
			r.routes = append(r.routes[:i:i], r.routes[i+1:]...)
			return r.enableLocked()
		}
	}
	return nil
}

// enableLocked (re)enables the Fetch domain with one pattern per distinct route match and
// stage, so that Chrome pauses only requests a route may want. The caller holds r.mu.
func (r *Router) enableLocked() error {
	var pats []*proto.FetchRequestPattern
	seen := map[string]bool{}
	for _, rt := range r.routes {
		stage := proto.FetchRequestStageRequest
		if rt.h.responseStage() {
			stage = proto.FetchRequestStageResponse
		}
		typ := fetchType(rt.m.typ)
		key := rt.m.pattern + "\x00" + string(typ) + "\x00" + string(stage)
		if !seen[key] {
			seen[key] = true
			pats = append(pats, &proto.FetchRequestPattern{URLPattern: rt.m.pattern, ResourceType: typ, RequestStage: stage})
		}
	}
	if r.probing {
		pats = append(pats, &proto.FetchRequestPattern{URLPattern: "*" + browser.NetworkProbePath + "*", RequestStage: proto.FetchRequestStageRequest})
		seen["probe"] = true
	}
	keys := fmt.Sprint(len(pats), seen)
	if keys == r.patterns {
		return nil
	}
	if !r.listening {
		r.listening = true
		r.loopDone = make(chan struct{})
		events := r.page.Event() // subscribed before Fetch is enabled: no pause is missed
		go r.loop(events)
	}
	p := r.page.Timeout(r.opts.Timeout)
	defer p.CancelTimeout()
	var err error
	if len(pats) == 0 {
		err = proto.FetchDisable{}.Call(p)
	} else {
		err = proto.FetchEnable{Patterns: pats}.Call(p)
	}
	if err != nil {
		return fmt.Errorf("route: the %s browser refused request interception (Fetch.enable): %w; routes need a Chromium that allows the DevTools Fetch domain", r.opts.Kind, err)
	}
	r.patterns = keys
	return nil
}

// withProbeIntercepted runs fn with Fetch pausing the network probes, which handle sends on to
// probeOrigin: a page's probe goes to its own origin (its Content-Security-Policy allows that)
// and must not reach it. The caller holds r.mu.
func (r *Router) withProbeIntercepted(fn func() error) error {
	r.probing = true
	err := r.enableLocked()
	if err == nil {
		err = fn()
	}
	r.probing = false
	if e := r.enableLocked(); err == nil {
		err = e
	}
	return err
}

// loop handles each paused request on a goroutine of its own, so that a delayed request never
// holds up the others.
func (r *Router) loop(events <-chan *rod.Message) {
	defer close(r.loopDone)
	for msg := range events {
		if msg.Method != "Fetch.requestPaused" {
			continue
		}
		e := &proto.FetchRequestPaused{}
		if !msg.Load(e) || e.Request == nil {
			continue
		}
		r.handlers.Add(1)
		go func() {
			defer r.handlers.Done()
			r.handle(e)
		}()
	}
}

// Close turns interception off, lets the requests still held go on, writes the HAR files of
// routes in update mode and releases the router. It is safe to call more than once.
func (r *Router) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	r.closed = true
	listening, done, updates := r.listening, r.loopDone, r.updates
	r.routes = nil
	r.mu.Unlock()
	var errs []error
	if listening {
		p := r.page.Timeout(r.opts.Timeout)
		err := proto.FetchDisable{}.Call(p) // held requests go on
		p.CancelTimeout()
		if err != nil && !isGone(err) {
			errs = append(errs, fmt.Errorf("route: disable interception: %w", err))
		}
	}
	for _, u := range updates { // before the page's context ends: their last bodies come in
		errs = append(errs, u.write())
	}
	r.cancel()
	if listening {
		<-done
		r.handlers.Wait()
	}
	return errors.Join(errs...)
}

// isGone reports whether err says the page or its connection is gone, when there is nothing
// left to turn off.
func isGone(err error) bool {
	s := err.Error()
	return errors.Is(err, context.Canceled) || strings.Contains(s, "No target with given id") ||
		strings.Contains(s, "Session with given id not found") || strings.Contains(s, "use of closed network connection")
}
