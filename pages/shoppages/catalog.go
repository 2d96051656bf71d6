package shoppages

import "github.com/e2e-dev/e2e/pages"

// CatalogPage is the catalog at /, and the search results that show the same cards.
type CatalogPage struct {
	tab *pages.Tab
	// Cards are the product cards, in page order.
	Cards *pages.Locator
	// SearchTerm is the term the results page says it searched for.
	SearchTerm *pages.Locator
}

const catalogPage = "catalog"

// Catalog returns the catalog of tab's page.
func Catalog(tab *pages.Tab) CatalogPage {
	return CatalogPage{tab: tab,
		Cards:      tab.GetByTestID("product-card").OnPage(catalogPage),
		SearchTerm: tab.GetByTestID("search-term").OnPage(catalogPage),
	}
}

// Open opens the catalog.
func (c CatalogPage) Open() { c.tab.Goto("/") }

// OpenProduct opens the product page of the card of product id.
func (c CatalogPage) OpenProduct(id string) {
	withID(c.tab, "product-card", id).GetByTestID("product-link").OnPage(catalogPage).ClickToNavigate()
}

// Search searches the catalog for term and waits for the results page.
func (c CatalogPage) Search(term string) {
	c.tab.Step(catalogPage+": search for "+term, func() {
		c.tab.GetByRole("searchbox").OnPage(catalogPage).Fill(term)
		c.tab.GetByTestID("search-submit").OnPage(catalogPage).ClickToNavigate()
	})
}
