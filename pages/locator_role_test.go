package pages_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
)

// roleCase is a locator and how many elements of the fixture it matches.
type roleCase struct {
	l    *pages.Locator
	want int
}

// checkCounts checks every case's count, naming the locator when one is off.
func checkCounts(t *testing.T, cases []roleCase) {
	t.Helper()
	for _, c := range cases {
		assert.Equal(t, c.want, c.l.Count(), c.l.String())
	}
}

// TestGetByRoleStates narrows GetByRole by level, checked, pressed, expanded, selected and
// disabled: each keeps what it names and drops what it does not, hidden elements never match.
func TestGetByRoleStates(t *testing.T) {
	s := openFixture(t, fixture.NewTestBrowser(t), serveFixture(t), "/roles.html", 5*time.Second)
	checkCounts(t, []roleCase{
		{s.GetByRole("heading", pages.Name("Title", pages.Exact())), 2},
		{s.GetByRole("heading", pages.Name("Title", pages.Exact()), pages.Level(2)), 1}, // not the hidden <h2>
		{s.GetByRole("heading", pages.Name("Title", pages.Exact()), pages.Level(3)), 1},
		{s.GetByRole("heading", pages.Level(4)), 1}, // aria-level
		{s.GetByRole("heading", pages.Level(5)), 0},

		{s.GetByRole("checkbox", pages.Checked(true)), 2},  // native and aria-checked
		{s.GetByRole("checkbox", pages.Checked(false)), 1}, // not the mixed ones
		{s.GetByRole("checkbox", pages.Name("Empty box"), pages.Checked(false)), 1},
		{s.GetByRole("checkbox", pages.Name("Checked box"), pages.Checked(false)), 0},
		{s.GetByRole("checkbox", pages.CheckedMixed()), 2}, // indeterminate and aria-checked="mixed"

		{s.GetByRole("button", pages.Pressed(true)), 1},
		{s.GetByRole("button", pages.PressedMixed()), 1},
		{s.GetByRole("button", pages.Name("Plain"), pages.Pressed(false)), 1}, // no aria-pressed
		{s.GetByRole("button", pages.Name("Bold"), pages.Pressed(false)), 0},

		{s.GetByRole("button", pages.Expanded(true)), 1},
		{s.GetByRole("button", pages.Expanded(false)), 1},
		{s.GetByRole("button", pages.Name("Plain"), pages.Expanded(false)), 0}, // no aria-expanded

		{s.GetByRole("tab", pages.Selected(true)), 1},
		{s.GetByRole("tab", pages.Selected(false)), 2},
		{s.GetByRole("option", pages.Selected(true)), 1},

		{s.GetByRole("button", pages.Disabled(true)), 4}, // native, fieldset, aria, inherited aria
		{s.GetByRole("button", pages.Name("off"), pages.Disabled(false)), 0},
		{s.GetByRole("button", pages.Name("Enabled"), pages.Disabled(false)), 1},
		{s.GetByRole("button", pages.Name("Enabled"), pages.Disabled(true)), 0},
	})
	for _, c := range []struct {
		l    *pages.Locator
		want string
	}{
		{s.GetByRole("heading", pages.Name("Title", pages.Exact()), pages.Level(3)), "Title"},
		{s.GetByRole("heading", pages.Level(4)), "Custom title"},
		{s.GetByRole("button", pages.Pressed(true)), "Bold"},
		{s.GetByRole("button", pages.PressedMixed()), "Underline"},
		{s.GetByRole("button", pages.Expanded(false)), "Menu shut"},
		{s.GetByRole("tab", pages.Selected(true)), "First tab"},
		{s.GetByRole("option", pages.Selected(true)), "Medium"},
	} {
		require.Equal(t, c.want, c.l.InnerText(), c.l.String())
	}
}

// TestGetByRoleIncludeHidden finds hidden elements (display: none, visibility: hidden,
// aria-hidden, hidden) by role, name and state only with IncludeHidden.
func TestGetByRoleIncludeHidden(t *testing.T) {
	s := openFixture(t, fixture.NewTestBrowser(t), serveFixture(t), "/roles.html", 5*time.Second)
	checkCounts(t, []roleCase{
		{s.GetByRole("button", pages.Name("Hidden")), 0},
		{s.GetByRole("button", pages.Name("Hidden"), pages.IncludeHidden()), 4},
		{s.GetByRole("button", pages.Name("Hidden aria", pages.Exact()), pages.IncludeHidden()), 1},
		{s.GetByRole("button", pages.NameMatching(regexp.MustCompile(`(?i)^hidden (none|vis)$`)), pages.IncludeHidden()), 2},
		{s.GetByRole("heading", pages.Level(2), pages.IncludeHidden()), 2}, // the visible one too
		{s.GetByRole("checkbox", pages.Name("Hidden box"), pages.IncludeHidden(), pages.Checked(true)), 1},
		{s.GetByRole("checkbox", pages.Name("Hidden box"), pages.IncludeHidden(), pages.Checked(false)), 0},
		{s.GetByRole("button", pages.Pressed(true), pages.IncludeHidden()), 2},
		{s.GetByRole("link", pages.Name("Hidden"), pages.IncludeHidden()), 0},
	})
}

// TestGetByRoleOptionsInErrors checks that the options read in a locator's name, and that a state
// of a role it does not apply to fails at once, as in Playwright.
func TestGetByRoleOptionsInErrors(t *testing.T) {
	s := openFixture(t, fixture.NewTestBrowser(t), serveFixture(t), "/roles.html", short)
	assert.Equal(t, `heading [level=2] "Title"`, s.GetByRole("heading", pages.Name("Title"), pages.Level(2)).String())
	assert.Equal(t, `checkbox [checked=mixed] [disabled=false] [include-hidden]`,
		s.GetByRole("checkbox", pages.Disabled(false), pages.IncludeHidden(), pages.CheckedMixed()).String())
	assert.Equal(t, `page: heading [level=6] "Title" not found after 300ms; closest: heading "Title", heading "Custom title", heading "Shop"`,
		failure(s, s.GetByRole("heading", pages.Name("Title"), pages.Level(6)).Click))
	start := time.Now()
	assert.Equal(t, `page: button [level=2]: "level" applies only to roles heading, listitem, row, treeitem`,
		failure(s, s.GetByRole("button", pages.Level(2)).Click))
	assert.Less(t, time.Since(start), short, "a bad option does not wait")
}
