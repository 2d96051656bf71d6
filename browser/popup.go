package browser

import (
	"context"
	"fmt"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// ExpectPopup runs action, on the caller's goroutine, and returns the tab that opener opens, in
// timeout from the action's end:
// a link with target=_blank (which Chromium opens without an opener, yet reports whose it is)
// or window.open. The tab is in the context, as the opener; attaching to it is bounded by the
// setup timeout. It returns once the tab exists, before its page has loaded.
func (c *Context) ExpectPopup(ctx context.Context, opener *rod.Page, timeout time.Duration, action func() error) (*rod.Page, error) {
	sub, stop := context.WithCancel(ctx)
	defer stop()
	created := make(chan proto.TargetTargetID, 1)
	wait := c.Rod.Context(sub).EachEvent(func(e *proto.TargetTargetCreated) bool {
		ti := e.TargetInfo
		if ti.Type != proto.TargetTargetInfoTypePage || ti.OpenerID != opener.TargetID {
			return false
		}
		created <- ti.TargetID
		return true
	})
	go wait()
	id, err := after(ctx, created, timeout, "popup", action)
	if err != nil {
		return nil, fmt.Errorf("expect a popup: %w", err)
	}
	var p *rod.Page
	err = c.Browser.bounded(ctx, "Target.attachToTarget", func(ctx context.Context) (err error) {
		if p, err = c.Rod.Context(ctx).PageFromTarget(id); err == nil {
			err = keepActive(p)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("expect a popup: attach to the new tab: %w", err)
	}
	return p.Context(context.Background()), nil
}
