package codegen

import (
	"bytes"
	"fmt"
	"go/format"
	"net/url"
	"strings"
	"unicode"
)

// PasswordEnv is the environment variable generated flows read typed passwords from.
const PasswordEnv = "E2E_PASSWORD"

// GenOptions say what Go Generate writes.
type GenOptions struct {
	// Package is the Go package of the file ("e2e").
	Package string
	// Flow names the flow ("checkout"); its variable is <Flow>Flow, exported.
	Flow string
}

// page is one page object: the actions done on one URL path or hash route.
type page struct {
	route, typ, label, constName, varName string
	methods                               []*method
}

// method is one page-object method: an action on one element.
type method struct {
	name, key, doc, param string
	body                  string
}

// call is one line of the flow.
type call struct {
	page *page
	m    *method
	arg  string // the Go expression passed, "" for none
}

// Generate returns the Go source of rec: a page object per page with a method per distinct
// action, and a flow that calls them in order, one step per stay on a page. It is gofmt-clean.
func Generate(rec *Recording, o GenOptions) ([]byte, error) {
	start, err := url.Parse(rec.Start)
	if err != nil {
		return nil, fmt.Errorf("codegen: start URL: %w", err)
	}
	origin := start.Scheme + "://" + start.Host
	if o.Package == "" {
		o.Package = "e2e"
	}
	if o.Flow == "" {
		o.Flow = "recorded"
	}
	var (
		pagesByRoute = map[string]*page{}
		order        []*page
		types        = map[string]bool{}
		calls        []call
		secret       bool
	)
	for _, a := range rec.Actions {
		u, err := url.Parse(a.URL)
		if err != nil {
			continue
		}
		rt := route(u)
		pg := pagesByRoute[rt]
		if pg == nil {
			pg = newPage(rt, types)
			pagesByRoute[rt] = pg
			order = append(order, pg)
		}
		m, arg := pg.method(a, origin)
		if a.Secret {
			secret = true
		}
		calls = append(calls, call{page: pg, m: m, arg: arg})
	}

	var b bytes.Buffer
	fmt.Fprintf(&b, "// Recorded by e2e codegen at %s.\n", rec.Start)
	b.WriteString("//\n// Edit it freely: rename the methods, move the page objects into files of their own, add\n")
	b.WriteString("// checks of what the user sees (f.Expect) and of the backend (f.API, f.DB), and add\n")
	fmt.Fprintf(&b, "// %s to the suite's Flows.\n", FlowVar(o.Flow))
	if secret {
		fmt.Fprintf(&b, "//\n// The passwords typed while recording are not in this file: the flow reads them from\n// $%s (a variable, never a literal).\n", PasswordEnv)
	}
	fmt.Fprintf(&b, "\npackage %s\n\nimport (\n", o.Package)
	if secret {
		b.WriteString("\t\"os\"\n\n\t\"github.com/stretchr/testify/require\"\n\n")
	}
	b.WriteString("\t\"github.com/e2e-dev/e2e/flows\"\n\t\"github.com/e2e-dev/e2e/pages\"\n)\n")
	for _, pg := range order {
		fmt.Fprintf(&b, "\n// %s is the page at %s, as recorded.\ntype %s struct{ tab *pages.Tab }\n", pg.typ, pg.route, pg.typ)
		fmt.Fprintf(&b, "\n// %s names the page in step logs and errors.\nconst %s = %q\n", pg.constName, pg.constName, pg.label)
		for _, m := range pg.methods {
			fmt.Fprintf(&b, "\n// %s %s.\nfunc (p %s) %s(%s) {\n%s}\n", m.name, m.doc, pg.typ, m.name, m.param, m.body)
		}
	}
	fv := FlowVar(o.Flow)
	fmt.Fprintf(&b, "\n// %s is the flow as recorded.\nvar %s = flows.Flow{Name: %q, Doc: \"recorded with e2e codegen\", Run: func(f *flows.F) {\n", fv, fv, o.Flow)
	if secret {
		fmt.Fprintf(&b, "\tpassword := os.Getenv(%q)\n\trequire.NotEmpty(f, password, \"set %s: the password typed while recording is not written in the code\")\n", PasswordEnv, PasswordEnv)
	}
	seen := map[*page]bool{}
	for _, c := range calls {
		if !seen[c.page] {
			seen[c.page] = true
			fmt.Fprintf(&b, "\t%s := %s{f.Tab}\n", c.page.varName, c.page.typ)
		}
	}
	for i := 0; i < len(calls); {
		pg := calls[i].page
		fmt.Fprintf(&b, "\tf.Step(%q, func() {\n", "on the "+pg.label)
		for ; i < len(calls) && calls[i].page == pg; i++ {
			fmt.Fprintf(&b, "\t\t%s.%s(%s)\n", pg.varName, calls[i].m.name, calls[i].arg)
		}
		b.WriteString("\t})\n")
	}
	b.WriteString("}}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("codegen: the generated code does not parse (a bug): %w\n%s", err, b.Bytes())
	}
	return src, nil
}

// FlowVar is the name of the variable Generate declares for the flow named flow:
// "sign up" -> SignUpFlow.
func FlowVar(flow string) string { return exported(flow) + "Flow" }

// route is the page an URL shows: its path, and its hash route ("/#/profile/alice").
func route(u *url.URL) string {
	r := u.EscapedPath()
	if r == "" {
		r = "/"
	}
	if strings.HasPrefix(u.Fragment, "/") {
		r += "#" + strings.SplitN(u.Fragment, "?", 2)[0]
	}
	return r
}

func newPage(rt string, types map[string]bool) *page {
	base := exported(strings.NewReplacer(".html", "", ".htm", "").Replace(rt))
	if base == "" || base == "X" {
		base = "Home"
	}
	typ := base + "Page"
	for i := 2; types[typ]; i++ {
		typ = fmt.Sprintf("%s%dPage", base, i)
	}
	types[typ] = true
	low := strings.ToLower(typ[:1]) + typ[1:]
	label := strings.ToLower(strings.Join(words(strings.TrimSuffix(typ, "Page")), " ")) + " page"
	return &page{route: rt, typ: typ, label: label, constName: low + "Name", varName: low}
}

// method returns the page's method for a (adding it the first time) and the argument a's call
// passes.
func (pg *page) method(a Action, origin string) (*method, string) {
	m := &method{}
	loc := locatorExpr(a.Loc) + ".OnPage(" + pg.constName + ")"
	name := a.Loc.Name
	if a.Loc.Kind == "css" && a.Loc.Hint != "" {
		name = a.Loc.Hint
	}
	what := a.Loc.Describe()
	arg := ""
	switch a.Kind {
	case "goto":
		path := strings.TrimPrefix(a.Value, origin)
		if path == a.Value || path == "" {
			path = "/" + strings.TrimPrefix(path, "/")
		}
		m.name, m.doc = "Open", "goes to "+path
		m.body = fmt.Sprintf("\tp.tab.Goto(%q)\n", path)
		m.key = "goto " + path
	case "click":
		m.name, m.doc = "Click"+ident(name), "clicks "+what
		switch {
		case a.Navigates:
			m.doc += " and waits for the page it leads to"
			m.body = "\t" + loc + ".ClickToNavigate()\n"
		case a.API != nil:
			glob := apiGlob(a.API.URL, origin)
			m.doc += fmt.Sprintf(" and waits for the answer to %s %s", a.API.Method, glob)
			m.body = fmt.Sprintf("\tp.tab.ExpectResponse(pages.Match(%q, %q), func() {\n\t\t%s.Click()\n\t})\n", a.API.Method, glob, loc)
		default:
			m.body = "\t" + loc + ".Click()\n"
		}
	case "fill":
		m.name, m.param = "Fill"+ident(name), "value string"
		m.doc = "types value into " + what
		if a.Secret {
			m.name, m.param, m.doc = "Fill"+ident(name), "password string", "types password into "+what+" (never written in the step log)"
			m.body = "\t" + loc + ".FillSecret(password)\n"
			arg = "password"
		} else {
			m.body = "\t" + loc + ".Fill(value)\n"
			arg = fmt.Sprintf("%q", a.Value)
		}
	case "check", "uncheck":
		verb := exported(a.Kind)
		m.name, m.doc = verb+ident(name), a.Kind+"s "+what
		m.body = "\t" + loc + "." + verb + "()\n"
	case "select":
		m.name, m.param, m.doc = "Select"+ident(name), "value string", "chooses the option value in "+what
		m.body = "\t" + loc + ".SelectOption(value)\n"
		arg = fmt.Sprintf("%q", a.Value)
	case "press":
		m.name, m.param, m.doc = "Press"+ident(name), "key string", "presses key in "+what
		m.body = "\t" + loc + ".Press(key)\n"
		arg = fmt.Sprintf("%q", a.Value)
	}
	if m.key == "" {
		m.key = a.Kind + " " + m.body
	}
	for _, old := range pg.methods {
		if old.key == m.key {
			return old, arg
		}
	}
	base := m.name
	for i := 2; pg.has(m.name); i++ {
		m.name = fmt.Sprintf("%s%d", base, i)
	}
	pg.methods = append(pg.methods, m)
	return m, arg
}

func (pg *page) has(name string) bool {
	for _, m := range pg.methods {
		if m.name == name {
			return true
		}
	}
	return false
}

// locatorExpr is the Go expression of a locator on the page object's tab, p.tab.
func locatorExpr(l Locator) string {
	exact := ""
	if l.Exact {
		exact = ", pages.Exact()"
	}
	switch l.Kind {
	case "role":
		return fmt.Sprintf("p.tab.GetByRole(%q, pages.Name(%q%s))", l.Role, l.Name, exact)
	case "label":
		return fmt.Sprintf("p.tab.GetByLabel(%q%s)", l.Name, exact)
	case "placeholder":
		return fmt.Sprintf("p.tab.GetByPlaceholder(%q%s)", l.Name, exact)
	case "testid":
		return fmt.Sprintf("p.tab.GetByTestID(%q)", l.Name)
	case "text":
		return fmt.Sprintf("p.tab.GetByText(%q%s)", l.Name, exact)
	}
	return fmt.Sprintf("p.tab.Locator(%q)", l.Name)
}

// Describe names the locator in words: `the button "Sign in"`.
func (l Locator) Describe() string {
	switch l.Kind {
	case "role":
		return fmt.Sprintf("the %s %q", l.Role, l.Name)
	case "label":
		return fmt.Sprintf("the field labelled %q", l.Name)
	case "placeholder":
		return fmt.Sprintf("the field with placeholder %q", l.Name)
	case "testid":
		return fmt.Sprintf("the element with test id %q", l.Name)
	case "text":
		return fmt.Sprintf("the text %q", l.Name)
	}
	return fmt.Sprintf("the element %q", l.Name)
}

// apiGlob is the ExpectResponse glob of an API call: its path (any query), or its whole URL on
// another origin.
func apiGlob(raw, origin string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	glob := u.EscapedPath()
	if u.Scheme+"://"+u.Host != origin {
		glob = u.Scheme + "://" + u.Host + glob
	}
	if u.RawQuery != "" {
		glob += "?**"
	}
	return glob
}

// words splits s into its runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// exported is s as an exported Go identifier: "sign in" -> "SignIn"; "X" prefixes a digit.
func exported(s string) string {
	var b strings.Builder
	for _, w := range words(s) {
		r := []rune(w)
		b.WriteString(string(unicode.ToUpper(r[0])) + string(r[1:]))
	}
	out := b.String()
	if out != "" && unicode.IsDigit([]rune(out)[0]) {
		out = "X" + out
	}
	return out
}

// ident is a method name's part from an element's name: its first four words; "Element" when
// it has none (a CSS selector's words are kept too).
func ident(name string) string {
	ws := words(name)
	if len(ws) > 4 {
		ws = ws[:4]
	}
	if id := exported(strings.Join(ws, " ")); id != "" {
		return id
	}
	return "Element"
}
