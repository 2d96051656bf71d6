package route

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/testenv"
)

func TestFulfilAnswersWithoutTheServer(t *testing.T) {
	site := newTestSite(t)
	tb := newTab(t, sharedBrowser(t), Options{})
	tb.goTo(t, site.URL+"/")
	file := filepath.Join(t.TempDir(), "item.json")
	require.NoError(t, os.WriteFile(file, []byte(`{"from":"file"}`), 0o600))

	body := mustRoute(t, tb.router, Match{URL: "/api/body"}, Fulfil{Status: 418, Headers: map[string]string{"Content-Type": "text/plain", "X-Mock": "yes"}, Body: "teapot"})
	js := mustRoute(t, tb.router, Match{URL: "/api/json"}, Fulfil{JSON: map[string]any{"items": []int{7}}})
	fromFile := mustRoute(t, tb.router, Match{URL: "/api/file"}, Fulfil{File: file})

	got := tb.fetch(t, "GET", "/api/body", "")
	assert.Equal(t, 418, got.Status)
	assert.Equal(t, "teapot", got.Body)
	got = tb.fetch(t, "GET", "/api/json", "")
	assert.Equal(t, 200, got.Status)
	assert.JSONEq(t, `{"items":[7]}`, got.Body)
	assert.Equal(t, "application/json", got.Type)
	got = tb.fetch(t, "GET", "/api/file", "")
	assert.JSONEq(t, `{"from":"file"}`, got.Body)
	assert.Equal(t, "application/json", got.Type)

	assert.Equal(t, []int{1, 1, 1}, []int{body.Hits(), js.Hits(), fromFile.Hits()})
	assert.Zero(t, site.count("GET /api/body")+site.count("GET /api/json")+site.count("GET /api/file"), "the server saw a fulfilled request")
	e := tb.entry(t, "GET", "/api/body")
	require.NotNil(t, e.Routed, "_routed of a fulfilled request")
	assert.Equal(t, "fulfilled", e.Routed.Action)
	assert.Equal(t, "/api/body", e.Routed.Route)
	assert.Equal(t, 418, e.Response.Status)
	assert.Contains(t, tb.notes(), "route /api/body: fulfilled GET /api/body (status 418)")
}

func TestAbortFailsWithTheReason(t *testing.T) {
	site := newTestSite(t)
	tb := newTab(t, sharedBrowser(t), Options{})
	tb.goTo(t, site.URL+"/")
	rt := mustRoute(t, tb.router, Match{Method: "get", URL: "/api/*"}, Abort{Reason: "ConnectionRefused"})
	got := tb.fetch(t, "GET", "/api/items", "")
	assert.Contains(t, got.Error, "Failed to fetch")
	assert.Equal(t, 1, rt.Hits())
	assert.Zero(t, site.count("GET /api/items"))
	e := tb.entry(t, "GET", "/api/items")
	assert.Equal(t, "net::ERR_CONNECTION_REFUSED", e.Response.Error)
	require.NotNil(t, e.Routed)
	assert.Equal(t, "aborted", e.Routed.Action)

	got = tb.fetch(t, "POST", "/api/echo", "x") // another method: untouched
	assert.Equal(t, 200, got.Status)
	assert.Nil(t, tb.entry(t, "POST", "/api/echo").Routed, "_routed of an unrouted request")

	_, err := tb.router.Route(Match{URL: "/x"}, Abort{Reason: "broken"})
	require.ErrorContains(t, err, `route /x: abort: reason "broken": expected one of failed, aborted,`)
}

func TestDelayThenContinueOrFulfil(t *testing.T) {
	site := newTestSite(t)
	tb := newTab(t, sharedBrowser(t), Options{})
	tb.goTo(t, site.URL+"/")
	slow := mustRoute(t, tb.router, Match{URL: "/api/items"}, Delay{For: 300 * time.Millisecond})
	late := mustRoute(t, tb.router, Match{URL: "/api/late"}, Delay{For: 200 * time.Millisecond, Then: Fulfil{Status: 503}})
	got := tb.fetch(t, "GET", "/api/items", "")
	assert.Equal(t, 200, got.Status)
	assert.GreaterOrEqual(t, got.MS, 290.0, "the delayed request took at least the delay")
	assert.Equal(t, 1, site.count("GET /api/items"), "a delayed request reaches the server")
	got = tb.fetch(t, "GET", "/api/late", "")
	assert.Equal(t, 503, got.Status)
	assert.GreaterOrEqual(t, got.MS, 190.0)
	assert.Zero(t, site.count("GET /api/late"))
	assert.Equal(t, 1, slow.Hits())
	assert.Equal(t, 1, late.Hits())
	e := tb.entry(t, "GET", "/api/items")
	require.NotNil(t, e.Routed)
	assert.Equal(t, "delayed", e.Routed.Action)
	assert.Equal(t, "300ms then continued", e.Routed.Detail)
	assert.Contains(t, tb.notes(), "route /api/late: delayed GET /api/late (200ms then fulfilled (status 503))")
}

func TestContinueChangesHeaders(t *testing.T) {
	site := newTestSite(t)
	tb := newTab(t, sharedBrowser(t), Options{})
	tb.goTo(t, site.URL+"/")
	rt := mustRoute(t, tb.router, Match{URL: "/api/echo"}, Continue{Headers: map[string]string{"X-Test": "routed", "Accept": ""}})
	got := tb.fetch(t, "POST", "/api/echo", "payload")
	assert.JSONEq(t, `{"method":"POST","x_test":"routed","body":"payload"}`, got.Body)
	site.mu.Lock()
	assert.Empty(t, site.last.Get("Accept"), "the removed header")
	site.mu.Unlock()
	assert.Equal(t, 1, rt.Hits())
	assert.Equal(t, "continued", tb.entry(t, "POST", "/api/echo").Routed.Action)
}

func TestModifyPatchesTheRealResponse(t *testing.T) {
	site := newTestSite(t)
	tb := newTab(t, sharedBrowser(t), Options{})
	tb.goTo(t, site.URL+"/")
	rt := mustRoute(t, tb.router, Match{URL: "/api/items"}, Modify{
		Merge: map[string]any{"total": 99, "extra": "added"},
		Func: func(v any) (any, error) {
			m := v.(map[string]any)
			m["items"] = append(m["items"].([]any), map[string]any{"id": 2, "name": "two"})
			return m, nil
		},
		Headers: map[string]string{"X-Patched": "1"},
	})
	got := tb.fetch(t, "GET", "/api/items", "")
	assert.Equal(t, 200, got.Status)
	assert.JSONEq(t, `{"items":[{"id":1,"name":"one"},{"id":2,"name":"two"}],"total":99,"extra":"added"}`, got.Body)
	assert.Equal(t, 1, site.count("GET /api/items"), "modify fetches the real response")
	assert.Equal(t, 1, rt.Hits())
	e := tb.entry(t, "GET", "/api/items")
	require.NotNil(t, e.Routed)
	assert.Equal(t, "modified", e.Routed.Action)

	mustRoute(t, tb.router, Match{URL: "/api/echo"}, Modify{Status: 500})
	assert.Equal(t, 500, tb.fetch(t, "GET", "/api/echo", "").Status)
}

func TestMatchKindsAndFirstMatchWins(t *testing.T) {
	site := newTestSite(t)
	tb := newTab(t, sharedBrowser(t), Options{})
	tb.goTo(t, site.URL+"/")
	byMethod := mustRoute(t, tb.router, Match{Method: "DELETE"}, Fulfil{Body: "method"})
	byRegexp := mustRoute(t, tb.router, Match{Regexp: `/re/\d+$`}, Fulfil{Body: "regexp"})
	byType := mustRoute(t, tb.router, Match{ResourceType: "Script"}, Fulfil{Body: `window.typed = "script"`, Headers: map[string]string{"Content-Type": "text/javascript"}})
	byAlt := mustRoute(t, tb.router, Match{URL: "/{a,b}/**"}, Fulfil{Body: "glob"})
	byFull := mustRoute(t, tb.router, Match{URL: site.URL + "/full/*"}, Fulfil{Body: "full"})
	shadowed := mustRoute(t, tb.router, Match{URL: "/a/x"}, Fulfil{Body: "never"})

	assert.Equal(t, "method", tb.fetch(t, "DELETE", "/a/x", "").Body, "the first match wins")
	assert.Equal(t, "regexp", tb.fetch(t, "GET", "/re/12", "").Body)
	assert.Equal(t, "real /re/x", tb.fetch(t, "GET", "/re/x", "").Body)
	assert.Equal(t, "glob", tb.fetch(t, "GET", "/a/x", "").Body)
	assert.Equal(t, "glob", tb.fetch(t, "GET", "/b/deep/er", "").Body)
	assert.Equal(t, "real /c/x", tb.fetch(t, "GET", "/c/x", "").Body, "unrouted: untouched")
	assert.Equal(t, "full", tb.fetch(t, "GET", "/full/x?q=1", "").Body)
	assert.Equal(t, "real /full/x/y", tb.fetch(t, "GET", "/full/x/y", "").Body, "* stops at /")
	res, err := tb.page.Eval(`() => new Promise(ok => { const s = document.createElement("script"); s.src = "/c/s.js"; s.onload = () => ok(window.typed); s.onerror = () => ok("error"); document.head.append(s); })`)
	require.NoError(t, err)
	assert.Equal(t, "script", res.Value.Str())
	assert.Equal(t, []int{1, 1, 1, 2, 1, 0}, []int{byMethod.Hits(), byRegexp.Hits(), byType.Hits(), byAlt.Hits(), byFull.Hits(), shadowed.Hits()})

	require.NoError(t, tb.router.Unroute(byAlt))
	assert.Equal(t, "never", tb.fetch(t, "GET", "/a/x", "").Body, "after unroute the next route takes it")
}

func TestRoutingKeepsTheCacheAndAValidHAR(t *testing.T) {
	site := newTestSite(t)
	tb := newTab(t, sharedBrowser(t), Options{})
	mustRoute(t, tb.router, Match{URL: "/api/**"}, Fulfil{Status: 500, JSON: map[string]string{"error": "mocked"}})
	mustRoute(t, tb.router, Match{URL: "**/cached.js"}, Delay{For: 0})
	tb.goTo(t, site.URL+"/")
	tb.goTo(t, site.URL+"/?again")
	assert.Equal(t, 1, site.count("GET /cached.js"), "the second load comes from the browser's cache")
	assert.Equal(t, 500, tb.fetch(t, "GET", "/api/items", "").Status)
	tb.fetch(t, "GET", "/plain", "")
	tb.entry(t, "GET", "/plain")

	data, err := json.Marshal(tb.har.HAR())
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "network.har")
	require.NoError(t, os.WriteFile(path, data, 0o600))
	out, ok := testenv.ValidateHAR(t, path)
	require.True(t, ok, "har-validator: %s", out)
	assert.Contains(t, string(data), `"_routed":{"route":"/api/**","action":"fulfilled","detail":"status 500"}`)
}

func TestProbabilityDrawsAreSeededAndLogged(t *testing.T) {
	site := newTestSite(t)
	draws := func(seed uint64) (int, []bool) {
		tb := newTab(t, sharedBrowser(t), Options{Rand: rand.New(rand.NewPCG(seed, 1))})
		tb.goTo(t, site.URL+"/")
		rt, err := tb.router.Add(Rule{Match: Match{Method: "GET", URL: "/api/*"}, Action: Abort{}, Probability: 0.5})
		require.NoError(t, err)
		var got []bool
		for range 12 {
			got = append(got, tb.fetch(t, "GET", "/api/items", "").Error != "")
		}
		assert.Contains(t, tb.notes(), "route GET /api/*: GET /api/items: drew ")
		return rt.Hits(), got
	}
	hits, first := draws(42)
	_, again := draws(42)
	assert.Equal(t, first, again, "the same seed aborts the same requests")
	assert.Greater(t, hits, 0)
	assert.Less(t, hits, 12)
	want := rand.New(rand.NewPCG(42, 1))
	for i := range first {
		assert.Equal(t, want.Float64() < 0.5, first[i], "request %d", i)
	}
}

func TestNetworkConditions(t *testing.T) {
	site := newTestSite(t)
	tb := newTab(t, sharedBrowser(t), Options{})
	tb.goTo(t, site.URL+"/")
	_, err := tb.page.Eval(`() => { window.events = []; addEventListener("offline", () => events.push("offline")); addEventListener("online", () => events.push("online")); }`)
	require.NoError(t, err)

	require.NoError(t, tb.router.Offline(true))
	assert.Contains(t, tb.fetch(t, "GET", "/api/items", "").Error, "Failed to fetch")
	require.NoError(t, tb.router.Offline(false))
	assert.Equal(t, 200, tb.fetch(t, "GET", "/api/items", "").Status)
	res, err := tb.page.Eval(`() => [navigator.onLine, events.join(",")]`)
	require.NoError(t, err)
	assert.Equal(t, `[true,"offline,online"]`, res.Value.JSON("", ""))
	assert.Equal(t, "internet_disconnected", func() string {
		e := tb.entry(t, "GET", "/api/items")
		if e.Response.Error == "net::ERR_INTERNET_DISCONNECTED" {
			return "internet_disconnected"
		}
		return e.Response.Error
	}())

	require.NoError(t, tb.router.Emulate(Conditions{Latency: 300 * time.Millisecond}))
	assert.GreaterOrEqual(t, tb.fetch(t, "GET", "/api/items", "").MS, 290.0, "latency")
	require.NoError(t, tb.router.Emulate(Conditions{Download: 100_000}))
	assert.GreaterOrEqual(t, tb.fetch(t, "GET", "/big", "").MS, 400.0, "60 kB at 100 kB/s")
	require.NoError(t, tb.router.Emulate(Conditions{Upload: 100_000}))
	assert.GreaterOrEqual(t, tb.fetch(t, "POST", "/api/echo", string(make([]byte, 60000))).MS, 400.0, "60 kB up at 100 kB/s")
	require.NoError(t, tb.router.Emulate(Conditions{}))
	assert.Less(t, tb.fetch(t, "GET", "/big", "").MS, 400.0, "back to the real network")
	assert.Contains(t, tb.notes(), "network: offline")
	assert.Contains(t, tb.notes(), "network: online, latency 300ms")
}

func TestBadRoutesSayWhatIsWrong(t *testing.T) {
	for _, c := range []struct {
		rule Rule
		want string
	}{
		{Rule{Match: Match{Regexp: "(api"}, Action: Abort{}}, `route ~(api: url regexp "(api": missing closing ): ` + "`(api`"},
		{Rule{Match: Match{URL: "/{a"}, Action: Abort{}}, `route /{a: url glob "/{a": "{" without "}"`},
		{Rule{Match: Match{URL: "/a", Regexp: "a"}, Action: Abort{}}, `route /a: url "/a" and regexp "a" both set: use one`},
		{Rule{Match: Match{ResourceType: "pdf"}, Action: Abort{}}, `route ** (pdf): resource type "pdf": expected one of document,`},
		{Rule{Match: Match{URL: "/a"}, Action: Abort{}, Probability: 1.5}, `route /a: probability 1.5 is outside 0-1`},
		{Rule{Match: Match{URL: "/a"}, Action: Abort{}, Probability: -0.1}, `route /a: probability -0.1 is outside 0-1`},
		{Rule{Match: Match{URL: "/a"}, Action: Abort{}, Probability: math.NaN()}, `route /a: probability NaN is outside 0-1`},
		{Rule{Match: Match{URL: "/a"}, Action: HAR{File: "/nonexistent/x.har"}}, `route /a: har: open /nonexistent/x.har: no such file or directory`},
		{Rule{Match: Match{URL: "/a"}, Action: HAR{File: "route_test.go"}}, `route /a: har route_test.go: not a HAR file: invalid character`},
		{Rule{Match: Match{URL: "/a"}, Action: HAR{File: "x.har", NotFound: "skip"}}, `route /a: har: not_found "skip": expected abort or fallback`},
		{Rule{Match: Match{URL: "/a"}, Action: Fulfil{Status: 1000}}, `route /a: fulfil: status 1000 is not an HTTP status (100-599)`},
		{Rule{Match: Match{URL: "/a"}, Action: Fulfil{File: "/nonexistent"}}, `route /a: fulfil: read the body file: open /nonexistent: no such file or directory`},
		{Rule{Match: Match{URL: "/a"}, Action: Modify{}}, `route /a: modify: nothing to change`},
		{Rule{Match: Match{URL: "/a"}, Action: Delay{For: time.Second, Then: Modify{Status: 500}}}, `route /a: delay then modify:`},
		{Rule{Match: Match{URL: "/a"}}, `route /a: no action`},
	} {
		_, err := compileRule(c.rule)
		require.Error(t, err, c.want)
		assert.Contains(t, err.Error(), c.want)
		assert.NotContains(t, err.Error(), "\n")
	}
}

func TestGlobs(t *testing.T) {
	for _, c := range []struct {
		glob, url string
		want      bool
	}{
		{"/api/*", "http://h/api/items", true},
		{"/api/*", "http://h/api/items?x=1", true},
		{"/api/*", "http://h/api/favourites/3", false},
		{"/api/**", "http://h/api/favourites/3", true},
		{"/api/*?x=1", "http://h/api/items?x=1", true},
		{"/api/*?x=1", "http://h/api/items?x=2", false},
		{"**/*.{png,jpg}", "http://h/i/a.jpg", true},
		{"**/*.{png,jpg}", "http://h/i/a.gif", false},
		{"http://h/a.b", "http://h/aXb", false},
		{"http://h/a", "http://h/a#frag", true},
	} {
		m, err := Match{URL: c.glob}.compile()
		require.NoError(t, err)
		assert.Equal(t, c.want, m.matches("GET", c.url, ""), "%s on %s", c.glob, c.url)
	}
	assert.Equal(t, "*://*/api/*", fetchPattern("/api/*", true))
	assert.Equal(t, `*://*/a\?b*`, fetchPattern("/a?b", true))
}

func TestNoRouteInterceptsNothing(t *testing.T) {
	site := newTestSite(t)
	tb := newTab(t, sharedBrowser(t), Options{})
	tb.goTo(t, site.URL+"/")
	assert.Equal(t, 200, tb.fetch(t, "GET", "/api/items", "").Status)
	assert.False(t, tb.router.listening, "no route: no Fetch.enable, no event subscription")
	assert.Nil(t, tb.entry(t, "GET", "/api/items").Routed)
}

func TestABrowserThatRefusesInterceptionFailsAtSetupInOneLine(t *testing.T) {
	tb := newTab(t, sharedBrowser(t), Options{Kind: "cdp", Timeout: 2 * time.Second})
	require.NoError(t, tb.page.Close()) // a target gone: Fetch.enable cannot succeed
	_, err := tb.router.Route(Match{URL: "/api/*"}, Abort{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "route: the cdp browser refused request interception (Fetch.enable): ")
	assert.NotContains(t, err.Error(), "\n")
}

// Emulate confirms the conditions with a probe request on a page whose Content-Security-Policy
// lets it talk to its own origin only (the shop's): the probe is sent there, never reaches the
// server, and shows neither in the HAR nor in the console.
func TestNetworkConditionsOnAStrictPage(t *testing.T) {
	site := newTestSite(t)
	tb := newTab(t, sharedBrowser(t), Options{})
	tb.goTo(t, site.URL+"/csp/'self'")
	require.NoError(t, tb.router.Offline(true))
	assert.Contains(t, tb.fetch(t, "GET", "/api/items", "").Error, "Failed to fetch")
	require.NoError(t, tb.router.Emulate(Conditions{Latency: 300 * time.Millisecond}))
	assert.GreaterOrEqual(t, tb.fetch(t, "GET", "/api/items", "").MS, 290.0, "latency")
	require.NoError(t, tb.router.Emulate(Conditions{}))
	assert.Less(t, tb.fetch(t, "GET", "/api/items", "").MS, 290.0, "back to the real network")
	assert.Equal(t, "network: offline\nnetwork: online, latency 300ms\nnetwork: real network\n", tb.notes())

	site.mu.Lock()
	for path := range site.hits {
		assert.NotContains(t, path, "probe", "a probe reached the server")
	}
	site.mu.Unlock()
	tb.entry(t, "GET", "/api/items")
	for _, e := range tb.har.HAR().Log.Entries {
		assert.NotContains(t, e.Request.URL, browser.NetworkProbePath, "a probe in the HAR")
	}
	for _, e := range tb.console.Entries() {
		assert.NotContains(t, e.Text+e.URL, browser.NetworkProbePath, "a probe in the console")
	}
}

// A page that may send no request at all cannot send the probe: the conditions are set, and
// the step log says they were not confirmed.
func TestNetworkConditionsWhereThePageBlocksTheProbe(t *testing.T) {
	site := newTestSite(t)
	tb := newTab(t, sharedBrowser(t), Options{})
	tb.goTo(t, site.URL+"/csp/'none'")
	require.NoError(t, tb.router.Offline(true))
	assert.Equal(t, "network: offline (not confirmed: the page did not send the probe request (a Content-Security-Policy without connect-src 'self'?))\n", tb.notes())
	online, err := tb.page.Eval(`() => navigator.onLine`)
	require.NoError(t, err)
	assert.False(t, online.Value.Bool(), "navigator.onLine")
}

// Emulate returns only once the conditions are in force: a request the page starts right after it
// meets them, 200 rounds in a row, switching each time between offline and a 100ms latency (a
// request that escaped would succeed while offline, or fail or come at once under the latency).
func TestEmulateIsInForceWhenItReturns(t *testing.T) {
	site := newTestSite(t)
	tb := newTab(t, sharedBrowser(t), Options{})
	tb.goTo(t, site.URL+"/")
	for round := range 200 {
		if round%2 == 0 {
			require.NoError(t, tb.router.Emulate(Conditions{Offline: true}))
			r := tb.fetch(t, "GET", "/api/items", "")
			require.Contains(t, r.Error, "Failed to fetch", "round %d: a request went out while offline (status %d)", round, r.Status)
			continue
		}
		require.NoError(t, tb.router.Emulate(Conditions{Latency: 100 * time.Millisecond}))
		r := tb.fetch(t, "GET", "/api/items", "")
		require.Equal(t, 200, r.Status, "round %d: %s", round, r.Error)
		require.GreaterOrEqual(t, r.MS, 95.0, "round %d: the request escaped the latency", round)
	}
}
