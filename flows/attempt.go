package flows

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/har"
	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/audit"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/config"
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
	// MaxBody is the largest response body kept in the HAR.
	MaxBody int64
	// Redact is nil when redaction is off; else the options of every attempt's redactor.
	Redact *redact.RedactOptions
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
	// TraceOff. Recording off records no trace either.
	Trace TraceMode
	// Routes are added to every attempt's router before the flow starts (network.routes).
	Routes []route.Rule
	// Seed seeds the draws of routes with a probability: each attempt's generator is seeded
	// with it and the flow's id, so a run is reproducible whatever the scheduling.
	Seed uint64
}

// shownBaseURL is BaseURL as reports show it: without a password in it, unless redaction is off.
func (e *Env) shownBaseURL() string {
	if e.Redact == nil {
		return e.BaseURL
	}
	return redact.NewRedactor(*e.Redact).URL(e.BaseURL)
}

// captureTimeout bounds collecting the evidence of a failure.
const captureTimeout = 10 * time.Second

// Attempt is one run of one flow: a fresh incognito context and tab, recorded from before the
// first navigation, and the evidence captured at its first failure.
type Attempt struct {
	env      *Env
	context  *browser.Context
	page     *rod.Page
	steps    *steps.StepLog
	har      *har.HARBuilder
	console  *artifacts.ConsoleLog
	rec      *browser.Recording
	trace    *tracer // nil when no trace is recorded
	traceErr error   // why the trace could not start
	router   *route.Router
	redactor *redact.Redactor
	started  time.Time
	probes   probes

	captureOnce sync.Once
	evidence    evidence
	kept        map[string]string // values a session's setup kept (F.Keep)
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
	return startAttemptFrom(ctx, b, env, id, nil, "")
}

// startAttemptFrom is StartAttempt from the saved state of the session named session (state
// nil: a fresh context), restored before recording starts.
func startAttemptFrom(ctx context.Context, b *browser.Browser, env *Env, id string, state *StorageState, session string) (*Attempt, error) {
	a := &Attempt{env: env, started: time.Now(), kept: map[string]string{}}
	var obs []steps.StepObserver
	if env.Observe != nil {
		obs = env.Observe(id)
	}
	a.steps = steps.NewStepLog(obs...)
	if env.Redact != nil {
		a.redactor = redact.NewRedactor(*env.Redact)
	}
	a.har = har.NewHARBuilder(har.HAROptions{
		MaxBody: env.MaxBody, Redactor: a.redactor, Creator: "e2e", CreatorVersion: env.Version,
	})
	a.console = artifacts.NewConsoleLog()
	var err error
	if a.context, err = b.NewContext(ctx); err != nil {
		return nil, err
	}
	if a.page, err = a.context.NewPage(ctx); err != nil {
		_ = a.context.Close()
		return nil, err
	}
	if state != nil {
		if err := a.applyState(ctx, state, session); err != nil {
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
	if !env.NoRecording {
		if a.rec, err = browser.Record(a.page, a.har, a.console); err != nil {
			_ = a.context.Close()
			return nil, fmt.Errorf("record the page: %w", err)
		}
	}
	if err := a.startRouter(string(b.Kind), id); err != nil {
		_ = a.Close()
		return nil, err
	}
	if (env.Trace == TraceOn || env.Trace == TraceRetainOnFailure) && !env.NoRecording {
		// A browser that cannot stream its frames still runs the flow, without a trace.
		if a.trace, err = startTracer(a.page, a.steps, a.started); err != nil {
			a.trace, a.traceErr = nil, fmt.Errorf("trace: %w", err)
		}
	}
	return a, nil
}

// startRouter gives the attempt its router, with the run's routes. It intercepts nothing while
// no route is added.
func (a *Attempt) startRouter(kind, id string) error {
	opts := route.Options{Steps: a.steps, Kind: kind, NetworkEnabled: a.rec != nil, Redactor: a.redactor,
		Rand: rand.New(rand.NewPCG(a.env.Seed, flowSeed(id)))}
	if a.rec != nil {
		opts.Mark = a.har.MarkRouted
	}
	a.router = route.New(a.page, opts)
	if len(a.env.Routes) > 0 {
		a.steps.Note(fmt.Sprintf("network: %d route(s) of the run, seed %d", len(a.env.Routes), a.env.Seed))
	}
	for _, r := range a.env.Routes {
		if _, err := a.router.Add(r); err != nil {
			return fmt.Errorf("network.routes: %w", err)
		}
	}
	return nil
}

// flowSeed is the second half of an attempt's seed: the flow's id, hashed.
func flowSeed(id string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(id))
	return h.Sum64()
}

// F returns the flow's F for the attempt, failing through t and bounded by ctx.
func (a *Attempt) F(ctx context.Context, t T) *F {
	ui := pages.NewSession(a.page.Context(ctx), a.env.BaseURL, a.steps, a.env.ActionTimeout)
	if a.env.Highlight {
		ui.Highlight = browser.Highlight
	}
	ui.TestIDAttribute = a.env.TestIDAttr
	if a.redactor != nil {
		ui.SensitiveField = a.redactor.SensitiveField
	}
	if a.trace != nil {
		ui.Trace = a.trace
	}
	api := backend.NewAPI(a.env.APIURL, a.cookies, a.steps)
	api.Timeout, api.MaxBody, api.Secret = a.env.ActionTimeout, a.env.MaxBody, a.secret
	api.Auth, _ = newAuth(a.env.Auth, a.readStorage) // checked by StartApp
	if !a.env.NoRecording {
		api.HAR = a.har
	}
	db := a.env.DB.Probe(a.steps, a.secret) // no DB: a probe that answers backend.ErrNoDB
	db.Timeout = a.env.ActionTimeout
	f := NewF(ctx, t, ui, api, db, a.steps, a.secret, func() { a.Capture() })
	f.kept = a.kept
	f.Network = a.router
	f.probes = &a.probes
	return f
}

// cookies returns the context's cookies for the app, for the backend to act as the same user.
func (a *Attempt) cookies(ctx context.Context) ([]*http.Cookie, error) {
	cs, err := a.page.Context(ctx).Cookies([]string{a.env.BaseURL + "/"})
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		a.secret(c.Value)
	}
	return HTTPCookies(cs), nil
}

// HTTPCookies converts browser cookies (a flow's f.UI.Cookies()) to net/http ones, for
// f.API.WithCookies.
func HTTPCookies(cs []*proto.NetworkCookie) []*http.Cookie {
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

// Capture takes the evidence of a failure now, once: a full-page screenshot, the DOM and the
// network so far. Later calls do nothing. It never fails: what cannot be collected is noted.
func (a *Attempt) Capture() {
	a.captureOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), captureTimeout)
		defer cancel()
		p := a.page.Context(ctx)
		ev := &a.evidence
		ev.taken = true
		a.secretCookies(p)
		browser.Unblock(p)
		if shot, err := browser.FullPageScreenshot(p); err != nil {
			ev.errs = append(ev.errs, fmt.Errorf("screenshot: %w", err))
		} else {
			ev.screenshot = shot
		}
		if dom, err := serializeDOM(p); err != nil {
			ev.errs = append(ev.errs, fmt.Errorf("dom: %w", err))
		} else {
			ev.dom = dom
		}
		if a.rec != nil {
			a.rec.Flush(2 * time.Second)
		}
		if b, err := a.har.HAR().Marshal(); err != nil {
			ev.errs = append(ev.errs, fmt.Errorf("har: %w", err))
		} else {
			ev.har = b
		}
	})
}

// secretCookies registers the context's cookie values (the session id among them) as secrets.
// (The recorder registers every cookie that goes over the wire as it goes, and the backend
// client the cookies it sends; this catches what neither saw, recording off.)
func (a *Attempt) secretCookies(p *rod.Page) {
	if a.redactor == nil {
		return
	}
	// The page's own call (its current URL's cookies), bounded by p's context: rod's
	// Page.Cookies(nil) first asks the browser for the URL in the browser's unbounded context.
	res, err := proto.NetworkGetCookies{}.Call(p)
	if err != nil {
		return
	}
	for _, c := range res.Cookies {
		a.redactor.AddSecret(c.Value)
	}
}

// Redacted returns the failure and the steps as reports and artifacts show them: with every
// secret the attempt has seen scrubbed, and the values of sensitive keys in quoted JSON.
func (a *Attempt) Redacted(f *report.Failure, steps []report.StepReport) (*report.Failure, []report.StepReport) {
	if a.redactor == nil {
		return f, steps
	}
	if a.rec == nil { // recording off: no recorder saw the cookies go by
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		a.secretCookies(a.page.Context(ctx))
		cancel()
	}
	if f != nil {
		f = &report.Failure{Message: a.text(f.Message), Step: a.text(f.Step), Details: a.text(f.Details)}
	}
	out := make([]report.StepReport, len(steps))
	for i, st := range steps {
		st.Name, st.Error = a.text(st.Name), a.text(st.Error)
		out[i] = st
	}
	return f, out
}

// serializeDOM returns the document as HTML, with its doctype.
func serializeDOM(p *rod.Page) (string, error) {
	res, err := p.Eval(`() => (document.doctype ? new XMLSerializer().serializeToString(document.doctype) + "\n" : "") + document.documentElement.outerHTML`)
	if err != nil {
		return "", err
	}
	return res.Value.Str(), nil
}

// Outcome is how an attempt ended, for its artifacts.
type Outcome struct {
	// Failed is true when the attempt failed (or was interrupted).
	Failed bool
	// Failure describes it; nil when it passed.
	Failure *report.Failure
	// ID names the flow in error.txt.
	ID string
	// Audit is the attempt's audit, for security.txt; nil when it did not run.
	Audit *report.AuditReport
	// TraceOnly says a passing attempt is kept only for its trace (artifacts.trace on): its
	// trace, network, console and steps are written, not a screenshot or the DOM.
	TraceOnly bool
}

// networkNow returns the HAR of the network so far, nil when it cannot be had.
func (a *Attempt) networkNow() []byte {
	if a.rec != nil {
		a.rec.Flush(2 * time.Second)
	}
	b, err := a.har.HAR().Marshal()
	if err != nil {
		return nil
	}
	return b
}

// WriteArtifacts writes the attempt's evidence into dir and returns the files written by kind,
// relative to base. Each artifact is written on its own: one that fails does not stop the
// others, and the errors are joined.
func (a *Attempt) WriteArtifacts(dir, base string, out Outcome) (map[string]string, error) {
	if out.Failed {
		a.Capture()
	}
	files := map[string]string{}
	var errs []error
	write := func(kind string, data []byte) {
		path := filepath.Join(dir, report.ArtifactFiles[kind])
		if err := artifacts.WriteFileAtomic(path, data); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", kind, err))
			return
		}
		rel, err := filepath.Rel(base, path)
		if err != nil {
			rel = path
		}
		files[kind] = filepath.ToSlash(rel)
	}
	ev := a.evidence
	switch {
	case ev.taken:
	case out.TraceOnly: // a passing attempt kept for its trace: its network, no screenshot or DOM
		ev.har = a.networkNow()
	default: // a passing attempt kept under artifacts.mode=on
		a.Capture()
		ev = a.evidence
	}
	if ev.screenshot != nil {
		write(report.ArtifactScreenshot, ev.screenshot)
	}
	if ev.har != nil {
		write(report.ArtifactHAR, ev.har)
	}
	if ev.dom != "" {
		write(report.ArtifactDOM, []byte(a.html(ev.dom)))
	}
	var buf bytes.Buffer
	if err := a.console.WriteText(&buf, a.redactor); err == nil {
		write(report.ArtifactConsole, buf.Bytes())
	}
	buf.Reset()
	if err := a.steps.WriteText(&buf, a.started); err == nil {
		write(report.ArtifactSteps, []byte(a.text(buf.String())))
	}
	if out.Audit != nil {
		text := audit.Text(out.Audit.Findings)
		if text == "" {
			text = "no findings\n"
		}
		write(report.ArtifactSecurity, []byte(text))
	}
	if out.Failed {
		write(report.ArtifactError, []byte(a.text(errorText(out, ev.errs))))
	}
	if a.traceErr != nil && (out.Failed || a.env.Trace == TraceOn) {
		errs = append(errs, a.traceErr)
	}
	if a.trace != nil && (out.Failed || a.env.Trace == TraceOn) {
		if p, err := a.trace.write(dir, a.console, a.html, a.text); p != "" {
			if rel, rerr := filepath.Rel(base, p); rerr == nil {
				files[report.ArtifactTrace] = filepath.ToSlash(rel)
			}
			if err != nil {
				errs = append(errs, err)
			}
		} else if err != nil {
			errs = append(errs, err)
		}
	}
	return files, errors.Join(errs...)
}

// text scrubs a text of the tester's own: a failure, a step, the step log.
func (a *Attempt) text(s string) string { return a.redactor.Message(s) }

func (a *Attempt) html(s string) string {
	if a.redactor == nil {
		return s
	}
	return a.redactor.HTML(s)
}

// errorText is error.txt: the flow, the step, expected against found, and the full details.
func errorText(out Outcome, captureErrs []error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "flow: %s\n", out.ID)
	if out.Failure != nil {
		fmt.Fprintf(&b, "step: %s\n", out.Failure.Step)
		fmt.Fprintf(&b, "error: %s\n", out.Failure.Message)
		if out.Failure.Details != "" {
			fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(out.Failure.Details))
		}
	}
	for _, err := range captureErrs {
		fmt.Fprintf(&b, "\nnot collected: %v\n", err)
	}
	return b.String()
}

// Close ends the routes (writing the HAR files of those in update mode), stops recording and
// disposes of the context with its tab.
func (a *Attempt) Close() error {
	var errs []error
	if a.router != nil {
		errs = append(errs, a.router.Close())
	}
	if a.rec != nil {
		a.rec.Stop()
	}
	if a.trace != nil {
		a.trace.stop()
	}
	errs = append(errs, a.context.Close())
	return errors.Join(errs...)
}
