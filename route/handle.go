package route

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/artifacts/har"
)

// exchange is one paused request being handled.
type exchange struct {
	r      *Router
	ctx    context.Context
	paused *proto.FetchRequestPaused
}

// page returns the router's page bounded by its call timeout.
func (x *exchange) page() *rod.Page {
	return x.r.page.Context(x.ctx).Timeout(x.r.opts.Timeout)
}

func (x *exchange) fulfil(status int, headers []*proto.FetchHeaderEntry, body []byte) error {
	if body == nil {
		body = []byte{}
	}
	return proto.FetchFulfillRequest{RequestID: x.paused.RequestID, ResponseCode: status, ResponseHeaders: headers, Body: body}.Call(x.page())
}

func (x *exchange) fail(reason proto.NetworkErrorReason) error {
	return proto.FetchFailRequest{RequestID: x.paused.RequestID, ErrorReason: reason}.Call(x.page())
}

// cont lets the request go on, with headers when not nil.
func (x *exchange) cont(headers []*proto.FetchHeaderEntry) error {
	return proto.FetchContinueRequest{RequestID: x.paused.RequestID, Headers: headers}.Call(x.page())
}

// contResponse lets a request paused at the response stage go on as it is.
func (x *exchange) contResponse() error {
	return proto.FetchContinueResponse{RequestID: x.paused.RequestID}.Call(x.page())
}

// handle finds the first route for a paused request and lets it act; a request no route
// takes goes on untouched.
func (r *Router) handle(e *proto.FetchRequestPaused) {
	x := &exchange{r: r, ctx: r.ctx, paused: e}
	if to, ok := isProbe(e.Request.URL); ok {
		err := proto.FetchContinueRequest{RequestID: e.RequestID, URL: to}.Call(x.page())
		r.noteErr(nil, e, err)
		return
	}
	atResponse := e.ResponseStatusCode != nil || e.ResponseErrorReason != ""
	rt := r.pick(e, atResponse)
	if rt == nil {
		var err error
		if atResponse {
			err = x.contResponse()
		} else {
			err = x.cont(nil)
		}
		r.noteErr(nil, e, err)
		return
	}
	d, err := rt.h.handle(x)
	if d.action != "" {
		r.evidence(rt, e, d)
	}
	r.noteErr(rt, e, err)
}

// pick returns the route that handles e at this stage, counting its hit, or nil. Routes are
// tried in order; a route with a probability is drawn for (the draw is noted) and stepped over
// when it loses. At the request stage, a route that needs the response wins by letting the
// request go on (it is counted when the response comes); at the response stage, a route that
// acts on requests wins by leaving the response alone.
func (r *Router) pick(e *proto.FetchRequestPaused, atResponse bool) *Route {
	method, u := e.Request.Method, e.Request.URL+e.Request.URLFragment
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, rt := range r.routes {
		if !rt.m.matches(method, u, e.ResourceType) {
			continue
		}
		if rt.times > 0 && rt.hits.Load() >= rt.times {
			continue
		}
		if rt.h.responseStage() != atResponse {
			return nil
		}
		if rt.prob > 0 && rt.prob < 1 {
			draw := r.rand.Float64()
			took := draw < rt.prob
			verdict := "passed over"
			if took {
				verdict = "applies"
			}
			r.opts.Steps.Note(fmt.Sprintf("route %s: %s %s: drew %.4f against %g: %s", rt.name, method, shortURL(u), draw, rt.prob, verdict))
			if !took {
				continue
			}
		}
		rt.hits.Add(1)
		return rt
	}
	return nil
}

// evidence notes what a route did in the step log and marks the request's HAR entry.
func (r *Router) evidence(rt *Route, e *proto.FetchRequestPaused, d did) {
	line := fmt.Sprintf("route %s: %s %s %s", rt.name, d.action, e.Request.Method, shortURL(e.Request.URL))
	if d.detail != "" {
		line += " (" + d.detail + ")"
	}
	r.opts.Steps.Note(line)
	if r.opts.Mark != nil {
		r.opts.Mark(e.NetworkID, e.Request.URL, har.Routed{Route: rt.name, Action: d.action, Detail: d.detail})
	}
}

// noteErr notes a failed interception call, unless the page or the router is going away.
func (r *Router) noteErr(rt *Route, e *proto.FetchRequestPaused, err error) {
	if err == nil || r.ctx.Err() != nil || errors.Is(err, context.Canceled) {
		return
	}
	name := "(unrouted)"
	if rt != nil {
		name = rt.name
	}
	r.opts.Steps.Note(fmt.Sprintf("route %s: %s %s: %v", name, e.Request.Method, shortURL(e.Request.URL), err))
}

// shortURL is a URL as step logs show it: its path and query, the host when not loopback.
func shortURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	host := u.Hostname()
	if host == "127.0.0.1" || host == "localhost" || host == "::1" {
		return u.RequestURI()
	}
	return strings.TrimPrefix(raw, u.Scheme+"://")
}
