package route

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/cdp"
	"github.com/go-rod/rod/lib/proto"
)

// Conditions are the network conditions a page's requests see (DevTools' network emulation).
// The zero value is the real network.
type Conditions struct {
	// Offline cuts the page off: requests fail with net::ERR_INTERNET_DISCONNECTED and the page
	// gets an "offline" event (and "online" when it ends).
	Offline bool
	// Latency is added to each request, from sending it to receiving the response headers.
	Latency time.Duration
	// Download and Upload cap the throughput in bytes per second; 0 leaves it free.
	Download, Upload int64
}

// String says what the conditions are, as the step log shows them.
func (c Conditions) String() string {
	if c == (Conditions{}) {
		return "real network"
	}
	s := ""
	if c.Offline {
		s = "offline"
	} else {
		s = "online"
	}
	if c.Latency > 0 {
		s += fmt.Sprintf(", latency %s", c.Latency)
	}
	if c.Download > 0 {
		s += fmt.Sprintf(", download %d B/s", c.Download)
	}
	if c.Upload > 0 {
		s += fmt.Sprintf(", upload %d B/s", c.Upload)
	}
	return s
}

// Emulate sets the page's network conditions, until the next call, and returns once they are in
// force: a probe request from the page (see probe) has met them in the browser's network service.
// On a page that blocks the probe, and on a Chromium older than 141, it returns once the browser
// took them, and the step log says they were not confirmed.
func (r *Router) Emulate(c Conditions) error {
	if c.Latency < 0 || c.Download < 0 || c.Upload < 0 {
		return fmt.Errorf("network conditions: latency and throughput must not be negative: %s", c)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	ctx, cancel := context.WithTimeout(r.ctx, r.opts.Timeout)
	defer cancel()
	p := r.page.Context(ctx)
	if !r.networkOn {
		if err := (proto.NetworkEnable{}).Call(p); err != nil {
			return fmt.Errorf("network conditions: enable the Network domain: %w", err)
		}
		r.networkOn = true
	}
	r.probes++
	pr := probe{id: fmt.Sprintf("%s-%d", r.probeToken, r.probes), offline: !r.conditions.Offline}
	events := p.Event() // before the probe is sent: none of its events is missed
	defer func() {
		cancel()
		for range events { // let the forwarding goroutine end
		}
	}()
	note := ""
	err := r.setConditions(p, c, pr)
	switch {
	case errors.Is(err, errNoRules):
		err = r.setConditionsGlobally(p, c)
		note = " (not confirmed: this Chromium lacks Network.emulateNetworkConditionsByRule)"
	case err == nil:
		err = r.withProbeIntercepted(func() error { return r.confirm(ctx, events, pr) })
		if errors.Is(err, errProbeBlocked) {
			note, err = " (not confirmed: "+err.Error()+")", nil
		}
		if err == nil {
			err = r.setNavigatorState(p, c)
		}
	}
	if err != nil {
		return fmt.Errorf("network conditions (%s) on the %s browser: %w", c, r.opts.Kind, err)
	}
	r.conditions = c
	r.opts.Steps.Note("network: " + c.String() + note)
	return nil
}

// setConditions sets c as the page's network conditions, with pr's rule before them
// (Network.emulateNetworkConditionsByRule); errNoRules when the browser lacks that call.
func (r *Router) setConditions(p *rod.Page, c Conditions, pr probe) error {
	rules := []any{pr.rule()}
	if c != (Conditions{}) {
		rules = append(rules, map[string]any{
			"urlPattern": "", "offline": c.Offline, "latency": float64(c.Latency) / float64(time.Millisecond),
			"downloadThroughput": throughput(c.Download), "uploadThroughput": throughput(c.Upload),
		})
	}
	_, err := p.Call(p.GetContext(), string(p.SessionID), "Network.emulateNetworkConditionsByRule",
		map[string]any{"emulateOfflineServiceWorker": c.Offline, "matchedNetworkConditions": rules})
	if isMethodNotFound(err) {
		return errNoRules
	}
	if err != nil {
		return fmt.Errorf("Network.emulateNetworkConditionsByRule: %w", err)
	}
	return nil
}

// setNavigatorState makes navigator.onLine and navigator.connection say c, firing "offline" or
// "online" (Network.overrideNetworkState): once the requests meet c, so that a page reacting to
// the event finds the network as it says.
func (r *Router) setNavigatorState(p *rod.Page, c Conditions) error {
	_, err := p.Call(p.GetContext(), string(p.SessionID), "Network.overrideNetworkState", map[string]any{
		"offline": c.Offline, "latency": float64(c.Latency) / float64(time.Millisecond),
		"downloadThroughput": throughput(c.Download), "uploadThroughput": throughput(c.Upload),
	})
	if err != nil {
		return fmt.Errorf("Network.overrideNetworkState: %w", err)
	}
	return nil
}

// setConditionsGlobally sets c with the call older Chromium has
// (Network.emulateNetworkConditions), which sets navigator's state too.
func (r *Router) setConditionsGlobally(p *rod.Page, c Conditions) error {
	err := proto.NetworkEmulateNetworkConditions{
		Offline:            c.Offline,
		Latency:            float64(c.Latency) / float64(time.Millisecond),
		DownloadThroughput: throughput(c.Download),
		UploadThroughput:   throughput(c.Upload),
	}.Call(p)
	if err != nil {
		return fmt.Errorf("Network.emulateNetworkConditions: %w", err)
	}
	return nil
}

// throughput is a throughput for DevTools: bytes per second, -1 for none.
func throughput(v int64) float64 {
	if v == 0 {
		return -1
	}
	return float64(v)
}

// isMethodNotFound reports whether err is DevTools saying it has no such method.
func isMethodNotFound(err error) bool {
	var ce *cdp.Error
	return errors.As(err, &ce) && ce.Code == -32601
}

// Offline takes the page offline (true) or back online (false), keeping the other conditions.
func (r *Router) Offline(offline bool) error {
	r.mu.Lock()
	c := r.conditions
	r.mu.Unlock()
	c.Offline = offline
	return r.Emulate(c)
}

// Conditions returns the network conditions set last.
func (r *Router) Conditions() Conditions {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.conditions
}
