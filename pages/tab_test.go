package pages_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/steps"
)

// TestTabOperations runs the page operations of a tab (history, waits for a URL and a load
// state, reload, evaluate, storage): what each does, that each is a step, and the line each
// fails with.
func TestTabOperations(t *testing.T) {
	base := serveFixture(t)
	b := fixture.NewTestBrowser(t)

	t.Run("history", func(t *testing.T) {
		log := steps.NewStepLog()
		s := openFixtureWith(t, b, "/fixture.html", pages.TabOptions{BaseURL: base, Timeout: 5 * time.Second, Steps: log})
		require.Equal(t, `page: go forward: no later page in the tab's history`, failure(s, s.GoForward))
		s.Goto("/nav.html")
		s.GoBack()
		pages.ExpectPage(s).ToHavePath("/fixture.html")
		require.Equal(t, "complete", s.Evaluate(`() => document.readyState`).Str(), "the page it went back to has loaded")
		s.GoForward()
		pages.ExpectPage(s).ToHavePath("/nav.html")
		pages.Expect(s.GetByRole("heading")).ToHaveText("Navigation fixture")

		// Routes of one document: nothing to load.
		s.GetByRole("link", pages.Name("Second route")).Click()
		pages.ExpectPage(s).ToHavePath("/nav.html#/second")
		s.GoBack()
		pages.ExpectPage(s).ToHavePath("/nav.html")
		s.GoForward()
		pages.ExpectPage(s).ToHavePath("/nav.html#/second")
		s.Goto("/app.html")
		s.GetByRole("link", pages.Name("Alice")).Click()
		pages.Expect(s.GetByRole("heading")).ToHaveText("Profile of alice")
		s.GoBack()
		pages.Expect(s.GetByRole("heading")).ToHaveText("Home")
		s.GoForward()
		pages.Expect(s.GetByRole("heading")).ToHaveText("Profile of alice")

		for failure(s, s.GoBack) == "" { // back to the tab's first page
		}
		require.Equal(t, `page: go back: no earlier page in the tab's history`, failure(s, s.GoBack))
		require.Contains(t, stepNames(log), "page: go back")
		require.Contains(t, stepNames(log), "page: go forward")
	})

	t.Run("wait for URL and load states", func(t *testing.T) {
		log := steps.NewStepLog()
		s := openFixtureWith(t, b, "/nav.html", pages.TabOptions{BaseURL: base, Timeout: 5 * time.Second, Steps: log})
		s.GetByRole("button", pages.Name("Go later")).Click()
		s.WaitForURL("**/app.html#/profile/*")
		pages.Expect(s.GetByRole("heading")).ToHaveText("Profile of bob")
		s.WaitForURL("/app.html#/profile/bob") // there already
		s.SetDefaultTimeout(short)
		require.Equal(t, `page: URL "/nav.html" not reached after 300ms; last seen "/app.html#/profile/bob"`, failure(s, func() { s.WaitForURL("/nav.html") }))
		require.Equal(t, `page: URL "**/app.html" not reached after 300ms; last seen "/app.html#/profile/bob"`, failure(s, func() { s.WaitForURL("**/app.html") }),
			"a glob matches the whole URL")

		// A page whose image comes after 3s: its URL is there long before its load.
		s.Goto("/nav.html")
		s.GetByRole("link", pages.Name("Slow page")).Click()
		s.SetDefaultTimeout(time.Second) // for the new document to come on a busy machine
		require.Equal(t, `page: URL "**/slow.html" reached, but the page did not finish loading after 1s`, failure(s, func() { s.WaitForURL("**/slow.html") }))
		s.SetDefaultTimeout(short)
		s.WaitForLoadState(pages.DOMContentLoaded)
		require.Equal(t, `page: load state "load" not reached after 300ms`, failure(s, func() { s.WaitForLoadState(pages.Load) }))
		require.Equal(t, `page: reload: the page did not finish loading after 300ms`, failure(s, s.Reload))
		s.SetDefaultTimeout(5 * time.Second)
		s.WaitForLoadState(pages.Load)
		require.Equal(t, "complete", s.Evaluate(`() => document.readyState`).Str())

		// The network goes idle 500ms after the call the page makes once loaded has answered.
		s.Goto("/idle.html")
		s.WaitForLoadState(pages.NetworkIdle)
		require.Equal(t, "Called", s.GetByRole("status").InnerText(), "idle after the call answered")
		s.WaitForLoadState(pages.NetworkIdle) // idle already: at once
		s.SetDefaultTimeout(time.Second)
		s.Goto("/idle.html?busy=1")
		require.Equal(t, `page: load state "networkidle" not reached after 1s`, failure(s, func() { s.WaitForLoadState(pages.NetworkIdle) }))
		require.Equal(t, `page: unknown load state "idle" (load, domcontentloaded or networkidle)`, failure(s, func() { s.WaitForLoadState("idle") }))

		names := stepNames(log)
		require.Contains(t, names, `page: wait for URL "**/app.html#/profile/*"`)
		require.Contains(t, names, `page: wait for load state networkidle`)
		require.Contains(t, names, `page: reload`)
	})

	t.Run("evaluate, reload and storage", func(t *testing.T) {
		log := steps.NewStepLog()
		s := openFixtureWith(t, b, "/fixture.html", pages.TabOptions{BaseURL: base, Timeout: 5 * time.Second, Steps: log})
		require.Equal(t, 5, s.Evaluate(`(a, b) => a + b`, 2, 3).Int())
		require.Equal(t, 201, s.Evaluate(`async () => (await fetch("api/echo?status=201&msg=x")).status`).Int())
		require.Equal(t, `{"a":[1,"x"]}`, s.Evaluate(`(x) => ({a: [1, x]})`, "x").JSON("", ""))
		require.Equal(t, "Locator fixture", s.Title())

		local, session := s.LocalStorage(), s.SessionStorage()
		local.Set("token", "abc")
		local.Set("other", "1")
		session.Set("tab", "one")
		require.Equal(t, "abc", local.Get("token"))
		require.Equal(t, "", local.Get("missing"))
		require.Equal(t, "", session.Get("token"), "the areas are apart")
		s.Evaluate(`() => { window.marker = 1 }`)
		s.Reload()
		require.True(t, s.Evaluate(`() => window.marker === undefined`).Bool(), "a reload starts the page afresh")
		require.Equal(t, "abc", local.Get("token"))
		require.Equal(t, "one", session.Get("tab"))
		local.Remove("token")
		require.Equal(t, "", local.Get("token"))
		require.Equal(t, "1", local.Get("other"))
		local.Clear()
		session.Clear()
		require.Equal(t, "", local.Get("other"))
		require.Equal(t, "", session.Get("tab"))

		require.Equal(t, `page: evaluate () => { throw new Error("boom") }: Error: boom`, failure(s, func() { s.Evaluate(`() => { throw new Error("boom") }`) }))
		names := stepNames(log)
		require.Contains(t, names, `page: evaluate (a, b) => a + b`)
		require.Contains(t, names, `page: localStorage set "token"`)
		require.Contains(t, names, `page: sessionStorage clear`)

		blank := openFixture(t, b, base, "about:blank", short)
		require.Equal(t, `page: localStorage get "x": SecurityError: Failed to read the 'localStorage' property from 'Window': Access is denied for this document.`,
			failure(blank, func() { blank.LocalStorage().Get("x") }))
	})
}

// stepNames lists the names of the steps of log.
func stepNames(log *steps.StepLog) []string {
	var names []string
	for _, st := range log.Steps() {
		names = append(names, st.Name)
	}
	return names
}
