package shoppages

import "github.com/e2e-dev/e2e/pages"

// FavouritesPage is the signed-in user's favourites at /favourites, newest first.
type FavouritesPage struct {
	tab *pages.Tab
	// Items are the favourites' rows; Empty is the message a page without any shows.
	Items, Empty *pages.Locator
}

const favouritesPage = "favourites page"

// Favourites returns the favourites page of tab.
func Favourites(tab *pages.Tab) FavouritesPage {
	return FavouritesPage{tab: tab,
		Items: tab.GetByTestID("favourite-item").OnPage(favouritesPage),
		Empty: tab.GetByTestID("favourites-empty").OnPage(favouritesPage),
	}
}

// Item is the row of product id.
func (p FavouritesPage) Item(productID string) *pages.Locator {
	return withID(p.tab, "favourite-item", productID).OnPage(favouritesPage)
}

// RemoveButton is the remove button of the row of product id.
func (p FavouritesPage) RemoveButton(productID string) *pages.Locator {
	return p.Item(productID).GetByTestID("favourite-remove")
}

// Remove removes product id, which must get a success from the favourites API, and waits until
// its row is gone.
func (p FavouritesPage) Remove(productID string) {
	p.tab.Step(favouritesPage+": remove product "+productID, func() {
		p.tab.ExpectOKResponse(favouritesAPI, p.RemoveButton(productID).Click)
		pages.Expect(p.Item(productID)).ToHaveCount(0)
	})
}
