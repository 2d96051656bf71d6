package callsite_test

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/callsite"
)

func TestIsUser(t *testing.T) {
	for fn, want := range map[string]bool{
		"github.com/e2e-dev/e2e/flows/shopsuite.init.func3.1":               true,
		"github.com/e2e-dev/e2e/pages/shoppages.Login.As":                   true,
		"github.com/e2e-dev/e2e/bookshelf/e2e.addBook":                      true,
		"example.com/myapp-e2e/suite.glob..func1":                           true,
		"example.com/myapp-e2e/suite.Greeter.Greet":                         true,
		"github.com/e2e-dev/e2e/pages.(*Locator).Click":                     false,
		"github.com/e2e-dev/e2e/flows.(*F).Step":                            false,
		"github.com/e2e-dev/e2e/flows/flowtest.Run":                         false,
		"github.com/e2e-dev/e2e/internal/runner.(*worker).attempt":          false,
		"github.com/e2e-dev/e2e/audit/active.PostForm":                      false,
		"github.com/e2e-dev/e2e/backend.(*API).Get":                         false,
		"github.com/stretchr/testify/require.Equal":                         false,
		"github.com/stretchr/testify/assert.Fail":                           false,
		"github.com/go-rod/rod.(*Page).Element":                             false,
		"github.com/ysmood/gson.JSON.Get":                                   false,
		"runtime.goexit":                                                    false,
		"testing.tRunner":                                                   false,
		"sync.(*Once).doSlow":                                               false,
		"github.com/e2e-dev/e2e/pages.Expect[...].ToHaveText":               false,
		"github.com/e2e-dev/e2e/flows/shopsuite.(*favourites).remove.func2": true,
		"myapp/suite.glob..func1":                                           true, // a module path without a dot
		"main.addItem":                                                      true, // flows in package main
		"main.(*home).Open":                                                 true,
		"net/http.(*conn).serve":                                            false,
		"encoding/json.Unmarshal":                                           false,
		"type:.eq.main.T":                                                   false,
	} {
		require.Equal(t, want, callsite.IsUser(fn), fn)
	}
	require.Equal(t, "github.com/e2e-dev/e2e/pages", callsite.Package("github.com/e2e-dev/e2e/pages.(*Locator).Click"))
	require.Equal(t, "runtime", callsite.Package("runtime.goexit"))
}

// TestStdIsTheStandardLibrary: the list of the standard library's first path elements is this
// toolchain's (a package added to the standard library must be added to it).
func TestStdIsTheStandardLibrary(t *testing.T) {
	out, err := exec.Command("go", "list", "std").Output()
	require.NoError(t, err)
	firsts := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		first, _, _ := strings.Cut(p, "/")
		firsts[first] = true
	}
	for first := range firsts {
		require.False(t, callsite.IsUser(first+".F"), "%s is the standard library's", first)
	}
}

// helper is a suite's own function, declared here.
func helper() {}

// TestUserFindsTheSuitesLines: the suite's frames of a stack, innermost first, without the
// engine's or the runtime's; Pick prefers the flow's file; Declared finds a function's line.
func TestUserFindsTheSuitesLines(t *testing.T) {
	defer callsite.SetEngine([]string{"internal/callsite"})()
	defer callsite.SetRoot("")() // this test's own file is under internal/: judge by package only
	var frames []callsite.Frame
	_, file, line, _ := runtime.Caller(0)
	pageObject := func() { frames = callsite.User(0) } // line+1
	callsite.Through(pageObject)                       // line+2
	require.GreaterOrEqual(t, len(frames), 2, "%v", frames)
	require.Equal(t, callsite.Frame{Function: frames[0].Function, File: file, Line: line + 1}, frames[0])
	require.Equal(t, line+2, frames[1].Line)
	for _, f := range frames {
		require.NotContains(t, f.Function, "testing.", "the runtime's frames are left out")
		require.NotContains(t, f.Function, "Through", "the engine's frames are left out")
	}

	got, ok := callsite.Pick(frames)
	require.True(t, ok)
	require.Equal(t, frames[0], got, "the innermost frame of the outermost's file")
	po := callsite.Frame{Function: "example.com/app/pages.Login.As", File: "/m/pages/login.go", Line: 9}
	got, ok = callsite.Pick(append([]callsite.Frame{po}, frames...))
	require.True(t, ok)
	require.Equal(t, frames[0], got, "the flow's line that called the page object, not the page object's")
	got, ok = callsite.Pick([]callsite.Frame{po})
	require.True(t, ok)
	require.Equal(t, po, got)
	_, ok = callsite.Pick(nil)
	require.False(t, ok)

	require.Contains(t, callsite.Trace(frames[:1]), "\n\t"+file+":")

	declFile, declLine, ok := callsite.Declared(helper)
	require.True(t, ok)
	require.Equal(t, file, declFile)
	require.Less(t, declLine, line)
	_, _, ok = callsite.Declared("not a func")
	require.False(t, ok)
}

// TestEngineFiles: a frame in a file of an engine package is the engine's, whatever its
// function's name (a closure of the engine's inlined into a suite's function bears the suite's).
func TestEngineFiles(t *testing.T) {
	root := callsite.Root()
	require.FileExists(t, filepath.Join(root, "go.mod"), "the module's folder")
	require.True(t, callsite.InEngineFile(filepath.Join(root, "pages", "tab.go")))
	require.True(t, callsite.InEngineFile(filepath.Join(root, "internal", "runner", "worker.go")))
	require.False(t, callsite.InEngineFile(filepath.Join(root, "pages", "shoppages", "product.go")))
	require.False(t, callsite.InEngineFile(filepath.Join(root, "flows", "shopsuite", "favourite_flows.go")))
	require.False(t, callsite.InEngineFile("/home/ann/myapp-e2e/suite/flows.go"))
	_, _, ok := callsite.Declared(callsite.Trace)
	require.False(t, ok, "an engine function is no flow's declaration")
}
