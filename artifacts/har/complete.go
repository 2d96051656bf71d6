package har

import (
	"strconv"
	"strings"

	"github.com/go-rod/rod/lib/proto"
)

// This file holds how a hop completes: cache hits, data chunks, loading finished or failed,
// and the response body handed over afterwards.

// RequestServedFromCache marks the current hop as served from the memory cache: as in
// DevTools, its ResourceTiming is then ignored and its body size is 0.
func (b *Builder) RequestServedFromCache(e *proto.NetworkRequestServedFromCache) {
	if e == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if h := b.current(e.RequestID); h != nil && h.state == hopPending {
		h.memCache = true
	}
}

// DataReceived counts a chunk of the current hop's response body.
func (b *Builder) DataReceived(e *proto.NetworkDataReceived) {
	if e == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seen(e.Timestamp)
	h := b.current(e.RequestID)
	if h == nil || h.state != hopPending {
		return
	}
	h.dataLen += int64(e.DataLength)
	h.dataEncoded += int64(e.EncodedDataLength)
}

// LoadingFinished completes the current hop. It reports whether its body should be fetched
// (Network.getResponseBody) and handed to SetBody: the response is textual and, as far as the
// bytes received and Content-Length tell, not larger than MaxBody. A body over the limit is
// recorded as left out, with a comment.
func (b *Builder) LoadingFinished(e *proto.NetworkLoadingFinished) (wantBody bool) {
	if e == nil {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seen(e.Timestamp)
	h := b.current(e.RequestID)
	if h == nil || h.state != hopPending {
		return false
	}
	h.state = hopFinished
	h.endTime = float64(e.Timestamp)
	h.encodedTotal = e.EncodedDataLength
	return b.decideBody(h)
}

// decideBody decides, at loadingFinished, whether the hop's body is worth fetching.
func (b *Builder) decideBody(h *harHop) bool {
	if b.opts.MaxBody <= 0 || h.resp == nil || h.req == nil {
		return false
	}
	st := h.resp.Status
	if h.req.Method == "HEAD" || st == 204 || st == 304 || (st >= 100 && st < 200) {
		return false
	}
	if !isTextualMIME(h.resp.MIMEType) {
		return false
	}
	size := h.dataLen
	if cl, ok := contentLength(h.resp.Headers); ok && cl > size {
		size = cl
	}
	if size > b.opts.MaxBody {
		h.bodySize = -1
		h.bodyComment = tooLargeComment(size, b.opts.MaxBody)
		return false
	}
	h.body = bodyWanted
	return true
}

func tooLargeComment(size, limit int64) string {
	return "body not kept: " + strconv.FormatInt(size, 10) + " bytes is over the " +
		strconv.FormatInt(limit, 10) + "-byte limit"
}

// contentLength returns the Content-Length of an unencoded response: with a Content-Encoding
// the header says nothing about the decoded size.
func contentLength(h proto.NetworkHeaders) (int64, bool) {
	var cl string
	for k, v := range h {
		switch strings.ToLower(k) {
		case "content-encoding":
			if s := strings.TrimSpace(v.Str()); s != "" && !strings.EqualFold(s, "identity") {
				return 0, false
			}
		case "content-length":
			cl = strings.TrimSpace(v.Str())
		}
	}
	if cl == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(cl, 10, 64)
	return n, err == nil && n >= 0
}

// LoadingFailed completes the current hop as failed: it stays in the HAR with status 0 (or the
// status it got) and _error set to Chrome's error text, "canceled" or the blocked reason.
func (b *Builder) LoadingFailed(e *proto.NetworkLoadingFailed) {
	if e == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seen(e.Timestamp)
	h := b.current(e.RequestID)
	if h == nil || h.state != hopPending {
		return
	}
	h.state = hopFailed
	h.endTime = float64(e.Timestamp)
	if e.Type != "" {
		h.resourceType = e.Type
	}
	msg := e.ErrorText
	if e.Canceled && !strings.Contains(strings.ToLower(msg), "abort") && !strings.Contains(strings.ToLower(msg), "cancel") {
		msg = joinNonEmpty(msg, "canceled")
	}
	if e.BlockedReason != "" {
		msg = joinNonEmpty(msg, "blocked: "+string(e.BlockedReason))
	}
	if e.CorsErrorStatus != nil && e.CorsErrorStatus.CorsError != "" {
		msg = joinNonEmpty(msg, "CORS: "+string(e.CorsErrorStatus.CorsError))
	}
	if msg == "" {
		msg = "failed"
	}
	h.errorText = msg
}

func joinNonEmpty(a, b string) string {
	if a == "" {
		return b
	}
	return a + " (" + b + ")"
}

// SetBody hands over the body of a request for which LoadingFinished returned true. When err is
// set the body could not be fetched: the entry keeps no text and says why. A body that turns
// out larger than MaxBody is left out whole, with a comment.
func (b *Builder) SetBody(id proto.NetworkRequestID, body string, base64Encoded bool, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	h := b.current(id)
	if h == nil || h.body != bodyWanted {
		return
	}
	h.body = bodyDone
	if err != nil {
		h.bodyErr = err.Error()
		h.bodyComment = "body not available: " + err.Error()
		return
	}
	size := int64(len(body))
	if base64Encoded {
		size = base64DecodedLen(body)
	}
	if size > b.opts.MaxBody {
		h.bodySize = size
		h.bodyComment = tooLargeComment(size, b.opts.MaxBody)
		return
	}
	h.bodyText, h.bodyBase64, h.bodySize = body, base64Encoded, size
}

// Len returns the number of entries the HAR would have now.
func (b *Builder) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.hops)
}
