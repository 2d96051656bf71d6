package pages

import (
	"fmt"
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/go-rod/rod/lib/utils"
)

// GoBack goes back one page in the tab's history, as the browser's back button does, and waits
// until the page it goes to has loaded; a route of the same document (a hash or pushState
// route) at once. A tab with no earlier page fails the flow.
func (tab *Tab) GoBack() { tab.goHistory(-1, "go back", "earlier") }

// GoForward goes forward one page in the tab's history, as the browser's forward button does,
// and waits as GoBack does. A tab with no later page fails the flow.
func (tab *Tab) GoForward() { tab.goHistory(1, "go forward", "later") }

func (tab *Tab) goHistory(delta int, what, which string) {
	tab.must(tab.act(tabLabel, what, func(p *rod.Page) error {
		h, err := proto.PageGetNavigationHistory{}.Call(p)
		if err != nil {
			return err
		}
		i := h.CurrentIndex + delta
		if i < 0 || i >= len(h.Entries) {
			return fmt.Errorf("%s: no %s page in the tab's history", what, which)
		}
		entry := h.Entries[i]
		return tab.load(p, what, func() error {
			committed := waitCommit(p)
			if err := (proto.PageNavigateToHistoryEntry{EntryID: entry.ID}).Call(p); err != nil {
				return err
			}
			if !committed() {
				return p.GetContext().Err()
			}
			return nil
		})
	}))
}

// waitCommit returns a function that waits until p's top frame commits a navigation, to a new
// document or within its own, or p's context ends, and says whether one committed.
func waitCommit(p *rod.Page) func() bool {
	done := false
	wait := p.EachEvent(func(e *proto.PageFrameNavigated) bool {
		done = e.Frame.ParentID == ""
		return done
	}, func(e *proto.PageNavigatedWithinDocument) bool {
		done = e.FrameID == p.FrameID
		return done
	})
	return func() bool {
		wait()
		return done
	}
}

// pageStateJS reads the page's URL and how far its document has loaded.
const pageStateJS = `() => [location.href, document.readyState]`

// WaitForURL waits until the page's URL matches glob and the page has loaded: * stands for any
// text but "/", ** for any text; a glob that starts with "/" is under the base URL
// ("/orders/*"), else it matches the whole URL ("**/orders/*"). A page already there only
// waits for its load.
func (tab *Tab) WaitForURL(glob string) {
	pattern := glob
	if strings.HasPrefix(glob, "/") {
		pattern = tab.baseURL + glob
	}
	re := globRegexp(pattern)
	tab.must(tab.act(tabLabel, fmt.Sprintf("wait for URL %q", glob), func(p *rod.Page) error {
		var last, state string
		err := utils.Retry(p.GetContext(), FastSleeper(), func() (bool, error) {
			res, err := p.Eval(pageStateJS)
			if err != nil {
				return false, nil // a document being replaced
			}
			last, state = res.Value.Get("0").Str(), res.Value.Get("1").Str()
			return re.MatchString(last) && state == "complete", nil
		})
		if err == nil || !isTimeout(err) || tab.page.GetContext().Err() != nil {
			return err
		}
		if re.MatchString(last) {
			return &waitError{page: tabLabel, what: fmt.Sprintf("URL %q reached, but the page did not finish loading", glob), after: tab.timeout, err: err}
		}
		return &waitError{page: tabLabel, what: fmt.Sprintf("URL %q not reached", glob), after: tab.timeout, err: err,
			detail: fmt.Sprintf("; last seen %q", tab.relative(last))}
	}))
}

// LoadState is how far a page has loaded, as WaitForLoadState waits for it.
type LoadState string

// The load states, Playwright's.
const (
	// Load: the load event fired (the document and its images, styles and scripts are in).
	Load LoadState = "load"
	// DOMContentLoaded: the document was parsed.
	DOMContentLoaded LoadState = "domcontentloaded"
	// NetworkIdle: the document has had no network connection for 500ms since its load, as
	// Chromium counts them; once reached, it stays reached. A document already there when the
	// tab was made counts as idle once a quiet spell has begun.
	NetworkIdle LoadState = "networkidle"
)

// WaitForLoadState waits until the page's current document has reached state: at once when
// it has.
func (tab *Tab) WaitForLoadState(state LoadState) {
	tab.must(tab.act(tabLabel, "wait for load state "+string(state), func(p *rod.Page) error {
		var err error
		switch state {
		case Load, DOMContentLoaded:
			err = utils.Retry(p.GetContext(), FastSleeper(), func() (bool, error) {
				res, err := p.Eval(pageStateJS)
				if err != nil {
					return false, nil // a document being replaced
				}
				rs := res.Value.Get("1").Str()
				return rs == "complete" || (state == DOMContentLoaded && rs == "interactive"), nil
			})
		case NetworkIdle:
			err = tab.life.waitIdle(p.GetContext(), func() (proto.NetworkLoaderID, error) { return topLoader(p) })
		default:
			return fmt.Errorf("unknown load state %q (load, domcontentloaded or networkidle)", state)
		}
		if err != nil && isTimeout(err) && tab.page.GetContext().Err() == nil {
			return &waitError{page: tabLabel, what: fmt.Sprintf("load state %q not reached", state), after: tab.timeout, err: err}
		}
		return err
	}))
}

// topLoader returns the loader of p's top document.
func topLoader(p *rod.Page) (proto.NetworkLoaderID, error) {
	tree, err := proto.PageGetFrameTree{}.Call(p)
	if err != nil {
		return "", err
	}
	return tree.FrameTree.Frame.LoaderID, nil
}
