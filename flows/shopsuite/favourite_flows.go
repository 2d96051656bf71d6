package shopsuite

import (
	"math/rand/v2"
	"net/http"
	"strconv"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/pages/shoppages"
)

// pickProduct opens the catalog, which shows a dozen products or more, and one of them at
// random; it returns its id and the text its card showed.
func pickProduct(f *flows.F) (id int, card string) {
	f.Step("pick a product in the catalog", func() {
		catalog := shoppages.Catalog(f.Tab)
		catalog.Open()
		f.Expect(catalog.Cards.First()).ToBeVisible()
		n := catalog.Cards.Count()
		require.GreaterOrEqual(f, n, 12, "product cards in the catalog")
		picked := catalog.Cards.Nth(rand.IntN(n))
		attr, _ := picked.GetAttribute("data-product-id")
		card = picked.InnerText()
		catalog.OpenProduct(attr)
		var err error
		id, err = strconv.Atoi(attr)
		require.NoError(f, err, "data-product-id of the card")
	})
	return id, card
}

// addFavouriteFlow: the product page's toggle adds a favourite, shown on /favourites, and in the
// API and the database.
var addFavouriteFlow = flows.Flow{
	Name: "add favourite",
	Doc:  "the product page's toggle adds a favourite, seen on /favourites, in the API and in the database",
	Run: func(f *flows.F) {
		_, user := signedInWithoutFavourites(f)
		id, card := pickProduct(f)
		product := shoppages.Product(f.Tab)
		name := product.Name.InnerText()
		require.Contains(f, card, name, "the catalog card shows the product's name")
		f.Step("add it to favourites", func() {
			f.Expect(product.Toggle).ToHaveText(shoppages.LabelAdd)
			f.Expect(product.Toggle).ToHaveAttribute("aria-pressed", "false")
			product.ToggleFavourite()
			f.Expect(shoppages.Nav(f.Tab).Toast).ToHaveText("Added to favourites")
		})
		f.Step("see it on /favourites", func() {
			shoppages.Nav(f.Tab).GoFavourites()
			favs := shoppages.Favourites(f.Tab)
			f.Expect(favs.Items).ToHaveCount(1)
			f.Expect(favs.Item(strconv.Itoa(id))).ToContainText(name)
		})
		f.Step("check /api/favourites and the favourites rows", func() { expectFavourites(f, user, id) })
	},
}

// removeFavouriteFlow: two favourites added through the API show newest first on /favourites;
// removing them there empties the page, the API and the rows.
var removeFavouriteFlow = flows.Flow{
	Name: "remove favourite",
	Doc:  "removing favourites on /favourites updates the page, the API and the database, down to empty",
	Run: func(f *flows.F) {
		_, user := signedInWithoutFavourites(f)
		var first, second int
		f.Step("add two favourites through the API", func() {
			products := f.CallAPI("GET", "/api/products", nil, http.StatusOK).Get("items").Arr()
			require.GreaterOrEqual(f, len(products), 2, "/api/products items")
			i := rand.IntN(len(products) - 1)
			first, second = products[i].Get("id").Int(), products[i+1].Get("id").Int()
			favourite(f, http.MethodPut, first)
			favourite(f, http.MethodPut, second)
		})
		favs := shoppages.Favourites(f.Tab)
		f.Step("see both on /favourites, newest first", func() {
			shoppages.Nav(f.Tab).GoFavourites()
			f.Expect(favs.Items).ToHaveCount(2)
			f.Expect(favs.Items.First()).ToHaveAttribute("data-product-id", strconv.Itoa(second))
			f.Expect(favs.Items.Last()).ToHaveAttribute("data-product-id", strconv.Itoa(first))
		})
		f.Step("remove the newest", func() {
			favs.Remove(strconv.Itoa(second))
			f.Expect(favs.Items).ToHaveCount(1)
			expectFavourites(f, user, first)
		})
		f.Step("remove the last", func() {
			favs.Remove(strconv.Itoa(first))
			f.Expect(favs.Empty).ToBeVisible()
			expectFavourites(f, user)
		})
	},
}
