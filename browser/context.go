package browser

import (
	"context"
	"fmt"

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
// The call is bounded by the setup timeout.
func (b *Browser) NewContext(ctx context.Context) (*Context, error) {
	var res *proto.TargetCreateBrowserContextResult
	err := b.bounded(ctx, "Target.createBrowserContext", func(ctx context.Context) (err error) {
		res, err = proto.TargetCreateBrowserContext{DisposeOnDetach: true}.Call(b.Rod.Context(ctx))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("new browser context: %w", err)
	}
	inc := *b.Rod // what rod's Incognito does, with DisposeOnDetach
	inc.BrowserContextID = res.BrowserContextID
	ownStates(&inc)
	return &Context{Rod: &inc, Browser: b}, nil
}

// NewPage opens a blank tab in the context. Recording can start on it before the first
// navigation, so that no request is missed. Opening it is bounded by the setup timeout.
func (c *Context) NewPage(ctx context.Context) (*rod.Page, error) {
	var p *rod.Page
	err := c.Browser.bounded(ctx, "Target.createTarget", func(ctx context.Context) (err error) {
		p, err = c.Rod.Context(ctx).Page(proto.TargetCreateTarget{URL: "about:blank"})
		if err == nil {
			err = keepActive(p)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("new page: %w", err)
	}
	return p.Context(context.Background()), nil
}

// keepActive makes p behave as the tab in front, whichever is: a flow acts on several tabs, and a
// browser started without e2e's flags (a DevTools endpoint's, a grid's) throttles the animation
// frames of a tab behind another, on which every click waits. Chromium's focus emulation keeps
// the tab's renderer awake, as Playwright has every page do.
func keepActive(p *rod.Page) error {
	return proto.EmulationSetFocusEmulationEnabled{Enabled: true}.Call(p)
}

// Close disposes of the context and every page in it, bounded by the setup timeout. On a browser
// found dead it does nothing: the browser goes, and its contexts with it.
func (c *Context) Close() error {
	if c.Browser.Dead() != nil {
		return nil
	}
	err := c.Browser.bounded(context.Background(), "Target.disposeBrowserContext", func(ctx context.Context) error {
		return c.Rod.Context(ctx).Close()
	})
	if err != nil {
		return fmt.Errorf("close browser context: %w", err)
	}
	return nil
}

// PageURL returns p's current URL, asked of the browser within p's context (so within the flow's
// time limit): rod's Page.Info asks in the browser's own context, and would wait forever on a
// browser that stopped answering.
func PageURL(p *rod.Page) (string, error) {
	res, err := proto.TargetGetTargetInfo{TargetID: p.TargetID}.Call(p.Browser().Context(p.GetContext()))
	if err != nil {
		return "", err
	}
	return res.TargetInfo.URL, nil
}
