package shoppages

import (
	"fmt"

	"github.com/go-rod/rod"

	"github.com/e2e-dev/e2e/pages"
)

// SearchPage is the product search: the form on the catalog and on /search, and its results.
type SearchPage struct{ s *pages.Session }

// The search form's and page's test ids.
const (
	searchPageName = "search page"
	searchField    = "q"
	searchSubmit   = "search-submit"
	searchTerm     = "search-term"
	searchResults  = "search-results"
)

// Search returns the search page object.
func (u UI) Search() *SearchPage { return &SearchPage{s: u.s} }

// For types term into the search form of the page shown (the catalog or /search) and submits it.
func (p *SearchPage) For(term string) error {
	return p.s.Step(searchPageName, "search for "+term, func() error {
		if err := p.s.Fill(searchPageName, searchField, term, false); err != nil {
			return err
		}
		return p.s.ClickToNavigate(searchPageName, searchSubmit)
	})
}

// Term returns the search term as the results page shows it.
func (p *SearchPage) Term() (string, error) { return p.s.Text(searchPageName, searchTerm) }

// Value returns the current value of the signup form's field (an input's value property: what
// the user sees in it).
func (p *SignupPage) Value(field string) (string, error) {
	var v string
	err := p.s.Action(signupPageName, fmt.Sprintf("read the %q field", field), func(pg *rod.Page) error {
		res, err := pg.Eval(`(name) => { const e = document.querySelector('[name="' + name + '"]'); return e ? e.value : null }`, field)
		if err != nil {
			return err
		}
		if res.Value.Nil() {
			return fmt.Errorf("no field %q", field)
		}
		v = res.Value.Str()
		return nil
	})
	return v, err
}
