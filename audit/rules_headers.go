package audit

import (
	"net/url"
	"strings"

	"github.com/e2e-dev/e2e/artifacts/har"
)

// cspDirectives parses a Content-Security-Policy into directive -> source list (lower-case).
func cspDirectives(policy string) map[string][]string {
	out := map[string][]string{}
	for _, d := range strings.Split(policy, ";") {
		fields := strings.Fields(strings.ToLower(d))
		if len(fields) == 0 {
			continue
		}
		if _, dup := out[fields[0]]; !dup { // the first of a repeated directive wins
			out[fields[0]] = fields[1:]
		}
	}
	return out
}

// documentCSP returns the enforced policy of a document; "" when none.
func documentCSP(e *har.Entry) string {
	var ps []string
	for _, h := range e.Response.Headers {
		if strings.EqualFold(h.Name, "Content-Security-Policy") {
			ps = append(ps, h.Value)
		}
	}
	return strings.Join(ps, ";")
}

func checkCSP(in *Input, add func(where, format string, args ...any)) {
	documents(in, func(e *har.Entry) {
		policy := documentCSP(e)
		if strings.TrimSpace(policy) == "" {
			add(where(e), "no Content-Security-Policy header")
			return
		}
		d := cspDirectives(policy)
		name, srcs := "script-src", d["script-src"]
		if srcs == nil {
			name, srcs = "default-src", d["default-src"]
		}
		if srcs == nil {
			add(where(e), "Content-Security-Policy has neither script-src nor default-src: any script may run")
			return
		}
		inline, guarded := false, false
		for _, s := range srcs {
			switch {
			case s == "'unsafe-inline'":
				inline = true
			case strings.HasPrefix(s, "'nonce-"), strings.HasPrefix(s, "'sha"), s == "'strict-dynamic'":
				guarded = true // browsers then ignore 'unsafe-inline'
			}
		}
		if inline && !guarded {
			add(where(e), "Content-Security-Policy %s allows 'unsafe-inline' scripts", name)
		}
	})
}

func checkNoSniff(in *Input, add func(where, format string, args ...any)) {
	documents(in, func(e *har.Entry) {
		if v, _ := header(e.Response.Headers, "X-Content-Type-Options"); !strings.EqualFold(strings.TrimSpace(v), "nosniff") {
			add(where(e), "no X-Content-Type-Options: nosniff")
		}
	})
}

func checkFraming(in *Input, add func(where, format string, args ...any)) {
	documents(in, func(e *har.Entry) {
		if _, ok := cspDirectives(documentCSP(e))["frame-ancestors"]; ok {
			return
		}
		v, _ := header(e.Response.Headers, "X-Frame-Options")
		switch strings.ToUpper(strings.TrimSpace(v)) {
		case "DENY", "SAMEORIGIN":
			return
		}
		add(where(e), "any site may frame it: no CSP frame-ancestors and no X-Frame-Options")
	})
}

func checkReferrerPolicy(in *Input, add func(where, format string, args ...any)) {
	documents(in, func(e *har.Entry) {
		v, ok := header(e.Response.Headers, "Referrer-Policy")
		switch {
		case !ok || strings.TrimSpace(v) == "":
			add(where(e), "no Referrer-Policy header")
		case strings.Contains(strings.ToLower(v), "unsafe-url"):
			add(where(e), "Referrer-Policy %q sends full URLs to every site", v)
		}
	})
}

func checkCORS(in *Input, add func(where, format string, args ...any)) {
	entries(in, func(e *har.Entry) {
		origin, _ := header(e.Response.Headers, "Access-Control-Allow-Origin")
		creds, _ := header(e.Response.Headers, "Access-Control-Allow-Credentials")
		origin = strings.TrimSpace(origin)
		if (origin == "*" || origin == "null") && strings.EqualFold(strings.TrimSpace(creds), "true") {
			add(where(e), "Access-Control-Allow-Origin: %s together with Access-Control-Allow-Credentials: true", origin)
		}
	})
}

// checkMixedContent flags http:// requests made while an https page was shown.
func checkMixedContent(in *Input, add func(where, format string, args ...any)) {
	var page string // the https document the following requests belong to
	entries(in, func(e *har.Entry) {
		u, err := url.Parse(e.Request.URL)
		if err != nil {
			return
		}
		if e.ResourceType == "document" {
			page = ""
			if u.Scheme == "https" {
				page = e.Request.URL
			}
			return
		}
		if page != "" && u.Scheme == "http" {
			add(where(e), "insecure http request from the https page %s", page)
		}
	})
}
