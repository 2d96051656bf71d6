package audit

import (
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/e2e-dev/e2e/artifacts/har"
	"github.com/e2e-dev/e2e/artifacts/redact"
)

// sessionCookieName matches the names of cookies that carry a session or a login.
var sessionCookieName = regexp.MustCompile(`(?i)(sess|sid$|^sid|auth|token|jwt|login|remember)`)

// secretParam matches the names of query or fragment parameters that carry a secret.
var secretParam = regexp.MustCompile(`(?i)^(password|passwd|pwd|pass|secret|token|access_token|id_token|refresh_token|auth|auth_token|api_key|apikey|session|session_id|sessionid|sid|jsessionid|phpsessid)$`)

func checkSessionCookies(in *Input, add func(where, format string, args ...any)) {
	entries(in, func(e *har.Entry) {
		https := strings.HasPrefix(e.Request.URL, "https:")
		for _, c := range e.Response.Cookies {
			if !sessionCookieName.MatchString(c.Name) || deleted(c) {
				continue
			}
			var miss []string
			if !c.HTTPOnly {
				miss = append(miss, "HttpOnly")
			}
			if https && !c.Secure {
				miss = append(miss, "Secure")
			}
			if c.SameSite == "" {
				miss = append(miss, "SameSite")
			}
			if len(miss) > 0 {
				add(where(e), "session cookie %q set without %s", c.Name, strings.Join(miss, ", "))
			}
		}
	})
}

// deleted reports whether a Set-Cookie removes the cookie (an expiry in the past).
func deleted(c har.Cookie) bool {
	if c.Expires == "" {
		return false
	}
	t, err := time.Parse(time.RFC3339, c.Expires)
	return err == nil && t.Before(time.Now())
}

func checkSecretsInURLs(in *Input, add func(where, format string, args ...any)) {
	seen := map[string]bool{}
	check := func(where, raw string) {
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		var names []string
		known := false // a value the run registered as a secret, redacted into the placeholder
		for _, part := range []string{u.RawQuery, u.Fragment} {
			vals, _ := url.ParseQuery(part)
			for name, vs := range vals {
				named := secretParam.MatchString(name)
				if named && len(vs) > 0 && vs[0] != "" {
					names = append(names, name)
				}
				for _, v := range vs {
					known = known || (!named && strings.Contains(v, redact.Redacted))
				}
			}
		}
		if known || strings.Contains(u.Path, redact.Redacted) {
			names = append(names, "a value the run knows as a secret")
		}
		sort.Strings(names)
		if len(names) > 0 && !seen[where] {
			seen[where] = true
			add(where, "secret in the URL (%s): it ends up in logs, history and Referer", strings.Join(names, ", "))
		}
	}
	entries(in, func(e *har.Entry) { check(where(e), e.Request.URL) })
	for _, p := range in.PageURLs {
		if strings.Contains(p, "#") {
			check("page "+p, p)
		}
	}
}

// tokenKey matches localStorage keys that hold credentials.
var tokenKey = regexp.MustCompile(`(?i)(password|passwd|secret|token|jwt|session|auth|credential|api_?key)`)

// jwtValue matches a JSON Web Token.
var jwtValue = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.`)

func checkStoredTokens(in *Input, add func(where, format string, args ...any)) {
	keys := make([]string, 0, len(in.LocalStorage))
	for k := range in.LocalStorage {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := in.LocalStorage[k]
		if v == "" {
			continue
		}
		switch {
		case jwtValue.MatchString(v):
			add("page "+in.PageURL, "localStorage %q holds a JSON Web Token: any script on the origin can read it", k)
		case tokenKey.MatchString(k) && len(v) >= 8:
			add("page "+in.PageURL, "localStorage %q looks like a password or token: any script on the origin can read it", k)
		}
	}
}

// redirectParam matches query parameters that say where to go next.
var redirectParam = regexp.MustCompile(`(?i)^(next|url|redirect|redirect_uri|redirect_url|return|return_to|returnto|returnurl|continue|dest|destination|goto|target|to)$`)

// checkOpenRedirects flags a redirect off the app's host to where a redirect parameter of the
// request (or of the page whose form led to it) pointed.
func checkOpenRedirects(in *Input, add func(where, format string, args ...any)) {
	entries(in, func(e *har.Entry) {
		if e.Response.Status < 300 || e.Response.Status > 399 || e.Response.RedirectURL == "" {
			return
		}
		from, err1 := url.Parse(e.Request.URL)
		to, err2 := url.Parse(e.Response.RedirectURL)
		if err1 != nil || err2 != nil || to.Host == "" || strings.EqualFold(to.Host, from.Host) {
			return
		}
		values := from.Query()
		if e.Request.PostData != nil {
			for _, p := range e.Request.PostData.Params {
				values.Add(p.Name, p.Value)
			}
		}
		if ref, ok := requestHeader(e, "Referer"); ok { // a form posted from /login?next=...
			if u, err := url.Parse(ref); err == nil && strings.EqualFold(u.Host, from.Host) {
				for k, vs := range u.Query() {
					values[k] = append(values[k], vs...)
				}
			}
		}
		for name, vs := range values {
			if !redirectParam.MatchString(name) {
				continue
			}
			for _, v := range vs {
				if t, err := url.Parse(v); err == nil && t.Host != "" && strings.EqualFold(t.Host, to.Host) {
					add(where(e), "redirect parameter %q sent the browser off-site to %s", name, e.Response.RedirectURL)
					return
				}
			}
		}
	})
}

func requestHeader(e *har.Entry, name string) (string, bool) {
	return header(e.Request.Headers, name)
}
