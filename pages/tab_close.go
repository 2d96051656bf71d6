package pages

import (
	"fmt"
)

// Close closes the tab, as Playwright's page.close: a tab the flow opened (F.NewTab), a popup,
// or even the flow's first tab. The page's beforeunload handlers do not run. Closing a closed
// tab does nothing; any other call on it fails, saying it was closed. The runner keeps what it
// recorded of the tab until then (its network, console and trace) and takes no screenshot or
// DOM of it when the flow fails later.
//
//	book := f.Tab.ExpectPopup(func() { f.Tab.GetByRole("link", pages.Name("Open in new tab")).Click() })
//	book.Close()
func (tab *Tab) Close() {
	if tab.closed.Load() {
		return
	}
	err := tab.steps.Do(tab.named(tabLabel+": close"), func() error {
		p := tab.page.Timeout(tab.timeout)
		defer p.CancelTimeout()
		return tab.traced(func() error {
			if tab.o.OnClose != nil {
				tab.o.OnClose()
			}
			if err := p.Close(); err != nil {
				return tab.explain(tabLabel, fmt.Errorf("close: %w", err))
			}
			tab.closed.Store(true)
			return nil
		})
	})
	tab.must(err)
}

// IsClosed reports whether Close closed the tab, as Playwright's page.isClosed.
func (tab *Tab) IsClosed() bool { return tab.closed.Load() }

// checkOpen is the failure of a call on a tab Close closed, nil while it is open.
func (tab *Tab) checkOpen(page string) error {
	if tab.closed.Load() {
		return fmt.Errorf("%s: the tab is closed (Tab.Close closed it): act in another tab, or before closing it", page)
	}
	return nil
}
