package shoppages

import (
	"fmt"
	"strings"

	"github.com/go-rod/rod"

	"github.com/e2e-dev/e2e/pages"
)

// FavouritesPage lists the signed-in user's favourites at /favourites.
type FavouritesPage struct{ s *pages.Session }

// The favourites page's test ids.
const (
	favouritesPath     = "/favourites"
	favouriteItem      = "favourite-item"
	favouriteRemove    = "favourite-remove"
	favouritesEmpty    = "favourites-empty"
	favouritesPageName = "favourites page"
)

// FavouriteItem is one row of the favourites list.
type FavouriteItem struct {
	ProductID string // data-product-id
	Text      string // what the row shows, the product's name among it
}

// Favourites returns the favourites page object.
func (u UI) Favourites() *FavouritesPage { return &FavouritesPage{s: u.s} }

// Items returns the listed favourites in page order, waiting until the page shows either items
// or the empty message.
func (f *FavouritesPage) Items() ([]FavouriteItem, error) {
	// Wait for the list to be rendered one way or the other.
	either := f.s.Locator(pages.TestID(favouriteItem) + "," + pages.TestID(favouritesEmpty)).OnPage(favouritesPageName)
	if err := either.First().WaitFor(pages.Visible); err != nil {
		return nil, err
	}
	var items []FavouriteItem
	err := f.s.Action(favouritesPageName, "list favourites", func(p *rod.Page) error {
		res, err := p.Eval(`(sel) => [...document.querySelectorAll(sel)].map(e => [e.dataset.productId || "", e.textContent])`, pages.TestID(favouriteItem))
		if err != nil {
			return err
		}
		for _, row := range res.Value.Arr() {
			r := row.Arr()
			items = append(items, FavouriteItem{ProductID: r[0].Str(), Text: strings.Join(strings.Fields(r[1].Str()), " ")})
		}
		return nil
	})
	return items, err
}

// Remove clicks the remove button of the favourite with product id and waits until the row is
// gone, which the page does only after the API has answered.
func (f *FavouritesPage) Remove(productID string) error {
	return f.s.Step(favouritesPageName, fmt.Sprintf("remove product %s", productID), func() error {
		row := f.s.Locator(fmt.Sprintf("[data-testid='%s'][data-product-id='%s']", favouriteItem, productID)).OnPage(favouritesPageName)
		remove := row.GetByTestID(favouriteRemove)
		resp, err := f.s.ExpectResponse(favouritesAPI, remove.Click)
		if err != nil {
			return err
		}
		if !resp.OK() {
			_ = pages.Expect(nil, remove).ToBeEnabled()
			toast, _ := readToast(f.s.Page)
			return fmt.Errorf("%s: %s; product %s still listed; toast: %q", favouritesPageName, resp, productID, toast)
		}
		return row.WaitFor(pages.Detached) // its error names the answer
	})
}

// WaitEmpty waits until the page says there are no favourites.
func (f *FavouritesPage) WaitEmpty() error {
	return f.s.GetByTestID(favouritesEmpty).OnPage(favouritesPageName).WaitFor(pages.Visible)
}
