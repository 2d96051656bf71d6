package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// maxErrorLen bounds a configuration error: one line that quotes at most redact.MaxQuoted
// bytes of each value it echoes.
const maxErrorLen = 1200

// FuzzLoad feeds arbitrary file contents, environment values and flag
// values to load (without Load's panic guard): it must return a config or
// an *Error of one bounded line, never panic.
func FuzzLoad(f *testing.F) {
	f.Add("base_url: http://x:1\n", "1", "--grep=a")
	f.Add("browser: {remote: {kind: cdp, url: 'h:1', capabilities: {a: [1, {b: c}]}}}\n", "{\"a\":1}", "--shard=1/2")
	f.Add("run: {workers: x}\n", "x", "--reporter=")
	f.Add("a: &a [*a, *a]\nb: *a\n", "", "--shop-fault=")
	f.Add("browser.remote: {headers: {A: 1}}\n", "[", "-j=-1")
	f.Add(goldenYAML, "1MiB", "--debug")
	f.Fuzz(func(t *testing.T, file, env, arg string) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, DefaultFile), []byte(file), 0o600); err != nil {
			t.Fatal(err)
		}
		fs := pflag.NewFlagSet("e2e", pflag.ContinueOnError)
		BindFlags(fs)
		if fs.Parse([]string{arg}) != nil {
			fs = nil
		}
		var vars []string
		for _, k := range schema {
			vars = append(vars, EnvName(k.key)+"="+env)
		}
		for _, a := range envAliases {
			vars = append(vars, a.name+"="+env)
		}
		for _, e := range [][]string{{}, vars} {
			c, err := load(LoadOptions{Flags: fs, Env: e, Dir: dir})
			var ce *Error
			switch {
			case err != nil && !errors.As(err, &ce):
				t.Fatalf("error is %T, not *Error: %v", err, err)
			case err != nil && (strings.Contains(err.Error(), "\n") || len(err.Error()) > maxErrorLen):
				t.Fatalf("error is not one bounded line (%d bytes): %.2000q", len(err.Error()), err.Error())
			case err == nil && c == nil:
				t.Fatal("nil config without error")
			case err == nil:
				_ = c.Masked()
				_ = c.WriteYAML(discard{})
				_ = c.Workers(3)
			}
		}
	})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
