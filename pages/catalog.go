package pages

import (
	"fmt"
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// CatalogPage is the catalog at /: one card per product.
type CatalogPage struct{ s *Session }

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
func (s *Session) Catalog() *CatalogPage { return &CatalogPage{s: s} }

// Open goes to the catalog.
func (c *CatalogPage) Open() error { return c.s.Goto(catalogPageName, catalogPath) }

// Cards returns every product card, waiting until there is at least one.
func (c *CatalogPage) Cards() ([]Card, error) {
	var cards []Card
	err := c.s.Action(catalogPageName, "list product cards", func(p *rod.Page) error {
		if _, err := c.s.Visible(p, catalogPageName, productCard); err != nil {
			return err
		}
		els, err := p.Elements(TestID(productCard))
		if err != nil {
			return err
		}
		for _, el := range els {
			id, err := el.Attribute("data-product-id")
			if err != nil {
				return err
			}
			if id == nil {
				return fmt.Errorf("a %q has no data-product-id", productCard)
			}
			text, err := el.Text()
			if err != nil {
				return err
			}
			cards = append(cards, Card{ID: *id, Text: strings.TrimSpace(text)})
		}
		return nil
	})
	return cards, err
}

// OpenProduct follows the link of the product card with data-product-id id and waits for the
// product page.
func (c *CatalogPage) OpenProduct(id string) error {
	return c.s.Action(catalogPageName, fmt.Sprintf("open product %s", id), func(p *rod.Page) error {
		sel := fmt.Sprintf(`%s[data-product-id=%q] %s`, TestID(productCard), id, TestID(productLink))
		el, err := p.Element(sel)
		if err == nil {
			err = el.WaitVisible()
		}
		if err != nil {
			if isTimeout(err) && c.s.Page.GetContext().Err() == nil {
				return &waitError{page: catalogPageName, what: fmt.Sprintf("%q of product %s not visible", productLink, id), after: c.s.Timeout, err: err}
			}
			return err
		}
		if c.s.Highlight != nil {
			c.s.Highlight(el, catalogPageName+": "+productLink)
		}
		wait := p.WaitNavigation(proto.PageLifecycleEventNameDOMContentLoaded)
		if err := el.Click(proto.InputMouseButtonLeft, 1); err != nil {
			return err
		}
		wait()
		return p.GetContext().Err()
	})
}
