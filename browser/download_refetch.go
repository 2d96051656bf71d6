package browser

import (
	"context"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// readBlobJS reads a blob: URL in the page that made it.
//
//go:embed read_blob.js
var readBlobJS string

// refetch gets a download's bytes through the browser, from where they came, for a remote
// browser whose disk this machine cannot read: an http(s) download is fetched again by the
// browser, with the page's cookies (Network.loadNetworkResource: right for a GET of a file,
// wrong for one a POST or a one-time link made), a blob: one read in its page while the page
// keeps it, a data: one decoded here.
func (dl *Download) refetch(ctx context.Context) ([]byte, error) {
	u, err := url.Parse(dl.URL)
	if err != nil {
		return nil, fmt.Errorf("its URL cannot be read: %w", err)
	}
	if u.Scheme == "data" {
		return decodeDataURL(dl.URL)
	}
	if dl.page == nil {
		return nil, errors.New("no page of the flow started it, to fetch it again")
	}
	p := dl.page.Context(ctx).Timeout(dl.d.ctx.Browser.SetupTimeout())
	defer p.CancelTimeout()
	switch u.Scheme {
	case "blob":
		res, err := p.Evaluate(rod.Eval(readBlobJS, dl.URL).ByPromise())
		if err != nil {
			return nil, fmt.Errorf("its page no longer has its blob: URL (revoked?): %w", err)
		}
		return base64.StdEncoding.DecodeString(res.Value.Str())
	case "http", "https":
		return loadResource(p, dl.frame, dl.URL)
	}
	return nil, fmt.Errorf("a %s: URL cannot be fetched again", u.Scheme)
}

// loadResource fetches rawURL as the frame would, with its cookies, and reads the answer's
// stream to its end.
func loadResource(p *rod.Page, frame proto.PageFrameID, rawURL string) ([]byte, error) {
	res, err := proto.NetworkLoadNetworkResource{FrameID: frame, URL: rawURL,
		Options: &proto.NetworkLoadNetworkResourceOptions{IncludeCredentials: true}}.Call(p)
	if err != nil {
		return nil, fmt.Errorf("fetching it again failed: Network.loadNetworkResource: %w", err)
	}
	r := res.Resource
	if !r.Success || r.HTTPStatusCode == nil || *r.HTTPStatusCode >= 400 {
		status := 0
		if r.HTTPStatusCode != nil {
			status = int(*r.HTTPStatusCode)
		}
		return nil, fmt.Errorf("fetching it again failed: HTTP %d %s", status, r.NetErrorName)
	}
	defer func() { _ = proto.IOClose{Handle: r.Stream}.Call(p) }()
	var b strings.Builder
	for {
		chunk, err := proto.IORead{Handle: r.Stream}.Call(p)
		if err != nil {
			return nil, fmt.Errorf("fetching it again failed: IO.read: %w", err)
		}
		data := chunk.Data
		if chunk.Base64Encoded {
			raw, err := base64.StdEncoding.DecodeString(chunk.Data)
			if err != nil {
				return nil, fmt.Errorf("fetching it again failed: %w", err)
			}
			data = string(raw)
		}
		b.WriteString(data)
		if chunk.EOF {
			return []byte(b.String()), nil
		}
	}
}

// decodeDataURL returns the bytes of a data: URL (RFC 2397).
func decodeDataURL(raw string) ([]byte, error) {
	head, data, ok := strings.Cut(strings.TrimPrefix(raw, "data:"), ",")
	if !ok {
		return nil, errors.New("its data: URL has no comma")
	}
	if strings.HasSuffix(head, ";base64") {
		b, err := base64.StdEncoding.DecodeString(data)
		if err != nil {
			return nil, fmt.Errorf("its data: URL cannot be decoded: %w", err)
		}
		return b, nil
	}
	s, err := url.PathUnescape(data)
	if err != nil {
		return nil, fmt.Errorf("its data: URL cannot be decoded: %w", err)
	}
	return []byte(s), nil
}
