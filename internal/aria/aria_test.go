package aria_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/go-rod/rod"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/aria"
	"github.com/e2e-dev/e2e/internal/browsertest"
	"github.com/e2e-dev/e2e/internal/visual"
)

const fixture = `<!doctype html><html lang="en"><body>
<nav aria-label="Main"><ul><li><a href="/a">Home</a></li><li><a href="/b">About <b>us</b></a></li></ul></nav>
<main><h2>Title</h2><p>Some <em>text</em> here</p><img src="x.png" alt="Logo">
<input type="checkbox" checked aria-label="Agree"><button aria-pressed="true">Fav</button>
<label>Name <input value="ann"></label>
<select aria-label="Size"><option>S</option><option selected>M</option></select>
<div hidden>gone</div><span aria-hidden="true">x</span>
<ul><li>One</li><li>Two <div>lines</div></li></ul><button disabled>Off</button>
</main></body></html>`

const fixtureYAML = `- navigation "Main":
  - list:
    - listitem:
      - link "Home":
        - /url: /a
    - listitem:
      - link "About us":
        - /url: /b
- main:
  - heading "Title" [level=2]
  - paragraph:
    - text: Some
    - emphasis: text
    - text: here
  - img "Logo"
  - checkbox "Agree" [checked]
  - button "Fav" [pressed]
  - text: Name
  - textbox "Name": ann
  - combobox "Size":
    - option "S"
    - option "M" [selected]
  - list:
    - listitem: One
    - listitem: Two lines
  - button "Off" [disabled]`

type page struct{ p *rod.Page }

func open(t *testing.T, html string) page { return page{browsertest.Open(t, html)} }

func (pg page) tree(t *testing.T, sel string) *aria.Node {
	t.Helper()
	el, err := pg.p.Element(sel)
	require.NoError(t, err)
	tree, err := aria.Snapshot(pg.p, el)
	require.NoError(t, err)
	return tree
}

func TestRender(t *testing.T) {
	pg := open(t, fixture)
	require.Equal(t, fixtureYAML, aria.Render(pg.tree(t, "body")))
	require.Equal(t, "- heading \"Title\" [level=2]", aria.Render(pg.tree(t, "h2")))
}

func TestMatch(t *testing.T) {
	tree := open(t, fixture).tree(t, "body")
	for _, c := range []struct {
		yaml string
		ok   bool
	}{
		{fixtureYAML, true},
		{`- heading "Title"`, true},
		{`- heading "Title" [level=2]`, true},
		{`- heading "Title" [level=3]`, false},
		{`- heading /Ti.le/`, true},
		{`- heading "Titles"`, false},
		{"- main:\n  - heading\n  - img \"Logo\"", true},            // partial: in order, others between
		{"- main:\n  - img \"Logo\"\n  - heading", false},           // out of order
		{"- list:\n  - listitem: One", true},                        // the second list's first item
		{"- list:\n  - /children: equal\n  - listitem: One", false}, // equal: both items
		{"- list:\n  - /children: equal\n  - listitem: One\n  - listitem: /Two/", true},
		{`- checkbox [checked=false]`, false},
		{`- button "Fav" [pressed=true]`, true},
		{`- button "Fav" [pressed=false]`, false},
		{`- button "Off" [disabled]`, true},
		{`- button "Fav" [disabled=false]`, true},
		{"- link \"Home\":\n  - /url: /a", true},
		{"- link \"Home\":\n  - /url: /b", false},
		{"- paragraph:\n  - text: /S.me/", true},
		{"- textbox \"Name\": ann", true},
		{"- textbox \"Name\": bob", false},
		{"- option \"M\" [selected]", true},
	} {
		tpl, err := aria.Parse(c.yaml)
		require.NoError(t, err, c.yaml)
		require.Equal(t, c.ok, aria.Match(tree, tpl), c.yaml)
	}
}

func TestParseErrors(t *testing.T) {
	for yaml, want := range map[string]string{
		`heading "x"`:                 `aria snapshot: must be a YAML list, each entry starting with "- "`,
		`- heading "x`:                `aria snapshot: line 1: unterminated string in "heading \"x"`,
		`- heading [level=x]`:         `aria snapshot: line 1: the value of "level" is a number in "heading [level=x]"`,
		`- heading [size=2]`:          `aria snapshot: line 1: unsupported attribute [size] in "heading [size=2]"`,
		"- list:\n  - /children: all": `aria snapshot: line 2: /children is "contain", "equal" or "deep-equal"`,
		`- heading /x(/`:              "aria snapshot: line 1: bad regex: error parsing regexp: missing closing ): `x(` in \"heading /x(/\"",
	} {
		_, err := aria.Parse(yaml)
		require.EqualError(t, err, want, yaml)
	}
}

func TestExpectAndFiles(t *testing.T) {
	pg := open(t, fixture)
	tree := pg.tree(t, "main")
	kept := func(yaml string) string {
		path := filepath.Join(t.TempDir(), "kept.aria.yml")
		require.NoError(t, os.WriteFile(path, []byte(yaml), 0o644))
		return path
	}
	title, other := kept(`- heading "Title"`), kept(`- heading "Other"`)
	v, msg, err := aria.ExpectFile(tree, title, visual.UpdateNone, false)
	require.NoError(t, err)
	require.Equal(t, visual.VerdictMatched, v, msg)
	v, msg, err = aria.ExpectFile(tree, other, visual.UpdateNone, false)
	require.NoError(t, err)
	require.Equal(t, visual.VerdictMismatch, v)
	require.Contains(t, msg, "the accessibility tree does not match "+other+"; it is:\n- main:\n  - heading \"Title\" [level=2]\n")
	v, _, err = aria.ExpectFile(tree, other, visual.UpdateNone, true)
	require.NoError(t, err)
	require.Equal(t, visual.VerdictDiffers, v)

	path := filepath.Join(t.TempDir(), "main.aria.yml")
	v, _, err = aria.ExpectFile(tree, path, visual.UpdateNone, false)
	require.NoError(t, err)
	require.Equal(t, visual.VerdictMissing, v)
	v, msg, err = aria.ExpectFile(tree, path, visual.UpdateMissing, false)
	require.NoError(t, err)
	require.Equal(t, visual.VerdictWritten, v, msg)
	v, _, err = aria.ExpectFile(tree, path, visual.UpdateMissing, false)
	require.NoError(t, err)
	require.Equal(t, visual.VerdictMatched, v)

	// The page changes: the snapshot fails, and is written again under all.
	_, err = pg.p.Eval(`() => { document.querySelector("h2").textContent = "Renamed" }`)
	require.NoError(t, err)
	tree = pg.tree(t, "main")
	v, msg, err = aria.ExpectFile(tree, path, visual.UpdateMissing, false)
	require.NoError(t, err)
	require.Equal(t, visual.VerdictMismatch, v)
	require.Contains(t, msg, `- heading "Renamed" [level=2]`)
	v, _, err = aria.ExpectFile(tree, path, visual.UpdateAll, false)
	require.NoError(t, err)
	require.Equal(t, visual.VerdictUpdated, v)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(b), `heading "Renamed"`)

	// changed: the same for a template; one that matches is kept as written by hand.
	v, _, err = aria.ExpectFile(tree, other, visual.UpdateChanged, false)
	require.NoError(t, err)
	require.Equal(t, visual.VerdictUpdated, v)
	regex := kept(`- heading /Ren/`)
	v, _, err = aria.ExpectFile(tree, regex, visual.UpdateChanged, false)
	require.NoError(t, err)
	require.Equal(t, visual.VerdictMatched, v)
	b, err = os.ReadFile(regex)
	require.NoError(t, err)
	require.Equal(t, `- heading /Ren/`, string(b))
}
