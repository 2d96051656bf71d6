// Package backend checks what the app did behind the UI: its JSON API, called as the same
// signed-in user as a flow's browser context, and its database rows, read-only.
package backend

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ysmood/gson"

	"github.com/e2e-dev/e2e/artifacts/har"
	"github.com/e2e-dev/e2e/steps"
)

// CookieSource returns the cookies to send with each API call, normally those the flow's browser
// context holds for the app.
type CookieSource func(ctx context.Context) ([]*http.Cookie, error)

// API calls the app's JSON API as the same signed-in user as a browser context: with its
// cookies, and with the credential Auth reads (a token in the page's storage, a static header).
// Each call is a step of its own (method, path, status) and, when HAR is set, an entry of the
// flow's HAR marked as the tester's. A call that fails (no answer, or a status the client does
// not expect) fails the flow it belongs to, with the status and the start of the body.
type API struct {
	// Timeout bounds each call, as timeouts.action bounds a page action; 0 means 30s.
	Timeout time.Duration
	// Auth adds the credential of each call beyond the cookies (nil: cookies only).
	Auth Auth
	// HAR, when set, receives each call as an entry of the flow's HAR.
	HAR HARRecorder
	// MaxBody is the largest body kept in a HAR entry; 0 means har.DefaultMaxBody.
	MaxBody int64
	// Secret is told every credential a call sends, to redact it everywhere (nil: none).
	Secret func(string)

	ctx     context.Context
	t       steps.TestingT
	baseURL string
	cookies CookieSource
	client  *http.Client
	steps   *steps.StepLog
	expect  []int
	any     bool // every status is an answer: the caller judges it
}

// HARRecorder takes the tester's own calls into a flow's HAR (har.Builder).
type HARRecorder interface {
	AddEntry(e har.Entry)
}

// NewAPI returns a client of the API at baseURL (the backend's address, which may differ from
// the one the browser opens) that sends the cookies from cookies (nil: none), records each call
// as a step, and fails t when a call fails. ctx bounds every call: the flow's.
func NewAPI(ctx context.Context, t steps.TestingT, baseURL string, cookies CookieSource, steps *steps.StepLog) *API {
	return &API{
		ctx:     ctx,
		t:       t,
		baseURL: strings.TrimRight(baseURL, "/"),
		cookies: cookies,
		client:  sharedClient,
		steps:   steps,
	}
}

// sharedClient keeps connections alive across flows; cookies are set per request, so no jar.
// Each call's context bounds it (API.Timeout).
var sharedClient = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	},
}

// Response is an API answer.
type Response struct {
	// Status is the HTTP status code.
	Status int
	// Header holds the response headers.
	Header http.Header
	// Body is the raw body.
	Body []byte
}

// JSON parses the body with gson; a body that is not JSON gives a JSON null.
func (r *Response) JSON() gson.JSON { return gson.New(r.Body) }

// Call sends method path with an optional JSON body (nil: none) and extra headers, as the
// browser context's user, and returns the answer. The step it records names the call and the
// status it got; no answer, or a status other than those Expect set (by default: any below
// 400), fails the flow with the status and the start of the body.
func (a *API) Call(method, path string, body any, header http.Header) *Response {
	res, err := a.call(method, path, body, header)
	if err != nil {
		a.t.Helper()
		a.t.Errorf("%v", err)
		a.t.FailNow()
	}
	return res
}

// Get is Call with GET and no body.
func (a *API) Get(path string) *Response { return a.Call(http.MethodGet, path, nil, nil) }

// call is Call returning its failure, with the response when there was one.
func (a *API) call(method, path string, body any, header http.Header) (*Response, error) {
	var res *Response
	name := fmt.Sprintf("api: %s %s", method, path)
	err := a.steps.Do(name, func() error {
		var err error
		res, err = a.do(a.ctx, method, path, body, header)
		if err != nil {
			return err
		}
		a.steps.Annotate(fmt.Sprintf("→ %d", res.Status))
		return a.check(method, path, res)
	})
	return res, err
}

// Expect returns a client like a whose calls expect one of statuses: any other fails the flow
// (Playwright's expect(response).toBeOK(), for any status).
//
//	f.API.Expect(http.StatusUnauthorized).Get("/api/me")
func (a *API) Expect(statuses ...int) *API {
	c := *a
	c.expect = statuses
	return &c
}

// AnyStatus returns a client like a whose calls take any status as an answer, for the caller
// to judge: an attack that must be refused, a branch on 404. No answer still fails the flow.
func (a *API) AnyStatus() *API {
	c := *a
	c.any = true
	return &c
}

// check fails a status the caller did not expect.
func (a *API) check(method, path string, res *Response) error {
	if a.any {
		return nil
	}
	want := "a status below 400"
	if len(a.expect) == 0 {
		if res.Status < 400 {
			return nil
		}
	} else {
		if slices.Contains(a.expect, res.Status) {
			return nil
		}
		want = joinInts(a.expect, " or ")
	}
	return &StatusError{Method: method, Path: path, Status: res.Status, Want: want, Body: bodyExcerpt(res.Body)}
}

// StatusError is a call answered with a status the check did not expect.
type StatusError struct {
	// Method and Path name the call.
	Method, Path string
	// Status is what the API answered; Want says what was expected.
	Status int
	Want   string
	// Body is the start of the response body.
	Body string
}

// Error names the call, the status expected and the one answered, and the body's start.
func (e *StatusError) Error() string {
	return fmt.Sprintf("api %s %s: expected %s, found %d; body: %s", e.Method, e.Path, e.Want, e.Status, e.Body)
}

// bodyExcerpt is the start of a body, on one line, for an error.
func bodyExcerpt(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	if s == "" {
		return "(empty)"
	}
	return s
}

func joinInts(ns []int, sep string) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, sep)
}

func (a *API) do(flowCtx context.Context, method, path string, body any, header http.Header) (*Response, error) {
	timeout := cmp.Or(a.Timeout, 30*time.Second)
	ctx, cancel := context.WithTimeout(flowCtx, timeout)
	defer cancel()
	var (
		payload []byte
		rd      io.Reader
	)
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return nil, fmt.Errorf("api %s %s: encode body: %w", method, path, err)
		}
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.baseURL+path, rd)
	if err != nil {
		return nil, fmt.Errorf("api %s %s: %w", method, path, err)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if a.cookies != nil {
		cs, err := a.cookies(ctx)
		if err != nil {
			return nil, fmt.Errorf("api %s %s: cookies of the browser context: %w", method, path, err)
		}
		for _, c := range cs {
			req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
		}
	}
	switch {
	case a.Auth != nil && req.Header.Get(a.Auth.Header()) != "":
		// The caller's own credential wins: another user's token, say.
		a.secret(req.Header.Get(a.Auth.Header()))
		a.steps.Annotate(fmt.Sprintf("(%s: the one given, not backend.auth's)", a.Auth.Header()))
	case a.Auth != nil:
		note, err := a.Auth.Apply(ctx, req, a.secret)
		if err != nil {
			return nil, fmt.Errorf("api %s %s: backend.auth: %w", method, path, err)
		}
		if note != "" {
			a.steps.Annotate("(" + note + ")")
		}
	}
	call := startCall(req, payload)
	resp, err := a.client.Do(req)
	if err != nil {
		err = callError(flowCtx, ctx, timeout, err)
		a.record(call.failed(err))
		return nil, fmt.Errorf("api %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	call.answered(resp)
	b, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		err = callError(flowCtx, ctx, timeout, err)
		a.record(call.failed(err))
		return nil, fmt.Errorf("api %s %s: read body: %w", method, path, err)
	}
	a.record(call.done(resp, b, a.maxBody()))
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// secret tells Secret about a credential, when set.
func (a *API) secret(s string) {
	if a.Secret != nil && s != "" {
		a.Secret(s)
	}
}

// record adds the call's entry to the HAR, when there is one.
func (a *API) record(e har.Entry) {
	if a.HAR != nil {
		a.HAR.AddEntry(e)
	}
}

func (a *API) maxBody() int64 { return cmp.Or(a.MaxBody, har.DefaultMaxBody) }

// callError says why a call failed: its own time limit, the flow's end, or err itself.
func callError(flowCtx, callCtx context.Context, timeout time.Duration, err error) error {
	switch {
	case flowCtx.Err() != nil:
		return fmt.Errorf("flow stopped (%w)", flowCtx.Err())
	case callCtx.Err() != nil:
		return fmt.Errorf("no answer after %s (timeouts.action): %w", timeout, callCtx.Err())
	}
	return err
}

// WithCookies returns a client like a that sends cookies instead of the browser context's:
// for checking what an old session cookie can still do.
func (a *API) WithCookies(cookies []*http.Cookie) *API {
	c := *a
	c.cookies = func(context.Context) ([]*http.Cookie, error) { return cookies, nil }
	return &c
}
