package route

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
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
	rp := &harReplay{file: filepath.Base(a.File), fallback: a.NotFound == NotFoundFallback, byKey: map[string][]*replayEntry{}}
	for _, e := range entries {
		k := e.method + " " + e.url
		rp.byKey[k] = append(rp.byKey[k], e)
	}
	return rp, nil
}

// replayEntry is one exchange of a HAR file, ready to serve.
type replayEntry struct {
	method, url string
	post        *regexp.Regexp // nil: the request had no body
	status      int
	headers     []*proto.FetchHeaderEntry
	body        []byte
	served      int
}

// harFile is what replay reads of a HAR: the fields every writer fills.
type harFile struct {
	Log *struct {
		Entries []struct {
			Request struct {
				Method   string `json:"method"`
				URL      string `json:"url"`
				PostData *struct {
					Text string `json:"text"`
				} `json:"postData"`
			} `json:"request"`
			Response struct {
				Status  int `json:"status"`
				Headers []struct {
					Name  string `json:"name"`
					Value string `json:"value"`
				} `json:"headers"`
				Content struct {
					Text     string `json:"text"`
					Encoding string `json:"encoding"`
					File     string `json:"_file"` // Playwright's content: "attach"
				} `json:"content"`
				RedirectURL string `json:"redirectURL"`
			} `json:"response"`
		} `json:"entries"`
	} `json:"log"`
}

// loadHAR reads the exchanges of a HAR file that can be replayed (those that got a response).
// Its errors are one line naming the file.
func loadHAR(path string) ([]*replayEntry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("har: %w", err)
	}
	var f harFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("har %s: not a HAR file: %w", path, err)
	}
	if f.Log == nil {
		return nil, fmt.Errorf("har %s: not a HAR file: no log object", path)
	}
	var out []*replayEntry
	for i, e := range f.Log.Entries {
		if e.Response.Status == 0 || e.Request.URL == "" {
			continue // failed or still pending when recorded
		}
		u, _, _ := strings.Cut(e.Request.URL, "#")
		re := &replayEntry{method: strings.ToUpper(e.Request.Method), url: u, status: e.Response.Status}
		if pd := e.Request.PostData; pd != nil {
			re.post = placeholderPattern(pd.Text)
		}
		hasLocation := false
		for _, h := range e.Response.Headers {
			switch n := strings.ToLower(h.Name); {
			case strings.HasPrefix(n, ":"), n == "content-length", n == "content-encoding", n == "transfer-encoding":
				continue
			case n == "location":
				hasLocation = true
			}
			re.headers = append(re.headers, &proto.FetchHeaderEntry{Name: h.Name, Value: h.Value})
		}
		if !hasLocation && e.Response.RedirectURL != "" {
			re.headers = append(re.headers, &proto.FetchHeaderEntry{Name: "Location", Value: e.Response.RedirectURL})
		}
		c := e.Response.Content
		switch {
		case c.File != "":
			b, err := os.ReadFile(filepath.Join(filepath.Dir(path), c.File))
			if err != nil {
				return nil, fmt.Errorf("har %s: entry %d: %w", path, i+1, err)
			}
			re.body = b
		case c.Encoding == "base64":
			b, err := base64.StdEncoding.DecodeString(c.Text)
			if err != nil {
				return nil, fmt.Errorf("har %s: entry %d: content is not base64: %w", path, i+1, err)
			}
			re.body = b
		default:
			re.body = []byte(c.Text)
		}
		out = append(out, re)
	}
	return out, nil
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

// harReplay serves requests from the entries of a HAR file.
type harReplay struct {
	file     string
	fallback bool
	mu       sync.Mutex
	byKey    map[string][]*replayEntry
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
	for _, e := range h.byKey[method+" "+u] {
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
		if e.served == 0 {
			e.served++
			return e
		}
	}
	e := fit[len(fit)-1]
	e.served++
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
