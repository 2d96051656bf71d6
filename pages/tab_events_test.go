package pages_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/browsertest"
	"github.com/e2e-dev/e2e/internal/testfail"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/steps"
)

// tabsFixture is the tabs page of the fixture site open in a fresh context of a browser, in a
// tab that handles dialogs and downloads as a flow's does, and fails ft.
type tabsFixture struct {
	tab   *pages.Tab
	steps *steps.StepLog
	dir   string // where the downloads are kept
}

func openTabs(t *testing.T, ft steps.TestingT, b *browser.Browser, base string) *tabsFixture {
	t.Helper()
	bc, page := freshPage(t, b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	log := steps.NewStepLog()
	dialogs, err := browser.WatchDialogs(page, 10*time.Second, func(d *browser.Dialog) {
		log.Note("page: dialog " + d.String() + " dismissed (no ExpectDialog)")
	})
	require.NoError(t, err)
	t.Cleanup(dialogs.Close)
	downloads, err := bc.Downloads(ctx, t.TempDir())
	require.NoError(t, err)
	t.Cleanup(downloads.Close)
	fx := &tabsFixture{steps: log, dir: filepath.Join(t.TempDir(), "downloads")}
	fx.tab = pages.NewTab(ft, page, pages.TabOptions{BaseURL: base, Steps: log, Timeout: 10 * time.Second,
		Context: bc, Dialogs: dialogs, Downloads: downloads, DownloadsDir: fx.dir})
	require.NoError(t, fx.tab.Try(func() { fx.tab.Goto("/tabs.html") }))
	return fx
}

// stepNames are the names of the steps the fixture's tab logged.
func (fx *tabsFixture) stepNames() []string {
	var out []string
	for _, s := range fx.steps.Steps() {
		out = append(out, s.Name)
	}
	return out
}

// TestTabEvents: dialogs (dismissed unasked, with a step; accepted, answered; an alert), a popup
// in the same context (a link's, window.open's), a download kept with its name, size and bytes, a file chooser and
// SetInputFiles (paths, memory, several, none), and the clock, each passing and failing with its
// line, on a local browser and over CDP.
func TestTabEvents(t *testing.T) {
	base := serveFixture(t)
	note := filepath.Join(t.TempDir(), "note.json")
	require.NoError(t, os.WriteFile(note, []byte(`{"a":1}`), 0o644))
	for name, b := range fixtureBrowsers(t) {
		t.Run(name, func(t *testing.T) {
			ft := &testfail.T{}
			fx := openTabs(t, ft, b, base)
			tab := fx.tab
			out := tab.Locator("#out")
			require.Empty(t, ft.Run(func() {
				// Dialogs: dismissed by default, with a step; expected, accepted or answered.
				tab.Locator("#confirm").Click()
				pages.Expect(out).ToHaveText("kept")
				d := tab.ExpectDialog(func() { tab.Locator("#confirm").Click() })
				require.Equal(t, "confirm Delete Emma?", d.Type+" "+d.Message)
				d.Accept()
				pages.Expect(out).ToHaveText("deleted")
				d = tab.ExpectDialog(func() { tab.Locator("#prompt").Click() })
				require.Equal(t, "prompt Emma", d.Type+" "+d.DefaultValue)
				d.Accept("Ann")
				pages.Expect(out).ToHaveText("renamed to Ann")
				tab.ExpectDialog(func() { tab.Locator("#prompt").Click() }).Dismiss()
				pages.Expect(out).ToHaveText("renamed to null")

				// A popup: a tab of the same context, with its page's storage.
				tab.LocalStorage().Set("who", "ann")
				pop := tab.ExpectPopup(func() { tab.GetByRole("link", pages.Name("Open Alice in a new tab")).Click() })
				pages.Expect(pop.GetByRole("heading", pages.Name("Profile of alice"))).ToBeVisible()
				require.Equal(t, "ann", pop.LocalStorage().Get("who"))
				// An alert, then a popup window.open made.
				d = tab.ExpectDialog(tab.GetByRole("link", pages.Name("Open Bob in a window")).Click)
				require.Equal(t, "alert Opening Bob", d.Type+" "+d.Message)
				pop = tab.ExpectPopup(func() { d.Accept() }) // the page opens it once the alert closes
				pages.Expect(pop.GetByRole("heading", pages.Name("Profile of bob"))).ToBeVisible()

				// Downloads: one the page makes from a blob, one an <a download> saves.
				csv := tab.ExpectDownload(func() { tab.GetByRole("button", pages.Name("Export CSV")).Click() })
				require.Equal(t, "shelf.csv", csv.SuggestedName)
				require.Equal(t, "title,year\nEmma,1815\n", string(csv.Bytes()))
				require.EqualValues(t, 21, csv.Size)
				require.Equal(t, filepath.Join(fx.dir, "shelf.csv"), csv.Path)
				kept, err := os.ReadFile(csv.Path)
				require.NoError(t, err)
				require.Equal(t, csv.Bytes(), kept)
				again := tab.ExpectDownload(func() { tab.GetByRole("button", pages.Name("Export CSV")).Click() })
				require.Equal(t, filepath.Join(fx.dir, "shelf-2.csv"), again.Path, "a second of the same name is kept beside the first")
				cp := tab.ExpectDownload(func() { tab.GetByText("Save a copy").Click() })
				require.Equal(t, "copy.html", cp.SuggestedName)
				require.Contains(t, string(cp.Bytes()), "<")

				// Files: a chooser opened by a button, then inputs set directly.
				fc := tab.ExpectFileChooser(func() { tab.GetByRole("button", pages.Name("Upload cover")).Click() })
				require.False(t, fc.Multiple)
				fc.SetFiles(pages.File{Name: "cover.txt", MIMEType: "text/x-cover", Bytes: []byte("CV")})
				pages.Expect(out).ToHaveText("hidden: cover.txt text/x-cover 2 CV")
				tab.GetByLabel("Several files").SetInputFiles(pages.File{Path: note}, pages.File{Name: "b.json", Bytes: []byte("[]")})
				pages.Expect(out).ToHaveText(`many: note.json application/json 7 {"a":1} | b.json application/json 2 []`)
				tab.GetByLabel("Several files").SetInputFiles()
				pages.Expect(out).ToHaveText("many: none")
			}))
			names := strings.Join(fx.stepNames(), "\n")
			require.Contains(t, names, `page: dialog confirm "Delete Emma?" dismissed (no ExpectDialog)`)
			require.Contains(t, names, `page: answer "Ann" to the prompt "New name?"`)
			require.Contains(t, names, `page: dismiss the prompt "New name?"`)
			require.Contains(t, names, `page: download "shelf.csv"`)
			require.Contains(t, names, `page: set note.json, b.json in field labelled "Several files"`)
			require.Contains(t, names, `page: choose cover.txt`)

			// Each expectation fails when its action causes nothing, with one line.
			tab.SetDefaultTimeout(500 * time.Millisecond)
			quiet := func() {} // an action that causes nothing
			require.Equal(t, "page: expect a dialog: no dialog within 500ms", ft.Run(func() { tab.ExpectDialog(quiet) }))
			require.Equal(t, "page: expect a popup: no popup within 500ms", ft.Run(func() { tab.ExpectPopup(quiet) }))
			require.Equal(t, "page: expect a download: no download within 500ms", ft.Run(func() { tab.ExpectDownload(quiet) }))
			require.Equal(t, "page: expect a file chooser: no file chooser within 500ms", ft.Run(func() { tab.ExpectFileChooser(quiet) }))
			require.Equal(t, `page: button "Nope" not found after 500ms; closest: button "Rename", button "Delete", button "Nothing"`,
				ft.Run(func() { tab.ExpectDialog(func() { tab.GetByRole("button", pages.Name("Nope")).Click() }) }), "the action's own failure")
			require.Equal(t, `page: set a.txt, b.txt in field labelled "One file": the input takes one file (it has no "multiple"), not 2`,
				ft.Run(func() {
					tab.GetByLabel("One file").SetInputFiles(pages.File{Name: "a.txt"}, pages.File{Name: "b.txt"})
				}))
		})
	}
}

// TestTabClock: installed before the page loads, the clock starts the page at its time; a
// timer due in an hour fires once fast-forwarded; paused, it reads the time it was paused at;
// resumed, it flows again. Used before Install, it fails saying so.
func TestTabClock(t *testing.T) {
	base := serveFixture(t)
	start := time.Date(2030, 3, 14, 9, 0, 0, 0, time.UTC)
	for name, b := range fixtureBrowsers(t) {
		t.Run(name, func(t *testing.T) {
			ft := &testfail.T{}
			fx := openTabs(t, ft, b, base)
			tab := fx.tab
			require.Equal(t, "page: clock: not installed: call Clock().Install(t) first", ft.Run(func() { tab.Clock().FastForward(time.Hour) }))
			require.Empty(t, ft.Run(func() {
				tab.Clock().Install(start)
				tab.Reload()
				pages.Expect(tab.Locator("#due")).ToHaveText("not due")
				tab.Clock().FastForward(2 * time.Hour)
				// The page read its start at load, a moment after the clock's: due within a second of 10:00.
				pages.Expect(tab.Locator("#due")).ToContainText("due since 2030-03-14T10:00:0")
				tab.Clock().PauseAt(start.Add(3 * time.Hour))
				require.Equal(t, start.Add(3*time.Hour), tab.Clock().Now())
				tab.Clock().Resume()
				require.Eventually(t, func() bool { return tab.Clock().Now().After(start.Add(3 * time.Hour)) },
					5*time.Second, 50*time.Millisecond, "resumed, it flows again")
			}))
			require.Equal(t, "page: clock: installed already", ft.Run(func() { tab.Clock().Install(start) }))
		})
	}
}

// TestTabBeforeUnload: leaving a page that asks first is held there, the dialog dismissed with
// a step, unless the flow expects it and accepts; a page that does not ask fails ExpectDialog
// with its line. Locally and over CDP.
func TestTabBeforeUnload(t *testing.T) {
	base := serveFixture(t)
	for name, b := range fixtureBrowsers(t) {
		t.Run(name, func(t *testing.T) {
			ft := &testfail.T{}
			fx := openTabs(t, ft, b, base)
			tab := fx.tab
			leave := tab.GetByRole("link", pages.Name("Leave"))
			require.Empty(t, ft.Run(func() {
				tab.Goto("/tabs.html?guard")
				tab.Locator("#quiet").Click() // a user gesture arms beforeunload
				leave.Click()
				pages.ExpectPage(tab).ToHaveURL(base + "/tabs.html?guard") // dismissed: the page stays
				d := tab.ExpectDialog(leave.Click)
				require.Equal(t, "beforeunload", d.Type)
				d.Accept()
				pages.ExpectPage(tab).ToHavePath("/fixture.html")
			}))
			names := strings.Join(fx.stepNames(), "\n")
			require.Contains(t, names, `page: dialog beforeunload "" dismissed (no ExpectDialog)`)
			require.Contains(t, names, `page: accept the beforeunload ""`)

			tab.SetDefaultTimeout(500 * time.Millisecond)
			require.Empty(t, ft.Run(func() { tab.Goto("/tabs.html") }))
			require.Equal(t, "page: expect a dialog: no dialog within 500ms", ft.Run(func() { tab.ExpectDialog(leave.Click) }),
				"a page that does not ask before it unloads")
		})
	}
}

// TestTabNamesLeadTheirSteps: a tab with a name says so in each of its steps and failures.
func TestTabNamesLeadTheirSteps(t *testing.T) {
	base := serveFixture(t)
	_, page := freshPage(t, fixtureBrowsers(t)["local"])
	log := steps.NewStepLog()
	tab := pages.NewTab(t, page, pages.TabOptions{BaseURL: base, Steps: log, Name: "tab 2"})
	tab.Goto("/tabs.html")
	pages.Expect(tab.GetByRole("heading", pages.Name("Tabs"))).ToBeVisible()
	require.Equal(t, "tab 2", tab.Name())
	var names []string
	for _, s := range log.Steps() {
		names = append(names, s.Name)
	}
	require.Equal(t, []string{"[tab 2] page: open /tabs.html", `[tab 2] page: expect heading "Tabs" to be visible`}, names)

	ft := &testfail.T{}
	failing := pages.NewTab(ft, page, pages.TabOptions{BaseURL: base, Name: "tab 2", Timeout: 500 * time.Millisecond})
	require.Equal(t, `[tab 2] page: button "Nope" not found after 500ms; closest: button "Rename", button "Delete", button "Nothing"`,
		ft.Run(func() { failing.GetByRole("button", pages.Name("Nope")).Click() }), "its failures too")
}

// A click that closes its own window (a popup's "Done") succeeds: the window closing is the
// click's effect, though the closed tab's calls end before the click's answer comes (about one
// click in four here, so ten of them fail without it).
func TestClickThatClosesItsWindow(t *testing.T) {
	base := browsertest.Serve(t, map[string]string{
		"/":     `<!doctype html><title>Opener</title><a href="/done" target="_blank">Open</a>`,
		"/done": `<!doctype html><title>Popup</title><button onclick="window.close()">Done</button>`,
	})
	for name, b := range fixtureBrowsers(t) {
		t.Run(name, func(t *testing.T) {
			bc, page := freshPage(t, b)
			ft := &testfail.T{}
			tab := pages.NewTab(ft, page, pages.TabOptions{BaseURL: base, Timeout: 10 * time.Second, Context: bc})
			require.Empty(t, ft.Run(func() {
				tab.Goto("/")
				for range 10 {
					pop := tab.ExpectPopup(func() { tab.GetByRole("link", pages.Name("Open")).Click() })
					pop.GetByRole("button", pages.Name("Done")).Click()
				}
			}))
		})
	}
}
