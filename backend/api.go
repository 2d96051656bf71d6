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
	"strings"
	"time"

	"github.com/ysmood/gson"

	"github.com/e2e-dev/e2e/steps"
)

// CookieSource returns the cookies to send with each API call, normally those the flow's browser
// context holds for the app.
type CookieSource func(ctx context.Context) ([]*http.Cookie, error)

// API calls the app's JSON API with the cookies of a browser context, so that it acts as the
// same signed-in user.
type API struct {
	// Timeout bounds each call, as timeouts.action bounds a page action; 0 means 30s.
	Timeout time.Duration

	baseURL string
	cookies CookieSource
	client  *http.Client
	steps   *steps.StepLog
}

// NewAPI returns a client of the API at baseURL (the backend's address, which may differ from
// the one the browser opens) that sends the cookies from cookies (nil: none) and records each
// call as a step.
func NewAPI(baseURL string, cookies CookieSource, steps *steps.StepLog) *API {
	return &API{
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
// browser context's user. The step it records names the call and its status.
func (a *API) Call(ctx context.Context, method, path string, body any, header http.Header) (*Response, error) {
	var res *Response
	name := fmt.Sprintf("api: %s %s", method, path)
	err := a.steps.Do(name, func() error {
		var err error
		res, err = a.do(ctx, method, path, body, header)
		return err
	})
	return res, err
}

func (a *API) do(flowCtx context.Context, method, path string, body any, header http.Header) (*Response, error) {
	timeout := cmp.Or(a.Timeout, 30*time.Second)
	ctx, cancel := context.WithTimeout(flowCtx, timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("api %s %s: encode body: %w", method, path, err)
		}
		rd = bytes.NewReader(b)
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
	resp, err := a.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("api %s %s: %w", method, path, callError(flowCtx, ctx, timeout, err))
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return nil, fmt.Errorf("api %s %s: read body: %w", method, path, callError(flowCtx, ctx, timeout, err))
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

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

// Get is Call with GET and no body.
func (a *API) Get(ctx context.Context, path string) (*Response, error) {
	return a.Call(ctx, http.MethodGet, path, nil, nil)
}

// WithCookies returns a client like a that sends cookies instead of the browser context's:
// for checking what an old session cookie can still do.
func (a *API) WithCookies(cookies []*http.Cookie) *API {
	c := *a
	c.cookies = func(context.Context) ([]*http.Cookie, error) { return cookies, nil }
	return &c
}
