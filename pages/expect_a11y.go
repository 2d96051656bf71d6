package pages

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/utils"

	"github.com/e2e-dev/e2e/internal/aria"
	"github.com/e2e-dev/e2e/internal/axe"
	"github.com/e2e-dev/e2e/internal/visual"
)

// AxeOptions say what ToPassAxe checks.
type AxeOptions struct {
	// Tags run only the axe-core rules with one of these tags: "wcag2a", "wcag2aa",
	// "wcag21a", "wcag21aa", "best-practice"; empty: every rule but the experimental ones.
	Tags []string
	// DisableRules are axe rule ids not to run ("color-contrast").
	DisableRules []string
	// Rules, when set, are the only axe rules run, whatever their tags ("image-alt", "label"),
	// as AxeBuilder's withRules; give Tags or Rules, not both.
	Rules []string
	// Include limits the check to the elements these CSS selectors match.
	Include []string
	// Exclude leaves out the elements these CSS selectors match, and what is inside them.
	Exclude []string
}

// axeMinTimeout is the least time an axe check gets: a run of axe on a page takes tens to
// hundreds of milliseconds, its first one in a document more.
const axeMinTimeout = 10 * time.Second

// axeSleeper paces the runs of a check that does not hold yet: axe takes tens of milliseconds.
func axeSleeper() utils.Sleeper {
	return utils.BackoffSleeper(100*time.Millisecond, time.Second, nil)
}

// ToPassAxe expects l's element, and what is inside it, to have no axe-core violation of the
// rules o selects (axe-core is injected into the page when first used). It runs axe until
// there is none or the action timeout ends (at least 10s, axeMinTimeout: Within may lengthen it,
// not shorten it), then fails the flow naming each rule that failed with its elements and help
// URL. Negated, it expects a violation.
func (a *LocatorAssertions) ToPassAxe(o ...AxeOptions) {
	l := a.l
	a.l.tab.axeCheck(l.page, "expect "+l.String(), a.not, a.timeout, o, func(p *rod.Page) (*rod.Element, error) {
		return l.resolve(p, "found", nil)
	})
}

// ToPassAxe expects the tab's page to have no axe-core violation of the rules o selects: see
// LocatorAssertions.ToPassAxe.
func (a *PageAssertions) ToPassAxe(o ...AxeOptions) {
	a.s.axeCheck(tabLabel, "expect page", a.not, a.timeout, o, func(*rod.Page) (*rod.Element, error) { return nil, nil })
}

// axeCheck runs axe until what it expects holds, for the longer of within (Within's timeout,
// else the action timeout) and axeMinTimeout: a run of axe alone may take seconds.
func (tab *Tab) axeCheck(page, what string, not bool, within time.Duration, o []AxeOptions, target func(p *rod.Page) (*rod.Element, error)) {
	var opt AxeOptions
	if len(o) > 0 {
		opt = o[0]
	}
	want := "to pass axe"
	if sel := append(slices.Clone(opt.Tags), opt.Rules...); len(sel) > 0 {
		want += " (" + strings.Join(sel, ", ") + ")"
	}
	if not {
		want = "not " + want
	}
	timeout := max(waitOr(within, tab), axeMinTimeout)
	tab.must(tab.steps.Do(page+": "+what+" "+want, func() error {
		return tab.tracedAssertion(func() error {
			p := tab.page.Timeout(timeout)
			defer p.CancelTimeout()
			if len(opt.Tags) > 0 && len(opt.Rules) > 0 {
				return fmt.Errorf("%s: axe: AxeOptions has both Tags and Rules: give one (Rules runs those rules whatever their tags)", page)
			}
			el, err := target(p)
			if err != nil {
				return polledFor(tab.explain(page, err), timeout)
			}
			var last *axe.Results
			var failNow, lastErr error
			err = utils.Retry(p.GetContext(), axeSleeper(), func() (bool, error) {
				r, err := axe.Run(p, el, axe.Options{Tags: opt.Tags, DisableRules: opt.DisableRules, Rules: opt.Rules, Include: opt.Include, Exclude: opt.Exclude})
				switch {
				case err != nil && strings.Contains(err.Error(), "unknown "):
					failNow = err // a tag or rule axe does not know: no wait makes it right
					return true, nil
				case err != nil:
					lastErr = err // a document being replaced
					return false, nil
				}
				last = r
				return (len(r.Violations) == 0) != not, nil
			})
			switch {
			case failNow != nil:
				return fmt.Errorf("%s: %s", page, axeError(failNow))
			case err == nil:
				return nil
			case tab.page.GetContext().Err() != nil:
				return polledFor(tab.explain(page, err), timeout)
			case last == nil && lastErr != nil:
				return fmt.Errorf("%s: expected %s %s: axe did not run in %s: %s", page, strings.TrimPrefix(what, "expect "), want, timeout, axeError(lastErr))
			case last == nil:
				return fmt.Errorf("%s: expected %s %s: axe did not finish in %s", page, strings.TrimPrefix(what, "expect "), want, timeout)
			case not:
				return fmt.Errorf("%s: expected %s %s, axe found no violation (polled %s)", page, strings.TrimPrefix(what, "expect "), want, timeout)
			}
			return fmt.Errorf("%s: expected %s %s, axe found %s (polled %s)", page, strings.TrimPrefix(what, "expect "), want, violations(last), timeout)
		})
	}))
}

// axeError is axe's own error without its JavaScript stack.
func axeError(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(strings.TrimPrefix(msg, "axe: "), "eval js error: Error: ")
	if i := strings.Index(msg, "\n"); i >= 0 {
		msg = msg[:i]
	}
	return "axe: " + msg
}

// firstFix is axe's first way to fix v's first element, "" when it gives none.
func firstFix(v axe.Violation) string {
	if len(v.Nodes) == 0 {
		return ""
	}
	return v.Nodes[0].Fix()
}

// maxViolations bounds the rules a failure names.
const maxViolations = 5

// violations names each rule that failed, with its impact, its elements and help URL.
func violations(r *axe.Results) string {
	var parts []string
	for i, v := range r.Violations {
		if i == maxViolations {
			parts = append(parts, fmt.Sprintf("and %d more", len(r.Violations)-i))
			break
		}
		targets := v.Targets()
		if len(targets) > 3 {
			targets = append(targets[:3], fmt.Sprintf("%d more", len(v.Nodes)-3))
		}
		part := fmt.Sprintf("%s (%s) at %s", v.ID, v.Impact, strings.Join(targets, ", "))
		if fix := firstFix(v); fix != "" {
			part += ": " + fix
		}
		parts = append(parts, part+" "+v.HelpURL)
	}
	return fmt.Sprintf("%d violation(s): %s", len(r.Violations), strings.Join(parts, "; "))
}

// ToMatchAriaSnapshot expects the accessibility tree of l's element to match yaml, an ARIA
// snapshot in Playwright's format: a YAML list of `role "name" [attributes]` entries with their
// text or children, names as strings or /regexes/, children matched in order with others
// between them. The tree is read from Chromium's accessibility tree until it matches or the
// action timeout ends; a failure shows the tree as it is, as YAML.
func (a *LocatorAssertions) ToMatchAriaSnapshot(yaml string) {
	l, s := a.l, a.l.tab
	want := "to match the ARIA snapshot"
	if a.not {
		want = "not " + want
	}
	s.must(s.steps.Do(l.page+": expect "+l.String()+" "+want, func() error {
		t, err := aria.Parse(yaml)
		if err != nil {
			return fmt.Errorf("%s: %w", l.page, err)
		}
		return s.tracedAssertion(func() error {
			tree, err := l.ariaTree(a.wait(), func(tree *aria.Node) bool { return aria.Match(tree, t) != a.not })
			if err != nil {
				return err
			}
			if aria.Match(tree, t) == a.not {
				return l.ariaMismatch(want, tree, a.wait())
			}
			return nil
		})
	}))
}

// ToMatchAriaSnapshotFile expects the accessibility tree of l's element to match the ARIA
// snapshot kept in snapshots.dir under name (name-project-platform.aria.yml), as
// ToMatchAriaSnapshot. A missing snapshot is written from the tree (--update-snapshots
// missing, the default: the flow fails, going on); with --update-snapshots all, a differing one
// is written again.
func (a *LocatorAssertions) ToMatchAriaSnapshotFile(name string) {
	l, s := a.l, a.l.tab
	want := "to match the ARIA snapshot " + quoted(name)
	if a.not {
		want = "not " + want
	}
	soft := false
	err := s.steps.Do(l.page+": expect "+l.String()+" "+want, func() error {
		path, err := s.baselinePath(name, ".aria.yml")
		if err != nil {
			return fmt.Errorf("%s: ARIA snapshot %s: %w", l.page, quoted(name), err)
		}
		var t *aria.Template
		if b, err := os.ReadFile(path); err == nil {
			if t, err = aria.Parse(string(b)); err != nil {
				return fmt.Errorf("%s: %s: %w", l.page, s.shownPath(path), err)
			}
		} else if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s: ARIA snapshot %s: %w", l.page, quoted(name), err)
		}
		return s.tracedAssertion(func() error {
			tree, err := l.ariaTree(a.wait(), func(tree *aria.Node) bool { return t == nil || aria.Match(tree, t) != a.not })
			if err != nil {
				return err
			}
			v, msg, err := aria.ExpectFile(tree, path, s.update(), a.not)
			if err != nil {
				return fmt.Errorf("%s: %w", l.page, err)
			}
			msg = strings.ReplaceAll(msg, path, s.shownPath(path))
			soft = v == visual.VerdictWritten
			switch v {
			case visual.VerdictMatched, visual.VerdictDiffers:
				return nil
			case visual.VerdictUpdated:
				s.steps.Note(l.page + ": " + msg)
				return nil
			case visual.VerdictMismatch:
				return l.ariaMismatch(want, tree, a.wait())
			}
			return fmt.Errorf("%s: %s", l.page, msg)
		})
	})
	if soft {
		s.fail(err)
		return
	}
	s.must(err)
}

// ariaTree reads the accessibility tree of l's one element until done says it is what the
// check waits for or timeout ends, and returns the last tree read.
func (l *Locator) ariaTree(timeout time.Duration, done func(*aria.Node) bool) (*aria.Node, error) {
	s := l.tab
	p := s.page.Timeout(timeout)
	defer p.CancelTimeout()
	el, err := l.resolve(p, "found", nil)
	if err != nil {
		return nil, polledFor(s.explain(l.page, err), timeout)
	}
	var tree *aria.Node
	var lastErr error
	err = utils.Retry(p.GetContext(), FastSleeper(), func() (bool, error) {
		t, err := aria.Snapshot(p, el)
		if err != nil {
			lastErr = err
			if stale(err) {
				if e, n, qerr := l.one(p); qerr == nil && n == 1 {
					el = e
				}
			}
			return false, nil
		}
		tree = t
		return done(t), nil
	})
	if tree == nil {
		if err == nil {
			err = lastErr
		}
		return nil, polledFor(s.explain(l.page, err), timeout)
	}
	if err != nil && s.page.GetContext().Err() != nil {
		return nil, polledFor(s.explain(l.page, err), timeout)
	}
	return tree, nil
}

// ariaMismatch is the failure of an ARIA snapshot check: one line, then the tree as it is.
func (l *Locator) ariaMismatch(want string, tree *aria.Node, timeout time.Duration) error {
	return fmt.Errorf("%s: expected %s %s (polled %s); the tree is:\n%s", l.page, l, want, timeout, aria.Render(tree))
}
