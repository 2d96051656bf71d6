package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/browser"
	"github.com/spf13/pflag"
	"github.com/stretchr/testify/require"
)

func TestDefaults(t *testing.T) {
	c := mustLoad(t, "", nil)
	require.Equal(t, Default(), c)
	require.Equal(t, "", c.BaseURL)
	require.True(t, c.Browser.Headless)
	require.Equal(t, 60*time.Second, c.Timeouts.Flow)
	require.Equal(t, 10*time.Second, c.Timeouts.Action)
	require.Equal(t, 60*time.Second, c.Browser.Remote.SessionTimeout)
	require.Equal(t, "test-results", c.Artifacts.Dir)
	require.Equal(t, artifacts.ModeRetainOnFailure, c.Artifacts.Mode)
	require.Equal(t, int64(1<<20), c.Artifacts.HAR.MaxBody)
	require.True(t, c.Artifacts.Redact.Enabled)
	require.Equal(t, 0, c.Run.Retries)
	require.Equal(t, 1, c.Run.RepeatEach)
	require.Equal(t, []string{"list"}, Strings(c.Run.Reporters))
	require.Equal(t, []string{}, c.Browser.Args)
	require.Equal(t, map[string]any{}, c.Browser.Remote.Capabilities)
	require.Equal(t, map[string]string{}, c.Browser.Remote.Headers)
	require.Equal(t, "", c.File())
}

func TestLoadWithoutFlagSet(t *testing.T) {
	c, err := Load(LoadOptions{Env: []string{"E2E_RUN_RETRIES=2"}, Dir: t.TempDir()})
	require.NoError(t, err)
	require.Equal(t, 2, c.Run.Retries)
}

// Each layer overrides the one below it, proven with the same keys.
func TestPrecedence(t *testing.T) {
	const file = "timeouts:\n  action: 20s\nbase_url: http://file:1\nrun:\n  workers: 2\n"
	fileEnv := []string{"E2E_TIMEOUTS_ACTION=30s", "E2E_BASE_URL=http://env:1", "E2E_RUN_WORKERS=3"}
	flags := []string{"--action-timeout=40s", "--base-url=http://flag:1", "-j", "4"}

	type want struct {
		action  time.Duration
		baseURL string
		workers int
	}
	for _, tc := range []struct {
		name  string
		file  string
		env   []string
		flags []string
		want  want
	}{
		{"default", "", nil, nil, want{10 * time.Second, "", 0}},
		{"file over default", file, nil, nil, want{20 * time.Second, "http://file:1", 2}},
		{"env over file", file, fileEnv, nil, want{30 * time.Second, "http://env:1", 3}},
		{"env over default", "", fileEnv, nil, want{30 * time.Second, "http://env:1", 3}},
		{"flag over env", file, fileEnv, flags, want{40 * time.Second, "http://flag:1", 4}},
		{"flag over file", file, nil, flags, want{40 * time.Second, "http://flag:1", 4}},
		{"flag over default", "", nil, flags, want{40 * time.Second, "http://flag:1", 4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustLoad(t, tc.file, tc.env, tc.flags...)
			require.Equal(t, tc.want, want{c.Timeouts.Action, c.BaseURL, c.Run.Workers})
		})
	}
}

// Flags left at their defaults must not override the file or env.
func TestUnsetFlagsDoNotOverride(t *testing.T) {
	c := mustLoad(t, "browser:\n  headless: false\ntimeouts:\n  flow: 5s\nrun:\n  reporters: [junit]\n", []string{"E2E_RUN_RETRIES=3"}, "--grep=x")
	require.False(t, c.Browser.Headless)
	require.Equal(t, 5*time.Second, c.Timeouts.Flow)
	require.Equal(t, 3, c.Run.Retries)
	require.Equal(t, []string{"list", "junit"}, Strings(c.Run.Reporters))
	require.Equal(t, "x", c.Run.Grep)
}

func TestHeadedFlag(t *testing.T) {
	require.False(t, mustLoad(t, "", nil, "--headed").Browser.Headless)
	require.True(t, mustLoad(t, "browser: {headless: false}", nil, "--headed=false").Browser.Headless)
	// The flag beats the environment.
	require.True(t, mustLoad(t, "", []string{"E2E_HEADED=1"}, "--headed=false").Browser.Headless)
	require.True(t, mustLoad(t, "browser: {headless: true}", nil).Browser.Headless)
}

func TestConfigFileMissing(t *testing.T) {
	dir := t.TempDir()
	_, err := Load(LoadOptions{File: "e2e.yml", Env: []string{}, Dir: dir})
	require.EqualError(t, err, "config: --config e2e.yml: no such file")
	var ce *Error
	require.True(t, errors.As(err, &ce))

	// The same through the flag.
	fs := pflag.NewFlagSet("e2e", pflag.ContinueOnError)
	BindFlags(fs)
	require.NoError(t, fs.Parse([]string{"--config", "nope.yaml"}))
	_, err = Load(LoadOptions{Flags: fs, Env: []string{}, Dir: dir})
	require.EqualError(t, err, "config: --config nope.yaml: no such file")

	_, err = Load(LoadOptions{File: dir, Env: []string{}})
	require.ErrorAs(t, err, &ce)
	require.Contains(t, err.Error(), "is a directory")
}

func TestConfigFileExplicit(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, DefaultFile), []byte("run: {retries: 1}\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ci.yaml"), []byte("run: {retries: 5}\n"), 0o600))

	// --config replaces e2e.yaml; relative to Dir.
	c, err := Load(LoadOptions{File: "ci.yaml", Env: []string{}, Dir: dir})
	require.NoError(t, err)
	require.Equal(t, 5, c.Run.Retries)
	require.Equal(t, filepath.Join(dir, "ci.yaml"), c.File())

	fs := pflag.NewFlagSet("e2e", pflag.ContinueOnError)
	BindFlags(fs)
	require.NoError(t, fs.Parse([]string{"--config", filepath.Join(dir, "ci.yaml")}))
	c, err = Load(LoadOptions{Flags: fs, Env: []string{}, Dir: t.TempDir()})
	require.NoError(t, err)
	require.Equal(t, 5, c.Run.Retries)
}

func TestDefaultFileInDir(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, DefaultFile)
	require.NoError(t, os.WriteFile(path, []byte("base_url: http://127.0.0.1:8080\n"), 0o600))
	c, err := Load(LoadOptions{Env: []string{}, Dir: dir})
	require.NoError(t, err)
	require.Equal(t, "http://127.0.0.1:8080", c.BaseURL)
	require.Equal(t, path, c.File())

	// Dir "" means the working directory.
	t.Chdir(dir)
	c, err = Load(LoadOptions{Env: []string{}})
	require.NoError(t, err)
	require.Equal(t, "http://127.0.0.1:8080", c.BaseURL)
	require.Equal(t, DefaultFile, c.File())
}

func TestEmptyFile(t *testing.T) {
	c := mustLoad(t, "# nothing here\n", nil)
	require.NotEmpty(t, c.File())
	c.file = ""
	require.Equal(t, Default(), c)
	// Null sections and values count as unset.
	c = mustLoad(t, "browser:\nrun:\n  retries:\n", nil)
	require.Equal(t, 0, c.Run.Retries)
	require.True(t, c.Browser.Headless)
}

func TestUnknownKeys(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"browsr:\n  bin: x\n", `config: unknown key "browsr.bin" in e2e.yaml (did you mean "browser.bin"?)`},
		{"browser:\n  bni: x\n", `config: unknown key "browser.bni" in e2e.yaml (did you mean "browser.bin"?)`},
		{"browser: {remote: {knd: cdp}}\n", `config: unknown key "browser.remote.knd" in e2e.yaml (did you mean "browser.remote.kind"?)`},
		{"headless: false\n", `config: unknown key "headless" in e2e.yaml (did you mean "browser.headless"?)`},
		{"base_ur: http://x\n", `config: unknown key "base_ur" in e2e.yaml (did you mean "base_url"?)`},
		{"timeout:\n  flow: 1s\n", `config: unknown key "timeout.flow" in e2e.yaml (did you mean "timeouts.flow"?)`},
		{"Browser:\n  bin: x\n", `config: unknown key "Browser.bin" in e2e.yaml (did you mean "browser.bin"?)`},
		{"Browser: x\n", `config: unknown key "Browser" in e2e.yaml (did you mean "browser"?)`},
		{"zzz_unrelated: 1\n", `config: unknown key "zzz_unrelated" in e2e.yaml`},
		{"run:\n  workers: 1\n  colour: red\n", `config: unknown key "run.colour" in e2e.yaml`},
	} {
		t.Run(tc.yaml, func(t *testing.T) {
			ce := loadErr(t, tc.yaml, nil)
			require.Equal(t, "", ce.Key)
			// The path of e2e.yaml is the temp dir's.
			require.Equal(t, tc.want, replaceDir(ce.Error()))
		})
	}
}

// replaceDir shortens "<tmp>/e2e.yaml" to "e2e.yaml" in a message.
func replaceDir(msg string) string {
	re := regexpMust(`/\S*/` + DefaultFile)
	return re.ReplaceAllString(msg, DefaultFile)
}

func TestDottedKeysInFile(t *testing.T) {
	c := mustLoad(t, "browser.headless: false\nbrowser:\n  remote.kind: cdp\n  remote.url: localhost:9222\n", nil)
	require.False(t, c.Browser.Headless)
	require.Equal(t, browser.KindCDP, c.Browser.Remote.Kind)

	ce := loadErr(t, "browser.bin: a\nbrowser:\n  bin: b\n", nil)
	require.Equal(t, "browser.bin", ce.Key)
	require.Contains(t, ce.Msg, "set twice")
}

func TestYAMLSyntaxError(t *testing.T) {
	ce := loadErr(t, "base_url: http://x\nbrowser:\n  bin: a\n   headless: [\n", nil)
	require.Regexp(t, `^config: \S*e2e\.yaml:\d+: invalid YAML: `, ce.Error())

	ce = loadErr(t, "run:\n  retries: 1\n  retries: 2\n", nil)
	require.Regexp(t, `^config: \S*e2e\.yaml:3: invalid YAML: mapping key "retries" already defined at line 2$`, ce.Error())

	ce = loadErr(t, "a: b\n\tc: d\n", nil)
	require.Regexp(t, `e2e\.yaml:2: invalid YAML`, ce.Error())

	ce = loadErr(t, "- a\n- b\n", nil)
	require.Contains(t, ce.Error(), "expected a mapping of keys at the top level, got a list")

	ce = loadErr(t, "base_url: http://a/\n---\nbogus: 1\n", nil)
	require.Regexp(t, `e2e\.yaml: holds more than one YAML document \(a second after ---\): keep one$`, ce.Error())
	require.NotNil(t, mustLoad(t, "---\nbase_url: http://a/\n---\n", nil), "an empty document after --- is harmless")

	// A file of secrets given by mistake (a .env) is not echoed.
	ce = loadErr(t, "GRID_PASSWORD=hunter2\nAPI_TOKEN=abc123\n", nil)
	require.Contains(t, ce.Error(), "expected a mapping of keys at the top level, got a string")
	require.NotContains(t, ce.Error(), "hunter2")
}

func TestWrongTypes(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"browser: {headless: maybe}", `config: browser.headless: expected true or false, got "maybe"`},
		{"browser: {devtools: 2}", `config: browser.devtools: expected true or false, got 2`},
		{"run: {workers: x}", `config: run.workers: expected an integer, got "x"`},
		{"run: {retries: 1.5}", `config: run.retries: expected an integer, got 1.5`},
		{"run: {repeat_each: true}", `config: run.repeat_each: expected an integer, got true`},
		{"timeouts: {flow: abc}", `config: timeouts.flow: expected a duration like "30s", got "abc"`},
		{"timeouts: {flow: 30}", `config: timeouts.flow: expected a duration like "30s", got 30 (add a unit, e.g. "30s")`},
		{"timeouts: {action: -1s}", `config: timeouts.action: must not be negative, got "-1s"`},
		{"browser: {args: {a: b}}", `config: browser.args: expected a list of strings, got a mapping`},
		{"browser: {args: [a, {b: c}]}", `config: browser.args: expected a list of strings, got a mapping at index 1`},
		{"run: {reporters: [list, ~]}", `config: run.reporters: expected a list of strings, got an empty value at index 1`},
		{"base_url: [a]", `config: base_url: expected a string, got a list`},
		{"artifacts: {har: {max_body: abc}}", `config: artifacts.har.max_body: expected a size in bytes like 1048576, "512KB" or "1MiB", got "abc"`},
		{"artifacts: {har: {max_body: -1}}", `config: artifacts.har.max_body: must not be negative, got -1`},
		{"browser: {remote: {capabilities: [a]}}", `config: browser.remote.capabilities: expected a mapping, got a list`},
		{"browser: {remote: {headers: {X-A: {b: c}}}}", `config: browser.remote.headers: expected a mapping of strings, got a mapping at "X-A"`},
		{"browser: {remote: {headers: 'Authorization: Bearer s3cret'}}", `config: browser.remote.headers: expected a mapping of strings, got a string`},
		{"browser: chrome", `config: browser: expected a mapping, got "chrome"`},
		{"browser: {remote: [cdp]}", `config: browser.remote: expected a mapping, got a list`},
	} {
		t.Run(tc.yaml, func(t *testing.T) {
			ce := loadErr(t, tc.yaml+"\n", nil)
			require.Equal(t, tc.want, ce.Error())
		})
	}
}

func TestLenientScalars(t *testing.T) {
	c := mustLoad(t, "browser: {headless: no, devtools: 1, args: --foo}\nrun: {workers: '3', grep: 123}\n", nil)
	require.False(t, c.Browser.Headless)
	require.True(t, c.Browser.DevTools)
	require.Equal(t, []string{"--foo"}, c.Browser.Args)
	require.Equal(t, 3, c.Run.Workers)
	require.Equal(t, "123", c.Run.Grep)
}

func TestDurationsDecode(t *testing.T) {
	for in, want := range map[string]time.Duration{
		`"30s"`: 30 * time.Second,
		"1m":    time.Minute,
		"1h30m": 90 * time.Minute,
		"250ms": 250 * time.Millisecond,
		"0":     0,
		"0s":    0,
	} {
		c := mustLoad(t, "timeouts: {flow: "+in+"}\nbrowser: {slowmo: "+in+", remote: {session_timeout: "+in+"}}\n", nil)
		require.Equal(t, want, c.Timeouts.Flow, in)
		require.Equal(t, want, c.Browser.SlowMo, in)
		require.Equal(t, want, c.Browser.Remote.SessionTimeout, in)
	}
	c := mustLoad(t, "", []string{"E2E_TIMEOUTS_FLOW=2m"}, "--slowmo=100ms")
	require.Equal(t, 2*time.Minute, c.Timeouts.Flow)
	require.Equal(t, 100*time.Millisecond, c.Browser.SlowMo)
}

func TestByteSizesDecode(t *testing.T) {
	for in, want := range map[string]int64{
		"1048576":   1 << 20,
		"0":         0,
		`"1MiB"`:    1 << 20,
		`"512KB"`:   512_000,
		`"512KiB"`:  512 << 10,
		`"2 kib"`:   2048,
		`"1.5MiB"`:  3 << 19,
		`"100"`:     100,
		`"100B"`:    100,
		`"1GB"`:     1_000_000_000,
		`"4M"`:      4_000_000,
		"1048576.0": 1 << 20,
	} {
		c := mustLoad(t, "artifacts: {har: {max_body: "+in+"}}\n", nil)
		require.Equal(t, want, c.Artifacts.HAR.MaxBody, in)
	}
	for _, in := range []string{`"1XB"`, `"MiB"`, `"1.1B"`, `"-1KB"`, `"99999999999999999999"`, `"1e3"`, "[1]"} {
		ce := loadErr(t, "artifacts: {har: {max_body: "+in+"}}\n", nil)
		require.Equal(t, "artifacts.har.max_body", ce.Key, in)
	}
	c := mustLoad(t, "", []string{"E2E_ARTIFACTS_HAR_MAX_BODY=2MiB"})
	require.Equal(t, int64(2<<20), c.Artifacts.HAR.MaxBody)
}

func TestAPIURLDefaultsToBaseURL(t *testing.T) {
	c := mustLoad(t, "base_url: http://shop:8080\n", nil)
	require.Equal(t, "http://shop:8080", c.Backend.APIURL)
	c = mustLoad(t, "base_url: http://shop:8080\nbackend: {api_url: http://api:9000}\n", nil)
	require.Equal(t, "http://api:9000", c.Backend.APIURL)
	c = mustLoad(t, "", nil)
	require.Equal(t, "", c.Backend.APIURL)
}

func TestReportersMerge(t *testing.T) {
	for _, tc := range []struct {
		name string
		file string
		env  []string
		args []string
		want []string
	}{
		{"default", "", nil, nil, []string{"list"}},
		{"file adds to list", "run: {reporters: [junit, html]}", nil, nil, []string{"list", "junit", "html"}},
		{"file deduplicated", "run: {reporters: [junit, list, junit]}", nil, nil, []string{"list", "junit"}},
		{"file empty list", "run: {reporters: []}", nil, nil, []string{"list"}},
		{"flag replaces", "run: {reporters: [junit]}", nil, []string{"--reporter", "json,html"}, []string{"json", "html"}},
		{"flag repeated", "", nil, []string{"--reporter", "json", "--reporter", "json,junit"}, []string{"json", "junit"}},
		{"env replaces the file's, adds to list", "run: {reporters: [junit]}", []string{"E2E_RUN_REPORTERS=html, json"}, nil, []string{"list", "html", "json"}},
		{"env adds to list", "", []string{"E2E_RUN_REPORTERS=json"}, nil, []string{"list", "json"}},
		{"env and github in GitHub Actions", "", []string{"GITHUB_ACTIONS=true", "E2E_RUN_REPORTERS=junit,html"}, nil, []string{"list", "github", "junit", "html"}},
		{"env as the file in GitHub Actions", "run: {reporters: [junit, html]}", []string{"GITHUB_ACTIONS=true"}, nil, []string{"list", "github", "junit", "html"}},
		{"flag beats env", "", []string{"E2E_RUN_REPORTERS=html"}, []string{"--reporter=junit"}, []string{"junit"}},
		{"github in GitHub Actions", "", []string{"GITHUB_ACTIONS=true"}, nil, []string{"list", "github"}},
		{"github and the file's", "run: {reporters: [junit]}", []string{"GITHUB_ACTIONS=true"}, nil, []string{"list", "github", "junit"}},
		{"github replaced by the flag", "", []string{"GITHUB_ACTIONS=true"}, []string{"--reporter", "list,json"}, []string{"list", "json"}},
		{"github only in GitHub Actions", "", []string{"GITHUB_ACTIONS=false"}, nil, []string{"list"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustLoad(t, tc.file, tc.env, tc.args...)
			require.Equal(t, tc.want, Strings(c.Run.Reporters))
		})
	}
	ce := loadErr(t, "run: {reporters: [junit, xml]}", nil)
	require.Equal(t, `config: run.reporters: expected each one of list, junit, json, html, github; got "xml"`, ce.Error())
	ce = loadErr(t, "", nil, "--reporter=")
	require.Equal(t, "run.reporters", ce.Key)
	require.Contains(t, ce.Msg, "at least one")
}

func TestDebugImplications(t *testing.T) {
	c := mustLoad(t, "timeouts: {flow: 5m}\nbrowser: {headless: true}\n", nil, "--debug")
	require.True(t, c.Debug.Enabled)
	require.False(t, c.Browser.Headless)
	require.True(t, c.Browser.Highlight)
	require.Equal(t, time.Duration(0), c.Timeouts.Flow)
	require.Equal(t, 250*time.Millisecond, c.Browser.SlowMo)
	require.Equal(t, 1, c.Workers(100))

	// slowmo set anywhere (even to 0) is kept; workers set is kept.
	c = mustLoad(t, "browser: {slowmo: 0s}\nrun: {workers: 3}\n", []string{"E2E_DEBUG=1"})
	require.True(t, c.Debug.Enabled)
	require.Equal(t, time.Duration(0), c.Browser.SlowMo)
	require.Equal(t, 3, c.Workers(100))
	c = mustLoad(t, "debug: {enabled: true}\n", nil, "--slowmo=1s")
	require.Equal(t, time.Second, c.Browser.SlowMo)

	// A flag beats what debug implies; the file's project-wide settings do not (above).
	c = mustLoad(t, "timeouts: {flow: 5m}\n", nil, "--debug", "--timeout=30s", "--headed=false")
	require.Equal(t, 30*time.Second, c.Timeouts.Flow)
	require.True(t, c.Browser.Headless)
	c = mustLoad(t, "", []string{"E2E_TIMEOUTS_FLOW=45s"}, "--debug")
	require.Equal(t, 45*time.Second, c.Timeouts.Flow)

	// Without debug nothing changes.
	c = mustLoad(t, "", nil)
	require.True(t, c.Browser.Headless)
	require.False(t, c.Browser.Highlight)
	require.Equal(t, time.Duration(0), c.Browser.SlowMo)
	require.Equal(t, time.Minute, c.Timeouts.Flow)
}

func TestMapKeysKeepCase(t *testing.T) {
	c := mustLoad(t, `browser:
  remote:
    capabilities:
      browserName: chrome
      goog:chromeOptions: {args: [--headless]}
    headers: {X-Api-Key: abc, Count: 3}
`, nil)
	require.Equal(t, map[string]any{
		"browserName":        "chrome",
		"goog:chromeOptions": map[string]any{"args": []any{"--headless"}},
	}, c.Browser.Remote.Capabilities)
	require.Equal(t, map[string]string{"X-Api-Key": "abc", "Count": "3"}, c.Browser.Remote.Headers)
}

// Load must return an error, never panic, for odd inputs.
func TestLoadOddInputs(t *testing.T) {
	for _, y := range []string{
		"? [a, b]\n: c\n",
		"1: 2\n",
		"true: x\n",
		"browser:\n  1: x\n",
		"&a [*a]\n",
		"a: &a {b: *a}\n",
		"\x00\x01",
		"browser: {remote: {capabilities: {1: {2: [3, {4: 5}]}}}}\n",
		"run: {workers: 1e300}\n",
		"run: {workers: .nan}\n",
		"artifacts: {har: {max_body: .inf}}\n",
		"run: {workers: 99999999999999999999999}\n",
		"shop: {fault: [\"\"]}\n",
		"---\n---\nbase_url: x\n",
	} {
		require.NotPanics(t, func() { _, _ = load(optsFor(t, y)) }, y)
		c, err := Load(optsFor(t, y))
		if err != nil {
			require.Nil(t, c)
			var ce *Error
			require.ErrorAs(t, err, &ce, y)
		}
	}
}

func optsFor(t *testing.T, yamlText string) LoadOptions {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, DefaultFile), []byte(yamlText), 0o600))
	return LoadOptions{Env: []string{}, Dir: dir}
}

// A suite's defaults replace the built-in ones and lose to the file and the environment; an
// unknown key is an error naming it.
func TestSuiteDefaults(t *testing.T) {
	defaults := map[string]any{"timeouts.action": "3s", "run.retries": 2}
	load := func(file string, env ...string) (*Config, error) {
		dir := t.TempDir()
		if file != "" {
			require.NoError(t, os.WriteFile(filepath.Join(dir, DefaultFile), []byte(file), 0o600))
		}
		return Load(LoadOptions{Env: env, Dir: dir, Defaults: defaults})
	}
	c, err := load("")
	require.NoError(t, err)
	require.Equal(t, 3*time.Second, c.Timeouts.Action)
	require.Equal(t, 2, c.Run.Retries)
	c, err = load("timeouts:\n  action: 20s\n", "E2E_RUN_RETRIES=0")
	require.NoError(t, err)
	require.Equal(t, 20*time.Second, c.Timeouts.Action)
	require.Equal(t, 0, c.Run.Retries)

	defaults = map[string]any{"timeouts.acton": "3s"}
	_, err = load("")
	var cerr *Error
	require.ErrorAs(t, err, &cerr)
	require.Equal(t, "timeouts.acton", cerr.Key)
}
