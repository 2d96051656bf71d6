package browser

import "testing"

// RemoteTestOptions starts a remote browser service of kind (cdp, rod-manager, selenium) for
// the test and returns the options that reach it: for the external tests of packages built on
// browser (route's remote-kind test lives here, beside the services).
func RemoteTestOptions(t *testing.T, kind string) Options {
	srv := newRemoteTestServer(t, kind)
	opts := Options{Headless: true, Remote: RemoteOptions{Kind: Kind(srv.Kind), URL: srv.URL, Headers: map[string]string{}}}
	for k := range srv.Header {
		opts.Remote.Headers[k] = srv.Header.Get(k)
	}
	return opts
}
