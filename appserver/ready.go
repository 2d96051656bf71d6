package appserver

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// healthClient checks URLs: no redirect is followed (a 3xx counts as ready), and the
// certificate of a local server need not be trusted to say that it answers.
var healthClient = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Transport: &http.Transport{
		TLSClientConfig:   &tls.Config{InsecureSkipVerify: true}, //nolint:gosec // a readiness check, no data
		DisableKeepAlives: true,
	},
}

// answers returns nil when u answers 2xx or 3xx within timeout.
func answers(ctx context.Context, u string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := healthClient.Do(req)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 399 {
		return fmt.Errorf("it answered %s", resp.Status)
	}
	return nil
}

// reasonOf says in a few words why the last check failed.
func reasonOf(err error) string {
	switch {
	case err == nil:
		return "no answer yet"
	case errors.Is(err, context.DeadlineExceeded):
		return "no answer"
	case strings.Contains(err.Error(), "connection refused"):
		return "connection refused"
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && !strings.HasPrefix(msg, "it answered") {
		msg = msg[i+2:]
	}
	return msg
}
