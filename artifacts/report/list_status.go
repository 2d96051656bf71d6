package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// statusLine is the live line: "  [12/40] 10 passed, 1 failed, 1 flaky · running 3: login, ...".
func (l *listReporter) statusLine() string {
	c := l.counts
	parts := []string{fmt.Sprintf("%d passed", c.Passed)}
	for _, p := range []struct {
		n     int
		label string
	}{{c.Failed, "failed"}, {c.Flaky, "flaky"}, {c.Skipped, "skipped"}, {c.Interrupted, "interrupted"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.label))
		}
	}
	line := fmt.Sprintf("  [%d/%d] %s", l.done, l.total, strings.Join(parts, ", "))
	if len(l.running) > 0 {
		line += fmt.Sprintf(" · running %d: %s", len(l.running), strings.Join(l.running, ", "))
	}
	return listFit(line, l.opts.Width-1)
}

// drawStatus writes the live status line, without a newline, so that the next clearStatus can
// take it back.
func (l *listReporter) drawStatus() {
	l.write(l.paint(listDim, l.statusLine()))
	l.drawn = true
}

// clearStatus erases the live status line when it is on screen.
func (l *listReporter) clearStatus() {
	if l.drawn {
		l.write(listClearLine)
		l.drawn = false
	}
}

// listFit cuts s to at most width runes, ending it with "…" when cut. Control characters are
// replaced: a newline or escape in a flow id must not break the line that is redrawn in place.
func listFit(s string, width int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if width < 1 {
		width = 1
	}
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	r := []rune(s)
	return string(r[:width-1]) + "…"
}
