package route

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/go-rod/rod/lib/proto"
)

// Modify lets the request reach the server, then patches the JSON of the real response before
// the page sees it.
type Modify struct {
	// Status, when not 0, replaces the response's status.
	Status int
	// Headers are set on the response; an empty value removes the header.
	Headers map[string]string
	// Merge is a JSON merge patch (RFC 7386) applied to the body: its keys replace the body's,
	// a null value removes a key.
	Merge any
	// Func, when set, is called with the body (after Merge) decoded as encoding/json does into
	// an any, and returns the body to send.
	Func func(body any) (any, error)
}

func (a Modify) prepare() (handler, error) {
	if a.Status != 0 && (a.Status < 100 || a.Status > 599) {
		return nil, fmt.Errorf("modify: status %d is not an HTTP status (100-599)", a.Status)
	}
	if a.Merge == nil && a.Func == nil && a.Status == 0 && len(a.Headers) == 0 {
		return nil, fmt.Errorf("modify: nothing to change (set Merge, Func, Status or Headers)")
	}
	var merge any
	if a.Merge != nil { // normalise to what encoding/json decodes, so the patch walks maps
		b, err := json.Marshal(a.Merge)
		if err != nil {
			return nil, fmt.Errorf("modify: encode the merge patch: %w", err)
		}
		if err := json.Unmarshal(b, &merge); err != nil {
			return nil, fmt.Errorf("modify: decode the merge patch: %w", err)
		}
	}
	return &modify{Modify: a, merge: merge}, nil
}

type modify struct {
	Modify
	merge any
}

func (m *modify) responseStage() bool { return true }

func (m *modify) handle(x *exchange) (did, error) {
	p := x.paused
	if p.ResponseErrorReason != "" || p.ResponseStatusCode == nil {
		return did{}, x.contResponse() // no response to patch: the page sees the failure
	}
	res, err := proto.FetchGetResponseBody{RequestID: p.RequestID}.Call(x.page())
	if err != nil {
		return did{}, fmt.Errorf("modify: get the response body: %w", err)
	}
	raw, err := decodeBody(res.Body, res.Base64Encoded)
	if err != nil {
		return did{}, fmt.Errorf("modify: decode the response body: %w", err)
	}
	var body any
	if len(raw) > 0 || m.merge != nil || m.Func != nil {
		if err := json.Unmarshal(raw, &body); err != nil {
			return did{}, fmt.Errorf("modify: the response is not JSON (%d bytes): %w", len(raw), err)
		}
	}
	var changed []string
	if m.merge != nil {
		body = mergePatch(body, m.merge)
		changed = append(changed, "merge")
	}
	if m.Func != nil {
		if body, err = m.Func(body); err != nil {
			return did{}, fmt.Errorf("modify: %w", err)
		}
		changed = append(changed, "func")
	}
	out := raw
	if m.merge != nil || m.Func != nil {
		if out, err = json.Marshal(body); err != nil {
			return did{}, fmt.Errorf("modify: encode the patched body: %w", err)
		}
	}
	status := *p.ResponseStatusCode
	if m.Status != 0 {
		status = m.Status
		changed = append(changed, fmt.Sprintf("status %d", status))
	}
	h := responseHeaders(p.ResponseHeaders, m.Headers)
	if len(m.Headers) > 0 {
		changed = append(changed, "headers")
	}
	return did{"modified", strings.Join(changed, ", ")}, x.fulfil(status, h, out)
}

// responseHeaders returns the real response's headers for a new body: without those that
// describe the old one (length, encoding), with set applied.
func responseHeaders(h []*proto.FetchHeaderEntry, set map[string]string) []*proto.FetchHeaderEntry {
	var out []*proto.FetchHeaderEntry
	for _, e := range h {
		switch strings.ToLower(e.Name) {
		case "content-length", "content-encoding", "transfer-encoding":
			continue
		}
		if _, ok := lookupFold(set, e.Name); ok {
			continue
		}
		out = append(out, e)
	}
	for name, v := range set {
		if v != "" {
			out = append(out, &proto.FetchHeaderEntry{Name: name, Value: v})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// mergePatch applies an RFC 7386 JSON merge patch to target.
func mergePatch(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = map[string]any{}
	}
	for k, v := range p {
		if v == nil {
			delete(t, k)
			continue
		}
		t[k] = mergePatch(t[k], v)
	}
	return t
}
