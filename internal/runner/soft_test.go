package runner_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/runner"
)

// TestSoftFailuresAreAllReported: a flow that fails an assertion between steps and goes on to
// fail two more, one in a step of its own, is reported with every failure: the list reporter
// lists them, steps.log has a FAIL line for each, error.txt names no empty step, and the JSON,
// JUnit and HTML reports carry each message.
func TestSoftFailuresAreAllReported(t *testing.T) {
	soft := flows.Flow{Name: "soft", Run: func(f *flows.F) {
		f.Tab.Goto("/")
		assert.Equal(f, "Shop", "Welcome", "heading")
		f.Step("check the cart", func() {
			assert.Equal(f, 1, 0, "cart count")
			assert.Equal(f, 3, 2, "total")
		})
		f.Tab.Goto("/login")
	}}
	var out bytes.Buffer
	rep, dir := runSuite(t, []flows.Flow{soft}, nil, func(o *runner.Options) {
		o.Reporters = append(o.Reporters, report.NewListReporter(&out, report.ListOptions{}),
			report.NewJSONReporter(filepath.Join(o.ArtifactsDir, "report.json")),
			report.NewJUnitReporter(filepath.Join(o.ArtifactsDir, "junit.xml")),
			report.NewHTMLReporter(filepath.Join(o.ArtifactsDir, "html", "index.html")))
	})
	require.Len(t, rep.Flows, 1)
	require.Equal(t, report.StatusFailed, rep.Flows[0].Status)
	at := rep.Flows[0].Attempts[0]
	require.Equal(t, `heading: expected "Shop", found "Welcome"`, at.Failure.Message)
	require.Empty(t, at.Failure.Step, "the first failure was between steps")
	require.Len(t, at.Failure.More, 2, "%+v", at.Failure)
	require.Equal(t, report.Failure{Message: "cart count: expected 1, found 0", Step: "check the cart"}, at.Failure.More[0])
	require.Equal(t, "total: expected 3, found 2", at.Failure.More[1].Message)

	list := out.String()
	require.Contains(t, list, "    error: heading: expected \"Shop\", found \"Welcome\"\n    and 2 more failures:\n"+
		"      step \"check the cart\": cart count: expected 1, found 0\n"+
		"      step \"check the cart\": total: expected 3, found 2\n", list)

	read := func(rel string) string {
		b, err := os.ReadFile(filepath.Join(dir, rel))
		require.NoError(t, err)
		return string(b)
	}
	stepsLog := read(at.Artifacts["steps"])
	lines := strings.Split(strings.TrimSpace(stepsLog), "\n")
	var fails []string
	for _, l := range lines {
		if strings.Contains(l, " FAIL ") {
			fails = append(fails, strings.TrimSpace(l[strings.Index(l, " FAIL ")+6:]))
		}
	}
	require.Equal(t, []string{
		`failed: heading: expected "Shop", found "Welcome"`,
		"check the cart: cart count: expected 1, found 0",
		"failed: total: expected 3, found 2",
	}, fails, "steps.log:\n%s", stepsLog)
	require.Contains(t, lines[len(lines)-1], " ok ", "the flow went on after its failures: %s", lines[len(lines)-1])

	errTxt := read(at.Artifacts["error"])
	require.NotContains(t, errTxt, "step:", "no step ran at the first failure:\n%s", errTxt)
	require.Contains(t, errTxt, "error: heading: expected \"Shop\", found \"Welcome\"\n")
	for _, file := range []string{"report.json", "junit.xml", "html/index.html"} {
		got := read(file)
		for _, msg := range []string{"Welcome", "cart count", "total"} {
			require.Contains(t, got, msg, "%s has every failure", file)
		}
	}
}
