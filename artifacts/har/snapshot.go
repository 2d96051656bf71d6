package har

import (
	"cmp"
	"slices"
	"time"

	"github.com/go-rod/rod/lib/proto"
)

// hopSnapshot is a copy of one hop taken under the builder's lock, with the ExtraInfo events
// matched to it.
type hopSnapshot struct {
	h         harHop
	routed    *Routed
	reqExtra  *proto.NetworkRequestWillBeSentExtraInfo
	respExtra *proto.NetworkResponseReceivedExtraInfo
}

// pendingAtCapture is the _error of an entry still in flight when the HAR was taken.
const pendingAtCapture = "pending at capture"

// HAR returns a snapshot of everything recorded so far, redacted when the builder has a
// Redactor, entries sorted by startedDateTime. Requests still in flight are included with what
// is known of them (status 0 until their response arrives, _error "pending at capture").
func (b *Builder) HAR() *HAR {
	snaps, now := b.snapshot()
	entries := make([]Entry, len(snaps))
	for i := range snaps {
		entries[i] = buildEntry(&snaps[i], now)
	}
	order := make([]int, len(snaps))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(snaps[a].h.wallTime, snaps[b].h.wallTime); c != 0 {
			return c
		}
		return cmp.Compare(snaps[a].h.seq, snaps[b].h.seq)
	})
	sorted := make([]Entry, len(entries))
	for i, j := range order {
		sorted[i] = entries[j]
	}
	sorted = b.withTesterEntries(sorted)
	if r := b.opts.Redactor; r != nil {
		for i := range sorted {
			redactEntry(r, &sorted[i])
		}
	}
	creator := Creator{Name: b.opts.Creator, Version: b.opts.CreatorVersion}
	if creator.Name == "" {
		creator.Name = "e2e"
	}
	if creator.Version == "" {
		creator.Version = "dev"
	}
	return &HAR{Log: Log{Version: "1.2", Creator: creator, Entries: sorted}}
}

// snapshot copies every hop under the lock, matching ExtraInfo events to hops by position
// within their requestId (hops Chrome said have no ExtraInfo are passed over).
func (b *Builder) snapshot() ([]hopSnapshot, float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	snaps := make([]hopSnapshot, len(b.hops))
	for i, h := range b.hops {
		snaps[i].h = *h
		snaps[i].routed = b.routedFor(h)
	}
	all := make([]*harChain, 0, len(b.chains)+len(b.retired))
	for _, c := range b.chains {
		all = append(all, c)
	}
	all = append(all, b.retired...)
	for _, c := range all {
		k := 0
		for _, h := range c.hops {
			if h.noExtra {
				continue
			}
			s := &snaps[h.seq]
			if k < len(c.reqExtra) {
				s.reqExtra = c.reqExtra[k]
			}
			if k < len(c.respExtra) {
				s.respExtra = c.respExtra[k]
			}
			k++
		}
	}
	return snaps, b.lastTS
}

// isoTime formats seconds since the epoch as ISO 8601 with milliseconds, in UTC.
func isoTime(sec float64) string {
	ns := int64(sec * 1e9)
	return time.Unix(0, ns).UTC().Format("2006-01-02T15:04:05.000Z")
}
