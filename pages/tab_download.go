package pages

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/go-rod/rod"

	"github.com/e2e-dev/e2e/browser"
)

// Download is a file a tab downloaded, complete: its name, size and bytes, and where the flow's
// artifacts keep it.
type Download struct {
	// SuggestedName is the file name the page (<a download>) or the server (Content-Disposition)
	// suggested.
	SuggestedName string
	// URL is where it came from: http(s), blob: or data:.
	URL string
	// Size is its size in bytes.
	Size int64
	// Path is where it is kept, in the attempt's artifacts (downloads/NAME); "" when the tab
	// keeps no downloads.
	Path string

	bytes []byte
}

// Bytes returns the file's contents.
func (d *Download) Bytes() []byte { return d.bytes }

// ExpectDownload runs action (a click on an export link or button) and returns the download it
// starts, once complete: its start and then its end each within the action timeout (a slower
// one needs SetDefaultTimeout). The file is kept under the flow's artifacts.
//
//	csv := f.Tab.ExpectDownload(func() { f.Tab.GetByRole("button", pages.Name("Export CSV")).Click() })
//	require.Equal(f, "shelf-ann.csv", csv.SuggestedName)
func (tab *Tab) ExpectDownload(action func()) *Download {
	if tab.o.Downloads == nil {
		tab.must(fmt.Errorf("%s: expect a download: this tab cannot download (TabOptions.Downloads)", tab.named(tabLabel)))
	}
	var out *Download
	var dl *browser.Download
	err := tab.steps.Do(tab.named(tabLabel+": expect a download"), func() error {
		var err error
		dl, err = tab.o.Downloads.Expect(tab.page.GetContext(), tab.page, tab.timeout, func() error { action(); return nil })
		return tab.explain(tabLabel, err)
	})
	tab.must(err)
	tab.must(tab.act(tabLabel, fmt.Sprintf("download %q", dl.SuggestedName), func(p *rod.Page) error {
		b, err := dl.Bytes(p.GetContext())
		if err != nil {
			return err
		}
		out = &Download{SuggestedName: dl.SuggestedName, URL: dl.URL, Size: int64(len(b)), bytes: b}
		if tab.o.DownloadsDir == "" {
			return nil
		}
		out.Path, err = keep(tab.o.DownloadsDir, dl.SuggestedName, b)
		return err
	}))
	return out
}

// unsafeName is what a file name may not hold.
var unsafeName = regexp.MustCompile(`[^\p{L}\p{N} ._()+-]+`)

// keep writes b into dir under name, made safe and unique (shelf.csv, shelf-2.csv, ...), and
// returns its path.
func keep(dir, name string, b []byte) (string, error) {
	name = strings.Trim(unsafeName.ReplaceAllString(filepath.Base(name), "_"), ". ")
	if name == "" {
		name = "download"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("keep the download: %w", err)
	}
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 1; ; i++ {
		path := filepath.Join(dir, name)
		if i > 1 {
			path = filepath.Join(dir, fmt.Sprintf("%s-%d%s", base, i, ext))
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if os.IsExist(err) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("keep the download: %w", err)
		}
		_, werr := f.Write(b)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return "", fmt.Errorf("keep the download: %w", werr)
		}
		return path, nil
	}
}
