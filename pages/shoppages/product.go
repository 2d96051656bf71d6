package shoppages

import "github.com/e2e-dev/e2e/pages"

// ProductPage is a product's page at /products/{id}.
type ProductPage struct {
	tab *pages.Tab
	// Name is the product's name; Toggle the favourite button (aria-pressed when it is one);
	// Busy the "Saving…" the toggle shows while its call is under way.
	Name, Toggle, Busy *pages.Locator
}

// The toggle's labels.
const (
	LabelAdd    = "Add to favourites"
	LabelRemove = "Remove from favourites"
)

const productPage = "product page"

// Product returns the product page of tab.
func Product(tab *pages.Tab) ProductPage {
	return ProductPage{tab: tab,
		Name:   tab.GetByTestID("product-name").OnPage(productPage),
		Toggle: tab.GetByTestID("favourite-toggle").OnPage(productPage),
		Busy:   tab.GetByTestID("busy").OnPage(productPage),
	}
}

// ToggleFavourite clicks the toggle, which must get a success from the favourites API, and waits
// until the toggle shows the other state, enabled again.
func (p ProductPage) ToggleFavourite() {
	p.tab.Step(productPage+": toggle the favourite", func() {
		label, pressed := LabelRemove, "true"
		if was, _ := p.Toggle.GetAttribute("aria-pressed"); was == "true" {
			label, pressed = LabelAdd, "false"
		}
		p.tab.ExpectOKResponse(favouritesAPI, p.Toggle.Click)
		pages.Expect(p.Toggle).ToHaveAttribute("aria-pressed", pressed)
		pages.Expect(p.Toggle).ToHaveText(label)
		pages.Expect(p.Toggle).ToBeEnabled()
	})
}
