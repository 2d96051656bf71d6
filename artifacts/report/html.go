package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"path/filepath"
	"strings"
	"sync"

	"github.com/e2e-dev/e2e/artifacts"
)

// MaxEmbeddedScreenshot is the largest screenshot index.html embeds; a larger one is linked.
const MaxEmbeddedScreenshot = 5 << 20

// reportTemplates holds index.html's template, stylesheet and script.
//
//go:embed templates/index.html.tmpl templates/audit.html.tmpl templates/imagediff.html.tmpl templates/report.css templates/report.js
//go:embed templates/trace.html.tmpl templates/trace.css templates/trace.js
var reportTemplates embed.FS

// htmlTemplate parses index.html's template once.
var htmlTemplate = sync.OnceValues(func() (*template.Template, error) {
	return template.New("index.html.tmpl").Funcs(template.FuncMap{
		"duration": reportDuration,
		"pct":      htmlPercent,
		"ms":       htmlMS,
		"join":     strings.Join,
	}).ParseFS(reportTemplates, "templates/index.html.tmpl", "templates/audit.html.tmpl", "templates/imagediff.html.tmpl", "templates/trace.html.tmpl")
})

// NewHTMLReporter returns the reporter that writes index.html to path at the end of the run:
// one self-contained page (styles, script and failure screenshots inline, nothing fetched) with
// the run's summary, filters by status, a search box, and every flow expandable to its attempts,
// their steps, failures, screenshots and links to the other artifact files, relative to path's
// folder. It works opened from disk (file://), without a server.
func NewHTMLReporter(path string) Reporter { return &htmlReporter{path: path} }

// htmlReporter writes index.html.
type htmlReporter struct{ path string }

// RunStarted does nothing: the file is written at the end.
func (h *htmlReporter) RunStarted(int, int) {}

// FlowStarted does nothing.
func (h *htmlReporter) FlowStarted(string) {}

// FlowEnded does nothing.
func (h *htmlReporter) FlowEnded(FlowReport, int, int) {}

// RunEnded writes index.html; screenshots are read from the report's folder.
func (h *htmlReporter) RunEnded(r *RunReport) error {
	if r == nil {
		return fmt.Errorf("html report %s: no run report", h.path)
	}
	tmpl, err := htmlTemplate()
	if err != nil {
		return fmt.Errorf("html report: template: %w", err)
	}
	view, err := newHTMLView(r, filepath.Dir(h.path))
	if err != nil {
		return fmt.Errorf("html report %s: %w", h.path, err)
	}
	err = artifacts.WriteFileAtomicFunc(h.path, func(w io.Writer) error { return tmpl.Execute(w, view) })
	if err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	return nil
}
