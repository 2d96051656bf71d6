package shoppages

import (
	"fmt"
	"strings"

	"github.com/go-rod/rod"

	"github.com/e2e-dev/e2e/pages"
)

// CatalogPage is the catalog at /: one card per product.
type CatalogPage struct{ s *pages.Session }

// The catalog's test ids.
const (
	catalogPath     = "/"
	productCard     = "product-card"
	productLink     = "product-link"
	catalogPageName = "catalog"
)

// Card is one product card of the catalog.
type Card struct {
	ID   string // data-product-id
	Text string // everything the card shows
}

// Catalog returns the catalog page object.
func (u UI) Catalog() *CatalogPage { return &CatalogPage{s: u.s} }

// Open goes to the catalog.
func (c *CatalogPage) Open() error { return c.s.Goto(catalogPageName, catalogPath) }

// Cards returns every product card, waiting until there is at least one.
func (c *CatalogPage) Cards() ([]Card, error) {
	if err := c.s.GetByTestID(productCard).OnPage(catalogPageName).First().WaitFor(pages.Visible); err != nil {
		return nil, err
	}
	var cards []Card
	err := c.s.Action(catalogPageName, "list product cards", func(p *rod.Page) error {
		res, err := p.Eval(`(sel) => [...document.querySelectorAll(sel)].map(e => [e.dataset.productId || "", e.innerText.trim()])`, pages.TestID(productCard))
		if err != nil {
			return err
		}
		for _, row := range res.Value.Arr() {
			r := row.Arr()
			if r[0].Str() == "" {
				return fmt.Errorf("a %q has no data-product-id", productCard)
			}
			cards = append(cards, Card{ID: r[0].Str(), Text: strings.Join(strings.Fields(r[1].Str()), " ")})
		}
		return nil
	})
	return cards, err
}

// OpenProduct follows the link of the product card with data-product-id id and waits for the
// product page.
func (c *CatalogPage) OpenProduct(id string) error {
	card := c.s.Locator(fmt.Sprintf("[data-testid='%s'][data-product-id='%s']", productCard, id))
	return card.GetByTestID(productLink).OnPage(catalogPageName).ClickToNavigate()
}
