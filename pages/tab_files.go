package pages

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/go-rod/rod"

	"github.com/e2e-dev/e2e/browser"
)

// File is a file to choose in a file input: one of this machine (Path), or one made in memory
// (Name, MIMEType, Bytes), as Playwright's setInputFiles takes.
//
//	pages.File{Path: "testdata/cover.png"}
//	pages.File{Name: "cover.png", MIMEType: "image/png", Bytes: png}
type File struct {
	// Path is a file of this machine.
	Path string
	// Name is the name the page sees: a Path's base name when empty.
	Name string
	// MIMEType is the type the page sees: from the name's extension when empty.
	MIMEType string
	// Bytes are the contents of a file in memory.
	Bytes []byte
}

// String names the file in steps: its name or path.
func (f File) String() string {
	if f.Name != "" {
		return f.Name
	}
	return filepath.Base(f.Path)
}

// browserFiles converts files for package browser.
func browserFiles(files []File) []browser.File {
	out := make([]browser.File, len(files))
	for i, f := range files {
		out[i] = browser.File{Path: f.Path, Name: f.Name, MIMEType: f.MIMEType, Bytes: f.Bytes}
	}
	return out
}

// fileList names files in a step: "cover.png, notes.txt", or "no file".
func fileList(files []File) string {
	if len(files) == 0 {
		return "no file"
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.String()
	}
	return strings.Join(names, ", ")
}

// SetInputFiles sets the files of a file input (it may be hidden, as styled upload buttons'
// inputs are) as if the user had picked them: its "input" and "change" events fire. Several
// files need an input with "multiple"; none clears it. Files in memory keep the name and type
// given, and a remote browser gets every file's bytes.
//
//	f.Tab.GetByLabel("Cover image").SetInputFiles(pages.File{Path: "testdata/cover.png"})
func (l *Locator) SetInputFiles(files ...File) {
	verb := "set " + fileList(files) + " in"
	l.do(verb, func(p *rod.Page) error {
		el, err := l.resolve(p, "given files", nil)
		if err != nil {
			return err
		}
		if err := browser.SetInputFiles(el, l.tab.local(), browserFiles(files), l.tab.timeout); err != nil {
			return fmt.Errorf("%s %s: %w", verb, l, err)
		}
		return nil
	})
}

// local reports whether the tab's browser runs on this machine, where paths can be handed over.
func (tab *Tab) local() bool {
	return tab.o.Context == nil || !tab.o.Context.Browser.Kind.Remote()
}

// FileChooser is a file chooser a tab opened; the browser shows none: the flow chooses.
type FileChooser struct {
	// Multiple reports whether it takes several files.
	Multiple bool

	tab *Tab
	fc  *browser.FileChooser
}

// ExpectFileChooser runs action (a click on an upload button whose script clicks a hidden file
// input, or on a file input) and returns the file chooser it opens, within the action timeout.
//
//	fc := f.Tab.ExpectFileChooser(func() { f.Tab.GetByRole("button", pages.Name("Upload cover")).Click() })
//	fc.SetFiles(pages.File{Path: "testdata/cover.png"})
func (tab *Tab) ExpectFileChooser(action func()) *FileChooser {
	var fc *browser.FileChooser
	tab.must(tab.steps.Do(tab.named(tabLabel+": expect a file chooser"), func() error {
		var err error
		fc, err = browser.ExpectFileChooser(tab.page, tab.local(), tab.timeout, tab.timeout, func() error { action(); return nil })
		return tab.explain(tabLabel, err)
	}))
	return &FileChooser{Multiple: fc.Multiple, tab: tab, fc: fc}
}

// SetFiles chooses files in the chooser (none: cancels the choice).
func (c *FileChooser) SetFiles(files ...File) {
	c.tab.must(c.tab.steps.Do(c.tab.named(fmt.Sprintf("%s: choose %s", tabLabel, fileList(files))), func() error {
		return c.tab.explain(tabLabel, c.fc.SetFiles(browserFiles(files)))
	}))
}
