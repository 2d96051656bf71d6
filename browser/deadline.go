package browser

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-rod/rod/lib/proto"
)

// Default bounds of the calls a flow makes around its own steps (the flow and action timeouts
// bound the steps): the config keys timeouts.setup and timeouts.evidence default to these.
const (
	// DefaultSetupTimeout bounds each setup and teardown call: opening and closing a flow's
	// browser context and page, starting its recording, ending a Selenium session.
	DefaultSetupTimeout = 10 * time.Second
	// DefaultEvidenceTimeout bounds collecting a failed flow's evidence (screenshot, DOM, HAR).
	DefaultEvidenceTimeout = 10 * time.Second
)

// setupTimeout returns opts.SetupTimeout, or its default.
func setupTimeout(opts Options) time.Duration {
	if opts.SetupTimeout > 0 {
		return opts.SetupTimeout
	}
	return DefaultSetupTimeout
}

// SetupTimeout returns the bound of each setup and teardown call on this browser.
func (b *Browser) SetupTimeout() time.Duration {
	if b.setup > 0 {
		return b.setup
	}
	return DefaultSetupTimeout
}

// Dead returns why the browser was found dead (it stopped answering, or its connection ended),
// as a *DeadError, or nil while it is thought alive (or there is none: a nil Browser).
func (b *Browser) Dead() error {
	if b == nil || b.live == nil {
		return nil
	}
	if d := b.live.Dead(); d != nil {
		return d
	}
	return nil
}

// Died returns a channel closed when the browser is found dead (see Dead); nil for a nil Browser.
func (b *Browser) Died() <-chan struct{} {
	if b == nil || b.live == nil {
		return nil
	}
	return b.live.Died()
}

// ProcessGroup returns the process group of a local browser (its main process and helpers,
// and a wrapper script the system may start it through), 0 for a remote one.
func (b *Browser) ProcessGroup() int { return b.pid }

// Alive reports whether the browser still answers Browser.getVersion within the liveness
// probe's bound.
func (b *Browser) Alive() bool {
	if b.Dead() != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	_, err := proto.BrowserGetVersion{}.Call(b.Rod.Context(ctx))
	return err == nil
}

// errOverdue is the cause of a bounded call's cancellation.
var errOverdue = errors.New("overdue")

// bounded runs call with ctx bounded by the setup timeout. A call that overran it fails with
// "no reply to <method> in <bound>"; on a browser found dead meanwhile, with the *DeadError.
// The context call gets is cancelled only when the bound passes or ctx ends: rod keeps the
// context a page was opened with for later calls, so a call that returned in time leaves it
// live.
func (b *Browser) bounded(ctx context.Context, method string, call func(context.Context) error) error {
	d := b.SetupTimeout()
	cctx, cancel := context.WithCancelCause(context.WithoutCancel(ctx))
	stopParent := context.AfterFunc(ctx, func() { cancel(context.Cause(ctx)) })
	timer := time.AfterFunc(d, func() { cancel(errOverdue) })
	err := call(cctx)
	timer.Stop()
	stopParent()
	switch {
	case err == nil:
		return nil
	case b.Dead() != nil:
		return b.Dead()
	case ctx.Err() == nil && errors.Is(context.Cause(cctx), errOverdue):
		return fmt.Errorf("no reply to %s in %s: %w", method, d, context.DeadlineExceeded)
	}
	return err
}
