package pages_test

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/internal/testfail"
	"github.com/e2e-dev/e2e/pages"
)

// TestExpect checks every web-first assertion, plain and negated: each passes once the page
// gets there, and fails with the line saying what was expected, what was last seen and for how
// long it was polled.
func TestExpect(t *testing.T) {
	base := serveFixture(t)
	b := fixture.NewTestBrowser(t)

	t.Run("pass", func(t *testing.T) {
		s := openFixture(t, b, base, "/fixture.html", 5*time.Second)
		status := s.GetByRole("status")
		s.GetByRole("button", pages.Name("Call API", pages.Exact())).Click()
		pages.Expect(status).ToHaveText("Saved") // the page writes it after the API answers
		pages.Expect(status).ToContainText("ave")
		pages.Expect(status).ToHaveTextMatching(regexp.MustCompile(`^S\w+d$`))
		pages.Expect(status).Not().ToHaveText("Idle")
		pages.Expect(status).ToHaveClass("status idle")
		pages.Expect(status).Not().ToHaveClass("idle")
		pages.Expect(status).ToContainClass("idle")
		pages.Expect(status).Not().ToContainClass("busy")
		pages.Expect(status).ToHaveAttribute("role", "status")
		pages.Expect(status).Not().ToHaveAttribute("role", "alert")
		pages.Expect(s.GetByTestID("only-button")).ToBeVisible()
		pages.Expect(s.GetByTestID("only-button")).ToBeEnabled()
		pages.Expect(s.Locator("#hidden-btn")).ToBeHidden()
		pages.Expect(s.Locator("#nope")).ToBeHidden()
		pages.Expect(s.Locator("#hidden-btn")).Not().ToBeVisible()
		pages.Expect(s.GetByRole("button", pages.Name("Disabled"))).ToBeDisabled()
		pages.Expect(s.GetByRole("button", pages.Name("Disabled"))).Not().ToBeEnabled()
		pages.Expect(s.GetByLabel("I agree")).Not().ToBeChecked()
		pages.Expect(s.GetByRole("listitem")).ToHaveCount(3)
		pages.Expect(s.GetByRole("listitem")).Not().ToHaveCount(2)
		pages.Expect(s.GetByLabel("Email")).ToHaveValue("")
		s.GetByLabel("Email").Fill("ann@example.test")
		pages.Expect(s.GetByLabel("Email")).ToHaveValue("ann@example.test")
		pages.Expect(s.GetByLabel("Email")).Not().ToHaveValue("")
		pages.ExpectPage(s).ToHaveTitle("Locator fixture")
		pages.ExpectPage(s).ToHaveURL(base + "/fixture.html")
		pages.ExpectPage(s).ToHavePath("/fixture.html")
		pages.ExpectPage(s).Not().ToHavePath("/")
	})

	t.Run("hash routes", func(t *testing.T) {
		s := openFixture(t, b, base, "/app.html", 5*time.Second)
		pages.Expect(s.GetByRole("heading")).ToHaveText("Home")
		s.GetByRole("link", pages.Name("Alice")).Click()
		pages.ExpectPage(s).ToHavePath("/app.html#/profile/alice")
		pages.ExpectPage(s).ToHaveURLMatching(regexp.MustCompile(`#/profile/\w+$`))
		pages.ExpectPage(s).ToHaveTitle("Profile alice")
		pages.ExpectPage(s).Not().ToHaveTitle("Mini app")
		pages.Expect(s.GetByRole("heading")).ToHaveText("Profile of alice")
	})

	t.Run("fail", func(t *testing.T) {
		s := openFixture(t, b, base, "/fixture.html", short)
		status := s.GetByRole("status")
		for _, c := range []struct {
			name   string
			assert func()
			want   string
		}{
			{"text", func() { pages.Expect(status).ToHaveText("Done") }, `page: expected status to have text "Done", last seen "Idle" (polled 300ms)`},
			{"not text", func() { pages.Expect(status).Not().ToHaveText("Idle") }, `page: expected status not to have text "Idle", last seen "Idle" (polled 300ms)`},
			{"contains", func() { pages.Expect(status).ToContainText("Don") }, `page: expected status to contain text "Don", last seen "Idle" (polled 300ms)`},
			{"not contains", func() { pages.Expect(status).Not().ToContainText("dl") }, `page: expected status not to contain text "dl", last seen "Idle" (polled 300ms)`},
			{"matching", func() { pages.Expect(status).ToHaveTextMatching(regexp.MustCompile(`^D`)) }, `page: expected status to have text matching /^D/, last seen "Idle" (polled 300ms)`},
			{"not matching", func() { pages.Expect(status).Not().ToHaveTextMatching(regexp.MustCompile(`^I`)) }, `page: expected status not to have text matching /^I/, last seen "Idle" (polled 300ms)`},
			{"value", func() { pages.Expect(s.GetByLabel("Email")).ToHaveValue("x") }, `page: expected field labelled "Email" to have value "x", last seen "" (polled 300ms)`},
			{"not value", func() { pages.Expect(s.GetByLabel("Email")).Not().ToHaveValue("") }, `page: expected field labelled "Email" not to have value "", last seen "" (polled 300ms)`},
			{"visible", func() { pages.Expect(s.Locator("#hidden-btn")).ToBeVisible() }, `page: expected css "#hidden-btn" to be visible, last seen hidden (polled 300ms)`},
			{"visible, nothing", func() { pages.Expect(s.GetByTestID("nope")).ToBeVisible() }, `page: expected "nope" to be visible, last seen nothing matching (polled 300ms)`},
			{"not visible", func() { pages.Expect(status).Not().ToBeVisible() }, `page: expected status not to be visible, last seen visible (polled 300ms)`},
			{"hidden", func() { pages.Expect(status).ToBeHidden() }, `page: expected status to be hidden, last seen visible (polled 300ms)`},
			{"not hidden", func() { pages.Expect(s.Locator("#hidden-btn")).Not().ToBeHidden() }, `page: expected css "#hidden-btn" not to be hidden, last seen hidden (polled 300ms)`},
			{"enabled", func() { pages.Expect(s.Locator("#disabled-btn")).ToBeEnabled() }, `page: expected css "#disabled-btn" to be enabled, last seen disabled (polled 300ms)`},
			{"not enabled", func() { pages.Expect(s.Locator("#only")).Not().ToBeEnabled() }, `page: expected css "#only" not to be enabled, last seen enabled (polled 300ms)`},
			{"disabled", func() { pages.Expect(s.Locator("#only")).ToBeDisabled() }, `page: expected css "#only" to be disabled, last seen enabled (polled 300ms)`},
			{"not disabled", func() { pages.Expect(s.Locator("#disabled-btn")).Not().ToBeDisabled() }, `page: expected css "#disabled-btn" not to be disabled, last seen disabled (polled 300ms)`},
			{"checked", func() { pages.Expect(s.GetByLabel("I agree")).ToBeChecked() }, `page: expected field labelled "I agree" to be checked, last seen unchecked (polled 300ms)`},
			{"not checked", func() {
				s.SetDefaultTimeout(5 * time.Second) // the click is setup, not what is tested
				s.GetByLabel("I agree").Check()
				s.SetDefaultTimeout(short)
				pages.Expect(s.GetByLabel("I agree")).Not().ToBeChecked()
			}, `page: expected field labelled "I agree" not to be checked, last seen checked (polled 300ms)`},
			{"count", func() { pages.Expect(s.GetByRole("listitem")).ToHaveCount(4) }, `page: expected listitem to have count 4, last seen 3 (polled 300ms)`},
			{"not count", func() { pages.Expect(s.GetByRole("listitem")).Not().ToHaveCount(3) }, `page: expected listitem not to have count 3, last seen 3 (polled 300ms)`},
			{"attribute", func() { pages.Expect(status).ToHaveAttribute("role", "alert") }, `page: expected status to have attribute role="alert", last seen role="status" (polled 300ms)`},
			{"attribute missing", func() { pages.Expect(status).ToHaveAttribute("aria-live", "polite") }, `page: expected status to have attribute aria-live="polite", last seen no aria-live (polled 300ms)`},
			{"not attribute", func() { pages.Expect(status).Not().ToHaveAttribute("role", "status") }, `page: expected status not to have attribute role="status", last seen role="status" (polled 300ms)`},
			{"class", func() { pages.Expect(status).ToHaveClass("busy") }, `page: expected status to have class "busy", last seen class "status idle" (polled 300ms)`},
			{"class, not the whole", func() { pages.Expect(status).ToHaveClass("idle") }, `page: expected status to have class "idle", last seen class "status idle" (polled 300ms)`},
			{"not class", func() { pages.Expect(status).Not().ToHaveClass("status  idle") }, `page: expected status not to have class "status idle", last seen class "status idle" (polled 300ms)`},
			{"contain class", func() { pages.Expect(status).ToContainClass("idle busy") }, `page: expected status to contain class "idle busy", last seen class "status idle" (polled 300ms)`},
			{"not contain class", func() { pages.Expect(status).Not().ToContainClass("idle") }, `page: expected status not to contain class "idle", last seen class "status idle" (polled 300ms)`},
			{"strict", func() { pages.Expect(s.GetByText("Buy")).ToHaveText("Buy") }, `page: text "Buy" matches 3 elements: <button> button "Buy" in listitem "Milk" (Nth(0), or within GetByRole("listitem").FilterHasText("Milk")), <button> button "Buy" in listitem "Bread" (Nth(1), or within GetByRole("listitem").FilterHasText("Bread")), <button> button "Buy" in listitem "Eggs" (Nth(2), or within GetByRole("listitem").FilterHasText("Eggs")); pick one with First, Last, Nth or a narrower locator`},
			{"url", func() { pages.ExpectPage(s).ToHaveURL(base + "/") }, `page: expected page to have URL "` + base + `/", last seen "` + base + `/fixture.html" (polled 300ms)`},
			{"not url", func() { pages.ExpectPage(s).Not().ToHaveURL(base + "/fixture.html") }, `page: expected page not to have URL "` + base + `/fixture.html", last seen "` + base + `/fixture.html" (polled 300ms)`},
			{"url matching", func() { pages.ExpectPage(s).ToHaveURLMatching(regexp.MustCompile(`#/`)) }, `page: expected page to have URL matching /#//, last seen "` + base + `/fixture.html" (polled 300ms)`},
			{"not url matching", func() { pages.ExpectPage(s).Not().ToHaveURLMatching(regexp.MustCompile(`fixture`)) }, `page: expected page not to have URL matching /fixture/, last seen "` + base + `/fixture.html" (polled 300ms)`},
			{"path", func() { pages.ExpectPage(s).ToHavePath("/app.html#/profile/alice") }, `page: expected page to have path "/app.html#/profile/alice", last seen "/fixture.html" (polled 300ms)`},
			{"not path", func() { pages.ExpectPage(s).Not().ToHavePath("/fixture.html") }, `page: expected page not to have path "/fixture.html", last seen "/fixture.html" (polled 300ms)`},
			{"title", func() { pages.ExpectPage(s).ToHaveTitle("Shop") }, `page: expected page to have title "Shop", last seen "Locator fixture" (polled 300ms)`},
			{"not title", func() { pages.ExpectPage(s).Not().ToHaveTitle("Locator fixture") }, `page: expected page not to have title "Locator fixture", last seen "Locator fixture" (polled 300ms)`},
		} {
			assert.Equal(t, c.want, failure(s, c.assert), c.name)
		}
	})

	t.Run("the browser's error page says what could not be loaded", func(t *testing.T) {
		s := openFixtureWith(t, b, "/fixture.html", pages.TabOptions{BaseURL: base, Timeout: 5 * time.Second})
		s.Evaluate(`() => { location.href = "http://127.0.0.1:1/login" }`) // nothing listens on port 1
		pages.ExpectPage(s).ToHaveURLMatching(regexp.MustCompile(`^chrome-error:`))
		s.SetDefaultTimeout(short)
		assert.Equal(t, `page: expected page to have path "/login", last seen the browser's error page: "http://127.0.0.1:1/login" could not be loaded (is the app running?) (polled 300ms)`,
			failure(s, func() { pages.ExpectPage(s).ToHavePath("/login") }))
	})

	t.Run("a failure keeps a screenshot of that moment", func(t *testing.T) {
		dir := t.TempDir()
		s := openFixtureWith(t, b, "/fixture.html", pages.TabOptions{BaseURL: base, Timeout: short, SaveScreenshot: func(shot []byte) (string, error) {
			path := filepath.Join(dir, "expect.png")
			return path, os.WriteFile(path, shot, 0o600)
		}})
		msg := failure(s, func() { pages.Expect(s.GetByRole("status")).ToHaveText("Done") })
		prefix := `page: expected status to have text "Done", last seen "Idle" (polled 300ms); screenshot: `
		require.True(t, strings.HasPrefix(msg, prefix), msg)
		shot, err := os.ReadFile(strings.TrimPrefix(msg, prefix))
		require.NoError(t, err)
		_, err = png.Decode(bytes.NewReader(shot))
		require.NoError(t, err)
	})

	t.Run("a failure fails the tab's flow once, and ends it", func(t *testing.T) {
		ft := &testfail.T{}
		s := openFixtureAs(t, ft, b, "/fixture.html", pages.TabOptions{BaseURL: base, Timeout: short})
		after := false
		msg := ft.Run(func() {
			pages.Expect(s.GetByRole("status")).ToHaveText("Done")
			after = true
		})
		require.Equal(t, `page: expected status to have text "Done", last seen "Idle" (polled 300ms)`, msg)
		require.False(t, after, "the flow stops at its failure")
		require.Empty(t, ft.Run(func() { pages.Expect(s.GetByRole("status")).ToHaveText("Idle") }))
	})
}
