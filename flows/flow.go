// Package flows is what a team writes its end-to-end tests with: a Flow is one user journey, its
// F the tab, API client, database probe and step log it walks with; a Suite is the flows with the
// hooks that run them against their app, handed to cli.Main (the suite's command) and
// flowtest.Run (go test). The runner behind both is the engine's own.
package flows

import (
	"context"
	"fmt"
	"strings"

	"github.com/e2e-dev/e2e/audit"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/internal/flowstate"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/route"
)

// Flow is one user journey, checked in the UI and in the backend.
type Flow struct {
	// Name identifies the flow in selection (--grep), reports and artifact folders.
	Name string
	// Doc says in one line what the flow proves.
	Doc string
	// Run walks the flow. It fails through f (f is a testify TestingT).
	Run func(f *F)
	// As, when set, starts the flow signed in as that user, from the browser state its sign-in
	// saved, instead of signing in again. Flows that test signing in or out leave it nil.
	As *User
	// Tags mark the flow, as Playwright's do: "@smoke", "@security", each starting with @.
	// --grep matches them as it matches the name (--grep @smoke), every report shows them, and
	// an OnRequest flow runs only when --grep names one of its tags.
	Tags []string
	// Skip, when set, is why the flow does not run: it is reported skipped, with the reason.
	// To skip on a condition known only as it runs, call F.Skip.
	Skip string
	// Fixme, when set, says the flow is known to be broken and why: it does not run, and is
	// reported skipped as a fixme.
	Fixme string
	// Slow triples the flow's time limit (timeouts.flow).
	Slow bool
	// NoBrowser makes an API-only flow: no browser context or tab (F.Tab is nil), only F.API and
	// F.DB, with the same runner, retries, reports, HAR of its calls, audit and evidence. A run
	// made only of such flows starts no browser. With As, its API calls carry the cookies and
	// the token the user's sign-in saved.
	NoBrowser bool
}

// F is what a flow gets: the pages of its own browser context, the API acting as the same user,
// the database probe, and the step log. It is a testify TestingT: require.Equal(f, ...).
type F struct {
	// Ctx is the flow's context: cancelled when the flow times out or the run stops.
	Ctx context.Context
	// Tab is the flow's browser tab: its page objects' locators and its page (Goto, Reload,
	// Evaluate...). Everything on it fails the flow itself.
	Tab *pages.Tab
	// API calls the app's JSON API as the flow's user (its cookies, and backend.auth); a call
	// that fails fails the flow.
	API *backend.API
	// DB reads the app's database; without one (no backend.db.dsn) every query fails with one
	// line saying to set it.
	DB *backend.Probe

	st *flowstate.State
}

func init() {
	flowstate.NewF = func(st *flowstate.State) any {
		return &F{Ctx: st.Ctx, Tab: st.Tab, API: st.API, DB: st.DB, st: st}
	}
}

// Errorf records a failure of the running step and reports it.
func (f *F) Errorf(format string, args ...any) {
	f.st.T.Helper()
	f.st.Fail(fmt.Sprintf(format, args...))
}

// Skip stops the flow here and reports it skipped, with reason: for a condition known only as
// it runs (f.Skip("no payments on staging")). A flow that has already failed stays failed.
func (f *F) Skip(reason string) { f.st.Skip(reason) }

// FailNow stops the flow; inside a try of ToPass or Poll, it ends only the try.
func (f *F) FailNow() { f.st.FailNow() }

// Helper marks the caller as a helper.
func (f *F) Helper() { f.st.T.Helper() }

// Step runs fn as a flow-level step: the page actions and backend checks inside it nest under
// its name in the step log and in failure messages. A panic in fn fails the step.
func (f *F) Step(name string, fn func()) {
	f.st.T.Helper()
	_ = f.st.Steps.Do(name, func() error {
		defer func() {
			if r := recover(); r != nil {
				panic(f.st.Panicked(r))
			}
		}()
		fn()
		return nil
	})
}

// Set stores value under key: the one store of a flow. A value set while a User signs in
// (User.SignIn) is saved with its signed-in state and read back by every flow that starts as
// that user, masked as a secret in their artifacts; any other lives for the attempt, in memory,
// and is written nowhere. A suite's BeforeEach hands a flow its fixtures this way.
func (f *F) Set(key, value string) { f.st.Set(key, value) }

// Get returns the value Set stored under key. A key never set fails the flow, naming the keys
// that are, so that a misspelt key is no silent "": Lookup asks whether one is set.
func (f *F) Get(key string) string {
	v, ok := f.st.Lookup(key)
	if !ok {
		f.Helper()
		keys := f.st.Keys()
		if len(keys) > 10 {
			keys = append(keys[:10], "…")
		}
		f.Errorf("f.Get(%q): no value was Set under that key (the keys set: %s): Set it first (in a BeforeEach, or as a User signs in), or use Lookup", key, strings.Join(keys, ", "))
		f.FailNow()
	}
	return v
}

// Lookup returns the value Set stored under key, and whether one was.
func (f *F) Lookup(key string) (string, bool) { return f.st.Lookup(key) }

// Secret registers value as a secret, redacted from every artifact, report and log line, and
// returns it: pw := f.Secret(flows.UniqueName(flows.NameOptions{Prefix: "pw-"})).
func (f *F) Secret(value string) string {
	if f.st.Secret != nil {
		f.st.Secret(value)
	}
	return value
}

// Probe returns base followed by an audit probe: a quote and a tag unique to the attempt, like
// `Ada"<e2eqhxkzw>`. Type it where the app accepts such text (a display name, a search term, a
// comment); after the flow the audit fails it (security.reflected_input) if the app put it back
// into a page as markup, in the DOM or in any HTML response of the HAR.
func (f *F) Probe(base string) string {
	p := base + audit.Probe(UniqueName(NameOptions{Alphabet: "abcdefghijklmnopqrstuvwxyz", Length: 8}))
	if f.st.Probe != nil {
		f.st.Probe(p)
	}
	return p
}

// Route adds a route to the flow's tab and returns it, to assert its hits; a bad route fails
// the flow now. The first route added that matches a request handles it.
//
//	favs := f.Route(route.Match{Method: "PUT", URL: "/api/favourites/*"}, route.Fulfil{Status: 500})
//	...
//	require.Equal(f, 1, favs.Hits(), "PUT /api/favourites/* calls")
func (f *F) Route(m route.Match, a route.Action) *route.Route {
	f.st.T.Helper()
	rt, err := f.router("route "+m.String()).Route(m, a)
	f.st.Must(err)
	return rt
}

// Unroute removes a route Route added: the requests it matched go to the network again.
func (f *F) Unroute(rt *route.Route) {
	f.st.T.Helper()
	f.st.Must(f.router("unroute " + rt.Name()).Unroute(rt))
}

// EmulateNetwork sets the tab's network conditions (offline, latency, throughput) until the
// next call; the zero Conditions restores the real network.
func (f *F) EmulateNetwork(c route.Conditions) {
	f.st.T.Helper()
	f.st.Must(f.router("network conditions").Emulate(c))
}

// router is the flow's router, or fails the flow when it has none.
func (f *F) router(what string) *route.Router {
	if f.st.Router == nil {
		f.st.Must(fmt.Errorf("%s: this flow has no browser tab to route", what))
	}
	return f.st.Router
}
