package runner

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/launcher"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/har"
	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/config"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// tokenApp is a single-page app that keeps its user, with a token, in localStorage and sends
// "Authorization: Token <token>" with each API call, as many real apps do. Article 2 is broken:
// its API answers 500.
type tokenApp struct {
	*httptest.Server
	mu     sync.Mutex
	tokens map[string]string // token -> username
}

const tokenAppPage = `<!doctype html><html><head><title>Token app</title></head><body>
<input name="username"><button data-testid="login">Sign in</button>
<button data-testid="logout">Sign out</button>
<p data-testid="who">signed out</p>
<script>
const who = document.querySelector('[data-testid=who]')
document.querySelector('[data-testid=login]').onclick = async () => {
	const username = document.querySelector('[name=username]').value
	const res = await fetch('/api/login', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({username})})
	const {user} = await res.json()
	localStorage.setItem('user', JSON.stringify(user))
	sessionStorage.setItem('tab', 'tab-of-' + user.username)
	const me = await fetch('/api/me', {headers: {Authorization: 'Token ' + user.token}})
	who.textContent = 'signed in as ' + (await me.json()).username
}
document.querySelector('[data-testid=logout]').onclick = () => {
	localStorage.removeItem('user')
	who.textContent = 'signed out'
}
</script></body></html>`

func startTokenApp(t *testing.T) *tokenApp {
	app := &tokenApp{tokens: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(tokenAppPage))
	})
	mux.HandleFunc("POST /api/login", func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Username string }
		_ = json.NewDecoder(r.Body).Decode(&in)
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		token := "jwt-" + hex.EncodeToString(b)
		app.mu.Lock()
		app.tokens[token] = in.Username
		app.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"user": map[string]string{"username": in.Username, "token": token}})
	})
	mux.HandleFunc("GET /api/me", func(w http.ResponseWriter, r *http.Request) {
		if user, ok := app.user(r); ok {
			writeJSON(w, http.StatusOK, map[string]string{"username": user})
			return
		}
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "no valid token"})
	})
	mux.HandleFunc("GET /api/articles/2", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "favourites store down"})
	})
	app.Server = httptest.NewServer(mux)
	t.Cleanup(app.Close)
	return app
}

func (a *tokenApp) user(r *http.Request) (string, bool) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Token ")
	a.mu.Lock()
	defer a.mu.Unlock()
	user, found := a.tokens[token]
	return user, ok && found
}

func (a *tokenApp) issued() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []string
	for t := range a.tokens {
		out = append(out, t)
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// signIn signs in through the app's form.
func signIn(f *flows.F, user string) {
	f.Tab.Goto("/")
	f.Tab.Locator(`[name="username"]`).Fill(user)
	f.Tab.GetByTestID("login").Click()
	f.Expect(f.Tab.GetByTestID("who")).ToHaveText("signed in as " + user)
}

// TestStorageAuthChecksATokenAppWithoutAHeaderByHand: backend.auth storage reads the token
// the app keeps in localStorage afresh at each call (a logout is seen), every API check is a
// step with its status and a HAR entry of the tester's own, a failing check is marked failed in
// both, and the token is in no artifact.
func TestStorageAuthChecksATokenAppWithoutAHeaderByHand(t *testing.T) {
	_, err := browser.FindChromium("")
	testenv.Require(t, err == nil, "Chromium", "apt-get install -y chromium")
	app := startTokenApp(t)
	checked := flows.Flow{Name: "token checked", Run: func(f *flows.F) {
		signIn(f, "ann")
		require.Equal(f, "ann", f.API.Get("/api/me").JSON().Get("username").Str())
		f.Tab.GetByTestID("logout").Click()
		f.API.Expect(http.StatusUnauthorized).Get("/api/me")
	}}
	broken := flows.Flow{Name: "broken article", Run: func(f *flows.F) {
		signIn(f, "bob")
		f.API.Get("/api/articles/2")
	}}
	dir := t.TempDir()
	rep, err := Run(context.Background(), Options{
		Flows: []flows.Flow{checked, broken}, Workers: 1, Browser: browser.Options{Headless: true},
		ArtifactsDir: dir, ArtifactsMode: artifacts.ModeOn,
		Env: Env{BaseURL: app.URL, ActionTimeout: 5 * time.Second, MaxBody: 1 << 20, Redact: &redact.Options{},
			Auth: config.AuthConfig{Kind: backend.AuthStorage, Storage: "local", Key: "user", Path: "token", Header: "Authorization", Template: "Token {{.}}"}},
	})
	require.NoError(t, err)
	require.Len(t, app.issued(), 2)

	ok, failed := &rep.Flows[0].Attempts[0], &rep.Flows[1].Attempts[0]
	require.Equal(t, report.StatusPassed, ok.Status, "%+v", ok.Failure)
	require.Equal(t, report.StatusFailed, failed.Status)
	require.Equal(t, `api GET /api/articles/2: expected a status below 400, found 500; body: {"error":"favourites store down"}`, failed.Failure.Message)

	read := func(at *report.AttemptReport, kind string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, at.Artifacts[kind]))
		require.NoError(t, err)
		return string(b)
	}
	steps := read(ok, report.ArtifactSteps)
	require.Regexp(t, `ok +api: GET /api/me → 200\n`, steps)
	require.Regexp(t, `ok +api: GET /api/me \(no Authorization header: localStorage\["user"\] has no value\) → 401\n`, steps)
	require.Regexp(t, `FAIL +api: GET /api/articles/2 → 500: api GET /api/articles/2: expected a status below 400, found 500`, read(failed, report.ArtifactSteps))

	var archive har.HAR
	require.NoError(t, json.Unmarshal([]byte(read(failed, report.ArtifactHAR)), &archive))
	var tester []har.Entry
	for _, e := range archive.Log.Entries {
		if e.Source == har.SourceTester {
			tester = append(tester, e)
		}
	}
	require.Len(t, tester, 1, "the tester's call is an entry of its own")
	require.Equal(t, app.URL+"/api/articles/2", tester[0].Request.URL)
	require.Equal(t, 500, tester[0].Response.Status)
	require.Contains(t, tester[0].Response.Content.Text, "favourites store down")
	require.Contains(t, tester[0].Request.Headers, har.Header{Name: "Authorization", Value: redact.Redacted})
	require.Greater(t, len(archive.Log.Entries), 1, "the browser's entries are there too")
	out, valid := testenv.ValidateHAR(t, filepath.Join(dir, ok.Artifacts[report.ArtifactHAR]), filepath.Join(dir, failed.Artifacts[report.ArtifactHAR]))
	require.True(t, valid, out)
	t.Run("routeFromHAR replays the browser's entries", func(t *testing.T) {
		replayWithPlaywright(t, filepath.Join(dir, ok.Artifacts[report.ArtifactHAR]), "ann")
	})

	for _, at := range []*report.AttemptReport{ok, failed} {
		entries, err := os.ReadDir(filepath.Join(dir, at.Dir))
		require.NoError(t, err)
		require.NotEmpty(t, entries)
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, at.Dir, e.Name()))
			require.NoError(t, err)
			for _, token := range app.issued() {
				require.False(t, bytes.Contains(b, []byte(token)), "%s of %s holds the token", e.Name(), at.Dir)
			}
		}
	}
}

// TestSessionRestoresLocalAndSessionStorage: a session's setup signs in to the token app once;
// the flows that name it start with its localStorage (the token, which backend.auth storage
// sends) and sessionStorage, and the state file is 0600 and gone after the run: with a local
// browser and with a remote one reached through its DevTools endpoint.
func TestSessionRestoresLocalAndSessionStorage(t *testing.T) {
	chromium, err := browser.FindChromium("")
	testenv.Require(t, err == nil, "Chromium", "apt-get install -y chromium")
	t.Run("local", func(t *testing.T) { checkSessionReuse(t, browser.Options{Headless: true}) })
	t.Run("remote cdp", func(t *testing.T) {
		l := launcher.New().Bin(chromium).Headless(true).NoSandbox(true).Leakless(false).
			UserDataDir(t.TempDir()).Set("disable-background-networking").Set("no-first-run")
		u, err := l.Launch()
		require.NoError(t, err)
		t.Cleanup(l.Kill)
		checkSessionReuse(t, browser.Options{Remote: browser.RemoteOptions{Kind: browser.KindCDP, URL: u}})
	})
}

func checkSessionReuse(t *testing.T, opts browser.Options) {
	app := startTokenApp(t)
	var modes []os.FileMode
	session := &flows.User{Name: "token user", SignIn: func(f *flows.F) {
		signIn(f, "cy")
		f.Set("username", "cy")
	}}
	var flowsRun []flows.Flow
	for _, name := range []string{"first", "second"} {
		flowsRun = append(flowsRun, flows.Flow{Name: name, As: session, Run: func(f *flows.F) {
			matches, _ := filepath.Glob(filepath.Join(os.Getenv("TMPDIR"), "e2e-users-*", "*.json"))
			for _, m := range matches {
				if st, err := os.Stat(m); err == nil {
					modes = append(modes, st.Mode().Perm())
				}
			}
			require.Equal(f, "cy", f.Get("username"))
			require.Equal(f, "cy", f.API.Get("/api/me").JSON().Get("username").Str(), "the saved token authenticates an API check before the first page")
			f.Tab.Goto("/")
			require.Equal(f, "cy", f.API.Get("/api/me").JSON().Get("username").Str(), "the saved token authenticates the API check")
			require.Equal(f, "tab-of-cy", f.Tab.SessionStorage().Get("tab"), "sessionStorage restored")
		}})
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	rep, err := Run(context.Background(), Options{
		Flows: flowsRun, Workers: 2, Browser: opts, ArtifactsDir: filepath.Join(tmp, "results"),
		Env: Env{BaseURL: app.URL, ActionTimeout: 5 * time.Second, MaxBody: 1 << 20, Redact: &redact.Options{},
			Auth: config.AuthConfig{Kind: backend.AuthStorage, Storage: "local", Key: "user", Path: "token", Header: "Authorization", Template: "Token {{.}}"}},
	})
	require.NoError(t, err)
	for _, f := range rep.Flows {
		require.Equal(t, report.StatusPassed, f.Status, "%s: %s", f.ID, f.Error)
	}
	require.Len(t, app.issued(), 1, "one sign-in for the run (per run session)")
	require.NotEmpty(t, modes)
	for _, m := range modes {
		require.Equal(t, os.FileMode(0o600), m, "state file mode")
	}
	left, _ := filepath.Glob(filepath.Join(tmp, "e2e-users-*"))
	require.Empty(t, left)
}

// replayWithPlaywright signs in to the token app replayed from harPath by Playwright's
// routeFromHAR, which must serve the browser's entries although the tester's calls to the same
// URLs are there too (the last one a 401).
func replayWithPlaywright(t *testing.T, harPath, user string) {
	node := testenv.RequireCommand(t, "node", "apt-get install -y nodejs")
	pw := filepath.Join(testenv.RepoRoot(t), "bench", "playwright", "node_modules", "playwright")
	_, err := os.Stat(pw)
	testenv.Require(t, err == nil, "Playwright", "npm ci --prefix bench/playwright (or scripts/deps.sh test)")
	chromium, err := browser.FindChromium("")
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, node, filepath.Join("testdata", "replay_token_app.js"), pw, chromium, harPath, user).CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Equal(t, "signed in as "+user, strings.TrimSpace(string(out)))
}
