package shopsuite

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/pages/shoppages"
)

// shopUser is the shop's signed-in session: each worker signs up and logs in once, so that its
// flows never share an account with another worker's.
var shopUser = &flows.User{
	Name:      "shop user",
	PerWorker: true,
	SignIn: func(f *flows.F) {
		_, row := signUpAndLogIn(f)
		f.Set("user_id", strconv.FormatInt(row.ID, 10))
	},
}

// reusesSession names the flows that may start signed in: not those that test signing up, in
// or out.
var reusesSession = map[string]bool{"profile": true, "add favourite": true, "remove favourite": true}

// SuiteReusingSessions is Suite with profile and the favourite flows starting from a session
// each worker signed in to once (flows.User) instead of signing up and in themselves.
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

// signedIn returns the flow's signed-in account and its users row: the session's when the flow
// started from one (then it opens the shop and checks the nav shows that user), else the
// attempt's fresh account, signed up and logged in through the forms.
func signedIn(f *flows.F) (shoppages.Account, *UserRow) {
	f.Helper()
	if f.Get("user_id") == "" {
		return signUpAndLogIn(f)
	}
	a := account(f)
	username := a.Username
	var row *UserRow
	f.Step("open the shop signed in", func() {
		f.NoError(ui(f).Catalog().Open())
		user, err := ui(f).Nav().User()
		f.NoError(err)
		require.Equal(f, username, user, "nav-user of the saved session")
		row, err = rows(f).User(f.Ctx, username)
		f.NoError(err)
		require.NotNil(f, row, "users row of the session's user %s", username)
	})
	return a, row
}

// signedInWithoutFavourites is signedIn for the favourite flows: a session's account may hold
// favourites an earlier flow of the worker left, so they are removed through the API first.
func signedInWithoutFavourites(f *flows.F) (shoppages.Account, *UserRow) {
	f.Helper()
	a, row := signedIn(f)
	if f.Get("user_id") == "" {
		return a, row
	}
	f.Step("start with no favourites", func() {
		ids := apiFavouriteIDs(f)
		if len(ids) == 0 {
			return
		}
		csrf := csrfHeader(f)
		for _, id := range ids {
			apiStatus(f, http.MethodDelete, fmt.Sprintf("/api/favourites/%d", id), http.StatusNoContent, csrf)
		}
	})
	return a, row
}
