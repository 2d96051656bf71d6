package pages

import (
	"fmt"

	"github.com/go-rod/rod"
)

// ExpectPopup runs action (a click on a link with target=_blank, a button that calls
// window.open) and returns the tab it opens, within the action timeout: a tab of the same
// browser context (the same cookies and storage), of the flow (its actions are steps, its
// evidence kept on failure, named by tab). It returns once the tab exists; its locators and
// assertions wait for its page as usual.
//
//	book := f.Tab.ExpectPopup(func() { f.Tab.GetByRole("link", pages.Name("Open in new tab")).Click() })
//	pages.Expect(book.GetByRole("heading", pages.Name("Emma"))).ToBeVisible()
func (tab *Tab) ExpectPopup(action func()) *Tab {
	if tab.o.Context == nil {
		tab.must(fmt.Errorf("%s: expect a popup: this tab knows no browser context (TabOptions.Context)", tab.named(tabLabel)))
	}
	var p *rod.Page
	err := tab.steps.Do(tab.named(tabLabel+": expect a popup"), func() error {
		var err error
		p, err = tab.o.Context.ExpectPopup(tab.page.GetContext(), tab.page, tab.timeout, func() error { action(); return nil })
		return tab.explain(tabLabel, err)
	})
	tab.must(err)
	if tab.o.Popup != nil {
		return tab.o.Popup(p)
	}
	o := tab.o
	o.Name, o.OnClose = "", nil
	return NewTab(tab.t, p.Context(tab.page.GetContext()), o)
}
