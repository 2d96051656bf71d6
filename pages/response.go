package pages

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// Response is a network response the page received, as ExpectResponse saw it.
type Response struct {
	// Method and URL are the request's.
	Method, URL string
	// Status is the HTTP status; 0 when the request failed without an answer.
	Status int
	// StatusText is the status line's text.
	StatusText string
	// Headers are the response headers (names as the server sent them).
	Headers map[string]string
	// Body is the response body ("" when the browser kept none, e.g. for a redirect).
	Body []byte
	// Failure says why the request failed, when it did ("net::ERR_CONNECTION_REFUSED").
	Failure string
}

// OK reports a 2xx status.
func (r *Response) OK() bool { return r.Status >= 200 && r.Status < 300 }

// JSON decodes the body into v.
func (r *Response) JSON(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return fmt.Errorf("%s %s: body is not JSON: %w", r.Method, r.path(), err)
	}
	return nil
}

// path is the URL's path and query.
func (r *Response) path() string {
	if u, err := url.Parse(r.URL); err == nil {
		return u.RequestURI()
	}
	return r.URL
}

// maxShownBody caps how much of a body errors show.
const maxShownBody = 200

// String is `PUT /api/favourites/3 answered 500: {"error":"db down"}` (the body shortened), or
// `PUT /api/favourites/3 failed: net::ERR_FAILED`.
func (r *Response) String() string {
	if r.Status == 0 {
		return fmt.Sprintf("%s %s failed: %s", r.Method, r.path(), r.Failure)
	}
	s := fmt.Sprintf("%s %s answered %d", r.Method, r.path(), r.Status)
	if body := strings.Join(strings.Fields(string(r.Body)), " "); body != "" {
		if len(body) > maxShownBody {
			body = body[:maxShownBody] + "…"
		}
		s += ": " + body
	}
	return s
}

// URLMatch says which request's response ExpectResponse waits for.
type URLMatch struct {
	// Method is the request method; "" matches any.
	Method string
	// Glob matches the whole URL: * stands for any text but "/", ** for any text. A glob that
	// starts with "/" matches the path and query instead ("/api/favourites/*").
	Glob string
	// Regexp, when set instead of Glob, must match somewhere in the whole URL.
	Regexp *regexp.Regexp
}

// Match returns the URLMatch of method and a glob.
func Match(method, glob string) URLMatch { return URLMatch{Method: method, Glob: glob} }

// MatchRegexp returns the URLMatch of method and a regexp on the URL.
func MatchRegexp(method string, re *regexp.Regexp) URLMatch {
	return URLMatch{Method: method, Regexp: re}
}

// String is "PUT /api/favourites/*".
func (m URLMatch) String() string {
	method := m.Method
	if method == "" {
		method = "any"
	}
	if m.Regexp != nil {
		return method + " /" + m.Regexp.String() + "/"
	}
	return method + " " + m.Glob
}

// compile returns the matcher of a request's method and URL.
func (m URLMatch) compile() func(method, rawURL string) bool {
	re := m.Regexp
	if re == nil {
		re = globRegexp(m.Glob)
	}
	byPath := m.Regexp == nil && strings.HasPrefix(m.Glob, "/")
	return func(method, rawURL string) bool {
		if m.Method != "" && !strings.EqualFold(m.Method, method) {
			return false
		}
		target := rawURL
		if byPath {
			if u, err := url.Parse(rawURL); err == nil {
				target = u.RequestURI()
			}
		}
		return re.MatchString(target)
	}
}

// globRegexp is the regexp of a URL glob, matching the whole text: * stands for any text but
// "/", ** for any text, every other character for itself.
func globRegexp(glob string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(glob); i++ {
		switch {
		case strings.HasPrefix(glob[i:], "**"):
			b.WriteString(".*")
			i++
		case glob[i] == '*':
			b.WriteString("[^/]*")
		default:
			b.WriteString(regexp.QuoteMeta(glob[i : i+1]))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// bodyGrace is how long ExpectResponse waits, after the response's headers, for its body: a page
// that never reads a fetch() answer's body leaves it unfinished, and its status must not wait
// for it.
const bodyGrace = time.Second

// ExpectResponse runs action (a click, a submit) and waits, within the action timeout, for the
// response to the first request it makes that matches m, with its body (when the page reads it
// within a second of the headers). The response is kept: a web-first assertion or a locator wait
// that fails before the next action names its status and body, so that a UI that did not follow
// says what the app answered. A response with an error status is returned, not an error:
// judging it is the caller's (or ExpectOKResponse's). No such response fails the flow.
func (tab *Tab) ExpectResponse(m URLMatch, action func()) *Response {
	var out *Response
	err := tab.steps.Do(tab.named(tabLabel+": expect response "+m.String()), func() error {
		p := tab.page.Timeout(tab.timeout)
		defer p.CancelTimeout()
		// Bodies are kept only while the Network domain is on: keep it on until the body is
		// read (the recorder may have turned it on already). It is turned off again with the
		// flow's context, not the action's: rod sends the call even on a context that is done,
		// and then believes the domain is still on.
		restore := tab.page.EnableDomain(&proto.NetworkEnable{})
		defer restore()
		w := tab.watchResponse(p, m)
		acted := false
		defer func() {
			if !acted {
				w.stop() // the action failed the flow: stop watching on the way out
			}
		}()
		action()
		acted = true
		got, finished := w.wait()
		if got == nil {
			if ctxErr := p.GetContext().Err(); ctxErr != nil && tab.page.GetContext().Err() == nil {
				return &waitError{page: tabLabel, what: "no response to " + m.String(), after: tab.timeout, err: ctxErr}
			}
			return tab.explain(tabLabel, p.GetContext().Err())
		}
		if finished {
			if body, err := (proto.NetworkGetResponseBody{RequestID: w.id}).Call(p); err == nil {
				got.Body = []byte(body.Body)
				if body.Base64Encoded {
					got.Body, _ = base64.StdEncoding.DecodeString(body.Body)
				}
			}
		}
		out = got
		return nil
	})
	tab.lastResponse = out
	tab.must(err)
	return out
}

// responseWatch follows the network events of one ExpectResponse. Its handlers only record:
// no call may wait inside an event handler.
type responseWatch struct {
	mu       sync.Mutex
	sent     map[proto.NetworkRequestID]*Response
	id       proto.NetworkRequestID // the request whose response came first
	got      *Response
	finished bool // its body has arrived
	cancel   context.CancelFunc
	waitFn   func()
}

// watchResponse starts following p's requests that match m.
func (tab *Tab) watchResponse(p *rod.Page, m URLMatch) *responseWatch {
	matches := m.compile()
	ctx, cancel := context.WithCancel(p.GetContext())
	w := &responseWatch{sent: map[proto.NetworkRequestID]*Response{}, cancel: cancel}
	w.waitFn = p.Context(ctx).EachEvent(func(e *proto.NetworkRequestWillBeSent) {
		if matches(e.Request.Method, e.Request.URL) {
			w.mu.Lock()
			w.sent[e.RequestID] = &Response{Method: e.Request.Method, URL: e.Request.URL}
			w.mu.Unlock()
		}
	}, func(e *proto.NetworkResponseReceived) {
		w.mu.Lock()
		defer w.mu.Unlock()
		r, ok := w.sent[e.RequestID]
		if !ok || w.got != nil {
			return
		}
		r.Status, r.StatusText = e.Response.Status, e.Response.StatusText
		r.Headers = map[string]string{}
		for k, v := range e.Response.Headers {
			r.Headers[k] = v.Str()
		}
		w.got, w.id = r, e.RequestID
		time.AfterFunc(bodyGrace, cancel) // the status is in: the body may not come
	}, func(e *proto.NetworkLoadingFinished) bool {
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.got != nil && e.RequestID == w.id {
			w.finished = true
			return true
		}
		return false
	}, func(e *proto.NetworkLoadingFailed) bool {
		w.mu.Lock()
		defer w.mu.Unlock()
		r, ok := w.sent[e.RequestID]
		if !ok || (w.got != nil && e.RequestID != w.id) {
			return false
		}
		if w.got == nil {
			r.Failure = e.ErrorText
			w.got, w.id = r, e.RequestID
		}
		return true
	})
	return w
}

// wait returns the first matching response once its body is in (finished), or without it
// after bodyGrace, or nil when the wait ended first.
func (w *responseWatch) wait() (*Response, bool) {
	w.waitFn()
	w.cancel()
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.got, w.finished
}

// stop ends the watch.
func (w *responseWatch) stop() {
	w.cancel()
	w.waitFn()
}
