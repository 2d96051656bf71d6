package flows

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/pages"
)

// shopUser is the reference shop's signed-in session: each worker signs up and logs in once,
// so that its flows never share an account with another worker's.
var shopUser = &Session{
	Name:      "shop user",
	PerWorker: true,
	Setup: func(f *F) {
		a, row := signUpAndLogIn(f)
		f.Keep("username", a.Username)
		f.Keep("email", a.Email)
		f.Keep("user_id", strconv.FormatInt(row.ID, 10))
	},
}

// reusesSession names the shop's flows that may start signed in: not those that test signing
// up, in or out.
var reusesSession = map[string]bool{"profile": true, "add favourite": true, "remove favourite": true}

// ShopSuiteReusingSessions returns the shop's flows, in suite order, with profile and the
// favourite flows starting from a session each worker signs in to once (shopUser) instead of
// signing up and in themselves.
func ShopSuiteReusingSessions() []Flow {
	suite := ShopSuite()
	for i := range suite {
		if reusesSession[suite[i].Name] {
			suite[i].Session = shopUser
		}
	}
	return suite
}

// signedIn returns the flow's signed-in account and its users row: the session's when the flow
// started from one, else a new account signed up and logged in through the forms.
func signedIn(f *F) (pages.Account, *backend.UserRow) {
	f.Helper()
	username := f.Kept("username")
	if username == "" {
		return signUpAndLogIn(f)
	}
	a := pages.Account{Username: username, Email: f.Kept("email")}
	var row *backend.UserRow
	f.Step("open the shop signed in", func() {
		f.NoError(f.UI.Goto("catalog", "/"))
		user, err := f.UI.Nav().User()
		f.NoError(err)
		require.Equal(f, username, user, "nav-user of the saved session")
		row, err = f.DB.User(f.Ctx, username)
		f.NoError(err)
		require.NotNil(f, row, "users row of the session's user %s", username)
	})
	return a, row
}

// signedInWithoutFavourites is signedIn for the favourite flows: a session's account may hold
// favourites an earlier flow of the worker left, so they are removed through the API first.
func signedInWithoutFavourites(f *F) (pages.Account, *backend.UserRow) {
	f.Helper()
	a, row := signedIn(f)
	if f.Kept("username") == "" {
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
