package browser

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/har"
)

// TestRecordHARFixtures records the CDP events real Chromium sends for a few scenarios into
// artifacts/har/testdata/har/*.json, which the HAR builder's unit tests replay. It only runs when
// asked to:
//
//	E2E_RECORD_HAR=1 go test ./browser -run TestRecordHARFixtures
func TestRecordHARFixtures(t *testing.T) {
	if os.Getenv("E2E_RECORD_HAR") == "" {
		t.Skip("set E2E_RECORD_HAR=1 to re-record artifacts/har/testdata/har")
	}
	b := netTestBrowser(t)
	site := newNetSite(t)
	dir := filepath.Join("..", "artifacts", "har", "testdata", "har")
	require.NoError(t, os.MkdirAll(dir, 0o755))

	waitDone := func(p *rod.Page) { p.Timeout(20 * time.Second).MustWait(`() => document.title === "done"`) }
	scenarios := []struct {
		name, about string
		drive       func(p *rod.Page)
	}{
		{"redirect", "a page load through a 302 -> 302 -> 200 redirect chain", func(p *rod.Page) {
			p.MustNavigate(site.URL + "/start").MustWaitLoad()
		}},
		{"form_post", "a login form posted with a password; the answer sets a cookie, logs to the console, throws, and fetches an API that answers 500", func(p *rod.Page) {
			p.MustNavigate(site.URL + "/login").MustWaitLoad()
			p.MustElement("#username").MustInput("alice")
			p.MustElement("#password").MustInput(netPassword)
			wait := p.WaitNavigation(proto.PageLifecycleEventNameLoad)
			p.MustElement("#submit").MustClick()
			wait()
			waitDone(p)
		}},
		{"fetch_500", "a fetch() POST answered 500", func(p *rod.Page) {
			p.MustNavigate(site.URL + "/page?script=fail500").MustWaitLoad()
			waitDone(p)
		}},
		{"failed", "a fetch() to a closed port, which fails without a response", func(p *rod.Page) {
			p.MustNavigate(site.URL + "/page?script=closed").MustWaitLoad()
			waitDone(p)
		}},
		{"big_body", "a fetch() of a 600 KiB text body (its body is left out of the recording)", func(p *rod.Page) {
			p.MustNavigate(site.URL + "/page?script=big").MustWaitLoad()
			waitDone(p)
		}},
		{"set_cookie", "a page that sets cookies, then a fetch() that sends them", func(p *rod.Page) {
			p.MustNavigate(site.URL + "/set-cookie").MustWaitLoad()
			waitDone(p)
		}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			rec := recordRawEvents(t, b, sc.drive)
			rec.Scenario, rec.About = sc.name, sc.about
			data, err := json.MarshalIndent(rec, "", " ")
			require.NoError(t, err)
			require.NoError(t, artifacts.WriteFileAtomic(filepath.Join(dir, sc.name+".json"), append(data, '\n')))
		})
	}
}

// rawRecording is the file format of artifacts/har/testdata/har/*.json.
type rawRecording struct {
	Scenario string     `json:"scenario"`
	About    string     `json:"about"`
	Events   []rawEvent `json:"events"`
}

// rawEvent is one CDP event, or a "body" pseudo-event holding a Network.getResponseBody result.
type rawEvent struct {
	Method string `json:"method"`
	Params any    `json:"params"`
}

// rawBody is the params of a "body" pseudo-event.
type rawBody struct {
	RequestID     proto.NetworkRequestID `json:"requestId"`
	Body          string                 `json:"body,omitempty"`
	Base64Encoded bool                   `json:"base64Encoded,omitempty"`
	Error         string                 `json:"error,omitempty"`
}

// maxRecordedBody is the largest body the recorder keeps; larger ones are left out.
const maxRecordedBody = 256 << 10

// recordRawEvents drives a fresh incognito page and returns every Network, Runtime console and
// Log event it produced in arrival order, followed by the bodies of finished requests.
func recordRawEvents(t *testing.T, b *Browser, drive func(p *rod.Page)) rawRecording {
	ctx, err := b.NewContext(context.Background())
	require.NoError(t, err)
	defer func() { _ = ctx.Close() }()
	page, err := ctx.NewPage(context.Background())
	require.NoError(t, err)

	evCtx, cancel := context.WithCancel(context.Background())
	events := page.Context(evCtx).Event()
	var (
		mu       sync.Mutex
		out      []rawEvent
		started  = map[proto.NetworkRequestID]bool{}
		ended    = map[proto.NetworkRequestID]bool{}
		received = map[proto.NetworkRequestID]int{}
	)
	loopDone := make(chan struct{})
	go func() {
		defer close(loopDone)
		for msg := range events {
			var e proto.Event
			switch msg.Method {
			case "Network.requestWillBeSent":
				v := &proto.NetworkRequestWillBeSent{}
				msg.Load(v)
				mu.Lock()
				started[v.RequestID] = true
				mu.Unlock()
				e = v
			case "Network.requestWillBeSentExtraInfo":
				e = &proto.NetworkRequestWillBeSentExtraInfo{}
			case "Network.requestServedFromCache":
				e = &proto.NetworkRequestServedFromCache{}
			case "Network.responseReceived":
				e = &proto.NetworkResponseReceived{}
			case "Network.responseReceivedExtraInfo":
				e = &proto.NetworkResponseReceivedExtraInfo{}
			case "Network.dataReceived":
				v := &proto.NetworkDataReceived{}
				msg.Load(v)
				mu.Lock()
				received[v.RequestID] += v.DataLength
				mu.Unlock()
				e = v
			case "Network.loadingFinished":
				v := &proto.NetworkLoadingFinished{}
				msg.Load(v)
				mu.Lock()
				ended[v.RequestID] = true
				mu.Unlock()
				e = v
			case "Network.loadingFailed":
				v := &proto.NetworkLoadingFailed{}
				msg.Load(v)
				mu.Lock()
				ended[v.RequestID] = true
				mu.Unlock()
				e = v
			case "Runtime.consoleAPICalled":
				e = &proto.RuntimeConsoleAPICalled{}
			case "Runtime.exceptionThrown":
				e = &proto.RuntimeExceptionThrown{}
			case "Log.entryAdded":
				e = &proto.LogEntryAdded{}
			default:
				continue
			}
			msg.Load(e)
			mu.Lock()
			out = append(out, rawEvent{Method: msg.Method, Params: e})
			mu.Unlock()
		}
	}()
	require.NoError(t, enableDomains(page, har.NewBuilder(har.Options{MaxBody: 1 << 20}), artifacts.NewConsoleLog()))

	drive(page)

	// Every request that started must have ended (or be a data: URL, which never does).
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		for id := range started {
			if !ended[id] {
				return false
			}
		}
		return true
	}, 10*time.Second, 20*time.Millisecond)
	cancel()
	<-loopDone

	rec := rawRecording{Events: out}
	for _, ev := range out {
		lf, ok := ev.Params.(*proto.NetworkLoadingFinished)
		if !ok {
			continue
		}
		rb := rawBody{RequestID: lf.RequestID}
		if received[lf.RequestID] > maxRecordedBody {
			continue
		}
		res, err := proto.NetworkGetResponseBody{RequestID: lf.RequestID}.Call(page)
		if err != nil {
			rb.Error = err.Error()
		} else {
			rb.Body, rb.Base64Encoded = res.Body, res.Base64Encoded
		}
		rec.Events = append(rec.Events, rawEvent{Method: "body", Params: rb})
	}
	return rec
}

// netTestBrowser opens a headless Chromium for the test and closes it when the test ends.
func netTestBrowser(t testing.TB) *Browser {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	b, err := Open(ctx, Options{Headless: true})
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.Close() })
	return b
}
