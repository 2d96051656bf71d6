package doccheck_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/doccheck"
)

// checkDoc checks the Go blocks of a markdown text and returns its errors as lines.
func checkDoc(t *testing.T, text string) []string {
	t.Helper()
	blocks, err := doccheck.Blocks(writeDoc(t, "guide.md", text))
	require.NoError(t, err)
	for i := range blocks {
		blocks[i].File = "guide.md"
	}
	var out []string
	for _, err := range newChecker(t).Check(blocks) {
		out = append(out, err.Error())
	}
	return out
}

const fence = "```"

// TestFragmentsCompileInTheirWrapper: a fragment is the body of func(f *flows.F) with the names
// its snippet comment declares, or declarations when it is made of them; e2e's packages need no
// import, and what it declares need not be used. A mistake is reported at its line of the doc.
func TestFragmentsCompileInTheirWrapper(t *testing.T) {
	ok := "Text.\n\n<!-- snippet: id int64 -->\n" + fence + "go\n" +
		"n := f.DB.Count(\"SELECT 1 FROM t WHERE id = ?\", id)\n" + fence + "\n\n" +
		"<!-- snippet: checkout flows.Flow -->\n" + fence + "go\n" +
		"var suite = flows.Suite{Name: \"shop\", Flows: []flows.Flow{checkout}}\nvar wait = 2 * time.Second\n" + fence + "\n"
	require.Empty(t, checkDoc(t, ok))

	bad := "Text.\n\n" + fence + "go\nf.Step(\"one\", func() {\n\tn, err := f.DB.Count(\"q\", id)\n})\n" + fence + "\n"
	require.Equal(t, []string{
		"guide.md:5:28: undefined: id",
		"guide.md:5:12: assignment mismatch: 2 variables but f.DB.Count returns 1 value",
	}, checkDoc(t, bad))

	require.Equal(t, []string{"guide.md:1: <!-- snippet: id -->: each name needs a type, as in a parameter list: id int64, name string"},
		checkDoc(t, "<!-- snippet: id -->\n"+fence+"go\nx := id\n"+fence+"\n"))
}

// TestWholeFilesCompileAsWritten: a block with a package clause is a file of its own, checked
// as the compiler would: its imports are its own, and one it does not use is an error.
func TestWholeFilesCompileAsWritten(t *testing.T) {
	ok := fence + "go\npackage main\n\nimport \"github.com/e2e-dev/e2e/cli\"\n\nfunc main() { cli.Main(suite()) }\n" +
		"\nfunc suite() (s struct{ x int }) { return }\n" + fence + "\n"
	require.Equal(t, []string{"guide.md:6:24: cannot use suite() (value of type struct{x int}) as flows.Suite value in argument to cli.Main"}, checkDoc(t, ok))

	unused := fence + "go\npackage suite\n\nimport \"time\"\n" + fence + "\n"
	require.Equal(t, []string{`guide.md:4:8: "time" imported and not used`}, checkDoc(t, unused))
}

// TestModuleFilesCompileTogether: blocks that name a file are the example module's files,
// checked package by package in import order; a folder no block fills is an error.
func TestModuleFilesCompileTogether(t *testing.T) {
	doc := fence + "go suite/suite.go\npackage suite\n\nimport \"example.com/myapp-e2e/app\"\n\n// Name is the app's.\nvar Name = app.Name\n" + fence + "\n\n" +
		fence + "go app/app.go\npackage app\n\n// Name is its name.\nconst Name = \"greeter\"\n" + fence + "\n\n" +
		fence + "go suite/suite_test.go\npackage suite_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/myapp-e2e/suite\"\n)\n\nfunc TestName(t *testing.T) { _ = suite.Name }\n" + fence + "\n"
	require.Empty(t, checkDoc(t, doc))

	broken := strings.Replace(doc, "var Name = app.Name", "var Name = app.Title", 1)
	require.Equal(t, []string{"guide.md:7:16: undefined: app.Title"}, checkDoc(t, broken))

	missing := strings.Replace(doc, "myapp-e2e/app\"", "myapp-e2e/lib\"", 1)
	require.Equal(t, []string{
		"guide.md:4:8: could not import example.com/myapp-e2e/lib (example.com/myapp-e2e/lib: no block of the document is in that folder)",
		"guide.md:7:12: undefined: app",
	}, checkDoc(t, missing))
}

// TestLinksResolveInsideTheRepository: a link names an existing file or folder inside the root,
// and an existing heading (as GitHub slugs it) or anchor when it has a fragment.
func TestLinksResolveInsideTheRepository(t *testing.T) {
	doc := writeDoc(t, "docs/guide.md", "# Guide\n\n## Start with `e2e init`\n\n## Start with `e2e init`\n\n<a id=\"here\"></a>\n\n"+
		"[a](#start-with-e2e-init) [b](#start-with-e2e-init-1) [c](../README.md#e2e) [d](#here) [e](.) [f](https://example.com/x)\n"+
		"`[not](a-link.md)`\n\n"+fence+"\n[in code](nowhere.md)\n"+fence+"\n\n"+
		"[g](missing.md) [h](#nowhere) [i](../README.md#nowhere) [j](../../outside.md)\n\n[ref]: ./guide.md#guide\n")
	root := filepath.Dir(filepath.Dir(doc))
	writeDoc(t, "unused", "")
	require.NoError(t, writeFile(filepath.Join(root, "README.md"), "# e2e\n"))
	links, err := doccheck.Links(doc)
	require.NoError(t, err)
	var got []string
	for _, l := range links {
		if !doccheck.IsRelative(l.Target) {
			require.Equal(t, "https://example.com/x", l.Target)
			continue
		}
		if err := doccheck.Resolve(root, l); err != nil {
			got = append(got, strings.TrimPrefix(err.Error(), root+"/"))
		} else {
			got = append(got, "ok "+l.Target)
		}
	}
	require.Equal(t, []string{
		"ok #start-with-e2e-init", "ok #start-with-e2e-init-1", "ok ../README.md#e2e", "ok #here", "ok .",
		"docs/guide.md:16: missing.md: no such file or folder in the repository",
		"docs/guide.md:16: #nowhere: docs/guide.md has no heading or anchor #nowhere",
		"docs/guide.md:16: ../README.md#nowhere: README.md has no heading or anchor #nowhere",
		"docs/guide.md:16: ../../outside.md leaves the repository",
		"ok ./guide.md#guide",
	}, got)
}

// TestLinksWhoseTextWraps: a link's text may run onto the next line; the link is found, at the
// line it starts on, and a code span's brackets are still no link.
func TestLinksWhoseTextWraps(t *testing.T) {
	doc := writeDoc(t, "guide.md", "# Guide\n\nSee [the configuration\nreference](configuration.md) and `[not\na](link.md)`.\n\n"+
		"Then [one](a.md),\n[two](b.md).\n")
	links, err := doccheck.Links(doc)
	require.NoError(t, err)
	var got []string
	for _, l := range links {
		got = append(got, fmt.Sprintf("%d %s", l.Line, l.Target))
	}
	require.Equal(t, []string{"3 configuration.md", "7 a.md", "8 b.md"}, got)
}
