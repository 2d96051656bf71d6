package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/go-rod/rod/lib/launcher"
	"github.com/go-rod/rod/lib/launcher/flags"
)

// connectManager launches a browser through rod's launcher manager service (browser.remote.url
// ws://host:7317, http://host:7317 or host:7317) with our flags, and connects to it through the
// manager. The manager kills that browser when our websocket closes (leakless), so Close closes
// the websocket and the browser goes with it.
func connectManager(ctx context.Context, opts Options) (*Browser, error) {
	r, err := parseRemoteURL(opts.Remote.URL, "ws", "ws", "wss", "http", "https")
	if err != nil {
		return nil, setupErrorf("rod-manager: %w", err)
	}
	where := "rod-manager " + r.String()
	header := remoteHeader(opts, r)
	secrets := r.secrets(header)
	timeout := sessionTimeout(opts)
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	const fix = "start it (go run github.com/go-rod/rod/lib/launcher/rod-manager, see tools/rod-manager) or fix browser.remote.url"

	client := remoteHTTPClient(dialTimeout(opts))
	defer client.CloseIdleConnections()
	defaults, err := probeManager(ctx, client, r, header)
	if err != nil {
		return nil, remoteSetupError(where, parent, ctx, timeout, redactErr(err, secrets...), fix)
	}

	l, err := newManaged(ctx, r)
	if err != nil {
		return nil, remoteSetupError(where, parent, ctx, timeout, redactErr(err, append(secrets, r.Raw, r.String())...), fix)
	}
	configureManaged(l, opts)
	wsURL, h := l.ClientHeader()
	if u, err := url.Parse(wsURL); err == nil && u.User != nil {
		u.User = nil // sent as an Authorization header instead
		wsURL = u.String()
	}
	for k, vs := range header {
		h[k] = vs
	}

	rb, closeWS, err := connectRodBounded(ctx, wsURL, opts, h)
	if err != nil {
		fix := "check the manager's log"
		if opts.Bin != "" {
			fix += "; browser.bin must exist on the manager's machine, and a manager started without -allow-all refuses it"
		} else if bin := defaults.Flags[flags.Bin]; len(bin) == 0 || bin[0] == "" {
			fix += "; the manager has no browser of its own configured and tries to download one: start it with -rod=bin=/usr/bin/chromium -allow-all, or set browser.bin"
		}
		return nil, remoteSetupError(where, parent, ctx, timeout,
			redactErr(err, append(secrets, wsURL, redactRaw(wsURL))...), "could not launch a browser: "+fix)
	}
	b := &Browser{Kind: KindRodManager, Rod: rb, Headless: opts.Headless}
	b.OnClose(closeWS)
	track(b)
	return b, nil
}

// probeManager asks the manager for its default launcher settings, bounded by ctx and with our
// headers, so that a wrong address fails fast and clearly before launcher.NewManaged (whose
// request has neither).
func probeManager(ctx context.Context, client *http.Client, r remoteURL, header http.Header) (*managerDefaults, error) {
	u := *r.URL
	switch u.Scheme {
	case "ws":
		u.Scheme = "http"
	case "wss":
		u.Scheme = "https"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	applyHeader(req, header)
	res, err := client.Do(req)
	if err != nil {
		return nil, asUnreachable(err)
	}
	defer func() { _ = res.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return nil, asUnreachable(err)
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %d: %s", res.StatusCode, firstLineOf(string(body), 200))
	}
	var d managerDefaults
	if err := json.Unmarshal(body, &d); err != nil || d.Flags == nil {
		return nil, fmt.Errorf("not a rod launcher manager (GET answered %q)", firstLineOf(string(body), 80))
	}
	return &d, nil
}

// managerDefaults is the manager's answer to GET: the launcher settings it would use.
type managerDefaults struct {
	Flags map[flags.Flag][]string `json:"flags"`
}

// newManaged is launcher.NewManaged bounded by ctx.
func newManaged(ctx context.Context, r remoteURL) (*launcher.Launcher, error) {
	u := *r.URL
	u.User = r.User // its own GET carries them as basic authentication
	type result struct {
		l   *launcher.Launcher
		err error
	}
	ch := make(chan result, 1)
	go func() {
		l, err := launcher.NewManaged(u.String())
		ch <- result{l, err}
	}()
	select {
	case res := <-ch:
		if res.err != nil {
			return nil, fmt.Errorf("launcher.NewManaged: %w", asUnreachable(res.err))
		}
		return res.l, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// configureManaged sets our flags on a managed launcher: ChromiumFlags (feature lists merged
// with the manager's defaults), headless or not, browser.bin when set, and leakless so that the
// manager kills the browser when our websocket closes.
func configureManaged(l *launcher.Launcher, opts Options) {
	for _, f := range ChromiumFlags(opts) {
		name, value, hasValue := strings.Cut(f, "=")
		name = strings.TrimLeft(name, "-")
		if name == "" || name == string(flags.Headless) {
			continue
		}
		fl := flags.Flag(name)
		if !hasValue {
			l.Set(fl)
			continue
		}
		if name == "disable-features" || name == "enable-features" {
			have, _ := l.GetFlags(fl)
			var list []string
			for _, v := range append(slices.Clone(have), strings.Split(value, ",")...) {
				for _, one := range strings.Split(v, ",") {
					if one != "" && !slices.Contains(list, one) {
						list = append(list, one)
					}
				}
			}
			l.Set(fl, list...)
			continue
		}
		l.Set(fl, value)
	}
	l.Headless(opts.Headless)
	if opts.Bin != "" {
		l.Bin(opts.Bin)
	}
	l.Leakless(true)
}
