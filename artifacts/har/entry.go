package har

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// buildEntry turns a hop into a HAR entry (not yet redacted).
func buildEntry(s *hopSnapshot, now float64) Entry {
	h := &s.h
	connectStart := 0.0
	if s.reqExtra != nil && s.reqExtra.ConnectTiming != nil {
		connectStart = s.reqExtra.ConnectTiming.RequestTime
	}
	timings := buildTimings(settleTimes(h, connectStart, now))
	total := roundTimings(&timings)
	e := Entry{
		StartedDateTime: isoTime(h.wallTime),
		Time:            total,
		Timings:         timings,
		ResourceType:    devtoolsResourceType(h.resourceType),
		Routed:          s.routed,
	}
	e.Request = buildRequest(h, s.reqExtra)
	e.Response = buildResponse(h, s.respExtra)
	if h.memCache {
		e.Cache.Comment = "served from the memory cache"
	} else if h.resp != nil && h.resp.FromDiskCache {
		e.Cache.Comment = "served from the disk cache"
	}
	if r := h.resp; r != nil {
		e.ServerIPAddress = strings.Trim(r.RemoteIPAddress, "[]")
		if r.ConnectionID != 0 {
			e.Connection = strconv.FormatFloat(r.ConnectionID, 'f', -1, 64)
		}
		if e.Request.HTTPVersion == "" {
			e.Request.HTTPVersion = protocolVersion(r.Protocol)
		}
	}
	return e
}

func buildRequest(h *harHop, extra *proto.NetworkRequestWillBeSentExtraInfo) Request {
	req := h.req
	hdrs := req.Headers
	if extra != nil && len(extra.Headers) > 0 {
		hdrs = extra.Headers
	}
	headers := headerList(hdrs)
	out := Request{
		Method:      req.Method,
		URL:         req.URL,
		Headers:     headers,
		Cookies:     requestCookies(headers),
		QueryString: queryParams(req.URL),
		HeadersSize: -1,
		BodySize:    0,
	}
	if pd, size := postData(req, headers); pd != nil {
		out.PostData = pd
		out.BodySize = size
	}
	return out
}

// postData builds the request body and its size in bytes (-1 when unknown).
func postData(req *proto.NetworkRequest, headers []Header) (*PostData, int64) {
	text := req.PostData
	if text == "" && len(req.PostDataEntries) > 0 {
		var b strings.Builder
		for _, p := range req.PostDataEntries {
			b.Write(p.Bytes)
		}
		text = b.String()
	}
	if text == "" && !req.HasPostData {
		return nil, 0
	}
	pd := &PostData{MimeType: headerValue(headers, "content-type"), Text: text}
	if text == "" {
		pd.Comment = "request body not captured"
		if n, err := strconv.ParseInt(headerValue(headers, "content-length"), 10, 64); err == nil && n >= 0 {
			return pd, n
		}
		return pd, -1
	}
	if redact.BaseMIME(pd.MimeType) == "application/x-www-form-urlencoded" {
		for pair := range strings.SplitSeq(text, "&") {
			if pair == "" {
				continue
			}
			name, value, _ := strings.Cut(pair, "=")
			pd.Params = append(pd.Params, Param{Name: redact.DecodeFormComponent(name), Value: redact.DecodeFormComponent(value)})
		}
	}
	return pd, int64(len(text))
}

func buildResponse(h *harHop, extra *proto.NetworkResponseReceivedExtraInfo) Response {
	out := Response{
		Cookies:     []Cookie{},
		Headers:     []Header{},
		HeadersSize: -1,
		BodySize:    -1,
		Content:     Content{MimeType: "x-unknown"},
	}
	switch h.state {
	case hopFailed:
		out.Error = h.errorText
	case hopPending:
		out.Error = pendingAtCapture
	}
	headersText := ""
	var hdrs proto.NetworkHeaders
	if extra != nil {
		hdrs, headersText = extra.Headers, extra.HeadersText
	}
	r := h.resp
	if r != nil {
		if len(hdrs) == 0 {
			hdrs = r.Headers
		}
		if headersText == "" {
			headersText = r.HeadersText
		}
		out.Status = r.Status
		out.StatusText = r.StatusText
		if out.StatusText == "" {
			out.StatusText = http.StatusText(r.Status)
		}
		out.HTTPVersion = protocolVersion(r.Protocol)
		if r.MIMEType != "" {
			out.Content.MimeType = r.MIMEType
		}
	}
	out.Headers = headerList(hdrs)
	out.Cookies = responseCookies(out.Headers)
	if headersText != "" {
		out.HeadersSize = int64(len(headersText))
		if m := statusLineVersion.FindStringSubmatch(headersText); m != nil {
			out.HTTPVersion = m[1]
		}
	}
	if r == nil {
		return out
	}

	out.RedirectURL = h.redirectURL
	if out.RedirectURL == "" && r.Status >= 300 && r.Status < 400 {
		out.RedirectURL = resolveURL(r.URL, headerValue(out.Headers, "location"))
	}

	transfer := h.encodedTotal
	if transfer > 0 {
		out.TransferSize = int64(transfer)
	}
	switch {
	case r.Status == 304 || ((h.memCache || r.FromDiskCache || r.FromPrefetchCache) && transfer <= 0):
		out.BodySize = 0
	case out.HeadersSize >= 0 && transfer >= float64(out.HeadersSize):
		out.BodySize = int64(transfer) - out.HeadersSize
	case h.dataEncoded > 0:
		out.BodySize = h.dataEncoded
	}

	c := &out.Content
	c.Size = h.dataLen
	if h.bodySize >= 0 {
		c.Size = h.bodySize
	}
	if h.body == bodyDone && h.bodyErr == "" && h.bodyComment == "" {
		setContentText(c, h.bodyText, h.bodyBase64)
	}
	c.Comment, c.BodyError = h.bodyComment, h.bodyErr
	if out.BodySize >= 0 && c.Size > out.BodySize && headerValue(out.Headers, "content-encoding") != "" {
		c.Compression = c.Size - out.BodySize
	}
	return out
}

// setContentText stores a fetched body: as plain text when it is (or decodes to) UTF-8, else
// base64 encoded.
func setContentText(c *Content, body string, isBase64 bool) {
	if !isBase64 {
		c.Text = body
		return
	}
	if raw, err := base64.StdEncoding.DecodeString(body); err == nil && utf8.Valid(raw) {
		c.Text = string(raw)
		return
	}
	c.Text, c.Encoding = body, "base64"
}

// base64DecodedLen returns the decoded length of standard base64 text.
func base64DecodedLen(s string) int64 {
	n := int64(len(s)) / 4 * 3
	switch {
	case strings.HasSuffix(s, "=="):
		n -= 2
	case strings.HasSuffix(s, "="):
		n--
	}
	return n
}

var statusLineVersion = regexp.MustCompile(`^(HTTP/\d+(?:\.\d+)?)`)

// protocolVersion spells Chrome's protocol name as HAR's httpVersion, as DevTools does.
func protocolVersion(p string) string {
	p = strings.ToLower(p)
	switch {
	case p == "":
		return ""
	case p == "h2":
		return "http/2.0"
	case p == "http/1.1" || p == "http/1.0" || p == "http/0.9":
		return strings.ToUpper(p)
	case strings.HasPrefix(p, "http/2+"):
		return "http/2.0+" + p[len("http/2+"):]
	}
	return p
}

// resolveURL resolves a Location value against the URL it came from.
func resolveURL(base, ref string) string {
	if ref == "" {
		return ""
	}
	b, err := url.Parse(base)
	if err != nil {
		return ref
	}
	u, err := b.Parse(ref)
	if err != nil {
		return ref
	}
	return u.String()
}

// devtoolsResourceType spells Chrome's resource type as DevTools' HAR export does.
func devtoolsResourceType(t proto.NetworkResourceType) string {
	switch t {
	case "":
		return ""
	case proto.NetworkResourceTypeCSPViolationReport:
		return "csp-violation-report"
	case proto.NetworkResourceTypeSignedExchange:
		return "signed-exchange"
	}
	return strings.ToLower(string(t))
}
