package har

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
)

// The credentials the recorded pages used (see browser/network_server_test.go).
const (
	recPassword  = "hunter2-S3cret!"
	recSessionID = "sess-9f8e7d6c5b4a3210"
	recAPIToken  = "tok-a1b2c3d4e5f6"
	recCSRF      = "csrf-7d5e3c1a9b"
)

// recording is a file of testdata/har, written by browser's TestRecordHARFixtures.
type recording struct {
	Scenario string     `json:"scenario"`
	About    string     `json:"about"`
	Events   []recEvent `json:"events"`
}

// recEvent is one recorded CDP event, or a "body" pseudo-event (a Network.getResponseBody
// result).
type recEvent struct {
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
}

type recBody struct {
	RequestID     proto.NetworkRequestID `json:"requestId"`
	Body          string                 `json:"body"`
	Base64Encoded bool                   `json:"base64Encoded"`
	Error         string                 `json:"error"`
}

func loadRecording(t testing.TB, name string) recording {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "har", name+".json"))
	require.NoError(t, err)
	var rec recording
	require.NoError(t, json.Unmarshal(data, &rec))
	require.NotEmpty(t, rec.Events)
	return rec
}

var recordingNames = []string{"redirect", "form_post", "fetch_500", "failed", "big_body", "set_cookie"}

// requestID returns the requestId of a Network event or body pseudo-event.
func (e recEvent) requestID() proto.NetworkRequestID {
	var v struct {
		RequestID proto.NetworkRequestID `json:"requestId"`
	}
	_ = json.Unmarshal(e.Params, &v)
	return v.RequestID
}

// replayer feeds recorded events to a builder and a console log the way browser.Record does:
// a body is handed over only when LoadingFinished asked for it.
type replayer struct {
	t       testing.TB
	har     *Builder
	console *artifacts.ConsoleLog
	wanted  map[proto.NetworkRequestID]bool
	asked   []proto.NetworkRequestID
}

func newReplayer(t testing.TB, har *Builder) *replayer {
	return &replayer{t: t, har: har, console: artifacts.NewConsoleLog(), wanted: map[proto.NetworkRequestID]bool{}}
}

func (r *replayer) feed(events []recEvent) {
	for _, e := range events {
		r.one(e)
	}
}

func decodeParams[T any](t testing.TB, raw json.RawMessage) *T {
	t.Helper()
	v := new(T)
	require.NoError(t, json.Unmarshal(raw, v))
	return v
}

func (r *replayer) one(e recEvent) {
	t := r.t
	switch e.Method {
	case "Network.requestWillBeSent":
		r.har.RequestWillBeSent(decodeParams[proto.NetworkRequestWillBeSent](t, e.Params))
	case "Network.requestWillBeSentExtraInfo":
		r.har.RequestWillBeSentExtraInfo(decodeParams[proto.NetworkRequestWillBeSentExtraInfo](t, e.Params))
	case "Network.responseReceived":
		r.har.ResponseReceived(decodeParams[proto.NetworkResponseReceived](t, e.Params))
	case "Network.responseReceivedExtraInfo":
		r.har.ResponseReceivedExtraInfo(decodeParams[proto.NetworkResponseReceivedExtraInfo](t, e.Params))
	case "Network.requestServedFromCache":
		r.har.RequestServedFromCache(decodeParams[proto.NetworkRequestServedFromCache](t, e.Params))
	case "Network.dataReceived":
		r.har.DataReceived(decodeParams[proto.NetworkDataReceived](t, e.Params))
	case "Network.loadingFinished":
		lf := decodeParams[proto.NetworkLoadingFinished](t, e.Params)
		if r.har.LoadingFinished(lf) {
			r.wanted[lf.RequestID] = true
			r.asked = append(r.asked, lf.RequestID)
		}
	case "Network.loadingFailed":
		r.har.LoadingFailed(decodeParams[proto.NetworkLoadingFailed](t, e.Params))
	case "body":
		b := decodeParams[recBody](t, e.Params)
		if !r.wanted[b.RequestID] {
			return
		}
		var err error
		if b.Error != "" {
			err = errors.New(b.Error)
		}
		r.har.SetBody(b.RequestID, b.Body, b.Base64Encoded, err)
	case "Runtime.consoleAPICalled":
		r.console.ConsoleAPICalled(decodeParams[proto.RuntimeConsoleAPICalled](t, e.Params))
	case "Runtime.exceptionThrown":
		r.console.ExceptionThrown(decodeParams[proto.RuntimeExceptionThrown](t, e.Params))
	case "Log.entryAdded":
		r.console.EntryAdded(decodeParams[proto.LogEntryAdded](t, e.Params))
	default:
		t.Fatalf("unknown recorded event %q", e.Method)
	}
}

// replayHAR replays events into a new builder with opts and returns its HAR.
func replayHAR(t testing.TB, opts Options, events []recEvent) *HAR {
	t.Helper()
	b := NewBuilder(opts)
	newReplayer(t, b).feed(events)
	return b.HAR()
}

// The kinds of events for shuffling.
func isExtraInfo(m string) bool {
	return m == "Network.requestWillBeSentExtraInfo" || m == "Network.responseReceivedExtraInfo"
}

func isMainNetwork(m string) bool {
	switch m {
	case "Network.requestWillBeSent", "Network.requestServedFromCache", "Network.responseReceived", "Network.dataReceived",
		"Network.loadingFinished", "Network.loadingFailed":
		return true
	}
	return false
}

// shuffleLikeChrome returns a random reordering of events that real Chrome can produce: the
// main events of a request keep their order, ExtraInfo events keep their order among those of
// the same kind and request but may move anywhere (before requestWillBeSent, after
// loadingFinished), requests interleave freely, and a body comes after its loadingFinished.
func shuffleLikeChrome(events []recEvent, rng *rand.Rand) []recEvent {
	type key struct {
		id   proto.NetworkRequestID
		kind string
	}
	queues := map[key][]recEvent{}
	var order []key
	for i, e := range events {
		var k key
		switch {
		case isMainNetwork(e.Method):
			k = key{e.requestID(), "main"}
		case isExtraInfo(e.Method):
			k = key{e.requestID(), e.Method}
		case e.Method == "body":
			k = key{e.requestID(), "body"}
		default:
			k = key{"", "other"}
			_ = i
		}
		if _, ok := queues[k]; !ok {
			order = append(order, k)
		}
		queues[k] = append(queues[k], e)
	}
	finished := map[proto.NetworkRequestID]bool{}
	out := make([]recEvent, 0, len(events))
	for len(out) < len(events) {
		var ready []key
		for _, k := range order {
			q := queues[k]
			if len(q) == 0 {
				continue
			}
			if k.kind == "body" && !finished[k.id] {
				continue
			}
			ready = append(ready, k)
		}
		k := ready[rng.IntN(len(ready))]
		e := queues[k][0]
		queues[k] = queues[k][1:]
		if e.Method == "Network.loadingFinished" {
			finished[k.id] = true
		}
		out = append(out, e)
	}
	return out
}

// extraInfoFirst moves every ExtraInfo event to the front, in order.
func extraInfoFirst(events []recEvent) []recEvent {
	var extra, rest []recEvent
	for _, e := range events {
		if isExtraInfo(e.Method) {
			extra = append(extra, e)
		} else {
			rest = append(rest, e)
		}
	}
	return append(extra, rest...)
}

// extraInfoLast moves every ExtraInfo event to the end, after every loadingFinished and body.
func extraInfoLast(events []recEvent) []recEvent {
	var extra, rest []recEvent
	for _, e := range events {
		if isExtraInfo(e.Method) {
			extra = append(extra, e)
		} else {
			rest = append(rest, e)
		}
	}
	return append(rest, extra...)
}
