package shopsuite

import (
	"math/rand/v2"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/pages/shoppages"
	"github.com/e2e-dev/e2e/route"
)

// FaultFlows are the shop's service-virtualisation flows (the favourites API failing, slow, and
// the browser offline), which Suite runs on request. The flows virtualise the API themselves
// (f.Route, f.EmulateNetwork), so they run against any shop.
func FaultFlows() []flows.Flow {
	return []flows.Flow{favouriteAPIFailsFlow, favouriteAPISlowFlow, favouritesOfflineFlow}
}

// FaultSuite is the shop suite with only its fault flows, for go test.
func FaultSuite() flows.Suite {
	s := Suite()
	s.Name = "shop-faults"
	s.Flows, s.OnRequest = FaultFlows(), nil
	return s
}

// favouritesPut is the call that adds a favourite.
var favouritesPut = route.Match{Method: http.MethodPut, URL: "/api/favourites/*"}

// expectErrorToast expects the toast to say text as an error.
func expectErrorToast(f *flows.F, text string) {
	toast := shoppages.Nav(f.Tab).Toast
	f.Expect(toast).ToHaveText(text)
	f.Expect(toast).ToHaveAttribute("data-kind", "error")
}

// favouriteAPIFailsFlow: the favourites API answers 500; the page says so and changes nothing,
// and works again once the API is back.
var favouriteAPIFailsFlow = flows.Flow{
	Name: "fault: favourite api fails", Tags: []string{"@fault"},
	Doc: "PUT /api/favourites answers 500: an error toast, the toggle unchanged, no favourites row",
	Run: func(f *flows.F) {
		_, user := signUpAndLogIn(f)
		id, _ := pickProduct(f)
		product := shoppages.Product(f.Tab)
		failing := f.Route(favouritesPut, route.Fulfil{Status: http.StatusInternalServerError, JSON: map[string]string{"error": "injected by the flow"}})
		f.Step("toggle while the API fails", func() {
			product.Toggle.Click()
			expectErrorToast(f, "Could not update favourites (HTTP 500)")
			f.Expect(product.Toggle).ToHaveText(shoppages.LabelAdd)
			f.Expect(product.Toggle).ToHaveAttribute("aria-pressed", "false")
			require.Equal(f, 1, failing.Hits(), "PUT /api/favourites/* calls")
		})
		f.Step("check /api/favourites and the favourites rows", func() { expectFavourites(f, user) })
		f.Step("toggle again once the API is back", func() {
			f.Unroute(failing)
			product.ToggleFavourite()
			expectFavourites(f, user, id)
		})
	},
}

// favouriteAPISlowFlow: the favourites API takes 2s; the toggle shows it is busy meanwhile.
var favouriteAPISlowFlow = flows.Flow{
	Name: "fault: favourite api slow", Tags: []string{"@fault"},
	Doc: "PUT /api/favourites takes 2s: the toggle shows a busy state, then the favourite is added",
	Run: func(f *flows.F) {
		_, user := signUpAndLogIn(f)
		id, _ := pickProduct(f)
		product := shoppages.Product(f.Tab)
		slow := f.Route(favouritesPut, route.Delay{For: 2 * time.Second})
		f.Step("toggle while the API is slow", func() {
			product.Toggle.Click()
			f.Expect(product.Toggle).ToHaveAttribute("aria-busy", "true")
			f.Expect(product.Toggle).ToBeDisabled()
			f.Expect(product.Busy).ToHaveText("Saving\u2026")
			f.Expect(product.Toggle).ToHaveAttribute("aria-pressed", "true")
			f.Expect(product.Toggle).Not().ToHaveAttribute("aria-busy", "true")
			f.Expect(product.Busy).ToHaveCount(0)
			f.Expect(product.Toggle).ToHaveText(shoppages.LabelRemove)
			f.Expect(shoppages.Nav(f.Tab).Toast).ToHaveText("Added to favourites")
			require.Equal(f, 1, slow.Hits(), "PUT /api/favourites/* calls")
		})
		f.Step("check /api/favourites and the favourites rows", func() { expectFavourites(f, user, id) })
	},
}

// favouritesOfflineFlow: offline, /favourites says so and a removal fails, keeping the row; back
// online the removal works.
var favouritesOfflineFlow = flows.Flow{
	Name: "fault: favourites offline", Tags: []string{"@fault"},
	Doc: "offline on /favourites: a message shows, a removal fails and keeps the row; back online it works",
	Run: func(f *flows.F) {
		_, user := signUpAndLogIn(f)
		var id int
		f.Step("add a favourite through the API", func() {
			products := f.CallAPI("GET", "/api/products", nil, http.StatusOK).Get("items").Arr()
			require.NotEmpty(f, products, "/api/products items")
			id = products[rand.IntN(len(products))].Get("id").Int()
			favourite(f, http.MethodPut, id)
			shoppages.Nav(f.Tab).GoFavourites()
		})
		favs, offline := shoppages.Favourites(f.Tab), shoppages.Nav(f.Tab).Offline
		f.Step("go offline", func() {
			f.EmulateNetwork(route.Conditions{Offline: true})
			f.Expect(offline).ToHaveTextMatching(regexp.MustCompile(`^You are offline\.`))
			favs.RemoveButton(strconv.Itoa(id)).Click()
			expectErrorToast(f, "Could not update favourites (network error)")
			f.Expect(favs.Items).ToHaveCount(1)
			f.Expect(favs.Item(strconv.Itoa(id))).ToBeVisible()
			f.ExpectRows(favsOf, user).ToHaveValue(id)
		})
		f.Step("come back online", func() {
			f.EmulateNetwork(route.Conditions{})
			f.Expect(offline).ToHaveCount(0)
			favs.Remove(strconv.Itoa(id))
			f.Expect(favs.Empty).ToBeVisible()
			expectFavourites(f, user)
		})
	},
}
