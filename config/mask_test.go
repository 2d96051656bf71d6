package config

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenYAML is the config printed into testdata/config.golden.yaml.
const goldenYAML = `base_url: https://admin:hunter2@shop.example.com:8443/
shop:
  fault: ["PUT /api/favourites/*=500"]
app:
  servers:
    - name: api
      command: ./api --port 9001
      env: {API_PASSWORD: s3cret-pw, PORT: "9001"}
      url: http://127.0.0.1:9001/health
      ready_timeout: 30s
      reuse_existing: false
  seed:
    - sql: testdata/seed.sql
    - http: {method: POST, path: /api/items, headers: {Authorization: Bearer t0ken}, body: {name: x, password: p4ssword}}
browser:
  args: [--lang=en]
  remote:
    kind: selenium
    url: https://grid-user:grid-pass@grid.example.com:4444/wd/hub
    headers:
      Authorization: Bearer abc123
      X-Team: checkout
    capabilities:
      browserName: chrome
      sessionToken: tok-123
      bstack:options:
        userName: alice
        accessKey: key-456
        nested: [{apiToken: tok-789, keep: yes}]
timeouts:
  flow: 2m
artifacts:
  har:
    max_body: 1500
  redact:
    json_keys: [card_number]
backend:
  api_url: http://api:pw@127.0.0.1:9001?access_token=t0k&page=2
  db:
    dsn: "file:shop.db?_auth_user=u&_auth_pass=p&cache=shared"
run:
  workers: 2
  reporters: [junit]
  shard: 1/2
  projects: [mobile]
projects:
  - name: desktop
  - name: mobile
    device: Pixel 2
    locale: de-DE
    timezone: Europe/Berlin
    geolocation: {latitude: 52.52, longitude: 13.405}
    permissions: [geolocation]
    color_scheme: dark
    offline: true
`

func TestMasked(t *testing.T) {
	c := mustLoad(t, goldenYAML, nil)
	m := c.Masked()
	require.Equal(t, "https://admin:[REDACTED]@shop.example.com:8443/", getPath(m, "base_url"))
	require.Equal(t, "https://grid-user:[REDACTED]@grid.example.com:4444/wd/hub", getPath(m, "browser.remote.url"))
	require.Equal(t, "http://api:[REDACTED]@127.0.0.1:9001?access_token=[REDACTED]&page=2", getPath(m, "backend.api_url"))
	require.Equal(t, "file:shop.db?_auth_user=[REDACTED]&_auth_pass=[REDACTED]&cache=shared", getPath(m, "backend.db.dsn"))
	require.Equal(t, map[string]any{"Authorization": Redacted, "X-Team": Redacted}, getPath(m, "browser.remote.headers"))
	caps := getPath(m, "browser.remote.capabilities").(map[string]any)
	require.Equal(t, "chrome", caps["browserName"])
	require.Equal(t, Redacted, caps["sessionToken"])
	opts := caps["bstack:options"].(map[string]any)
	require.Equal(t, "alice", opts["userName"])
	require.Equal(t, Redacted, opts["accessKey"])
	require.Equal(t, []any{map[string]any{"apiToken": Redacted, "keep": "yes"}}, opts["nested"])
	require.Equal(t, "2m0s", getPath(m, "timeouts.flow"))
	require.Equal(t, int64(1500), getPath(m, "artifacts.har.max_body"))

	// The config itself is untouched.
	require.Equal(t, "Bearer abc123", c.Browser.Remote.Headers["Authorization"])
	require.Equal(t, "tok-123", c.Browser.Remote.Capabilities["sessionToken"])
	require.Contains(t, c.BaseURL, "hunter2")

	var buf bytes.Buffer
	require.NoError(t, c.WriteYAML(&buf))
	for _, secret := range []string{"hunter2", "grid-pass", "abc123", "tok-123", "key-456", "tok-789", "t0k", "_auth_pass=p", ":pw@"} {
		require.NotContains(t, buf.String(), secret)
	}
}

// Masked has exactly the schema's keys, so the struct and schema agree.
func TestScrubMasksTheConfiguredSecretsInAMessage(t *testing.T) {
	c := mustLoad(t, goldenYAML, nil)
	c.Browser.Args = append(c.Browser.Args, "--proxy-server=http://proxy:pr0xypw@p:3128")
	msg := "base_url https://admin:hunter2@shop.example.com:8443/: unreachable; open database " +
		"file:shop.db?_auth_user=u&_auth_pass=p&cache=shared: no such file; header Bearer abc123; " +
		"capability key-456 and tok-789; arg --proxy-server=http://proxy:pr0xypw@p:3128; user alice"
	got := c.Scrub(msg)
	for _, secret := range []string{"hunter2", "_auth_pass=p", "abc123", "key-456", "tok-789", "pr0xypw"} {
		require.NotContains(t, got, secret)
	}
	require.Contains(t, got, "base_url https://admin:[REDACTED]@shop.example.com:8443/: unreachable")
	require.Contains(t, got, "arg --proxy-server=http://proxy:[REDACTED]@p:3128")
	require.Contains(t, got, "user alice", "what is not secret stays")
	require.Equal(t, "nothing secret", c.Scrub("nothing secret"))
}

func TestMaskedKeysMatchSchema(t *testing.T) {
	var got []string
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			key := strings.TrimPrefix(prefix+"."+k, ".")
			if sub, ok := v.(map[string]any); ok && sections[key] {
				walk(key, sub)
				continue
			}
			got = append(got, key)
		}
	}
	walk("", Default().Masked())
	var want []string
	for _, k := range schema {
		want = append(want, k.key)
	}
	sort.Strings(got)
	sort.Strings(want)
	require.Equal(t, want, got)
}

func TestWriteYAMLGolden(t *testing.T) {
	c := mustLoad(t, goldenYAML, nil)
	var buf bytes.Buffer
	require.NoError(t, c.WriteYAML(&buf))
	golden := filepath.Join("testdata", "config.golden.yaml")
	if *update {
		require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./config -run Golden -update to create it")
	require.Equal(t, string(want), buf.String())

	// The output is stable.
	var again bytes.Buffer
	require.NoError(t, c.WriteYAML(&again))
	require.Equal(t, buf.String(), again.String())
}

// Without secrets, the printed config is itself a config file that loads
// back to the same configuration.
func TestWriteYAMLRoundTrip(t *testing.T) {
	c := mustLoad(t, "base_url: http://127.0.0.1:8080\nbrowser: {args: [--a], remote: {kind: cdp, url: 'h:9222', capabilities: {x: {y: [1, 2]}}}}\nartifacts: {har: {max_body: 3MiB}}\nrun: {reporters: [json]}\napp: {servers: [{command: ./serve, url: 'http://127.0.0.1:1/', stop_timeout: 2s, reuse_existing: true}], reset: [{run: make reset, dir: x}, {http: [{path: /r, body: {a: [1]}}]}]}\nprojects: [{name: phone, device: iPhone X landscape, geolocation: {latitude: -33.9, longitude: 18.4, accuracy: 10}, permissions: [geolocation, notifications]}]\n", nil, "--slowmo=1s", "--project=phone")
	var buf bytes.Buffer
	require.NoError(t, c.WriteYAML(&buf))
	var parsed map[string]any
	require.NoError(t, yaml.Unmarshal(buf.Bytes(), &parsed))
	require.Equal(t, []string{"base_url", "app", "browser", "timeouts", "artifacts", "backend", "run", "debug", "network", "locators", "projects", "snapshots", "audit", "shop", "myapp"}, topKeys(t, buf.Bytes()))
	c2 := mustLoad(t, buf.String(), nil)
	require.Equal(t, c.Masked(), c2.Masked())
	c.file, c2.file = "", ""
	c2.workersSet = false // the printed file sets run.workers: 0 explicitly
	require.Equal(t, c, c2)
}

// topKeys returns the top-level keys of a YAML mapping in file order.
func topKeys(t *testing.T, data []byte) []string {
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal(data, &doc))
	var keys []string
	for i := 0; i < len(doc.Content[0].Content); i += 2 {
		keys = append(keys, doc.Content[0].Content[i].Value)
	}
	return keys
}

// getPath reads a dotted key from a nested map.
func getPath(m map[string]any, key string) any {
	var cur any = m
	for _, p := range strings.Split(key, ".") {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = mm[p]
	}
	return cur
}
