package shopsuite

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"

	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/pages/shoppages"
	"github.com/stretchr/testify/require"
)

// addFavouriteFlow: from the catalog to a product, toggle; the label and aria-pressed change
// after the API answers; /favourites lists it; the API and the database agree.
var addFavouriteFlow = flows.Flow{
	Name: "add favourite",
	Doc:  "the product page's toggle adds a favourite, seen on /favourites, in the API and in the database",
	Run: func(f *flows.F) {
		_, row := signedInWithoutFavourites(f)
		var card shoppages.Card
		f.Step("pick a product in the catalog", func() {
			f.NoError(ui(f).Catalog().Open())
			cards, err := ui(f).Catalog().Cards()
			f.NoError(err)
			require.GreaterOrEqual(f, len(cards), 12, "product cards in the catalog")
			card = cards[rand.IntN(len(cards))]
			f.NoError(ui(f).Catalog().OpenProduct(card.ID))
		})
		var name string
		f.Step("add it to favourites", func() {
			var err error
			name, err = ui(f).Product().Name()
			f.NoError(err)
			require.Contains(f, card.Text, name, "the catalog card shows the product's name")
			st, err := ui(f).Product().FavouriteState()
			f.NoError(err)
			require.Equal(f, shoppages.Favourite{Label: shoppages.LabelAdd, Pressed: false}, st, "toggle before adding")
			st, err = ui(f).Product().ToggleFavourite()
			f.NoError(err)
			require.Equal(f, shoppages.Favourite{Label: shoppages.LabelRemove, Pressed: true}, st, "toggle after adding")
			toast, err := ui(f).Product().Toast()
			f.NoError(err)
			require.Equal(f, "Added to favourites", toast, "toast after adding")
		})
		id, err := strconv.Atoi(card.ID)
		f.NoError(err)
		f.Step("see it on /favourites", func() {
			f.NoError(ui(f).Nav().GoFavourites())
			items, err := ui(f).Favourites().Items()
			f.NoError(err)
			require.Len(f, items, 1, "favourite-item rows")
			require.Equal(f, card.ID, items[0].ProductID, "favourite-item data-product-id")
			require.Contains(f, items[0].Text, name, "favourite-item text")
		})
		f.Step("check /api/favourites and the favourites rows", func() {
			require.Equal(f, []int{id}, apiFavouriteIDs(f), "/api/favourites product ids")
			require.Equal(f, []int{id}, dbFavouriteIDs(f, row.ID), "favourites rows")
		})
	},
}

// removeFavouriteFlow: removing favourites takes them off /favourites, shows favourites-empty
// when none is left, and the API and the database agree at each step.
var removeFavouriteFlow = flows.Flow{
	Name: "remove favourite",
	Doc:  "removing favourites on /favourites updates the page, the API and the database, down to empty",
	Run: func(f *flows.F) {
		_, row := signedInWithoutFavourites(f)
		var first, second int
		f.Step("add two favourites through the API", func() {
			products := apiStatus(f, http.MethodGet, "/api/products", http.StatusOK, nil).JSON().Get("items").Arr()
			require.GreaterOrEqual(f, len(products), 2, "/api/products items")
			i := rand.IntN(len(products) - 1)
			first, second = products[i].Get("id").Int(), products[i+1].Get("id").Int()
			csrf := csrfHeader(f)
			apiStatus(f, http.MethodPut, fmt.Sprintf("/api/favourites/%d", first), http.StatusNoContent, csrf)
			apiStatus(f, http.MethodPut, fmt.Sprintf("/api/favourites/%d", second), http.StatusNoContent, csrf)
		})
		f.Step("see both on /favourites, newest first", func() {
			f.NoError(ui(f).Nav().GoFavourites())
			items, err := ui(f).Favourites().Items()
			f.NoError(err)
			require.Equal(f, []string{strconv.Itoa(second), strconv.Itoa(first)}, itemIDs(items), "favourite-item product ids")
		})
		f.Step("remove the newest", func() {
			f.NoError(ui(f).Favourites().Remove(strconv.Itoa(second)))
			items, err := ui(f).Favourites().Items()
			f.NoError(err)
			require.Equal(f, []string{strconv.Itoa(first)}, itemIDs(items), "favourite-item product ids after removing one")
			require.Equal(f, []int{first}, apiFavouriteIDs(f), "/api/favourites after removing one")
			require.Equal(f, []int{first}, dbFavouriteIDs(f, row.ID), "favourites rows after removing one")
		})
		f.Step("remove the last", func() {
			f.NoError(ui(f).Favourites().Remove(strconv.Itoa(first)))
			f.NoError(ui(f).Favourites().WaitEmpty())
			require.Empty(f, apiFavouriteIDs(f), "/api/favourites after removing all")
			require.Empty(f, dbFavouriteIDs(f, row.ID), "favourites rows after removing all")
		})
	},
}

func itemIDs(items []shoppages.FavouriteItem) []string {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ProductID
	}
	return ids
}
