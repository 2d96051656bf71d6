package har

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-rod/rod/lib/proto"
)

// headerList turns a CDP header map into HAR headers, sorted by name. Chrome joins repeated
// headers (Set-Cookie above all) with newlines: each line becomes its own header.
func headerList(h proto.NetworkHeaders) []Header {
	out := make([]Header, 0, len(h)+2)
	for name, v := range h {
		val := v.Str()
		if !strings.Contains(val, "\n") {
			out = append(out, Header{Name: name, Value: val})
			continue
		}
		for line := range strings.SplitSeq(val, "\n") {
			out = append(out, Header{Name: name, Value: line})
		}
	}
	slices.SortStableFunc(out, func(a, b Header) int {
		return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return out
}

// headerValue returns the first value of the named header, case-insensitively.
func headerValue(h []Header, name string) string {
	for _, x := range h {
		if strings.EqualFold(x.Name, name) {
			return x.Value
		}
	}
	return ""
}

// requestCookies parses the Cookie headers.
func requestCookies(h []Header) []Cookie {
	out := []Cookie{}
	for _, x := range h {
		if !strings.EqualFold(x.Name, "cookie") {
			continue
		}
		for part := range strings.SplitSeq(x.Value, ";") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			name, value, _ := strings.Cut(part, "=")
			out = append(out, Cookie{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)})
		}
	}
	return out
}

// responseCookies parses the Set-Cookie headers.
func responseCookies(h []Header) []Cookie {
	out := []Cookie{}
	for _, x := range h {
		if !strings.EqualFold(x.Name, "set-cookie") || strings.TrimSpace(x.Value) == "" {
			continue
		}
		c, err := http.ParseSetCookie(x.Value)
		if err != nil {
			first, _, _ := strings.Cut(x.Value, ";")
			name, value, _ := strings.Cut(first, "=")
			out = append(out, Cookie{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)})
			continue
		}
		hc := Cookie{
			Name: c.Name, Value: c.Value, Path: c.Path, Domain: c.Domain,
			HTTPOnly: c.HttpOnly, Secure: c.Secure,
		}
		if !c.Expires.IsZero() {
			hc.Expires = c.Expires.UTC().Format(time.RFC3339)
		}
		switch c.SameSite {
		case http.SameSiteLaxMode:
			hc.SameSite = "Lax"
		case http.SameSiteStrictMode:
			hc.SameSite = "Strict"
		case http.SameSiteNoneMode:
			hc.SameSite = "None"
		}
		out = append(out, hc)
	}
	return out
}

// queryParams parses the query of a URL into decoded name/value pairs, in order.
func queryParams(raw string) []QueryParam {
	out := []QueryParam{}
	rest, _, _ := strings.Cut(raw, "#")
	_, q, ok := strings.Cut(rest, "?")
	if !ok || q == "" {
		return out
	}
	for pair := range strings.SplitSeq(q, "&") {
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		out = append(out, QueryParam{Name: unescapeQuery(name), Value: unescapeQuery(value)})
	}
	return out
}

func unescapeQuery(s string) string {
	if d, err := url.QueryUnescape(s); err == nil {
		return d
	}
	return s
}
