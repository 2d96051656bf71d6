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
		require.NoError(t, s.GetByRole("button", pages.Name("Call API", pages.Exact())).Click())
		pages.Expect(t, status).ToHaveText("Saved") // the page writes it after the API answers
		pages.Expect(t, status).ToContainText("ave")
		pages.Expect(t, status).ToHaveTextMatching(regexp.MustCompile(`^S\w+d$`))
		pages.Expect(t, status).Not().ToHaveText("Idle")
		pages.Expect(t, status).ToHaveClass("idle")
		pages.Expect(t, status).Not().ToHaveClass("busy")
		pages.Expect(t, status).ToHaveAttribute("role", "status")
		pages.Expect(t, status).Not().ToHaveAttribute("role", "alert")
		pages.Expect(t, s.GetByTestID("only-button")).ToBeVisible()
		pages.Expect(t, s.GetByTestID("only-button")).ToBeEnabled()
		pages.Expect(t, s.Locator("#hidden-btn")).ToBeHidden()
		pages.Expect(t, s.Locator("#nope")).ToBeHidden()
		pages.Expect(t, s.Locator("#hidden-btn")).Not().ToBeVisible()
		pages.Expect(t, s.GetByRole("button", pages.Name("Disabled"))).ToBeDisabled()
		pages.Expect(t, s.GetByRole("button", pages.Name("Disabled"))).Not().ToBeEnabled()
		pages.Expect(t, s.GetByLabel("I agree")).Not().ToBeChecked()
		pages.Expect(t, s.GetByRole("listitem")).ToHaveCount(3)
		pages.Expect(t, s.GetByRole("listitem")).Not().ToHaveCount(2)
		pages.Expect(t, s.GetByLabel("Email")).ToHaveValue("")
		require.NoError(t, s.GetByLabel("Email").Fill("ann@example.test"))
		pages.Expect(t, s.GetByLabel("Email")).ToHaveValue("ann@example.test")
		pages.Expect(t, s.GetByLabel("Email")).Not().ToHaveValue("")
		pages.ExpectPage(t, s).ToHaveTitle("Locator fixture")
		pages.ExpectPage(t, s).ToHaveURL(base + "/fixture.html")
		pages.ExpectPage(t, s).ToHavePath("/fixture.html")
		pages.ExpectPage(t, s).Not().ToHavePath("/")
	})

	t.Run("hash routes", func(t *testing.T) {
		s := openFixture(t, b, base, "/app.html", 5*time.Second)
		pages.Expect(t, s.GetByRole("heading")).ToHaveText("Home")
		require.NoError(t, s.GetByRole("link", pages.Name("Alice")).Click())
		pages.ExpectPage(t, s).ToHavePath("/app.html#/profile/alice")
		pages.ExpectPage(t, s).ToHaveURLMatching(regexp.MustCompile(`#/profile/\w+$`))
		pages.ExpectPage(t, s).ToHaveTitle("Profile alice")
		pages.ExpectPage(t, s).Not().ToHaveTitle("Mini app")
		pages.Expect(t, s.GetByRole("heading")).ToHaveText("Profile of alice")
	})

	t.Run("fail", func(t *testing.T) {
		s := openFixture(t, b, base, "/fixture.html", short)
		status := s.GetByRole("status")
		for _, c := range []struct {
			name   string
			assert func(t pages.TestingT)
			want   string
		}{
			{"text", func(t pages.TestingT) { pages.Expect(t, status).ToHaveText("Done") }, `page: expected status to have text "Done", last seen "Idle" (polled 300ms)`},
			{"not text", func(t pages.TestingT) { pages.Expect(t, status).Not().ToHaveText("Idle") }, `page: expected status not to have text "Idle", last seen "Idle" (polled 300ms)`},
			{"contains", func(t pages.TestingT) { pages.Expect(t, status).ToContainText("Don") }, `page: expected status to contain text "Don", last seen "Idle" (polled 300ms)`},
			{"not contains", func(t pages.TestingT) { pages.Expect(t, status).Not().ToContainText("dl") }, `page: expected status not to contain text "dl", last seen "Idle" (polled 300ms)`},
			{"matching", func(t pages.TestingT) { pages.Expect(t, status).ToHaveTextMatching(regexp.MustCompile(`^D`)) }, `page: expected status to have text matching /^D/, last seen "Idle" (polled 300ms)`},
			{"not matching", func(t pages.TestingT) { pages.Expect(t, status).Not().ToHaveTextMatching(regexp.MustCompile(`^I`)) }, `page: expected status not to have text matching /^I/, last seen "Idle" (polled 300ms)`},
			{"value", func(t pages.TestingT) { pages.Expect(t, s.GetByLabel("Email")).ToHaveValue("x") }, `page: expected field labelled "Email" to have value "x", last seen "" (polled 300ms)`},
			{"not value", func(t pages.TestingT) { pages.Expect(t, s.GetByLabel("Email")).Not().ToHaveValue("") }, `page: expected field labelled "Email" not to have value "", last seen "" (polled 300ms)`},
			{"visible", func(t pages.TestingT) { pages.Expect(t, s.Locator("#hidden-btn")).ToBeVisible() }, `page: expected css "#hidden-btn" to be visible, last seen hidden (polled 300ms)`},
			{"visible, nothing", func(t pages.TestingT) { pages.Expect(t, s.GetByTestID("nope")).ToBeVisible() }, `page: expected "nope" to be visible, last seen nothing matching (polled 300ms)`},
			{"not visible", func(t pages.TestingT) { pages.Expect(t, status).Not().ToBeVisible() }, `page: expected status not to be visible, last seen visible (polled 300ms)`},
			{"hidden", func(t pages.TestingT) { pages.Expect(t, status).ToBeHidden() }, `page: expected status to be hidden, last seen visible (polled 300ms)`},
			{"not hidden", func(t pages.TestingT) { pages.Expect(t, s.Locator("#hidden-btn")).Not().ToBeHidden() }, `page: expected css "#hidden-btn" not to be hidden, last seen hidden (polled 300ms)`},
			{"enabled", func(t pages.TestingT) { pages.Expect(t, s.Locator("#disabled-btn")).ToBeEnabled() }, `page: expected css "#disabled-btn" to be enabled, last seen disabled (polled 300ms)`},
			{"not enabled", func(t pages.TestingT) { pages.Expect(t, s.Locator("#only")).Not().ToBeEnabled() }, `page: expected css "#only" not to be enabled, last seen enabled (polled 300ms)`},
			{"disabled", func(t pages.TestingT) { pages.Expect(t, s.Locator("#only")).ToBeDisabled() }, `page: expected css "#only" to be disabled, last seen enabled (polled 300ms)`},
			{"not disabled", func(t pages.TestingT) { pages.Expect(t, s.Locator("#disabled-btn")).Not().ToBeDisabled() }, `page: expected css "#disabled-btn" not to be disabled, last seen disabled (polled 300ms)`},
			{"checked", func(t pages.TestingT) { pages.Expect(t, s.GetByLabel("I agree")).ToBeChecked() }, `page: expected field labelled "I agree" to be checked, last seen unchecked (polled 300ms)`},
			{"not checked", func(t pages.TestingT) {
				require.NoError(t.(*recT).t, s.GetByLabel("I agree").Check())
				pages.Expect(t, s.GetByLabel("I agree")).Not().ToBeChecked()
			}, `page: expected field labelled "I agree" not to be checked, last seen checked (polled 300ms)`},
			{"count", func(t pages.TestingT) { pages.Expect(t, s.GetByRole("listitem")).ToHaveCount(4) }, `page: expected listitem to have count 4, last seen 3 (polled 300ms)`},
			{"not count", func(t pages.TestingT) { pages.Expect(t, s.GetByRole("listitem")).Not().ToHaveCount(3) }, `page: expected listitem not to have count 3, last seen 3 (polled 300ms)`},
			{"attribute", func(t pages.TestingT) { pages.Expect(t, status).ToHaveAttribute("role", "alert") }, `page: expected status to have attribute role="alert", last seen role="status" (polled 300ms)`},
			{"attribute missing", func(t pages.TestingT) { pages.Expect(t, status).ToHaveAttribute("aria-live", "polite") }, `page: expected status to have attribute aria-live="polite", last seen no aria-live (polled 300ms)`},
			{"not attribute", func(t pages.TestingT) { pages.Expect(t, status).Not().ToHaveAttribute("role", "status") }, `page: expected status not to have attribute role="status", last seen role="status" (polled 300ms)`},
			{"class", func(t pages.TestingT) { pages.Expect(t, status).ToHaveClass("busy") }, `page: expected status to have class "busy", last seen class "status idle" (polled 300ms)`},
			{"not class", func(t pages.TestingT) { pages.Expect(t, status).Not().ToHaveClass("idle") }, `page: expected status not to have class "idle", last seen class "status idle" (polled 300ms)`},
			{"strict", func(t pages.TestingT) { pages.Expect(t, s.GetByText("Buy")).ToHaveText("Buy") }, `page: text "Buy" matches 3 elements: <button> button "Buy", <button> button "Buy", <button> button "Buy"; pick one with First, Last, Nth or a narrower locator`},
			{"url", func(t pages.TestingT) { pages.ExpectPage(t, s).ToHaveURL(base + "/") }, `page: expected page to have URL "` + base + `/", last seen "` + base + `/fixture.html" (polled 300ms)`},
			{"not url", func(t pages.TestingT) { pages.ExpectPage(t, s).Not().ToHaveURL(base + "/fixture.html") }, `page: expected page not to have URL "` + base + `/fixture.html", last seen "` + base + `/fixture.html" (polled 300ms)`},
			{"url matching", func(t pages.TestingT) { pages.ExpectPage(t, s).ToHaveURLMatching(regexp.MustCompile(`#/`)) }, `page: expected page to have URL matching /#//, last seen "` + base + `/fixture.html" (polled 300ms)`},
			{"not url matching", func(t pages.TestingT) { pages.ExpectPage(t, s).Not().ToHaveURLMatching(regexp.MustCompile(`fixture`)) }, `page: expected page not to have URL matching /fixture/, last seen "` + base + `/fixture.html" (polled 300ms)`},
			{"path", func(t pages.TestingT) { pages.ExpectPage(t, s).ToHavePath("/app.html#/profile/alice") }, `page: expected page to have path "/app.html#/profile/alice", last seen "/fixture.html" (polled 300ms)`},
			{"not path", func(t pages.TestingT) { pages.ExpectPage(t, s).Not().ToHavePath("/fixture.html") }, `page: expected page not to have path "/fixture.html", last seen "/fixture.html" (polled 300ms)`},
			{"title", func(t pages.TestingT) { pages.ExpectPage(t, s).ToHaveTitle("Shop") }, `page: expected page to have title "Shop", last seen "Locator fixture" (polled 300ms)`},
			{"not title", func(t pages.TestingT) { pages.ExpectPage(t, s).Not().ToHaveTitle("Locator fixture") }, `page: expected page not to have title "Locator fixture", last seen "Locator fixture" (polled 300ms)`},
		} {
			r := &recT{t: t}
			c.assert(r)
			assert.True(t, r.failed, c.name)
			assert.Equal(t, []string{c.want}, r.msgs, c.name)
		}
	})

	t.Run("a failure keeps a screenshot of that moment", func(t *testing.T) {
		s := openFixture(t, b, base, "/fixture.html", short)
		dir := t.TempDir()
		s.SaveScreenshot = func(shot []byte) (string, error) {
			path := filepath.Join(dir, "expect.png")
			return path, os.WriteFile(path, shot, 0o600)
		}
		r := &recT{t: t}
		pages.Expect(r, s.GetByRole("status")).ToHaveText("Done")
		require.Len(t, r.msgs, 1)
		prefix := `page: expected status to have text "Done", last seen "Idle" (polled 300ms); screenshot: `
		require.True(t, strings.HasPrefix(r.msgs[0], prefix), r.msgs[0])
		shot, err := os.ReadFile(strings.TrimPrefix(r.msgs[0], prefix))
		require.NoError(t, err)
		_, err = png.Decode(bytes.NewReader(shot))
		require.NoError(t, err)
	})
}
