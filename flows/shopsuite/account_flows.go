package shopsuite

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/e2e-dev/e2e/flows"
	"github.com/stretchr/testify/require"
)

// signupFlow: the form leads to /login with the flash; a users row exists whose hash is not the
// password; /api/me answers 401, as signing up does not sign in.
var signupFlow = flows.Flow{
	Name: "signup",
	Doc:  "the signup form creates a user (hashed password) and leads to the login page",
	Run: func(f *flows.F) {
		a := account(f)
		f.Step("fill and submit the signup form", func() {
			f.NoError(ui(f).Signup().Open())
			f.NoError(ui(f).Signup().Signup(a))
		})
		f.Step("see the login page with the flash", func() {
			path, err := f.UI.Path()
			f.NoError(err)
			require.Equal(f, "/login", path, "page after signing up")
			f.NoError(ui(f).Nav().WaitFlash(flashAccountCreated))
		})
		f.Step("check the users row", func() {
			row, err := rows(f).User(f.Ctx, a.Username)
			f.NoError(err)
			require.NotNil(f, row, "users row of %s", a.Username)
			require.Equal(f, a.Email, row.Email, "users.email")
			require.NotEqual(f, a.Password, row.PasswordHash, "users.password_hash must not be the password")
			require.NotContains(f, row.PasswordHash, a.Password, "users.password_hash must not contain the password")
			require.True(f, strings.HasPrefix(row.PasswordHash, "$2") || strings.HasPrefix(row.PasswordHash, "$argon2id$"),
				"users.password_hash is a bcrypt or argon2id hash, found %.7s...", row.PasswordHash)
		})
		f.Step("check /api/me answers 401", func() {
			apiStatus(f, http.MethodGet, "/api/me", http.StatusUnauthorized, nil)
		})
	},
}

// loginFlow: a wrong password gives 401, the generic error and no session row; the right one
// leads home with the name in the nav, /api/me returns the user and a session row exists.
var loginFlow = flows.Flow{
	Name: "login",
	Doc:  "a wrong password is refused generically; the right one signs in (UI, API and a sessions row)",
	Run: func(f *flows.F) {
		a, row := signUp(f)
		f.Step("log in with a wrong password", func() {
			f.NoError(ui(f).Login().Login(a.Username, a.Password+"-wrong"))
			status, err := f.UI.NavigationStatus()
			f.NoError(err)
			require.Equal(f, http.StatusUnauthorized, status, "status of the failed login")
			msg, err := ui(f).Login().FormError()
			f.NoError(err)
			require.Equal(f, "Invalid username or password", msg, "form-error after a wrong password")
			sessions, err := rows(f).Sessions(f.Ctx, row.ID)
			f.NoError(err)
			require.Empty(f, sessions, "sessions rows after a failed login")
		})
		f.Step("log in with the right password", func() {
			f.NoError(ui(f).Login().Login(a.Username, a.Password))
			path, err := f.UI.Path()
			f.NoError(err)
			require.Equal(f, "/", path, "page after logging in")
			user, err := ui(f).Nav().User()
			f.NoError(err)
			require.Equal(f, a.Username, user, "nav-user")
		})
		f.Step("check /api/me and the sessions row", func() {
			me := apiStatus(f, http.MethodGet, "/api/me", http.StatusOK, nil).JSON()
			require.Equal(f, a.Username, me.Get("username").Str(), "/api/me username")
			require.Equal(f, a.Email, me.Get("email").Str(), "/api/me email")
			require.Equal(f, int(row.ID), me.Get("id").Int(), "/api/me id against users.id")
			sessions, err := rows(f).Sessions(f.Ctx, row.ID)
			f.NoError(err)
			require.Len(f, sessions, 1, "sessions rows after logging in")
		})
	},
}

// protectedRedirectFlow: signed out, protected pages lead to /login?next=...; after logging in
// the user lands on the page first asked for.
var protectedRedirectFlow = flows.Flow{
	Name: "protected redirect",
	Doc:  "signed out, /profile and /favourites lead to the login page, which leads back after login",
	Run: func(f *flows.F) {
		a, _ := signUp(f)
		for _, page := range []string{"/favourites", "/profile"} {
			f.Step("open "+page+" signed out", func() {
				f.NoError(f.UI.Goto("protected page", page))
				path, err := f.UI.Path()
				f.NoError(err)
				u, err := url.Parse(path)
				f.NoError(err)
				require.Equal(f, "/login", u.Path, "where %s leads when signed out (%s)", page, path)
				require.Equal(f, page, u.Query().Get("next"), "the next parameter of %s", path)
				f.NoError(ui(f).Login().WaitShown())
			})
		}
		f.Step("log in from the redirect", func() {
			f.NoError(ui(f).Login().Login(a.Username, a.Password))
			path, err := f.UI.Path()
			f.NoError(err)
			require.Equal(f, "/profile", path, "page after logging in from /login?next=/profile")
			name, err := ui(f).Profile().Username()
			f.NoError(err)
			require.Equal(f, a.Username, name, "profile-username")
		})
	},
}

// profileFlow: the profile shows the user; a changed display name shows on the page, in
// /api/me and in the database.
var profileFlow = flows.Flow{
	Name: "profile",
	Doc:  "the profile shows the user, and a new display name reaches the page, the API and the database",
	Run: func(f *flows.F) {
		a, row := signedIn(f)
		f.Step("see the profile", func() {
			f.NoError(ui(f).Nav().GoProfile())
			got, err := ui(f).Profile().Username()
			f.NoError(err)
			require.Equal(f, a.Username, got, "profile-username")
			got, err = ui(f).Profile().Email()
			f.NoError(err)
			require.Equal(f, a.Email, got, "profile-email")
			_, err = ui(f).Profile().MemberSince()
			f.NoError(err)
		})
		// The probe makes the audit check that the name never comes back as markup.
		name := f.Probe("Tester " + strings.ToUpper(a.Username[2:6]) + " <&>")
		f.Step("change the display name", func() {
			f.NoError(ui(f).Profile().ChangeDisplayName(name))
			got, err := ui(f).Profile().DisplayName()
			f.NoError(err)
			require.Equal(f, name, got, "profile-display-name after saving")
		})
		f.Step("check /api/me and the users row", func() {
			me := apiStatus(f, http.MethodGet, "/api/me", http.StatusOK, nil).JSON()
			require.Equal(f, name, me.Get("display_name").Str(), "/api/me display_name")
			u, err := rows(f).User(f.Ctx, a.Username)
			f.NoError(err)
			require.Equal(f, row.ID, u.ID, "users.id")
			require.Equal(f, name, u.DisplayName, "users.display_name")
		})
	},
}

// logoutFlow: logging out signs out with the flash, and the old session cookie no longer works.
var logoutFlow = flows.Flow{
	Name: "logout",
	Doc:  "logging out ends the session: flash, signed-out nav, old cookie refused by the API, no sessions row",
	Run: func(f *flows.F) {
		_, row := signUpAndLogIn(f)
		old, err := f.UI.Cookies()
		f.NoError(err)
		require.NotEmpty(f, old, "cookies while signed in")
		f.Step("log out", func() {
			f.NoError(ui(f).Nav().Logout())
			path, err := f.UI.Path()
			f.NoError(err)
			require.Equal(f, "/", path, "page after logging out")
			f.NoError(ui(f).Nav().WaitFlash(flashSignedOut))
			f.NoError(ui(f).Nav().WaitSignedOut())
		})
		f.Step("check the old session is dead", func() {
			_, err := f.API.WithCookies(old).Expect(http.StatusUnauthorized).Get(f.Ctx, "/api/me")
			f.NoError(err) // the old session cookie must get 401
			sessions, err := rows(f).Sessions(f.Ctx, row.ID)
			f.NoError(err)
			require.Empty(f, sessions, "sessions rows after logging out")
		})
	},
}
