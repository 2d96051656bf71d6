package flows

import (
	"errors"

	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/internal/flowstate"
	"github.com/e2e-dev/e2e/pages"
)

// errNoBrowser is the failure of a browser call in a flow that has none.
var errNoBrowser = errors.New("this flow has no browser (Flow.NoBrowser): it calls the API and reads the database only")

// NewTab opens another tab in the flow's browser context (the same cookies and storage), blank:
// Goto a page in it. Its steps, trace and evidence name it ("tab 2").
func (f *F) NewTab() *pages.Tab {
	f.st.T.Helper()
	if f.st.NewTab == nil {
		f.st.Must(errNoBrowser)
	}
	tab, err := f.st.NewTab()
	f.st.Must(err)
	return tab
}

// BrowserContext is a browser context of a flow beyond its own (F.NewContext): a second user,
// with cookies and storage of their own, in tabs of their own, and the app's API acting as them.
type BrowserContext struct {
	// Tab is its first tab, blank: Goto a page in it.
	Tab *pages.Tab
	// API calls the app's JSON API as its user: with its cookies, and backend.auth read from its
	// tab.
	API *backend.API

	f *F
	c *flowstate.Context
}

// NewContext opens a browser context of its own, as Playwright's browser.newContext: signed in
// as u, from the state its sign-in saved (signed in on the first use, as Flow.As is), or signed
// out when u is nil. The flow's project applies to it. Two users at once:
//
//	friend := f.NewContext(reader)
//	friend.Tab.Goto("/#/shared/" + me)
func (f *F) NewContext(u *User) *BrowserContext {
	f.st.T.Helper()
	if f.st.NewContext == nil {
		f.st.Must(errNoBrowser)
	}
	var user any
	if u != nil {
		user = u
	}
	c, err := f.st.NewContext(user)
	f.st.Must(err)
	return &BrowserContext{Tab: c.Tab, API: c.API, f: f, c: c}
}

// NewTab opens another tab in the context.
func (c *BrowserContext) NewTab() *pages.Tab {
	c.f.st.T.Helper()
	tab, err := c.c.NewTab()
	c.f.st.Must(err)
	return tab
}
