package runner_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/audit"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/runner"
	"github.com/e2e-dev/e2e/internal/testenv"
	"github.com/e2e-dev/e2e/pages"
)

// usersApp is a small app of cookie sessions: /login?name=N signs N in, / greets the user,
// /api/me names them, /export downloads a CSV, /confirm asks before it acts, /link opens / in
// a new tab, /api/leak answers 500 with a stack trace.
func usersApp(t *testing.T) string {
	t.Helper()
	who := func(r *http.Request) string {
		if c, err := r.Cookie("who"); err == nil {
			return c.Value
		}
		return "nobody"
	}
	page := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><head><title>users</title></head><body>%s</body></html>`, body)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "who", Value: r.URL.Query().Get("name"), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
		http.Redirect(w, r, "/", http.StatusFound)
	})
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		page(w, `<h1>Hello `+who(r)+`</h1><a href="/" target="_blank">Open in new tab</a>
<button onclick="document.title = confirm('Sure?') ? 'sure' : 'unsure'">Ask</button><a href="/export">Export</a>`)
	})
	mux.HandleFunc("/api/me", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"name":%q}`, who(r))
	})
	mux.HandleFunc("/export", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv")
		w.Header().Set("Content-Disposition", `attachment; filename="report.csv"`)
		fmt.Fprintf(w, "user\n%s\n", who(r))
	})
	mux.HandleFunc("/api/leak", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, "panic: boom\n\ngoroutine 1 [running]:\nmain.handler()\n\t/app/main.go:42 +0x1d\n")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// userSigningIn is a user who signs in by opening /login?name=NAME.
func userSigningIn(name string) *flows.User {
	return &flows.User{Name: name, SignIn: func(f *flows.F) {
		f.Tab.Goto("/login?name=" + name)
		pages.Expect(f.Tab.GetByRole("heading", pages.Name("Hello "+name))).ToBeVisible()
	}}
}

// runUsersApp runs fs against usersApp on browser b with two workers, evidence kept on failure.
func runUsersApp(t *testing.T, b browser.Options, fs ...flows.Flow) (*report.RunReport, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "test-results")
	rep, err := runner.Run(context.Background(), runner.Options{
		Flows: fs, Workers: 2, FlowTimeout: 60 * time.Second, Browser: b, ArtifactsDir: dir,
		Env: runner.Env{BaseURL: usersApp(t), ActionTimeout: 10 * time.Second, MaxBody: 1 << 20, Redact: &redact.Options{},
			Trace: artifacts.ModeRetainOnFailure},
	})
	require.NoError(t, err)
	return rep, dir
}

// TestTabsAndUsersOfAFlow: a flow signed in as ann opens a second tab of her context, a second
// user's context (bob, his own cookies and API), a signed-out one and a popup; a dialog nothing
// expects is dismissed with a line; a download is kept in the artifacts. Its failure keeps every
// tab's screenshot, DOM, console and HAR, named by tab; each tab's steps say which it is, and so
// do the trace's frames, captured in the tab each action ran in.
// Locally and over CDP.
func TestTabsAndUsersOfAFlow(t *testing.T) {
	ann, bob := userSigningIn("ann"), userSigningIn("bob")
	flow := flows.Flow{Name: "two users", As: ann, Run: func(f *flows.F) {
		f.Tab.Goto("/")
		pages.Expect(f.Tab.GetByRole("heading")).ToHaveText("Hello ann")
		f.Tab.LocalStorage().Set("draft", "ann's")
		second := f.NewTab()
		second.Goto("/")
		pages.Expect(second.GetByRole("heading")).ToHaveText("Hello ann")
		require.Equal(f, "ann's", second.LocalStorage().Get("draft"), "a tab of the same context shares its storage")

		friend := f.NewContext(bob)
		friend.Tab.Goto("/")
		pages.Expect(friend.Tab.GetByRole("heading")).ToHaveText("Hello bob")
		require.Empty(f, friend.Tab.LocalStorage().Get("draft"), "the second user's context has its own storage")
		require.Equal(f, "bob", friend.API.Get("/api/me").JSON().Get("name").Str(), "the second user's API")
		require.Equal(f, "ann", f.API.Get("/api/me").JSON().Get("name").Str(), "the flow's own API")
		nobody := f.NewContext(nil)
		nobody.Tab.Goto("/")
		pages.Expect(nobody.Tab.GetByRole("heading")).ToHaveText("Hello nobody")

		pop := f.Tab.ExpectPopup(func() { f.Tab.GetByRole("link", pages.Name("Open in new tab")).Click() })
		pages.Expect(pop.GetByRole("heading")).ToHaveText("Hello ann")
		f.Tab.GetByRole("button", pages.Name("Ask")).Click()
		pages.ExpectPage(f.Tab).ToHaveTitle("unsure")
		csv := f.Tab.ExpectDownload(func() { f.Tab.GetByRole("link", pages.Name("Export")).Click() })
		require.Equal(f, "user\nann\n", string(csv.Bytes()))
		f.Errorf("keep the evidence")
	}}
	broken := &flows.User{Name: "broken", SignIn: func(f *flows.F) { f.Errorf("no such account") }}
	failing := flows.Flow{Name: "a user who cannot sign in", Run: func(f *flows.F) { f.NewContext(broken) }}
	inTab2 := flows.Flow{Name: "a click in tab 2 fails", Run: func(f *flows.F) {
		f.Tab.Goto("/")
		second := f.NewTab()
		second.Goto("/")
		second.SetDefaultTimeout(500 * time.Millisecond)
		second.GetByRole("button", pages.Name("Nope")).Click()
	}}
	for name, b := range browserKinds(t) {
		t.Run(name, func(t *testing.T) {
			rep, dir := runUsersApp(t, b, flow, failing, inTab2)
			require.Equal(t, `new context as broken: user "broken": sign-in failed: no such account (evidence in `+
				filepath.Join(dir, "sign-in-as-broken")+`)`, rep.Flows[1].Error)
			f := rep.Flows[0]
			at := f.Attempts[0]
			errTxt, _ := os.ReadFile(filepath.Join(dir, at.Artifacts["error"]))
			require.Equal(t, "keep the evidence", at.Failure.Message, "everything before the end passed")
			require.NotContains(t, string(errTxt), "not collected")
			for _, kind := range []string{"screenshot", "dom", "har", "console",
				"tab 2 screenshot", "tab 2 dom", "tab 2 har", "tab 2 console",
				"tab 3 as bob screenshot", "tab 4 dom", "tab 5 screenshot", "download report.csv"} {
				require.Contains(t, at.Artifacts, kind)
				require.FileExists(t, filepath.Join(dir, at.Artifacts[kind]))
			}
			require.Equal(t, "two-users/tab-3-as-bob-screenshot.png", at.Artifacts["tab 3 as bob screenshot"])
			require.Equal(t, "two-users/downloads/report.csv", at.Artifacts["download report.csv"])
			dom, err := os.ReadFile(filepath.Join(dir, at.Artifacts["tab 3 as bob dom"]))
			require.NoError(t, err)
			require.Contains(t, string(dom), "Hello bob")
			steps, err := os.ReadFile(filepath.Join(dir, at.Artifacts["steps"]))
			require.NoError(t, err)
			for _, line := range []string{"[tab 2] page: open /", "new browser context as bob", "tab 3 as bob opened",
				"[tab 3 as bob] page: open /", "[tab 4] page: open /", "tab 5 opened", `page: dialog confirm "Sure?" dismissed (no ExpectDialog)`,
				`page: download "report.csv"`} {
				require.Contains(t, string(steps), line)
			}

			// The trace: each frame of a further tab is a capture of it, named by it, after one of
			// its own steps; a failing action in tab 2 has its frame there.
			tabs := map[string]bool{}
			for _, fr := range readTrace(t, dir, at).Frames {
				tabs[fr.Tab] = true
				name := at.Steps[fr.Step].Name
				if fr.Tab == "" {
					require.False(t, strings.HasPrefix(name, "[tab"), "a frame of the first tab after %q", name)
				} else {
					require.True(t, strings.HasPrefix(name, "["+fr.Tab+"] "), "a frame of %s after %q", fr.Tab, name)
				}
			}
			require.Equal(t, map[string]bool{"": true, "tab 2": true, "tab 3 as bob": true, "tab 4": true, "tab 5": true}, tabs)
			at = rep.Flows[2].Attempts[0]
			require.Equal(t, `[tab 2] page: button "Nope" not found after 500ms; closest: button "Ask"`, at.Failure.Message, "the failure names its tab")
			tr := readTrace(t, dir, at)
			require.NotNil(t, tr.Failure)
			require.Equal(t, "tab 2", tr.Frames[tr.Failure.Frame].Tab, "the failure's frame is of the tab it failed in")
			require.Equal(t, `[tab 2] page: click button "Nope"`, at.Steps[tr.Failure.Step].Name)
		})
	}
}

// browserKinds are a local browser's options and a DevTools endpoint's (a Chromium the test
// starts), by name.
func browserKinds(t *testing.T) map[string]browser.Options {
	t.Helper()
	bin, err := browser.FindChromium("")
	testenv.Require(t, err == nil, "Chromium", "apt-get install -y chromium")
	ws, _ := testenv.StartChromiumCDP(t, bin)
	return map[string]browser.Options{"local": {Headless: true},
		"cdp": {Headless: true, Remote: browser.RemoteOptions{Kind: browser.KindCDP, URL: ws}}}
}

// readTrace reads the trace of attempt at, kept in dir.
func readTrace(t *testing.T, dir string, at report.AttemptReport) *report.Trace {
	t.Helper()
	require.Contains(t, at.Artifacts, report.ArtifactTrace)
	tr, err := report.ReadTrace(filepath.Join(dir, at.Artifacts[report.ArtifactTrace]))
	require.NoError(t, err)
	return tr
}

// TestAPIOnlyFlows: flows without a browser run on the same runner (retries, reports, the HAR
// of their calls, the audit of those answers, database checks, a user's saved API auth), and a
// run made only of them starts no browser process: the browser binary it is given records each
// time it is run, and is run once a flow with a tab joins.
func TestAPIOnlyFlows(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "app.db")
	sqldb, err := sql.Open("sqlite", dbPath)
	require.NoError(t, err)
	_, err = sqldb.Exec(`CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('ann'), ('bob')`)
	require.NoError(t, err)
	require.NoError(t, sqldb.Close())
	db, err := backend.OpenDB("sqlite", dbPath)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })

	passes := flows.Flow{Name: "api: me", NoBrowser: true, Run: func(f *flows.F) {
		require.Nil(f, f.Tab, "no tab")
		require.Equal(f, "nobody", f.API.Get("/api/me").JSON().Get("name").Str())
		f.DB.ExpectRows("SELECT name FROM users WHERE name = ?", "bob").ToHaveCount(1)
	}}
	fails := flows.Flow{Name: "api: leak", NoBrowser: true, Run: func(f *flows.F) {
		f.API.Get("/api/leak")
	}}
	tabless := flows.Flow{Name: "api: a tab", NoBrowser: true, Run: func(f *flows.F) { f.NewTab() }}
	spy := testenv.NewSpyBrowser(t) // a browser binary that records being run
	dir := filepath.Join(t.TempDir(), "test-results")
	rep, err := runner.Run(context.Background(), runner.Options{
		Flows: []flows.Flow{passes, fails, tabless}, Workers: 2, Retries: 1, FlowTimeout: 30 * time.Second,
		Browser:      browser.Options{Headless: true, Bin: spy.Bin},
		ArtifactsDir: dir,
		Env: runner.Env{BaseURL: usersApp(t), DB: db, ActionTimeout: 5 * time.Second, MaxBody: 1 << 20, Redact: &redact.Options{},
			Audit: &runner.AuditOptions{Levels: map[string]audit.Level{"leaky_errors": audit.LevelFail}}},
	})
	require.NoError(t, err)
	require.Equal(t, report.StatusPassed, rep.Flows[0].Status, rep.Flows[0].Error)
	leak := rep.Flows[1]
	require.Equal(t, report.StatusFailed, leak.Status)
	require.Len(t, leak.Attempts, 2, "retried")
	require.Contains(t, leak.Error, "api GET /api/leak: expected a status below 400, found 500")
	at := leak.Attempts[1]
	require.NotContains(t, at.Artifacts, "screenshot", "no browser, no screenshot")
	har, err := os.ReadFile(filepath.Join(dir, at.Artifacts["har"]))
	require.NoError(t, err)
	require.Contains(t, string(har), "/api/leak", "the HAR of its calls")
	require.NotNil(t, at.Audit)
	require.True(t, strings.Contains(fmt.Sprint(at.Audit.Findings), "security.leaky_errors"), "the audit read its answers: %v", at.Audit.Findings)
	require.Equal(t, "this flow has no browser (Flow.NoBrowser): it calls the API and reads the database only", rep.Flows[2].Error)
	started, args := spy.Started()
	require.False(t, started, "a run of API-only flows started a browser process: %s", args)

	// The spy sees a browser started: one flow with a tab makes the run launch it.
	_, _ = runner.Run(context.Background(), runner.Options{
		Flows: []flows.Flow{{Name: "a tab", Run: func(f *flows.F) {}}}, Workers: 1, FlowTimeout: 30 * time.Second,
		Browser: browser.Options{Headless: true, Bin: spy.Bin}, ArtifactsDir: t.TempDir(),
		Env: runner.Env{BaseURL: usersApp(t), ActionTimeout: 5 * time.Second, MaxBody: 1 << 20, Redact: &redact.Options{}},
	})
	started, _ = spy.Started()
	require.True(t, started, "a flow with a tab starts the browser")
}
