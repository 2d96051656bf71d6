package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// resolveCDPURL turns browser.remote.url for kind cdp into the browser's DevTools websocket URL.
// A ws:// or wss:// URL is used as it is. An http(s):// URL or a bare host:port is asked for
// GET /json/version and its webSocketDebuggerUrl is used; when that names this machine as the
// remote sees it (localhost, 127.0.0.1, 0.0.0.0) but the user reached the remote under another
// host, the user's host and port replace it (the remote's own view is not reachable from here).
func resolveCDPURL(ctx context.Context, client *http.Client, r remoteURL, header http.Header) (string, error) {
	switch r.URL.Scheme {
	case "ws", "wss":
		return r.URL.String(), nil
	}
	v := *r.URL
	v.Path = strings.TrimSuffix(v.Path, "/") + "/json/version"
	v.RawQuery = r.URL.RawQuery
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.String(), nil)
	if err != nil {
		return "", fmt.Errorf("GET /json/version: %w", err)
	}
	applyHeader(req, header)
	res, err := client.Do(req)
	if err != nil {
		if reason := netReason(err); reason != "" {
			return "", &unreachableError{reason: reason, err: err}
		}
		return "", fmt.Errorf("GET /json/version: %w", err)
	}
	defer func() { _ = res.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return "", fmt.Errorf("GET /json/version: %w", err)
	}
	if res.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET /json/version: HTTP %d: %s", res.StatusCode, firstLineOf(string(body), 200))
	}
	var version struct {
		WebSocketDebuggerURL string `json:"webSocketDebuggerUrl"`
	}
	if err := json.Unmarshal(body, &version); err != nil || version.WebSocketDebuggerURL == "" {
		return "", fmt.Errorf("GET /json/version: no webSocketDebuggerUrl in the answer (is this a Chromium DevTools endpoint?)")
	}
	return rewriteCDPHost(version.WebSocketDebuggerURL, r.URL)
}

// rewriteCDPHost points a DevTools websocket URL that the remote gave in its own terms (localhost,
// 127.0.0.1, 0.0.0.0) at the host and port the user reached the remote under, and upgrades it to
// wss when the user used https.
func rewriteCDPHost(wsURL string, given *url.URL) (string, error) {
	u, err := url.Parse(wsURL)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("bad DevTools websocket URL %q from the remote", wsURL)
	}
	if isLoopbackHost(u.Hostname()) && !strings.EqualFold(u.Host, given.Host) {
		u.Host = given.Host
	}
	if given.Scheme == "https" && u.Scheme == "ws" {
		u.Scheme = "wss"
	}
	return u.String(), nil
}
