// Package reportpage is the page object of e2e's own HTML report (index.html, opened from
// disk), for the engine's tests that check what the report shows. It fails the flow (or test)
// of the tab it is given, as every page object does.
package reportpage

import (
	_ "embed"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/e2e-dev/e2e/pages"
)

// name prefixes the report's steps and errors.
const name = "report"

// The report's test ids.
const (
	summary      = "report-summary"
	flowRow      = "report-flow"
	search       = "report-search"
	filterPrefix = "report-filter-"
	stepName     = "report-step-name"
	errorBox     = "report-error"
	screenshot   = "report-screenshot"
	artifactLink = "report-artifact-link"
)

// TotalKeys are the keys of Page.Totals, each the count the summary shows under data-testid
// "report-<key>".
var TotalKeys = []string{"total", "passed", "failed", "flaky", "skipped", "interrupted"}

// Flow is a flow's row as the report shows it.
type Flow struct {
	// ID is the flow's id (data-flow-id).
	ID string
	// Status is its status (data-status): passed, failed, flaky, skipped or interrupted.
	Status string
}

// Page is the HTML report shown in a tab.
type Page struct{ tab *pages.Tab }

// New returns the report's page object on tab.
func New(tab *pages.Tab) *Page { return &Page{tab: tab} }

// byTestID is the element with data-testid id, named for the report's steps.
func (r *Page) byTestID(id string) *pages.Locator { return r.tab.GetByTestID(id).OnPage(name) }

// Open opens the report at rawURL, a whole URL (file:///.../index.html), and waits until its
// summary shows.
func (r *Page) Open(rawURL string) {
	r.tab.Step(name+": open "+rawURL, func() {
		r.tab.Goto(rawURL)
		r.byTestID(summary).WaitFor(pages.Visible)
	})
}

// OpenFile opens the report file at path on this machine.
func (r *Page) OpenFile(path string) { r.Open(FileURL(path)) }

// FileURL returns the file:// URL of the file at path, made absolute against the working
// directory.
func FileURL(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path // only when the working directory is gone: the URL then says what was asked
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x on Windows
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// count matches what a summary count shows.
var count = regexp.MustCompile(`^\d+$`)

// Totals returns the counts of the summary by key (see TotalKeys).
func (r *Page) Totals() map[string]int {
	out := make(map[string]int, len(TotalKeys))
	for _, key := range TotalKeys {
		l := r.byTestID("report-" + key)
		pages.Expect(l).ToHaveTextMatching(count)
		out[key], _ = strconv.Atoi(l.InnerText()) // a count, as the assertion saw
	}
	return out
}

// Filter clicks the filter button of status ("all", "passed", "failed", "flaky", "skipped",
// "interrupted") and waits until it shows pressed.
func (r *Page) Filter(status string) {
	b := r.byTestID(filterPrefix + status)
	b.Click()
	pages.Expect(b).ToHaveAttribute("aria-pressed", "true")
}

// Search replaces the text of the search box with text; empty clears it.
func (r *Page) Search(text string) { r.byTestID(search).Fill(text) }

// visibleFlowsJS lists the rows shown as [id, status] pairs.
//
//go:embed visible_flows.js
var visibleFlowsJS string

// VisibleFlows returns the flow rows that show now, in page order.
func (r *Page) VisibleFlows() []Flow {
	flows := []Flow{}
	r.tab.Step(name+": list the flows shown", func() {
		r.byTestID(summary).WaitFor(pages.Attached)
		for _, row := range r.tab.Evaluate(visibleFlowsJS, testID(flowRow)).Arr() {
			f := row.Arr()
			flows = append(flows, Flow{ID: f[0].Str(), Status: f[1].Str()})
		}
	})
	return flows
}

// rowSelector is the CSS selector of the row of flow id.
func rowSelector(id string) string { return testID(flowRow) + "[data-flow-id=" + cssString(id) + "]" }

// row is the row of flow id, named `flow "<id>"`.
func (r *Page) row(id string) *pages.Locator {
	return r.tab.Locator(rowSelector(id)).Describe(fmt.Sprintf("flow %q", id)).OnPage(name)
}

// Expand opens the row of flow id, as a click on it does, and waits until its attempts show. It
// fails when the row is not shown (filtered out).
func (r *Page) Expand(id string) {
	row := r.row(id)
	pages.Expect(row).ToBeVisible()
	if _, open := row.GetAttribute("open"); !open {
		row.Locator(":scope > summary").Click()
	}
	pages.Expect(row.Locator(".attempts").Describe(fmt.Sprintf("attempts of flow %q", id))).ToBeVisible()
}

// rowSteps lists the names of a row's steps that show.
//
//go:embed row_steps.js
var rowStepsJS string

// Steps returns the names of the steps of flow id that show now, every attempt's in order:
// none while its row is collapsed.
func (r *Page) Steps(id string) []string {
	steps := []string{}
	r.onRow(id, "read the steps", func(row string) {
		for _, s := range r.tab.Evaluate(rowStepsJS, row, testID(stepName)).Arr() {
			steps = append(steps, s.Str())
		}
	})
	return steps
}

// Error returns the failure message shown for the last failed attempt of flow id; it fails
// when none shows (a passed flow, or a collapsed row).
func (r *Page) Error(id string) string {
	msg := r.row(id).Locator(testID(errorBox) + " .message").Last().Describe(fmt.Sprintf("error of flow %q", id))
	pages.Expect(msg).ToBeVisible()
	return msg.InnerText()
}

// screenshotShownJS reports whether a row's screenshots all show, once loaded.
//
//go:embed screenshot_shown.js
var screenshotShownJS string

// ScreenshotShown reports whether the row of flow id shows its failure screenshots: there is at
// least one, and each is visible and loaded with a width (naturalWidth > 0). It waits for the
// images to finish loading.
func (r *Page) ScreenshotShown(id string) bool {
	shown := false
	r.onRow(id, "check the screenshot", func(row string) {
		shown = r.tab.Evaluate(screenshotShownJS, row, testID(screenshot)).Bool()
	})
	return shown
}

// artifactLinksJS lists a row's artifact links as [kind, href] pairs.
//
//go:embed artifact_links.js
var artifactLinksJS string

// ArtifactLinks returns the artifact links of flow id by kind (har, dom, console, steps,
// error, screenshot), each the absolute URL the browser resolves it to; when several attempts
// have a kind, the last one's.
func (r *Page) ArtifactLinks(id string) map[string]string {
	links := map[string]string{}
	r.onRow(id, "read the artifact links", func(row string) {
		for _, l := range r.tab.Evaluate(artifactLinksJS, row, testID(artifactLink)).Arr() {
			kv := l.Arr()
			links[kv[0].Str()] = kv[1].Str()
		}
	})
	return links
}

// onRow runs fn, given the row's selector once the row of flow id is in the document, as the
// step "report: <what> of flow <id>".
func (r *Page) onRow(id, what string, fn func(row string)) {
	r.tab.Step(fmt.Sprintf("%s: %s of flow %q", name, what, id), func() {
		r.row(id).WaitFor(pages.Attached)
		fn(rowSelector(id))
	})
}

// testID is the CSS selector of a data-testid.
func testID(id string) string { return `[data-testid="` + id + `"]` }

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
