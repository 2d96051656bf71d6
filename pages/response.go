package pages

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"

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
		var b strings.Builder
		b.WriteString("^")
		for i := 0; i < len(m.Glob); i++ {
			switch {
			case strings.HasPrefix(m.Glob[i:], "**"):
				b.WriteString(".*")
				i++
			case m.Glob[i] == '*':
				b.WriteString("[^/]*")
			default:
				b.WriteString(regexp.QuoteMeta(m.Glob[i : i+1]))
			}
		}
		b.WriteString("$")
		re = regexp.MustCompile(b.String())
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

// ExpectResponse runs action (a click, a submit) and waits, within the action timeout, for the
// response to the first request it makes that matches m, with its body. The response is kept:
// a web-first assertion or a locator wait that fails before the next action names its status
// and body, so that a UI that did not follow says what the app answered. A response with an
// error status is returned, not an error: judging it is the caller's.
func (s *Session) ExpectResponse(m URLMatch, action func() error) (*Response, error) {
	var out *Response
	err := s.Step("page", "expect response "+m.String(), func() error {
		p := s.Page.Timeout(s.Timeout)
		defer p.CancelTimeout()
		matches := m.compile()
		var mu sync.Mutex
		sent := map[proto.NetworkRequestID]*Response{}
		var got *Response
		done := func(id proto.NetworkRequestID) (*Response, bool) {
			mu.Lock()
			defer mu.Unlock()
			r, ok := sent[id]
			return r, ok && got == nil
		}
		wait := p.EachEvent(func(e *proto.NetworkRequestWillBeSent) {
			if matches(e.Request.Method, e.Request.URL) {
				mu.Lock()
				sent[e.RequestID] = &Response{Method: e.Request.Method, URL: e.Request.URL}
				mu.Unlock()
			}
		}, func(e *proto.NetworkResponseReceived) {
			if r, ok := done(e.RequestID); ok {
				r.Status, r.StatusText = e.Response.Status, e.Response.StatusText
				r.Headers = map[string]string{}
				for k, v := range e.Response.Headers {
					r.Headers[k] = v.Str()
				}
			}
		}, func(e *proto.NetworkLoadingFinished) bool {
			r, ok := done(e.RequestID)
			if !ok || r.Status == 0 {
				return false
			}
			if body, err := (proto.NetworkGetResponseBody{RequestID: e.RequestID}).Call(p); err == nil {
				r.Body = []byte(body.Body)
				if body.Base64Encoded {
					r.Body, _ = base64.StdEncoding.DecodeString(body.Body)
				}
			}
			mu.Lock()
			got = r
			mu.Unlock()
			return true
		}, func(e *proto.NetworkLoadingFailed) bool {
			r, ok := done(e.RequestID)
			if ok {
				r.Failure = e.ErrorText
				mu.Lock()
				got = r
				mu.Unlock()
			}
			return ok
		})
		if err := action(); err != nil {
			return err
		}
		wait()
		if got == nil {
			if ctxErr := p.GetContext().Err(); ctxErr != nil && s.Page.GetContext().Err() == nil {
				return &waitError{page: "page", what: "no response to " + m.String(), after: s.Timeout, err: ctxErr}
			}
			return s.explain("page", p.GetContext().Err())
		}
		out = got
		return nil
	})
	s.lastResponse = out
	return out, err
}
