package pages_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testfail"
	"github.com/e2e-dev/e2e/pages"
)

func TestToPassAxe(t *testing.T) {
	base := serveFixture(t)
	ft := &testfail.T{}
	tab := visualTab(t, ft, base, t.TempDir(), "", nil)
	wcag := pages.AxeOptions{Tags: []string{"wcag2a", "wcag2aa"}}
	require.Empty(t, ft.Run(func() {
		pages.Expect(tab.Locator("nav")).ToPassAxe(wcag)
		pages.Expect(tab.Locator("#bad")).Not().ToPassAxe(wcag)
		pages.ExpectPage(tab).ToPassAxe(pages.AxeOptions{Tags: wcag.Tags, Exclude: []string{"#bad"}})
		pages.ExpectPage(tab).ToPassAxe(pages.AxeOptions{Tags: wcag.Tags, DisableRules: []string{"image-alt", "label", "color-contrast"}})
		pages.ExpectPage(tab).Not().ToPassAxe()
		pages.ExpectPage(tab).ToPassAxe(pages.AxeOptions{Rules: []string{"document-title", "html-has-lang"}}) // not image-alt
		pages.ExpectPage(tab).Not().ToPassAxe(pages.AxeOptions{Rules: []string{"image-alt"}})
	}))
	msg := ft.Run(func() { pages.ExpectPage(tab).ToPassAxe(wcag) })
	require.Equal(t, `page: expected page to pass axe (wcag2a, wcag2aa), axe found 3 violation(s): `+
		`color-contrast (serious) at #faint: Element has insufficient color contrast of 2.32 (foreground color: #aaaaaa, `+
		`background color: #ffffff, font size: 12.0pt (16px), font weight: normal). Expected contrast ratio of 4.5:1 `+
		`https://dequeuniversity.com/rules/axe/4.14/color-contrast?application=axeAPI; `+
		`image-alt (critical) at img: Element does not have an alt attribute https://dequeuniversity.com/rules/axe/4.14/image-alt?application=axeAPI; `+
		`label (critical) at input[type="search"]: Element does not have an implicit (wrapped) <label> `+
		`https://dequeuniversity.com/rules/axe/4.14/label?application=axeAPI (polled 10s)`, msg)
	msg = ft.Run(func() { pages.Expect(tab.Locator("nav")).Not().ToPassAxe() })
	require.Equal(t, `page: expected css "nav" not to pass axe, axe found no violation (polled 10s)`, msg)
	msg = ft.Run(func() { pages.ExpectPage(tab).ToPassAxe(pages.AxeOptions{Tags: []string{"wcag3"}}) })
	require.Equal(t, "page: axe: unknown tag `wcag3` (axe-core 4.14.1's tags: wcag2a, wcag2aa, wcag21aa, best-practice, ...)", msg)
	msg = ft.Run(func() { pages.ExpectPage(tab).ToPassAxe(pages.AxeOptions{Rules: []string{"image-alt", "alt-text"}}) })
	require.Equal(t, "page: axe: unknown rule `alt-text` (axe-core 4.14.1's rule ids: image-alt, label, color-contrast, ...)", msg)
	msg = ft.Run(func() {
		pages.ExpectPage(tab).ToPassAxe(pages.AxeOptions{Tags: wcag.Tags, Rules: []string{"image-alt"}})
	})
	require.Equal(t, "page: axe: AxeOptions has both Tags and Rules: give one (Rules runs those rules whatever their tags)", msg)
}

func TestToMatchAriaSnapshot(t *testing.T) {
	base := serveFixture(t)
	ft := &testfail.T{}
	dir := t.TempDir()
	tab := visualTab(t, ft, base, dir, "missing", nil)
	nav := tab.GetByRole("navigation")
	require.Empty(t, ft.Run(func() {
		pages.Expect(nav).ToMatchAriaSnapshot(`
- navigation "Main":
  - list:
    - listitem:
      - link "Home"
    - listitem:
      - link /About/:
        - /url: /about`)
		pages.Expect(nav).ToMatchAriaSnapshot(`- link "About us"`)
		pages.Expect(nav).Not().ToMatchAriaSnapshot(`- link "Contact"`)
		// The page changes after the check began: it waits.
		tab.Evaluate(`() => setTimeout(() => document.querySelector("nav a").textContent = "Start", 200)`)
		pages.Expect(nav).ToMatchAriaSnapshot(`- link "Start"`)
	}))
	var snap string
	require.Empty(t, ft.Run(func() {
		snap = nav.AriaSnapshot()
		pages.Expect(nav).ToMatchAriaSnapshot(snap) // what it returns is a snapshot that matches
	}))
	navTree := `- navigation "Main":
  - list:
    - listitem:
      - link "Start":
        - /url: /home
    - listitem:
      - link "About us":
        - /url: /about`
	require.Equal(t, navTree, snap)
	msg := ft.Run(func() { tab.Locator("#nothing").AriaSnapshot() })
	require.Equal(t, `page: css "#nothing" not found after 3s`, msg)
	msg = ft.Run(func() { pages.Expect(nav).ToMatchAriaSnapshot(`- link "Contact"`) })
	require.Equal(t, "page: expected navigation to match the ARIA snapshot (polled 3s); the tree is:\n"+navTree, msg)
	msg = ft.Run(func() { pages.Expect(nav).ToMatchAriaSnapshot(`- link [level=x]`) })
	require.Equal(t, `page: aria snapshot: line 1: the value of "level" is a number in "link [level=x]"`, msg)

	// In a file: written when missing (the flow fails, going on), then matched, then failed,
	// then written again under "all".
	path := filepath.Join(dir, "fixture", "Card-looks-right", "nav-"+runtime.GOOS+".aria.yml")
	after := false
	msg = ft.Run(func() {
		pages.Expect(nav).ToMatchAriaSnapshotFile("nav")
		after = true
	})
	require.Equal(t, "page: no snapshot at "+path+": wrote the accessibility tree there; check it, keep it with the suite, and run again", msg)
	require.True(t, after)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(b), "- navigation \"Main\":\n")
	require.Empty(t, ft.Run(func() { pages.Expect(nav).ToMatchAriaSnapshotFile("nav") }))
	tab.Evaluate(`() => { document.querySelector("nav a").textContent = "Begin" }`)
	msg = ft.Run(func() { pages.Expect(nav).ToMatchAriaSnapshotFile("nav") })
	require.Contains(t, msg, `page: expected navigation to match the ARIA snapshot "nav" (polled 3s); the tree is:`)
	require.Contains(t, msg, `link "Begin"`)
	all := visualTab(t, ft, base, dir, "all", nil)
	all.Evaluate(`() => { document.querySelector("nav a").textContent = "Begin" }`)
	require.Empty(t, ft.Run(func() { pages.Expect(all.GetByRole("navigation")).ToMatchAriaSnapshotFile("nav") }))
	b, err = os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(b), `link "Begin"`)
	require.Empty(t, ft.Run(func() { pages.Expect(nav).ToMatchAriaSnapshotFile("nav") }))
}
