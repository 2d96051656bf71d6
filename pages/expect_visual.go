package pages

import (
	"cmp"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/visual"
)

// ScreenshotOptions are ToHaveScreenshot's options, as Playwright's. The zero value compares
// with a threshold of 0.2 and allows no differing pixel, the animations stopped and the caret
// hidden.
type ScreenshotOptions struct {
	// MaxDiffPixels is how many pixels may differ; 0 means the run's (snapshots.max_diff_pixels,
	// none by default).
	MaxDiffPixels int
	// MaxDiffPixelRatio is the share of pixels that may differ, 0 to 1; 0 means the run's
	// (snapshots.max_diff_pixel_ratio, none by default). With both set, the smaller allowance
	// wins.
	MaxDiffPixelRatio float64
	// Threshold is the per-pixel colour distance, 0 to 1, in YIQ space as pixelmatch measures
	// it, above which a pixel differs; 0 means the run's (snapshots.threshold, 0.2 by default).
	Threshold float64
	// Mask are locators whose elements are painted over (#FF00FF, or MaskColor) in the
	// screenshot: what changes from run to run (a date, an avatar). Password fields always are.
	Mask []*Locator
	// MaskColor is the CSS colour of the masks.
	MaskColor string
	// FullPage takes the whole scrollable page rather than the viewport (ExpectPage only).
	FullPage bool
	// Animations leaves CSS animations and transitions running (Playwright's "allow").
	Animations bool
	// Caret leaves the text caret as it is (Playwright's "initial").
	Caret bool
	// Style is CSS applied to the page while its screenshots are taken, removed after: to hide
	// what changes from run to run, or to freeze it (Playwright's stylePath, given as text, as
	// os.ReadFile returns it). It applies to the page's document, not to its frames or shadow
	// trees.
	Style string
	// DeviceScale takes one image pixel per device pixel (Playwright's scale "device"), so that
	// a tab emulating a device pixel ratio of 3 makes images three times as wide; by default an
	// image has one pixel per CSS pixel (Playwright's "css"), and is the same on every device.
	DeviceScale bool
}

// Snapshots say where a tab's snapshot checks (ToHaveScreenshot, ToMatchAriaSnapshotFile) keep
// their baselines and what becomes of a failed check's images. The runner fills them from
// snapshots.dir and --update-snapshots.
type Snapshots struct {
	// Dir holds the baselines; "" means "snapshots" in the working directory.
	Dir string
	// Update is when baselines are written: "none", "missing" ("" too: a missing baseline is
	// written and the flow fails, going on), "changed" (every baseline that fails its check is
	// written) or "all" (every baseline that differs at all is written).
	Update string
	// Suite, Flow and Project name the flow's baselines: Dir/suite/flow/name-project-platform.
	Suite, Flow, Project string
	// Keep, when set, is handed the images of each screenshot check that failed or wrote a
	// baseline, for the flow's artifacts and report.
	Keep func(ImageDiff)
	// Threshold, MaxDiffPixels and MaxDiffPixelRatio are the tolerance of the screenshot checks
	// that leave the ScreenshotOptions of the same name 0 (snapshots.threshold, ...).
	Threshold         float64
	MaxDiffPixels     int
	MaxDiffPixelRatio float64
}

// ImageDiff is a screenshot check that failed or wrote its baseline: its images as PNG (nil
// when it has none) and what it said.
type ImageDiff struct {
	// Name is the check's name; Message its one line.
	Name, Message string
	// Expected is the baseline, Actual the screenshot taken, Diff their differences in red.
	Expected, Actual, Diff []byte
}

// baselinePath is where the baseline of the check name with extension ext lives.
func (tab *Tab) baselinePath(name, ext string) (string, error) {
	s := tab.o.Snapshots
	k := visual.Key{Suite: s.Suite, Flow: s.Flow, Name: name, Project: s.Project, Platform: tab.platform()}
	if err := k.Validate(); err != nil {
		return "", err
	}
	dir := s.Dir
	if dir == "" {
		dir = "snapshots"
	}
	return k.Path(dir, ext), nil
}

// update is the tab's --update-snapshots mode.
func (tab *Tab) update() visual.Update {
	if u := visual.Update(tab.o.Snapshots.Update); u.Valid() {
		return u
	}
	return visual.UpdateMissing
}

// platforms remembers each browser's operating system, which names baselines.
var platforms sync.Map // *rod.Browser -> string

// platform is the operating system the browser runs on (linux, darwin, windows), from its own
// user agent, so that a remote browser's baselines are its platform's; this machine's when the
// browser does not say.
func (tab *Tab) platform() string {
	b := tab.page.Browser()
	if v, ok := platforms.Load(b); ok {
		return v.(string)
	}
	os := runtime.GOOS
	if v, err := (proto.BrowserGetVersion{}).Call(b); err == nil {
		switch ua := v.UserAgent; {
		case strings.Contains(ua, "Windows"):
			os = "windows"
		case strings.Contains(ua, "Macintosh"):
			os = "darwin"
		case strings.Contains(ua, "Linux"), strings.Contains(ua, "X11"):
			os = "linux"
		}
	}
	platforms.Store(b, os)
	return os
}

// ToHaveScreenshot expects the screenshot of l's element to match its baseline, name, in
// snapshots.dir: it waits for two screenshots in a row to be the same (animations stopped, the
// caret hidden, o.Mask painted over), then compares them with pixelmatch as Playwright does. A
// missing baseline is written (--update-snapshots missing, the default) and fails the flow,
// which goes on; with --update-snapshots all, a differing one is written again. A failure keeps
// the expected, actual and diff images in the flow's artifacts.
func (a *LocatorAssertions) ToHaveScreenshot(name string, o ...ScreenshotOptions) {
	l, s := a.l, a.l.tab
	opt := oneOption(o)
	s.visualCheck(l.page, "expect "+l.String(), name, a.not, a.wait(), opt, func(p *rod.Page) (browser.ShotOptions, error) {
		el, err := l.resolve(p, "seen", isVisible)
		if err != nil {
			return browser.ShotOptions{}, err
		}
		return s.shotOptions(p, opt, el)
	})
}

// ToHaveScreenshot expects the screenshot of the tab's viewport (the whole page with
// o.FullPage) to match its baseline, name: see LocatorAssertions.ToHaveScreenshot.
func (a *PageAssertions) ToHaveScreenshot(name string, o ...ScreenshotOptions) {
	opt := oneOption(o)
	a.s.visualCheck(tabLabel, "expect page", name, a.not, a.wait(), opt, func(p *rod.Page) (browser.ShotOptions, error) {
		return a.s.shotOptions(p, opt, nil)
	})
}

func oneOption(o []ScreenshotOptions) ScreenshotOptions {
	if len(o) == 0 {
		return ScreenshotOptions{}
	}
	return o[0]
}

// shotOptions are the browser's options for a check of el (nil: the page), its masks found.
func (tab *Tab) shotOptions(p *rod.Page, o ScreenshotOptions, el *rod.Element) (browser.ShotOptions, error) {
	so := browser.ShotOptions{Element: el, FullPage: o.FullPage && el == nil, MaskColor: o.MaskColor, Animations: o.Animations, Caret: o.Caret,
		Style: o.Style, DeviceScale: o.DeviceScale}
	for _, m := range o.Mask {
		els, err := m.all(p, 1000)
		if err != nil {
			return so, fmt.Errorf("mask %s: %w", m, err)
		}
		so.Mask = append(so.Mask, els...)
	}
	return so, nil
}

// visualCheck runs a screenshot check as the step "<page>: <what> to have screenshot <name>".
// A missing baseline written under "missing" fails the flow without stopping it.
func (tab *Tab) visualCheck(page, what, name string, not bool, timeout time.Duration, o ScreenshotOptions, shot func(p *rod.Page) (browser.ShotOptions, error)) {
	want := "to have screenshot " + quoted(name)
	if not {
		want = "not " + want
	}
	soft := false
	err := tab.steps.Do(page+": "+what+" "+want, func() error {
		return tab.tracedAssertion(func() error {
			path, err := tab.baselinePath(name, ".png")
			if err != nil {
				return fmt.Errorf("%s: screenshot %s: %w", page, quoted(name), err)
			}
			p := tab.page.Timeout(timeout)
			defer p.CancelTimeout()
			so, err := shot(p)
			if err != nil {
				return polledFor(tab.explain(page, err), timeout)
			}
			d := tab.o.Snapshots
			check := visual.Check{Baseline: path, Update: tab.update(), Not: not, Tolerance: visual.Tolerance{
				Threshold: cmp.Or(o.Threshold, d.Threshold), MaxDiffPixels: cmp.Or(o.MaxDiffPixels, d.MaxDiffPixels),
				MaxDiffPixelRatio: cmp.Or(o.MaxDiffPixelRatio, d.MaxDiffPixelRatio)}}
			out, err := check.Run(p.GetContext(), browser.Shooter(tab.page, so))
			if err != nil {
				return fmt.Errorf("%s: screenshot %s: %w", page, quoted(name), err)
			}
			rel := tab.shownPath(path)
			msg := fmt.Sprintf("%s: screenshot %s: %s", page, quoted(name), strings.ReplaceAll(out.Message, path, rel))
			if out.Verdict == visual.VerdictUnstable || out.Verdict == visual.VerdictNoCapture {
				msg += fmt.Sprintf(" (polled %s)", timeout)
			}
			if out.Expected != nil || out.Actual != nil {
				if keep := tab.o.Snapshots.Keep; keep != nil && (!out.Pass() || out.Verdict == visual.VerdictWritten) {
					keep(ImageDiff{Name: name, Message: msg, Expected: out.Expected, Actual: out.Actual, Diff: out.Diff})
				}
			}
			soft = out.Verdict == visual.VerdictWritten
			if !out.Pass() {
				return fmt.Errorf("%s", msg)
			}
			if out.Verdict == visual.VerdictUpdated {
				tab.steps.Note(msg)
			}
			return nil
		})
	})
	if soft {
		tab.fail(err)
		return
	}
	tab.must(err)
}

// shownPath is path relative to the working directory when under it, for messages.
func (tab *Tab) shownPath(path string) string {
	if wd, err := filepath.Abs("."); err == nil {
		if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return path
}

// fail fails the flow with err without stopping it (Playwright's soft failure), or hands it to
// the running Try.
func (tab *Tab) fail(err error) {
	if tr := tab.running.Load(); tr != nil && tr.goroutine.Load() == goroutineID() {
		tab.must(err)
		return
	}
	tab.t.Helper()
	tab.t.Errorf("%v", err)
}
