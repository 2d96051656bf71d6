package report

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// htmlAudit is an attempt's audit in index.html: its findings and a chart of its step
// durations against their budgets and of its page timings.
type htmlAudit struct {
	Findings []Finding
	Chart    template.HTML // inline SVG, built from numbers and escaped text only
}

// chartMaxRows bounds each panel of the chart.
const chartMaxRows = 24

// htmlAuditOf converts an attempt's audit; nil when it did not run.
func htmlAuditOf(a *AuditReport, steps []StepReport) *htmlAudit {
	if a == nil {
		return nil
	}
	return &htmlAudit{Findings: a.Findings, Chart: auditChart(a, steps)}
}

// chartRow is one bar: a label, a value, an optional budget and markers, in milliseconds.
type chartRow struct {
	label   string
	value   float64
	budget  float64            // 0: none
	marks   map[string]float64 // TTFB, FCP... drawn as ticks on the bar
	caption string
}

// auditChart draws the flow-level and budgeted steps against their budgets, then the pages' load
// timings, as one inline SVG; "" when there is nothing to draw.
func auditChart(a *AuditReport, steps []StepReport) template.HTML {
	budget := map[string]int64{}
	for _, b := range a.Steps {
		budget[b.Step] = b.BudgetMS
	}
	var stepRows []chartRow
	for _, s := range steps {
		b, ok := budget[s.Name]
		if s.Depth != 0 && !ok {
			continue
		}
		caption := reportDuration(s.DurationMS)
		if ok {
			caption += " / budget " + reportDuration(b)
		}
		stepRows = append(stepRows, chartRow{label: s.Name, value: float64(s.DurationMS), budget: float64(b), caption: caption})
	}
	var pageRows []chartRow
	for _, p := range a.Pages {
		end := max(p.LCPMS, p.FCPMS, p.TTFBMS, 0)
		pageRows = append(pageRows, chartRow{
			label: p.URL, value: end,
			marks:   map[string]float64{"TTFB": p.TTFBMS, "FCP": p.FCPMS, "LCP": p.LCPMS},
			caption: pageCaption(p),
		})
	}
	if len(stepRows) == 0 && len(pageRows) == 0 {
		return ""
	}
	var b strings.Builder
	const width, labelW, rowH = 760, 260, 18
	h := 0
	var body strings.Builder
	for _, panel := range []struct {
		title string
		rows  []chartRow
	}{{"Steps (ms) against budgets", stepRows}, {"Pages: TTFB · FCP · LCP (ms)", pageRows}} {
		if len(panel.rows) == 0 {
			continue
		}
		rows := panel.rows
		if len(rows) > chartMaxRows {
			rows = rows[:chartMaxRows]
		}
		scale := 1.0
		for _, r := range rows {
			scale = max(scale, r.value, r.budget)
		}
		barW := float64(width - labelW - 170)
		fmt.Fprintf(&body, `<text x="0" y="%d" font-weight="600">%s</text>`, h+13, html.EscapeString(panel.title))
		h += rowH + 2
		for _, r := range rows {
			y := h
			w := r.value / scale * barW
			color := "#5b8def"
			if r.budget > 0 && r.value > r.budget {
				color = "#d93025"
			}
			fmt.Fprintf(&body, `<text x="0" y="%d"><title>%s</title>%s</text>`, y+12, html.EscapeString(r.label), html.EscapeString(truncate(r.label, 40)))
			fmt.Fprintf(&body, `<rect x="%d" y="%d" width="%.1f" height="12" fill="%s"/>`, labelW, y+2, max(w, 1), color)
			if r.budget > 0 {
				x := float64(labelW) + r.budget/scale*barW
				fmt.Fprintf(&body, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#222" stroke-width="2"><title>budget %s</title></line>`, x, y, x, y+16, reportDuration(int64(r.budget)))
			}
			for _, name := range []string{"TTFB", "FCP", "LCP"} {
				v, ok := r.marks[name]
				if !ok || v < 0 {
					continue
				}
				x := float64(labelW) + v/scale*barW
				fmt.Fprintf(&body, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#fff" stroke-width="2"><title>%s %.0fms</title></line>`, x, y+2, x, y+14, name, v)
			}
			fmt.Fprintf(&body, `<text x="%d" y="%d" fill="#555">%s</text>`, labelW+int(barW)+8, y+12, html.EscapeString(r.caption))
			h += rowH
		}
		h += 8
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="Step durations and page timings">`, width, h, width, h)
	b.WriteString(body.String())
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it went through html.EscapeString
}

// pageCaption is a page's numbers in one line.
func pageCaption(p PageTiming) string {
	ms := func(v float64) string {
		if v < 0 {
			return "–"
		}
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%s·%s·%s CLS %.2f, %d req, %.0f kB", ms(p.TTFBMS), ms(p.FCPMS), ms(p.LCPMS), p.CLS, p.Requests, float64(p.Bytes)/1000)
}

// truncate shortens s to n runes with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
