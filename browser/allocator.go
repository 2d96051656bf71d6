package browser

import (
	"context"
	"fmt"
	"slices"
)

// Kind is how a browser is acquired (browser.remote.kind): launched here, or reached through a
// DevTools endpoint, rod's manager or a Selenium Grid.
type Kind string

// The kinds of browser acquisition, each in a file of its own: launch.go, remote_cdp.go,
// remote_manager.go, selenium.go.
const (
	KindLocal      Kind = "local"       // launch Chromium on this machine (also "")
	KindCDP        Kind = "cdp"         // a running browser's DevTools endpoint
	KindRodManager Kind = "rod-manager" // rod's launcher manager service
	KindSelenium   Kind = "selenium"    // a Selenium Grid 4 (WebDriver + se:cdp)
)

// RemoteKinds lists the kinds of remote browser browser.remote.kind accepts, in the order
// messages and help show them.
var RemoteKinds = []Kind{KindCDP, KindRodManager, KindSelenium}

// Remote reports whether k names a remote browser: one e2e does not launch.
func (k Kind) Remote() bool { return slices.Contains(RemoteKinds, k) }

// Allocator acquires browsers of one kind, as chromedp's allocators do: Open picks one by
// Options.Remote.Kind.
type Allocator interface {
	// Allocate returns a browser as opts say. The caller must Close it.
	Allocate(ctx context.Context, opts Options) (*Browser, error)
}

// AllocatorFunc is a function that allocates browsers.
type AllocatorFunc func(ctx context.Context, opts Options) (*Browser, error)

// Allocate calls f.
func (f AllocatorFunc) Allocate(ctx context.Context, opts Options) (*Browser, error) {
	return f(ctx, opts)
}

// AllocatorFor returns the allocator of kind ("" is KindLocal); an unknown kind is an error that
// says which kinds there are.
func AllocatorFor(kind Kind) (Allocator, error) {
	switch kind {
	case "", KindLocal:
		return AllocatorFunc(launchLocal), nil
	case KindCDP:
		return AllocatorFunc(connectCDP), nil
	case KindRodManager:
		return AllocatorFunc(connectManager), nil
	case KindSelenium:
		return AllocatorFunc(connectSelenium), nil
	}
	return nil, fmt.Errorf("browser.remote.kind %q: expected %s, %s or %s", kind, KindCDP, KindRodManager, KindSelenium)
}
