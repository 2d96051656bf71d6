package runner

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/har"
	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/axe"
	"github.com/e2e-dev/e2e/internal/flowstate"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/route"
	"github.com/e2e-dev/e2e/steps"
)

// Env is what every flow attempt of a run shares.
type Env struct {
	// BaseURL is the app as the browser reaches it.
	BaseURL string
	// APIURL is the app as the backend probes reach it (often BaseURL).
	APIURL string
	// DB is the app's database, read-only; nil when the run has none.
	DB *backend.DB
	// ActionTimeout bounds each page action.
	ActionTimeout time.Duration
	// EvidenceTimeout bounds collecting a failure's evidence; 0 means
	// browser.DefaultEvidenceTimeout.
	EvidenceTimeout time.Duration
	// MaxBody is the largest response body kept in the HAR.
	MaxBody int64
	// Redact is nil when redaction is off; else the options of every attempt's redactor.
	Redact *redact.Options
	// Highlight outlines each element a step acts on.
	Highlight bool
	// TestIDAttr is the attribute GetByTestID reads (config locators.test_id_attribute).
	TestIDAttr string
	// Observe, when set, returns the observers told about every step of the flow with this id
	// (live output, pauses).
	Observe func(id string) []steps.StepObserver
	// Version is e2e's version, for the HAR's creator.
	Version string
	// Auth is backend.auth: how API checks act as the flow's user beyond its cookies.
	Auth config.AuthConfig
	// NoRecording skips recording the network and the console: nothing would keep it
	// (artifacts.mode off, and no audit to read it).
	NoRecording bool
	// Audit, when set, audits every attempt after its flow (audit.enabled).
	Audit *AuditOptions
	// Trace says when the attempt's trace is recorded and kept (artifacts.trace); "" is
	// artifacts.ModeOff. Recording off records no trace either.
	Trace artifacts.Mode
	// Routes are added to every attempt's router before the flow starts (network.routes).
	Routes []route.Rule
	// Seed seeds the draws of routes with a probability: each attempt's generator is seeded
	// with it and the flow's id, so a run is reproducible whatever the scheduling.
	Seed uint64
	// Snapshots are where screenshot and ARIA snapshot checks keep their baselines
	// (snapshots.dir, snapshots.update) and the suite's name; each attempt adds its flow's.
	Snapshots pages.Snapshots
}

// shownBaseURL is BaseURL as reports show it: without a password in it, unless redaction is off.
func (e *Env) shownBaseURL() string {
	if e.Redact == nil {
		return e.BaseURL
	}
	return redact.NewRedactor(*e.Redact).URL(e.BaseURL)
}

// evidenceTimeout bounds collecting the evidence of a failure.
func (e *Env) evidenceTimeout() time.Duration {
	if e.EvidenceTimeout > 0 {
		return e.EvidenceTimeout
	}
	return browser.DefaultEvidenceTimeout
}

// testHookNewPage, when set by a test, runs as a flow's page is about to be opened.
var testHookNewPage func(*browser.Browser)

// Attempt is one run of one flow: a fresh incognito context and tab, recorded from before the
// first navigation, and the evidence captured at its first failure; the further tabs and
// contexts the flow opens (attempt_tabs.go); or, for an API-only flow, none of these.
type Attempt struct {
	env      *Env
	id       string
	project  *config.Project // nil when the run has no projects
	context  *browser.Context
	page     *rod.Page
	own      *browsing        // the flow's context, with its downloads
	dialogs  *browser.Dialogs // the first tab's
	steps    *steps.StepLog
	har      *har.Builder
	console  *artifacts.ConsoleLog
	rec      *browser.Recording
	trace    *tracer // nil when no trace is recorded
	traceErr error   // why the trace could not start
	router   *route.Router
	redactor *redact.Redactor
	started  time.Time
	probes   probes
	a11y     *axe.Auditor // nil when the a11y audit is off
	diffs    imageDiffs   // the screenshot checks that failed or wrote a baseline

	captureOnce sync.Once
	evidence    evidence
	kept        map[string]string // the values a user's sign-in saved (F.Set), for the flow
	state       *flowstate.State  // the flow's, once newF built it
	restored    *StorageState     // the signed-in state the attempt started from, if any

	// signedIn returns a user's signed-in state, signing in first if need be (the worker's).
	signedIn func(ctx context.Context, u *flows.User) (*StorageState, error)
	keepDir  string // the attempt's artifacts folder, where downloads are kept; "" for none
	tmp      string // the attempt's temporary folder (the browser's downloads), removed at Close
	tabsMu   sync.Mutex
	tabs     []*tabRec   // the further tabs, in the order they opened
	others   []*browsing // the further contexts (other users')

	attachments []attachment // what the flow attached (F.Attach), in order; under tabsMu
	firstClosed atomic.Bool  // the flow closed its first tab (Tab.Close)
}

// evidence is what was captured at the moment of failure.
type evidence struct {
	taken      bool
	screenshot []byte
	dom        string
	har        []byte
	errs       []error
}

// StartAttempt opens a fresh context and tab in b for the flow with this id and starts
// recording it.
func StartAttempt(ctx context.Context, b *browser.Browser, env *Env, id string) (*Attempt, error) {
	return startAttemptFrom(ctx, b, env, id, nil, nil, "")
}

// startAttemptFrom is StartAttempt under project (nil: none) from the saved state of the user
// named user (state nil: a fresh context), restored before recording starts.
func startAttemptFrom(ctx context.Context, b *browser.Browser, env *Env, id string, project *config.Project, state *StorageState, user string) (*Attempt, error) {
	a := newAttempt(env, id, project)
	var err error
	if a.context, err = b.NewContext(ctx); err != nil {
		return nil, err
	}
	if testHookNewPage != nil {
		testHookNewPage(b)
	}
	if a.page, err = a.context.NewPage(ctx); err != nil {
		_ = a.context.Close()
		return nil, err
	}
	if err := a.applyProject(ctx, project); err != nil {
		_ = a.context.Close()
		return nil, err
	}
	if state != nil {
		if err := a.applyState(ctx, state, user); err != nil {
			_ = a.context.Close()
			return nil, err
		}
	}
	if env.Audit != nil { // after the state: its blank page is no page of the flow
		if err := a.installTimings(ctx); err != nil {
			_ = a.context.Close()
			return nil, fmt.Errorf("install the page timings: %w", err)
		}
	}
	if env.Audit.a11yOn() {
		a.a11y = axe.NewAuditor(a.page, env.Audit.A11y.Axe, env.Audit.a11yCache, env.Audit.a11yHost(b, env.BaseURL))
		if err := a.a11y.Install(ctx); err != nil {
			_ = a.context.Close()
			return nil, err
		}
	}
	if !env.NoRecording {
		if a.rec, err = a.context.Record(a.page, a.har, a.console); err != nil {
			_ = a.context.Close()
			return nil, fmt.Errorf("record the page: %w", err)
		}
	}
	if a.router, err = a.newRouter(a.page, a.rec != nil, a.har); err != nil {
		_ = a.Close()
		return nil, err
	}
	if len(env.Routes) > 0 {
		a.steps.Note(fmt.Sprintf("network: %d route(s) of the run, seed %d", len(env.Routes), env.Seed))
	}
	if a.own, err = a.startBrowsing(ctx, a.context, ""); err != nil {
		_ = a.Close()
		return nil, err
	}
	a.own.restored = state
	if a.dialogs, err = a.watchDialogs(a.page, ""); err != nil {
		_ = a.Close()
		return nil, err
	}
	if env.Trace.Records() && !env.NoRecording {
		// A browser that cannot stream its frames still runs the flow, without a trace.
		if a.trace, err = startTracer(b, a.page, a.steps, a.started, env.Trace); err != nil {
			a.trace, a.traceErr = nil, fmt.Errorf("trace: %w", err)
		}
	}
	return a, nil
}

// newAttempt is an attempt's step log, redactor, HAR and console, before any browser.
func newAttempt(env *Env, id string, project *config.Project) *Attempt {
	a := &Attempt{env: env, id: id, project: project, started: time.Now(), kept: map[string]string{}}
	var obs []steps.StepObserver
	if env.Observe != nil {
		obs = env.Observe(id)
	}
	a.steps = steps.NewStepLog(obs...)
	if env.Redact != nil {
		a.redactor = redact.NewRedactor(*env.Redact)
	}
	a.har = har.NewBuilder(har.Options{
		MaxBody: env.MaxBody, Redactor: a.redactor, Creator: "e2e", CreatorVersion: env.Version,
	})
	a.console = artifacts.NewConsoleLog()
	return a
}

// startAPIAttempt starts an attempt of an API-only flow (Flow.NoBrowser): no browser context or
// tab; its API calls go to the HAR, and act as the user named user whose saved state is state
// (nil: none).
func startAPIAttempt(env *Env, id string, project *config.Project, state *StorageState, user string) *Attempt {
	a := newAttempt(env, id, project)
	if state != nil {
		a.restoreValues(state)
		a.steps.Note(fmt.Sprintf("start signed in as %s (the state saved: %d cookies, %d origins), without a browser", user, len(state.Cookies), len(state.Origins)))
	}
	return a
}

// applyProject grants the project's permissions to the attempt's context and applies its
// device and overrides to its tab, before the tab navigates; steps.log says which.
func (a *Attempt) applyProject(ctx context.Context, p *config.Project) error {
	if p == nil {
		return nil
	}
	if err := a.context.GrantPermissions(ctx, p.Permissions); err != nil {
		return fmt.Errorf("project %s: %w", p.Name, err)
	}
	if err := a.context.Emulate(ctx, a.page, p.Emulation()); err != nil {
		return fmt.Errorf("project %s: %w", p.Name, err)
	}
	a.steps.Note(fmt.Sprintf("project %s: %s", p.Name, p.Emulation()))
	return nil
}

// newRouter gives a tab of the attempt its router, with the run's routes, and takes it offline
// when the project says so. It intercepts nothing while no route is added.
func (a *Attempt) newRouter(page *rod.Page, recorded bool, h *har.Builder) (*route.Router, error) {
	opts := route.Options{Steps: a.steps, Kind: a.context.Browser.Kind, NetworkEnabled: recorded, Redactor: a.redactor,
		Rand: rand.New(rand.NewPCG(a.env.Seed, flowSeed(a.id)))}
	if recorded {
		opts.Mark = h.MarkRouted
	}
	r := route.New(page, opts)
	for _, rule := range a.env.Routes {
		if _, err := r.Add(rule); err != nil {
			return r, fmt.Errorf("network.routes: %w", err)
		}
	}
	if a.project != nil && a.project.Offline {
		if err := r.Offline(true); err != nil {
			return r, fmt.Errorf("project %s: %w", a.project.Name, err)
		}
	}
	return r, nil
}

// flowSeed is the second half of an attempt's seed: the flow's id, hashed.
func flowSeed(id string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(id))
	return h.Sum64()
}

// newF returns the flow's F for the attempt and its state, failing through t and bounded by
// ctx. The values a user's sign-in saved are in its store.
func (a *Attempt) newF(ctx context.Context, t steps.TestingT) (*flows.F, *flowstate.State) {
	st := &flowstate.State{Ctx: ctx, T: t, Steps: a.steps, Secret: a.secret, Probe: a.probes.add, OnFirstFailure: a.Capture,
		Attach: a.attach}
	if a.page != nil { // an API-only flow has no tab
		st.Router = a.router
		o := a.tabOptions(ctx, st, a.own, "", a.dialogs)
		o.OnClose = func() {
			a.firstClosed.Store(true)
			if a.trace != nil {
				a.trace.closingFirst()
			}
		}
		if a.trace != nil {
			o.Trace = a.trace
		}
		if a.a11y != nil {
			tr := a11yTracer{ctx: ctx, aud: a.a11y}
			if a.trace != nil {
				tr.next = a.trace
			}
			o.Trace = tr
		}
		st.Tab = pages.NewTab(st, a.page.Context(ctx), o)
		st.NewTab = func() (*pages.Tab, error) { return a.newTab(ctx, st, a.own) }
		st.NewContext = func(u any) (*flowstate.Context, error) { return a.newContext(ctx, st, u) }
	}
	st.API = a.newAPI(ctx, st, a.page, a.restored)
	st.DB = a.env.DB.Probe(ctx, st, a.steps, a.secret) // no DB: a probe that fails with backend.ErrNoDB
	st.DB.Timeout = a.env.ActionTimeout
	st.ActionTimeout = a.env.ActionTimeout
	for k, v := range a.kept {
		st.Set(k, v)
	}
	a.state = st
	return flowstate.NewF(st).(*flows.F), st
}

// newAPI is the API client of a flow, acting as the user of page's context (or, without a page,
// of restored), failing through st.
func (a *Attempt) newAPI(ctx context.Context, st *flowstate.State, page *rod.Page, restored *StorageState) *backend.API {
	api := backend.NewAPI(ctx, st, a.env.APIURL, a.cookiesOf(page, restored), a.steps)
	api.Timeout, api.MaxBody, api.Secret = a.env.ActionTimeout, a.env.MaxBody, a.secret
	api.Auth, _ = newAuth(a.env.Auth, a.storageReader(page, restored)) // checked by StartApp
	if !a.env.NoRecording {
		api.HAR = a.har
	}
	return api
}

// cookiesOf returns the cookies for the app of page's context, for the backend to act as the
// same user; without a page (an API-only flow), those of restored, the state the flow started
// from.
func (a *Attempt) cookiesOf(page *rod.Page, restored *StorageState) backend.CookieSource {
	return func(ctx context.Context) ([]*http.Cookie, error) {
		var cs []*proto.NetworkCookie
		switch {
		case page != nil:
			var err error
			if cs, err = page.Context(ctx).Cookies([]string{a.env.BaseURL + "/"}); err != nil {
				return nil, err
			}
		case restored != nil:
			cs = restored.Cookies
		}
		for _, c := range cs {
			a.secret(c.Value)
		}
		return httpCookies(cs), nil
	}
}

// httpCookies converts browser cookies to net/http ones.
func httpCookies(cs []*proto.NetworkCookie) []*http.Cookie {
	out := make([]*http.Cookie, len(cs))
	for i, c := range cs {
		out[i] = &http.Cookie{Name: c.Name, Value: c.Value}
	}
	return out
}

func (a *Attempt) secret(s string) {
	if a.redactor != nil {
		a.redactor.AddSecret(s)
	}
}

// Steps returns the attempt's step log.
func (a *Attempt) Steps() *steps.StepLog { return a.steps }

// Started returns when the attempt began.
func (a *Attempt) Started() time.Time { return a.started }

// Page returns the attempt's tab.
func (a *Attempt) Page() *rod.Page { return a.page }
