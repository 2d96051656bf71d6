package scaffold

import (
	"context"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"
)

var (
	titleRe   = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
	headingRe = regexp.MustCompile(`(?is)<h1[^>]*>(.*?)</h1>`)
	tagRe     = regexp.MustCompile(`(?s)<[^>]*>`)
)

// Probe fetches the app's home page and returns its title and first top-level heading, for
// the sample flow to expect; "" for what it cannot find (the page is rendered by script, or the
// app is not running yet: the sample flow then checks less). problem says, when the page could
// not be read, why: "answered 404 Not Found", "unreachable: ...".
func Probe(ctx context.Context, url string) (title, heading, problem string) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", "", err.Error()
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", "", "unreachable"
	}
	defer res.Body.Close()
	if res.StatusCode >= 400 {
		return "", "", "answered " + res.Status
	}
	if !strings.Contains(res.Header.Get("Content-Type"), "html") {
		return "", "", "answered " + res.Header.Get("Content-Type") + ", not HTML"
	}
	b, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return "", "", err.Error()
	}
	text := func(re *regexp.Regexp) string {
		m := re.FindSubmatch(b)
		if m == nil {
			return ""
		}
		return strings.Join(strings.Fields(html.UnescapeString(tagRe.ReplaceAllString(string(m[1]), ""))), " ")
	}
	return text(titleRe), text(headingRe), ""
}
