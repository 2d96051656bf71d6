package pages

import (
	"net/url"
	"strings"

	"github.com/e2e-dev/e2e/browser"
	"github.com/go-rod/rod"
)

// tabLabel names the tab in the steps and errors of what a page object does on the tab itself
// rather than on one of its elements.
const tabLabel = "page"

// Goto opens path (relative to the base URL; a full URL as it is) and waits until the document
// has loaded.
func (tab *Tab) Goto(path string) {
	tab.must(tab.act(tabLabel, "open "+path, func(p *rod.Page) error {
		return tab.load(p, "GET "+path, func() error { return p.Navigate(tab.url(path)) })
	}))
}

// Reload reloads the page and waits until the document has loaded again.
func (tab *Tab) Reload() {
	tab.must(tab.act(tabLabel, "reload", func(p *rod.Page) error {
		return tab.load(p, "reload", p.Reload)
	}))
}

// load starts a navigation with start, which returns once the new document committed, and
// waits until it has loaded; what names the navigation in errors.
func (tab *Tab) load(p *rod.Page, what string, start func() error) error {
	if err := start(); err != nil {
		if isTimeout(err) && browserAnswers(p, tab.page.GetContext()) {
			return &waitError{page: tabLabel, what: what + ": no answer from the app", after: tab.timeout, err: err}
		}
		return err
	}
	if err := p.WaitLoad(); err != nil {
		if isTimeout(err) && browserAnswers(p, tab.page.GetContext()) {
			return &waitError{page: tabLabel, what: what + ": the page did not finish loading", after: tab.timeout, err: err}
		}
		return err
	}
	return nil
}

// url is path under the base URL, or path itself when it is a whole URL.
func (tab *Tab) url(path string) string {
	if u, err := url.Parse(path); err == nil && u.IsAbs() {
		return path
	}
	return tab.baseURL + path
}

// URL returns the page's current URL.
func (tab *Tab) URL() string {
	var u string
	tab.must(tab.read(tabLabel, func(p *rod.Page) (err error) {
		u, err = browser.PageURL(p)
		return err
	}))
	return u
}

// Path returns the current URL's path, query and fragment, relative to the base URL when it is
// under it (a full URL otherwise): "/login?next=%2Fprofile", "/#/settings".
func (tab *Tab) Path() string { return tab.relative(tab.URL()) }

// relative is u relative to the base URL when it is under it, user info or not (a page's
// location has none): path, query and fragment, starting with "/".
func (tab *Tab) relative(u string) string {
	if tab.baseURL == "" {
		return u
	}
	base := tab.baseURL
	if b, err := url.Parse(base); err == nil && b.User != nil {
		b.User = nil
		base = b.String()
	}
	for _, prefix := range []string{tab.baseURL, base} {
		if rest, ok := strings.CutPrefix(u, prefix); ok && (rest == "" || strings.ContainsAny(rest[:1], "/?#")) {
			if !strings.HasPrefix(rest, "/") {
				rest = "/" + rest
			}
			return rest
		}
	}
	return u
}

// Title returns the document's title.
func (tab *Tab) Title() string {
	return tab.Evaluate(`() => document.title`).Str()
}

// NavigationStatus returns the HTTP status of the response that loaded the current document.
func (tab *Tab) NavigationStatus() int {
	return tab.Evaluate(`() => { const e = performance.getEntriesByType("navigation")[0]; return e ? e.responseStatus : 0 }`).Int()
}

// read runs fn on the page within the action timeout, without a step of its own: the quick
// reads (the URL, a count) that a flow makes as often as it likes. page names the page object in
// errors.
func (tab *Tab) read(page string, fn func(p *rod.Page) error) error {
	p := tab.page.Timeout(tab.timeout)
	defer p.CancelTimeout()
	return tab.explain(page, fn(p))
}
