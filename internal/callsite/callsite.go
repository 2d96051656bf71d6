// Package callsite finds the suite's own code on a call stack: the frames of the flow and its
// page objects, without the engine's, testify's, rod's or the Go runtime's. The runner records
// where a flow failed with it (report.Failure.Location, which the github reporter annotates),
// and error.txt lists those frames.
package callsite

import (
	"fmt"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
)

// module is e2e's module path.
const module = "github.com/e2e-dev/e2e"

// enginePackages are e2e's packages a suite calls into, by path inside the module: a folder
// whose every package is the engine's ends in "/...". The module's apps and suites (shop,
// flows/shopsuite, pages/shoppages, bookshelf) are not among them: their frames are a suite's.
var enginePackages = []string{
	"flows", "flows/flowtest", "pages",
	"appserver/...", "artifacts/...", "audit/...", "backend/...", "browser/...", "cli/...",
	"codegen/...", "config/...", "internal/...", "route/...", "scaffold/...", "steps/...",
}

// libraries are the modules whose frames are never a suite's own: assertions and the browser
// driver a suite calls through e2e.
var libraries = []string{"github.com/stretchr/testify", "github.com/go-rod/", "github.com/ysmood/"}

// std are the first elements of the standard library's import paths (go list std): a module
// path without a dot, as "myapp" or a package main's "main", is a suite's all the same.
var std = []string{
	"archive", "bufio", "bytes", "cmp", "compress", "container", "context", "crypto", "database",
	"debug", "embed", "encoding", "errors", "expvar", "flag", "fmt", "go", "hash", "html", "image",
	"index", "internal", "io", "iter", "log", "maps", "math", "mime", "net", "os", "path", "plugin",
	"reflect", "regexp", "runtime", "slices", "sort", "strconv", "strings", "structs", "sync",
	"syscall", "testing", "text", "time", "unicode", "unique", "unsafe", "vendor", "weak",
}

// Package is the import path of the package a function (runtime.Frame.Function) belongs to:
// "github.com/e2e-dev/e2e/pages" for "github.com/e2e-dev/e2e/pages.(*Locator).Click".
func Package(function string) string {
	slash := strings.LastIndex(function, "/")
	dot := strings.Index(function[slash+1:], ".")
	if dot < 0 {
		return function
	}
	return function[:slash+1+dot]
}

// IsUser reports whether a function belongs to a suite's code: not the Go standard library's, not
// e2e's engine, not an assertion or browser library's.
func IsUser(function string) bool {
	pkg := Package(function)
	first, _, _ := strings.Cut(pkg, "/")
	if !strings.Contains(first, ".") && (slices.Contains(std, first) || strings.Contains(first, ":")) {
		return false // the standard library, the runtime, a generated wrapper
	}
	for _, lib := range libraries {
		if strings.HasPrefix(pkg, lib) || pkg+"/" == lib {
			return false
		}
	}
	rel, ok := strings.CutPrefix(pkg, module+"/")
	return !ok || !isEngine(rel)
}

// isEngine reports whether rel, a package's path inside e2e's module, is an engine package.
func isEngine(rel string) bool {
	for _, e := range enginePackages {
		if dir, all := strings.CutSuffix(e, "/..."); all {
			if rel == dir || strings.HasPrefix(rel, dir+"/") {
				return true
			}
		} else if rel == e {
			return true
		}
	}
	return false
}

// root is the folder of e2e's module as this binary was built from it (a checkout, the module
// cache, or under -trimpath its module path), found from this file's own path.
var root = func() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	return strings.TrimSuffix(filepath.ToSlash(file), "/internal/callsite/callsite.go")
}()

// inEngineFile reports whether file is a source file of an engine package: a closure of the
// engine's inlined into a suite's function bears the suite's name, but not its file.
func inEngineFile(file string) bool {
	rel, ok := strings.CutPrefix(filepath.ToSlash(file), root+"/")
	return root != "" && ok && isEngine(path.Dir(rel))
}

// Frame is a line of a suite's code on a stack.
type Frame struct {
	// Function is the function's full name.
	Function string
	// File and Line are where the call is.
	File string
	Line int
}

// String is "function\n\tfile:line", as a Go stack trace writes a frame.
func (f Frame) String() string { return fmt.Sprintf("%s\n\t%s:%d", f.Function, f.File, f.Line) }

// User returns the suite's frames of the calling goroutine's stack, innermost first, skipping
// skip frames above User's caller.
func User(skip int) []Frame {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(skip+2, pcs)
	return UserOf(pcs[:n])
}

// UserOf returns the suite's frames among the program counters pcs (runtime.Callers'),
// innermost first.
func UserOf(pcs []uintptr) []Frame {
	var out []Frame
	frames := runtime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		if f.Function != "" && IsUser(f.Function) && !inEngineFile(f.File) {
			out = append(out, Frame{Function: f.Function, File: f.File, Line: f.Line})
		}
		if !more {
			return out
		}
	}
}

// Pick returns the frame a failure points at: the innermost of those in the file of the
// outermost, which is the flow's own (its Run, or the hook it failed in), rather than a page
// object's; false when there is none.
func Pick(frames []Frame) (Frame, bool) {
	if len(frames) == 0 {
		return Frame{}, false
	}
	file := frames[len(frames)-1].File
	for _, f := range frames {
		if f.File == file {
			return f, true
		}
	}
	return frames[0], true
}

// Declared returns where the function fn is declared: its file and the line of its func
// keyword, or false when fn is no function or the engine's own (a grouped flow's Run wrapped
// with its groups' hooks).
func Declared(fn any) (file string, line int, ok bool) {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func || v.IsNil() {
		return "", 0, false
	}
	f := runtime.FuncForPC(v.Pointer())
	if f == nil {
		return "", 0, false
	}
	file, line = f.FileLine(f.Entry())
	if !IsUser(f.Name()) || inEngineFile(file) {
		return "", 0, false
	}
	return file, line, true
}

// Trace writes frames as a Go stack trace does, innermost first: what error.txt shows of where
// a flow failed.
func Trace(frames []Frame) string {
	var b strings.Builder
	for _, f := range frames {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	return b.String()
}
