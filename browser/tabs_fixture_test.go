package browser

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/stretchr/testify/require"
)

// tabPages are the fixture pages of the tab mechanisms' tests (dialogs, downloads, files,
// popups, emulation, the clock), by path.
var tabPages = map[string]string{
	"/dialogs": `<!doctype html><title>dialogs</title><p id="out">none</p>
<button id="alert" onclick="alert('Saved'); out.textContent = 'after alert'">alert</button>
<button id="confirm" onclick="out.textContent = confirm('Delete it?') ? 'deleted' : 'kept'">confirm</button>
<button id="prompt" onclick="out.textContent = 'name: ' + prompt('Your name?', 'anon')">prompt</button>
<button id="later" onclick="setTimeout(() => { out.textContent = confirm('Later?') ? 'later yes' : 'later no' }, 200)">later</button>
<button id="twice" onclick="const a = confirm('First?'), b = confirm('Second?'); out.textContent = a + ' ' + b">twice</button>
<button id="quiet">quiet</button>
<a id="away" href="/dialogs?left">leave</a>
<script>if (location.search === "?guard") addEventListener("beforeunload", (e) => { e.preventDefault(); e.returnValue = ""; });</script>`,
	"/downloads": `<!doctype html><title>downloads</title>
<a id="csv" href="/file.csv">csv</a>
<button id="blob" onclick="const a = document.createElement('a'); a.href = window.URL.createObjectURL(new Blob(['made,in\npage,1\n'], {type: 'text/csv'})); a.download = 'page.csv'; document.body.append(a); a.click(); a.remove()">blob</button>
<a id="slow" href="/slow.bin">slow</a>
<a id="data" href="data:text/plain;base64,aGVsbG8gZGF0YQ==" download="note.txt">data</a>
<button id="revoked" onclick="const a = document.createElement('a'); a.href = window.URL.createObjectURL(new Blob(['gone'])); a.download = 'gone.txt'; document.body.append(a); a.click(); window.URL.revokeObjectURL(a.href)">revoked</button>`,
	"/files": `<!doctype html><title>files</title>
<input type="file" id="one" aria-label="one">
<input type="file" id="many" multiple aria-label="many">
<input type="text" id="text" aria-label="text">
<button id="pick" onclick="document.getElementById('hidden').click()">pick</button><input type="file" id="hidden" hidden multiple>
<pre id="out"></pre>
<script>
for (const input of document.querySelectorAll("input[type=file]")) input.addEventListener("change", async () => {
  const parts = [];
  for (const f of input.files) parts.push(f.name + " " + f.type + " " + f.size + " " + JSON.stringify(await f.text()));
  out.textContent = input.id + ": " + (parts.join(" | ") || "(none)");
});
</script>`,
	"/popups": `<!doctype html><title>popups</title>
<a id="blank" href="/popup-target?via=link" target="_blank">new tab</a>
<button id="open" onclick="window.open('/popup-target?via=open')">open</button>`,
	"/popup-target": `<!doctype html><title>target</title><h1 id="via"></h1><script>via.textContent = location.search + " " + (localStorage.getItem("who") || "nobody")</script>`,
	"/emulation": `<!doctype html><html><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>emulation</title></head><body>
<script>
window.facts = () => new Promise((resolve) => {
  const f = {ua: navigator.userAgent, width: innerWidth, dpr: devicePixelRatio, touch: navigator.maxTouchPoints,
    coarse: matchMedia("(pointer: coarse)").matches, lang: navigator.language,
    intl: Intl.DateTimeFormat().resolvedOptions().locale, tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
    dark: matchMedia("(prefers-color-scheme: dark)").matches,
    price: (1234.5).toLocaleString()};
  navigator.geolocation.getCurrentPosition((p) => resolve({...f, geo: [p.coords.latitude, p.coords.longitude]}),
    (e) => resolve({...f, geo: e.message || "error " + e.code}), {timeout: 3000});
});
</script></body></html>`,
	"/clock": `<!doctype html><title>clock</title><p id="now"></p><p id="reminder">not yet</p><p id="ticks">0</p>
<script>
now.textContent = new Date().toISOString();
setTimeout(() => { reminder.textContent = "Return the book: due " + new Date().toISOString(); }, 60 * 60 * 1000);
let n = 0; setInterval(() => { ticks.textContent = String(++n); }, 1000);
</script>`,
}

// tabSite serves tabPages, and the files the download page links to, on loopback.
func tabSite(t testing.TB) string {
	t.Helper()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/file.csv":
			w.Header().Set("Content-Type", "text/csv")
			w.Header().Set("Content-Disposition", `attachment; filename="shelf export.csv"`)
			fmt.Fprint(w, "title,year\nEmma,1815\n")
			return
		case "/slow.bin": // the first half now, the rest when the test says
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Header().Set("Content-Disposition", "attachment")
			w.Header().Set("X-Content-Type-Options", "nosniff") // or Chromium waits for 512 bytes to sniff
			w.Header().Set("Content-Length", "8")
			_, _ = w.Write([]byte("half"))
			w.(http.Flusher).Flush()
			select {
			case <-release:
				_, _ = w.Write([]byte("done"))
			case <-r.Context().Done():
			}
			return
		}
		html, ok := tabPages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, html)
	}))
	t.Cleanup(func() {
		close(release)
		srv.Close()
	})
	return srv.URL
}

// onEachKind runs test as subtests on a local browser, on one reached over CDP (a Chromium the
// test starts with a DevTools port) and on the remote kinds more names ("selenium"), each in a
// fresh context.
func onEachKind(t *testing.T, test func(t *testing.T, c *Context), more ...string) {
	t.Run("local", func(t *testing.T) { test(t, testContext(t, netTestBrowser(t))) })
	for _, kind := range append([]string{"cdp"}, more...) {
		t.Run(kind, func(t *testing.T) {
			srv := newRemoteTestServer(t, kind)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			opts := Options{Headless: true, Remote: RemoteOptions{Kind: Kind(srv.Kind), URL: srv.URL, Headers: map[string]string{}}}
			for k := range srv.Header {
				opts.Remote.Headers[k] = srv.Header.Get(k)
			}
			b, err := Open(ctx, opts)
			require.NoError(t, err)
			t.Cleanup(func() { _ = b.Close() })
			test(t, testContext(t, b))
		})
	}
}

// testContext opens a context in b, closed when the test ends.
func testContext(t *testing.T, b *Browser) *Context {
	t.Helper()
	c, err := b.NewContext(context.Background())
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// openTab opens a tab of c at url and waits for it to load.
func openTab(t *testing.T, c *Context, url string) *rod.Page {
	t.Helper()
	p, err := c.NewPage(context.Background())
	require.NoError(t, err)
	require.NoError(t, p.Timeout(20*time.Second).Navigate(url))
	require.NoError(t, p.Timeout(20*time.Second).WaitLoad())
	return p
}

// click is an action that clicks the element of p that selector finds.
func click(p *rod.Page, selector string) func() error {
	return func() error {
		el, err := p.Timeout(10 * time.Second).Element(selector)
		if err != nil {
			return err
		}
		return el.Click("left", 1)
	}
}

// text returns the text of the element of p that selector finds.
func text(t *testing.T, p *rod.Page, selector string) string {
	t.Helper()
	el, err := p.Timeout(10 * time.Second).Element(selector)
	require.NoError(t, err)
	s, err := el.Text()
	require.NoError(t, err)
	return s
}

// eventually waits up to 5s for the text of selector in p to be want.
func requireText(t *testing.T, p *rod.Page, selector, want string) {
	t.Helper()
	require.Eventually(t, func() bool {
		el, err := p.Timeout(time.Second).Element(selector)
		if err != nil {
			return false
		}
		s, err := el.Text()
		return err == nil && s == want
	}, 5*time.Second, 20*time.Millisecond, "text of %s: want %q, have %q", selector, want, text(t, p, selector))
}

// nothing is an action that does nothing, at once: an Expect around it must time out.
func nothing() error { return nil }
