package browser

import (
	"context"
	"fmt"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// Context is one flow's incognito browser context: its own cookies, storage and cache, so that
// nothing leaks between flows sharing a browser.
type Context struct {
	// Rod is the rod browser scoped to this context: pages it opens belong to it.
	Rod *rod.Browser
	// Browser is the browser the context lives in.
	Browser *Browser
}

// NewContext creates a fresh incognito context. It is disposed of when our connection to the
// browser ends, even if Close is never called: a run that is killed leaves no context behind in
// a browser it shares (a DevTools endpoint's).
func (b *Browser) NewContext(ctx context.Context) (*Context, error) {
	res, err := proto.TargetCreateBrowserContext{DisposeOnDetach: true}.Call(b.Rod.Context(ctx))
	if err != nil {
		return nil, fmt.Errorf("new browser context: %w", err)
	}
	inc := *b.Rod // what rod's Incognito does, with DisposeOnDetach
	inc.BrowserContextID = res.BrowserContextID
	return &Context{Rod: &inc, Browser: b}, nil
}

// NewPage opens a blank tab in the context. Recording can start on it before the first
// navigation, so that no request is missed.
func (c *Context) NewPage(ctx context.Context) (*rod.Page, error) {
	p, err := c.Rod.Context(ctx).Page(proto.TargetCreateTarget{URL: "about:blank"})
	if err != nil {
		return nil, fmt.Errorf("new page: %w", err)
	}
	return p.Context(context.Background()), nil
}

// Close disposes of the context and every page in it, waiting at most a few seconds.
func (c *Context) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Rod.Context(ctx).Close(); err != nil {
		return fmt.Errorf("close browser context: %w", err)
	}
	return nil
}

// Alive reports whether the browser still answers, within a second.
func (b *Browser) Alive() bool {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err := proto.BrowserGetVersion{}.Call(b.Rod.Context(ctx))
	return err == nil
}
