// Package testenv holds the helpers e2e's own tests share: a real browser, a real shop, and the
// rule that in CI a missing dependency fails a test instead of skipping it.
package testenv

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/shop"
)

// InCI reports whether the tests run in CI (CI=true), where nothing may be skipped.
func InCI() bool { return os.Getenv("CI") == "true" || os.Getenv("CI") == "1" }

// Require fails the test in CI, and skips it elsewhere, when ok is false: a dependency the test
// needs is missing. how says in one line how to install it.
func Require(t testing.TB, ok bool, what, how string) {
	t.Helper()
	if ok {
		return
	}
	if InCI() {
		t.Fatalf("%s is missing (CI=true, so this fails instead of skipping): %s", what, how)
	}
	t.Skipf("%s is missing: %s", what, how)
}

// RequireCommand requires an executable on PATH (or at an absolute path) and returns its path.
func RequireCommand(t testing.TB, name, how string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	Require(t, err == nil, name, how)
	return p
}

// BrowserOption changes the options of NewTestBrowser.
type BrowserOption func(*browser.Options)

// Headed opens a visible browser (it needs a display: DISPLAY, e.g. under Xvfb).
func Headed() BrowserOption { return func(o *browser.Options) { o.Headless = false } }

// NewTestBrowser opens the system Chromium, headless unless opts say otherwise, closed when the
// test ends.
func NewTestBrowser(t testing.TB, opts ...BrowserOption) *browser.Browser {
	t.Helper()
	_, err := browser.FindChromium("")
	Require(t, err == nil, "Chromium", "apt-get install -y chromium")
	o := browser.Options{Headless: true}
	for _, opt := range opts {
		opt(&o)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	b, err := browser.Open(ctx, o)
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.Close() })
	return b
}

// NewTestShop starts the reference shop on a free loopback port with a fresh database and the
// given faults, stopped when the test ends.
func NewTestShop(t testing.TB, faults ...shop.Fault) *shop.Server {
	t.Helper()
	srv, err := shop.Start(shop.Options{Faults: faults}, "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}
