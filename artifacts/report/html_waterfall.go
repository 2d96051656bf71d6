package report

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// htmlHAR is what the waterfall reads of a HAR: each entry's start, timings and marks.
type htmlHAR struct {
	Log struct {
		Entries []struct {
			StartedDateTime string  `json:"startedDateTime"`
			Time            float64 `json:"time"`
			Request         struct {
				Method string `json:"method"`
				URL    string `json:"url"`
			} `json:"request"`
			Response struct {
				Status int    `json:"status"`
				Error  string `json:"_error"`
			} `json:"response"`
			Timings struct {
				Blocked float64 `json:"blocked"`
				DNS     float64 `json:"dns"`
				Connect float64 `json:"connect"`
				SSL     float64 `json:"ssl"`
				Send    float64 `json:"send"`
				Wait    float64 `json:"wait"`
				Receive float64 `json:"receive"`
			} `json:"timings"`
			ResourceType string          `json:"_resourceType"`
			Routed       json.RawMessage `json:"_routed"`
			Source       string          `json:"_source"`
		} `json:"entries"`
	} `json:"log"`
}

// HTMLWaterfallPhases are the phases of a waterfall bar, in order: HAR's timings, with TLS
// drawn apart from the rest of connect.
var HTMLWaterfallPhases = []string{"blocked", "dns", "connect", "tls", "send", "wait", "receive"}

// htmlWaterfall reads the HAR at p and returns its entries in its order, each placed in time
// from origin (the trace's start) and in % of the whole span.
func htmlWaterfall(p string, origin time.Time) ([]htmlBar, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var h htmlHAR
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, fmt.Errorf("not a HAR: %w", err)
	}
	var bars []htmlBar
	for i, e := range h.Log.Entries {
		start, err := time.Parse(time.RFC3339Nano, e.StartedDateTime)
		if err != nil {
			return nil, fmt.Errorf("entry %d: startedDateTime %q: %w", i, e.StartedDateTime, err)
		}
		t := e.Timings
		connect := pos(t.Connect)
		tls := pos(t.SSL)
		if tls > 0 && connect >= tls {
			connect -= tls // HAR counts TLS in connect
		}
		ms := []float64{pos(t.Blocked), pos(t.DNS), connect, tls, pos(t.Send), pos(t.Wait), pos(t.Receive)}
		bar := htmlBar{
			Index: i, Method: e.Request.Method, URL: e.Request.URL, Status: e.Response.Status,
			Error: e.Response.Error, Type: e.ResourceType, Source: e.Source,
			Routed:  len(e.Routed) > 0 && string(e.Routed) != "null" && string(e.Routed) != "false" && string(e.Routed) != `""`,
			StartMS: float64(start.Sub(origin).Microseconds()) / 1000,
		}
		bar.Failed = e.Response.Status == 0 || e.Response.Status >= 400 || e.Response.Error != ""
		for k, name := range HTMLWaterfallPhases {
			bar.Phases = append(bar.Phases, htmlPhase{Name: name, MS: ms[k]})
			bar.TimeMS += ms[k]
		}
		bars = append(bars, bar)
	}
	if len(bars) == 0 {
		return nil, nil
	}
	first, span := htmlBounds(bars)
	for i := range bars {
		bars[i].Left = (bars[i].StartMS - first) / span * 100
		bars[i].Width = bars[i].TimeMS / span * 100
		for k := range bars[i].Phases {
			if bars[i].TimeMS > 0 {
				bars[i].Phases[k].Width = bars[i].Phases[k].MS / bars[i].TimeMS * 100
			}
		}
	}
	return bars, nil
}

// htmlBounds returns the earliest start of bars and the span from it to the latest end.
func htmlBounds(bars []htmlBar) (first, span float64) {
	first, end := bars[0].StartMS, bars[0].StartMS+bars[0].TimeMS
	for _, b := range bars {
		first = min(first, b.StartMS)
		end = max(end, b.StartMS+b.TimeMS)
	}
	return first, max(end-first, 1)
}

// htmlSpan is the whole span of bars in milliseconds.
func htmlSpan(bars []htmlBar) float64 {
	_, span := htmlBounds(bars)
	return span
}

// pos is v, or 0 for HAR's -1 (does not apply).
func pos(v float64) float64 { return max(v, 0) }

// htmlPercent formats a share for a style attribute: "12.345%".
func htmlPercent(v float64) string { return fmt.Sprintf("%.3f%%", v) }

// htmlMS formats milliseconds with one decimal: "12.5ms".
func htmlMS(v float64) string { return fmt.Sprintf("%.1fms", v) }
