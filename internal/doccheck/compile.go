package doccheck

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"path"
	"sort"
	"strconv"
	"strings"
)

// ModulePath is the module path of a document's example module: its files import each other
// as ModulePath + "/" + their folder.
const ModulePath = "example.com/myapp-e2e"

// FragmentImports are what a fragment may use without importing it: e2e's packages a suite
// uses, testify and the standard packages flows reach for. An import a fragment does not use
// is no error.
var FragmentImports = []string{
	"context", "errors", "fmt", "net/http", "os", "regexp", "strings", "testing", "time",
	"github.com/stretchr/testify/assert", "github.com/stretchr/testify/require", "github.com/ysmood/gson",
	"github.com/e2e-dev/e2e/appserver", "github.com/e2e-dev/e2e/artifacts/report", "github.com/e2e-dev/e2e/audit/active",
	"github.com/e2e-dev/e2e/backend", "github.com/e2e-dev/e2e/cli", "github.com/e2e-dev/e2e/config",
	"github.com/e2e-dev/e2e/flows", "github.com/e2e-dev/e2e/flows/flowtest", "github.com/e2e-dev/e2e/pages",
	"github.com/e2e-dev/e2e/route", "github.com/e2e-dev/e2e/steps",
}

// Checker type-checks the Go blocks of markdown files against e2e as built.
type Checker struct {
	fset *token.FileSet
	imp  types.Importer
}

// NewChecker returns a checker that imports packages through imp (see ExportImporter).
func NewChecker(fset *token.FileSet, imp types.Importer) *Checker {
	return &Checker{fset: fset, imp: imp}
}

// Check type-checks the Go blocks of one markdown file: its module files together, each whole
// file alone, each fragment in its wrapper. Errors name the markdown file and line.
func (c *Checker) Check(blocks []Block) []error {
	var errs []error
	var module []Block
	for i, b := range blocks {
		switch {
		case b.Lang != "go":
		case b.Path != "":
			module = append(module, b)
		case isWholeFile(b.Code):
			errs = append(errs, c.checkFiles(fmt.Sprintf("snippet%d", i), []Block{b})...)
		default:
			errs = append(errs, c.checkFragment(i, b)...)
		}
	}
	if len(module) > 0 {
		errs = append(errs, c.checkModule(module)...)
	}
	return errs
}

// isWholeFile reports whether code starts with a package clause (after comments).
func isWholeFile(code string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", code, parser.PackageClauseOnly)
	return err == nil && f.Name != nil
}

// checkFragment checks b inside its wrapper: at the top level of a file when it parses as
// declarations, else as the body of func(f *flows.F, <b.Params>).
func (c *Checker) checkFragment(i int, b Block) []error {
	var head strings.Builder
	head.WriteString("package snippet\n\nimport (\n")
	for _, p := range FragmentImports {
		fmt.Fprintf(&head, "\t%q\n", p)
	}
	head.WriteString(")\n\n")
	line := fmt.Sprintf("//line %s:%d:1\n", b.File, b.Line)
	vars, err := paramVars(b.Params)
	if err != nil {
		return []error{fmt.Errorf("%s:%d: <!-- snippet: %s -->: %w", b.File, b.Line-2, b.Params, err)}
	}
	src := head.String() + vars + line + b.Code
	if _, err := parser.ParseFile(token.NewFileSet(), "", src, 0); err != nil {
		params := "f *flows.F"
		if b.Params != "" {
			params += ", " + b.Params
		}
		src = head.String() + "func _(" + params + ") {\n" + line + b.Code + "}\n"
	}
	return c.check(fmt.Sprintf("snippet%d", i), []string{src}, true)
}

// paramVars turns a parameter list ("id int64, a, b string") into the package-level variables a
// declaration fragment sees.
func paramVars(params string) (string, error) {
	if params == "" {
		return "", nil
	}
	src := "package p\nfunc _(" + params + ")"
	f, err := parser.ParseFile(token.NewFileSet(), "", src, 0)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, field := range f.Decls[0].(*ast.FuncDecl).Type.Params.List {
		if len(field.Names) == 0 {
			return "", errors.New("each name needs a type, as in a parameter list: id int64, name string")
		}
		names := make([]string, len(field.Names))
		for i, n := range field.Names {
			names[i] = n.Name
		}
		typ := src[field.Type.Pos()-1 : field.Type.End()-1]
		fmt.Fprintf(&b, "var %s %s\n", strings.Join(names, ", "), typ)
	}
	return b.String(), nil
}

// checkModule checks a document's module files, package by package in import order.
func (c *Checker) checkModule(blocks []Block) []error {
	byDir := map[string][]Block{}
	for _, b := range blocks {
		dir := path.Dir(b.Path)
		byDir[dir] = append(byDir[dir], b)
	}
	own := map[string]*types.Package{}
	order, err := c.importOrder(byDir)
	if err != nil {
		return []error{err}
	}
	prev := c.imp
	defer func() { c.imp = prev }()
	c.imp = importerFunc(func(p string) (*types.Package, error) {
		if pkg, ok := own[p]; ok {
			return pkg, nil
		}
		if strings.HasPrefix(p, ModulePath+"/") {
			return nil, fmt.Errorf("%s: no block of the document is in that folder", p)
		}
		return prev.Import(p)
	})
	var errs []error
	for _, dir := range order {
		pkgPath := ModulePath + "/" + dir
		if dir == "." {
			pkgPath = ModulePath
		}
		var inPkg, external []string
		for _, b := range byDir[dir] {
			src := fmt.Sprintf("//line %s:%d:1\n%s", b.File, b.Line, b.Code)
			if f, err := parser.ParseFile(token.NewFileSet(), "", b.Code, parser.PackageClauseOnly); err == nil && strings.HasSuffix(f.Name.Name, "_test") {
				external = append(external, src)
			} else {
				inPkg = append(inPkg, src)
			}
		}
		var more []error
		own[pkgPath], more = c.checkSources(pkgPath, inPkg, false)
		errs = append(errs, more...)
		if len(external) > 0 {
			_, more = c.checkSources(pkgPath+"_test", external, false)
			errs = append(errs, more...)
		}
	}
	return errs
}

// importOrder sorts the module's folders so that each comes after those it imports.
func (c *Checker) importOrder(byDir map[string][]Block) ([]string, error) {
	deps := map[string][]string{}
	for dir, bs := range byDir {
		for _, b := range bs {
			f, err := parser.ParseFile(token.NewFileSet(), b.File, b.Code, parser.ImportsOnly)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %s: %w", b.File, b.Line, b.Path, err)
			}
			for _, im := range f.Imports {
				p, _ := strconv.Unquote(im.Path.Value)
				// An external test imports its own folder; a folder no block fills is the
				// importer's to report.
				rest, ok := strings.CutPrefix(p, ModulePath+"/")
				if _, filled := byDir[rest]; ok && filled && rest != dir {
					deps[dir] = append(deps[dir], rest)
				}
			}
		}
	}
	dirs := make([]string, 0, len(byDir))
	for d := range byDir {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	var order []string
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(d string) error
	visit = func(d string) error {
		switch state[d] {
		case 1:
			return fmt.Errorf("%s: import cycle through %s", ModulePath, d)
		case 2:
			return nil
		}
		state[d] = 1
		for _, dep := range deps[d] {
			if err := visit(dep); err != nil {
				return err
			}
		}
		state[d] = 2
		order = append(order, d)
		return nil
	}
	for _, d := range dirs {
		if err := visit(d); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// checkFiles checks whole-file blocks as one package.
func (c *Checker) checkFiles(pkgPath string, blocks []Block) []error {
	srcs := make([]string, len(blocks))
	for i, b := range blocks {
		srcs[i] = fmt.Sprintf("//line %s:%d:1\n%s", b.File, b.Line, b.Code)
	}
	return c.check(pkgPath, srcs, false)
}

func (c *Checker) check(pkgPath string, srcs []string, lenient bool) []error {
	_, errs := c.checkSources(pkgPath, srcs, lenient)
	return errs
}

// checkSources parses and type-checks srcs as the package pkgPath. Lenient, unused imports and
// variables (go/types' soft errors) are no errors: a fragment shows a call, not its use.
func (c *Checker) checkSources(pkgPath string, srcs []string, lenient bool) (*types.Package, []error) {
	var files []*ast.File
	var errs []error
	for i, src := range srcs {
		// A name without a folder: the //line directive's relative file would be joined to it.
		name := fmt.Sprintf("%s.%d.go", strings.ReplaceAll(pkgPath, "/", "_"), i)
		f, err := parser.ParseFile(c.fset, name, src, parser.ParseComments)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		files = append(files, f)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	conf := types.Config{Importer: c.imp, Error: func(err error) {
		var te types.Error
		if lenient && errors.As(err, &te) && te.Soft {
			return
		}
		errs = append(errs, err)
	}}
	pkg, _ := conf.Check(pkgPath, c.fset, files, nil)
	return pkg, errs
}

// importerFunc is a types.Importer made of a function.
type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
