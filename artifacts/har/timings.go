package har

import (
	"math"

	"github.com/go-rod/rod/lib/proto"
)

// hopTimes are a hop's milestones in monotonic seconds, settled the way DevTools'
// NetworkRequest settles them from the protocol events (setIssueTime, the responseReceivedTime,
// timing and endTime setters).
type hopTimes struct {
	issue    float64 // requestWillBeSent
	start    float64 // timing.requestTime, else connectTiming.requestTime, else issue
	received float64 // response headers; -1 when no response
	end      float64 // finished, failed, redirected, or capture time for one in flight
	timing   *proto.NetworkResourceTiming
}

// settleTimes derives a hop's milestones. connectStart is the requestTime of the
// requestWillBeSentExtraInfo's connectTiming (0 when none); now is the capture time used as
// the end of a hop still in flight.
func settleTimes(h *harHop, connectStart, now float64) hopTimes {
	t := hopTimes{issue: h.issueTime, start: h.issueTime, received: -1}
	if connectStart > 0 {
		t.start = connectStart
	}
	if h.resp != nil && h.respTime > 0 {
		t.received = h.respTime
		if tm := h.resp.Timing; tm != nil && !h.memCache {
			t.timing = tm
			t.start = tm.RequestTime
			headers := tm.RequestTime + tm.ReceiveHeadersEnd/1000
			if t.received < 0 || t.received > headers {
				t.received = headers
			}
			if t.start > t.received {
				t.received = t.start
			}
		}
	}
	end := h.endTime
	if h.state == hopPending || end <= 0 {
		end = math.Max(now, h.issueTime)
	}
	if t.timing != nil && t.timing.RequestTime > 0 {
		t.end = math.Max(end, t.received)
	} else {
		t.end = end
		if t.received > end {
			t.received = end
		}
	}
	return t
}

// buildTimings splits a hop's time into HAR phases exactly as DevTools' HAR export
// (models/har/Log.ts, buildTimings) does, with two guards so that every phase is -1 ("does not
// apply", blocked/dns/connect/ssl only) or non-negative: a queueing time DevTools marks -1 is
// counted as 0 when the connection phases add to it, and a phase that inconsistent timestamps
// would make negative is 0.
func buildTimings(t hopTimes) Timings {
	res := Timings{Blocked: -1, DNS: -1, Connect: -1, SSL: -1}
	queued := -1.0
	if t.issue < t.start {
		queued = (t.start - t.issue) * 1000
	}
	res.Blocked = queued

	highest := 0.0
	if tm := t.timing; tm != nil {
		blockedStart := leastNonNegative(tm.DNSStart, tm.ConnectStart, tm.SendStart)
		if !math.IsInf(blockedStart, 1) {
			res.Blocked = math.Max(queued, 0) + blockedStart
		}
		if tm.ProxyEnd != -1 {
			if proxy := tm.ProxyEnd - tm.ProxyStart; proxy > 0 && proxy > res.Blocked {
				res.Blocked = proxy
			}
		}
		bs := blockedStart
		if math.IsInf(bs, 1) {
			bs = 0
		}

		dnsEnd := -1.0
		if tm.DNSEnd >= 0 {
			dnsEnd = tm.DNSEnd
			res.DNS = nonNegative(dnsEnd - bs)
		}
		sslEnd := -1.0
		if tm.SslEnd > 0 {
			sslEnd = tm.SslEnd
			res.SSL = nonNegative(tm.SslEnd - tm.SslStart)
		}
		connectEnd := -1.0
		if tm.ConnectEnd >= 0 {
			connectEnd = tm.ConnectEnd
			cs := leastNonNegative(dnsEnd, blockedStart)
			if math.IsInf(cs, 1) {
				cs = 0
			}
			res.Connect = nonNegative(connectEnd - cs)
		}
		sendEnd := 0.0
		if tm.SendEnd >= 0 {
			sendEnd = tm.SendEnd
			res.Send = nonNegative(sendEnd - math.Max(connectEnd, math.Max(dnsEnd, bs)))
		}
		highest = math.Max(math.Max(sendEnd, connectEnd), math.Max(math.Max(sslEnd, dnsEnd), math.Max(bs, 0)))
	} else if t.received < 0 {
		// Nothing is known after blocked: attribute all of it to blocked.
		res.Blocked = nonNegative((t.end - t.issue) * 1000)
		return res
	}

	requestTime := t.start
	if t.timing != nil {
		requestTime = t.timing.RequestTime
	}
	waitEnd := (t.received - requestTime) * 1000
	res.Wait = nonNegative(waitEnd - highest)
	res.Receive = nonNegative((t.end-requestTime)*1000 - waitEnd)
	return res
}

func leastNonNegative(values ...float64) float64 {
	best := math.Inf(1)
	for _, v := range values {
		if v >= 0 && v < best {
			best = v
		}
	}
	return best
}

func nonNegative(v float64) float64 {
	if v < 0 || math.IsNaN(v) {
		return 0
	}
	return v
}

// roundTimings rounds every phase to the microsecond and returns the entry's total time: the
// sum of the non-negative phases, ssl excluded as it is part of connect.
func roundTimings(t *Timings) float64 {
	for _, p := range []*float64{&t.Blocked, &t.DNS, &t.Connect, &t.Send, &t.Wait, &t.Receive, &t.SSL} {
		if *p != -1 {
			*p = nonNegative(math.Round(*p*1000) / 1000)
		}
	}
	total := 0.0
	for _, v := range []float64{t.Blocked, t.DNS, t.Connect, t.Send, t.Wait, t.Receive} {
		if v > 0 {
			total += v
		}
	}
	return math.Round(total*1000) / 1000
}
