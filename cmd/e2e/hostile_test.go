package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestHostileInputsExitTwoAtLoad: the inputs of issue 29 that were taken and failed later (or
// never) now stop e2e run at once, exit 2, with one bounded line naming the key.
func TestHostileInputsExitTwoAtLoad(t *testing.T) {
	cases := []struct {
		name, file, want string
	}{
		{"server port out of range", "app: {servers: [{name: web, command: 'sleep 5', url: 'http://127.0.0.1:99999/'}]}\n",
			`e2e: config: app.servers: entry 1 (web): url: expected an http(s) URL like http://127.0.0.1:8080, got "http://127.0.0.1:99999/" (port 99999 is outside 1-65535)`},
		{"unknown stop signal", "app: {servers: [{name: web, command: 'sleep 5', stop_signal: SIGBOGUS}]}\n",
			`e2e: config: app.servers: entry 1 (web): stop_signal: "SIGBOGUS" is no signal of this system`},
		{"times that wrapped", "network: {routes: [{action: abort, url: '/api/*', times: 1e20}]}\n",
			"e2e: config: network.routes: entry 1: times: expected a whole number from 0 to 1000000000, got 1e+20"},
		{"probability NaN", "network: {routes: [{action: abort, url: '/api/*', probability: .nan}]}\n",
			"e2e: config: network.routes: entry 1: probability: expected a number from 0 to 1, got NaN"},
		{"CLS budget NaN", "audit: {budgets: {page: {cls: NaN}}}\n",
			`e2e: config: audit.budgets.page: cls: expected a number like 0.1, got "NaN"`},
		{"several bad page budgets", "audit: {budgets: {page: {requests: lots, cls: NaN, fcp: soon}}}\n",
			`e2e: config: audit.budgets.page: fcp: expected a duration like "800ms", got "soon"`},
		{"auth path", "backend: {auth: {kind: storage, key: s, path: 'a..b['}}\n",
			`e2e: config: backend.auth.path: expected a dotted path like user.token or items.0.token, got "a..b[": an empty name between two dots`},
		{"auth template", "backend: {auth: {kind: storage, key: s, template: 'Bearer {{.}}{{.Foo}}'}}\n",
			`e2e: config: backend.auth.template: "Bearer {{.}}{{.Foo}}" fails on a token`},
		{"huge grep", "run: {grep: '(" + strings.Repeat("x", 1<<20) + "'}\n",
			`…(1048577 bytes): missing closing )`},
		{"HAR body outside its folder", "network: {routes: [{action: har, url: '/api/**', har: api.har}]}\n",
			`e2e: config: network.routes: entry 1: route /api/**: har api.har: entry 1: _file "../../../../etc/hostname" is outside the HAR's folder: keep the bodies beside the HAR file`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCLI(t)
			require.NoError(t, os.WriteFile(filepath.Join(c.dir, "e2e.yaml"), []byte(tc.file), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(c.dir, "api.har"), []byte(`{"log":{"entries":[{"request":{"method":"GET","url":"http://h/api/x"},`+
				`"response":{"status":200,"content":{"_file":"../../../../etc/hostname"}}}]}}`), 0o644))
			start := time.Now()
			code := c.run("run")
			stderr := c.errb.String()
			require.Equal(t, 2, code, "stderr: %s", stderr)
			require.Contains(t, stderr, tc.want)
			require.Equal(t, 1, strings.Count(stderr, "\n"), "one line: %s", stderr)
			require.Less(t, len(stderr), 1000)
			require.Less(t, time.Since(start), 30*time.Second, "at load, not after a timeout")
		})
	}
}
