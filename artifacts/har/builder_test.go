package har

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"
	"github.com/ysmood/gson"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

func headers(kv ...string) proto.NetworkHeaders {
	h := proto.NetworkHeaders{}
	for i := 0; i+1 < len(kv); i += 2 {
		h[kv[i]] = gson.New(kv[i+1])
	}
	return h
}

// request issues a GET (or the method given) of url under id at ts.
func request(b *Builder, id, method, url string, ts float64) *proto.NetworkRequest {
	req := &proto.NetworkRequest{URL: url, Method: method, Headers: headers("User-Agent", "test")}
	b.RequestWillBeSent(&proto.NetworkRequestWillBeSent{RequestID: proto.NetworkRequestID(id), Request: req, Timestamp: proto.MonotonicTime(ts), WallTime: proto.TimeSinceEpoch(1700000000 + ts)})
	return req
}

func respond(b *Builder, id string, status int, mime string, ts float64, h proto.NetworkHeaders) {
	b.ResponseReceived(&proto.NetworkResponseReceived{
		RequestID: proto.NetworkRequestID(id), Timestamp: proto.MonotonicTime(ts), Type: proto.NetworkResourceTypeFetch,
		Response: &proto.NetworkResponse{Status: status, MIMEType: mime, Headers: h, Protocol: "h2"},
	})
}

func finish(b *Builder, id string, ts float64, decoded int) bool {
	if decoded > 0 {
		b.DataReceived(&proto.NetworkDataReceived{RequestID: proto.NetworkRequestID(id), Timestamp: proto.MonotonicTime(ts), DataLength: decoded, EncodedDataLength: decoded})
	}
	return b.LoadingFinished(&proto.NetworkLoadingFinished{RequestID: proto.NetworkRequestID(id), Timestamp: proto.MonotonicTime(ts), EncodedDataLength: float64(decoded)})
}

func TestBuilderBodies(t *testing.T) {
	b := NewBuilder(Options{MaxBody: 1000})
	// Textual and small: wanted, kept.
	request(b, "1", "GET", "https://a.test/data.json", 1)
	respond(b, "1", 200, "application/json", 1.1, headers("Content-Type", "application/json"))
	require.True(t, finish(b, "1", 1.2, 11))
	b.SetBody("1", `{"ok":true}`, false, nil)

	// Binary: not wanted.
	request(b, "2", "GET", "https://a.test/logo.png", 2)
	respond(b, "2", 200, "image/png", 2.1, nil)
	require.False(t, finish(b, "2", 2.2, 500))

	// Content-Length over the limit although little was reported as received: not wanted.
	request(b, "3", "GET", "https://a.test/big.txt", 3)
	respond(b, "3", 200, "text/plain", 3.1, headers("Content-Length", "5000"))
	require.False(t, finish(b, "3", 3.2, 0))

	// Base64 text that is UTF-8: stored as plain text.
	request(b, "4", "GET", "https://a.test/x.svg", 4)
	respond(b, "4", 200, "image/svg+xml", 4.1, nil)
	require.True(t, finish(b, "4", 4.2, 6))
	b.SetBody("4", base64.StdEncoding.EncodeToString([]byte("<svg/>")), true, nil)

	// Base64 that is not UTF-8: stays base64.
	request(b, "5", "GET", "https://a.test/weird.txt", 5)
	respond(b, "5", 200, "text/plain", 5.1, nil)
	require.True(t, finish(b, "5", 5.2, 3))
	b.SetBody("5", base64.StdEncoding.EncodeToString([]byte{0xff, 0xfe, 0x00}), true, nil)

	// The fetch failed.
	request(b, "6", "GET", "https://a.test/gone.js", 6)
	respond(b, "6", 200, "application/javascript", 6.1, nil)
	require.True(t, finish(b, "6", 6.2, 10))
	b.SetBody("6", "", false, errors.New("No resource with given identifier found"))

	// Larger than announced: dropped whole.
	request(b, "7", "GET", "https://a.test/liar.txt", 7)
	respond(b, "7", 200, "text/plain", 7.1, nil)
	require.True(t, finish(b, "7", 7.2, 0))
	b.SetBody("7", strings.Repeat("x", 1001), false, nil)

	// 304 and HEAD have no body.
	request(b, "8", "GET", "https://a.test/cached.css", 8)
	respond(b, "8", 304, "text/css", 8.1, nil)
	require.False(t, finish(b, "8", 8.2, 0))
	request(b, "9", "HEAD", "https://a.test/head.txt", 9)
	respond(b, "9", 200, "text/plain", 9.1, nil)
	require.False(t, finish(b, "9", 9.2, 0))

	// A body handed over for a request that did not ask is ignored.
	b.SetBody("2", "PNG", false, nil)

	h := b.HAR()
	requireValidHAR(t, h)
	e := h.Log.Entries
	require.Len(t, e, 9)
	require.Equal(t, `{"ok":true}`, e[0].Response.Content.Text)
	require.Equal(t, int64(11), e[0].Response.Content.Size)
	require.Equal(t, "http/2.0", e[0].Response.HTTPVersion)
	require.Empty(t, e[1].Response.Content.Text)
	require.Empty(t, e[1].Response.Content.Comment)
	require.Contains(t, e[2].Response.Content.Comment, "5000 bytes is over the 1000-byte limit")
	require.Equal(t, "<svg/>", e[3].Response.Content.Text)
	require.Empty(t, e[3].Response.Content.Encoding)
	require.Equal(t, "base64", e[4].Response.Content.Encoding)
	require.Equal(t, base64.StdEncoding.EncodeToString([]byte{0xff, 0xfe, 0x00}), e[4].Response.Content.Text)
	require.Equal(t, int64(3), e[4].Response.Content.Size)
	require.Empty(t, e[5].Response.Content.Text)
	require.Equal(t, "No resource with given identifier found", e[5].Response.Content.BodyError)
	require.Empty(t, e[6].Response.Content.Text)
	require.Contains(t, e[6].Response.Content.Comment, "1001 bytes is over the 1000-byte limit")
	require.Equal(t, int64(1001), e[6].Response.Content.Size)
	require.Equal(t, int64(0), e[7].Response.BodySize)
}

func TestBuilderNoBodiesWhenMaxBodyIsZero(t *testing.T) {
	b := NewBuilder(Options{})
	request(b, "1", "GET", "https://a.test/", 1)
	respond(b, "1", 200, "text/html", 1.1, nil)
	require.False(t, finish(b, "1", 1.2, 10))
}

func TestBuilderPostData(t *testing.T) {
	b := NewBuilder(Options{Redactor: redact.NewRedactor(redact.Options{})})
	// Post data too large for the event: only hasPostData.
	b.RequestWillBeSent(&proto.NetworkRequestWillBeSent{RequestID: "1", Timestamp: 1, WallTime: 1700000001,
		Request: &proto.NetworkRequest{URL: "https://a.test/upload", Method: "POST", HasPostData: true,
			Headers: headers("Content-Type", "multipart/form-data; boundary=x", "Content-Length", "123456")}})
	// Post data only as entries.
	b.RequestWillBeSent(&proto.NetworkRequestWillBeSent{RequestID: "2", Timestamp: 2, WallTime: 1700000002,
		Request: &proto.NetworkRequest{URL: "https://a.test/login?next=%2Fhome&code=abc123", Method: "POST", HasPostData: true,
			Headers:         headers("Content-Type", "application/x-www-form-urlencoded"),
			PostDataEntries: []*proto.NetworkPostDataEntry{{Bytes: []byte("user=bob&")}, {Bytes: []byte("password=p%40ss+word")}}}})
	h := b.HAR()
	requireValidHAR(t, h)
	up := h.Log.Entries[0].Request
	require.Equal(t, "multipart/form-data; boundary=x", up.PostData.MimeType)
	require.Empty(t, up.PostData.Text)
	require.Equal(t, "request body not captured", up.PostData.Comment)
	require.Equal(t, int64(123456), up.BodySize)

	login := h.Log.Entries[1].Request
	require.Equal(t, "user=bob&password="+redact.Redacted, login.PostData.Text)
	require.Equal(t, []Param{{Name: "user", Value: "bob"}, {Name: "password", Value: redact.Redacted}}, login.PostData.Params)
	require.Equal(t, int64(len("user=bob&password=p%40ss+word")), login.BodySize)
	require.Equal(t, "https://a.test/login?next=%2Fhome&code="+redact.Redacted, login.URL)
	require.Equal(t, []QueryParam{{Name: "next", Value: "/home"}, {Name: "code", Value: redact.Redacted}}, login.QueryString)
	require.Equal(t, "pending at capture", h.Log.Entries[1].Response.Error)
}

func TestBuilderSkipsDataURLs(t *testing.T) {
	b := NewBuilder(Options{MaxBody: 100})
	request(b, "1", "GET", "data:image/png;base64,AAAA", 1)
	respond(b, "1", 200, "image/png", 1, nil)
	require.False(t, finish(b, "1", 1, 3))
	require.Equal(t, 0, b.Len())
	require.Empty(t, b.HAR().Log.Entries)
}

func TestBuilderRedirectWithoutExtraInfo(t *testing.T) {
	// Extra info for the final hop only: the redirect said it has none.
	b := NewBuilder(Options{})
	request(b, "1", "GET", "https://a.test/old", 1)
	b.RequestWillBeSent(&proto.NetworkRequestWillBeSent{
		RequestID: "1", Timestamp: 1.01, WallTime: 1700000001.01, RedirectHasExtraInfo: false,
		Request:          &proto.NetworkRequest{URL: "https://a.test/new", Method: "GET"},
		RedirectResponse: &proto.NetworkResponse{Status: 301, URL: "https://a.test/old", Headers: headers("Location", "/new")},
	})
	b.RequestWillBeSentExtraInfo(&proto.NetworkRequestWillBeSentExtraInfo{RequestID: "1", Headers: headers("Host", "a.test", "Cookie", "a=1")})
	b.ResponseReceivedExtraInfo(&proto.NetworkResponseReceivedExtraInfo{RequestID: "1", StatusCode: 200, Headers: headers("Set-Cookie", "b=2\nc=3")})
	b.ResponseReceived(&proto.NetworkResponseReceived{RequestID: "1", Timestamp: 1.02, HasExtraInfo: true,
		Response: &proto.NetworkResponse{Status: 200, URL: "https://a.test/new", MIMEType: "text/html"}})
	finish(b, "1", 1.03, 0)
	h := b.HAR()
	requireValidHAR(t, h)
	require.Len(t, h.Log.Entries, 2)
	old, cur := h.Log.Entries[0], h.Log.Entries[1]
	require.Equal(t, 301, old.Response.Status)
	require.Equal(t, "https://a.test/new", old.Response.RedirectURL)
	require.Empty(t, old.Request.Cookies)
	require.Equal(t, []Cookie{{Name: "a", Value: "1"}}, cur.Request.Cookies)
	require.Equal(t, []Cookie{{Name: "b", Value: "2"}, {Name: "c", Value: "3"}}, cur.Response.Cookies)
}

func TestBuilderIgnoresUnknownAndLateEvents(t *testing.T) {
	b := NewBuilder(Options{MaxBody: 10})
	respond(b, "nope", 200, "text/plain", 1, nil)
	require.False(t, finish(b, "nope", 1, 1))
	b.LoadingFailed(&proto.NetworkLoadingFailed{RequestID: "nope"})
	b.SetBody("nope", "x", false, nil)
	b.RequestWillBeSent(nil)
	b.ResponseReceived(nil)
	require.Equal(t, 0, b.Len())

	request(b, "1", "GET", "https://a.test/", 1)
	respond(b, "1", 200, "text/plain", 1.1, nil)
	require.True(t, finish(b, "1", 1.2, 2))
	// A second loadingFinished or a late failure does not change the entry.
	require.False(t, finish(b, "1", 1.3, 2))
	b.LoadingFailed(&proto.NetworkLoadingFailed{RequestID: "1", Timestamp: 1.4, ErrorText: "late"})
	e := b.HAR().Log.Entries[0]
	require.Empty(t, e.Response.Error)
}

func TestBuilderMemoryCache(t *testing.T) {
	b := NewBuilder(Options{})
	request(b, "1", "GET", "https://a.test/logo.svg", 1)
	b.RequestServedFromCache(&proto.NetworkRequestServedFromCache{RequestID: "1"})
	tm := timing(0.5) // the original load's timing: DevTools ignores it for memory-cache hits
	tm.SendStart, tm.SendEnd, tm.ReceiveHeadersEnd = 1, 2, 3
	b.ResponseReceived(&proto.NetworkResponseReceived{RequestID: "1", Timestamp: 1.001,
		Response: &proto.NetworkResponse{Status: 200, MIMEType: "image/svg+xml", Timing: tm}})
	b.LoadingFinished(&proto.NetworkLoadingFinished{RequestID: "1", Timestamp: 1.002})
	e := b.HAR().Log.Entries[0]
	requireTimings(t, e)
	require.InDelta(t, 1.0, e.Timings.Wait, 1e-9)
	require.InDelta(t, 1.0, e.Timings.Receive, 1e-9)
	require.Equal(t, int64(0), e.Response.BodySize)
	require.Equal(t, "served from the memory cache", e.Cache.Comment)
}

func TestBuilderReusedRequestID(t *testing.T) {
	b := NewBuilder(Options{})
	request(b, "7", "GET", "https://a.test/first", 1)
	b.RequestWillBeSentExtraInfo(&proto.NetworkRequestWillBeSentExtraInfo{RequestID: "7", Headers: headers("Host", "first")})
	b.ResponseReceived(&proto.NetworkResponseReceived{RequestID: "7", Timestamp: 1.1, HasExtraInfo: true,
		Response: &proto.NetworkResponse{Status: 200, MIMEType: "text/html"}})
	finish(b, "7", 1.2, 0)
	// The same id again, its ExtraInfo first.
	b.RequestWillBeSentExtraInfo(&proto.NetworkRequestWillBeSentExtraInfo{RequestID: "7", Headers: headers("Host", "second")})
	request(b, "7", "GET", "https://a.test/second", 2)
	request(b, "7", "GET", "https://a.test/second", 2.01) // a duplicate while in flight: ignored
	b.ResponseReceived(&proto.NetworkResponseReceived{RequestID: "7", Timestamp: 2.1, HasExtraInfo: true,
		Response: &proto.NetworkResponse{Status: 204, MIMEType: "text/html"}})
	finish(b, "7", 2.2, 0)
	h := b.HAR()
	requireValidHAR(t, h)
	require.Len(t, h.Log.Entries, 2)
	require.Equal(t, "first", headerValue(h.Log.Entries[0].Request.Headers, "host"))
	require.Equal(t, "second", headerValue(h.Log.Entries[1].Request.Headers, "host"))
	require.Equal(t, 204, h.Log.Entries[1].Response.Status)
}

func TestBuilderMakesEveryCookieOnTheWireASecret(t *testing.T) {
	r := redact.NewRedactor(redact.Options{})
	b := NewBuilder(Options{Redactor: r})
	request(b, "1", "POST", "https://a.test/login", 1)
	b.RequestWillBeSentExtraInfo(&proto.NetworkRequestWillBeSentExtraInfo{RequestID: "1", Headers: headers("Cookie", "pre=csrf-cookie-1; x=1")})
	b.ResponseReceivedExtraInfo(&proto.NetworkResponseReceivedExtraInfo{RequestID: "1", StatusCode: 303,
		Headers: headers("Set-Cookie", "sid=session-id-1; Path=/; HttpOnly\ntheme=dark-mode-2")})
	// The browser may drop the cookies later (a logout): they stay secrets of the flow.
	require.Equal(t, "sid "+redact.Redacted+", pre "+redact.Redacted+", theme "+redact.Redacted+", x=1",
		r.Text("sid session-id-1, pre csrf-cookie-1, theme dark-mode-2, x=1"), "values under 6 characters are left alone")
}

func TestBuilderRedirectURLFollowsTheLocationRules(t *testing.T) {
	for _, tc := range []struct {
		opts redact.Options
		want string
	}{
		{redact.Options{}, "https://a.test/next?token=" + redact.Redacted},
		{redact.Options{Headers: []string{"location"}}, redact.Redacted},
	} {
		b := NewBuilder(Options{Redactor: redact.NewRedactor(tc.opts)})
		request(b, "1", "POST", "https://a.test/login", 1)
		b.RequestWillBeSent(&proto.NetworkRequestWillBeSent{
			RequestID: "1", Timestamp: 1.01, WallTime: 1700000001.01,
			Request:          &proto.NetworkRequest{URL: "https://a.test/next?token=t-1", Method: "GET"},
			RedirectResponse: &proto.NetworkResponse{Status: 303, URL: "https://a.test/login", Headers: headers("Location", "/next?token=t-1")},
		})
		h := b.HAR()
		requireValidHAR(t, h)
		require.Equal(t, tc.want, h.Log.Entries[0].Response.RedirectURL, "%+v", tc.opts)
	}
}
