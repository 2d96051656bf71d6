package route

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// Not-found policies of HAR.NotFound.
const (
	NotFoundAbort    = "abort"    // fail the request (net::ERR_FAILED)
	NotFoundFallback = "fallback" // let it go to the network
)

// HAR serves the requests its route matches from a HAR file: one e2e recorded (network.har),
// one Chrome DevTools exported ("Save all as HAR with content") or one Playwright recorded
// (recordHar). A request is served the response of an entry with the same method and URL, and
// for a request with a body, the same body; a "[REDACTED]" placeholder of a redacted HAR stands
// for any value. Entries of the same request are served in the order they were recorded, the
// last one again once all were served.
type HAR struct {
	// File is the HAR file.
	File string
	// NotFound says what happens to a request the file has no entry for: NotFoundAbort (the
	// default) or NotFoundFallback.
	NotFound string
	// Update re-records the file instead: the requests go to the real backend, and when the
	// flow ends File is rewritten with their exchanges (redacted as artifacts are).
	Update bool
}

func (a HAR) prepare() (handler, error) {
	switch a.NotFound {
	case "", NotFoundAbort, NotFoundFallback:
	default:
		return nil, fmt.Errorf("har: not_found %s: expected %s or %s", redact.Quote(a.NotFound), NotFoundAbort, NotFoundFallback)
	}
	if a.File == "" {
		return nil, fmt.Errorf("har: no file")
	}
	if a.Update {
		return &harUpdate{file: a.File}, nil
	}
	entries, err := loadHAR(a.File)
	if err != nil {
		return nil, err
	}
	return &harReplay{file: filepath.Base(a.File), fallback: a.NotFound == NotFoundFallback, entries: entries, served: map[*replayEntry]int{}}, nil
}

// replayEntry is one exchange of a HAR file, ready to serve. It is shared by the replays of
// every flow (the file is read once), so it is never changed.
type replayEntry struct {
	method, url string
	post        *regexp.Regexp // nil: the request had no body
	status      int
	headers     []*proto.FetchHeaderEntry
	body        []byte
}

// placeholderPattern matches a request body against a recorded one, where the recorded
// body's redaction placeholders (plain, percent- or JSON-escaped) stand for any value.
func placeholderPattern(recorded string) *regexp.Regexp {
	forms := []string{redact.Redacted, url.QueryEscape(redact.Redacted), url.PathEscape(redact.Redacted)}
	var b strings.Builder
	b.WriteString(`^`)
	rest := recorded
	for {
		at, n := -1, 0
		for _, f := range forms {
			if i := strings.Index(rest, f); i >= 0 && (at < 0 || i < at) {
				at, n = i, len(f)
			}
		}
		if at < 0 {
			break
		}
		b.WriteString(regexp.QuoteMeta(rest[:at]))
		b.WriteString(`[^&"]*`)
		rest = rest[at+n:]
	}
	b.WriteString(regexp.QuoteMeta(rest))
	b.WriteString(`$`)
	return regexp.MustCompile(b.String())
}

// harReplay serves requests from the entries of a HAR file, keeping its own count of what it
// served of each.
type harReplay struct {
	file     string
	fallback bool
	entries  *harEntries
	mu       sync.Mutex
	served   map[*replayEntry]int
}

func (h *harReplay) responseStage() bool { return false }

func (h *harReplay) handle(x *exchange) (did, error) {
	req := x.paused.Request
	e := h.lookup(strings.ToUpper(req.Method), req.URL, requestBody(req))
	if e == nil {
		if h.fallback {
			return did{}, x.cont(nil)
		}
		return did{"aborted", "not in " + h.file}, x.fail(proto.NetworkErrorReasonFailed)
	}
	return did{"replayed", fmt.Sprintf("status %d from %s", e.status, h.file)}, x.fulfil(e.status, e.headers, e.body)
}

// lookup returns the entry to serve for a request, nil when the file has none.
func (h *harReplay) lookup(method, rawURL string, body *string) *replayEntry {
	u, _, _ := strings.Cut(rawURL, "#")
	h.mu.Lock()
	defer h.mu.Unlock()
	var fit []*replayEntry
	for _, e := range h.entries.byKey[method+" "+u] {
		if body == nil || *body == "" {
			if e.post == nil || e.post.MatchString("") {
				fit = append(fit, e)
			}
			continue
		}
		if e.post != nil && e.post.MatchString(*body) {
			fit = append(fit, e)
		}
	}
	if len(fit) == 0 {
		return nil
	}
	for _, e := range fit {
		if h.served[e] == 0 {
			h.served[e]++
			return e
		}
	}
	e := fit[len(fit)-1]
	h.served[e]++
	return e
}

// requestBody returns the body of a paused request, nil when it has none.
func requestBody(req *proto.NetworkRequest) *string {
	if req.PostData != "" {
		return &req.PostData
	}
	if len(req.PostDataEntries) == 0 {
		return nil
	}
	var b strings.Builder
	for _, pe := range req.PostDataEntries {
		b.Write(pe.Bytes)
	}
	s := b.String()
	return &s
}
