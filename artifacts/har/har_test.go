package har

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// flowRedactor is what a flow sets up: the built-in rules plus the secrets it generated.
func flowRedactor() *redact.Redactor {
	r := redact.NewRedactor(redact.Options{})
	for _, s := range []string{recPassword, recSessionID, recAPIToken} {
		r.AddSecret(s)
	}
	return r
}

// requireValidHAR checks the invariants every HAR must keep: valid JSON, entries sorted by
// startedDateTime, every timing -1 (blocked/dns/connect/ssl only) or >= 0, and time the sum of
// the non-negative phases but ssl.
func requireValidHAR(t *testing.T, h *HAR) []byte {
	t.Helper()
	data, err := h.Marshal()
	require.NoError(t, err)
	require.True(t, json.Valid(data))
	require.Equal(t, "1.2", h.Log.Version)
	for i, e := range h.Log.Entries {
		if i > 0 {
			require.LessOrEqual(t, h.Log.Entries[i-1].StartedDateTime, e.StartedDateTime, "entries sorted")
		}
		requireTimings(t, e)
		require.NotNil(t, e.Request.Headers)
		require.NotNil(t, e.Request.Cookies)
		require.NotNil(t, e.Request.QueryString)
		require.NotNil(t, e.Response.Headers)
		require.NotNil(t, e.Response.Cookies)
		require.NotEmpty(t, e.Response.Content.MimeType)
	}
	return data
}

func requireTimings(t *testing.T, e Entry) {
	t.Helper()
	tm := e.Timings
	for name, v := range map[string]float64{"blocked": tm.Blocked, "dns": tm.DNS, "connect": tm.Connect, "ssl": tm.SSL} {
		require.True(t, v == -1 || v >= 0, "%s %s: %s = %v", e.Request.Method, e.Request.URL, name, v)
	}
	for name, v := range map[string]float64{"send": tm.Send, "wait": tm.Wait, "receive": tm.Receive} {
		require.GreaterOrEqual(t, v, 0.0, "%s %s: %s", e.Request.Method, e.Request.URL, name)
	}
	sum := 0.0
	for _, v := range []float64{tm.Blocked, tm.DNS, tm.Connect, tm.Send, tm.Wait, tm.Receive} {
		sum += max(v, 0)
	}
	require.InDelta(t, sum, e.Time, 0.01, "%s %s: time", e.Request.Method, e.Request.URL)
}

// requireNoSecrets checks that none of the flow's credentials survived.
func requireNoSecrets(t *testing.T, data []byte) {
	t.Helper()
	for _, s := range []string{recPassword, "hunter2-S3cret%21", recSessionID, recAPIToken, recCSRF} {
		require.NotContains(t, string(data), s)
	}
}

func entryByPath(t *testing.T, h *HAR, method, suffix string) []Entry {
	t.Helper()
	var out []Entry
	for _, e := range h.Log.Entries {
		path := e.Request.URL
		if i := strings.Index(path, "://"); i >= 0 {
			if j := strings.IndexByte(path[i+3:], '/'); j >= 0 {
				path = path[i+3+j:]
			}
		}
		if e.Request.Method == method && strings.HasPrefix(path, suffix) {
			out = append(out, e)
		}
	}
	require.NotEmpty(t, out, "no %s %s entry", method, suffix)
	return out
}

func TestHARRedirectChain(t *testing.T) {
	h := replayHAR(t, Options{MaxBody: 64 << 10, Redactor: flowRedactor()}, loadRecording(t, "redirect").Events)
	requireNoSecrets(t, requireValidHAR(t, h))

	start := entryByPath(t, h, "GET", "/start")[0]
	hop := entryByPath(t, h, "GET", "/hop")[0]
	final := entryByPath(t, h, "GET", "/login")[0]

	require.Equal(t, 302, start.Response.Status)
	require.True(t, strings.HasSuffix(start.Response.RedirectURL, "/hop?step=2&token="+redact.Redacted), start.Response.RedirectURL)
	require.Equal(t, hop.Request.URL, start.Response.RedirectURL)
	require.Equal(t, 302, hop.Response.Status)
	require.True(t, strings.HasSuffix(hop.Response.RedirectURL, "/login"))
	require.Equal(t, final.Request.URL, hop.Response.RedirectURL)
	require.Equal(t, 200, final.Response.Status)
	require.Empty(t, final.Response.RedirectURL)
	require.Empty(t, final.Response.Error)
	for _, e := range []Entry{start, hop, final} {
		require.Equal(t, "document", e.ResourceType)
		require.Equal(t, "HTTP/1.1", e.Response.HTTPVersion)
		require.Equal(t, "127.0.0.1", e.ServerIPAddress)
		require.Positive(t, e.Response.HeadersSize)
		// The wire headers (ExtraInfo) win over requestWillBeSent's: they include Host.
		require.NotEmpty(t, headerValue(e.Request.Headers, "host"))
	}
	require.Less(t, start.StartedDateTime, final.StartedDateTime)

	// The final document's body is kept, with its CSRF token and password field redacted.
	c := final.Response.Content
	require.Contains(t, c.Text, `<form method="POST" action="/login">`)
	require.Contains(t, c.Text, `<meta name="csrf-token" content="`+redact.Redacted+`">`)
	require.Equal(t, int64(len(c.Text))-int64(len(redact.Redacted))*2+2*int64(len(recCSRF)), c.Size)
	require.Equal(t, c.Size, final.Response.BodySize)

	// The token in the first redirect's query is redacted in the hop's query string too.
	require.Contains(t, hop.Request.QueryString, QueryParam{Name: "token", Value: redact.Redacted})
	require.Contains(t, hop.Request.QueryString, QueryParam{Name: "step", Value: "2"})
}

func TestHARFormPostAndFailingAPI(t *testing.T) {
	rec := loadRecording(t, "form_post")
	b := NewBuilder(Options{MaxBody: 64 << 10, Redactor: flowRedactor()})
	rp := newReplayer(t, b)
	rp.feed(rec.Events)
	h := b.HAR()
	requireNoSecrets(t, requireValidHAR(t, h))
	require.Equal(t, 3, b.Len())

	post := entryByPath(t, h, "POST", "/login")[0]
	pd := post.Request.PostData
	require.NotNil(t, pd)
	require.Equal(t, "application/x-www-form-urlencoded", pd.MimeType)
	require.Equal(t, "csrf_token="+redact.Redacted+"&username=alice&password="+redact.Redacted, pd.Text)
	require.Equal(t, []Param{{Name: "csrf_token", Value: redact.Redacted}, {Name: "username", Value: "alice"}, {Name: "password", Value: redact.Redacted}}, pd.Params)
	require.Equal(t, int64(len("csrf_token=csrf-7d5e3c1a9b&username=alice&password=hunter2-S3cret%21")), post.Request.BodySize)
	require.Equal(t, 200, post.Response.Status)
	require.Equal(t, redact.Redacted, headerValue(post.Response.Headers, "set-cookie"))
	require.Equal(t, []Cookie{{Name: "session", Value: redact.Redacted, Path: "/", HTTPOnly: true, SameSite: "Lax"}}, post.Response.Cookies)

	api := entryByPath(t, h, "POST", "/api/fail")[0]
	require.Equal(t, 500, api.Response.Status)
	require.Equal(t, "Internal Server Error", api.Response.StatusText)
	require.Equal(t, "internal error: database is down\n", api.Response.Content.Text)
	require.Equal(t, "fetch", api.ResourceType)
	require.JSONEq(t, `{"token":"[REDACTED]","password":"[REDACTED]","item":42}`, api.Request.PostData.Text)
	require.Equal(t, redact.Redacted, headerValue(api.Request.Headers, "cookie"))
	require.Equal(t, []Cookie{{Name: "session", Value: redact.Redacted}}, api.Request.Cookies)

	// The login page's body could not be fetched any more (the page had navigated away).
	get := entryByPath(t, h, "GET", "/login")[0]
	require.Empty(t, get.Response.Content.Text)
	require.Contains(t, get.Response.Content.BodyError, "No resource with given identifier")
	require.Contains(t, get.Response.Content.Comment, "body not available")
	require.Equal(t, int64(355), get.Response.Content.Size)
}

func TestHARFetch500(t *testing.T) {
	h := replayHAR(t, Options{MaxBody: 64 << 10, Redactor: flowRedactor()}, loadRecording(t, "fetch_500").Events)
	requireNoSecrets(t, requireValidHAR(t, h))
	api := entryByPath(t, h, "POST", "/api/fail")[0]
	require.Equal(t, 500, api.Response.Status)
	require.Equal(t, "text/plain", api.Response.Content.MimeType)
	require.Equal(t, "internal error: database is down\n", api.Response.Content.Text)
	require.Equal(t, int64(33), api.Response.Content.Size)
	require.Empty(t, api.Response.Error)
}

func TestHARFailedRequest(t *testing.T) {
	h := replayHAR(t, Options{MaxBody: 64 << 10, Redactor: flowRedactor()}, loadRecording(t, "failed").Events)
	requireValidHAR(t, h)
	failed := entryByPath(t, h, "GET", "/unreachable")[0]
	require.Equal(t, 0, failed.Response.Status)
	require.Equal(t, "net::ERR_CONNECTION_REFUSED", failed.Response.Error)
	require.Equal(t, int64(-1), failed.Response.HeadersSize)
	require.Equal(t, "x-unknown", failed.Response.Content.MimeType)
	require.Empty(t, failed.ServerIPAddress)
	// Without a response everything is blocked, as DevTools attributes it.
	require.Positive(t, failed.Timings.Blocked)
	require.Equal(t, failed.Timings.Blocked, failed.Time)
	require.Equal(t, -1.0, failed.Timings.DNS)
}

func TestHARBodyOverTheLimit(t *testing.T) {
	rec := loadRecording(t, "big_body")
	b := NewBuilder(Options{MaxBody: 64 << 10})
	rp := newReplayer(t, b)
	rp.feed(rec.Events)
	h := b.HAR()
	requireValidHAR(t, h)
	big := entryByPath(t, h, "GET", "/big")[0]
	require.Equal(t, 200, big.Response.Status)
	require.Empty(t, big.Response.Content.Text, "a body over the limit is left out whole")
	require.Contains(t, big.Response.Content.Comment, "614400 bytes is over the 65536-byte limit")
	require.Equal(t, int64(614400), big.Response.Content.Size)
	require.Greater(t, big.Response.BodySize, int64(614400))
	// The body was never asked for: only the page itself was.
	require.Len(t, rp.asked, 1)

	// A body that only turns out too large once fetched is dropped too.
	page := entryByPath(t, h, "GET", "/page")[0]
	require.NotEmpty(t, page.Response.Content.Text)
	small := NewBuilder(Options{MaxBody: 100})
	newReplayer(t, small).feed(rec.Events)
	for _, e := range small.HAR().Log.Entries {
		require.Empty(t, e.Response.Content.Text)
	}
}

func TestHARSetCookie(t *testing.T) {
	h := replayHAR(t, Options{MaxBody: 64 << 10, Redactor: flowRedactor()}, loadRecording(t, "set_cookie").Events)
	requireNoSecrets(t, requireValidHAR(t, h))
	page := entryByPath(t, h, "GET", "/set-cookie")[0]
	require.Equal(t, []Cookie{
		{Name: "session", Value: redact.Redacted, Path: "/", HTTPOnly: true},
		{Name: "theme", Value: redact.Redacted, Path: "/"},
	}, page.Response.Cookies)
	n := 0
	for _, hd := range page.Response.Headers {
		if strings.EqualFold(hd.Name, "set-cookie") {
			n++
			require.Equal(t, redact.Redacted, hd.Value)
		}
	}
	require.Equal(t, 2, n, "each Set-Cookie line is its own header")
	who := entryByPath(t, h, "GET", "/whoami")[0]
	require.Equal(t, []Cookie{{Name: "session", Value: redact.Redacted}, {Name: "theme", Value: redact.Redacted}}, who.Request.Cookies)
	require.JSONEq(t, `{"user":"alice","session":"[REDACTED]"}`, who.Response.Content.Text)
}

func TestHARWithoutRedactorKeepsValues(t *testing.T) {
	h := replayHAR(t, Options{MaxBody: 64 << 10}, loadRecording(t, "set_cookie").Events)
	page := entryByPath(t, h, "GET", "/set-cookie")[0]
	require.Equal(t, recSessionID, page.Response.Cookies[0].Value)
}

// TestHARShuffledEvents replays every recording in orders real Chrome can deliver and checks
// that the HAR comes out the same.
func TestHARShuffledEvents(t *testing.T) {
	for _, name := range recordingNames {
		t.Run(name, func(t *testing.T) {
			events := loadRecording(t, name).Events
			opts := Options{MaxBody: 64 << 10, Redactor: flowRedactor()}
			want, err := replayHAR(t, opts, events).Marshal()
			require.NoError(t, err)

			orders := map[string][]recEvent{
				"extra info first": extraInfoFirst(events),
				"extra info last":  extraInfoLast(events),
			}
			for seed := range uint64(25) {
				orders["random "+string(rune('a'+seed))] = shuffleLikeChrome(events, rand.New(rand.NewPCG(seed, 7)))
			}
			for label, order := range orders {
				h := replayHAR(t, opts, order)
				got, err := h.Marshal()
				require.NoError(t, err)
				require.Equal(t, string(want), string(got), label)
			}
		})
	}
}

func TestHARPendingAtCapture(t *testing.T) {
	events := loadRecording(t, "fetch_500").Events
	// Stop right after the API's response headers arrived: its body is still loading.
	var cut int
	for i, e := range events {
		if e.Method == "Network.responseReceived" &&
			decodeParams[proto.NetworkResponseReceived](t, e.Params).Response.Status == 500 {
			cut = i + 1
		}
	}
	require.Positive(t, cut)
	h := replayHAR(t, Options{MaxBody: 64 << 10}, events[:cut])
	requireValidHAR(t, h)
	api := entryByPath(t, h, "POST", "/api/fail")[0]
	require.Equal(t, 500, api.Response.Status)
	require.Equal(t, "pending at capture", api.Response.Error)

	// Right after requestWillBeSent nothing but the request is known.
	for i, e := range events {
		if e.Method == "Network.requestWillBeSent" && strings.Contains(string(e.Params), "/api/fail") {
			cut = i + 1
		}
	}
	h = replayHAR(t, Options{MaxBody: 64 << 10}, events[:cut])
	requireValidHAR(t, h)
	api = entryByPath(t, h, "POST", "/api/fail")[0]
	require.Equal(t, 0, api.Response.Status)
	require.Equal(t, "pending at capture", api.Response.Error)
	require.Equal(t, int64(-1), api.Response.BodySize)
}

func TestHARConcurrentUse(t *testing.T) {
	events := loadRecording(t, "form_post").Events
	b := NewBuilder(Options{MaxBody: 64 << 10, Redactor: flowRedactor()})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 20 {
			_ = b.HAR()
			_ = b.Len()
		}
	}()
	newReplayer(t, b).feed(events)
	<-done
	requireValidHAR(t, b.HAR())
}
