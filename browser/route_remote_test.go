package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/route"
)

// TestRoutesOnEveryRemoteKind routes a page of each kind of remote browser: fulfil, abort,
// modify, and offline, through DevTools' Fetch and Network domains over the remote's CDP
// connection (for a grid, se:cdp).
func TestRoutesOnEveryRemoteKind(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"path":%q}`, r.URL.Path)
	}))
	t.Cleanup(site.Close)
	for _, kind := range []string{"cdp", "rod-manager", "selenium"} {
		t.Run(kind, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			b, err := browser.Open(ctx, browser.RemoteTestOptions(t, kind))
			require.NoError(t, err)
			defer func() { _ = b.Close() }()
			bc, err := b.NewContext(ctx)
			require.NoError(t, err)
			defer func() { _ = bc.Close() }()
			p, err := bc.NewPage(ctx)
			require.NoError(t, err)
			p = p.Context(ctx)
			r := route.New(p, route.Options{Kind: b.Kind})
			defer func() { require.NoError(t, r.Close()) }()
			mock, err := r.Route(route.Match{URL: "/api/mock"}, route.Fulfil{Status: 503, Body: "down"})
			require.NoError(t, err)
			_, err = r.Route(route.Match{URL: "/api/fail"}, route.Abort{Reason: "timedout"})
			require.NoError(t, err)
			_, err = r.Route(route.Match{URL: "/api/patch"}, route.Modify{Merge: map[string]any{"patched": true}})
			require.NoError(t, err)
			require.NoError(t, p.Navigate(site.URL+"/"))
			require.NoError(t, p.WaitLoad())

			fetch := func(path string) string {
				out, err := p.Eval(`(u) => fetch(u).then(async r => r.status + " " + await r.text(), e => "error")`, path)
				require.NoError(t, err)
				return out.Value.Str()
			}
			require.Equal(t, "503 down", fetch("/api/mock"))
			require.Equal(t, "error", fetch("/api/fail"))
			require.Equal(t, `200 {"patched":true,"path":"/api/patch"}`, fetch("/api/patch"))
			require.Equal(t, `200 {"path":"/api/real"}`, fetch("/api/real"))
			require.Equal(t, 1, mock.Hits())
			require.NoError(t, r.Offline(true))
			require.Equal(t, "error", fetch("/api/real"))
			require.NoError(t, r.Offline(false))
			require.Equal(t, `200 {"path":"/api/real"}`, fetch("/api/real"))
		})
	}
}
