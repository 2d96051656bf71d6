package active

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/flows"
)

// PostForm posts a form-encoded body to path of the app (f.UI.BaseURL) with the browser
// context's cookies and the extra header, without following a redirect: a forged form
// submission, as another site's page would make it. It is recorded as a step.
func PostForm(f *flows.F, path string, form url.Values, header http.Header) (*backend.Response, error) {
	var res *backend.Response
	var err error
	f.Step("forge: POST "+path, func() {
		err = func() error {
			ctx, cancel := context.WithTimeout(f.Ctx, f.UI.Timeout)
			defer cancel()
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.UI.BaseURL+path, strings.NewReader(form.Encode()))
			if err != nil {
				return err
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, vs := range header {
				req.Header[k] = vs
			}
			cs, err := f.UI.Cookies()
			if err != nil {
				return fmt.Errorf("cookies of the browser context: %w", err)
			}
			for _, c := range cs {
				f.Secret(c.Value)
				req.AddCookie(c)
			}
			client := &http.Client{
				Timeout:       f.UI.Timeout + time.Second,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			}
			resp, err := client.Do(req)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
			if err != nil {
				return err
			}
			res = &backend.Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
			return nil
		}()
	})
	if err != nil {
		return nil, fmt.Errorf("forged POST %s: %w", path, err)
	}
	return res, nil
}
