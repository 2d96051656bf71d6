package flowtest_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// softSuite is a suite's test with soft failures, between steps (line 14) and in one (line 16).
const softSuite = `package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/flows/flowtest"
)

var soft = flows.Flow{Name: "soft", Run: func(f *flows.F) {
	f.Tab.Goto("/")
	assert.Equal(f, "Shop", "Welcome", "heading")
	f.Step("check the cart", func() {
		assert.Equal(f, 1, 0, "cart count")
	})
}}

func TestFlows(t *testing.T) {
	flowtest.Run(t, flows.Suite{Name: "soft", Flows: []flows.Flow{soft}})
}
`

// TestSoftFailuresLeadWithTheSuitesLines runs a suite's go test whose flow fails two soft
// assertions, with a retry: the subtest's failure lines start with the suite's file:line of
// each, as go test's own do, attempts are numbered from 1, and steps.log has a FAIL line where
// each failed.
func TestSoftFailuresLeadWithTheSuitesLines(t *testing.T) {
	_, err := browser.FindChromium("")
	testenv.Require(t, err == nil, "Chromium", "apt-get install -y chromium")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("<!doctype html><title>Welcome</title><h1>Welcome</h1>"))
	}))
	defer srv.Close()
	mod := testenv.TempModule(t, "example.com/soft", map[string]string{
		"e2e/suite_test.go": softSuite,
		"e2e/e2e.yaml":      "base_url: " + srv.URL + "\nrun:\n  retries: 1\n",
	})
	out, rc := testenv.RunIn(t, mod, nil, "go", "mod", "tidy")
	require.Equal(t, 0, rc, out)
	out, rc = testenv.RunIn(t, filepath.Join(mod, "e2e"), nil, "go", "test", "-count=1", ".")
	require.Equal(t, 1, rc, out)

	require.Contains(t, out, "    --- FAIL: TestFlows/soft ", out)
	require.Contains(t, out, "\n        suite_test.go:14: failed: heading: expected \"Shop\", found \"Welcome\"\n"+
		"        suite_test.go:16: failed too: cart count: expected 1, found 0\n"+
		"            flow: soft\n", "the failure leads with the suite's lines:\n%s", out)
	require.NotRegexp(t, `(flowtest|settle)\.go:\d+: failed`, out, "no line of e2e's leads a failure")
	require.Regexp(t, `attempt 1 of 2 \(failed\): artifacts in`, out)
	require.Regexp(t, `attempt 2 of 2 \(failed\): artifacts in`, out)
	require.NotContains(t, out, "attempt 0")

	logs, err := filepath.Glob(filepath.Join(mod, "e2e", "test-results", "*", "steps.log"))
	require.NoError(t, err)
	require.NotEmpty(t, logs, "steps.log kept:\n%s", out)
	b, err := os.ReadFile(logs[0])
	require.NoError(t, err)
	fails := regexp.MustCompile(`(?m) FAIL +(.*)$`).FindAllStringSubmatch(string(b), -1)
	var got []string
	for _, m := range fails {
		got = append(got, strings.TrimSpace(m[1]))
	}
	require.Equal(t, []string{
		`failed at suite_test.go:14: heading: expected "Shop", found "Welcome"`,
		"check the cart: cart count: expected 1, found 0",
	}, got, "steps.log:\n%s", b)

	// --last-failed is e2e run's; go test has -run.
	out, rc = testenv.RunIn(t, filepath.Join(mod, "e2e"), []string{"E2E_RUN_LAST_FAILED=true"}, "go", "test", "-count=1", ".")
	require.Equal(t, 1, rc, out)
	require.Contains(t, out, "run.last_failed (E2E_RUN_LAST_FAILED) is e2e run's: under go test, choose the flows to run again with -run", out)

	// A -run that names a flow the suite does not have fails, naming those it has.
	out, rc = testenv.RunIn(t, filepath.Join(mod, "e2e"), nil, "go", "test", "-count=1", "-run", "TestFlows/sotf", ".")
	require.Equal(t, 1, rc, out)
	require.Contains(t, out, "no flow matches -run TestFlows/sotf: the flows are soft (spaces are underscores", out)
}
