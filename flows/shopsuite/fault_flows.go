package shopsuite

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/pages"
	"github.com/e2e-dev/e2e/pages/shoppages"
	"github.com/e2e-dev/e2e/route"
)

// FaultFlows are the shop's service-virtualisation flows (the favourites API failing, slow, and
// the browser offline), which Suite runs when --grep names them (e.g. --grep fault).
func FaultFlows() []flows.Flow {
	return []flows.Flow{favouriteAPIFailsFlow, favouriteAPISlowFlow, favouritesOfflineFlow}
}

// FaultSuite is the shop suite with only its fault flows, for go test. The flows virtualise the
// API themselves (f.Route, f.Network), so they run against any shop.
func FaultSuite() flows.Suite {
	s := Suite()
	s.Name = "shop-faults"
	s.Flows, s.OnRequest = FaultFlows(), nil
	return s
}

// favouritesPut matches the toggle's call that adds a favourite.
var favouritesPut = route.Match{Method: http.MethodPut, URL: "/api/favourites/*"}

// openSomeProduct opens a random product's page and returns its id.
func openSomeProduct(f *flows.F) int {
	f.Helper()
	var id int
	f.Step("open a product", func() {
		f.NoError(ui(f).Catalog().Open())
		cards, err := ui(f).Catalog().Cards()
		f.NoError(err)
		require.NotEmpty(f, cards, "product cards")
		card := cards[rand.IntN(len(cards))]
		f.NoError(ui(f).Catalog().OpenProduct(card.ID))
		id, err = strconv.Atoi(card.ID)
		f.NoError(err)
	})
	return id
}

// clickUntil clicks the element of test id on the page, then waits for the condition cond (a
// JS function of no argument) to hold.
func clickUntil(f *flows.F, page, testID, what, cond string) {
	f.Helper()
	f.NoError(f.UI.Action(page, fmt.Sprintf("click %q until %s", testID, what), func(p *rod.Page) error {
		el, err := p.Element(pages.TestID(testID))
		if err != nil {
			return err
		}
		if err := el.Click(proto.InputMouseButtonLeft, 1); err != nil {
			return err
		}
		return p.Wait(rod.Eval(cond))
	}))
}

// waitFor waits for the condition cond (a JS function of no argument) to hold on the page.
func waitFor(f *flows.F, page, what, cond string) {
	f.Helper()
	f.NoError(f.UI.Action(page, "wait until "+what, func(p *rod.Page) error { return p.Wait(rod.Eval(cond)) }))
}

// requireFavourites requires /api/favourites and the user's favourites rows to list the product
// ids want (nil: none), newest first.
func requireFavourites(f *flows.F, userID int64, want []int, when string) {
	f.Helper()
	require.Equal(f, want, apiFavouriteIDs(f), "/api/favourites product ids %s", when)
	require.Equal(f, want, dbFavouriteIDs(f, userID), "favourites rows %s", when)
}

// toastIs is the condition that the toast says text with data-kind kind.
func toastIs(text, kind string) string {
	return fmt.Sprintf(`() => { const t = document.querySelector('[data-testid="toast"]'); return !!t && t.textContent === %q && t.dataset.kind === %q }`, text, kind)
}

// favouriteAPIFailsFlow: the favourites API answers 500; the user sees an error, the toggle
// keeps its state, and no row is written.
var favouriteAPIFailsFlow = flows.Flow{
	Name: "fault: favourite api fails",
	Doc:  "PUT /api/favourites answers 500: an error toast, the toggle unchanged, no favourites row",
	Run: func(f *flows.F) {
		_, row := signUpAndLogIn(f)
		id := openSomeProduct(f)
		failing := f.Route(favouritesPut, route.Fulfil{Status: http.StatusInternalServerError, JSON: map[string]string{"error": "injected by the flow"}})
		f.Step("toggle while the API fails", func() {
			clickUntil(f, "product page", "favourite-toggle", "the error toast shows",
				toastIs("Could not update favourites (HTTP 500)", "error"))
			st, err := ui(f).Product().FavouriteState()
			f.NoError(err)
			require.Equal(f, shoppages.Favourite{Label: shoppages.LabelAdd, Pressed: false}, st, "toggle after the failed call")
			require.Equal(f, 1, failing.Hits(), "PUT /api/favourites/* calls")
		})
		f.Step("check /api/favourites and the favourites rows", func() { requireFavourites(f, row.ID, nil, "after the failed call") })
		f.Step("toggle again once the API is back", func() {
			f.Unroute(failing)
			st, err := ui(f).Product().ToggleFavourite()
			f.NoError(err)
			require.Equal(f, shoppages.Favourite{Label: shoppages.LabelRemove, Pressed: true}, st, "toggle after adding")
			requireFavourites(f, row.ID, []int{id}, "after adding")
		})
	},
}

// favouriteAPISlowFlow: the favourites API takes 2s; the toggle shows it is busy, then succeeds.
var favouriteAPISlowFlow = flows.Flow{
	Name: "fault: favourite api slow",
	Doc:  "PUT /api/favourites takes 2s: the toggle shows a busy state, then the favourite is added",
	Run: func(f *flows.F) {
		_, row := signUpAndLogIn(f)
		id := openSomeProduct(f)
		slow := f.Route(favouritesPut, route.Delay{For: 2 * time.Second})
		f.Step("toggle while the API is slow", func() {
			clickUntil(f, "product page", "favourite-toggle", "the busy state shows",
				`() => { const b = document.querySelector('[data-testid="favourite-toggle"]'); const s = document.querySelector('[data-testid="busy"]'); return b.getAttribute("aria-busy") === "true" && b.disabled && !!s && s.textContent === "Saving\u2026" }`)
			waitFor(f, "product page", "the favourite is added and the busy state gone",
				`() => { const b = document.querySelector('[data-testid="favourite-toggle"]'); return b.getAttribute("aria-pressed") === "true" && !b.hasAttribute("aria-busy") && !document.querySelector('[data-testid="busy"]') }`)
			st, err := ui(f).Product().FavouriteState()
			f.NoError(err)
			require.Equal(f, shoppages.Favourite{Label: shoppages.LabelRemove, Pressed: true}, st, "toggle after the slow call")
			toast, err := ui(f).Product().Toast()
			f.NoError(err)
			require.Equal(f, "Added to favourites", toast, "toast after the slow call")
			require.Equal(f, 1, slow.Hits(), "PUT /api/favourites/* calls")
		})
		f.Step("check /api/favourites and the favourites rows", func() { requireFavourites(f, row.ID, []int{id}, "after the slow call") })
	},
}

// favouritesOfflineFlow: the browser goes offline on /favourites; a message shows, removing
// fails and keeps the row; back online, the message goes and removing works.
var favouritesOfflineFlow = flows.Flow{
	Name: "fault: favourites offline",
	Doc:  "offline on /favourites: a message shows, a removal fails and keeps the row; back online it works",
	Run: func(f *flows.F) {
		_, row := signUpAndLogIn(f)
		var id int
		f.Step("add a favourite through the API", func() {
			products := apiStatus(f, http.MethodGet, "/api/products", http.StatusOK, nil).JSON().Get("items").Arr()
			require.NotEmpty(f, products, "/api/products items")
			id = products[rand.IntN(len(products))].Get("id").Int()
			apiStatus(f, http.MethodPut, fmt.Sprintf("/api/favourites/%d", id), http.StatusNoContent, csrfHeader(f))
			f.NoError(ui(f).Nav().GoFavourites())
		})
		f.Step("go offline", func() {
			f.EmulateNetwork(route.Conditions{Offline: true})
			waitFor(f, "favourites page", "the offline message shows",
				`() => { const m = document.querySelector('[data-testid="offline"]'); return !!m && m.textContent.startsWith("You are offline.") }`)
			clickUntil(f, "favourites page", "favourite-remove", "the error toast shows",
				toastIs("Could not update favourites (network error)", "error"))
			items, err := ui(f).Favourites().Items()
			f.NoError(err)
			require.Equal(f, []string{strconv.Itoa(id)}, itemIDs(items), "favourite-item product ids while offline")
			require.Equal(f, []int{id}, dbFavouriteIDs(f, row.ID), "favourites rows while offline")
		})
		f.Step("come back online", func() {
			f.EmulateNetwork(route.Conditions{})
			waitFor(f, "favourites page", "the offline message is gone",
				`() => !document.querySelector('[data-testid="offline"]')`)
			f.NoError(ui(f).Favourites().Remove(strconv.Itoa(id)))
			f.NoError(ui(f).Favourites().WaitEmpty())
			requireFavourites(f, row.ID, nil, "after removing online")
		})
	},
}
