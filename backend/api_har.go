package backend

import (
	"encoding/base64"
	"fmt"
	"mime"
	"net/http"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/e2e-dev/e2e/artifacts/har"
)

// harCall is an API call on its way into the flow's HAR: the request as sent, and when.
type harCall struct {
	req     *http.Request
	payload []byte
	start   time.Time
	waited  time.Duration // from sending to the response's headers
}

func startCall(req *http.Request, payload []byte) *harCall {
	return &harCall{req: req, payload: payload, start: time.Now()}
}

// answered notes that the response's headers arrived.
func (c *harCall) answered(*http.Response) { c.waited = time.Since(c.start) }

// done is the entry of a call that got its answer, body and all (at most max bytes kept).
func (c *harCall) done(resp *http.Response, body []byte, max int64) har.Entry {
	e := c.entry()
	receive := time.Since(c.start) - c.waited
	e.Timings.Wait, e.Timings.Receive = ms(c.waited), ms(receive)
	e.Time = e.Timings.Send + e.Timings.Wait + e.Timings.Receive
	r := &e.Response
	r.Status, r.StatusText = resp.StatusCode, http.StatusText(resp.StatusCode)
	r.HTTPVersion = resp.Proto
	r.Headers = harHeaders(resp.Header)
	for _, ck := range resp.Cookies() {
		r.Cookies = append(r.Cookies, har.Cookie{Name: ck.Name, Value: ck.Value, Path: ck.Path, Domain: ck.Domain, HTTPOnly: ck.HttpOnly, Secure: ck.Secure})
	}
	r.Content.MimeType = resp.Header.Get("Content-Type")
	r.Content.Size = int64(len(body))
	r.BodySize = int64(len(body))
	if r.Content.MimeType == "" {
		r.Content.MimeType = "x-unknown"
	}
	kept := body
	if int64(len(kept)) > max {
		kept = kept[:max]
		r.Content.Comment = fmt.Sprintf("body cut to %d of %d bytes (artifacts.har.max_body)", max, len(body))
	}
	if utf8.Valid(kept) {
		r.Content.Text = string(kept)
	} else {
		r.Content.Text, r.Content.Encoding = base64.StdEncoding.EncodeToString(kept), "base64"
	}
	if loc := resp.Header.Get("Location"); loc != "" {
		r.RedirectURL = loc
	}
	return e
}

// failed is the entry of a call that got no answer.
func (c *harCall) failed(err error) har.Entry {
	e := c.entry()
	e.Timings.Wait = ms(time.Since(c.start))
	e.Time = e.Timings.Wait
	e.Response.Error = err.Error()
	e.Response.Content.MimeType = "x-unknown"
	return e
}

// entry is what is known before the answer: the request.
func (c *harCall) entry() har.Entry {
	req := c.req
	headers := req.Header.Clone()
	headers.Set("Host", req.URL.Host)
	e := har.Entry{
		StartedDateTime: c.start.UTC().Format("2006-01-02T15:04:05.000Z"),
		Comment:         "called by the e2e tester (a backend check), not by the browser",
		Request: har.Request{
			Method: req.Method, URL: req.URL.String(), HTTPVersion: "HTTP/1.1",
			Headers: harHeaders(headers), Cookies: []har.Cookie{}, QueryString: []har.QueryParam{},
			HeadersSize: -1, BodySize: int64(len(c.payload)),
		},
		Response: har.Response{
			HTTPVersion: "HTTP/1.1", Cookies: []har.Cookie{}, Headers: []har.Header{},
			HeadersSize: -1, BodySize: -1,
		},
		Timings: har.Timings{Blocked: -1, DNS: -1, Connect: -1, SSL: -1},
	}
	for _, ck := range req.Cookies() {
		e.Request.Cookies = append(e.Request.Cookies, har.Cookie{Name: ck.Name, Value: ck.Value})
	}
	for name, vs := range req.URL.Query() {
		for _, v := range vs {
			e.Request.QueryString = append(e.Request.QueryString, har.QueryParam{Name: name, Value: v})
		}
	}
	if c.payload != nil {
		mt := req.Header.Get("Content-Type")
		if base, _, err := mime.ParseMediaType(mt); err == nil {
			mt = base
		}
		e.Request.PostData = &har.PostData{MimeType: mt, Text: string(c.payload)}
	}
	return e
}

// harHeaders lists headers sorted by name, each value its own line.
func harHeaders(h http.Header) []har.Header {
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	out := []har.Header{}
	for _, n := range names {
		for _, v := range h[n] {
			out = append(out, har.Header{Name: n, Value: v})
		}
	}
	return out
}

// ms is d in milliseconds, rounded to microseconds.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
