package browser

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/stretchr/testify/require"
)

// element returns the element of p that selector finds.
func element(t *testing.T, p *rod.Page, selector string) *rod.Element {
	t.Helper()
	el, err := p.Timeout(10 * time.Second).Element(selector)
	require.NoError(t, err)
	return el.CancelTimeout()
}

// TestSetInputFiles: files from paths and from memory (name, MIME type, bytes) reach the page
// with their change event, several at once on a "multiple" input, an empty list clears; a
// second file on a single input, or a text input, fails.
func TestSetInputFiles(t *testing.T) {
	site := tabSite(t)
	dir := t.TempDir()
	// Extensions Go knows without the system's MIME table.
	path := filepath.Join(dir, "notes.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"from":"disk"}`), 0o644))
	onEachKind(t, func(t *testing.T, c *Context) {
		p := openTab(t, c, site+"/files")
		local := !c.Browser.Kind.Remote()

		require.NoError(t, SetInputFiles(element(t, p, "#one"), local, []File{{Path: path}}, 5*time.Second))
		requireText(t, p, "#out", `one: notes.json application/json 15 "{\"from\":\"disk\"}"`)

		cover := File{Name: "cover.png", MIMEType: "image/png", Bytes: []byte("\x89PNG fake")}
		page := File{Name: "page.html", Bytes: []byte("<p>\n")} // its type from the extension
		require.NoError(t, SetInputFiles(element(t, p, "#many"), local, []File{cover, page, {Path: path}}, 5*time.Second))
		requireText(t, p, "#out", "many: cover.png image/png 9 \"\uFFFDPNG fake\" | page.html text/html 4 \"<p>\\n\" | notes.json application/json 15 \"{\\\"from\\\":\\\"disk\\\"}\"")

		require.NoError(t, SetInputFiles(element(t, p, "#many"), local, nil, 5*time.Second))
		requireText(t, p, "#out", `many: (none)`)

		err := SetInputFiles(element(t, p, "#one"), local, []File{cover, page}, 5*time.Second)
		require.EqualError(t, err, `the input takes one file (it has no "multiple"), not 2`)
		err = SetInputFiles(element(t, p, "#one"), local, []File{{Path: filepath.Join(dir, "missing.json")}}, 5*time.Second)
		require.ErrorContains(t, err, "missing.json: no such file or directory")
		err = SetInputFiles(element(t, p, "#text"), local, []File{{Path: path}}, 5*time.Second)
		require.EqualError(t, err, `not a file input: <input type="text">`)
	})
}

// TestFileChooser: a button whose script clicks a hidden file input opens a file chooser,
// which Expect gets with its input and mode, and files chosen through it reach the page; an
// action that opens none fails.
func TestFileChooser(t *testing.T) {
	site := tabSite(t)
	onEachKind(t, func(t *testing.T, c *Context) {
		p := openTab(t, c, site+"/files")
		local := !c.Browser.Kind.Remote()

		fc, err := ExpectFileChooser(p, local, 5*time.Second, 5*time.Second, click(p, "#pick"))
		require.NoError(t, err)
		require.True(t, fc.Multiple)
		require.Equal(t, "hidden", *fc.Input.MustAttribute("id"), "the chooser's input")
		require.NoError(t, fc.SetFiles([]File{{Name: "a.json", Bytes: []byte("1")}, {Name: "b.json", Bytes: []byte("2")}}))
		requireText(t, p, "#out", `hidden: a.json application/json 1 "1" | b.json application/json 1 "2"`)

		fc, err = ExpectFileChooser(p, local, 5*time.Second, 5*time.Second, click(p, "#one"))
		require.NoError(t, err)
		require.False(t, fc.Multiple)
		require.NoError(t, fc.SetFiles([]File{{Name: "c.txt", MIMEType: "text/x-c", Bytes: []byte("C")}}))
		requireText(t, p, "#out", `one: c.txt text/x-c 1 "C"`)

		_, err = ExpectFileChooser(p, local, 5*time.Second, 500*time.Millisecond, nothing)
		require.EqualError(t, err, "expect a file chooser: no file chooser within 500ms")
	})
}
