package shopsuite

import (
	"net/http"
	"strconv"

	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/pages/shoppages"
)

// shopUser is the shop's signed-in user: each worker signs up and logs in once, so that its
// flows never share an account with another worker's.
var shopUser = &flows.User{
	Name:      "shop user",
	PerWorker: true,
	SignIn: func(f *flows.F) {
		_, user := signUpAndLogIn(f)
		f.Set("user_id", strconv.FormatInt(user, 10))
	},
}

// reusesSession names the flows that may start signed in: not those that test signing up, in
// or out.
var reusesSession = map[string]bool{"profile": true, "add favourite": true, "remove favourite": true}

// SuiteReusingSessions is Suite with profile and the favourite flows starting as shopUser,
// signed in once per worker, instead of signing up and in themselves.
func SuiteReusingSessions() flows.Suite {
	s := Suite()
	s.Flows = append([]flows.Flow(nil), s.Flows...)
	for i := range s.Flows {
		if reusesSession[s.Flows[i].Name] {
			s.Flows[i].As = shopUser
		}
	}
	return s
}

// signedIn returns the flow's signed-in account and the id of its users row: the shop user's when the
// flow started as it (then it opens the shop and checks the nav shows that user), else the
// attempt's fresh account, signed up and logged in through the forms.
func signedIn(f *flows.F) (shoppages.Account, int64) {
	if _, ok := f.Lookup("user_id"); !ok {
		return signUpAndLogIn(f)
	}
	a := account(f)
	f.Step("open the shop signed in", func() {
		shoppages.Catalog(f.Tab).Open()
		f.Expect(shoppages.Nav(f.Tab).User).ToHaveText(a.Username)
	})
	return a, userIDOf(f, a.Username)
}

// signedInWithoutFavourites is signedIn for the favourite flows: the shop user may hold
// favourites an earlier flow of the worker left, so they are removed through the API first.
func signedInWithoutFavourites(f *flows.F) (shoppages.Account, int64) {
	a, user := signedIn(f)
	if _, ok := f.Lookup("user_id"); !ok {
		return a, user
	}
	f.Step("start with no favourites", func() {
		for _, it := range f.CallAPI("GET", "/api/favourites", nil, http.StatusOK).Get("items").Arr() {
			favourite(f, http.MethodDelete, it.Get("product_id").Int())
		}
	})
	return a, user
}
