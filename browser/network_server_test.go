package browser

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Values the test pages send; tests check they never reach an artifact unredacted.
const (
	netPassword  = "hunter2-S3cret!"
	netSessionID = "sess-9f8e7d6c5b4a3210"
	netAPIToken  = "tok-a1b2c3d4e5f6"
	netBigBody   = 600 << 10
)

// netSite is an HTTP server with the pages the network tests drive: a redirect chain, a login
// form, a failing API, a large body, a cookie, and a URL on a closed port.
type netSite struct {
	*httptest.Server
	closedURL string // a URL nothing listens on
}

func newNetSite(t testing.TB) *netSite {
	t.Helper()
	mux := http.NewServeMux()
	s := &netSite{}

	mux.HandleFunc("/start", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/hop?step=2&token="+netAPIToken, http.StatusFound)
	})
	mux.HandleFunc("/hop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/login", http.StatusFound)
	})
	mux.HandleFunc("/login", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			_ = r.ParseForm()
			http.SetCookie(w, &http.Cookie{Name: "session", Value: netSessionID, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><title>welcome</title><p id="who">welcome %s</p>
<script>
console.log("logged in as %%s", %q, {user: %q, n: 1});
fetch("/api/fail", {method: "POST", headers: {"Content-Type": "application/json"},
  body: JSON.stringify({token: %q, password: %q, item: 42})})
  .then(r => r.text()).then(() => { document.title = "done"; });
setTimeout(() => { throw new Error("boom-uncaught"); }, 0);
</script>`, r.PostForm.Get("username"), r.PostForm.Get("username"), r.PostForm.Get("username"), netAPIToken, netPassword)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><title>login</title>
<meta name="csrf-token" content="csrf-7d5e3c1a9b">
<form method="POST" action="/login">
<input type="hidden" name="csrf_token" value="csrf-7d5e3c1a9b">
<input id="username" name="username" value="">
<input id="password" type="password" name="password" value="">
<button id="submit" type="submit">Log in</button>
</form>`)
	})
	mux.HandleFunc("/api/fail", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		http.Error(w, "internal error: database is down", http.StatusInternalServerError)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, strings.Repeat("0123456789abcdef", netBigBody/16))
	})
	mux.HandleFunc("/set-cookie", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "session", Value: netSessionID, Path: "/", HttpOnly: true})
		http.SetCookie(w, &http.Cookie{Name: "theme", Value: "dark-mode", Path: "/"})
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><title>cookie</title>
<script>fetch("/whoami").then(r => r.json()).then(() => { document.title = "done"; });</script>`)
	})
	mux.HandleFunc("/whoami", func(w http.ResponseWriter, r *http.Request) {
		c, _ := r.Cookie("session")
		w.Header().Set("Content-Type", "application/json")
		v := ""
		if c != nil {
			v = c.Value
		}
		fmt.Fprintf(w, `{"user":"alice","session":%q}`, v)
	})
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		// /page?script=... runs one of the scripts below, then titles the page "done".
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var script string
		switch r.URL.Query().Get("script") {
		case "fail500":
			script = `fetch("/api/fail", {method: "POST", headers: {"Content-Type": "application/json"},
  body: JSON.stringify({token: "` + netAPIToken + `", item: 42})}).then(r => r.text()).then(() => { document.title = "done"; });`
		case "closed":
			script = `fetch("` + s.closedURL + `").catch(() => { document.title = "done"; });`
		case "big":
			script = `fetch("/big").then(r => r.text()).then(() => { document.title = "done"; });`
		}
		fmt.Fprintf(w, "<!doctype html><title>page</title><script>%s</script>", script)
	})

	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)

	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s.closedURL = "http://" + l.Addr().String() + "/unreachable"
	require.NoError(t, l.Close())
	return s
}
