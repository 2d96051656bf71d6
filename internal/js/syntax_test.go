package js

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The syntax check of the module's JavaScript lives here, beside Declare, because it covers
// every package at once (the engine's scripts and the apps' alike): it belongs to none of them,
// and only e2e's own CI needs it.

// TestEmbeddedScriptsParse runs node --check on every .js file a package of the module embeds
// (go list's EmbedFiles, TestEmbedFiles and XTestEmbedFiles, so a directory embedded whole
// counts too). A file the browser could not parse would otherwise fail only at run time, in the
// one flow that sends it.
func TestEmbeddedScriptsParse(t *testing.T) {
	node := nodeOrSkip(t)
	root := moduleRoot(t)
	files := embeddedJS(t, root)
	require.GreaterOrEqual(t, len(files), 30, "the module's embedded .js files were found: %v", files)
	require.Contains(t, files, filepath.Join("pages", "query.js"), "the engine's scripts are among them")
	for _, rel := range files {
		src, err := os.ReadFile(filepath.Join(root, rel))
		require.NoError(t, err)
		if msg := nodeCheck(t, node, rel, string(src)); msg != "" {
			t.Errorf("%s", msg)
		}
	}
}

// TestNodeCheck shows that the check passes each form of file as it is used and fails a broken
// one, with the file's own line number.
func TestNodeCheck(t *testing.T) {
	node := nodeOrSkip(t)
	for _, ok := range []string{
		"// a comment first\nfunction () { return 1 }\n", // a function expression, as rod sends it
		"(a, b) => {\n\treturn a + b;\n}",
		"function visible(e) { return !!e }", // a declaration another script's body gets
		"(function () {\n\t\"use strict\";\n})();\n",
		"import { a } from \"./a.js\";\nexport const b = a;\n",
	} {
		require.Empty(t, nodeCheck(t, node, "ok.js", ok), "%s", ok)
	}
	msg := nodeCheck(t, node, "pages/broken.js", "function () {\n\treturn (;\n}\n")
	require.Contains(t, msg, "pages/broken.js:2", "the failure names the file and its line")
	require.Contains(t, msg, "SyntaxError")
	require.Contains(t, nodeCheck(t, node, "app.js", "const a = ;\n"), "SyntaxError")
}

// nodeOrSkip returns node's path. Without node the test fails in CI (CI=true), where
// scripts/deps.sh test installs it, and is skipped elsewhere.
func nodeOrSkip(t *testing.T) string {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is not installed: CI checks the embedded JavaScript with node --check; run scripts/deps.sh test")
		}
		t.Skip("node is not installed: the embedded JavaScript's syntax is not checked (scripts/deps.sh test installs it)")
	}
	return node
}

var (
	// moduleSyntax finds an ES module: an import or export statement at the start of a line.
	moduleSyntax = regexp.MustCompile(`(?m)^(import|export)\b`)
	// functionStart finds a file that is a function: rod and the DevTools protocol take such a
	// file as an expression, which is not a statement by itself (function () {} is a syntax
	// error as a script).
	functionStart = regexp.MustCompile(`^(async\s+)?(function\b|\([^()]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)`)
	leadingSpace  = regexp.MustCompile(`^(\s+|//[^\n]*|/\*(?s:.*?)\*/)+`)
)

// nodeCheck runs node --check on src, the file rel, in the form it is used in, and returns
// what node says is wrong with it, or "". A module is checked as a module (.mjs). A function
// is checked wrapped as "(" + src + "\n)", the "(" on its first line so that node's line
// numbers are the file's. Anything else is checked as a script.
func nodeCheck(t *testing.T, node, rel, src string) string {
	t.Helper()
	name := "script.js"
	switch {
	case moduleSyntax.MatchString(src):
		name = "module.mjs"
	case functionStart.MatchString(leadingSpace.ReplaceAllString(src, "")):
		src = "(" + src + "\n)"
	}
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	out, err := exec.Command(node, "--check", path).CombinedOutput()
	if err == nil {
		return ""
	}
	msg := string(out)
	if i := strings.Index(msg, "\n    at "); i >= 0 {
		msg = msg[:i] // node's own stack, not the file's
	}
	return rel + ": node --check: " + strings.ReplaceAll(strings.TrimSpace(msg), path, rel)
}

// embeddedJS lists the .js files the packages of the module at root embed, relative to root.
func embeddedJS(t *testing.T, root string) []string {
	cmd := exec.Command("go", "list", "-f",
		`{{$d := .Dir}}{{range .EmbedFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}`+
			`{{range .TestEmbedFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .XTestEmbedFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}`,
		"./...")
	cmd.Dir = root
	out, err := cmd.Output()
	require.NoError(t, err, "go list: %s", out)
	var files []string
	for _, p := range strings.Split(string(out), "\n") {
		if strings.HasSuffix(p, ".js") {
			rel, err := filepath.Rel(root, p)
			require.NoError(t, err)
			files = append(files, rel)
		}
	}
	return files
}

// moduleRoot is the directory of the module's go.mod.
func moduleRoot(t *testing.T) string {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	require.NoError(t, err)
	return filepath.Dir(strings.TrimSpace(string(out)))
}
