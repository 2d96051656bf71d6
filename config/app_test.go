package config

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestAppKeysFromFileEnvAndFlags(t *testing.T) {
	c := mustLoad(t, `
app:
  servers:
    - name: api
      command: ./api
      env: {Mixed_Case: "1"}
      url: http://127.0.0.1:9001/health
      ready_timeout: 30s
      reuse_existing: false
    - command: npm run dev
  seed:
    - sql: seed.sql
    - http: {path: /api/items, body: {name: lamp}}
  ready_timeout: 2m
`, nil)
	f := false
	require.Equal(t, []AppServer{
		{Name: "api", Command: "./api", Env: map[string]string{"Mixed_Case": "1"}, URL: "http://127.0.0.1:9001/health", ReadyTimeout: 30 * time.Second, ReuseExisting: &f},
		{Name: "server2", Command: "npm run dev"},
	}, c.App.Servers)
	require.Equal(t, []AppStep{{SQL: "seed.sql"}, {HTTP: []AppHTTPCall{{Path: "/api/items", Body: map[string]any{"name": "lamp"}}}}}, c.App.Seed)
	require.Equal(t, 2*time.Minute, c.App.ReadyTimeout)
	require.Equal(t, ReuseAuto, c.App.ReuseExisting)

	c = mustLoad(t, "app: {servers: [{command: x}]}\n", []string{`E2E_APP_SERVERS=[{"command":"from-env","url":"http://127.0.0.1:1/"}]`, "E2E_APP_REUSE_EXISTING=false"})
	require.Equal(t, []AppServer{{Name: "server1", Command: "from-env", URL: "http://127.0.0.1:1/"}}, c.App.Servers)
	require.Equal(t, ReuseNever, c.App.ReuseExisting)

	c = mustLoad(t, "", []string{`E2E_APP_SEED=[{"run":"env"}]`}, `--app-seed=[{"run":"flag","env":{"A":"b"}}]`, "--ready-timeout=5s", "--reuse-existing=true")
	require.Equal(t, []AppStep{{Run: "flag", Env: map[string]string{"A": "b"}}}, c.App.Seed)
	require.Equal(t, 5*time.Second, c.App.ReadyTimeout)
	require.Equal(t, ReuseAlways, c.App.ReuseExisting)
}

func TestAppKeyErrors(t *testing.T) {
	cases := []struct {
		yaml string
		env  []string
		args []string
		want string
	}{
		{yaml: "app: {servers: [{name: api, comand: x}]}", want: `config: app.servers: entry 1 (api): unknown key "comand" (did you mean "command"?)`},
		{yaml: "app: {servers: [{command: x, ready_timeout: soon}]}", want: `config: app.servers: entry 1: ready_timeout: expected a duration like "30s", got "soon"`},
		{yaml: "app: {servers: [{command: x, reuse_existing: maybe}]}", want: `config: app.servers: entry 1: reuse_existing: expected true or false, got "maybe"`},
		{yaml: "app: {servers: [{url: 'http://127.0.0.1:1'}]}", want: "config: app.servers: entry 1 (server1): command: required: the shell command that starts the server"},
		{yaml: "app: {servers: [{command: a, name: x}, {command: b, name: x}]}", want: "config: app.servers: entry 2 (x): name: used twice: give each server a name of its own"},
		{yaml: "app: {servers: [{command: a, url: 'localhost:80'}]}", want: `config: app.servers: entry 1 (server1): url: expected an http(s) URL like http://127.0.0.1:8080, got "localhost:80"`},
		{yaml: "app: {servers: {command: a}}", want: "config: app.servers: expected a list of mappings, got a mapping"},
		{yaml: "app: {seed: [{run: a, sql: b}]}", want: "config: app.seed: entry 1: expected exactly one of run, sql and http, got 2"},
		{yaml: "app: {reset: [{http: [{method: POST}]}]}", want: "config: app.reset: entry 1: http call 1: path: required"},
		{yaml: "app: {reuse_existing: sometimes}", want: `config: app.reuse_existing: expected auto, true or false; got "sometimes"`},
		{env: []string{"E2E_APP_SERVERS=[{"}, want: "config: app.servers: expected a JSON list of objects like [{...}], got invalid JSON (unexpected end of JSON input) (from E2E_APP_SERVERS)"},
		{args: []string{`--app-servers=[{"commands":"x"}]`}, want: `config: app.servers: entry 1: unknown key "commands" (did you mean "command"?) (from --app-servers)`},
	}
	for _, tc := range cases {
		require.Equal(t, tc.want, loadErr(t, tc.yaml, tc.env, tc.args...).Error(), tc.yaml)
	}
}

func TestAppSecretsMaskedAndScrubbed(t *testing.T) {
	c := mustLoad(t, "app: {servers: [{command: x, url: 'http://u:pw-12345@127.0.0.1:1/', env: {DB_PASSWORD: hunter22, PORT: '1'}}]}\n", nil)
	srv := c.Masked()["app"].(map[string]any)["servers"].([]any)[0].(map[string]any)
	require.Equal(t, "http://u:[REDACTED]@127.0.0.1:1/", srv["url"])
	require.Equal(t, map[string]any{"DB_PASSWORD": Redacted, "PORT": "1"}, srv["env"])
	require.Equal(t, "at http://u:[REDACTED]@127.0.0.1:1/ with [REDACTED]", c.Scrub("at http://u:pw-12345@127.0.0.1:1/ with hunter22"))
	require.Equal(t, "http://u:pw-12345@127.0.0.1:1/", c.App.Servers[0].URL)
}
