package cli_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The module's app and suite packages: the reference shop, its suite and its page objects, and
// the bookshelf with its suite.
// Commands, benchmarks, tools and e2e's own test helpers may import them; the engine may not.
var appOrSuite = []string{
	"github.com/e2e-dev/e2e/shop",
	"github.com/e2e-dev/e2e/flows/shopsuite",
	"github.com/e2e-dev/e2e/pages/shoppages",
	"github.com/e2e-dev/e2e/bookshelf",
}

// TestEngineImportsNoSuite asserts from go list (each package's Deps, what go list -deps
// lists) that no engine package (every package of
// the module but the app, its suite, cmd/, bench/, tools/ and internal/testenv) depends on the
// shop or a suite.
func TestEngineImportsNoSuite(t *testing.T) {
	list, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Deps " "}}`, "../...").CombinedOutput()
	require.NoError(t, err, "%s", list)
	engine := 0
	for _, line := range strings.Split(strings.TrimSpace(string(list)), "\n") {
		fields := strings.Fields(line)
		pkg, deps := fields[0], fields[1:]
		if !isEngine(pkg) {
			continue
		}
		engine++
		for _, d := range deps {
			for _, bad := range appOrSuite {
				require.False(t, d == bad || strings.HasPrefix(d, bad+"/"), "engine package %s depends on %s", pkg, d)
			}
		}
	}
	require.GreaterOrEqual(t, engine, 8, "the engine packages were listed")
}

func isEngine(pkg string) bool {
	rel := strings.TrimPrefix(pkg, "github.com/e2e-dev/e2e")
	for _, bad := range appOrSuite {
		if pkg == bad || strings.HasPrefix(pkg, bad+"/") {
			return false
		}
	}
	for _, outside := range []string{"/cmd/", "/bench", "/internal/testenv/", "/tools/"} {
		if strings.HasPrefix(rel+"/", outside) {
			return false
		}
	}
	return true
}
