package pages_test

import (
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/internal/testfail"
	"github.com/e2e-dev/e2e/pages"
)

// Within shortens every kind of assertion: each fails after its own 300ms, saying so, on a
// page that never changes, where the tab's 5s would have it fail after 5s.
func TestWithinShorter(t *testing.T) {
	base := serveFixture(t)
	b := fixture.NewTestBrowser(t)
	ft := &testfail.T{}
	tab := openFixtureAs(t, ft, b, "/late.html?ms=600000", pages.TabOptions{BaseURL: base, Timeout: 5 * time.Second,
		Snapshots: pages.Snapshots{Dir: t.TempDir(), Suite: "fixture", Flow: "late"}})
	status := tab.GetByRole("status")
	for _, c := range []struct {
		name   string
		assert func()
		want   string
	}{
		{"text", func() { pages.Expect(status).Within(short).ToHaveText("Ready") }, `page: expected status to have text "Ready", last seen "Waiting" (polled 300ms)`},
		{"not, within", func() { pages.Expect(status).Not().Within(short).ToHaveText("Waiting") }, `page: expected status not to have text "Waiting", last seen "Waiting" (polled 300ms)`},
		{"within, not", func() { pages.Expect(status).Within(short).Not().ToBeVisible() }, `page: expected status not to be visible, last seen visible (polled 300ms)`},
		{"list", func() { pages.Expect(tab.Locator("#late-list li")).Within(short).ToHaveTexts("One", "Two") }, `page: expected css "#late-list li" to have texts ["One", "Two"], last seen ["One"] (polled 300ms)`},
		{"count", func() { pages.Expect(tab.Locator("#late-list li")).Within(short).ToHaveCount(2) }, `page: expected css "#late-list li" to have count 2, last seen 1 (polled 300ms)`},
		{"page", func() { pages.ExpectPage(tab).Within(short).ToHaveTitle("Ready") }, `page: expected page to have title "Ready", last seen "Early" (polled 300ms)`},
		{"page, not", func() { pages.ExpectPage(tab).Within(short).Not().ToHaveTitle("Early") }, `page: expected page not to have title "Early", last seen "Early" (polled 300ms)`},
		{"aria", func() { pages.Expect(tab.Locator("#late-list")).Within(short).ToMatchAriaSnapshot("- listitem: Two") },
			"page: expected css \"#late-list\" to match the ARIA snapshot (polled 300ms); the tree is:\n- list:\n  - listitem: One"},
		{"aria, not found", func() { pages.Expect(tab.GetByTestID("nope")).Within(short).ToMatchAriaSnapshot("- listitem: Two") }, `page: "nope" not found after 300ms`},
		{"screenshot", func() { pages.Expect(tab.Locator("#box")).Within(short).ToHaveScreenshot("box") }, `page: css "#box" not visible after 300ms`},
	} {
		start := time.Now()
		msg := ft.Run(c.assert)
		assert.Equal(t, c.want, msg, c.name)
		assert.Less(t, time.Since(start), 3*time.Second, "%s: polled the tab's 5s, not Within's 300ms", c.name)
	}
}

// Within lengthens every kind of assertion: with a tab timeout of 500ms, each passes on a page
// that gets there after 1.5s (loaded again for each), where the tab's timeout would fail it.
func TestWithinLonger(t *testing.T) {
	base := serveFixture(t)
	b := fixture.NewTestBrowser(t)
	ft := &testfail.T{}
	dir := t.TempDir()
	tab := openFixtureAs(t, ft, b, "/late.html?ms=0", pages.TabOptions{BaseURL: base, Timeout: 3 * time.Second,
		Snapshots: pages.Snapshots{Dir: dir, Update: "missing", Suite: "fixture", Flow: "late"}})
	pages.Expect(tab.GetByRole("status")).ToHaveText("Ready")
	msg := ft.Run(func() { pages.Expect(tab.Locator("#box")).ToHaveScreenshot("box") })
	require.Contains(t, msg, filepath.Join("late", "box-"+runtime.GOOS+".png")+": wrote the screenshot there", "the baseline, once the box shows")

	within := 6 * time.Second
	for _, c := range []struct {
		name   string
		assert func()
	}{
		{"text", func() { pages.Expect(tab.GetByRole("status")).Within(within).ToHaveText("Ready") }},
		{"not", func() { pages.Expect(tab.GetByRole("status")).Not().Within(within).ToHaveText("Waiting") }},
		{"list", func() { pages.Expect(tab.Locator("#late-list li")).Within(within).ToHaveTexts("One", "Two") }},
		{"page", func() { pages.ExpectPage(tab).Within(within).ToHaveTitle("Ready") }},
		{"page URL", func() { pages.ExpectPage(tab).Within(within).ToHaveURLMatching(regexp.MustCompile(`#ready$`)) }},
		{"aria", func() { pages.Expect(tab.Locator("#late-list")).Within(within).ToMatchAriaSnapshot("- listitem: Two") }},
		{"screenshot", func() { pages.Expect(tab.Locator("#box")).Within(within).ToHaveScreenshot("box") }},
		// axe gets at least 10s: a shorter Within leaves it that.
		{"axe keeps its least time", func() {
			pages.Expect(tab.Locator("#pic")).Within(time.Millisecond).ToPassAxe(pages.AxeOptions{Rules: []string{"image-alt"}})
		}},
	} {
		tab.SetDefaultTimeout(3 * time.Second)
		require.Empty(t, ft.Run(func() { tab.Goto("/late.html?ms=1500") }), c.name)
		tab.SetDefaultTimeout(500 * time.Millisecond)
		assert.Empty(t, ft.Run(c.assert), c.name)
	}
}

// A timeout that is not positive is a mistake in the flow: it fails at once, saying so.
func TestWithinNotPositive(t *testing.T) {
	base := serveFixture(t)
	b := fixture.NewTestBrowser(t)
	ft := &testfail.T{}
	tab := openFixtureAs(t, ft, b, "/late.html?ms=0", pages.TabOptions{BaseURL: base, Timeout: 5 * time.Second})
	after := false
	msg := ft.Run(func() {
		pages.Expect(tab.GetByRole("status")).Within(0).ToHaveText("Ready")
		after = true
	})
	require.Equal(t, `Expect(status).Within(0s): the timeout must be positive: give how long the assertion may poll, as Within(5 * time.Second)`, msg)
	require.False(t, after)
	msg = ft.Run(func() { pages.ExpectPage(tab).Within(-time.Second).ToHaveTitle("Ready") })
	require.Equal(t, `ExpectPage().Within(-1s): the timeout must be positive: give how long the assertion may poll, as Within(5 * time.Second)`, msg)
}
