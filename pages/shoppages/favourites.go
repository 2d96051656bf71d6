package shoppages

import (
	"fmt"
	"strings"

	"github.com/e2e-dev/e2e/pages"
	"github.com/go-rod/rod"
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

// Open goes to /favourites.
func (f *FavouritesPage) Open() error { return f.s.Goto(favouritesPageName, favouritesPath) }

// Items returns the listed favourites in page order, waiting until the page shows either items
// or the empty message.
func (f *FavouritesPage) Items() ([]FavouriteItem, error) {
	var items []FavouriteItem
	err := f.s.Action(favouritesPageName, "list favourites", func(p *rod.Page) error {
		// Wait for the list to be rendered one way or the other.
		if _, err := f.s.VisibleSelector(p, favouritesPageName, pages.TestID(favouriteItem)+","+pages.TestID(favouritesEmpty),
			fmt.Sprintf("neither %q nor %q", favouriteItem, favouritesEmpty), favouriteItem); err != nil {
			return err
		}
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
	return f.s.Action(favouritesPageName, fmt.Sprintf("remove product %s", productID), func(p *rod.Page) error {
		row := fmt.Sprintf(`%s[data-product-id=%q]`, pages.TestID(favouriteItem), productID)
		el, err := f.s.VisibleSelector(p, favouritesPageName, row+" "+pages.TestID(favouriteRemove), fmt.Sprintf("%q of product %s", favouriteRemove, productID), favouriteRemove)
		if err != nil {
			return err
		}
		ans, err := f.s.ClickAndWaitAPI(p, el, favouritesAPI)
		if err != nil {
			return err
		}
		if !ans.OK() {
			_ = el.Wait(rod.Eval(`() => !this.disabled`))
			toast, _ := readToast(f.s.Page)
			return fmt.Errorf("%s; product %s still listed; toast: %q", ans, productID, toast)
		}
		err = p.Wait(rod.Eval(`(sel) => document.querySelector(sel) === null`, row))
		if err != nil && pages.IsTimeout(err) && f.s.Page.GetContext().Err() == nil {
			toast, _ := readToast(f.s.Page)
			return f.s.WaitFailed(favouritesPageName, fmt.Sprintf("%s, yet product %s is still listed; toast: %q", ans, productID, toast), err)
		}
		return err
	})
}

// WaitEmpty waits until the page says there are no favourites.
func (f *FavouritesPage) WaitEmpty() error {
	return f.s.Action(favouritesPageName, fmt.Sprintf("wait for %q", favouritesEmpty), func(p *rod.Page) error {
		_, err := f.s.Visible(p, favouritesPageName, favouritesEmpty)
		return err
	})
}
