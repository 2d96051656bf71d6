package appserver

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/config"
)

// TestSeedURLErrorShowsNoPassword: issue 29's first way a password was printed: a seed URL
// built from the environment that does not parse was quoted whole, password and all, by Go's
// url.Parse error.
func TestSeedURLErrorShowsNoPassword(t *testing.T) {
	t.Setenv("SEED_PW", "S3cret-seed-pw")
	for _, path := range []string{
		"http://admin:$SEED_PW@127.0.0.1:1/a%zz",
		"http://admin:$SEED_PW/x@127.0.0.1:1/",
		"http://admin:S3cret-seed-pw#x@127.0.0.1:1/a%zz",
	} {
		err := RunSteps(context.Background(), "app.seed", []Step{{HTTP: []config.AppHTTPCall{{Path: path}}}}, Data{}, nil)
		require.Error(t, err, path)
		require.NotContains(t, err.Error(), "S3cret", path)
		require.Contains(t, err.Error(), "app.seed step 1 (http GET http://admin:[REDACTED]@127.0.0.1:1/", path)
	}
	err := RunSteps(context.Background(), "app.seed", []Step{{HTTP: []config.AppHTTPCall{{Path: "http://admin:$SEED_PW@127.0.0.1:1/a%zz"}}}}, Data{}, nil)
	require.EqualError(t, err, `app.seed step 1 (http GET http://admin:[REDACTED]@127.0.0.1:1/a%zz): GET http://admin:[REDACTED]@127.0.0.1:1/a%zz: not a valid URL (a "%" not followed by two hex digits: write a "%" as %25): fix path`)
}

// TestSeedStatusMismatchQuotesARedactedExcerpt: a wrong status quoted 300 bytes of the page,
// a CSRF token included; the excerpt is now redacted as a HAR body is, and bounded.
func TestSeedStatusMismatchQuotesARedactedExcerpt(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`<html><head><meta name="csrf-token" content="Tok3n-meta-1"></head><body><form>` +
			`<input type="hidden" name="csrf_token" value="Tok3n-input-2"><p>` + strings.Repeat("Forbidden. ", 500) + `</p></form></body></html>`))
	}))
	defer srv.Close()
	err := RunSteps(context.Background(), "app.seed", []Step{{HTTP: []config.AppHTTPCall{{Path: "/login"}}}}, Data{APIURL: srv.URL}, nil)
	require.Error(t, err)
	require.NotContains(t, err.Error(), "Tok3n")
	require.Contains(t, err.Error(), `GET /login answered 403 Forbidden, expected 2xx or 3xx: <html><head><meta name="csrf-token" content="[REDACTED]">`)
	require.Contains(t, err.Error(), "…(")
	require.Less(t, len(err.Error()), 400)
}

// TestSeedRunThatLeavesABackgroundProcess: a run step that leaves a process holding its output
// failed with "exec: WaitDelay expired before I/O complete"; now it names the fix.
func TestSeedRunThatLeavesABackgroundProcess(t *testing.T) {
	start := time.Now()
	err := RunSteps(context.Background(), "app.seed", []Step{{Run: "sleep 300 & echo bg"}}, Data{}, nil)
	require.EqualError(t, err, "app.seed step 1 (run sleep 300 & echo bg): it left a process in the background that holds its output: "+
		"redirect that process's output (cmd >file 2>&1 &) or wait for it (wait)")
	require.Less(t, time.Since(start), 30*time.Second)
}

// TestMissingDirIsNamed: a server's or a step's missing dir was reported as
// "fork/exec /bin/sh: no such file or directory".
func TestMissingDirIsNamed(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nowhere")
	_, err := Start(context.Background(), Options{Servers: []Server{{Name: "api", Command: "true", Dir: missing}}, LogDir: t.TempDir()})
	require.EqualError(t, err, `server api: dir `+missing+`: no such directory: fix dir`)

	err = RunSteps(context.Background(), "app.seed", []Step{{Run: "true", Dir: "no-such-dir"}}, Data{}, nil)
	wd, _ := os.Getwd()
	require.EqualError(t, err, `app.seed step 1 (run true): dir no-such-dir (`+filepath.Join(wd, "no-such-dir")+`): no such directory: fix dir`)

	file := filepath.Join(t.TempDir(), "f")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	err = RunSteps(context.Background(), "app.seed", []Step{{Run: "true", Dir: file}}, Data{}, nil)
	require.EqualError(t, err, `app.seed step 1 (run true): dir `+file+`: not a directory: fix dir`)
}
