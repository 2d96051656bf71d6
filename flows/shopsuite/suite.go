package shopsuite

import (
	"net/http"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/pages/shoppages"
)

// The shop's messages the flows expect, from its contract.
const (
	flashAccountCreated = "Account created. Please sign in."
	flashSignedOut      = "Signed out"
)

// Suite returns the reference shop's suite: its seven flows in suite order (and its security
// flows, run on request: --grep security), the hook that
// starts the built-in shop (or finds the configured one and its database), and the fixture
// that gives every attempt a fresh account.
func Suite() flows.Suite {
	return flows.Suite{
		Name: "shop",
		Flows: []flows.Flow{
			signupFlow, loginFlow, protectedRedirectFlow, profileFlow,
			addFavouriteFlow, removeFavouriteFlow, logoutFlow,
		},
		OnRequest:  append(SecurityFlows(), FaultFlows()...),
		Config:     configSection,
		Start:      start,
		BeforeEach: newAccount,
	}
}

// SecurityFlows are the shop's active security flows (authorization, CSRF, XSS), which
// Suite runs when --grep names them.
func SecurityFlows() []flows.Flow { return []flows.Flow{idorFlow, csrfFlow, xssFlow} }

// SecuritySuite is Suite with its security flows as its flows: for go test.
func SecuritySuite() flows.Suite {
	s := Suite()
	s.Flows, s.OnRequest = SecurityFlows(), nil
	return s
}

// newAccount makes a new user unique to the attempt, its password a secret, and stores it in
// the flow's store for account; a flow that starts as the shop user has that user's already.
func newAccount(f *flows.F) {
	if f.Get("username") != "" {
		return
	}
	id := flows.UniqueName(flows.NameOptions{Alphabet: flows.LowerHex, Length: 10})
	f.Set("username", "u_"+id)
	f.Set("email", "u_"+id+"@example.test")
	f.Set("password", f.Secret(flows.UniqueName(flows.NameOptions{Prefix: "pw-", Length: 16})))
}

// account returns the attempt's fresh account (BeforeEach made it), not yet signed up.
func account(f *flows.F) shoppages.Account {
	a := shoppages.Account{Username: f.Get("username"), Email: f.Get("email"), Password: f.Get("password")}
	if a.Username == "" {
		f.Errorf("no account: the flow runs outside the shop suite's BeforeEach")
		f.FailNow()
	}
	return a
}

// ui returns the shop's page objects on the flow's tab.
func ui(f *flows.F) shoppages.UI { return shoppages.On(f.UI) }

// signUp creates a new account through the signup form and returns it with its users row.
func signUp(f *flows.F) (shoppages.Account, *UserRow) {
	f.Helper()
	a := account(f)
	var row *UserRow
	f.Step("sign up a new user", func() {
		f.NoError(ui(f).Signup().Open())
		f.NoError(ui(f).Signup().Signup(a))
		path, err := f.UI.Path()
		f.NoError(err)
		require.Equal(f, "/login", path, "page after signing up")
		row, err = rows(f).User(f.Ctx, a.Username)
		f.NoError(err)
		require.NotNil(f, row, "users row of %s after signing up", a.Username)
	})
	return a, row
}

// signUpAndLogIn creates a new account and logs in with it through the forms.
func signUpAndLogIn(f *flows.F) (shoppages.Account, *UserRow) {
	f.Helper()
	a, row := signUp(f)
	f.Step("log in", func() {
		f.NoError(ui(f).Login().Login(a.Username, a.Password))
		user, err := ui(f).Nav().User()
		f.NoError(err)
		require.Equal(f, a.Username, user, "nav-user after logging in")
	})
	return a, row
}

// apiStatus calls the API and requires the status want.
func apiStatus(f *flows.F, method, path string, want int, header http.Header) *backend.Response {
	f.Helper()
	res, err := f.API.Expect(want).Call(f.Ctx, method, path, nil, header)
	f.NoError(err) // "api PUT /api/favourites/3: expected 204, found 500; body: ..."
	return res
}

// csrfHeader returns the X-CSRF-Token header with the token the current page carries.
func csrfHeader(f *flows.F) http.Header {
	f.Helper()
	token, err := ui(f).CSRFToken()
	f.NoError(err)
	f.Secret(token)
	return http.Header{"X-Csrf-Token": []string{token}}
}

// apiFavouriteIDs returns the product ids /api/favourites lists, in its order.
func apiFavouriteIDs(f *flows.F) []int {
	f.Helper()
	res := apiStatus(f, http.MethodGet, "/api/favourites", http.StatusOK, nil)
	var ids []int
	for _, it := range res.JSON().Get("items").Arr() {
		ids = append(ids, it.Get("product_id").Int())
	}
	return ids
}

// dbFavouriteIDs returns the product ids of the user's favourites rows, newest first.
func dbFavouriteIDs(f *flows.F, userID int64) []int {
	f.Helper()
	rows, err := rows(f).Favourites(f.Ctx, userID)
	f.NoError(err)
	var ids []int
	for _, r := range rows {
		ids = append(ids, int(r.ProductID))
	}
	return ids
}
