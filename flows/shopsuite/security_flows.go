package shopsuite

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/audit/active"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/pages/shoppages"
)

// The shop's active security flows, on the audit/active helpers any suite can call. Each one
// fails against a shop built with the matching hole (shop.HoleIDOR, HoleCSRF, HoleXSS).

// idorFlow: bob, signed in, tries alice's favourites by her user id.
var idorFlow = flows.Flow{
	Name: "security: another user's favourites", Tags: []string{"@security"},
	Doc: "a user cannot read or change another user's favourites by id, through the API or the page URL, and the rows stay as they were",
	Run: func(f *flows.F) {
		_, alice := signUpAndLogIn(f)
		f.Step("alice adds product 2 to her favourites", func() {
			favourite(f, http.MethodPut, 2)
			shoppages.Nav(f.Tab).LogOut()
		})
		f.Set("username", "") // a second fresh account: bob
		newAccount(f)
		_, bob := signUpAndLogIn(f)
		f.Step("bob reads his own favourites by id", func() {
			f.CallAPI("GET", fmt.Sprintf("/api/users/%d/favourites", bob), nil, http.StatusOK)
		})
		theirs := fmt.Sprintf("/api/users/%d/favourites", alice)
		aliceRows := func() []map[string]any { return f.DB.Rows(favsOf, alice) }
		call := func(method, path string, h http.Header) func() *backend.Response {
			return func() *backend.Response { return f.API.AnyStatus().Call(method, path, nil, h) }
		}
		h := csrfHeader(f)
		active.RefusedAndUnchanged(f, "bob reads alice's favourites through the API", aliceRows, call(http.MethodGet, theirs, nil))
		active.RefusedAndUnchanged(f, "bob removes alice's favourite through the API", aliceRows, call(http.MethodDelete, theirs+"/2", h))
		active.RefusedAndUnchanged(f, "bob adds to alice's favourites through the API", aliceRows, call(http.MethodPut, theirs+"/3", h))
		f.Step("bob opens alice's favourites page", func() {
			f.Tab.Goto(fmt.Sprintf("/users/%d/favourites", alice))
			active.ExpectRefusedStatus(f, "bob opens alice's favourites page", f.Tab.NavigationStatus())
			f.Expect(shoppages.Favourites(f.Tab).Items).ToHaveCount(0)
		})
	},
}

// csrfFlow: with a session's token missing or stale (another session's), a favourite change and
// a profile change are refused and leave the rows as they were.
var csrfFlow = flows.Flow{
	Name: "security: state changes need the session's token", Tags: []string{"@security"},
	Doc: "a favourite or profile change without the CSRF token, or with another session's token, is refused and changes nothing",
	Run: func(f *flows.F) {
		a, user := signUpAndLogIn(f)
		var stale http.Header
		f.Step("sign in again: a new session, a new token", func() {
			stale = csrfHeader(f)
			shoppages.Nav(f.Tab).LogOut()
			shoppages.Login(f.Tab).Open()
			shoppages.Login(f.Tab).As(a.Username, a.Password)
			require.NotEqual(f, stale.Get("X-Csrf-Token"), csrfHeader(f).Get("X-Csrf-Token"), "the new session's token")
		})
		state := func() []any {
			return []any{f.DB.Rows(favsOf, user), f.DB.Value("SELECT display_name FROM users WHERE id = ?", user)}
		}
		put := func(h http.Header) func() *backend.Response {
			return func() *backend.Response {
				return f.API.AnyStatus().Call(http.MethodPut, "/api/favourites/1", nil, h)
			}
		}
		profile := func(token string) func() *backend.Response {
			return func() *backend.Response {
				form := url.Values{"display_name": {"Forged"}}
				if token != "" {
					form.Set("csrf_token", token)
				}
				return active.PostForm(f, "/profile", form, nil)
			}
		}
		active.RefusedAndUnchanged(f, "add a favourite without a token", state, put(nil))
		active.RefusedAndUnchanged(f, "add a favourite with another session's token", state, put(stale))
		active.RefusedAndUnchanged(f, "change the profile without a token", state, profile(""))
		active.RefusedAndUnchanged(f, "change the profile with another session's token", state, profile(stale.Get("X-Csrf-Token")))
	},
}

// xssFlow: a script payload typed as a search term and as a username is shown as typed, and no
// script of it runs (no dialog, no marked console message). What the page shows is read and
// compared, not awaited: each check reports and the flow goes on, so that a hole's failure says
// all that got through.
var xssFlow = flows.Flow{
	Name: "security: typed script never runs", Tags: []string{"@security"},
	Doc: "a search term and a username holding a script payload are shown escaped; no dialog opens and no payload script runs",
	Run: func(f *flows.F) {
		payload, marker := active.XSSPayload()
		w := active.WatchScripts(f, marker)
		defer w.Stop()
		f.Step("search for the payload", func() {
			catalog := shoppages.Catalog(f.Tab)
			catalog.Open()
			catalog.Search(payload)
			active.ExpectShownLiterally(f, "the search term", catalog.SearchTerm.InnerText(), payload)
		})
		f.Step("sign up with the payload as username", func() {
			a := account(f)
			a.Username = payload
			shoppages.Signup(f.Tab).SignUp(a)
			if f.Tab.Path() == "/signup" { // refused: the form shows the name back
				active.ExpectShownLiterally(f, "the signup form's username", shoppages.Signup(f.Tab).Username.InputValue(), payload)
				return
			}
			shoppages.Login(f.Tab).As(a.Username, a.Password)
			active.ExpectShownLiterally(f, "nav-user", shoppages.Nav(f.Tab).User.InnerText(), payload)
		})
		f.Step("no script of the payload ran", func() { w.ExpectNoScript(f, "search term and username") })
	},
}
