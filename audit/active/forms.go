package active

import (
	"cmp"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/steps"
)

// PostForm posts a form-encoded body to path of the app with the browser context's cookies and
// the extra header, without following a redirect: a forged form submission, as another site's
// page would make it. It is recorded as a step; no answer fails the flow.
func PostForm(f *flows.F, path string, form url.Values, header http.Header) *backend.Response {
	f.Helper()
	var res *backend.Response
	f.Step("forge: POST "+path, func() {
		ctx, cancel := context.WithTimeout(f.Ctx, cmp.Or(f.API.Timeout, steps.DefaultActionTimeout))
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.Tab.BaseURL()+path, strings.NewReader(form.Encode()))
		must(f, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, vs := range header {
			req.Header[k] = vs
		}
		for _, c := range f.Tab.Cookies() {
			f.Secret(c.Value)
			req.AddCookie(c)
		}
		resp, err := noRedirects.Do(req)
		must(f, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		must(f, err)
		res = &backend.Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
	})
	return res
}

// noRedirects answers a request with its own response, a redirect too.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// must fails the flow now with err, when there is one.
func must(f *flows.F, err error) {
	if err != nil {
		f.Helper()
		f.Errorf("%v", err)
		f.FailNow()
	}
}
