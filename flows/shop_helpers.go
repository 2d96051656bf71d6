package flows

import (
	"net/http"

	"github.com/go-rod/rod/lib/proto"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/pages"
)

// The shop's messages the flows expect, from its contract.
const (
	flashAccountCreated = "Account created. Please sign in."
	flashSignedOut      = "Signed out"
)

// ShopSuite returns the flows of the reference shop, in suite order.
func ShopSuite() []Flow {
	return []Flow{
		signupFlow, loginFlow, protectedRedirectFlow, profileFlow,
		addFavouriteFlow, removeFavouriteFlow, logoutFlow,
	}
}

// signUp creates a new account through the signup form and returns it with its users row.
func signUp(f *F) (pages.Account, *backend.UserRow) {
	f.Helper()
	a := f.NewAccount()
	var row *backend.UserRow
	f.Step("sign up a new user", func() {
		f.NoError(f.UI.Signup().Open())
		f.NoError(f.UI.Signup().Signup(a))
		path, err := f.UI.Path()
		f.NoError(err)
		require.Equal(f, "/login", path, "page after signing up")
		row, err = f.DB.User(f.Ctx, a.Username)
		f.NoError(err)
		require.NotNil(f, row, "users row of %s after signing up", a.Username)
	})
	return a, row
}

// signUpAndLogIn creates a new account and logs in with it through the forms.
func signUpAndLogIn(f *F) (pages.Account, *backend.UserRow) {
	f.Helper()
	a, row := signUp(f)
	f.Step("log in", func() {
		f.NoError(f.UI.Login().Login(a.Username, a.Password))
		user, err := f.UI.Nav().User()
		f.NoError(err)
		require.Equal(f, a.Username, user, "nav-user after logging in")
	})
	return a, row
}

// apiStatus calls the API and requires the status want.
func apiStatus(f *F, method, path string, want int, header http.Header) *backend.Response {
	f.Helper()
	res, err := f.API.Expect(want).Call(f.Ctx, method, path, nil, header)
	f.NoError(err) // "api PUT /api/favourites/3: expected 204, found 500; body: ..."
	return res
}

// csrfHeader returns the X-CSRF-Token header with the token the current page carries.
func csrfHeader(f *F) http.Header {
	f.Helper()
	token, err := f.UI.CSRFToken()
	f.NoError(err)
	if f.Secret != nil {
		f.Secret(token)
	}
	return http.Header{"X-Csrf-Token": []string{token}}
}

// apiFavouriteIDs returns the product ids /api/favourites lists, in its order.
func apiFavouriteIDs(f *F) []int {
	f.Helper()
	res := apiStatus(f, http.MethodGet, "/api/favourites", http.StatusOK, nil)
	var ids []int
	for _, it := range res.JSON().Get("items").Arr() {
		ids = append(ids, it.Get("product_id").Int())
	}
	return ids
}

// dbFavouriteIDs returns the product ids of the user's favourites rows, newest first.
func dbFavouriteIDs(f *F, userID int64) []int {
	f.Helper()
	rows, err := f.DB.Favourites(f.Ctx, userID)
	f.NoError(err)
	var ids []int
	for _, r := range rows {
		ids = append(ids, int(r.ProductID))
	}
	return ids
}

// httpCookies converts browser cookies to net/http ones.
func httpCookies(cs []*proto.NetworkCookie) []*http.Cookie {
	out := make([]*http.Cookie, len(cs))
	for i, c := range cs {
		out[i] = &http.Cookie{Name: c.Name, Value: c.Value}
	}
	return out
}
