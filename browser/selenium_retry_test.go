package browser

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// silentNode is a DevTools endpoint that never answers: a node that went away behind a router
// that keeps the client's websocket open.
func silentNode(t *testing.T) string {
	f := newFakeCDP(t)
	f.silent.Store(true)
	return f.url
}

// A session handed out on a node that is already dead is found so by the liveness probe within
// seconds, ended, and asked for again: the next one, on a live browser, is the one returned.
func TestSeleniumSessionOnADeadNodeIsAskedForAgain(t *testing.T) {
	chromium := startTestChromium(t)
	dead := silentNode(t)
	g := newFakeGrid(t)
	n := 0
	g.newSess = func(w http.ResponseWriter, r *http.Request) {
		n++
		cdp := dead
		if n > 1 {
			cdp = chromium.URL
		}
		answerSession(fmt.Sprintf("fake-%d", n), map[string]any{"browserName": "chrome", "se:cdp": cdp})(w, r)
	}
	start := time.Now()
	b, err := Open(context.Background(), Options{Headless: true, Remote: RemoteOptions{Kind: "selenium", URL: g.URL, SessionTimeout: 30 * time.Second}})
	require.NoError(t, err)
	took := time.Since(start)
	runIncognitoFlow(t, b, remoteTestPage(t), "second-session")
	require.Equal(t, []string{"fake-1"}, g.deleted(), "the dead session was ended")
	require.Less(t, took, probeAfter+probeTimeout+5*time.Second, "found dead within the liveness bound")
	require.NoError(t, b.Close())
	require.Equal(t, []string{"fake-1", "fake-2"}, g.deleted())
}

// A grid that only hands out sessions on dead nodes fails the setup in one line once the
// session timeout has passed, every session it gave ended.
func TestSeleniumSessionsOnDeadNodesOnly(t *testing.T) {
	dead := silentNode(t)
	g := newFakeGrid(t)
	n := 0
	g.newSess = func(w http.ResponseWriter, r *http.Request) {
		n++
		answerSession(fmt.Sprintf("fake-%d", n), map[string]any{"browserName": "chrome", "se:cdp": dead})(w, r)
	}
	start := time.Now()
	_, err := Open(context.Background(), Options{Headless: true, Remote: RemoteOptions{Kind: "selenium", URL: g.URL, SessionTimeout: 10 * time.Second}})
	requireSetupError(t, err, "selenium grid "+g.URL+": session fake-2: its browser did not answer: grid node went away (no reply to Target.setDiscoverTargets in 7s) (2 session(s) in a row): a node gave out sessions it could not run: check the grid's nodes")
	require.Less(t, time.Since(start), 10*time.Second+probeAfter+probeTimeout+2*time.Second)
	require.Equal(t, []string{"fake-1", "fake-2"}, g.deleted())
}
