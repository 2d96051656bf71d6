// Command floor walks the reference shop's seven flows written directly in rod: no page objects,
// no step log, no recording, no runner, no reports. One browser, a fresh incognito context per
// flow, one flow at a time. It is the floor bench/compare.sh --floor measures `e2e run
// --workers 1` against: what the same clicks, API calls and database reads cost with nothing of
// e2e around them (bench/README.md). Not a test: never run in CI.
//
//	go run ./bench/floor --base-url http://127.0.0.1:8080 [--browser-bin PATH] [--repeat-each N]
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/launcher/flags"
	"github.com/go-rod/rod/lib/proto"
	"github.com/go-rod/rod/lib/utils"
	_ "modernc.org/sqlite"

	"github.com/e2e-dev/e2e/browser"
)

func main() {
	base := flag.String("base-url", "", "the running shop (required)")
	bin := flag.String("browser-bin", "", "the Chromium to launch (default: as a headless e2e run)")
	repeat := flag.Int("repeat-each", 1, "run each flow this many times")
	timeout := flag.Duration("timeout", 60*time.Second, "bound of each flow")
	flag.Parse()
	if err := run(*base, *bin, *repeat, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

func run(base, bin string, repeat int, timeout time.Duration) error {
	if base == "" {
		return errors.New("--base-url is required")
	}
	start := time.Now()
	path, err := browser.FindBrowser(bin, true)
	if err != nil {
		return err
	}
	l := launcher.New().Bin(path).Leakless(true)
	for _, f := range browser.ChromiumFlags(browser.Options{Headless: true}) {
		name, value, _ := strings.Cut(f, "=")
		if value == "" {
			l = l.Set(flags.Flag(name))
		} else {
			l = l.Set(flags.Flag(name), value)
		}
	}
	u, err := l.Launch()
	if err != nil {
		return fmt.Errorf("launch %s: %w", path, err)
	}
	defer l.Kill()
	b := rod.New().ControlURL(u).NoDefaultDevice()
	if err := b.Connect(); err != nil {
		return err
	}
	defer func() { _ = b.Close() }()

	dsn, err := discoverDB(base)
	if err != nil {
		return err
	}
	db, err := sql.Open("sqlite", "file:"+dsn+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer db.Close()

	flows := []struct {
		name string
		run  func(*flow)
	}{
		{"signup", signupFlow}, {"login", loginFlow}, {"protected redirect", protectedFlow},
		{"profile", profileFlow}, {"add favourite", addFavouriteFlow},
		{"remove favourite", removeFavouriteFlow}, {"logout", logoutFlow},
	}
	passed := 0
	for i := 0; i < repeat; i++ {
		for _, fl := range flows {
			t0 := time.Now()
			if err := walk(b, db, base, timeout, fl.run); err != nil {
				return fmt.Errorf("%s: %w", fl.name, err)
			}
			passed++
			fmt.Printf("  ok  %s (%.2fs)\n", fl.name, time.Since(t0).Seconds())
		}
	}
	fmt.Printf("  %d passed, 0 failed (%.2fs)\n", passed, time.Since(start).Seconds())
	return nil
}

// flow is what one flow walks with: its page in a context of its own, the shop's database and
// base URL.
type flow struct {
	p    *rod.Page
	db   *sql.DB
	base string
}

// walk runs fn in a fresh incognito context; rod's Must* panics become the flow's error.
func walk(b *rod.Browser, db *sql.DB, base string, timeout time.Duration, fn func(*flow)) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	inc, err := b.Context(ctx).Incognito()
	if err != nil {
		return err
	}
	defer func() { _ = inc.Close() }()
	err = rod.Try(func() {
		p := inc.MustPage("").Sleeper(func() utils.Sleeper {
			return utils.BackoffSleeper(5*time.Millisecond, 100*time.Millisecond, nil)
		})
		fn(&flow{p: p, db: db, base: strings.TrimRight(base, "/")})
	})
	if e := (*rod.TryError)(nil); errors.As(err, &e) {
		return fmt.Errorf("%v", e.Value)
	}
	return err
}

func check(ok bool, format string, args ...any) {
	if !ok {
		panic(fmt.Errorf(format, args...))
	}
}

func (f *flow) goto_(path string) { f.p.MustNavigate(f.base + path).MustWaitLoad() }

func (f *flow) tid(id string) *rod.Element { return f.p.MustElement(`[data-testid="` + id + `"]`) }

func (f *flow) text(id string) string {
	return strings.TrimSpace(f.tid(id).MustWaitVisible().MustText())
}

func (f *flow) fill(name, value string) {
	el := f.p.MustElement(`[name="` + name + `"]`).MustWaitVisible()
	el.MustEval(`() => { this.focus(); this.select() }`)
	f.p.MustInsertText(value)
}

// click moves the mouse to the middle of el and clicks there: the same input events as e2e's
// clicks, without rod's own actionability waits (a few animation frames per action).
func (f *flow) click(el *rod.Element) {
	pt := el.MustWaitVisible().MustShape().OnePointInside()
	check(pt != nil, "element has no box")
	f.p.Mouse.MustMoveTo(pt.X, pt.Y).MustClick(proto.InputMouseButtonLeft)
}

// clickToNavigate clicks the element and waits for the next document.
func (f *flow) clickToNavigate(el *rod.Element) {
	wait := f.p.WaitNavigation(proto.PageLifecycleEventNameDOMContentLoaded)
	f.click(el)
	wait()
}

func (f *flow) path() string {
	u, err := url.Parse(f.p.MustInfo().URL)
	check(err == nil, "page URL: %v", err)
	if u.RawQuery != "" {
		return u.Path + "?" + u.RawQuery
	}
	return u.Path
}

// api calls the shop's API with the page's cookies and returns the status and JSON body.
func (f *flow) api(method, path string, header map[string]string) (int, map[string]any) {
	req, err := http.NewRequestWithContext(f.p.GetContext(), method, f.base+path, nil)
	check(err == nil, "%s %s: %v", method, path, err)
	req.Header.Set("Accept", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	for _, c := range f.p.MustCookies(f.base) {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	res, err := http.DefaultClient.Do(req)
	check(err == nil, "%s %s: %v", method, path, err)
	defer res.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(res.Body).Decode(&body)
	return res.StatusCode, body
}

type account struct{ username, email, password string }

func newAccount() account {
	b := make([]byte, 13)
	_, _ = rand.Read(b)
	id, pw := hex.EncodeToString(b[:5]), hex.EncodeToString(b[5:])
	return account{"u_" + id, "u_" + id + "@example.test", "pw-" + pw}
}

// user returns the users row's id, email and hash of username (0 when there is none).
func (f *flow) user(username string) (id int64, email, hash string) {
	err := f.db.QueryRow(`SELECT id, email, password_hash FROM users WHERE username = ?`, username).Scan(&id, &email, &hash)
	check(err == nil || errors.Is(err, sql.ErrNoRows), "users row: %v", err)
	return id, email, hash
}

func (f *flow) count(query string, args ...any) int {
	var n int
	check(f.db.QueryRow(query, args...).Scan(&n) == nil, "count: %s", query)
	return n
}

func (f *flow) signUp() (account, int64) {
	a := newAccount()
	f.submitSignup(a)
	id, _, _ := f.user(a.username)
	check(id != 0, "no users row of %s", a.username)
	return a, id
}

// submitSignup fills and submits the signup form and checks it leads to /login.
func (f *flow) submitSignup(a account) {
	f.goto_("/signup")
	f.fill("username", a.username)
	f.fill("email", a.email)
	f.fill("password", a.password)
	f.fill("password_confirm", a.password)
	f.clickToNavigate(f.tid("signup-submit"))
	check(f.path() == "/login", "page after signing up: %s", f.path())
}

func (f *flow) logIn(a account) {
	f.fill("username", a.username)
	f.fill("password", a.password)
	f.clickToNavigate(f.tid("login-submit"))
}

func (f *flow) signUpAndLogIn() (account, int64) {
	a, id := f.signUp()
	f.logIn(a)
	check(f.text("nav-user") == a.username, "nav-user after logging in")
	return a, id
}

// discoverDB asks the shop where its SQLite file is, as `e2e run --base-url` does.
func discoverDB(base string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", strings.TrimRight(base, "/")+"/.well-known/e2e-shop", nil)
	if err != nil {
		return "", err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("shop discovery: %w", err)
	}
	defer res.Body.Close()
	var d struct {
		Driver string `json:"db_driver"`
		DSN    string `json:"db_dsn"`
	}
	if err := json.NewDecoder(res.Body).Decode(&d); err != nil || d.Driver != "sqlite" || d.DSN == "" {
		return "", fmt.Errorf("shop discovery: HTTP %d, %v", res.StatusCode, err)
	}
	return d.DSN, nil
}
