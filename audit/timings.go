package audit

import (
	_ "embed"
	"encoding/json"
	"strings"

	"github.com/e2e-dev/e2e/artifacts/har"
	"github.com/e2e-dev/e2e/artifacts/report"
)

// TimingsScript is installed before every page load (Page.addScriptToEvaluateOnNewDocument): a
// PerformanceObserver each for paint, largest-contentful-paint, layout-shift and longtask, whose
// measures are saved into sessionStorage (under "__e2e_timings", from one page of the tab to the
// next) when the page goes away. CollectScript reads them.
//
//go:embed timings.js
var TimingsScript string

// CollectScript returns, as JSON, the measures of every page of the tab so far (this origin's)
// and of the page shown, its localStorage, its URL, and which probe tags (its argument) are
// elements of its DOM.
//
//go:embed collect.js
var CollectScript string

// Collected is what CollectScript returns.
type Collected struct {
	// Pages are the measures of each page, oldest first.
	Pages []Measured `json:"pages"`
	// Storage is the page's localStorage.
	Storage map[string]string `json:"storage"`
	// URL is the page's address.
	URL string `json:"url"`
	// Found are the probe tags that are elements of the DOM.
	Found []string `json:"found"`
}

// Measured is one page's measures from the browser, in milliseconds from its navigation start.
type Measured struct {
	// URL is the page's address.
	URL string `json:"url"`
	// TTFB, FCP and LCP are the time to the first byte, the first contentful paint and the
	// largest contentful paint; CLS is the cumulative layout shift (no unit).
	TTFB float64 `json:"ttfb"`
	FCP  float64 `json:"fcp"`
	LCP  float64 `json:"lcp"`
	CLS  float64 `json:"cls"`
	// LongTasks counts the tasks over 50 ms, and LongTaskMS is their total.
	LongTasks  int     `json:"longTasks"`
	LongTaskMS float64 `json:"longTaskMS"`
	// Origin is the page's time origin, in milliseconds since the epoch.
	Origin float64 `json:"origin"`
}

// ParseCollected decodes CollectScript's answer.
func ParseCollected(s string) (*Collected, error) {
	var c Collected
	if err := json.Unmarshal([]byte(s), &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// PageTimings joins the browser's measures with each page's traffic in h (nil: none): the
// requests from the page's document up to the next page's, and the bytes they transferred.
func PageTimings(ms []Measured, h *har.HAR) []report.PageTiming {
	out := make([]report.PageTiming, len(ms))
	var es []har.Entry
	if h != nil {
		es = h.Log.Entries
	}
	// The start of each page's traffic: its document's entry, matched in order by URL.
	starts := make([]int, len(ms))
	next := 0
	for i, m := range ms {
		starts[i] = -1
		u := stripFragment(m.URL)
		for j := next; j < len(es); j++ {
			if es[j].ResourceType == "document" && es[j].Request.URL == u && (es[j].Response.Status < 300 || es[j].Response.Status > 399) {
				starts[i], next = j, j+1
				break
			}
		}
	}
	for i, m := range ms {
		pt := report.PageTiming{URL: m.URL, TTFBMS: round(m.TTFB), FCPMS: round(m.FCP), LCPMS: round(m.LCP),
			CLS: float64(int(m.CLS*1000)) / 1000, LongTasks: m.LongTasks, LongTaskMS: round(m.LongTaskMS)}
		if s := starts[i]; s >= 0 {
			end := len(es)
			for k := i + 1; k < len(ms); k++ {
				if starts[k] >= 0 {
					end = starts[k]
					break
				}
			}
			for _, e := range es[s:end] {
				if e.ResourceType == "document" && e.Response.Status >= 300 && e.Response.Status <= 399 {
					continue // the next page's redirect hop
				}
				pt.Requests++
				pt.Bytes += transferred(&e)
			}
		}
		out[i] = pt
	}
	return out
}

func stripFragment(u string) string {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		return u[:i]
	}
	return u
}

// transferred is the bytes an entry took on the wire.
func transferred(e *har.Entry) int64 {
	if e.Response.TransferSize > 0 {
		return e.Response.TransferSize
	}
	return max(e.Response.HeadersSize, 0) + max(e.Response.BodySize, 0)
}

func round(ms float64) float64 {
	if ms < 0 {
		return -1
	}
	return float64(int64(ms*10+0.5)) / 10
}
