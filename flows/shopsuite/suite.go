package shopsuite

import (
	"fmt"
	"net/http"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/pages/shoppages"
)

// The shop's messages the flows expect, from its contract.
const (
	flashAccountCreated = "Account created. Please sign in."
	flashSignedOut      = "Signed out"
)

// Suite returns the reference shop's suite: its seven flows in suite order (and its security,
// fault and visual flows, run on request: --grep @security, @fault, @visual), the hook that
// starts the built-in shop (or finds the configured one and its database), and the fixture that
// gives every attempt a fresh account.
func Suite() flows.Suite {
	return flows.Suite{
		Name: "shop",
		Flows: []flows.Flow{
			signupFlow, loginFlow, protectedRedirectFlow, profileFlow,
			addFavouriteFlow, removeFavouriteFlow, logoutFlow,
		},
		OnRequest:  append(append(SecurityFlows(), FaultFlows()...), VisualFlows()...),
		Config:     configSection,
		Start:      start,
		BeforeEach: newAccount,
	}
}

// SecurityFlows are the shop's active security flows (authorization, CSRF, XSS), which Suite
// runs on request.
func SecurityFlows() []flows.Flow { return []flows.Flow{idorFlow, csrfFlow, xssFlow} }

// SecuritySuite is Suite with its security flows as its flows: for go test.
func SecuritySuite() flows.Suite {
	s := Suite()
	s.Flows, s.OnRequest = SecurityFlows(), nil
	return s
}

// newAccount is the fixture: a new user unique to the attempt, its password a secret, in the
// flow's store; a flow that starts as the shop user has that user's already.
func newAccount(f *flows.F) {
	if username, _ := f.Lookup("username"); username != "" {
		return
	}
	id := flows.UniqueName(flows.NameOptions{Alphabet: flows.LowerHex, Length: 10})
	f.Set("username", "u_"+id)
	f.Set("email", "u_"+id+"@example.test")
	f.Set("password", f.Secret(flows.UniqueName(flows.NameOptions{Prefix: "pw-", Length: 16})))
}

// account is the attempt's account, which newAccount made.
func account(f *flows.F) shoppages.Account {
	return shoppages.Account{Username: f.Get("username"), Email: f.Get("email"), Password: f.Get("password")}
}

// signUp signs the attempt's account up through the form, which leads to the sign-in page, and
// returns it with the id of its users row.
func signUp(f *flows.F) (shoppages.Account, int64) {
	a := account(f)
	f.Step("sign up a new user", func() {
		shoppages.Signup(f.Tab).SignUp(a)
		f.ExpectPage().ToHavePath("/login")
	})
	return a, userIDOf(f, a.Username)
}

// signUpAndLogIn is signUp, then a login through the form.
func signUpAndLogIn(f *flows.F) (shoppages.Account, int64) {
	a, user := signUp(f)
	f.Step("log in", func() {
		shoppages.Login(f.Tab).As(a.Username, a.Password)
		f.Expect(shoppages.Nav(f.Tab).User).ToHaveText(a.Username)
	})
	return a, user
}

// csrfHeader is the X-CSRF-Token header of the page's session, from its <meta name="csrf-token">.
func csrfHeader(f *flows.F) http.Header {
	token := f.Tab.Evaluate(`() => document.querySelector('meta[name="csrf-token"]')?.content ?? ""`).Str()
	require.NotEmpty(f, token, `the page's <meta name="csrf-token">`)
	return http.Header{"X-Csrf-Token": {f.Secret(token)}}
}

// favourite adds (PUT) or removes (DELETE) product id through the API, with the page's token.
func favourite(f *flows.F, method string, id int) {
	f.API.Expect(http.StatusNoContent).Call(method, fmt.Sprintf("/api/favourites/%d", id), nil, csrfHeader(f))
}

// expectFavourites checks that GET /api/favourites and the favourites rows hold the products
// ids, newest first.
func expectFavourites(f *flows.F, userID int64, ids ...int) {
	var api []int
	for _, it := range f.CallAPI("GET", "/api/favourites", nil, http.StatusOK).Get("items").Arr() {
		api = append(api, it.Get("product_id").Int())
	}
	require.Equal(f, ids, api, "GET /api/favourites product ids")
	var db []int
	for _, r := range f.DB.Rows("SELECT product_id FROM favourites WHERE user_id = ? ORDER BY added_at DESC, product_id DESC", userID) {
		db = append(db, int(r["product_id"].(int64)))
	}
	require.ElementsMatch(f, ids, db, "favourites rows")
}

// Queries of the rows the flows check.
const (
	userID     = "SELECT id FROM users WHERE username = ?"
	sessionsOf = "SELECT 1 FROM sessions WHERE user_id = ?"
	favsOf     = "SELECT product_id FROM favourites WHERE user_id = ? ORDER BY product_id"
)

// userIDOf returns the id of the users row of username; none fails the flow.
func userIDOf(f *flows.F, username string) int64 { return f.DB.Value(userID, username).(int64) }
