package config

import (
	"testing"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/browser"
	"github.com/stretchr/testify/require"
)

func TestMalformedURLs(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"base_url: ftp:/x", `config: base_url: expected an http(s) URL like http://127.0.0.1:8080, got "ftp:/x"`},
		{"base_url: localhost:8080", `config: base_url: expected an http(s) URL like http://127.0.0.1:8080, got "localhost:8080"`},
		{"base_url: /shop", `config: base_url: expected an http(s) URL like http://127.0.0.1:8080, got "/shop"`},
		{"base_url: 'http://'", `config: base_url: expected an http(s) URL like http://127.0.0.1:8080, got "http://"`},
		{"base_url: 'http://:8080'", `config: base_url: expected an http(s) URL like http://127.0.0.1:8080, got "http://:8080"`},
		{"base_url: 'http://h:port'", `config: base_url: expected an http(s) URL like http://127.0.0.1:8080, got "http://h:port"`},
		{"base_url: 'http://u:hunter2@h x'", `config: base_url: expected an http(s) URL like http://127.0.0.1:8080, got "http://u:[REDACTED]@h x"`},
		{"backend: {api_url: 'ws://h:1'}", `config: backend.api_url: expected an http(s) URL like http://127.0.0.1:8080, got "ws://h:1"`},
		{"shop: {addr: 'localhost'}", `config: shop.addr: expected host:port like 127.0.0.1:0 or 0.0.0.0:8080, got "localhost"`},
		{"shop: {addr: 'h:99999'}", `config: shop.addr: expected host:port like 127.0.0.1:0 or 0.0.0.0:8080, got "h:99999"`},
	} {
		t.Run(tc.yaml, func(t *testing.T) {
			require.Equal(t, tc.want, loadErr(t, tc.yaml+"\n", nil).Error())
		})
	}
	for _, ok := range []string{"base_url: http://127.0.0.1:8080", "base_url: https://shop.example.com/base/", "base_url: HTTP://h", "shop: {addr: ':8080'}", "shop: {addr: '127.0.0.1:0'}", "shop: {addr: '[::1]:80'}"} {
		mustLoad(t, ok+"\n", nil)
	}
}

func TestRemoteURLs(t *testing.T) {
	valid := map[browser.Kind][]string{
		browser.KindCDP:        {"ws://h:9222/devtools/browser/8f1c", "wss://h/devtools/browser/x", "http://h:9222", "h:9222", "127.0.0.1:9222", "[::1]:9222"},
		browser.KindRodManager: {"ws://h:7317", "http://h:7317", "wss://h"},
		browser.KindSelenium:   {"http://grid:4444", "https://user:pass@grid:4444/wd/hub", "https://hub.example.com/wd/hub"},
	}
	invalid := map[browser.Kind][]string{
		browser.KindCDP:        {"h", "ftp://h:9222", "h:port", ":9222", "ws://", "h:9222/json"},
		browser.KindRodManager: {"h:7317", "ftp://h", "ws://"},
		browser.KindSelenium:   {"ws://grid:4444", "grid:4444", "https://"},
	}
	for kind, urls := range valid {
		for _, u := range urls {
			c := mustLoad(t, "browser: {remote: {kind: "+string(kind)+", url: '"+u+"'}}\n", nil)
			require.Equal(t, u, c.Browser.Remote.URL)
		}
	}
	for kind, urls := range invalid {
		for _, u := range urls {
			ce := loadErr(t, "browser: {remote: {kind: "+string(kind)+", url: '"+u+"'}}\n", nil)
			require.Equal(t, "browser.remote.url", ce.Key, string(kind)+" "+u)
			require.Contains(t, ce.Msg, "for kind "+string(kind))
		}
	}
	ce := loadErr(t, "browser: {remote: {kind: selenium, url: 'ws://u:s3cret@grid'}}\n", nil)
	require.NotContains(t, ce.Error(), "s3cret")

	require.Equal(t, `config: browser.remote.url: required when browser.remote.kind is "selenium"`,
		loadErr(t, "", nil, "--remote-kind=selenium").Error())
	require.Equal(t, `config: browser.remote.url: set, but browser.remote.kind is empty (set it to one of cdp, rod-manager, selenium) (from E2E_BROWSER_REMOTE_URL)`,
		loadErr(t, "", []string{"E2E_BROWSER_REMOTE_URL=h:9222"}).Error())
}

func TestEnums(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"artifacts: {mode: always}", `config: artifacts.mode: expected one of retain-on-failure, on, off; got "always"`},
		{"browser: {remote: {kind: webdriver, url: 'http://h:1'}}", `config: browser.remote.kind: expected one of cdp, rod-manager, selenium (or empty for a local browser); got "webdriver"`},
		{"backend: {db: {driver: oracle}}", `config: backend.db.driver: expected one of sqlite, postgres, mysql, got "oracle"`},
		{"backend: {auth: {kind: token}}", `config: backend.auth.kind: expected one of cookies, storage, header, got "token"`},
		{"backend: {auth: {kind: storage}}", `config: backend.auth.key: is empty: name the localStorage or sessionStorage key that holds the token (backend.auth.kind is storage)`},
		{"backend: {auth: {kind: storage, key: user, template: Token}}", `config: backend.auth.template: expected a header value with {{.}} for the token, like "Bearer {{.}}", got "Token"`},
		{"backend: {auth: {kind: header}}", `config: backend.auth: kind header needs backend.auth.header (like X-API-Key) and backend.auth.env (the environment variable with its value)`},
		{"run: {reporters: [html, dot]}", `config: run.reporters: expected each one of list, junit, json, html, github; got "dot"`},
	} {
		t.Run(tc.yaml, func(t *testing.T) {
			require.Equal(t, tc.want, loadErr(t, tc.yaml+"\n", nil).Error())
		})
	}
	for _, m := range []string{"retain-on-failure", "on", "off"} {
		require.Equal(t, artifacts.Mode(m), mustLoad(t, "artifacts: {mode: "+m+"}\n", nil).Artifacts.Mode)
	}
}

func TestRanges(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"run: {workers: -1}", `config: run.workers: expected 0 (as many as CPUs) to 256, got -1`},
		{"run: {retries: -2}", `config: run.retries: expected 0 to 100, got -2`},
		{"run: {repeat_each: 0}", `config: run.repeat_each: expected 1 to 100000, got 0`},
		{"run: {repeat_each: 2000000000}", `config: run.repeat_each: expected 1 to 100000, got 2000000000`},
		{"run: {workers: 1000}", `config: run.workers: expected 0 (as many as CPUs) to 256, got 1000`},
		{"timeouts: {action: 0s}", `config: timeouts.action: must be greater than 0, got "0s"`},
		{"timeouts: {setup: 0s}", `config: timeouts.setup: must be greater than 0, got "0s"`},
		{"timeouts: {evidence: 0s}", `config: timeouts.evidence: must be greater than 0, got "0s"`},
		{"artifacts: {dir: ' '}", `config: artifacts.dir: must not be empty`},
		{"shop: {fault: ['GET /x=500', '  ']}", `config: shop.fault: entry 2 is empty`},
	} {
		t.Run(tc.yaml, func(t *testing.T) {
			require.Equal(t, tc.want, loadErr(t, tc.yaml+"\n", nil).Error())
		})
	}
	c := mustLoad(t, "timeouts: {flow: 0}\nrun: {workers: 0, retries: 0, repeat_each: 1}\n", nil)
	require.Zero(t, c.Timeouts.Flow)
}

func TestShard(t *testing.T) {
	for in, want := range map[string][2]int{"1/1": {1, 1}, "1/4": {1, 4}, "4/4": {4, 4}, " 2 / 3 ": {2, 3}} {
		c := mustLoad(t, "run: {shard: '"+in+"'}\n", nil)
		i, n := c.Run.ShardIndex()
		require.Equal(t, want, [2]int{i, n}, in)
	}
	i, n := mustLoad(t, "", nil).Run.ShardIndex()
	require.Equal(t, [2]int{0, 0}, [2]int{i, n})
	for _, in := range []string{"0/4", "5/4", "a/b", "1", "1/0", "-1/2", "1/2/3", "/"} {
		ce := loadErr(t, "", nil, "--shard="+in)
		require.Equal(t, `config: run.shard: expected "i/n" with 1 <= i <= n, like "1/4", got "`+in+`" (from --shard)`, ce.Error())
	}
}

func TestRegexps(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"run: {grep: '('}", "config: run.grep: expected a Go regular expression, got \"(\": missing closing )"},
		{"run: {grep_invert: '[a'}", "config: run.grep_invert: expected a Go regular expression, got \"[a\": missing closing ]"},
		{"debug: {pause_before: '*x'}", "config: debug.pause_before: expected a Go regular expression, got \"*x\": missing argument to repetition operator"},
		{"run: {grep: '(?<x)'}", "config: run.grep: expected a Go regular expression, got \"(?<x)\": invalid named capture"},
	} {
		t.Run(tc.yaml, func(t *testing.T) {
			require.Equal(t, tc.want, loadErr(t, tc.yaml+"\n", nil).Error())
		})
	}
	c := mustLoad(t, "run: {grep: '^checkout|cart$', grep_invert: '@slow'}\ndebug: {pause_before: 'pay.*'}\n", nil)
	require.Equal(t, "^checkout|cart$", c.Run.Grep)
}

func TestErrorFormat(t *testing.T) {
	require.Equal(t, `config: timeouts.flow: expected a duration like "30s", got "abc"`,
		(&Error{Key: "timeouts.flow", Msg: `expected a duration like "30s", got "abc"`}).Error())
	require.Equal(t, `config: --config e2e.yml: no such file`, (&Error{Msg: "--config e2e.yml: no such file"}).Error())
	require.Equal(t, "config: a: b c", (&Error{Key: "a", Msg: "b\n  c"}).Error())
}

func TestPinWorkers(t *testing.T) {
	require.Equal(t, browser.PinAuto, mustLoad(t, "", nil).Run.PinWorkers)
	require.Equal(t, browser.PinOff, mustLoad(t, "", nil, "--pin-workers=off").Run.PinWorkers)
	require.Equal(t, browser.PinOn, mustLoad(t, "run: {pin_workers: on}\n", nil).Run.PinWorkers) // a string, not YAML 1.1's true
	require.Equal(t, browser.PinOff, mustLoad(t, "", []string{"E2E_RUN_PIN_WORKERS=off"}).Run.PinWorkers)
	require.Equal(t, `config: run.pin_workers: expected one of auto, on, off; got "yes" (from --pin-workers)`,
		loadErr(t, "", nil, "--pin-workers=yes").Error())
	require.Equal(t, `config: run.pin_workers: "on" pins browsers e2e launches, and browser.remote.kind is "cdp": use auto or off`,
		loadErr(t, "run: {pin_workers: 'on'}\nbrowser: {remote: {kind: cdp, url: 'h:9222'}}\n", nil).Error())
	mustLoad(t, "browser: {remote: {kind: cdp, url: 'h:9222'}}\n", nil) // auto: remote browsers are left alone
}

func TestTestIDAttribute(t *testing.T) {
	require.Equal(t, "data-testid", mustLoad(t, "", nil).Locators.TestIDAttribute)
	require.Equal(t, "data-cy", mustLoad(t, "locators: {test_id_attribute: data-cy}\n", nil).Locators.TestIDAttribute)
	require.Equal(t, "data-test", mustLoad(t, "", []string{"E2E_LOCATORS_TEST_ID_ATTRIBUTE=data-test"}).Locators.TestIDAttribute)
	require.Equal(t, `config: locators.test_id_attribute: expected an HTML attribute name like data-testid, data-test or data-cy, got "data test"`,
		loadErr(t, "locators: {test_id_attribute: data test}\n", nil).Error())
}
