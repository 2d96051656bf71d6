package runner

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/audit"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/internal/axe"
	"github.com/e2e-dev/e2e/pages"
)

// AuditOptions say how each attempt is audited after its flow (audit.*).
type AuditOptions struct {
	// Levels are the security rules' levels by rule id; a missing id means its default.
	Levels map[string]audit.Level
	// Budgets are the performance budgets.
	Budgets audit.Budgets
	// A11y is the accessibility audit: axe once per distinct page state (off by default).
	A11y audit.A11y

	a11yCache *axe.Cache // axe's results by page shape, for the whole run
	a11yHosts hosts      // where axe runs
}

// hosts are the a11y audit's hosts: one for the run in a browser of its own when the flows'
// browsers are launched here, else one per browser.
type hosts struct {
	mu  sync.Mutex
	own *axe.Host
	by  map[*browser.Browser]*axe.Host
}

// a11yHost returns the host of the a11y audit for a flow in b, made (and warmed for the app at
// appURL) at its first use: a tab apart from the flows', in which axe runs on copies of their
// pages.
func (o *AuditOptions) a11yHost(b *browser.Browser, appURL string) *axe.Host {
	o.a11yHosts.mu.Lock()
	defer o.a11yHosts.mu.Unlock()
	if h := o.a11yHosts.own; h != nil {
		h.Warm(appURL, o.A11y.Axe)
		return h
	}
	if o.a11yHosts.by == nil {
		o.a11yHosts.by = map[*browser.Browser]*axe.Host{}
	}
	h, ok := o.a11yHosts.by[b]
	if !ok {
		h = axe.NewHost(b.Rod)
		h.Warm(appURL, o.A11y.Axe)
		o.a11yHosts.by[b] = h
	}
	return h
}

// ownA11yHost has the a11y audit of a run whose browsers are launched here (opts) run axe in a
// headless browser of its own, started at the first flow, on every CPU: axe-core is injected
// once per run rather than once per worker. At warn, where no flow waits for its results, that
// browser runs at the lowest CPU priority, so that its runs mostly take the CPU time the flows
// leave. The returned function ends it (once: a second call waits for the first). A run on
// remote browsers keeps a host in each, so that axe sees the page as the remote browser does.
func (o *AuditOptions) ownA11yHost(opts browser.Options) func() {
	if o == nil || !o.a11yOn() || opts.Remote.Kind.Remote() {
		return func() {}
	}
	opts.CPUs, opts.Headless, opts.Devtools, opts.SlowMotion = nil, true, false, 0
	opts.Background = o.A11y.Level == audit.LevelWarn
	opts.Args = append(slices.Clone(opts.Args), axe.OwnHostArgs...)
	h := axe.NewOwnHost(func(ctx context.Context) (*rod.Browser, func(), error) {
		b, err := browser.Open(ctx, opts)
		if err != nil {
			return nil, nil, err
		}
		return b.Rod, func() { _ = b.Close() }, nil
	})
	o.a11yHosts.mu.Lock()
	o.a11yHosts.own = h
	o.a11yHosts.mu.Unlock()
	return sync.OnceFunc(func() {
		h.Close()
		o.a11yHosts.mu.Lock()
		if o.a11yHosts.own == h {
			o.a11yHosts.own = nil
		}
		o.a11yHosts.mu.Unlock()
	})
}

// AuditOptionsFor returns the audit settings of a configuration; nil when audit.enabled is off.
func AuditOptionsFor(cfg *config.Config) *AuditOptions {
	if !cfg.Audit.Enabled {
		return nil
	}
	levels, budgets, err := cfg.Audit.Options()
	if err != nil { // Load validated them: only a Config built by hand gets here
		return &AuditOptions{}
	}
	return &AuditOptions{Levels: levels, Budgets: budgets, A11y: cfg.Audit.A11yOptions(), a11yCache: axe.NewCache()}
}

// a11yTimeout bounds one run of axe on a page state.
const a11yTimeout = 10 * time.Second

// a11yOn reports whether the a11y audit runs.
func (o *AuditOptions) a11yOn() bool {
	return o != nil && o.A11y.Level != "" && o.A11y.Level != audit.LevelOff
}

// a11yTracer runs the a11y audit as each page action begins (axe runs if the page is in a state
// not audited yet, so that every state the flow acted on is audited), then tells the trace; not
// as an assertion begins (pages.AssertionTracer).
type a11yTracer struct {
	ctx  context.Context
	aud  *axe.Auditor
	next pages.Tracer // nil without a trace
}

func (t a11yTracer) ActionStarted() {
	ctx, cancel := context.WithTimeout(t.ctx, a11yTimeout)
	t.aud.Observe(ctx)
	cancel()
	if t.next != nil {
		t.next.ActionStarted()
	}
}

// AssertionStarted only tells the trace: an assertion acts on no state, and the one it waits
// for is looked at before the next action, or as the flow ends.
func (t a11yTracer) AssertionStarted() {
	if t.next != nil {
		t.next.ActionStarted()
	}
}

func (t a11yTracer) TargetFound(el *rod.Element) {
	if t.next != nil {
		t.next.TargetFound(el)
	}
}

func (t a11yTracer) ActionEnded(a pages.TracedAction) {
	if t.next != nil {
		t.next.ActionEnded(a)
	}
}

// auditTimeout bounds reading the page state for the audit.
const auditTimeout = 5 * time.Second

// probes are the probe strings a flow typed (F.Probe), for the reflected-input rule.
type probes struct {
	mu   sync.Mutex
	list []string
}

func (p *probes) add(s string) {
	p.mu.Lock()
	p.list = append(p.list, s)
	p.mu.Unlock()
}

func (p *probes) all() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.list...)
}

// installTimings installs the page-timings observer before the tab's first page loads.
func (a *Attempt) installTimings(ctx context.Context) error {
	_, err := proto.PageAddScriptToEvaluateOnNewDocument{Source: audit.TimingsScript}.Call(a.page.Context(ctx))
	return err
}

// Audit runs the audit on what the attempt saw: the security rules on its HAR and the page it
// ended on, the budgets on its steps, duration and page timings, and the a11y audit on the states
// its tabs reached. What cannot be read (a crashed tab) is left out; the audit itself never fails
// the attempt but through its findings. With the a11y audit at warn, whose findings cannot fail
// it, the attempt need not wait for axe's last runs: late, when not nil, waits for them and
// returns their findings, which the caller adds to the report's.
func (a *Attempt) Audit(opts *AuditOptions, steps []report.StepReport) (rep *report.AuditReport, late func() []report.Finding) {
	ctx, cancel := context.WithTimeout(context.Background(), auditTimeout)
	defer cancel()
	in := &audit.Input{AppURL: a.env.BaseURL, Probes: a.probes.all()}
	var measured []audit.Measured
	if a.page != nil {
		if res, err := a.page.Context(ctx).Eval(audit.CollectScript, audit.ProbeTags(in.Probes)); err == nil {
			if c, err := audit.ParseCollected(res.Value.Str()); err == nil {
				in.LocalStorage, in.PageURL, in.ProbesInDOM, measured = c.Storage, c.URL, c.Found, c.Pages
				for _, m := range c.Pages {
					in.PageURLs = append(in.PageURLs, m.URL)
				}
			}
		}
	}
	switch {
	case a.rec != nil:
		a.rec.Flush(time.Second) // the bodies of the last responses
		in.HAR = a.har.HAR()
	case a.page == nil && !a.env.NoRecording: // an API-only flow: the HAR of its calls
		in.HAR = a.har.HAR()
	}
	rep = &report.AuditReport{FlowBudgetMS: opts.Budgets.Flow.Milliseconds()}
	rep.Findings = audit.Security(in, opts.Levels)
	if a.a11y != nil {
		collect := a.a11yLook()
		late = func() []report.Finding {
			results, errs := collect()
			return a.redactFindings(audit.A11yFindings(results, errs, opts.A11y.Level))
		}
	}
	rep.Pages = audit.PageTimings(measured, in.HAR)
	budgetFindings, stepBudgets := opts.Budgets.Check(steps, time.Since(a.started).Milliseconds(), rep.Pages)
	rep.Findings, rep.Steps = append(rep.Findings, budgetFindings...), stepBudgets
	rep.Findings = a.redactFindings(rep.Findings)
	if late != nil && opts.A11y.Level != audit.LevelWarn { // its findings may fail the attempt
		rep.Findings, late = append(rep.Findings, late()...), nil
	}
	for i := range rep.Pages {
		rep.Pages[i].URL = a.text(rep.Pages[i].URL)
	}
	return rep, late
}

// redactFindings redacts fs in place and returns it: page URLs, step names and selectors come
// unredacted.
func (a *Attempt) redactFindings(fs []report.Finding) []report.Finding {
	for i := range fs {
		f := &fs[i]
		f.Where, f.Message, f.Fix = a.text(f.Where), a.text(f.Message), a.text(f.Fix)
		for j := range f.Nodes {
			f.Nodes[j] = a.text(f.Nodes[j])
		}
	}
	return fs
}

// a11yLook looks at the state each tab of the flow ended in (but those closed since), and
// returns what waits for the runs of every tab's audit and returns their results and errors,
// the first tab's first.
func (a *Attempt) a11yLook() func() ([]*axe.Results, []string) {
	ctx, cancel := context.WithTimeout(context.Background(), a11yTimeout)
	defer cancel()
	auds := []*axe.Auditor{a.a11y}
	first := !a.firstClosed.Load()
	a.tabsMu.Lock()
	for _, t := range a.tabs {
		if t.a11y != nil && !t.closed.Load() {
			auds = append(auds, t.a11y)
		}
	}
	a.tabsMu.Unlock()
	open := map[proto.TargetTargetID]bool{}
	if len(auds) > 1 { // a popup may have closed itself: one question for all the tabs
		if res, err := (proto.TargetGetTargets{}).Call(a.page.Browser().Context(ctx)); err == nil {
			for _, ti := range res.TargetInfos {
				open[ti.TargetID] = true
			}
		}
	}
	for i, aud := range auds {
		if (i == 0 && first) || (i > 0 && (len(open) == 0 || open[aud.Target()])) {
			aud.Observe(ctx)
		}
	}
	return func() ([]*axe.Results, []string) {
		var results []*axe.Results
		var errs []string
		for _, aud := range auds {
			results, errs = append(results, aud.Results()...), append(errs, aud.Errors()...)
		}
		return results, errs
	}
}

// lateAudit is the a11y findings of an attempt (its retry) that come after it ended.
type lateAudit struct {
	retry    int
	findings func() []report.Finding
}

// takeLate returns the findings still to come of the flow w ran last, and forgets them.
func (w *worker) takeLate() []lateAudit {
	late := w.late
	w.late = nil
	return late
}

// finishLate waits, beside w's next flows, for the late findings of fr's attempts, adds them to
// their reports (and security.txt, when kept), then finishes fr as finish does: so that every
// reporter has them, while the worker went on. w's browser stays open until then.
func (w *worker) finishLate(fr report.FlowReport, late []lateAudit, finish func(report.FlowReport)) {
	w.pending.Add(1)
	go func() {
		defer w.pending.Done()
		for _, l := range late {
			ar, more := &fr.Attempts[l.retry], l.findings()
			if len(more) == 0 {
				continue
			}
			ar.Audit.Findings = append(ar.Audit.Findings, more...)
			if file, ok := ar.Artifacts[report.ArtifactSecurity]; ok {
				if err := artifacts.WriteFileAtomic(filepath.Join(w.out.dir, file), []byte(audit.Text(ar.Audit.Findings))); err != nil {
					w.opts.warn(oneLine(err))
				}
			}
		}
		finish(fr)
	}()
}

// auditFailure is the failure of an attempt that passed but for findings at fail.
func auditFailure(fails []report.Finding) *report.Failure {
	rules := []string{}
	seen := map[string]bool{}
	for _, f := range fails {
		if !seen[f.Rule] {
			seen[f.Rule] = true
			rules = append(rules, f.Rule)
		}
	}
	return &report.Failure{
		Message: fmt.Sprintf("audit: %d finding(s) at fail (%s): %s", len(fails), strings.Join(rules, ", "), fails[0].Where+": "+fails[0].Message),
		Step:    "audit",
		Details: audit.Text(fails),
	}
}
