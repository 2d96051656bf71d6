package route

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// Action is what a route does with a request it matches: Fulfil, Abort, Delay, Continue, Modify
// or HAR.
type Action interface {
	// prepare checks the action and returns its handler; file reads and JSON encoding happen
	// here, once, so that a mistake fails the call that adds the route.
	prepare() (handler, error)
}

// handler acts on one paused request and says what it did, for the HAR and the step log.
type handler interface {
	// responseStage is true for handlers that need the real response (Modify).
	responseStage() bool
	handle(x *exchange) (did, error)
}

// did is what a handler did: the HAR's _routed action and detail. An empty action means the
// request went on untouched (a HAR replay falling back to the network).
type did struct{ action, detail string }

// Fulfil answers the request without contacting the server.
type Fulfil struct {
	// Status is the HTTP status; 0 means 200.
	Status int
	// Headers are the response headers. Content-Type defaults to the JSON value's or the file's.
	Headers map[string]string
	// Body is the response body; JSON or File replace it.
	Body string
	// JSON, when not nil, is encoded as the body, with Content-Type application/json.
	JSON any
	// File, when set, is a file whose content is the body, typed by its extension.
	File string
}

func (a Fulfil) prepare() (handler, error) {
	status := a.Status
	if status == 0 {
		status = http.StatusOK
	}
	if status < 100 || status > 599 {
		return nil, fmt.Errorf("fulfil: status %d is not an HTTP status (100-599)", status)
	}
	body, ctype := []byte(a.Body), ""
	switch {
	case a.JSON != nil && a.File != "":
		return nil, fmt.Errorf("fulfil: JSON and file both set: use one")
	case a.JSON != nil:
		b, err := json.Marshal(a.JSON)
		if err != nil {
			return nil, fmt.Errorf("fulfil: encode the JSON body: %w", err)
		}
		body, ctype = b, "application/json"
	case a.File != "":
		b, err := readRegular(a.File, maxBodySize)
		if err != nil {
			return nil, fmt.Errorf("fulfil: read the body file: %w", err)
		}
		body, ctype = b, mime.TypeByExtension(filepath.Ext(a.File))
		if ctype == "" {
			ctype = http.DetectContentType(b)
		}
	}
	h := headerEntries(a.Headers)
	if ctype != "" && !hasHeader(h, "Content-Type") {
		h = append(h, &proto.FetchHeaderEntry{Name: "Content-Type", Value: ctype})
	}
	return &fulfil{status: status, headers: h, body: body}, nil
}

type fulfil struct {
	status  int
	headers []*proto.FetchHeaderEntry
	body    []byte
}

func (f *fulfil) responseStage() bool { return false }

func (f *fulfil) handle(x *exchange) (did, error) {
	return did{"fulfilled", fmt.Sprintf("status %d", f.status)}, x.fulfil(f.status, f.headers, f.body)
}

// Abort fails the request with a network error, as if the server could not be reached.
type Abort struct {
	// Reason is the network error, any case: failed (the default), aborted, timedout,
	// accessdenied, connectionclosed, connectionreset, connectionrefused, connectionaborted,
	// connectionfailed, namenotresolved, internetdisconnected, addressunreachable,
	// blockedbyclient, blockedbyresponse.
	Reason string
}

var errorReasons = []proto.NetworkErrorReason{
	proto.NetworkErrorReasonFailed, proto.NetworkErrorReasonAborted, proto.NetworkErrorReasonTimedOut,
	proto.NetworkErrorReasonAccessDenied, proto.NetworkErrorReasonConnectionClosed,
	proto.NetworkErrorReasonConnectionReset, proto.NetworkErrorReasonConnectionRefused,
	proto.NetworkErrorReasonConnectionAborted, proto.NetworkErrorReasonConnectionFailed,
	proto.NetworkErrorReasonNameNotResolved, proto.NetworkErrorReasonInternetDisconnected,
	proto.NetworkErrorReasonAddressUnreachable, proto.NetworkErrorReasonBlockedByClient,
	proto.NetworkErrorReasonBlockedByResponse,
}

func (a Abort) prepare() (handler, error) {
	if a.Reason == "" {
		return abort(proto.NetworkErrorReasonFailed), nil
	}
	for _, r := range errorReasons {
		if strings.EqualFold(string(r), a.Reason) {
			return abort(r), nil
		}
	}
	names := make([]string, len(errorReasons))
	for i, r := range errorReasons {
		names[i] = strings.ToLower(string(r))
	}
	return nil, fmt.Errorf("abort: reason %s: expected one of %s", redact.Quote(a.Reason), strings.Join(names, ", "))
}

type abort proto.NetworkErrorReason

func (a abort) responseStage() bool { return false }

func (a abort) handle(x *exchange) (did, error) {
	return did{"aborted", strings.ToLower(string(a))}, x.fail(proto.NetworkErrorReason(a))
}

// Delay holds the request for a while, then lets it go on (or does Then).
type Delay struct {
	// For is how long the request waits before it goes on.
	For time.Duration
	// Then, when set, is done after the wait instead of continuing: a Fulfil or an Abort that
	// comes late, or a Continue with changed headers.
	Then Action
}

func (a Delay) prepare() (handler, error) {
	if a.For < 0 {
		return nil, fmt.Errorf("delay: %s is negative", a.For)
	}
	d := &delay{wait: a.For}
	if a.Then != nil {
		h, err := a.Then.prepare()
		if err != nil {
			return nil, fmt.Errorf("delay then %w", err)
		}
		if h.responseStage() {
			return nil, fmt.Errorf("delay then modify: delay the request, modify its response in a route of its own")
		}
		d.then = h
	}
	return d, nil
}

type delay struct {
	wait time.Duration
	then handler
}

func (d *delay) responseStage() bool { return false }

func (d *delay) handle(x *exchange) (did, error) {
	t := time.NewTimer(d.wait)
	defer t.Stop()
	select {
	case <-t.C:
	case <-x.ctx.Done():
		return did{"delayed", d.wait.String()}, x.ctx.Err()
	}
	if d.then == nil {
		return did{"delayed", d.wait.String() + " then continued"}, x.cont(nil)
	}
	then, err := d.then.handle(x)
	return did{"delayed", d.wait.String() + " then " + joinDid(then)}, err
}

func joinDid(d did) string {
	if d.detail == "" {
		return d.action
	}
	return d.action + " (" + d.detail + ")"
}

// Continue sends the request to the server with changed headers.
type Continue struct {
	// Headers are set on the request; an empty value removes the header.
	Headers map[string]string
}

func (a Continue) prepare() (handler, error) { return &continueReq{set: a.Headers}, nil }

type continueReq struct{ set map[string]string }

func (c *continueReq) responseStage() bool { return false }

func (c *continueReq) handle(x *exchange) (did, error) {
	h := mergeHeaders(x.paused.Request.Headers, c.set)
	names := make([]string, 0, len(c.set))
	for n := range c.set {
		names = append(names, n)
	}
	sort.Strings(names)
	return did{"continued", "headers " + strings.Join(names, ", ")}, x.cont(h)
}

// mergeHeaders returns the request headers h with set applied (an empty value removes).
func mergeHeaders(h proto.NetworkHeaders, set map[string]string) []*proto.FetchHeaderEntry {
	var out []*proto.FetchHeaderEntry
	for name, v := range h {
		if _, ok := lookupFold(set, name); ok {
			continue
		}
		out = append(out, &proto.FetchHeaderEntry{Name: name, Value: v.Str()})
	}
	for name, v := range set {
		if v != "" {
			out = append(out, &proto.FetchHeaderEntry{Name: name, Value: v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func lookupFold(m map[string]string, name string) (string, bool) {
	for k, v := range m {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

func headerEntries(m map[string]string) []*proto.FetchHeaderEntry {
	out := make([]*proto.FetchHeaderEntry, 0, len(m))
	for k, v := range m {
		out = append(out, &proto.FetchHeaderEntry{Name: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func hasHeader(h []*proto.FetchHeaderEntry, name string) bool {
	for _, e := range h {
		if strings.EqualFold(e.Name, name) {
			return true
		}
	}
	return false
}

// decodeBody returns a Fetch body as bytes.
func decodeBody(body string, b64 bool) ([]byte, error) {
	if !b64 {
		return []byte(body), nil
	}
	return base64.StdEncoding.DecodeString(body)
}
