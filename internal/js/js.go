// Package js composes the JavaScript the engine injects into pages from the .js files its
// packages embed. Its test checks the syntax of every .js file embedded in the module.
package js

import "strings"

// Declare returns fn, the source of a function, with decls put at the start of its body (after
// its first "{"): function declarations, each a helper several scripts share from a file of
// its own, for fn's code to call. The files' trailing newlines are dropped.
func Declare(fn string, decls ...string) string {
	fn = strings.TrimRight(fn, "\n")
	i := strings.IndexByte(fn, '{')
	if i < 0 {
		panic("js.Declare: a function's source has a body: " + fn)
	}
	var b strings.Builder
	b.WriteString(fn[:i+1])
	for _, d := range decls {
		b.WriteString(strings.TrimRight(d, "\n"))
	}
	b.WriteString(fn[i+1:])
	return b.String()
}
