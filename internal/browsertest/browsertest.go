// Package browsertest opens pages in a real Chromium for the tests of the engine's internal
// packages built on the browser package.
package browsertest

import (
	"context"
	"mime"
	"net/http"
	"net/http/httptest"
	"path"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/browser"
)

// Serve serves each path's HTML on loopback until the test ends and returns the base URL.
func Serve(t testing.TB, pages map[string]string) string {
	t.Helper()
	mux := http.NewServeMux()
	for p, html := range pages {
		kind := mime.TypeByExtension(path.Ext(p))
		if kind == "" {
			kind = "text/html"
		}
		mux.HandleFunc(p, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", kind)
			_, _ = w.Write([]byte(html))
		})
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// Tab launches a headless Chromium for the test and returns a blank tab bound by a minute.
func Tab(t testing.TB) *rod.Page {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	b, err := browser.Open(ctx, browser.Options{Headless: true})
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.Close() })
	p, err := b.Rod.Context(ctx).Page(proto.TargetCreateTarget{})
	require.NoError(t, err)
	return p
}

// Open serves html and returns a tab that loaded it.
func Open(t testing.TB, html string) *rod.Page {
	t.Helper()
	p := Tab(t)
	require.NoError(t, p.Navigate(Serve(t, map[string]string{"/": html})))
	require.NoError(t, p.WaitLoad())
	return p
}
