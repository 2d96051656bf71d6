package report

import (
	"fmt"
	"strings"
)

// githubMarks are the summary's status marks.
var githubMarks = map[Status]string{
	StatusPassed:      "✅",
	StatusFailed:      "❌",
	StatusFlaky:       "⚠️",
	StatusSkipped:     "⏭️",
	StatusInterrupted: "⏹️",
}

// summary is the run's markdown for the job's page: the counts, then a row per flow that did not
// pass (where it failed, why, and its evidence folder), then the audit's findings.
func (g *githubReporter) summary(r *RunReport) string {
	t := r.Totals
	if t.Total == 0 {
		t = CountFlows(r.Flows)
	}
	var b strings.Builder
	title := "e2e"
	if r.Shard != "" {
		title += " (shard " + r.Shard + ")"
	}
	counts := fmt.Sprintf("%d passed, %d failed, %d flaky, %d skipped", t.Passed, t.Failed, t.Flaky, t.Skipped-t.DidNotRun)
	if t.Interrupted > 0 {
		counts += fmt.Sprintf(", %d interrupted", t.Interrupted)
	}
	if t.DidNotRun > 0 {
		counts += fmt.Sprintf(", %d did not run", t.DidNotRun)
	}
	fmt.Fprintf(&b, "### %s %s: %s (%s)\n\n", githubMarks[r.Status], title, counts, reportDuration(r.DurationMS))
	if r.Stopped != "" {
		fmt.Fprintf(&b, "**%s**\n\n", githubMarkdown(r.Stopped))
	}
	var rows []string
	for _, f := range r.Flows {
		if f.Status == StatusPassed {
			continue
		}
		where := ""
		if file, line, ok := g.where(f); ok {
			where = fmt.Sprintf("`%s:%d`", file, line)
			if g.opts.BlobURL != "" {
				where = fmt.Sprintf("[%s:%d](%s/%s#L%d)", githubMarkdown(file), line, g.opts.BlobURL, file, line)
			}
		}
		evidence := ""
		if a, ok := reportLastFailure(f); ok && a.Dir != "" {
			evidence = "`" + strings.TrimSuffix(reportJoinDir(g.opts.Dir, a.Dir), "/") + "/`"
		}
		why := githubWhy(f)
		if f.Status == StatusSkipped {
			why = f.SkipReason()
		}
		name := f.ID
		if len(f.Tags) > 0 {
			name += " " + strings.Join(f.Tags, " ")
		}
		rows = append(rows, fmt.Sprintf("| %s %s | %s | %s | %s | %s |\n",
			githubMarks[f.Status], f.Status, githubMarkdown(name), where, githubMarkdown(why), evidence))
	}
	if len(rows) > 0 {
		b.WriteString("| status | flow | where | why | evidence |\n|---|---|---|---|---|\n")
		b.WriteString(strings.Join(rows, ""))
		b.WriteString("\n")
	}
	if groups := GroupFindingsByHost(r); len(groups) > 0 {
		fmt.Fprintf(&b, "<details><summary>audit findings (%d)</summary>\n\n", len(groups))
		b.WriteString("| level | rule | host | finding | seen on |\n|---|---|---|---|---|\n")
		for _, h := range groups {
			seen := h.seenOn()
			if len(h.Seen) > 0 {
				seen += ": " + reportList(h.Seen, listMaxNodes)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", h.Level, githubMarkdown(h.Rule), githubMarkdown(h.Host),
				githubMarkdown(h.Message), githubMarkdown(seen))
		}
		b.WriteString("\n</details>\n\n")
	}
	return b.String()
}

// githubMarkdown escapes text for a markdown table cell: on one line, its markup inert.
func githubMarkdown(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|#!~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
