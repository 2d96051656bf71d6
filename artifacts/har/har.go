// Package har builds HAR 1.2 files from Chrome DevTools Protocol Network events, redacted.
package har

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// HAR is an HTTP Archive 1.2 document (http://www.softwareishard.com/blog/har-12-spec/), as
// Builder.HAR returns it and network.har holds it.
type HAR struct {
	// Log is the archive's root object.
	Log Log `json:"log"`
}

// Log is the root of a HAR: who wrote it and the exchanges it holds.
type Log struct {
	// Version is always "1.2".
	Version string `json:"version"`
	// Creator names the tool that wrote the archive.
	Creator Creator `json:"creator"`
	// Browser names the browser, when known.
	Browser *Creator `json:"browser,omitempty"`
	// Pages lists the pages, when known; entries may then refer to them by pageref.
	Pages []Page `json:"pages,omitempty"`
	// Entries holds one entry per HTTP exchange (each redirect hop its own), sorted by
	// startedDateTime.
	Entries []Entry `json:"entries"`
	// Comment is free text.
	Comment string `json:"comment,omitempty"`
}

// Creator names an application and its version (log.creator and log.browser).
type Creator struct {
	// Name of the application.
	Name string `json:"name"`
	// Version of the application.
	Version string `json:"version"`
	// Comment is free text.
	Comment string `json:"comment,omitempty"`
}

// Page is one page of log.pages.
type Page struct {
	// StartedDateTime is when the page load started (ISO 8601).
	StartedDateTime string `json:"startedDateTime"`
	// ID is the page's unique id, referred to by entries' pageref.
	ID string `json:"id"`
	// Title of the page.
	Title string `json:"title"`
	// PageTimings holds the page load timings.
	PageTimings PageTimings `json:"pageTimings"`
	// Comment is free text.
	Comment string `json:"comment,omitempty"`
}

// PageTimings holds a page's load milestones in milliseconds since its start; -1 when they
// do not apply.
type PageTimings struct {
	// OnContentLoad is when DOMContentLoaded fired.
	OnContentLoad *float64 `json:"onContentLoad,omitempty"`
	// OnLoad is when the load event fired.
	OnLoad *float64 `json:"onLoad,omitempty"`
	// Comment is free text.
	Comment string `json:"comment,omitempty"`
}

// Entry is one HTTP exchange.
type Entry struct {
	// Pageref is the id of the page the entry belongs to, if pages are listed.
	Pageref string `json:"pageref,omitempty"`
	// StartedDateTime is when the request was issued (ISO 8601, millisecond precision, UTC).
	StartedDateTime string `json:"startedDateTime"`
	// Time is the total elapsed time of the exchange in milliseconds: the sum of the
	// non-negative timings but ssl.
	Time float64 `json:"time"`
	// Request is what was sent.
	Request Request `json:"request"`
	// Response is what came back; status 0 when nothing did.
	Response Response `json:"response"`
	// Cache holds cache information (always empty here).
	Cache Cache `json:"cache"`
	// Timings splits Time into phases.
	Timings Timings `json:"timings"`
	// ServerIPAddress is the IP address the browser connected to, when known.
	ServerIPAddress string `json:"serverIPAddress,omitempty"`
	// Connection is the id of the TCP/IP connection, when known.
	Connection string `json:"connection,omitempty"`
	// Comment is free text.
	Comment string `json:"comment,omitempty"`
	// ResourceType is Chrome's resource type in DevTools' lower-case spelling: document,
	// stylesheet, script, xhr, fetch, image, font, ...
	ResourceType string `json:"_resourceType,omitempty"`
	// Source is "tester" for a call e2e made itself (a backend API check), not the browser;
	// empty for the browser's own entries.
	Source string `json:"_source,omitempty"`
	// Routed is set when a route of the flow answered, failed, delayed or changed the request
	// (package route): the entry is then not what the backend said.
	Routed *Routed `json:"_routed,omitempty"`
}

// Routed says which route handled an entry's request and how.
type Routed struct {
	// Route names the route, e.g. "PUT /api/favourites/*".
	Route string `json:"route"`
	// Action is what it did: fulfilled, aborted, delayed, continued, modified or replayed.
	Action string `json:"action"`
	// Detail says more, e.g. "status 500" or "net::ERR_FAILED".
	Detail string `json:"detail,omitempty"`
}

// Request is the request of an entry.
type Request struct {
	// Method is the HTTP method.
	Method string `json:"method"`
	// URL is the absolute request URL without its fragment.
	URL string `json:"url"`
	// HTTPVersion is the protocol, e.g. "HTTP/1.1" or "http/2.0".
	HTTPVersion string `json:"httpVersion"`
	// Cookies are parsed from the Cookie header.
	Cookies []Cookie `json:"cookies"`
	// Headers are the headers sent (the wire headers when Chrome reported them).
	Headers []Header `json:"headers"`
	// QueryString holds the URL's query parameters, decoded.
	QueryString []QueryParam `json:"queryString"`
	// PostData is the request body, if any.
	PostData *PostData `json:"postData,omitempty"`
	// HeadersSize is the size of the request headers in bytes; -1 when unknown.
	HeadersSize int64 `json:"headersSize"`
	// BodySize is the size of the request body in bytes; -1 when unknown.
	BodySize int64 `json:"bodySize"`
	// Comment is free text.
	Comment string `json:"comment,omitempty"`
}

// Response is the response of an entry.
type Response struct {
	// Status is the HTTP status code; 0 when no response arrived.
	Status int `json:"status"`
	// StatusText is the reason phrase.
	StatusText string `json:"statusText"`
	// HTTPVersion is the protocol, e.g. "HTTP/1.1" or "http/2.0".
	HTTPVersion string `json:"httpVersion"`
	// Cookies are parsed from the Set-Cookie headers.
	Cookies []Cookie `json:"cookies"`
	// Headers are the headers received (the wire headers when Chrome reported them).
	Headers []Header `json:"headers"`
	// Content describes the response body.
	Content Content `json:"content"`
	// RedirectURL is where a redirect pointed, absolute; empty for other responses.
	RedirectURL string `json:"redirectURL"`
	// HeadersSize is the size of the response headers in bytes; -1 when unknown.
	HeadersSize int64 `json:"headersSize"`
	// BodySize is the size of the body as received (compressed) in bytes; -1 when unknown.
	BodySize int64 `json:"bodySize"`
	// Comment is free text.
	Comment string `json:"comment,omitempty"`
	// Error says why the exchange failed (Chrome's net error text, "canceled", a blocked
	// reason) or "pending at capture" for one still in flight; empty when it completed.
	Error string `json:"_error,omitempty"`
	// TransferSize is the total number of bytes received (headers and body), when known.
	TransferSize int64 `json:"_transferSize,omitempty"`
}

// Cookie is one cookie sent or set.
type Cookie struct {
	// Name of the cookie.
	Name string `json:"name"`
	// Value of the cookie ([REDACTED] after redaction).
	Value string `json:"value"`
	// Path the cookie applies to.
	Path string `json:"path,omitempty"`
	// Domain the cookie applies to.
	Domain string `json:"domain,omitempty"`
	// Expires is the expiry time (ISO 8601), if any.
	Expires string `json:"expires,omitempty"`
	// HTTPOnly is set for HttpOnly cookies.
	HTTPOnly bool `json:"httpOnly,omitempty"`
	// Secure is set for Secure cookies.
	Secure bool `json:"secure,omitempty"`
	// SameSite is Strict, Lax or None when the cookie said so.
	SameSite string `json:"sameSite,omitempty"`
	// Comment is free text.
	Comment string `json:"comment,omitempty"`
}

// Header is one header line.
type Header struct {
	// Name of the header as sent.
	Name string `json:"name"`
	// Value of the header.
	Value string `json:"value"`
	// Comment is free text.
	Comment string `json:"comment,omitempty"`
}

// QueryParam is one query string parameter.
type QueryParam struct {
	// Name of the parameter, decoded.
	Name string `json:"name"`
	// Value of the parameter, decoded.
	Value string `json:"value"`
	// Comment is free text.
	Comment string `json:"comment,omitempty"`
}

// PostData is a request body.
type PostData struct {
	// MimeType is the request's Content-Type.
	MimeType string `json:"mimeType"`
	// Params are the fields of a form-urlencoded body.
	Params []Param `json:"params,omitempty"`
	// Text is the body as text.
	Text string `json:"text"`
	// Comment is free text, e.g. why the body is missing.
	Comment string `json:"comment,omitempty"`
}

// Param is one posted form field.
type Param struct {
	// Name of the field.
	Name string `json:"name"`
	// Value of the field.
	Value string `json:"value,omitempty"`
	// FileName of an uploaded file.
	FileName string `json:"fileName,omitempty"`
	// ContentType of an uploaded file.
	ContentType string `json:"contentType,omitempty"`
	// Comment is free text.
	Comment string `json:"comment,omitempty"`
}

// Content describes a response body.
type Content struct {
	// Size is the length of the decoded body in bytes.
	Size int64 `json:"size"`
	// Compression is the number of bytes saved by compression, when known.
	Compression int64 `json:"compression,omitempty"`
	// MimeType is the response's MIME type ("x-unknown" when none).
	MimeType string `json:"mimeType"`
	// Text is the whole body, when it was kept: bodies are kept whole or not at all.
	Text string `json:"text,omitempty"`
	// Encoding is "base64" when Text is base64 encoded.
	Encoding string `json:"encoding,omitempty"`
	// Comment says why Text is missing when it was wanted: too large, or not fetchable.
	Comment string `json:"comment,omitempty"`
	// BodyError is the error from fetching the body, when that failed.
	BodyError string `json:"_bodyError,omitempty"`
}

// Cache holds cache information about an entry.
type Cache struct {
	// Comment is free text.
	Comment string `json:"comment,omitempty"`
}

// Timings splits an entry's time into phases, in milliseconds. Blocked, DNS, Connect and
// SSL are -1 when they do not apply; Send, Wait and Receive are never negative. SSL is part of
// Connect.
type Timings struct {
	// Blocked is the time spent queued or stalled before the request could be sent.
	Blocked float64 `json:"blocked"`
	// DNS is the DNS resolution time.
	DNS float64 `json:"dns"`
	// Connect is the time to set up the connection, SSL included.
	Connect float64 `json:"connect"`
	// Send is the time to send the request.
	Send float64 `json:"send"`
	// Wait is the time waiting for the first byte of the response.
	Wait float64 `json:"wait"`
	// Receive is the time to read the response.
	Receive float64 `json:"receive"`
	// SSL is the TLS handshake time.
	SSL float64 `json:"ssl"`
	// Comment is free text.
	Comment string `json:"comment,omitempty"`
}

// Marshal returns the HAR as indented JSON, without HTML escaping.
func (h *HAR) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(h); err != nil {
		return nil, fmt.Errorf("marshal HAR: %w", err)
	}
	return buf.Bytes(), nil
}
