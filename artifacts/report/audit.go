package report

import (
	"net/url"
	"slices"
	"sort"
	"strings"
)

// Audit levels: what a finding does to its flow.
const (
	LevelWarn = "warn" // reported only
	LevelFail = "fail" // fails the attempt
)

// AuditReport is what the audit found in one attempt: passive security findings, exceeded
// budgets, and the timings of the pages it saw.
type AuditReport struct {
	// Findings are the security findings and exceeded budgets, at warn or fail.
	Findings []Finding `json:"findings,omitempty"`
	// Pages are the timings of each page the attempt loaded, in order.
	Pages []PageTiming `json:"pages,omitempty"`
	// Steps are the steps that had a duration budget (audit.budgets.steps), with it.
	Steps []StepBudget `json:"step_budgets,omitempty"`
	// FlowBudgetMS is audit.budgets.flow in milliseconds; 0 when none.
	FlowBudgetMS int64 `json:"flow_budget_ms,omitempty"`
}

// All returns the findings; none for a nil report.
func (a *AuditReport) All() []Finding {
	if a == nil {
		return nil
	}
	return a.Findings
}

// Failing returns the findings at LevelFail.
func (a *AuditReport) Failing() []Finding {
	if a == nil {
		return nil
	}
	var out []Finding
	for _, f := range a.Findings {
		if f.Level == LevelFail {
			out = append(out, f)
		}
	}
	return out
}

// Finding is one problem the audit saw.
type Finding struct {
	// Rule is the rule's id: "security.csp", "budget.step", ...
	Rule string `json:"rule"`
	// Level is LevelWarn or LevelFail.
	Level string `json:"level"`
	// Where names the request ("GET http://host/login") or the page it was seen on.
	Where string `json:"where"`
	// Message says what is wrong, in one line.
	Message string `json:"message"`
	// Nodes are CSS selectors of the elements at fault (a11y findings).
	Nodes []string `json:"nodes,omitempty"`
	// HelpURL is the rule's documentation (a11y findings: axe's page on the rule).
	HelpURL string `json:"help_url,omitempty"`
	// Fix says what was found wrong with the first element at fault, as the rule's checker
	// words it (a11y findings: "Element has insufficient color contrast of 2.32 (foreground
	// color: #999999, ...)").
	Fix string `json:"fix,omitempty"`
}

// String is the finding's one line: "fail security.cors GET http://host/api: ...", then the
// elements at fault, what was wrong with the first and the help URL when it has them.
func (f Finding) String() string {
	s := f.Level + " " + f.Rule + " " + f.Where + ": " + f.Message
	if len(f.Nodes) > 0 {
		s += " [" + strings.Join(f.Nodes, ", ") + "]"
	}
	if f.Fix != "" {
		s += " " + f.Fix + ";"
	}
	if f.HelpURL != "" {
		s += " " + f.HelpURL
	}
	return s
}

// key identifies a finding among others: Finding holds a slice, so it is no map key itself.
func (f Finding) key() string {
	return strings.Join([]string{f.Rule, f.Level, f.Where, f.Message, f.HelpURL, strings.Join(f.Nodes, "\x00")}, "\x01")
}

// PageTiming is one page load as the browser measured it, with its traffic from the HAR.
// Times are in milliseconds from the navigation's start; -1 when the browser did not report it.
type PageTiming struct {
	// URL is the page's address.
	URL string `json:"url"`
	// TTFBMS is the time to the response's first byte.
	TTFBMS float64 `json:"ttfb_ms"`
	// FCPMS is the first contentful paint.
	FCPMS float64 `json:"fcp_ms"`
	// LCPMS is the largest contentful paint.
	LCPMS float64 `json:"lcp_ms"`
	// CLS is the cumulative layout shift.
	CLS float64 `json:"cls"`
	// LongTasks counts the main-thread tasks over 50ms.
	LongTasks int `json:"long_tasks"`
	// LongTaskMS is their total time.
	LongTaskMS float64 `json:"long_task_ms"`
	// Requests counts the HTTP requests of the page, itself included.
	Requests int `json:"requests"`
	// Bytes is what they transferred.
	Bytes int64 `json:"bytes"`
}

// StepBudget is a step's duration against its budget.
type StepBudget struct {
	// Step is the step's name.
	Step string `json:"step"`
	// DurationMS is how long it took.
	DurationMS int64 `json:"duration_ms"`
	// BudgetMS is the tightest budget whose pattern matched it.
	BudgetMS int64 `json:"budget_ms"`
}

// FindingGroup is one rule's findings over a whole run, each seen once however many flows saw
// it: what the summaries show.
type FindingGroup struct {
	// Rule is the rule's id.
	Rule string
	// Findings are its distinct findings, failing ones first, each with the flows that saw it.
	Findings []SeenFinding
}

// SeenFinding is a finding and the flows that saw it.
type SeenFinding struct {
	Finding
	// Flows are the ids of the flows that saw it, in suite order.
	Flows []string
}

// GroupFindings returns the findings of every flow's last attempt, deduplicated across flows
// and grouped by rule, rules in order of first appearance.
func GroupFindings(r *RunReport) []FindingGroup {
	var groups []FindingGroup
	type pos struct{ group, finding int }
	byRule := map[string]int{}
	seen := map[string]pos{}
	for _, f := range r.Flows {
		if len(f.Attempts) == 0 {
			continue
		}
		for _, fd := range f.Attempts[len(f.Attempts)-1].Audit.All() {
			if p, ok := seen[fd.key()]; ok {
				s := &groups[p.group].Findings[p.finding]
				if s.Flows[len(s.Flows)-1] != f.ID {
					s.Flows = append(s.Flows, f.ID)
				}
				continue
			}
			gi, ok := byRule[fd.Rule]
			if !ok {
				gi = len(groups)
				byRule[fd.Rule] = gi
				groups = append(groups, FindingGroup{Rule: fd.Rule})
			}
			seen[fd.key()] = pos{gi, len(groups[gi].Findings)}
			groups[gi].Findings = append(groups[gi].Findings, SeenFinding{Finding: fd, Flows: []string{f.ID}})
		}
	}
	for gi := range groups {
		fs := groups[gi].Findings
		sort.SliceStable(fs, func(i, j int) bool { return fs[i].Level == LevelFail && fs[j].Level != LevelFail })
	}
	return groups
}

// HostFinding is one rule's findings on one host over a whole run, at one level: what the list
// and GitHub summaries print, once however many pages and flows saw it.
type HostFinding struct {
	// Rule is the rule's id.
	Rule string
	// Level is LevelWarn or LevelFail.
	Level string
	// Host is the host of the requests or pages it was seen on ("127.0.0.1:8080"); for a
	// finding that names no URL (a flow or step budget), where it was seen.
	Host string
	// Message is the first finding's message; Others counts the other distinct messages.
	Message string
	Others  int
	// Places counts the distinct requests or pages it was seen on, and Seen lists them in order
	// of first appearance without their scheme and host ("/products/6", "GET /api/me"); Seen is
	// empty for a finding that names no URL.
	Places int
	Seen   []string
	// Flows are the ids of the flows that saw it, in suite order.
	Flows []string
	// Nodes are the selectors of the elements at fault, over every page (a11y), and HelpURL
	// the rule's documentation.
	Nodes   []string
	HelpURL string
	// Fix is the first finding's (Finding.Fix).
	Fix string

	byURL bool // Host is a URL's: Places counts pages
}

// String is the finding's line in the summaries: "warn security.csp on 127.0.0.1:8080: no
// Content-Security-Policy header (22 pages, 22 flows)".
func (h HostFinding) String() string { return h.Level + " " + h.what() + " (" + h.seenOn() + ")" }

// what is the rule, the host and the message: "security.csp on host: no ... (and 1 other message)".
func (h HostFinding) what() string {
	s := h.Rule + " on " + h.Host + ": " + h.Message
	if h.Others > 0 {
		s += " (and " + reportPlural(h.Others, "other message") + ")"
	}
	return s
}

// seenOn is "22 pages, 22 flows", "1 page, login", or "2 flows" for a finding without pages.
func (h HostFinding) seenOn() string {
	flows := reportPlural(len(h.Flows), "flow")
	if len(h.Flows) == 1 {
		flows = h.Flows[0]
	}
	if !h.byURL {
		return flows
	}
	return reportPlural(h.Places, "page") + ", " + flows
}

// GroupFindingsByHost returns the findings of every flow's last attempt grouped by rule, level
// and host, failing ones first, then in order of first appearance.
func GroupFindingsByHost(r *RunReport) []HostFinding {
	type key struct{ rule, level, host string }
	var out []HostFinding
	at := map[key]int{}
	places := map[key]map[string]bool{}
	messages := map[key]map[string]bool{}
	for _, f := range r.Flows {
		if len(f.Attempts) == 0 {
			continue
		}
		for _, fd := range f.Attempts[len(f.Attempts)-1].Audit.All() {
			k := key{fd.Rule, fd.Level, findingHost(fd.Where)}
			i, ok := at[k]
			if !ok {
				i = len(out)
				at[k] = i
				places[k], messages[k] = map[string]bool{}, map[string]bool{fd.Message: true}
				out = append(out, HostFinding{Rule: fd.Rule, Level: fd.Level, Host: k.host, Message: fd.Message, HelpURL: fd.HelpURL, Fix: fd.Fix, byURL: k.host != fd.Where})
			}
			h := &out[i]
			for _, n := range fd.Nodes {
				if !slices.Contains(h.Nodes, n) {
					h.Nodes = append(h.Nodes, n)
				}
			}
			if !places[k][fd.Where] && h.byURL {
				h.Seen = append(h.Seen, withoutHost(fd.Where))
			}
			places[k][fd.Where] = true
			h.Places = len(places[k])
			if !messages[k][fd.Message] {
				messages[k][fd.Message] = true
				h.Others++
			}
			if len(h.Flows) == 0 || h.Flows[len(h.Flows)-1] != f.ID {
				h.Flows = append(h.Flows, f.ID)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Level == LevelFail && out[j].Level != LevelFail })
	return out
}

// withoutHost is where with each URL in it reduced to its path, query and fragment.
func withoutHost(where string) string {
	fields := strings.Fields(where)
	for i, field := range fields {
		if u, err := url.Parse(field); err == nil && u.Host != "" {
			u.Scheme, u.Host, u.User = "", "", nil
			if fields[i] = u.String(); !strings.HasPrefix(fields[i], "/") {
				fields[i] = "/" + fields[i]
			}
		}
	}
	return strings.Join(fields, " ")
}

// findingHost is the host of the first URL in a finding's Where ("GET http://host/path",
// "page http://host/#/x"), or Where itself when it names none.
func findingHost(where string) string {
	for _, field := range strings.Fields(where) {
		if u, err := url.Parse(field); err == nil && u.Host != "" {
			return u.Host
		}
	}
	return where
}
