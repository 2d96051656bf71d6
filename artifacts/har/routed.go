package har

import "github.com/go-rod/rod/lib/proto"

// routedMark is a route's note on the request of one URL under a requestId.
type routedMark struct {
	url string
	r   Routed
}

// MarkRouted notes that a route handled the request id for url (the hop of a redirect chain
// with that URL), so that its entry carries _routed. It may come before or after the request's
// Network events; a later mark for the same hop replaces an earlier one.
func (b *Builder) MarkRouted(id proto.NetworkRequestID, url string, r Routed) {
	if id == "" {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.routed == nil {
		b.routed = map[proto.NetworkRequestID][]routedMark{}
	}
	marks := b.routed[id]
	for i := range marks {
		if marks[i].url == url {
			marks[i].r = r
			return
		}
	}
	b.routed[id] = append(marks, routedMark{url: url, r: r})
}

// routedFor returns the mark of hop h, nil when no route handled it. The caller holds b.mu.
func (b *Builder) routedFor(h *harHop) *Routed {
	for _, m := range b.routed[h.id] {
		if h.req != nil && m.url == h.req.URL {
			r := m.r
			return &r
		}
	}
	return nil
}
