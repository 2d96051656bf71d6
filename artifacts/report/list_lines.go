package report

import (
	"fmt"
	"strings"
)

// listMarks are the status marks of the flow lines, with their colours.
var listMarks = map[Status]struct{ mark, color string }{
	StatusPassed:      {"✓", listGreen},
	StatusFailed:      {"✘", listRed},
	StatusFlaky:       {"±", listYellow},
	StatusSkipped:     {"-", listDim},
	StatusInterrupted: {"■", listMagenta},
}

// writeFlowLine writes "  ✓  [12/40] login (1.2s)".
func (l *listReporter) writeFlowLine(b *strings.Builder, f FlowReport, done, total int) {
	m, ok := listMarks[f.Status]
	if !ok {
		m = struct{ mark, color string }{"?", ""}
	}
	var tail string
	switch f.Status {
	case StatusSkipped:
		tail = "(skipped)"
		if _, no := f.Annotation(AnnotationDidNotRun); no {
			tail = "(did not run)"
			break
		}
		if why := f.SkipReason(); why != "" {
			tail = "(skipped: " + why + ")"
		}
		if _, fixme := f.Annotation(AnnotationFixme); fixme {
			tail = "(" + f.SkipReason() + ")"
		}
	case StatusInterrupted:
		tail = "(interrupted)"
		if f.DurationMS > 0 {
			tail = fmt.Sprintf("(%s, interrupted)", reportDuration(f.DurationMS))
		}
	default:
		marks := []string{reportDuration(f.DurationMS)}
		if _, slow := f.Annotation(AnnotationSlow); slow {
			marks = append(marks, "slow")
		}
		if _, lost := f.Annotation(AnnotationLostBrowser); lost {
			marks = append(marks, "re-run after a lost browser")
		}
		tail = "(" + strings.Join(marks, ", ") + ")"
	}
	name := f.ID
	if len(f.Tags) > 0 {
		name += " " + l.paint(listDim, strings.Join(f.Tags, " "))
	}
	counter := l.paint(listDim, fmt.Sprintf("[%d/%d]", done, total)) + " "
	if f.Setup {
		counter = "" // the app's setup is no flow: it has no place among them
	}
	fmt.Fprintf(b, "  %s  %s%s %s\n", l.paint(m.color, m.mark), counter, name, l.paint(listDim, tail))
}

// writeFailure writes why f failed, was flaky or was interrupted: for each failed attempt shown
// (the last one, or all when verbose), the step, the message and the artifact folder.
func (l *listReporter) writeFailure(b *strings.Builder, f FlowReport) {
	if f.Status == StatusPassed || f.Status == StatusSkipped {
		return
	}
	failed := reportFailedAttempts(f)
	if len(failed) == 0 {
		if f.Error != "" && f.Status != StatusInterrupted {
			l.writeField(b, "error", f.Error, listRed)
		}
		return
	}
	if !l.opts.Verbose {
		failed = failed[len(failed)-1:]
	}
	for _, a := range failed {
		if len(f.Attempts) > 1 {
			fmt.Fprintf(b, "    attempt %d of %d %s\n", a.Retry+1, len(f.Attempts), a.Status)
		}
		if f.Status == StatusInterrupted || a.Status == StatusInterrupted {
			if a.Failure.Step != "" {
				l.writeField(b, "stopped in", a.Failure.Step, "")
			}
		} else {
			if a.Failure.Step != "" {
				l.writeField(b, "step", a.Failure.Step, "")
			}
			if loc := a.Failure.Location; loc != nil {
				l.writeField(b, "at", loc.Near(l.opts.Cwd), "")
			}
			l.writeField(b, "error", a.Failure.Message, listRed)
			l.writeMore(b, a.Failure.More)
			details := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(a.Failure.Details), a.Failure.Message))
			if l.opts.Verbose && details != "" {
				fmt.Fprintf(b, "    %s\n", l.paint(listDim, "details:"))
				for line := range strings.SplitSeq(details, "\n") {
					fmt.Fprintf(b, "      %s\n", strings.TrimRight(line, " \t"))
				}
			}
		}
		if a.Dir != "" {
			dir := strings.TrimSuffix(reportJoinDir(l.opts.Dir, a.Dir), "/") + "/"
			l.writeField(b, "artifacts", dir, "")
		}
	}
}

// listMaxMore bounds the failures after the first that a failed attempt lists.
const listMaxMore = 5

// writeMore lists the failures after an attempt's first, a line each (where, the step, the
// message), the first listMaxMore of them and how many more there are.
func (l *listReporter) writeMore(b *strings.Builder, more []Failure) {
	if len(more) == 0 {
		return
	}
	fmt.Fprintf(b, "    %s\n", l.paint(listDim, fmt.Sprintf("and %s:", reportPlural(len(more), "more failure"))))
	for i, m := range more {
		if i == listMaxMore {
			fmt.Fprintf(b, "      %s\n", l.paint(listDim, fmt.Sprintf("+%d more: see error.txt", len(more)-listMaxMore)))
			break
		}
		var lead string
		if m.Location != nil {
			lead = m.Location.Near(l.opts.Cwd) + ": "
		}
		if m.Step != "" {
			lead += fmt.Sprintf("step %q: ", m.Step)
		}
		msg, _, _ := strings.Cut(m.Message, "\n")
		fmt.Fprintf(b, "      %s%s\n", l.paint(listDim, lead), l.paint(listRed, msg))
	}
}

// writeField writes "    label: value", continuation lines of value aligned under its first.
func (l *listReporter) writeField(b *strings.Builder, label, value, color string) {
	lines := strings.Split(strings.TrimRight(value, "\n"), "\n")
	pad := strings.Repeat(" ", len(label)+2)
	fmt.Fprintf(b, "    %s %s\n", l.paint(listDim, label+":"), l.paint(color, lines[0]))
	for _, line := range lines[1:] {
		fmt.Fprintf(b, "    %s%s\n", pad, l.paint(color, line))
	}
}

// writeSummary writes the counts, the duration, and the ids of the failed and flaky flows.
func (l *listReporter) writeSummary(b *strings.Builder, r *RunReport) {
	t := r.Totals
	if t.Total == 0 {
		t = CountFlows(r.Flows)
	}
	parts := []string{
		l.paintCount(t.Passed, "passed", listGreen),
		l.paintCount(t.Failed, "failed", listRed),
		l.paintCount(t.Flaky, "flaky", listYellow),
		l.paintCount(t.Skipped-t.DidNotRun, "skipped", listDim),
	}
	if t.Interrupted > 0 {
		parts = append(parts, l.paintCount(t.Interrupted, "interrupted", listMagenta))
	}
	if t.DidNotRun > 0 {
		parts = append(parts, l.paintCount(t.DidNotRun, "did not run", listDim))
	}
	fmt.Fprintf(b, "\n  %s %s\n", strings.Join(parts, ", "), l.paint(listDim, "("+reportDuration(r.DurationMS)+")"))
	if r.Stopped != "" {
		fmt.Fprintf(b, "  %s\n", l.paint(listRed, r.Stopped))
	}
	if FailedOnFlaky(r) {
		// Nothing failed, yet the run did: say why.
		fmt.Fprintf(b, "  %s\n", l.paint(listRed, "failed: "+reportPlural(t.Flaky, "flaky flow")+" and --fail-on-flaky"))
	}
	for _, s := range []Status{StatusFailed, StatusFlaky} {
		var ids []string
		for _, f := range r.Flows {
			if f.Status == s {
				ids = append(ids, f.ID)
			}
		}
		if len(ids) == 0 {
			continue
		}
		fmt.Fprintf(b, "\n  %s\n", l.paint(listMarks[s].color, fmt.Sprintf("%s (%d):", s, len(ids))))
		for _, id := range ids {
			fmt.Fprintf(b, "    %s\n", id)
		}
	}
	l.writeFindings(b, r)
}

// writeFindings lists the audit's findings after the summary, a line per rule and host, however
// many pages and flows saw it: "warn security.csp on 127.0.0.1:8080: no ... (22 pages, 22 flows)".
func (l *listReporter) writeFindings(b *strings.Builder, r *RunReport) {
	groups := GroupFindingsByHost(r)
	if len(groups) == 0 {
		return
	}
	fmt.Fprintf(b, "\n  %s\n", l.paint(listYellow, fmt.Sprintf("audit findings (%d):", len(groups))))
	for _, h := range groups {
		level := l.paint(listYellow, h.Level)
		if h.Level == LevelFail {
			level = l.paint(listRed, h.Level)
		}
		fmt.Fprintf(b, "    %s %s %s\n", level, h.what(), l.paint(listDim, "("+h.seenOn()+")"))
		if len(h.Seen) > 0 {
			fmt.Fprintf(b, "      %s\n", l.paint(listDim, "on "+reportList(h.Seen, listMaxNodes)))
		}
		if len(h.Nodes) > 0 {
			fmt.Fprintf(b, "      %s\n", l.paint(listDim, "at "+reportList(h.Nodes, listMaxNodes)))
		}
		if h.Fix != "" {
			fmt.Fprintf(b, "      %s\n", l.paint(listDim, h.Fix))
		}
		if h.HelpURL != "" {
			fmt.Fprintf(b, "      %s\n", l.paint(listDim, h.HelpURL))
		}
	}
}

// listMaxNodes bounds the pages and the selectors a finding's lines list.
const listMaxNodes = 5

// reportList joins the first max items, saying how many more there are.
func reportList(items []string, max int) string {
	if len(items) <= max {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:max], ", ") + fmt.Sprintf(" and %d more", len(items)-max)
}

// paintCount is "7 passed", coloured when n > 0.
func (l *listReporter) paintCount(n int, label, color string) string {
	s := fmt.Sprintf("%d %s", n, label)
	if n == 0 {
		return s
	}
	return l.paint(color, s)
}
