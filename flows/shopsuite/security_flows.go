package shopsuite

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/audit/active"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/flows"
)

// The shop's active security flows, on the audit/active helpers any suite can call. Each one
// fails against a shop built with the matching hole (shop.HoleIDOR, HoleCSRF, HoleXSS).

// idorFlow: bob, signed in, tries alice's favourites by her user id.
var idorFlow = flows.Flow{
	Name: "security: another user's favourites",
	Doc:  "a user cannot read or change another user's favourites by id, through the API or the page URL, and the rows stay as they were",
	Run: func(f *flows.F) {
		_, alice := signUpAndLogIn(f)
		f.Step("alice adds product 2 to her favourites", func() {
			apiStatus(f, http.MethodPut, "/api/favourites/2", http.StatusNoContent, csrfHeader(f))
			f.NoError(ui(f).Nav().Logout())
		})
		f.Set("username", "")
		newAccount(f)
		_, bob := signUpAndLogIn(f)
		own := fmt.Sprintf("/api/users/%d/favourites", bob.ID)
		f.Step("bob reads his own favourites by id", func() { apiStatus(f, http.MethodGet, own, http.StatusOK, nil) })

		theirs := fmt.Sprintf("/api/users/%d/favourites", alice.ID)
		aliceRows := func() ([]FavouriteRow, error) { return rows(f).Favourites(f.Ctx, alice.ID) }
		call := func(method, path string, h http.Header) func() (*backend.Response, error) {
			return func() (*backend.Response, error) {
				return f.API.Expect(active.Refused...).Call(f.Ctx, method, path, nil, h)
			}
		}
		h := csrfHeader(f)
		active.RefusedAndUnchanged(f, "bob reads alice's favourites through the API", aliceRows, call(http.MethodGet, theirs, nil))
		active.RefusedAndUnchanged(f, "bob removes alice's favourite through the API", aliceRows, call(http.MethodDelete, theirs+"/2", h))
		active.RefusedAndUnchanged(f, "bob adds to alice's favourites through the API", aliceRows, call(http.MethodPut, theirs+"/3", h))
		f.Step("bob opens alice's favourites page", func() {
			f.NoError(f.UI.Goto("favourites page", fmt.Sprintf("/users/%d/favourites", alice.ID)))
			status, err := f.UI.NavigationStatus()
			f.NoError(err)
			active.ExpectRefusedStatus(f, "bob opens alice's favourites page", status)
			shown, err := f.UI.Has("favourite-item")
			f.NoError(err)
			require.False(f, shown, "alice's favourites shown to bob")
		})
	},
}

// csrfState is what a forged request must not change: the user's favourites and display name.
type csrfState struct {
	Favourites  []FavouriteRow
	DisplayName string
}

// csrfFlow: state changes without the session's token, or with another session's, are refused.
var csrfFlow = flows.Flow{
	Name: "security: state changes need the session's token",
	Doc:  "a favourite or profile change without the CSRF token, or with another session's token, is refused and changes nothing",
	Run: func(f *flows.F) {
		a, row := signUpAndLogIn(f)
		var stale http.Header
		f.Step("sign in again: a new session, a new token", func() {
			stale = csrfHeader(f)
			f.NoError(ui(f).Nav().Logout())
			f.NoError(ui(f).Login().Open(""))
			f.NoError(ui(f).Login().Login(a.Username, a.Password))
			fresh := csrfHeader(f)
			require.NotEqual(f, stale.Get("X-Csrf-Token"), fresh.Get("X-Csrf-Token"), "the new session's token")
		})
		state := func() (csrfState, error) {
			favs, err := rows(f).Favourites(f.Ctx, row.ID)
			if err != nil {
				return csrfState{}, err
			}
			u, err := rows(f).User(f.Ctx, a.Username)
			if err != nil || u == nil {
				return csrfState{}, fmt.Errorf("users row of %s: %v", a.Username, err)
			}
			return csrfState{Favourites: favs, DisplayName: u.DisplayName}, nil
		}
		put := func(h http.Header) func() (*backend.Response, error) {
			return func() (*backend.Response, error) {
				return f.API.Call(f.Ctx, http.MethodPut, "/api/favourites/1", nil, h)
			}
		}
		profile := func(token string) func() (*backend.Response, error) {
			return func() (*backend.Response, error) {
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

// xssFlow: a search term and a username holding a script payload are shown as typed, and no
// script of theirs runs.
var xssFlow = flows.Flow{
	Name: "security: typed script never runs",
	Doc:  "a search term and a username holding a script payload are shown escaped; no dialog opens and no payload script runs",
	Run: func(f *flows.F) {
		payload, marker := active.XSSPayload()
		w, err := active.WatchScripts(f, marker)
		f.NoError(err)
		defer w.Stop()
		f.Step("search for the payload", func() {
			f.NoError(ui(f).Catalog().Open())
			f.NoError(ui(f).Search().For(payload))
			term, err := ui(f).Search().Term()
			f.NoError(err)
			active.ExpectShownLiterally(f, "the search term", term, payload)
		})
		f.Step("sign up with the payload as username", func() {
			a := account(f)
			a.Username = payload
			f.NoError(ui(f).Signup().Open())
			f.NoError(ui(f).Signup().Signup(a))
			path, err := f.UI.Path()
			f.NoError(err)
			if path == "/signup" { // refused: the form shows the name back
				v, err := ui(f).Signup().Value("username")
				f.NoError(err)
				active.ExpectShownLiterally(f, "the signup form's username", v, payload)
				return
			}
			f.NoError(ui(f).Login().Login(a.Username, a.Password))
			user, err := ui(f).Nav().User()
			f.NoError(err)
			active.ExpectShownLiterally(f, "nav-user", user, payload)
		})
		f.Step("no script of the payload ran", func() { w.ExpectNoScript(f, "search term and username") })
	},
}
