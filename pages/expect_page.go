package pages

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/go-rod/rod/lib/utils"
)

// PageAssertions are web-first assertions on a tab's page: its URL, path and title. Each polls
// until it holds or the action timeout (or Within's) ends, then fails the flow.
type PageAssertions struct {
	s       *Tab
	not     bool
	timeout time.Duration // Within's; 0: the tab's action timeout
}

// ExpectPage returns the assertions on tab's page (a flow writes f.ExpectPage() for its own).
func ExpectPage(tab *Tab) *PageAssertions { return &PageAssertions{s: tab} }

// Not returns the negated assertions.
func (a *PageAssertions) Not() *PageAssertions {
	c := *a
	c.not = !a.not
	return &c
}

// pageState is what a page assertion polls.
type pageState struct{ url, title string }

// path is the URL relative to the tab's base URL (path, query and fragment).
func (a *PageAssertions) path(st pageState) string { return a.s.relative(st.url) }

func (a *PageAssertions) check(want string, holds func(pageState) bool, seen func(pageState) string) {
	s := a.s
	if a.not {
		want = "not " + want
	}
	timeout := a.wait()
	var last string
	s.must(s.steps.Do(s.named(tabLabel+": expect page "+want), func() error {
		p := s.page.Timeout(timeout)
		defer p.CancelTimeout()
		last = "nothing"
		observed := false
		look := func(p *rod.Page) bool {
			res, err := p.Eval(`() => [location.href, document.title]`)
			if err != nil {
				return false // a document being replaced
			}
			st := pageState{url: res.Value.Get("0").Str(), title: res.Value.Get("1").Str()}
			last, observed = seen(st), true
			if strings.HasPrefix(st.url, "chrome-error:") {
				last = errorPage(p, last)
			}
			return holds(st) != a.not
		}
		err := utils.Retry(p.GetContext(), FastSleeper(), func() (bool, error) { return look(p), nil })
		if err != nil && !observed && s.page.GetContext().Err() == nil {
			// A busy machine may not have answered one look in time: look once more, and
			// pass what holds then.
			late := s.page.Timeout(closestTimeout)
			held := look(late)
			late.CancelTimeout()
			if held {
				return nil
			}
		}
		if err != nil && s.page.GetContext().Err() != nil {
			return polledFor(s.explain(tabLabel, err), timeout)
		}
		if err != nil {
			return fmt.Errorf("page: expected page %s, last seen %s (polled %s)%s", want, last, timeout, s.failureEvidence())
		}
		return nil
	}))
}

// ToHaveURL expects the page's URL to be url.
func (a *PageAssertions) ToHaveURL(url string) {
	a.check("to have URL "+quoted(url), func(st pageState) bool { return st.url == url },
		func(st pageState) string { return quoted(st.url) })
}

// ToHaveURLMatching expects the page's URL to match re.
func (a *PageAssertions) ToHaveURLMatching(re *regexp.Regexp) {
	a.check("to have URL matching /"+re.String()+"/", func(st pageState) bool { return re.MatchString(st.url) },
		func(st pageState) string { return quoted(st.url) })
}

// ToHavePath expects the page's URL, relative to the session's base URL, to be path: path,
// query and fragment, so that a hash route reads "/#/profile/alice".
func (a *PageAssertions) ToHavePath(path string) {
	a.check("to have path "+quoted(path), func(st pageState) bool { return a.path(st) == path },
		func(st pageState) string { return quoted(a.path(st)) })
}

// ToHaveTitle expects the document's title to be title.
func (a *PageAssertions) ToHaveTitle(title string) {
	a.check("to have title "+quoted(title), func(st pageState) bool { return st.title == title },
		func(st pageState) string { return quoted(st.title) })
}

// errorPage says what the browser's own error page stands for: the URL that could not be
// loaded, which a page assertion would otherwise show as "chrome-error://chromewebdata/".
func errorPage(p *rod.Page, seen string) string {
	tree, err := proto.PageGetFrameTree{}.Call(p)
	if err != nil || tree.FrameTree.Frame.UnreachableURL == "" {
		return seen
	}
	return fmt.Sprintf("the browser's error page: %s could not be loaded (is the app running?)", quoted(tree.FrameTree.Frame.UnreachableURL))
}
