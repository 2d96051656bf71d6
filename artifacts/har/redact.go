package har

import (
	"encoding/base64"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// redactEntry applies r to every part of an entry that may carry a credential: URLs, headers,
// cookies (every value), query strings, request bodies, response bodies, redirect targets,
// comments and errors.
func redactEntry(r *redact.Redactor, e *Entry) {
	rq := &e.Request
	rq.URL = r.URL(rq.URL)
	redactHeaders(r, rq.Headers)
	redactCookies(r, rq.Cookies)
	for i := range rq.QueryString {
		q := &rq.QueryString[i]
		q.Value = r.QueryValue(q.Name, q.Value)
		q.Name = r.Text(q.Name)
	}
	if pd := rq.PostData; pd != nil {
		pd.Text = r.Body(pd.MimeType, pd.Text)
		for i := range pd.Params {
			p := &pd.Params[i]
			p.Value = r.FormValue(p.Name, p.Value)
			p.Name = r.Text(p.Name)
		}
		pd.Comment = r.Text(pd.Comment)
	}

	rs := &e.Response
	redactHeaders(r, rs.Headers)
	redactCookies(r, rs.Cookies)
	rs.RedirectURL = r.Header("Location", rs.RedirectURL) // what Location said, under its rules
	rs.Error = r.Text(rs.Error)
	c := &rs.Content
	if c.Text != "" {
		if c.Encoding == "base64" {
			c.Text = redactBase64(r, c.Text)
		} else {
			c.Text = r.Body(c.MimeType, c.Text)
		}
	}
	c.Comment = r.Text(c.Comment)
	c.BodyError = r.Text(c.BodyError)
	e.Comment = r.Text(e.Comment)
}

func redactHeaders(r *redact.Redactor, h []Header) {
	for i := range h {
		h[i].Value = r.Header(h[i].Name, h[i].Value)
	}
}

// redactCookies replaces every cookie value: a cookie is a credential until proven otherwise.
func redactCookies(r *redact.Redactor, cs []Cookie) {
	for i := range cs {
		if cs[i].Value != "" {
			cs[i].Value = redact.Redacted
		}
		cs[i].Name = r.Text(cs[i].Name)
	}
}

// redactBase64 scrubs secrets from a base64 body by decoding, scrubbing and encoding again.
func redactBase64(r *redact.Redactor, text string) string {
	if !r.HasSecrets() {
		return text
	}
	raw, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return text
	}
	s := string(raw)
	if out := r.Text(s); out != s {
		return base64.StdEncoding.EncodeToString([]byte(out))
	}
	return text
}
