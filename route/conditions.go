package route

import (
	"fmt"
	"time"

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

// Emulate sets the page's network conditions, until the next call.
func (r *Router) Emulate(c Conditions) error {
	if c.Latency < 0 || c.Download < 0 || c.Upload < 0 {
		return fmt.Errorf("network conditions: latency and throughput must not be negative: %s", c)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.page.Timeout(r.opts.Timeout)
	defer p.CancelTimeout()
	if !r.networkOn {
		if err := (proto.NetworkEnable{}).Call(p); err != nil {
			return fmt.Errorf("network conditions: enable the Network domain: %w", err)
		}
		r.networkOn = true
	}
	throughput := func(v int64) float64 {
		if v == 0 {
			return -1
		}
		return float64(v)
	}
	err := proto.NetworkEmulateNetworkConditions{
		Offline:            c.Offline,
		Latency:            float64(c.Latency) / float64(time.Millisecond),
		DownloadThroughput: throughput(c.Download),
		UploadThroughput:   throughput(c.Upload),
	}.Call(p)
	if err != nil {
		return fmt.Errorf("network conditions (%s) on the %s browser: Network.emulateNetworkConditions: %w", c, r.opts.Kind, err)
	}
	r.conditions = c
	r.opts.Steps.Note("network: " + c.String())
	return nil
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
