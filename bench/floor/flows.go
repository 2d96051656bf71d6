package main

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-rod/rod/lib/proto"
)

// The seven flows, check for check as flows/shop_*.go and bench/playwright/tests/shop.spec.ts.

func signupFlow(f *flow) {
	a := newAccount()
	f.submitSignup(a)
	check(f.text("flash") == "Account created. Please sign in.", "flash after signing up")
	id, email, hash := f.user(a.username)
	check(id != 0 && email == a.email, "users row of %s", a.username)
	check(hash != a.password && !strings.Contains(hash, a.password) && strings.HasPrefix(hash, "$2"), "password hash")
	status, _ := f.api("GET", "/api/me", nil)
	check(status == http.StatusUnauthorized, "/api/me after signing up: %d", status)
}

func loginFlow(f *flow) {
	a, id := f.signUp()
	f.fill("username", a.username)
	f.fill("password", a.password+"-wrong")
	f.clickToNavigate(f.tid("login-submit"))
	check(f.text("form-error") == "Invalid username or password", "form-error")
	check(f.count(`SELECT count(*) FROM sessions WHERE user_id = ?`, id) == 0, "sessions after a failed login")
	f.logIn(a)
	check(f.path() == "/", "page after logging in: %s", f.path())
	check(f.text("nav-user") == a.username, "nav-user")
	status, me := f.api("GET", "/api/me", nil)
	check(status == http.StatusOK && me["username"] == a.username && me["email"] == a.email &&
		me["id"] == float64(id), "/api/me: %d %v", status, me)
	check(f.count(`SELECT count(*) FROM sessions WHERE user_id = ?`, id) == 1, "sessions after logging in")
}

func protectedFlow(f *flow) {
	a, _ := f.signUp()
	for _, p := range []string{"/favourites", "/profile"} {
		f.goto_(p)
		u, err := url.Parse(f.path())
		check(err == nil && u.Path == "/login" && u.Query().Get("next") == p, "%s signed out leads to %s", p, f.path())
		f.tid("login-submit").MustWaitVisible()
	}
	f.logIn(a)
	check(f.path() == "/profile", "page after logging in from the redirect: %s", f.path())
	check(f.text("profile-username") == a.username, "profile-username")
}

func profileFlow(f *flow) {
	a, id := f.signUpAndLogIn()
	f.clickToNavigate(f.tid("nav-profile"))
	check(f.text("profile-username") == a.username, "profile-username")
	check(f.text("profile-email") == a.email, "profile-email")
	f.tid("profile-since").MustWaitVisible()
	name := "Tester " + strings.ToUpper(a.username[2:6]) + " <&>"
	f.fill("display_name", name)
	f.clickToNavigate(f.tid("profile-save"))
	check(f.text("profile-display-name") == name, "profile-display-name after saving")
	_, me := f.api("GET", "/api/me", nil)
	check(me["display_name"] == name, "/api/me display_name")
	var dn string
	check(f.db.QueryRow(`SELECT display_name FROM users WHERE id = ?`, id).Scan(&dn) == nil && dn == name, "users.display_name")
}

// toggle clicks el, waits for the favourites API's answer, then for the toggle to show want.
func (f *flow) toggle(wantLabel, wantPressed string) {
	el := f.tid("favourite-toggle")
	wait := f.waitFavouritesAPI()
	f.click(el)
	wait()
	f.p.MustWait(fmt.Sprintf(`() => { const e = document.querySelector('[data-testid="favourite-toggle"]');
		return e && e.textContent.trim() === %q && e.getAttribute('aria-pressed') === %q && !e.disabled }`, wantLabel, wantPressed))
}

// waitFavouritesAPI returns a wait for the next answer to a request under /api/favourites/.
func (f *flow) waitFavouritesAPI() func() {
	return f.p.EachEvent(func(e *proto.NetworkResponseReceived) bool {
		return strings.Contains(e.Response.URL, "/api/favourites/")
	})
}

func (f *flow) favouriteIDs() []int64 {
	_, body := f.api("GET", "/api/favourites", nil)
	var ids []int64
	items, _ := body["items"].([]any)
	for _, it := range items {
		ids = append(ids, int64(it.(map[string]any)["product_id"].(float64)))
	}
	return ids
}

func (f *flow) rowIDs(user int64) []int64 {
	rows, err := f.db.Query(`SELECT product_id FROM favourites WHERE user_id = ? ORDER BY added_at DESC, rowid DESC`, user)
	check(err == nil, "favourites rows: %v", err)
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		check(rows.Scan(&id) == nil, "scan")
		ids = append(ids, id)
	}
	return ids
}

func (f *flow) favouriteItems() []string {
	f.p.MustElement(`[data-testid="favourite-item"],[data-testid="favourites-empty"]`)
	var ids []string
	for _, el := range f.p.MustElements(`[data-testid="favourite-item"]`) {
		ids = append(ids, *el.MustAttribute("data-product-id"))
	}
	return ids
}

func addFavouriteFlow(f *flow) {
	_, user := f.signUpAndLogIn()
	f.goto_("/")
	f.tid("product-card").MustWaitVisible()
	cards := f.p.MustElements(`[data-testid="product-card"]`)
	check(len(cards) >= 12, "product cards: %d", len(cards))
	card := cards[rand.IntN(len(cards))]
	id := *card.MustAttribute("data-product-id")
	text := card.MustText()
	f.clickToNavigate(card.MustElement(`[data-testid="product-link"]`))
	name := f.text("product-name")
	check(strings.Contains(text, name), "the card shows the product's name")
	check(f.text("favourite-toggle") == "Add to favourites", "toggle before adding")
	f.toggle("Remove from favourites", "true")
	check(f.text("toast") == "Added to favourites", "toast after adding")
	f.clickToNavigate(f.tid("nav-favourites"))
	items := f.favouriteItems()
	check(len(items) == 1 && items[0] == id, "favourite items: %v", items)
	check(fmt.Sprint(f.favouriteIDs()) == "["+id+"]", "/api/favourites")
	check(fmt.Sprint(f.rowIDs(user)) == "["+id+"]", "favourites rows")
}

func removeFavouriteFlow(f *flow) {
	_, user := f.signUpAndLogIn()
	_, body := f.api("GET", "/api/products", nil)
	products, _ := body["items"].([]any)
	check(len(products) >= 2, "/api/products items")
	i := rand.IntN(len(products) - 1)
	first := int64(products[i].(map[string]any)["id"].(float64))
	second := int64(products[i+1].(map[string]any)["id"].(float64))
	csrf := map[string]string{"X-CSRF-Token": *f.p.MustElement(`meta[name="csrf-token"]`).MustAttribute("content")}
	for _, id := range []int64{first, second} {
		status, _ := f.api("PUT", fmt.Sprintf("/api/favourites/%d", id), csrf)
		check(status == http.StatusNoContent, "PUT favourite: %d", status)
	}
	f.clickToNavigate(f.tid("nav-favourites"))
	check(fmt.Sprint(f.favouriteItems()) == fmt.Sprintf("[%d %d]", second, first), "favourite items newest first")
	for n, id := range []int64{second, first} {
		row := fmt.Sprintf(`[data-testid="favourite-item"][data-product-id="%d"]`, id)
		wait := f.waitFavouritesAPI()
		f.click(f.p.MustElement(row + ` [data-testid="favourite-remove"]`))
		wait()
		f.p.MustWait(fmt.Sprintf(`() => !document.querySelector(%q)`, row))
		want := fmt.Sprintf("[%d]", first)
		if n == 1 {
			want = "[]"
			f.tid("favourites-empty").MustWaitVisible()
		}
		check(fmt.Sprint(f.favouriteIDs()) == want, "/api/favourites after removing %d", id)
		check(fmt.Sprint(f.rowIDs(user)) == want, "favourites rows after removing %d", id)
	}
}

func logoutFlow(f *flow) {
	_, user := f.signUpAndLogIn()
	old := f.p.MustCookies(f.base)
	check(len(old) > 0, "cookies while signed in")
	f.clickToNavigate(f.tid("nav-logout"))
	check(f.path() == "/", "page after logging out: %s", f.path())
	check(f.text("flash") == "Signed out", "flash after logging out")
	f.tid("nav-login").MustWaitVisible()
	req, _ := http.NewRequestWithContext(f.p.GetContext(), "GET", f.base+"/api/me", nil)
	for _, c := range old {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	res, err := http.DefaultClient.Do(req)
	check(err == nil, "GET /api/me: %v", err)
	res.Body.Close()
	check(res.StatusCode == http.StatusUnauthorized, "/api/me with the old cookie: %d", res.StatusCode)
	check(f.count(`SELECT count(*) FROM sessions WHERE user_id = ?`, user) == 0, "sessions after logging out")
}
