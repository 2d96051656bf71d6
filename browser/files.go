package browser

import (
	"context"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// File is a file to choose in a file input: a file of this machine (Path), or one in memory
// (Name, MIMEType, Bytes).
type File struct {
	// Name is the file's name as the page sees it; for a Path, its base name when empty.
	Name string
	// MIMEType is its type as the page sees it; empty: from the name's extension.
	MIMEType string
	// Bytes are its contents, when Path is empty.
	Bytes []byte
	// Path is a file of this machine to read instead.
	Path string
}

// setFilesJS sets an input's files from their bytes, as a user choosing them would.
//
//go:embed set_files.js
var setFilesJS string

// SetInputFiles sets the files of el, a file input, as a user choosing them would: the input's
// files change, then its "input" and "change" events fire. An empty list clears it; several
// files need an input with "multiple". On a local browser, files given by path are handed over
// by path (DOM.setFileInputFiles). Files in memory, and every file on a remote browser (which
// cannot read this machine's paths), are sent with their bytes and made into File objects in
// the page: their name and MIME type are then exactly the ones given. Bounded by timeout.
func SetInputFiles(el *rod.Element, local bool, files []File, timeout time.Duration) error {
	el = el.Timeout(timeout)
	defer el.CancelTimeout()
	byPath := local && len(files) > 0
	for _, f := range files {
		byPath = byPath && f.Path != "" && f.Name == "" && f.MIMEType == ""
	}
	if byPath {
		paths := make([]string, len(files))
		for i, f := range files {
			abs, err := filepath.Abs(f.Path)
			if err != nil {
				return fmt.Errorf("set input files: %w", err)
			}
			if _, err := os.Stat(abs); err != nil {
				return fmt.Errorf("set input files: %w", err)
			}
			paths[i] = abs
		}
		if _, err := el.Evaluate(rod.Eval(setFilesJS, nil, len(files)).ByUser()); err != nil { // the checks alone
			return jsError(err)
		}
		if err := (proto.DOMSetFileInputFiles{Files: paths, ObjectID: el.Object.ObjectID}).Call(el); err != nil {
			return fmt.Errorf("set input files: DOM.setFileInputFiles: %w", err)
		}
		return nil
	}
	type payload struct {
		Name         string `json:"name"`
		MIMEType     string `json:"mimeType"`
		LastModified int64  `json:"lastModified"`
		B64          string `json:"b64"`
	}
	out := make([]payload, len(files))
	for i, f := range files {
		name, data, mod := f.Name, f.Bytes, time.Now()
		if f.Path != "" {
			b, err := os.ReadFile(f.Path)
			if err != nil {
				return fmt.Errorf("set input files: %w", err)
			}
			if st, err := os.Stat(f.Path); err == nil {
				mod = st.ModTime()
			}
			data = b
			if name == "" {
				name = filepath.Base(f.Path)
			}
		}
		if name == "" {
			return fmt.Errorf("set input files: file %d has neither a path nor a name", i+1)
		}
		typ := f.MIMEType
		if typ == "" { // as Chromium types a file it reads: no charset
			typ, _, _ = mime.ParseMediaType(mime.TypeByExtension(filepath.Ext(name)))
		}
		out[i] = payload{Name: name, MIMEType: typ, LastModified: mod.UnixMilli(), B64: base64.StdEncoding.EncodeToString(data)}
	}
	if _, err := el.Evaluate(rod.Eval(setFilesJS, out, len(out)).ByUser()); err != nil {
		return jsError(err)
	}
	return nil
}

// jsError is the message of an exception a script threw ("the input takes one file..."),
// without rod's wrapping and the script's stack; other errors as they are.
func jsError(err error) error {
	var ee *rod.EvalError
	if !errors.As(err, &ee) || ee.Exception == nil {
		return err
	}
	msg, _, _ := strings.Cut(ee.Exception.Description, "\n")
	return errors.New(strings.TrimPrefix(msg, "Error: "))
}

// FileChooser is a file chooser a page opened: the browser shows none, the flow chooses.
type FileChooser struct {
	// Multiple reports whether it takes several files.
	Multiple bool
	// Input is the file input it is for.
	Input *rod.Element

	page  *rod.Page
	local bool
	setup time.Duration
}

// ExpectFileChooser runs action, on the caller's goroutine, and returns the file chooser p opens
// (a click on a file input, or on a button whose script clicks one), in timeout from the
// action's end. local says the
// browser runs on this machine (see SetInputFiles); setup bounds each CDP call.
func ExpectFileChooser(p *rod.Page, local bool, setup, timeout time.Duration, action func() error) (*FileChooser, error) {
	if err := enable(p, setup, proto.PageEnable{}); err != nil {
		return nil, fmt.Errorf("expect a file chooser: %w", err)
	}
	if err := intercept(p, setup, true); err != nil {
		return nil, err
	}
	sub, stop := context.WithCancel(p.GetContext())
	defer stop()
	opened := make(chan *proto.PageFileChooserOpened, 1)
	wait := p.Context(sub).EachEvent(func(e *proto.PageFileChooserOpened) bool {
		opened <- e
		return true
	})
	go wait()
	chosen := false
	defer func() { // also when the action failed the flow
		if !chosen {
			_ = intercept(p, setup, false)
		}
	}()
	e, err := after(p.GetContext(), opened, timeout, "file chooser", action)
	if err != nil {
		return nil, fmt.Errorf("expect a file chooser: %w", err)
	}
	chosen = true
	tp := p.Timeout(setup)
	el, err := tp.ElementFromNode(&proto.DOMNode{BackendNodeID: e.BackendNodeID})
	tp.CancelTimeout()
	if err != nil {
		return nil, fmt.Errorf("expect a file chooser: find its input: %w", err)
	}
	return &FileChooser{Multiple: e.Mode == proto.PageFileChooserOpenedModeSelectMultiple, Input: el.Context(p.GetContext()),
		page: p, local: local, setup: setup}, nil
}

// SetFiles chooses files (an empty list: none) and stops intercepting file choosers.
func (fc *FileChooser) SetFiles(files []File) error {
	err := SetInputFiles(fc.Input, fc.local, files, fc.setup)
	if ierr := intercept(fc.page, fc.setup, false); err == nil {
		err = ierr
	}
	return err
}

// intercept turns the interception of p's file choosers on or off.
func intercept(p *rod.Page, setup time.Duration, on bool) error {
	tp := p.Timeout(setup)
	defer tp.CancelTimeout()
	if err := (proto.PageSetInterceptFileChooserDialog{Enabled: on}).Call(tp); err != nil {
		return fmt.Errorf("file chooser: Page.setInterceptFileChooserDialog: %w", err)
	}
	return nil
}
