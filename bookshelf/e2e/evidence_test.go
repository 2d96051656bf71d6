package e2e_test

import (
	"bytes"
	"encoding/json"
	"image/png"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/bookshelf/e2e"
	"github.com/e2e-dev/e2e/cli"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// TestBrokenAddToShelfFailsAtTheBackendStep breaks the app on purpose (adding to the shelf
// answers 200 "on shelf" but saves nothing) and runs the add flow through the suite's command:
// the page believes the app, so the flow must fail at its API check, and leave the evidence
// of it: a screenshot, a HAR with the browser's PUT and the check's GET, steps, DOM, console,
// and an error.txt naming the step with expected against found. No file, reports included,
// holds the token.
func TestBrokenAddToShelfFailsAtTheBackendStep(t *testing.T) {
	suite := e2e.Suite()
	var token string
	suite.AfterEach = func(f *flows.F) { token = f.Tab.LocalStorage().Get("bookshelf.token") } // not registered as a secret
	dir := t.TempDir()
	var out bytes.Buffer
	code := cli.Run(suite, []string{"run", "--grep", "^add to shelf$", "--project", "desktop", "--bookshelf-lose-shelf-writes",
		"--artifacts-dir", dir, "-j", "1", "--retries", "0", "--reporter", "list,json,junit,html"}, bytes.NewReader(nil), &out, io.Discard)
	require.Equal(t, 1, code, "exit code of the failing run; output:\n%s", out.String())
	require.Len(t, token, 64, "the flow's page held the token")

	at := filepath.Join(dir, "desktop-add-to-shelf")
	file := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(at, name))
		require.NoError(t, err, "artifact %s", name)
		require.NotEmpty(t, b, name)
		return string(b)
	}

	errTxt := file("error.txt")
	require.Contains(t, errTxt, "step: check GET /api/shelf")
	require.Regexp(t, `error: "[^"]+" is on the shelf GET /api/shelf lists \(\[\]\): expected true, found false`, errTxt)

	_, err := png.Decode(bytes.NewReader([]byte(file("screenshot.png"))))
	require.NoError(t, err, "screenshot.png is a PNG")
	require.Regexp(t, `FAIL +check GET /api/shelf`, file("steps.log"))
	require.Contains(t, file("steps.log"), "api: GET /api/shelf → 200")
	require.Contains(t, file("dom.html"), "Remove from shelf", "the DOM shows what the page believed")
	require.Regexp(t, `PUT /api/shelf/\d+ → 200`, file("console.log"), "the app's log of its call")

	var har struct {
		Log struct {
			Entries []struct {
				Source  string `json:"_source"`
				Request struct{ Method, URL string }
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(file("network.har")), &har))
	var browserPut, checkGet bool
	for _, e := range har.Log.Entries {
		u, err := url.Parse(e.Request.URL)
		require.NoError(t, err)
		browserPut = browserPut || (e.Request.Method == "PUT" && filepath.Dir(u.Path) == "/api/shelf" && e.Source != "tester")
		checkGet = checkGet || (e.Request.Method == "GET" && u.Path == "/api/shelf" && e.Source == "tester")
	}
	require.True(t, browserPut, "the HAR holds the browser's PUT /api/shelf/ID")
	require.True(t, checkGet, "the HAR holds the API check's GET /api/shelf")
	if out, ok := testenv.ValidateHAR(t, filepath.Join(at, "network.har")); !ok {
		t.Fatalf("network.har is not valid HAR: %s", out)
	}

	files := 0
	require.NoError(t, filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		require.False(t, bytes.Contains(b, []byte(token)), "%s holds the token", path)
		return nil
	}))
	require.GreaterOrEqual(t, files, 6+3, "the six artifacts and the JSON, JUnit and HTML reports were read")
}
