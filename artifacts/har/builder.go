package har

import (
	"strings"
	"sync"

	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// DefaultMaxBody is the default of artifacts.har.max_body: the largest body, in bytes, a HAR
// entry keeps.
const DefaultMaxBody int64 = 1 << 20

// Options configure a Builder.
type Options struct {
	// MaxBody is the largest textual response body, in bytes, kept in the HAR; larger ones are
	// left out whole with a comment. 0 keeps no bodies.
	MaxBody int64
	// Redactor scrubs credentials from the HAR; nil keeps everything as it was.
	Redactor *redact.Redactor
	// Creator names the tool in log.creator; empty: "e2e".
	Creator string
	// CreatorVersion is log.creator.version; empty: "dev".
	CreatorVersion string
}

// Builder assembles a HAR from Chrome DevTools Protocol Network events. Feed it every
// Network event of a page in the order they arrive; ExtraInfo events may come before or after
// the events they complete. It is safe for concurrent use.
type Builder struct {
	opts Options

	mu      sync.Mutex
	chains  map[proto.NetworkRequestID]*harChain
	retired []*harChain // chains of ids that were reused for a later request
	hops    []*harHop   // every hop in the order its request was issued
	lastTS  float64     // the latest monotonic timestamp seen, for requests still in flight
	tester  []Entry     // entries of the tester's own calls (AddEntry), not yet redacted
	routed  map[proto.NetworkRequestID][]routedMark
}

// harChain is everything known under one requestId: the hops of a redirect chain (usually one)
// and the ExtraInfo events, matched to the hops by position as DevTools does.
type harChain struct {
	hops      []*harHop
	reqExtra  []*proto.NetworkRequestWillBeSentExtraInfo
	respExtra []*proto.NetworkResponseReceivedExtraInfo
}

// hopState is where a hop is in its life.
type hopState uint8

const (
	hopPending hopState = iota
	hopFinished
	hopFailed
	hopRedirected
)

// bodyState is where a hop's response body is.
type bodyState uint8

const (
	bodyNone   bodyState = iota // not wanted
	bodyWanted                  // LoadingFinished asked for it; SetBody not called yet
	bodyDone                    // SetBody was called
)

// harHop is one HTTP exchange: a request and at most one response. The proto values it points
// to are never modified.
type harHop struct {
	seq          int
	id           proto.NetworkRequestID
	req          *proto.NetworkRequest
	resourceType proto.NetworkResourceType
	issueTime    float64 // requestWillBeSent timestamp, monotonic seconds
	wallTime     float64 // requestWillBeSent wallTime, seconds since the epoch

	resp     *proto.NetworkResponse
	respTime float64 // when the response arrived (monotonic seconds); 0: no response
	noExtra  bool    // Chrome said no ExtraInfo events come for this hop
	memCache bool    // served from the memory cache (requestServedFromCache)

	state        hopState
	endTime      float64 // loadingFinished/loadingFailed/redirect timestamp; 0 while pending
	encodedTotal float64 // loadingFinished encodedDataLength; -1 unknown
	dataLen      int64   // decoded bytes received (dataReceived.dataLength)
	dataEncoded  int64   // encoded bytes received (dataReceived.encodedDataLength)
	errorText    string
	redirectURL  string // the next hop's URL when this hop was redirected

	body        bodyState
	bodyText    string
	bodyBase64  bool
	bodySize    int64 // decoded length of a fetched body; -1 unknown
	bodyComment string
	bodyErr     string
}

// NewBuilder returns an empty builder.
func NewBuilder(opts Options) *Builder {
	return &Builder{opts: opts, chains: map[proto.NetworkRequestID]*harChain{}}
}

// MaxBody returns the body size limit the builder was configured with.
func (b *Builder) MaxBody() int64 { return b.opts.MaxBody }

func (b *Builder) seen(ts proto.MonotonicTime) {
	if t := float64(ts); t > b.lastTS {
		b.lastTS = t
	}
}

func (b *Builder) chain(id proto.NetworkRequestID) *harChain {
	c := b.chains[id]
	if c == nil {
		c = &harChain{}
		b.chains[id] = c
	}
	return c
}

// current returns the latest hop of requestId, nil when none is known.
func (b *Builder) current(id proto.NetworkRequestID) *harHop {
	c := b.chains[id]
	if c == nil || len(c.hops) == 0 {
		return nil
	}
	return c.hops[len(c.hops)-1]
}

// RequestWillBeSent records a request being issued. When it carries a redirectResponse, the
// previous hop of the same requestId completes as its own entry with that 3xx response.
// data: URLs are skipped.
func (b *Builder) RequestWillBeSent(e *proto.NetworkRequestWillBeSent) {
	if e == nil || e.Request == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seen(e.Timestamp)
	isData := strings.HasPrefix(e.Request.URL, "data:")
	if isData && b.chains[e.RequestID] == nil {
		return
	}
	c := b.chain(e.RequestID)
	if n := len(c.hops); n > 0 {
		prev := c.hops[n-1]
		if e.RedirectResponse == nil {
			if prev.state == hopPending {
				return // a duplicate of the request in flight
			}
			c = b.restartChain(e.RequestID, c)
		}
	}
	if n := len(c.hops); n > 0 {
		prev := c.hops[n-1]
		if prev.state == hopPending {
			prev.resp = e.RedirectResponse
			prev.respTime = float64(e.Timestamp)
			prev.noExtra = !e.RedirectHasExtraInfo
			prev.state = hopRedirected
			prev.endTime = float64(e.Timestamp)
			prev.encodedTotal = e.RedirectResponse.EncodedDataLength
			prev.redirectURL = e.Request.URL
		}
	}
	if isData {
		return // data: URLs are not kept, not even as a redirect's target
	}
	typ := e.Type
	if typ == "" {
		typ = proto.NetworkResourceTypeOther
	}
	h := &harHop{
		seq:          len(b.hops),
		id:           e.RequestID,
		req:          e.Request,
		resourceType: typ,
		issueTime:    float64(e.Timestamp),
		wallTime:     float64(e.WallTime),
		encodedTotal: -1,
		bodySize:     -1,
	}
	c.hops = append(c.hops, h)
	b.hops = append(b.hops, h)
}

// restartChain starts a new chain for an id whose previous request already ended (an id
// reused for a new request). ExtraInfo events beyond what the old chain's hops can take
// belong to the new request.
func (b *Builder) restartChain(id proto.NetworkRequestID, old *harChain) *harChain {
	k := 0
	for _, h := range old.hops {
		if !h.noExtra {
			k++
		}
	}
	c := &harChain{}
	if len(old.reqExtra) > k {
		c.reqExtra = append(c.reqExtra, old.reqExtra[k:]...)
		old.reqExtra = old.reqExtra[:k]
	}
	if len(old.respExtra) > k {
		c.respExtra = append(c.respExtra, old.respExtra[k:]...)
		old.respExtra = old.respExtra[:k]
	}
	b.chains[id] = c
	b.retired = append(b.retired, old)
	return c
}

// RequestWillBeSentExtraInfo records the headers and cookies Chrome actually sent.
func (b *Builder) RequestWillBeSentExtraInfo(e *proto.NetworkRequestWillBeSentExtraInfo) {
	if e == nil {
		return
	}
	b.cookieSecrets(e.Headers)
	b.mu.Lock()
	defer b.mu.Unlock()
	c := b.chain(e.RequestID)
	c.reqExtra = append(c.reqExtra, e)
}

// ResponseReceived records the response headers of the current hop.
func (b *Builder) ResponseReceived(e *proto.NetworkResponseReceived) {
	if e == nil || e.Response == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seen(e.Timestamp)
	h := b.current(e.RequestID)
	if h == nil || h.state != hopPending {
		return
	}
	h.resp = e.Response
	h.respTime = float64(e.Timestamp)
	h.noExtra = !e.HasExtraInfo
	if e.Type != "" {
		h.resourceType = e.Type
	}
}

// ResponseReceivedExtraInfo records the response headers as received on the wire
// (Set-Cookie included) and their raw text.
func (b *Builder) ResponseReceivedExtraInfo(e *proto.NetworkResponseReceivedExtraInfo) {
	if e == nil {
		return
	}
	b.cookieSecrets(e.Headers)
	b.mu.Lock()
	defer b.mu.Unlock()
	c := b.chain(e.RequestID)
	c.respExtra = append(c.respExtra, e)
}

// cookieSecrets registers the value of every cookie in h (Cookie and Set-Cookie headers) as a
// secret of the redactor as soon as it goes over the wire, so that a session id stays out of the
// error text and the reports even after the browser has dropped the cookie (a logout).
func (b *Builder) cookieSecrets(h proto.NetworkHeaders) {
	if b.opts.Redactor == nil {
		return
	}
	for name, v := range h { // only the cookie headers: this runs on every request
		if !strings.EqualFold(name, "cookie") && !strings.EqualFold(name, "set-cookie") {
			continue
		}
		hs := headerList(proto.NetworkHeaders{name: v})
		for _, c := range append(requestCookies(hs), responseCookies(hs)...) {
			b.opts.Redactor.AddSecret(c.Value)
		}
	}
}
