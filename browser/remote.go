package browser

import (
	"context"
	"encoding/base64"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// DefaultSessionTimeout bounds a remote setup when browser.remote.session_timeout is zero: the
// wait in a Selenium Grid's queue, or connecting to a DevTools endpoint or rod's manager.
const DefaultSessionTimeout = 60 * time.Second

// sessionTimeout returns how long a remote setup may take.
func sessionTimeout(opts Options) time.Duration {
	if opts.Remote.SessionTimeout > 0 {
		return opts.Remote.SessionTimeout
	}
	return DefaultSessionTimeout
}

// remoteURL is a parsed browser.remote.url: the address with any user:password taken out (they go
// into an Authorization header instead), and its display form without secrets.
type remoteURL struct {
	// URL is the endpoint without userinfo.
	URL *url.URL
	// User is the userinfo given in the URL, if any.
	User *url.Userinfo
	// Raw is what the user wrote.
	Raw string
}

// parseRemoteURL parses browser.remote.url, which may lack a scheme ("host:9222" gets
// defaultScheme). Only the schemes in allowed are accepted.
func parseRemoteURL(raw, defaultScheme string, allowed ...string) (remoteURL, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return remoteURL{}, fmt.Errorf("browser.remote.url is empty: set it to the remote's address")
	}
	if isAllDigits(s) { // a bare port
		s = "127.0.0.1:" + s
	}
	if !strings.Contains(s, "://") {
		s = defaultScheme + "://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return remoteURL{}, fmt.Errorf("browser.remote.url %q: not a URL: expected e.g. %s://host:port", redactRaw(raw), defaultScheme)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if !slices.Contains(allowed, u.Scheme) {
		return remoteURL{}, fmt.Errorf("browser.remote.url %s: scheme %q not supported: use %s", redactURL(u), u.Scheme, strings.Join(allowed, ", "))
	}
	r := remoteURL{User: u.User, Raw: raw}
	u.User = nil
	r.URL = u
	return r, nil
}

// String returns the URL for messages: no userinfo, query values masked.
func (r remoteURL) String() string { return redactURL(r.URL) }

// redactURL returns u for messages: no userinfo and every query value masked.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	if c.RawQuery != "" {
		q := c.Query()
		keys := slices.Sorted(maps.Keys(q))
		for i, k := range keys {
			keys[i] = url.QueryEscape(k) + "=" + redact.Redacted // the marker as is, not escaped
		}
		c.RawQuery = strings.Join(keys, "&")
	}
	return c.String()
}

// redactRaw redacts a URL the user wrote that may not even parse.
func redactRaw(raw string) string {
	if u, err := url.Parse(strings.TrimSpace(raw)); err == nil && u.Host != "" {
		return redactURL(u)
	}
	if i := strings.LastIndex(raw, "@"); i >= 0 {
		return redact.Redacted + "@" + raw[i+1:]
	}
	return raw
}

func isAllDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// remoteHeader returns the headers to send to the remote: browser.remote.headers, plus HTTP
// basic authentication from the URL's user:password unless an Authorization header is set.
func remoteHeader(opts Options, r remoteURL) http.Header {
	h := http.Header{}
	for k, v := range opts.Remote.Headers {
		h.Set(k, v)
	}
	if r.User != nil && h.Get("Authorization") == "" {
		pw, _ := r.User.Password()
		h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(r.User.Username()+":"+pw)))
	}
	return h
}

// secrets returns what must never appear in an error message, as pairs of secret and
// replacement: the password in the URL, and the values of the headers that carry credentials
// (Authorization, cookies, tokens, keys).
func (r remoteURL) secrets(h http.Header) []string {
	var s []string
	if r.User != nil {
		if pw, ok := r.User.Password(); ok && len(pw) >= 3 {
			s = append(s, pw, redact.Redacted)
		}
	}
	for k, vs := range h {
		if !redact.SecretName(k) {
			continue
		}
		for _, v := range vs {
			if len(v) >= 6 {
				s = append(s, v, redact.Redacted)
			}
			if _, cred, ok := strings.Cut(v, " "); ok && len(cred) >= 6 { // "Basic <cred>"
				s = append(s, cred, redact.Redacted)
			}
		}
	}
	return s
}

// applyHeader sets h on req; a "Host" entry sets the request's Host.
func applyHeader(req *http.Request, h http.Header) {
	for k, vs := range h {
		if k == "Host" {
			if len(vs) > 0 {
				req.Host = vs[0]
			}
			continue
		}
		req.Header[k] = vs
	}
}

// remoteHTTPClient returns the client for requests to remotes: dialing bounded by dial (so that
// an unreachable host fails fast), no proxy from the environment for loopback addresses, and the
// rest bounded by each request's context.
func remoteHTTPClient(dial time.Duration) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = (&net.Dialer{Timeout: dial, KeepAlive: 30 * time.Second}).DialContext
	tr.MaxIdleConnsPerHost = 4
	return &http.Client{
		Transport: tr,
		// Keep redirects from carrying our Authorization header to another host.
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return http.ErrUseLastResponse
			}
			if req.URL.Host != via[0].URL.Host {
				req.Header.Del("Authorization")
			}
			return nil
		},
	}
}

// dialTimeout bounds connecting to a remote: the session timeout, at most 10s.
func dialTimeout(opts Options) time.Duration {
	return min(sessionTimeout(opts), 10*time.Second)
}

// isLoopbackHost reports whether host names this machine as seen by the remote: localhost, a
// loopback address, or an unspecified one (0.0.0.0, ::).
func isLoopbackHost(host string) bool {
	host = strings.Trim(strings.ToLower(host), "[]")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}

// connectRodBounded is connectRod bounded by ctx: rod's first CDP call does not watch the
// context, so a remote that accepts the connection and then stalls would hang it. A connection
// that completes after ctx ended is closed.
func connectRodBounded(ctx context.Context, wsURL string, opts Options, header http.Header) (*rod.Browser, func() error, error) {
	type result struct {
		rb    *rod.Browser
		close func() error
		err   error
	}
	ch := make(chan result, 1)
	go func() {
		rb, closeWS, err := connectRod(ctx, wsURL, opts, header)
		ch <- result{rb, closeWS, err}
	}()
	select {
	case r := <-ch:
		return r.rb, r.close, r.err
	case <-ctx.Done():
		go func() {
			if r := <-ch; r.err == nil {
				_ = r.close()
			}
		}()
		return nil, nil, fmt.Errorf("connect to DevTools at %s: %w", wsURL, ctx.Err())
	}
}

// closeOnce makes fn run once; later calls wait for it and return its result.
func closeOnce(fn func() error) func() error {
	var once sync.Once
	var err error
	return func() error {
		once.Do(func() { err = fn() })
		return err
	}
}
