package runner

// The tabs and browser contexts of an attempt beyond its first: the tabs a flow opens (F.NewTab,
// popups), a second user's context (F.NewContext), each recorded, routed and watched as the
// first is, and named in its steps and its evidence.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-rod/rod"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/har"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/axe"
	"github.com/e2e-dev/e2e/internal/flowstate"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/route"
)

// browsing is a browser context of an attempt: the flow's own or another user's, with its
// downloads.
type browsing struct {
	bc        *browser.Context
	downloads *browser.Downloads
	user      string        // its user's name; "" for the flow's own context, or signed out
	restored  *StorageState // the state it started from, nil for none
}

// tabRec is a tab of an attempt beyond its first, and the evidence of it taken at a failure.
type tabRec struct {
	name    string
	page    *rod.Page
	har     *har.Builder
	console *artifacts.ConsoleLog
	rec     *browser.Recording
	router  *route.Router
	dialogs *browser.Dialogs
	a11y    *axe.Auditor // nil when the a11y audit is off
	closed  atomic.Bool  // the flow closed it (Tab.Close)

	screenshot []byte
	dom        string
	harJSON    []byte
	errs       []error
}

// startBrowsing gives a context its downloads, in a folder of the attempt's, and its project's
// permissions.
func (a *Attempt) startBrowsing(ctx context.Context, bc *browser.Context, user string) (*browsing, error) {
	br := &browsing{bc: bc, user: user}
	if a.project != nil {
		if err := bc.GrantPermissions(ctx, a.project.Permissions); err != nil {
			return nil, fmt.Errorf("project %s: %w", a.project.Name, err)
		}
	}
	if a.tmp == "" {
		dir, err := os.MkdirTemp("", "e2e-attempt-")
		if err != nil {
			return nil, fmt.Errorf("downloads: %w", err)
		}
		a.tmp = dir
	}
	var err error
	br.downloads, err = bc.Downloads(ctx, filepath.Join(a.tmp, fmt.Sprintf("browser-downloads-%d", len(a.others))))
	if err != nil {
		return nil, err
	}
	return br, nil
}

// tabOptions are the options of a tab of br named name (the first one: ""), failing through st.
func (a *Attempt) tabOptions(ctx context.Context, st *flowstate.State, br *browsing, name string, dialogs *browser.Dialogs) pages.TabOptions {
	o := pages.TabOptions{BaseURL: a.env.BaseURL, Steps: a.steps, Timeout: a.env.ActionTimeout, TestIDAttribute: a.env.TestIDAttr,
		Name: name, Context: br.bc, Dialogs: dialogs, Downloads: br.downloads, DownloadsDir: a.downloadsDir()}
	if a.env.Highlight {
		o.Highlight = browser.Highlight
	}
	if a.redactor != nil {
		o.SensitiveField = a.redactor.SensitiveField
		o.SecretHeader, o.Secret = a.redactor.AddHeader, a.redactor.AddSecret
	}
	o.Snapshots = a.env.Snapshots
	o.Snapshots.Flow, o.Snapshots.Project, o.Snapshots.Keep = a.diffs.flow, a.diffs.project, a.diffs.keep
	o.Popup = func(p *rod.Page) *pages.Tab {
		tab, err := a.adoptTab(ctx, st, br, p)
		st.Must(err)
		return tab
	}
	return o
}

// downloadsDir is where a flow's downloads are kept: in the attempt's artifacts folder, or, with
// artifacts off, in its temporary folder.
func (a *Attempt) downloadsDir() string {
	if a.keepDir != "" {
		return filepath.Join(a.keepDir, "downloads")
	}
	return filepath.Join(a.tmp, "downloads")
}

// watchDialogs handles page's dialogs: each one dismissed unless the flow expects it, with a
// line in steps.log.
func (a *Attempt) watchDialogs(page *rod.Page, name string) (*browser.Dialogs, error) {
	return browser.WatchDialogs(page, a.env.ActionTimeout, func(d *browser.Dialog) {
		line := fmt.Sprintf("page: dialog %s dismissed (no ExpectDialog)", d)
		if name != "" {
			line = "[" + name + "] " + line
		}
		a.steps.Note(line)
	})
}

// newTab opens a tab in br, as a tab of the flow.
func (a *Attempt) newTab(ctx context.Context, st *flowstate.State, br *browsing) (*pages.Tab, error) {
	p, err := br.bc.NewPage(ctx)
	if err != nil {
		return nil, err
	}
	return a.adoptTab(ctx, st, br, p)
}

// adoptTab makes page, a new tab of br (opened by the flow or by a page), a tab of the flow: named
// in order ("tab 2"; "tab 3 as ann" in ann's context), recorded, routed as the run says, its
// dialogs handled.
func (a *Attempt) adoptTab(ctx context.Context, st *flowstate.State, br *browsing, page *rod.Page) (*pages.Tab, error) {
	a.tabsMu.Lock()
	n := len(a.tabs) + 2
	a.tabsMu.Unlock()
	t := &tabRec{name: fmt.Sprintf("tab %d", n), page: page}
	if br.user != "" {
		t.name += " as " + br.user
	}
	if a.project != nil && page != nil {
		// A popup's first request may have left already: its device and overrides apply from here.
		if err := br.bc.Emulate(ctx, page, a.project.Emulation()); err != nil {
			return nil, fmt.Errorf("%s: project %s: %w", t.name, a.project.Name, err)
		}
	}
	var err error
	if !a.env.NoRecording {
		t.har = har.NewBuilder(har.Options{MaxBody: a.env.MaxBody, Redactor: a.redactor, Creator: "e2e", CreatorVersion: a.env.Version})
		t.console = artifacts.NewConsoleLog()
		if t.rec, err = br.bc.Record(page, t.har, t.console); err != nil {
			return nil, fmt.Errorf("%s: record the page: %w", t.name, err)
		}
	}
	if t.router, err = a.newRouter(page, t.rec != nil, t.har); err != nil {
		a.closeTab(t)
		return nil, fmt.Errorf("%s: %w", t.name, err)
	}
	if t.dialogs, err = a.watchDialogs(page, t.name); err != nil {
		a.closeTab(t)
		return nil, fmt.Errorf("%s: %w", t.name, err)
	}
	a.tabsMu.Lock()
	a.tabs = append(a.tabs, t)
	a.tabsMu.Unlock()
	a.steps.Note(fmt.Sprintf("%s opened", t.name))
	o := a.tabOptions(ctx, st, br, t.name, t.dialogs)
	var traced *tabTrace
	o.OnClose = func() {
		t.closed.Store(true)
		if traced != nil {
			traced.closing()
		}
	}
	if a.trace != nil {
		// A tab whose frames cannot be captured still runs the flow; the trace says why it lacks them.
		if tt, err := a.trace.addTab(t.name, page); err != nil {
			a.trace.failed(fmt.Errorf("%s: %w", t.name, err))
		} else {
			o.Trace, traced = tt, tt
		}
	}
	if a.a11y != nil {
		if o.Trace, err = a.auditTab(ctx, t, o.Trace); err != nil {
			return nil, err
		}
	}
	return pages.NewTab(st, page.Context(ctx), o), nil
}

// auditTab has the a11y audit look at t's states as the first tab's are, before each of its
// actions (then telling next, the trace, if any) and as the flow ends.
func (a *Attempt) auditTab(ctx context.Context, t *tabRec, next pages.Tracer) (pages.Tracer, error) {
	aud := axe.NewAuditor(t.page, a.env.Audit.A11y.Axe, a.env.Audit.a11yCache, a.env.Audit.a11yHost(a.context.Browser, a.env.BaseURL))
	if err := aud.Install(ctx); err != nil {
		return nil, fmt.Errorf("%s: %w", t.name, err)
	}
	t.a11y = aud
	return a11yTracer{ctx: ctx, aud: aud, next: next}, nil
}

// newContext opens a browser context of its own for user (nil: signed out), signed in from the
// state its sign-in saved, with its first tab and the API acting as that user.
func (a *Attempt) newContext(ctx context.Context, st *flowstate.State, user any) (*flowstate.Context, error) {
	var name string
	var state *StorageState
	if u, ok := user.(*flows.User); ok && u != nil {
		if a.signedIn == nil {
			return nil, fmt.Errorf("new context as %s: users sign in only in a runner's flows", u.Name)
		}
		var err error
		if state, err = a.signedIn(ctx, u); err != nil {
			return nil, fmt.Errorf("new context as %s: %w", u.Name, err)
		}
		name = u.Name
	}
	bc, err := a.context.Browser.NewContext(ctx)
	if err != nil {
		return nil, err
	}
	br, err := a.startBrowsing(ctx, bc, name)
	if err != nil {
		_ = bc.Close()
		return nil, err
	}
	a.tabsMu.Lock()
	a.others = append(a.others, br)
	a.tabsMu.Unlock()
	p, err := bc.NewPage(ctx)
	if err != nil {
		return nil, err
	}
	if state != nil {
		br.restored = state
		for _, s := range state.secrets() {
			a.secret(s)
		}
		err := a.steps.Do(fmt.Sprintf("new browser context as %s (the state saved: %d cookies, %d origins)", name, len(state.Cookies), len(state.Origins)), func() error {
			actx, cancel := context.WithTimeout(ctx, a.env.ActionTimeout)
			defer cancel()
			return applyState(p.Context(actx), state)
		})
		if err != nil {
			return nil, fmt.Errorf("new context as %s: restore the saved state: %w", name, err)
		}
	}
	tab, err := a.adoptTab(ctx, st, br, p)
	if err != nil {
		return nil, err
	}
	return &flowstate.Context{Tab: tab, API: a.newAPI(ctx, st, p, state), NewTab: func() (*pages.Tab, error) { return a.newTab(ctx, st, br) }}, nil
}

// captureTabs takes the evidence of each further tab now: its screenshot, DOM and network.
func (a *Attempt) captureTabs(ctx context.Context) {
	a.tabsMu.Lock()
	tabs := append([]*tabRec(nil), a.tabs...)
	a.tabsMu.Unlock()
	for _, t := range tabs {
		if t.closed.Load() { // its network and console are all there is
			t.harJSON = tabHAR(t)
			continue
		}
		p := t.page.Context(ctx)
		browser.Unblock(p)
		toFront(p)
		if shot, err := browser.FullPageScreenshot(p); err != nil {
			t.errs = append(t.errs, fmt.Errorf("%s: screenshot: %w", t.name, a.evidenceErr(ctx, err)))
		} else {
			t.screenshot = shot
		}
		if dom, err := browser.SerializeDOM(p); err != nil {
			t.errs = append(t.errs, fmt.Errorf("%s: dom: %w", t.name, a.evidenceErr(ctx, err)))
		} else {
			t.dom = dom
		}
		t.harJSON = tabHAR(t)
	}
}

// tabHAR is the network of t so far, nil when it has none.
func tabHAR(t *tabRec) []byte {
	if t.rec == nil {
		return nil
	}
	t.rec.Flush(time.Second)
	b, err := t.har.HAR().Marshal()
	if err != nil {
		return nil
	}
	return b
}

// unsafeSlug is what a tab's name may not keep in a file name.
var unsafeSlug = regexp.MustCompile(`[^a-z0-9]+`)

// tabFile is the file of a further tab's artifact: "tab-2-as-ann-screenshot.png".
func tabFile(name, file string) string {
	return strings.Trim(unsafeSlug.ReplaceAllString(strings.ToLower(name), "-"), "-") + "-" + file
}

// closeTab stops what watches and records t.
func (a *Attempt) closeTab(t *tabRec) error {
	var err error
	if t.router != nil {
		err = t.router.Close()
	}
	if t.rec != nil {
		t.rec.Stop()
	}
	if t.dialogs != nil {
		t.dialogs.Close()
	}
	return err
}

// closeTabs closes the further tabs and contexts, and removes the attempt's temporary folder.
func (a *Attempt) closeTabs() error {
	a.tabsMu.Lock()
	tabs, others := a.tabs, a.others
	a.tabs, a.others = nil, nil
	a.tabsMu.Unlock()
	var errs []error
	for _, t := range tabs {
		errs = append(errs, a.closeTab(t))
	}
	for _, br := range others {
		br.downloads.Close()
		errs = append(errs, br.bc.Close())
	}
	if a.own != nil && a.own.downloads != nil {
		a.own.downloads.Close()
	}
	if a.tmp != "" {
		errs = append(errs, os.RemoveAll(a.tmp))
	}
	return errors.Join(errs...)
}
