package browser

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// fakeGrid is a WebDriver endpoint that answers POST /session as told and records requests.
type fakeGrid struct {
	*httptest.Server
	mu       sync.Mutex
	posts    []*http.Request
	bodies   [][]byte
	deletes  []string
	newSess  func(w http.ResponseWriter, r *http.Request)
	del      func(w http.ResponseWriter, r *http.Request)
	statusJS string
}

func newFakeGrid(t *testing.T) *fakeGrid {
	g := &fakeGrid{}
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/session":
			body, _ := io.ReadAll(r.Body)
			g.mu.Lock()
			g.posts, g.bodies = append(g.posts, r), append(g.bodies, body)
			g.mu.Unlock()
			g.newSess(w, r)
		case r.Method == http.MethodDelete && strings.HasPrefix(r.URL.Path, "/session/"):
			g.mu.Lock()
			g.deletes = append(g.deletes, strings.TrimPrefix(r.URL.Path, "/session/"))
			g.mu.Unlock()
			if g.del != nil {
				g.del(w, r)
				return
			}
			fmt.Fprint(w, `{"value":null}`)
		case r.URL.Path == "/status" && g.statusJS != "":
			fmt.Fprint(w, g.statusJS)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(g.Close)
	return g
}

// answerSession makes the fake grid create session id with capabilities caps.
func answerSession(id string, caps map[string]any) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"value": map[string]any{"sessionId": id, "capabilities": caps}})
	}
}

// answerError makes the fake grid refuse with a W3C error.
func answerError(status int, code, message string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{"value": map[string]any{"error": code, "message": message, "stacktrace": "at x\nat y"}})
	}
}

func (g *fakeGrid) deleted() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.deletes...)
}

func TestSeleniumSessionOnFakeGrid(t *testing.T) {
	chromium := startTestChromium(t)
	cdp, err := url.Parse(chromium.URL)
	require.NoError(t, err)
	cdp.Host = "localhost:" + cdp.Port() // as a node that knows itself as localhost says it
	g := newFakeGrid(t)
	g.newSess = answerSession("fake-1", map[string]any{"browserName": "chrome", "se:cdp": cdp.String()})
	gridURL, err := url.Parse(g.URL)
	require.NoError(t, err)
	gridURL.User = url.UserPassword("ann", "pw-in-url")

	b, err := Open(context.Background(), Options{Headless: true, Remote: RemoteOptions{
		Kind: "selenium", URL: gridURL.String(), Headers: map[string]string{"X-Team": "checkout"},
	}})
	require.NoError(t, err)
	runIncognitoFlow(t, b, remoteTestPage(t), "fake-grid")

	require.Len(t, g.posts, 1)
	post := g.posts[0]
	require.Equal(t, "application/json; charset=utf-8", post.Header.Get("Content-Type"))
	require.Equal(t, "Basic "+base64.StdEncoding.EncodeToString([]byte("ann:pw-in-url")), post.Header.Get("Authorization"))
	require.Equal(t, "checkout", post.Header.Get("X-Team"))
	var body map[string]any
	require.NoError(t, json.Unmarshal(g.bodies[0], &body))
	require.Equal(t, "chrome", alwaysMatch(body)["browserName"])
	require.Contains(t, alwaysMatch(body)[chromeOptionsKey].(map[string]any)["args"], "--headless")

	require.Empty(t, g.deleted())
	require.NoError(t, b.Close())
	require.NoError(t, b.Close())
	require.Equal(t, []string{"fake-1"}, g.deleted(), "one DELETE, however often Close runs")
}

func TestSeleniumSessionWithoutSeCDPIsEnded(t *testing.T) {
	g := newFakeGrid(t)
	g.newSess = answerSession("fake-2", map[string]any{"browserName": "chrome"})
	_, err := Open(context.Background(), Options{Remote: RemoteOptions{Kind: "selenium", URL: g.URL}})
	msg := requireSetupError(t, err)
	require.Equal(t, "selenium grid: session fake-2 has no se:cdp capability: enable CDP on the grid (Selenium 4+ with Chrome/Chromium)", msg)
	require.Equal(t, []string{"fake-2"}, g.deleted())
}

func TestSeleniumDeleteIsBounded(t *testing.T) {
	chromium := startTestChromium(t)
	g := newFakeGrid(t)
	g.newSess = answerSession("fake-3", map[string]any{"se:cdp": chromium.URL})
	g.del = func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() } // a grid that hangs
	old := seleniumDeleteTimeout
	seleniumDeleteTimeout = 300 * time.Millisecond
	defer func() { seleniumDeleteTimeout = old }()

	b, err := Open(context.Background(), Options{Remote: RemoteOptions{Kind: "selenium", URL: g.URL}})
	require.NoError(t, err)
	start := time.Now()
	err = b.Close()
	require.Less(t, time.Since(start), 2*time.Second)
	require.ErrorContains(t, err, "selenium grid "+g.URL+": end session fake-3: timed out")
}

func TestSeleniumGridAnswers(t *testing.T) {
	status := `{"value":{"ready":true,"nodes":[{"availability":"UP","slots":[{"session":{"sessionId":"x"},"stereotype":{"browserName":"chrome","platformName":"linux"}}]}]}}`
	for _, c := range []struct {
		name   string
		answer func(http.ResponseWriter, *http.Request)
		status string
		want   string
	}{
		{"not-a-grid", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, "",
			": no WebDriver endpoint at /session (HTTP 404): browser.remote.url must be the grid's address"},
		{"grid-queue-timeout", answerError(500, "session not created", "Could not start a new session. New session request timed out\nHost info: x"), status,
			": the grid gave up on the session request (its --session-request-timeout): Could not start a new session. New session request timed out: add nodes or raise that timeout"},
		{"grid-queue-timeout-no-match", answerError(500, "session not created", "New session request timed out"),
			strings.ReplaceAll(status, `"chrome"`, `"firefox"`),
			": no node matches the capabilities {browserName: chrome}: the grid offers {browserName: firefox, platformName: linux}"},
		{"grid-without-nodes", answerError(500, "session not created", "New session request timed out"), `{"value":{"ready":false,"nodes":[]}}`,
			": no session within 1m0s: the grid has no node up: start a node"},
		{"other-error", answerError(500, "unknown error", "boom\nstack"), "",
			": session not created (HTTP 500): boom: check browser.remote.capabilities and the grid's log"},
		{"no-json", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html>hello</html>") }, "",
			": POST /session answered no JSON (<html>hello</html>): is this a Selenium Grid?"},
		{"no-session-id", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"value":{}}`) }, "",
			": POST /session answered no sessionId"},
		{"forbidden", answerError(403, "", "denied"), "", ": unauthorized (HTTP 403)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := newFakeGrid(t)
			g.newSess, g.statusJS = c.answer, c.status
			_, err := Open(context.Background(), Options{Remote: RemoteOptions{Kind: "selenium", URL: g.URL}})
			requireSetupError(t, err, "selenium grid "+g.URL+c.want)
		})
	}
}

func TestSeleniumGivesUpWhenTheCallerDoes(t *testing.T) {
	g := newFakeGrid(t)
	g.newSess = func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() } // a full queue
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		assertEventually(5*time.Second, func() bool {
			g.mu.Lock()
			defer g.mu.Unlock()
			return len(g.posts) > 0
		})
		cancel()
	}()
	_, err := Open(ctx, Options{Remote: RemoteOptions{Kind: "selenium", URL: g.URL}})
	requireSetupError(t, err, "selenium grid "+g.URL+": gave up waiting for a session: context canceled")
	require.ErrorIs(t, err, context.Canceled)
}

func TestSeleniumErrorsHideCredentials(t *testing.T) {
	g := newFakeGrid(t)
	g.newSess = func(w http.ResponseWriter, r *http.Request) { // a grid that echoes what it got
		answerError(500, "unknown error", "bad credentials "+r.Header.Get("Authorization")+" / "+r.Header.Get("X-Api-Key"))(w, r)
	}
	_, err := Open(context.Background(), Options{Remote: RemoteOptions{
		Kind: "selenium", URL: strings.Replace(g.URL, "http://", "http://ann:pa55word-1@", 1),
		Headers: map[string]string{"X-Api-Key": "key-0123456789"},
	}})
	msg := requireSetupError(t, err, "selenium grid "+g.URL+": session not created (HTTP 500): bad credentials "+redact.Redacted+" / "+redact.Redacted)
	for _, secret := range []string{"pa55word-1", "key-0123456789", base64.StdEncoding.EncodeToString([]byte("ann:pa55word-1"))} {
		require.NotContains(t, msg, secret)
	}
}
