package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// directProbeTimeout bounds finding out whether a session's browser can be reached without the
// grid's proxy.
var directProbeTimeout = 10 * time.Second

// seleniumKeepAlive is how often a session reached directly is touched through the grid: a node
// ends a session that got no WebDriver command for its --session-timeout (300s by default), and
// DevTools messages that bypass the grid do not count.
const seleniumKeepAlive = 10 * time.Second

// directDevTools returns the DevTools websocket URL of sess's browser reached from here without
// the grid's proxy, or "" when it cannot be: the node is not on this machine (Chromium's
// debugging port listens on the node's loopback only), the capabilities say no debuggerAddress,
// or the browser found there is not the session's (its targets must hold the session's window
// handle, a random target id). Every message then costs one hop instead of three.
func (g *gridClient) directDevTools(ctx context.Context, sess *seleniumSession) string {
	addr := debuggerAddress(sess.caps)
	host, port, err := net.SplitHostPort(addr)
	if err != nil || !isLoopbackHost(host) {
		return ""
	}
	ctx, cancel := context.WithTimeout(ctx, directProbeTimeout)
	defer cancel()
	var (
		here   bool
		handle string
	)
	both(func() { here = g.nodeIsHere(ctx, sess.id) }, func() { handle = g.windowHandle(ctx, sess.id) })
	if !here || handle == "" {
		return ""
	}
	base := "http://" + net.JoinHostPort("127.0.0.1", port)
	client := &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	var (
		targets []devtoolsTarget
		version struct {
			WebSocketDebuggerURL string `json:"webSocketDebuggerUrl"`
		}
		listErr, verErr error
	)
	both(func() { listErr = getJSON(ctx, client, base+"/json/list", nil, &targets) },
		func() { verErr = getJSON(ctx, client, base+"/json/version", nil, &version) })
	if listErr != nil || verErr != nil ||
		!slices.ContainsFunc(targets, func(t devtoolsTarget) bool { return strings.EqualFold(t.ID, handle) }) {
		return ""
	}
	u, err := url.Parse(version.WebSocketDebuggerURL)
	if err != nil || u.Scheme != "ws" || !strings.HasPrefix(u.Path, "/devtools/browser/") {
		return ""
	}
	u.Host = net.JoinHostPort("127.0.0.1", port)
	return u.String()
}

// pinSessionBrowser moves the browser of a session whose node runs on this machine, and every
// process it started, onto cpus, as a launched browser of the same worker would run. The
// browser is the process ChromeDriver names (goog:processID), checked by its profile folder
// (chrome.userDataDir); a browser that cannot be found or moved runs where it ran.
func pinSessionBrowser(caps map[string]any, cpus []int) {
	pid, _ := caps["goog:processID"].(float64)
	chrome, _ := caps["chrome"].(map[string]any)
	dir, _ := chrome["userDataDir"].(string)
	if pid > 0 && runsWithProfile(int(pid), dir) {
		_ = pinProcessTree(int(pid), cpus)
	}
}

// both runs a and b side by side and returns once both have.
func both(a, b func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		a()
	}()
	b()
	wg.Wait()
}

// devtoolsTarget is an entry of a DevTools endpoint's GET /json/list.
type devtoolsTarget struct {
	ID string `json:"id"`
}

// debuggerAddress returns the host:port a session's Chromium debugs on, as its node sees it
// (goog:chromeOptions.debuggerAddress, "localhost:PORT" from ChromeDriver), or "".
func debuggerAddress(caps map[string]any) string {
	opts, _ := caps[chromeOptionsKey].(map[string]any)
	addr, _ := opts["debuggerAddress"].(string)
	return addr
}

// nodeIsHere reports whether the node running session id is on this machine: the grid's GraphQL
// names the node's URI, whose host must be a loopback address when the grid is reached on one,
// or an address of this machine. A grid without GraphQL counts as here when reached on loopback
// (the window handle check still has to pass).
func (g *gridClient) nodeIsHere(ctx context.Context, id string) bool {
	query, _ := json.Marshal(map[string]string{"query": fmt.Sprintf(`{ session (id: %q) { nodeUri } }`, id)})
	var answer struct {
		Data struct {
			Session struct {
				NodeURI string `json:"nodeUri"`
			} `json:"session"`
		} `json:"data"`
	}
	err := postJSON(ctx, g.client, g.endpoint("graphql"), g.header, query, &answer)
	node, perr := url.Parse(answer.Data.Session.NodeURI)
	switch {
	case err != nil || perr != nil || node.Hostname() == "":
		return isLoopbackHost(g.base.Hostname())
	case isLoopbackHost(node.Hostname()):
		return isLoopbackHost(g.base.Hostname())
	}
	return isLocalAddress(node.Hostname())
}

// isLocalAddress reports whether host is an IP address of one of this machine's interfaces.
func isLocalAddress(host string) bool {
	ip := net.ParseIP(host)
	if ip == nil {
		return false
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.Equal(ip) {
			return true
		}
	}
	return false
}

// windowHandle returns the current window handle of session id (GET /session/{id}/window), ""
// when the grid does not say.
func (g *gridClient) windowHandle(ctx context.Context, id string) string {
	var answer struct {
		Value string `json:"value"`
	}
	if getJSON(ctx, g.client, g.endpoint("session/"+url.PathEscape(id)+"/window"), g.header, &answer) != nil {
		return ""
	}
	return answer.Value
}

// keepAlive touches session id through the grid every period (GET /session/{id}/timeouts,
// which ChromeDriver answers without asking the browser) until stop is closed. When the grid
// says the session is gone, gone is called once with why, and it stops. A grid that does not
// answer is not a verdict: the browser, reached directly, may well live on.
func (g *gridClient) keepAlive(id string, period time.Duration, stop <-chan struct{}, gone func(error)) {
	tick := time.NewTicker(period)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), min(period, 10*time.Second))
		status, body, err := g.get(ctx, g.endpoint("session/"+url.PathEscape(id)+"/timeouts"))
		cancel()
		if err == nil && (status == http.StatusNotFound || bytes.Contains(body, []byte(`"invalid session id"`))) {
			gone(fmt.Errorf("the grid no longer knows session %s", id))
			return
		}
	}
}

// get sends a GET to the grid with its headers and returns the status and the start of the body.
func (g *gridClient) get(ctx context.Context, endpoint string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return 0, nil, err
	}
	applyHeader(req, g.header)
	res, err := g.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer func() { _ = res.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	return res.StatusCode, body, err
}

// getJSON GETs endpoint with header and decodes a 200 answer's JSON into v.
func getJSON(ctx context.Context, client *http.Client, endpoint string, header http.Header, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return err
	}
	applyHeader(req, header)
	return doJSON(client, req, v)
}

// postJSON POSTs a JSON body to endpoint with header and decodes a 200 answer's JSON into v.
func postJSON(ctx context.Context, client *http.Client, endpoint string, header http.Header, body []byte, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return err
	}
	applyHeader(req, header)
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	return doJSON(client, req, v)
}

// doJSON sends req and decodes a 200 answer's JSON (at most 8 MiB) into v.
func doJSON(client *http.Client, req *http.Request, v any) error {
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = res.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(res.Body, 8<<20))
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: HTTP %d", req.Method, req.URL.Path, res.StatusCode)
	}
	return json.Unmarshal(body, v)
}
