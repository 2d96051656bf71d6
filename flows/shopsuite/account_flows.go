package shopsuite

import (
	"net/http"
	"strings"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/pages/shoppages"
)

// signupFlow: the form leads to /login with the flash; a users row exists whose hash is not the
// password; /api/me answers 401, as signing up does not sign in.
var signupFlow = flows.Flow{
	Name: "signup", Tags: []string{"@smoke"},
	Doc: "the signup form creates a user (hashed password) and leads to the login page",
	Run: func(f *flows.F) {
		a := account(f)
		f.Step("fill and submit the signup form", func() { shoppages.Signup(f.Tab).SignUp(a) })
		f.Step("see the login page with the flash", func() {
			f.ExpectPage().ToHavePath("/login")
			f.Expect(shoppages.Nav(f.Tab).Flash).ToHaveText(flashAccountCreated)
		})
		f.Step("check the users row", func() {
			f.ExpectRows("SELECT email FROM users WHERE username = ?", a.Username).ToHaveValue(a.Email)
			hash := f.Secret(f.DB.Value("SELECT password_hash FROM users WHERE username = ?", a.Username).(string))
			require.NotContains(f, hash, a.Password, "users.password_hash holds the password")
			require.True(f, strings.HasPrefix(hash, "$2") || strings.HasPrefix(hash, "$argon2id$"),
				"users.password_hash is a bcrypt or argon2id hash, found %.7s...", hash)
		})
		f.Step("check /api/me answers 401", func() { f.CallAPI("GET", "/api/me", nil, http.StatusUnauthorized) })
	},
}

// loginFlow: a wrong password gives 401, the generic error and no session row; the right one
// leads home with the name in the nav, /api/me returns the user and a session row exists.
var loginFlow = flows.Flow{
	Name: "login", Tags: []string{"@smoke"},
	Doc: "a wrong password is refused generically; the right one signs in (UI, API and a sessions row)",
	Run: func(f *flows.F) {
		a, user := signUp(f)
		login := shoppages.Login(f.Tab)
		f.Step("log in with a wrong password", func() {
			login.As(a.Username, a.Password+"-wrong")
			require.Equal(f, http.StatusUnauthorized, f.Tab.NavigationStatus(), "status of the failed login")
			f.Expect(login.Error).ToHaveText("Invalid username or password")
			f.ExpectRows(sessionsOf, user).ToHaveCount(0)
		})
		f.Step("log in with the right password", func() {
			login.As(a.Username, a.Password)
			f.ExpectPage().ToHavePath("/")
			f.Expect(shoppages.Nav(f.Tab).User).ToHaveText(a.Username)
		})
		f.Step("check /api/me and the sessions row", func() {
			me := f.CallAPI("GET", "/api/me", nil, http.StatusOK)
			require.Equal(f, a.Username, me.Get("username").Str(), "/api/me username")
			require.Equal(f, a.Email, me.Get("email").Str(), "/api/me email")
			require.Equal(f, int(user), me.Get("id").Int(), "/api/me id against users.id")
			f.ExpectRows(sessionsOf, user).ToHaveCount(1)
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
				f.Tab.Goto(page)
				f.ExpectPage().ToHavePath("/login?next=" + page)
				f.Expect(shoppages.Login(f.Tab).Submit).ToBeVisible()
			})
		}
		f.Step("log in from the redirect", func() {
			shoppages.Login(f.Tab).As(a.Username, a.Password)
			f.ExpectPage().ToHavePath("/profile")
			f.Expect(shoppages.Profile(f.Tab).Username).ToHaveText(a.Username)
		})
	},
}

// profileFlow: the profile shows the user; a new display name (an audit probe among it) shows on
// the page and in /api/me and the users row.
var profileFlow = flows.Flow{
	Name: "profile",
	Doc:  "the profile shows the user, and a new display name reaches the page, the API and the database",
	Run: func(f *flows.F) {
		a, user := signedIn(f)
		profile := shoppages.Profile(f.Tab)
		f.Step("see the profile", func() {
			shoppages.Nav(f.Tab).GoProfile()
			f.Expect(profile.Username).ToHaveText(a.Username)
			f.Expect(profile.Email).ToHaveText(a.Email)
			f.Expect(profile.MemberSince).ToBeVisible()
		})
		name := f.Probe("Tester " + strings.ToUpper(a.Username[2:6]) + " <&>")
		f.Step("change the display name", func() {
			profile.ChangeDisplayName(name)
			f.Expect(profile.DisplayName).ToHaveText(name)
		})
		f.Step("check /api/me and the users row", func() {
			require.Equal(f, name, f.CallAPI("GET", "/api/me", nil, http.StatusOK).Get("display_name").Str(), "/api/me display_name")
			f.ExpectRows("SELECT display_name FROM users WHERE id = ?", user).ToHaveValue(name)
		})
	},
}

// logoutFlow: logging out signs out with the flash, and the old session cookie no longer works.
var logoutFlow = flows.Flow{
	Name: "logout",
	Doc:  "logging out ends the session: flash, signed-out nav, old cookie refused by the API, no sessions row",
	Run: func(f *flows.F) {
		_, user := signUpAndLogIn(f)
		old := f.Tab.Cookies()
		require.NotEmpty(f, old, "cookies while signed in")
		f.Step("log out", func() {
			shoppages.Nav(f.Tab).LogOut()
			f.ExpectPage().ToHavePath("/")
			f.Expect(shoppages.Nav(f.Tab).Flash).ToHaveText(flashSignedOut)
			f.Expect(shoppages.Nav(f.Tab).LogIn).ToBeVisible()
		})
		f.Step("check the old session is dead", func() {
			f.API.WithCookies(old).Expect(http.StatusUnauthorized).Get("/api/me")
			f.ExpectRows(sessionsOf, user).ToHaveCount(0)
		})
	},
}
