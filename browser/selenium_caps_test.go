package browser

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

func TestSeleniumCapabilitiesCarryOurFlagsAndMergeTheConfigured(t *testing.T) {
	body, err := seleniumCapabilities(Options{Headless: true, Args: []string{"--lang=de-DE"}, Remote: RemoteOptions{
		Capabilities: map[string]any{
			"platformName":   "linux",
			"browserVersion": "120",
			"se:name":        "checkout",
			chromeOptionsKey: map[any]any{"binary": "/opt/chrome", "args": []string{"--lang=de-DE", "--force-dark-mode"}},
		},
	}})
	require.NoError(t, err)
	raw, err := json.Marshal(body)
	require.NoError(t, err)
	var got struct {
		Capabilities struct {
			AlwaysMatch map[string]any `json:"alwaysMatch"`
		} `json:"capabilities"`
	}
	require.NoError(t, json.Unmarshal(raw, &got))
	am := got.Capabilities.AlwaysMatch
	require.Equal(t, "chrome", am["browserName"])
	require.Equal(t, "linux", am["platformName"])
	require.Equal(t, "120", am["browserVersion"])
	require.Equal(t, "checkout", am["se:name"])
	chrome := am[chromeOptionsKey].(map[string]any)
	require.Equal(t, "/opt/chrome", chrome["binary"])
	args := chrome["args"].([]any)
	require.Contains(t, args, "--headless")
	require.Contains(t, args, "--disable-sync")
	require.Equal(t, "--force-dark-mode", args[len(args)-1], "configured args come last")
	n := 0
	for _, a := range args {
		if a == "--lang=de-DE" {
			n++
		}
	}
	require.Equal(t, 1, n, "no flag twice")

	headed, err := seleniumCapabilities(Options{Headless: false})
	require.NoError(t, err)
	require.NotContains(t, alwaysMatch(headed)[chromeOptionsKey].(map[string]any)["args"], "--headless")

	_, err = seleniumCapabilities(Options{Remote: RemoteOptions{Capabilities: map[string]any{chromeOptionsKey: "nope"}}})
	require.ErrorContains(t, err, "goog:chromeOptions: expected a map")
	_, err = seleniumCapabilities(Options{Remote: RemoteOptions{Capabilities: map[string]any{chromeOptionsKey: map[string]any{"args": "--x"}}}})
	require.ErrorContains(t, err, "expected a list of flags")
}

func TestDescribeCaps(t *testing.T) {
	require.Equal(t, "{browserName: chrome, platformName: windows}",
		describeCaps(map[string]any{"platformName": "windows", "browserName": "chrome", chromeOptionsKey: map[string]any{"args": []any{"--x"}}}))
	require.Equal(t, "{browserName: chrome, browserVersion: 120, se:name: x, se:options: {\"a\":1}}",
		describeCaps(map[string]any{"se:name": "x", "browserVersion": "120", "browserName": "chrome", "se:options": map[string]any{"a": 1}}))
}

func TestStereotypeMatches(t *testing.T) {
	linux := map[string]any{"browserName": "chrome", "platformName": "linux", chromeOptionsKey: map[string]any{"binary": "/usr/bin/chromium"}}
	for _, c := range []struct {
		req  map[string]any
		want bool
	}{
		{map[string]any{"browserName": "chrome"}, true},
		{map[string]any{"browserName": "Chrome", "platformName": "LINUX"}, true},
		{map[string]any{"browserName": "chrome", "platformName": "ANY"}, true},
		{map[string]any{"browserName": "chrome", "platformName": "windows"}, false},
		{map[string]any{"browserName": "chrome", "platformName": "Windows 11"}, false},
		{map[string]any{"browserName": "chrome", "platformName": "mac"}, false},
		{map[string]any{"browserName": "firefox"}, false},
		{map[string]any{"browserName": "chrome", "browserVersion": "stable"}, true},
		{map[string]any{"browserName": "chrome", "browserVersion": "120"}, true},
	} {
		require.Equal(t, c.want, stereotypeMatches(c.req, linux), "%v", c.req)
	}
	require.False(t, stereotypeMatches(map[string]any{"browserVersion": "120"}, map[string]any{"browserVersion": "119.0.1"}))
	require.True(t, stereotypeMatches(map[string]any{"browserVersion": "119"}, map[string]any{"browserVersion": "119.0.1"}))
}

func TestRewriteSeCDP(t *testing.T) {
	for _, c := range []struct{ cdp, grid, want string }{
		// The grid's own CDP proxy: reached under the address the user gave.
		{"ws://localhost:4444/session/s1/se/cdp", "http://grid.example:4444", "ws://grid.example:4444/session/s1/se/cdp"},
		{"ws://127.0.0.1:4444/session/s1/se/cdp", "http://10.0.0.7:14444", "ws://10.0.0.7:14444/session/s1/se/cdp"},
		{"ws://172.17.0.2:4444/session/s1/se/cdp", "https://grid.example", "wss://grid.example/session/s1/se/cdp"},
		{"ws://localhost:4444/session/s1/se/cdp", "http://proxy.example/selenium/", "ws://proxy.example/selenium/session/s1/se/cdp"},
		{"ws://localhost:4444/selenium/session/s1/se/cdp", "http://proxy.example/selenium", "ws://proxy.example/selenium/session/s1/se/cdp"},
		{"ws://localhost:4444/session/s1/se/cdp", "http://grid.example:4444/wd/hub", "ws://grid.example:4444/session/s1/se/cdp"},
		{"ws://localhost:4444/session/s1/se/cdp", "http://proxy.example/grid/wd/hub/", "ws://proxy.example/grid/session/s1/se/cdp"},
		// A node's own DevTools address: only localhost is replaced, by the grid's host name.
		{"ws://localhost:39255/devtools/browser/b1", "http://grid.example:4444", "ws://grid.example:39255/devtools/browser/b1"},
		{"ws://10.0.0.9:39255/devtools/browser/b1", "http://grid.example:4444", "ws://10.0.0.9:39255/devtools/browser/b1"},
		{"ws://localhost:39255/devtools/browser/b1", "http://127.0.0.1:4444", "ws://localhost:39255/devtools/browser/b1"},
	} {
		grid, err := url.Parse(c.grid)
		require.NoError(t, err)
		got, err := rewriteSeCDP(c.cdp, grid, "s1")
		require.NoError(t, err)
		require.Equal(t, c.want, got, "%s via %s", c.cdp, c.grid)
	}
	_, err := rewriteSeCDP("::", &url.URL{Scheme: "http", Host: "g"}, "s1")
	require.Error(t, err)
}

func TestRedactURL(t *testing.T) {
	u, err := url.Parse("wss://user:pw@chrome.example/devtools?token=abc123&x=1")
	require.NoError(t, err)
	require.Equal(t, "wss://chrome.example/devtools?token="+redact.Redacted+"&x="+redact.Redacted, redactURL(u))
	require.Equal(t, redact.Redacted+"@host:1", redactRaw("us er:pw@host:1"))

	r, err := parseRemoteURL("9222", "http", "http")
	require.NoError(t, err)
	require.Equal(t, "http://127.0.0.1:9222", r.String())
	r, err = parseRemoteURL(" grid:4444 ", "http", "http")
	require.NoError(t, err)
	require.Equal(t, "http://grid:4444", r.String())
}
