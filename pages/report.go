package pages

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/input"
	"github.com/go-rod/rod/lib/proto"
)

// ReportPage is e2e's own HTML report, index.html, which is opened from disk (file://).
type ReportPage struct{ s *Tab }

// The report's test ids.
const (
	reportPageName     = "report"
	reportSummary      = "report-summary"
	reportFlow         = "report-flow"
	reportSearch       = "report-search"
	reportFilterPrefix = "report-filter-"
	reportStepName     = "report-step-name"
	reportError        = "report-error"
	reportScreenshot   = "report-screenshot"
	reportArtifactLink = "report-artifact-link"
)

// ReportTotals are the keys of ReportPage.Totals, each the count the summary shows under
// data-testid "report-<key>".
var ReportTotals = []string{"total", "passed", "failed", "flaky", "skipped", "interrupted"}

// ReportFlow is a flow's row as the report shows it.
type ReportFlow struct {
	// ID is the flow's id (data-flow-id).
	ID string
	// Status is its status (data-status): passed, failed, flaky, skipped or interrupted.
	Status string
}

// Report returns the HTML report's page object.
func (tab *Tab) Report() *ReportPage { return &ReportPage{s: tab} }

// Open opens the report at rawURL, a whole URL (file:///.../index.html; BaseURL is not
// prefixed), and waits until its summary shows.
func (r *ReportPage) Open(rawURL string) error {
	return r.s.act(reportPageName, "open "+rawURL, func(p *rod.Page) error {
		if err := p.Navigate(rawURL); err != nil {
			return err
		}
		if err := p.WaitLoad(); err != nil {
			return err
		}
		_, err := r.visible(p, reportSummary)
		return err
	})
}

// OpenFile opens the report file at path on this machine.
func (r *ReportPage) OpenFile(path string) error {
	u, err := FileURL(path)
	if err != nil {
		return fmt.Errorf("%s: %w", reportPageName, err)
	}
	return r.Open(u)
}

// FileURL returns the file:// URL of the file at path, made absolute.
func FileURL(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("file URL of %s: %w", path, err)
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x on Windows
	}
	return (&url.URL{Scheme: "file", Path: p}).String(), nil
}

// Totals returns the counts of the summary by key (see ReportTotals).
func (r *ReportPage) Totals() (map[string]int, error) {
	out := make(map[string]int, len(ReportTotals))
	for _, key := range ReportTotals {
		var txt string
		err := r.s.act(reportPageName, fmt.Sprintf("read %q", "report-"+key), func(p *rod.Page) error {
			el, err := r.visible(p, "report-"+key)
			if err != nil {
				return err
			}
			txt, err = textOf(el)
			return err
		})
		if err != nil {
			return nil, err
		}
		n, err := strconv.Atoi(txt)
		if err != nil {
			return nil, fmt.Errorf("%s: %q reads %q, not a count: %w", reportPageName, "report-"+key, txt, err)
		}
		out[key] = n
	}
	return out, nil
}

// Filter clicks the filter button of status ("all", "passed", "failed", "flaky", "skipped",
// "interrupted") and waits until it shows pressed.
func (r *ReportPage) Filter(status string) error {
	id := reportFilterPrefix + status
	return r.s.act(reportPageName, fmt.Sprintf("filter by %q", status), func(p *rod.Page) error {
		el, err := r.visible(p, id)
		if err != nil {
			return err
		}
		if err := el.Click(proto.InputMouseButtonLeft, 1); err != nil {
			return err
		}
		err = el.Wait(rod.Eval(`() => this.getAttribute("aria-pressed") === "true"`))
		if err != nil && isTimeout(err) && r.s.page.GetContext().Err() == nil {
			return &waitError{page: reportPageName, what: fmt.Sprintf("%q not pressed after a click", id), after: r.s.timeout, err: err}
		}
		return err
	})
}

// Search replaces the text of the search box with text; empty clears it.
func (r *ReportPage) Search(text string) error {
	return r.s.act(reportPageName, fmt.Sprintf("search %q", text), func(p *rod.Page) error {
		el, err := r.visible(p, reportSearch)
		if err != nil {
			return err
		}
		if err := el.SelectAllText(); err != nil {
			return err
		}
		if text == "" {
			return p.Keyboard.Type(input.Backspace)
		}
		return el.Input(text)
	})
}

// VisibleFlows returns the flow rows that show now, in page order.
func (r *ReportPage) VisibleFlows() ([]ReportFlow, error) {
	var flows []ReportFlow
	err := r.s.act(reportPageName, "list the flows shown", func(p *rod.Page) error {
		if _, err := r.present(p, reportSummary); err != nil {
			return err
		}
		res, err := p.Eval(`(sel) => [...document.querySelectorAll(sel)]
			.filter(e => e.checkVisibility())
			.map(e => [e.dataset.flowId, e.dataset.status])`, testID(reportFlow))
		if err != nil {
			return err
		}
		flows = []ReportFlow{}
		for _, row := range res.Value.Arr() {
			f := row.Arr()
			flows = append(flows, ReportFlow{ID: f[0].Str(), Status: f[1].Str()})
		}
		return nil
	})
	return flows, err
}

// Expand opens the row of flow id, as a click on it does, and waits until its attempts show. It
// fails when the row is not shown (filtered out).
func (r *ReportPage) Expand(id string) error {
	return r.s.act(reportPageName, fmt.Sprintf("expand flow %q", id), func(p *rod.Page) error {
		row, err := r.row(p, id)
		if err != nil {
			return err
		}
		if err := r.waitRow(row, id, `() => this.checkVisibility()`, "not shown: filtered out?"); err != nil {
			return err
		}
		open, err := row.Eval(`() => this.open`)
		if err != nil {
			return err
		}
		if !open.Value.Bool() {
			summary, err := row.Element("summary")
			if err != nil {
				return err
			}
			if r.s.o.Highlight != nil {
				r.s.o.Highlight(summary, reportPageName+": "+id)
			}
			if err := summary.Click(proto.InputMouseButtonLeft, 1); err != nil {
				return err
			}
		}
		return r.waitRow(row, id, `() => this.open && this.querySelector(".attempts").checkVisibility()`, "did not expand")
	})
}

// Steps returns the names of the steps of flow id that show now, every attempt's in order:
// none while its row is collapsed.
func (r *ReportPage) Steps(id string) ([]string, error) {
	var steps []string
	err := r.rowAction(id, "read the steps", func(row *rod.Element) error {
		res, err := row.Eval(`(sel) => [...this.querySelectorAll(sel)]
			.filter(e => e.checkVisibility()).map(e => e.textContent.trim())`, testID(reportStepName))
		if err != nil {
			return err
		}
		steps = []string{}
		for _, s := range res.Value.Arr() {
			steps = append(steps, s.Str())
		}
		return nil
	})
	return steps, err
}

// Error returns the failure message shown for the last failed attempt of flow id; it fails
// when none shows (a passed flow, or a collapsed row).
func (r *ReportPage) Error(id string) (string, error) {
	var msg string
	err := r.rowAction(id, "read the error", func(row *rod.Element) error {
		res, err := row.Eval(`(sel) => {
			const shown = [...this.querySelectorAll(sel + " .message")].filter(e => e.checkVisibility());
			return shown.length ? shown[shown.length - 1].textContent : null;
		}`, testID(reportError))
		if err != nil {
			return err
		}
		if res.Value.Nil() {
			return fmt.Errorf("%q of flow %q not shown", reportError, id)
		}
		msg = strings.TrimSpace(res.Value.Str())
		return nil
	})
	return msg, err
}

// ScreenshotShown reports whether the row of flow id shows its failure screenshots: there is at
// least one, and each is visible and loaded with a width (naturalWidth > 0). It waits for the
// images to finish loading.
func (r *ReportPage) ScreenshotShown(id string) (bool, error) {
	shown := false
	err := r.rowAction(id, "check the screenshot", func(row *rod.Element) error {
		imgs, err := row.Elements(testID(reportScreenshot))
		if err != nil || len(imgs) == 0 {
			return err
		}
		for _, img := range imgs {
			if err := img.Wait(rod.Eval(`() => this.complete`)); err != nil {
				return err
			}
			res, err := img.Eval(`() => this.checkVisibility() && this.naturalWidth > 0`)
			if err != nil {
				return err
			}
			if !res.Value.Bool() {
				return nil
			}
		}
		shown = true
		return nil
	})
	return shown, err
}

// ArtifactLinks returns the artifact links of flow id by kind (har, dom, console, steps,
// error, screenshot), each the absolute URL the browser resolves it to; when several attempts
// have a kind, the last one's.
func (r *ReportPage) ArtifactLinks(id string) (map[string]string, error) {
	links := map[string]string{}
	err := r.rowAction(id, "read the artifact links", func(row *rod.Element) error {
		res, err := row.Eval(`(sel) => [...this.querySelectorAll(sel)].map(a => [a.dataset.kind, a.href])`, testID(reportArtifactLink))
		if err != nil {
			return err
		}
		for _, l := range res.Value.Arr() {
			kv := l.Arr()
			links[kv[0].Str()] = kv[1].Str()
		}
		return nil
	})
	return links, err
}

// rowAction runs fn on the row of flow id as the step "<what> of flow <id>".
func (r *ReportPage) rowAction(id, what string, fn func(row *rod.Element) error) error {
	return r.s.act(reportPageName, fmt.Sprintf("%s of flow %q", what, id), func(p *rod.Page) error {
		row, err := r.row(p, id)
		if err != nil {
			return err
		}
		return fn(row)
	})
}

// row waits for the row of flow id, shown or not.
func (r *ReportPage) row(p *rod.Page, id string) (*rod.Element, error) {
	el, err := p.Element(testID(reportFlow) + "[data-flow-id=" + cssString(id) + "]")
	if err != nil && isTimeout(err) && r.s.page.GetContext().Err() == nil {
		return nil, &waitError{page: reportPageName, what: fmt.Sprintf("no %q with id %q", reportFlow, id), after: r.s.timeout, err: err}
	}
	return el, err
}

// waitRow waits until js holds on the row of flow id; else the error says the row is what.
func (r *ReportPage) waitRow(row *rod.Element, id, js, what string) error {
	err := row.Wait(rod.Eval(js))
	if err != nil && isTimeout(err) && r.s.page.GetContext().Err() == nil {
		return &waitError{page: reportPageName, what: fmt.Sprintf("flow %q %s", id, what), after: r.s.timeout, err: err}
	}
	return err
}

// testID is the CSS selector of a data-testid.
func testID(id string) string { return `[data-testid="` + id + `"]` }

// visible waits until the element with data-testid id is visible.
func (r *ReportPage) visible(p *rod.Page, id string) (*rod.Element, error) {
	el, err := findVisible(p, testID(id))
	if err != nil {
		return nil, r.s.timeoutAs(p, reportPageName, fmt.Sprintf("%q not visible", id), err)
	}
	return el, nil
}

// present waits until an element with data-testid id is in the document, visible or not.
func (r *ReportPage) present(p *rod.Page, id string) (*rod.Element, error) {
	el, err := find(p, testID(id))
	if err != nil {
		return nil, r.s.timeoutAs(p, reportPageName, fmt.Sprintf("%q not found", id), err)
	}
	return el, nil
}

// cssString quotes s as a CSS string for an attribute selector.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteRune(c)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, "\\%x ", c)
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
