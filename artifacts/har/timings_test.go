package har

import (
	"testing"

	"github.com/go-rod/rod/lib/proto"
	"github.com/stretchr/testify/require"
)

// timing returns a ResourceTiming with every phase "not applicable".
func timing(requestTime float64) *proto.NetworkResourceTiming {
	return &proto.NetworkResourceTiming{
		RequestTime: requestTime, ProxyStart: -1, ProxyEnd: -1, DNSStart: -1, DNSEnd: -1,
		ConnectStart: -1, ConnectEnd: -1, SslStart: -1, SslEnd: -1, WorkerStart: -1,
		WorkerReady: -1, WorkerFetchStart: -1, WorkerRespondWithSettled: -1,
		SendStart: -1, SendEnd: -1,
	}
}

// feedOne runs one request through the builder: issued at issue, response at respAt with tm,
// finished at end.
func feedOne(tm *proto.NetworkResourceTiming, issue, respAt, end float64) Entry {
	b := NewBuilder(Options{})
	b.RequestWillBeSent(&proto.NetworkRequestWillBeSent{
		RequestID: "1", Request: &proto.NetworkRequest{URL: "https://example.test/a", Method: "GET"},
		Timestamp: proto.MonotonicTime(issue), WallTime: 1700000000, Type: proto.NetworkResourceTypeXHR,
	})
	b.ResponseReceived(&proto.NetworkResponseReceived{
		RequestID: "1", Timestamp: proto.MonotonicTime(respAt), Type: proto.NetworkResourceTypeXHR,
		Response: &proto.NetworkResponse{URL: "https://example.test/a", Status: 200, MIMEType: "text/plain", Timing: tm},
	})
	b.LoadingFinished(&proto.NetworkLoadingFinished{RequestID: "1", Timestamp: proto.MonotonicTime(end), EncodedDataLength: 100})
	return b.HAR().Log.Entries[0]
}

// The expected numbers follow DevTools' buildTimings by hand.
func TestTimingsNewTLSConnection(t *testing.T) {
	tm := timing(100.002)
	tm.DNSStart, tm.DNSEnd = 0.5, 1.5
	tm.ConnectStart, tm.ConnectEnd = 1.5, 5.0
	tm.SslStart, tm.SslEnd = 2.0, 4.5
	tm.SendStart, tm.SendEnd = 5.1, 5.3
	tm.ReceiveHeadersEnd = 20
	e := feedOne(tm, 100.000, 100.025, 100.030)
	got := e.Timings
	// queued 2ms + blockedStart 0.5
	require.InDelta(t, 2.5, got.Blocked, 1e-9)
	require.InDelta(t, 1.0, got.DNS, 1e-9)     // dnsEnd - blockedStart
	require.InDelta(t, 4.5, got.Connect, 1e-9) // connectEnd - min(dnsEnd, blockedStart)
	require.InDelta(t, 2.5, got.SSL, 1e-9)
	require.InDelta(t, 0.3, got.Send, 1e-9) // sendEnd - max(connectEnd, dnsEnd, blockedStart)
	// Headers at requestTime+20ms (earlier than the event's 100.025): wait = 20 - 5.3.
	require.InDelta(t, 14.7, got.Wait, 1e-9)
	require.InDelta(t, 8.0, got.Receive, 1e-9) // (end - requestTime) - 20
	require.InDelta(t, 31.0, e.Time, 1e-9)     // ssl not counted: part of connect
	require.Equal(t, "2023-11-14T22:13:20.000Z", e.StartedDateTime)
	requireTimings(t, e)
}

func TestTimingsReusedConnection(t *testing.T) {
	tm := timing(50.001)
	tm.SendStart, tm.SendEnd = 0.2, 0.4
	tm.ReceiveHeadersEnd = 3
	e := feedOne(tm, 50.000, 50.004, 50.010)
	got := e.Timings
	require.InDelta(t, 1.2, got.Blocked, 1e-9)
	require.Equal(t, -1.0, got.DNS)
	require.Equal(t, -1.0, got.Connect)
	require.Equal(t, -1.0, got.SSL)
	require.InDelta(t, 0.2, got.Send, 1e-9)
	require.InDelta(t, 2.6, got.Wait, 1e-9)
	require.InDelta(t, 6.0, got.Receive, 1e-9)
	require.InDelta(t, 10.0, e.Time, 1e-9)
}

func TestTimingsGuardsAgainstNegatives(t *testing.T) {
	// requestTime before the issue time: DevTools would report blocked = -1 + 0.5.
	tm := timing(9.999)
	tm.SendStart, tm.SendEnd = 0.5, 0.4 // QUIC can report send ending before it starts
	tm.ReceiveHeadersEnd = 0.1          // and headers before the send ended
	e := feedOne(tm, 10.000, 10.001, 9.9995)
	requireTimings(t, e)
	require.InDelta(t, 0.5, e.Timings.Blocked, 1e-9)
	require.Equal(t, 0.0, e.Timings.Send)
	require.Equal(t, 0.0, e.Timings.Wait)
}

func TestTimingsWithoutResourceTiming(t *testing.T) {
	// No timing object (e.g. served from cache): wait and receive from the event times.
	e := feedOne(nil, 20.000, 20.004, 20.010)
	require.Equal(t, -1.0, e.Timings.Blocked)
	require.Equal(t, 0.0, e.Timings.Send)
	require.InDelta(t, 4.0, e.Timings.Wait, 1e-9)
	require.InDelta(t, 6.0, e.Timings.Receive, 1e-9)
	require.InDelta(t, 10.0, e.Time, 1e-9)
}

func TestTimingsFailedWithoutResponse(t *testing.T) {
	b := NewBuilder(Options{})
	b.RequestWillBeSent(&proto.NetworkRequestWillBeSent{
		RequestID: "9", Request: &proto.NetworkRequest{URL: "http://127.0.0.1:1/x", Method: "GET"},
		Timestamp: 10, WallTime: 1700000000.5,
	})
	b.LoadingFailed(&proto.NetworkLoadingFailed{RequestID: "9", Timestamp: 10.05, ErrorText: "net::ERR_ABORTED", Canceled: true, Type: proto.NetworkResourceTypeImage})
	e := b.HAR().Log.Entries[0]
	require.InDelta(t, 50.0, e.Timings.Blocked, 1e-9)
	require.InDelta(t, 50.0, e.Time, 1e-9)
	require.Equal(t, 0, e.Response.Status)
	require.Equal(t, "net::ERR_ABORTED", e.Response.Error)
	require.Equal(t, "image", e.ResourceType)

	b.RequestWillBeSent(&proto.NetworkRequestWillBeSent{
		RequestID: "10", Request: &proto.NetworkRequest{URL: "http://127.0.0.1:1/y", Method: "GET"}, Timestamp: 11, WallTime: 1700000001,
	})
	b.LoadingFailed(&proto.NetworkLoadingFailed{RequestID: "10", Timestamp: 11.01, BlockedReason: proto.NetworkBlockedReasonInspector, ErrorText: "net::ERR_BLOCKED_BY_CLIENT"})
	e = b.HAR().Log.Entries[1]
	require.Equal(t, "net::ERR_BLOCKED_BY_CLIENT (blocked: inspector)", e.Response.Error)
}
