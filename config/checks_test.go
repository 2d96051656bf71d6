package config

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSeveralBadKeysReportTheFirstInSchemaOrder: whatever mix of bad keys, whether a value's
// type or its meaning is wrong, the error names the first of them in the schema's order.
func TestSeveralBadKeysReportTheFirstInSchemaOrder(t *testing.T) {
	bad := []struct{ key, value string }{ // in schema order
		{"base_url", "ftp:/x"},
		{"app.servers", `[{"command":""}]`},
		{"app.reuse_existing", "maybe"},
		{"browser.remote.kind", "bogus"},
		{"timeouts.flow", "soon"},
		{"timeouts.action", "0s"},
		{"artifacts.mode", "sometimes"},
		{"backend.db.driver", "oracle"},
		{"backend.auth.path", "a..b["},
		{"run.workers", "9999"},
		{"run.repeat_each", "x"},
		{"run.grep", "("},
		{"run.shard", "3/2"},
		{"debug.pause_before", "("},
		{"network.routes", `[{"action":"nope"}]`},
		{"locators.test_id_attribute", "1bad"},
		{"audit.budgets.page", `{"cls":"NaN"}`},
		{"shop.addr", "nope"},
	}
	for i, a := range bad {
		for _, b := range bad[i+1:] {
			env := []string{EnvName(a.key) + "=" + a.value, EnvName(b.key) + "=" + b.value}
			err := loadErr(t, "", env)
			require.Equal(t, a.key, err.Key, "%s and %s: %v", a.key, b.key, err)
		}
	}
}

// TestSeveralBadPageBudgetsAlwaysTheSameError: with several bad page budgets the error named a
// different metric from run to run (a map's order); now the first in audit.PageMetrics' order.
func TestSeveralBadPageBudgetsAlwaysTheSameError(t *testing.T) {
	const file = "audit:\n  budgets:\n    page: {zzz: 1, requests: lots, cls: NaN, fcp: soon, lcp: later, ttfb: never}\n"
	want := loadErr(t, file, nil).Error()
	require.Equal(t, `config: audit.budgets.page: ttfb: expected a duration like "800ms", got "never"`, want)
	for range 30 {
		require.Equal(t, want, loadErr(t, file, nil).Error())
	}
}

// TestEveryNumberIsCheckedAtLoad: NaN and infinities were taken for a route's probability (the
// route then applied to every request) and a CLS budget; times: 1e20 wrapped around.
func TestEveryNumberIsCheckedAtLoad(t *testing.T) {
	route := func(extra string) string {
		return "network:\n  routes:\n    - {action: abort, url: '/api/*', " + extra + "}\n"
	}
	for _, tc := range []struct{ file, want string }{
		{route("probability: .nan"), "config: network.routes: entry 1: probability: expected a number from 0 to 1, got NaN"},
		{route("probability: .inf"), "config: network.routes: entry 1: probability: expected a number from 0 to 1, got +Inf"},
		{route("probability: 'NaN'"), "config: network.routes: entry 1: probability: expected a number from 0 to 1, got NaN"},
		{route("times: 1e20"), "config: network.routes: entry 1: times: expected a whole number from 0 to 1000000000, got 1e+20"},
		{route("times: 1.5"), "config: network.routes: entry 1: times: expected a whole number from 0 to 1000000000, got 1.5"},
		{route("times: -1"), "config: network.routes: entry 1: times: expected a whole number from 0 to 1000000000, got -1"},
		{"network:\n  routes:\n    - {action: fulfil, url: '/x', status: 1e20}\n",
			"config: network.routes: entry 1: status: expected an HTTP status from 100 to 599, got 1e+20"},
		{"audit: {budgets: {page: {cls: NaN}}}\n", `config: audit.budgets.page: cls: expected a number like 0.1, got "NaN"`},
		{"audit: {budgets: {page: {cls: +Inf}}}\n", `config: audit.budgets.page: cls: expected a number like 0.1, got "+Inf"`},
		{"audit: {budgets: {page: {bytes: 9999999999GiB}}}\n", `config: audit.budgets.page: bytes: expected a size like 500000 or 2MiB, got "9999999999GiB"`},
		{"run: {workers: 1e20}\n", "config: run.workers: expected an integer, got 1e+20"},
		{"network: {seed: .nan}\n", "config: network.seed: expected an integer, got NaN"},
		{"app: {seed: [{http: [{path: /x, status: 99999}]}]}\n", "config: app.seed: entry 1: http call 1: status: expected an HTTP status from 100 to 599, got 99999"},
	} {
		require.Equal(t, tc.want, loadErr(t, tc.file, nil).Error(), tc.file)
	}
	c := mustLoad(t, route("probability: 0.25, times: 3"), nil)
	rules, err := c.Network.Rules()
	require.NoError(t, err)
	require.Equal(t, 0.25, rules[0].Probability)
	require.Equal(t, 3, rules[0].Times)
}

// TestPortsAreCheckedAtLoad: a server URL with port 99999 was taken, and failed only after its
// whole ready_timeout; every URL key now fails at load.
func TestPortsAreCheckedAtLoad(t *testing.T) {
	for _, tc := range []struct{ file, key string }{
		{"base_url: http://127.0.0.1:99999/\n", "base_url"},
		{"base_url: http://127.0.0.1:0/\n", "base_url"},
		{"backend: {api_url: 'http://127.0.0.1:65536'}\n", "backend.api_url"},
		{"browser: {remote: {kind: selenium, url: 'http://grid:99999/wd/hub'}}\n", "browser.remote.url"},
		{"browser: {remote: {kind: cdp, url: 'ws://h:99999/devtools/browser/x'}}\n", "browser.remote.url"},
		{"app: {servers: [{command: x, url: 'http://127.0.0.1:99999/'}]}\n", "app.servers"},
		{"app: {seed: [{http: [{path: 'http://127.0.0.1:99999/api'}]}]}\n", "app.seed"},
	} {
		err := loadErr(t, tc.file, nil)
		require.Equal(t, tc.key, err.Key, tc.file)
		require.Contains(t, err.Error(), "port", tc.file)
	}
	mustLoad(t, "base_url: http://127.0.0.1:65535/\napp: {seed: [{http: [{path: 'http://127.0.0.1:$PORT/api'}]}]}\n", nil)
}

// TestStopSignalIsCheckedAtLoad: stop_signal: SIGBOGUS was taken, and SIGTERM sent instead.
func TestStopSignalIsCheckedAtLoad(t *testing.T) {
	err := loadErr(t, "app: {servers: [{name: web, command: x, stop_signal: SIGBOGUS}]}\n", nil)
	require.Equal(t, `config: app.servers: entry 1 (web): stop_signal: "SIGBOGUS" is no signal of this system: use SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1...`, err.Error())
	for _, sig := range []string{"SIGTERM", "TERM", "sigint", "SIGUSR2", "SIGWINCH"} {
		mustLoad(t, fmt.Sprintf("app: {servers: [{command: x, stop_signal: %s}]}\n", sig), nil)
	}
}

// TestAuthTemplateAndPathAreCheckedAtLoad: backend.auth.path "a..b[" and a template that fails
// when executed were taken, and every API check then failed with exit 1.
func TestAuthTemplateAndPathAreCheckedAtLoad(t *testing.T) {
	const storage = "backend: {auth: {kind: storage, key: session, "
	for _, tc := range []struct{ file, want string }{
		{storage + "template: 'Bearer {{.}}{{.Foo}}'}}\n",
			`config: backend.auth.template: "Bearer {{.}}{{.Foo}}" fails on a token: template: backend.auth.template:1:14: executing "backend.auth.template" at <.Foo>: can't evaluate field Foo in type string`},
		{storage + "template: 'Bearer {{.}'}}\n",
			`config: backend.auth.template: "Bearer {{.}" does not parse: template: backend.auth.template:1: bad character U+007D '}'`},
		{storage + "path: 'a..b['}}\n",
			`config: backend.auth.path: expected a dotted path like user.token or items.0.token, got "a..b[": an empty name between two dots`},
		{storage + "path: 'items[0].token'}}\n",
			`config: backend.auth.path: expected a dotted path like user.token or items.0.token, got "items[0].token": write items.0 for items[0]`},
	} {
		require.Equal(t, tc.want, loadErr(t, tc.file, nil).Error(), tc.file)
	}
	mustLoad(t, storage+"path: user.tokens.0, template: 'Token {{.}}'}}\n", nil)
}
