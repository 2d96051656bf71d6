package axe_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/axe"
	"github.com/e2e-dev/e2e/internal/browsertest"
)

// inHost runs test three times: axe in the flow's tab (hostOf returns nil), in a host in the
// tab's browser, and in a host in a browser of its own (at nice 19, as a local run's a11y audit
// at warn has it), which must be gone once the host closes.
func inHost(t *testing.T, test func(t *testing.T, hostOf func(p *rod.Page) *axe.Host)) {
	t.Run("in the tab", func(t *testing.T) { test(t, func(*rod.Page) *axe.Host { return nil }) })
	t.Run("in a host", func(t *testing.T) {
		var h *axe.Host
		t.Cleanup(func() {
			if h != nil {
				h.Close()
			}
		})
		test(t, func(p *rod.Page) *axe.Host {
			if h == nil {
				h = axe.NewHost(p.Browser())
			}
			return h
		})
	})
	t.Run("in a host of its own", func(t *testing.T) {
		var own *browser.Browser
		h := axe.NewOwnHost(func(ctx context.Context) (*rod.Browser, func(), error) {
			b, err := browser.Open(ctx, browser.Options{Headless: true, Background: true, Args: axe.OwnHostArgs})
			if err != nil {
				return nil, nil, err
			}
			own = b
			return b.Rod, func() { _ = b.Close() }, nil
		})
		t.Cleanup(func() {
			require.NotNil(t, own, "the host launched its browser")
			pages, err := own.Rod.Timeout(5 * time.Second).Pages()
			require.NoError(t, err)
			require.Len(t, pages, 1, "the host audits in the tab its browser opened with, and opens no other")
			h.Close()
			require.Eventually(t, func() bool { return syscall.Kill(-own.ProcessGroup(), 0) == syscall.ESRCH },
				5*time.Second, 20*time.Millisecond, "the host's own browser is still running after it closed")
		})
		test(t, func(*rod.Page) *axe.Host { return h })
	})
}

func TestAuditorOncePerState(t *testing.T) { inHost(t, testAuditorOncePerState) }

func testAuditorOncePerState(t *testing.T, hostOf func(p *rod.Page) *axe.Host) {
	base := browsertest.Serve(t, map[string]string{
		"/": `<!doctype html><html lang="en"><head><title>One</title></head><body><main><h1>One</h1>
<button id="add" onclick="document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=x.png>')">Add</button>
<a href="/two">Two</a></main></body></html>`,
		"/two": `<!doctype html><html lang="en"><head><title>Two</title></head><body><main><h1>Two</h1><input></main></body></html>`,
	})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	p := browsertest.Tab(t)

	a := axe.NewAuditor(p, axe.Options{Tags: []string{"wcag2a", "wcag2aa"}}, axe.NewCache(), hostOf(p))
	require.NoError(t, a.Install(ctx))
	require.NoError(t, p.Navigate(base))
	require.NoError(t, p.WaitLoad())
	a.Observe(ctx)
	a.Observe(ctx)
	require.Empty(t, a.Errors())
	require.Len(t, a.Results(), 1, "the same state is audited once (axe's own work is no change)")
	require.Empty(t, a.Results()[0].Violations)

	_, err := p.Eval(`() => document.getElementById("add").click()`)
	require.NoError(t, err)
	a.Observe(ctx)
	a.Observe(ctx)
	require.Len(t, a.Results(), 2, "a changed DOM is a new state")
	require.Equal(t, []string{"image-alt"}, ids(a.Results()[1]))

	require.NoError(t, p.Navigate(base+"/two"))
	require.NoError(t, p.WaitLoad())
	a.Observe(ctx)
	rs := a.Results()
	require.Len(t, rs, 3, "a new document is a new state")
	require.Equal(t, base+"/two", rs[2].URL)
	require.Equal(t, []string{"label"}, ids(rs[2]))
	require.Empty(t, a.Errors())
}

// Two flows' tabs that reach pages of the same shape share one run of axe; a later state of a
// document is audited where it changed.
func TestAuditorCacheAndDeltas(t *testing.T) { inHost(t, testAuditorCacheAndDeltas) }

func testAuditorCacheAndDeltas(t *testing.T, hostOf func(p *rod.Page) *axe.Host) {
	page := func(user string) string {
		return `<!doctype html><html lang="en"><head><title>Shop</title></head><body><main><h1>Hello <span>` + user + `</span></h1>
<input type="hidden" name="csrf" value="` + user + `-token"><time datetime="2024-0` + user[:1] + `">now</time>
<button id="add" onclick="document.getElementById('slot').innerHTML = '<img src=x.png>'">Add</button><div id="slot"></div>
<p>Footer <input aria-label="Name"><img id="logo" src="y.png"></p></main></body></html>`
	}
	base := browsertest.Serve(t, map[string]string{"/ann": page("1ann"), "/bob": page("2bob")})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cache := axe.NewCache()
	audit := func(path string) (*axe.Auditor, *rod.Page) {
		p := browsertest.Tab(t)
		a := axe.NewAuditor(p, axe.Options{Tags: []string{"wcag2a", "wcag2aa"}}, cache, hostOf(p))
		require.NoError(t, a.Install(ctx))
		require.NoError(t, p.Navigate(base+path))
		require.NoError(t, p.WaitLoad())
		a.Observe(ctx)
		return a, p
	}
	ann, annTab := audit("/ann")
	bob, bobTab := audit("/bob")
	require.Len(t, ann.Results(), 1)
	require.Len(t, bob.Results(), 1)
	require.Equal(t, base+"/bob", bob.Results()[0].URL)
	has, err := bobTab.Eval(`() => typeof window.axe`)
	require.NoError(t, err)
	require.Equal(t, "undefined", has.Value.Str(), "another user's name, token and time: the same shape, no second run")
	hosted := hostOf(annTab) != nil
	has, err = annTab.Eval(`() => typeof window.axe`)
	require.NoError(t, err)
	require.Equal(t, hosted, has.Value.Str() == "undefined", "with a host, axe never enters the flows' tabs")

	_, err = annTab.Eval(`() => document.getElementById("add").click()`)
	require.NoError(t, err)
	_, err = annTab.Eval(`() => { document.querySelector("[aria-label=Name]").setAttribute("aria-label", "") }`)
	require.NoError(t, err)
	ann.Observe(ctx)
	rs := ann.Results()
	require.Len(t, rs, 2)
	require.Equal(t, []string{"image-alt"}, ids(rs[0]))
	require.Equal(t, []string{"image-alt", "label"}, ids(rs[1]))
	require.Equal(t, []string{`img[src="x.png"]`}, rs[1].Violations[0].Targets(), "the changed parts only: not #logo")
	require.Empty(t, ann.Errors())
}

// In a host, a page's copy has its style sheets (a contrast set in one is seen, though the host's
// document may read complete before they load) and not its scripts, and a lazy image far below
// is not waited on; a page with a shadow root, which a copy would lose, is audited in its own tab.
func TestAuditorHost(t *testing.T) {
	base := browsertest.Serve(t, map[string]string{
		"/": `<!doctype html><html lang="en"><head><title>Styled</title><link rel="stylesheet" href="/s.css"></head><body><main><h1>Styled</h1>
<p class="faint">Hard to read</p><script>document.title = "ran"</script>
<img loading="lazy" src="/far.png" alt="" style="margin-top: 5000px"></main></body></html>`,
		"/s.css": `.faint { color: #ccc; background: #fff }`,
		"/shadow": `<!doctype html><html lang="en"><head><title>Shadow</title></head><body><main><h1>Shadow</h1><div id="h"></div>
<script>document.getElementById("h").attachShadow({mode: "open"}).innerHTML = "<img src=x.png>"</script></main></body></html>`,
	})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	p := browsertest.Tab(t)
	host := axe.NewHost(p.Browser())
	t.Cleanup(host.Close)
	o := axe.Options{Tags: []string{"wcag2a", "wcag2aa"}}
	host.Warm(base, o)
	a := axe.NewAuditor(p, o, nil, host)
	require.NoError(t, a.Install(ctx))
	require.NoError(t, p.Navigate(base))
	require.NoError(t, p.WaitLoad())
	a.Observe(ctx)
	require.NoError(t, p.Navigate(base+"/shadow"))
	require.NoError(t, p.WaitLoad())
	a.Observe(ctx)
	rs := a.Results()
	require.Empty(t, a.Errors())
	require.Len(t, rs, 2)
	require.Equal(t, []string{"color-contrast"}, ids(rs[0]), "the style sheet loaded in the host")
	require.Equal(t, base+"/", rs[0].URL)
	require.Equal(t, []string{"image-alt"}, ids(rs[1]), "the shadow root's image, audited in the tab")
	require.Equal(t, []string{"#h >>> img"}, rs[1].Violations[0].Targets())
	has, err := p.Eval(`() => typeof window.axe`)
	require.NoError(t, err)
	require.Equal(t, "object", has.Value.Str())
}
