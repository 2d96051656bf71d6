package audit

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/artifacts/report"
)

// Budgets are the performance budgets of every attempt (audit.budgets).
type Budgets struct {
	// Level is what an exceeded budget does: LevelWarn or LevelFail (LevelOff: nothing).
	Level Level
	// Flow bounds an attempt's duration; 0 means none.
	Flow time.Duration
	// Steps bound the steps whose name matches a pattern; the tightest matching one applies.
	Steps []StepRule
	// Page bounds every page's timings and traffic.
	Page PageBudget
}

// StepRule is a duration budget for the steps matching a pattern.
type StepRule struct {
	// Pattern is a Go regexp on the step's name.
	Pattern *regexp.Regexp
	// Max is the budget.
	Max time.Duration
}

// PageBudget bounds each page; a zero field is no budget.
type PageBudget struct {
	// TTFB, FCP and LCP bound the time to the first byte, the first contentful paint and the
	// largest contentful paint; CLS the cumulative layout shift.
	TTFB, FCP, LCP time.Duration
	CLS            float64
	// LongTasks bounds the total of the tasks over 50 ms.
	LongTasks time.Duration
	// Requests and Bytes bound the requests the page made and the bytes they transferred.
	Requests int
	Bytes    int64
}

// PageMetrics are the keys of audit.budgets.page.
var PageMetrics = []string{"ttfb", "fcp", "lcp", "cls", "long_tasks", "requests", "bytes"}

// ParseStepBudgets parses audit.budgets.steps: Go regexp -> duration.
func ParseStepBudgets(m map[string]string) ([]StepRule, error) {
	pats := make([]string, 0, len(m))
	for p := range m {
		pats = append(pats, p)
	}
	sort.Strings(pats)
	out := make([]StepRule, 0, len(m))
	for _, p := range pats {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("pattern %s is not a Go regular expression", redact.Quote(p))
		}
		d, err := time.ParseDuration(strings.TrimSpace(m[p]))
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("%s: expected a duration like \"2s\", got %s", redact.Quote(p), redact.Quote(m[p]))
		}
		out = append(out, StepRule{Pattern: re, Max: d})
	}
	return out, nil
}

// ParsePageBudget parses audit.budgets.page: metric (PageMetrics) -> limit. Of several
// mistakes it reports the first metric in PageMetrics' order, then unknown ones by name.
func ParsePageBudget(m map[string]string) (PageBudget, error) {
	var b PageBudget
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	rank := func(k string) int {
		if i := slices.Index(PageMetrics, strings.ToLower(k)); i >= 0 {
			return i
		}
		return len(PageMetrics)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	for _, k := range keys {
		v := strings.TrimSpace(m[k])
		var err error
		switch strings.ToLower(k) {
		case "ttfb":
			b.TTFB, err = positiveDuration(v)
		case "fcp":
			b.FCP, err = positiveDuration(v)
		case "lcp":
			b.LCP, err = positiveDuration(v)
		case "long_tasks":
			b.LongTasks, err = positiveDuration(v)
		case "cls":
			b.CLS, err = strconv.ParseFloat(v, 64)
			if err == nil && (b.CLS <= 0 || math.IsNaN(b.CLS) || math.IsInf(b.CLS, 0)) {
				err = fmt.Errorf("not a number above 0")
			}
			if err != nil {
				return b, fmt.Errorf("cls: expected a number like 0.1, got %s", redact.Quote(v))
			}
		case "requests":
			b.Requests, err = strconv.Atoi(v)
			if err == nil && b.Requests <= 0 {
				err = fmt.Errorf("not above 0")
			}
			if err != nil {
				return b, fmt.Errorf("requests: expected a count like 40, got %s", redact.Quote(v))
			}
		case "bytes":
			b.Bytes, err = parseBytes(v)
			if err != nil {
				return b, fmt.Errorf("bytes: expected a size like 500000 or 2MiB, got %s", redact.Quote(v))
			}
		default:
			return b, fmt.Errorf("unknown metric %s: expected one of %s", redact.Quote(k), strings.Join(PageMetrics, ", "))
		}
		if err != nil {
			return b, fmt.Errorf("%s: expected a duration like \"800ms\", got %s", k, redact.Quote(v))
		}
	}
	return b, nil
}

func positiveDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err == nil && d <= 0 {
		err = fmt.Errorf("not above 0")
	}
	return d, err
}

// parseBytes reads "1500", "500KB", "2MiB".
func parseBytes(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/mult {
		return 0, fmt.Errorf("bad size")
	}
	return n * mult, nil
}

// Check compares an attempt's steps, duration and pages with the budgets. It returns the
// exceeded budgets as findings and every budgeted step with its budget, for the report's chart.
func (b Budgets) Check(steps []report.StepReport, flowMS int64, pages []report.PageTiming) ([]report.Finding, []report.StepBudget) {
	var fs []report.Finding
	var sb []report.StepBudget
	add := func(rule, where, format string, args ...any) {
		if b.Level != LevelOff {
			fs = append(fs, report.Finding{Rule: rule, Level: string(b.Level), Where: where, Message: fmt.Sprintf(format, args...)})
		}
	}
	if b.Flow > 0 && flowMS > b.Flow.Milliseconds() {
		add("budget.flow", "flow", "took %s, budget %s", ms(float64(flowMS)), b.Flow)
	}
	for _, st := range steps {
		var budget time.Duration
		for _, r := range b.Steps {
			if r.Pattern.MatchString(st.Name) && (budget == 0 || r.Max < budget) {
				budget = r.Max
			}
		}
		if budget == 0 {
			continue
		}
		sb = append(sb, report.StepBudget{Step: st.Name, DurationMS: st.DurationMS, BudgetMS: budget.Milliseconds()})
		if st.DurationMS > budget.Milliseconds() {
			add("budget.step", "step "+st.Name, "took %s, budget %s", ms(float64(st.DurationMS)), budget)
		}
	}
	p := b.Page
	for _, pg := range pages {
		where := "page " + pg.URL
		over := func(metric string, got float64, limit time.Duration) {
			if limit > 0 && got >= 0 && got > float64(limit.Milliseconds()) {
				add("budget.page", where, "%s %s, budget %s", metric, ms(got), limit)
			}
		}
		over("TTFB", pg.TTFBMS, p.TTFB)
		over("FCP", pg.FCPMS, p.FCP)
		over("LCP", pg.LCPMS, p.LCP)
		over("long tasks", pg.LongTaskMS, p.LongTasks)
		if p.CLS > 0 && pg.CLS > p.CLS {
			add("budget.page", where, "CLS %.3f, budget %.3f", pg.CLS, p.CLS)
		}
		if p.Requests > 0 && pg.Requests > p.Requests {
			add("budget.page", where, "%d requests, budget %d", pg.Requests, p.Requests)
		}
		if p.Bytes > 0 && pg.Bytes > p.Bytes {
			add("budget.page", where, "%d bytes transferred, budget %d", pg.Bytes, p.Bytes)
		}
	}
	return fs, sb
}

// ms formats milliseconds as a duration.
func ms(v float64) string {
	return time.Duration(v * float64(time.Millisecond)).Round(time.Millisecond).String()
}
