package browser

import (
	"context"
	"fmt"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// during runs action on a goroutine of its own, as the page holds it until the event it causes
// is dealt with (a click that opens a dialog returns only once the dialog is closed), and
// waits up to timeout for an event on got. It returns the event and a channel that gets the
// action's outcome once. It fails with the action's error when the action failed before any
// event came, and with "no WHAT within TIMEOUT" when none came in time (after the action
// returned, the event may still come: a timer of the page's may cause it).
func during[T any](ctx context.Context, got <-chan T, timeout time.Duration, what string, action func() error) (T, <-chan error, error) {
	var zero T
	outcome := make(chan error, 1)
	go func() { outcome <- action() }()
	var done <-chan error = outcome
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	ended := done // nil once the action returned without error: then only the event counts
	for {
		select {
		case ev := <-got:
			if ended == nil {
				done = closedWith(nil)
			}
			return ev, done, nil
		case err := <-ended:
			if err != nil {
				return zero, closedWith(err), err
			}
			ended = nil
		case <-timer.C:
			if ended == nil {
				return zero, closedWith(nil), fmt.Errorf("no %s within %s", what, timeout)
			}
			// The action, bounded by the same timeout, may be about to fail: give it as long
			// again, so that its own failure is the one told.
			timer.Reset(timeout)
			select {
			case ev := <-got:
				return ev, done, nil
			case err := <-ended:
				if err != nil {
					return zero, closedWith(err), err
				}
				return zero, closedWith(nil), fmt.Errorf("no %s within %s", what, timeout)
			case <-timer.C:
				return zero, done, fmt.Errorf("no %s within %s (the action has not returned either)", what, timeout)
			case <-ctx.Done():
				return zero, done, fmt.Errorf("waiting for a %s: %w", what, context.Cause(ctx))
			}
		case <-ctx.Done():
			return zero, done, fmt.Errorf("waiting for a %s: %w", what, context.Cause(ctx))
		}
	}
}

// after runs action on the caller's goroutine (a flow's: a failure that ends the goroutine ends
// the wait too) and then waits up to timeout for an event on got, armed before the action. It
// fails with the action's error, or "no WHAT within TIMEOUT".
func after[T any](ctx context.Context, got <-chan T, timeout time.Duration, what string, action func() error) (T, error) {
	var zero T
	if err := action(); err != nil {
		return zero, err
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case ev := <-got:
		return ev, nil
	case <-timer.C:
		return zero, fmt.Errorf("no %s within %s", what, timeout)
	case <-ctx.Done():
		return zero, fmt.Errorf("waiting for a %s: %w", what, context.Cause(ctx))
	}
}

// enable turns a domain on for p's session, bounded by setup. rod then knows it is on, so the
// event subscriptions that need it neither enable it again, unbounded, nor turn it off as they
// end.
func enable(p *rod.Page, setup time.Duration, req proto.Request) error {
	tp := p.Timeout(setup)
	defer tp.CancelTimeout()
	if _, err := tp.Call(tp.GetContext(), string(tp.SessionID), req.ProtoReq(), req); err != nil {
		return fmt.Errorf("%s: %w", req.ProtoReq(), err)
	}
	return nil
}

// closedWith returns a channel that gives err once.
func closedWith(err error) <-chan error {
	c := make(chan error, 1)
	c <- err
	return c
}

// actionEnd waits up to timeout for the action whose outcome done gives, and returns it.
func actionEnd(done <-chan error, timeout time.Duration, event string) error {
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		return fmt.Errorf("the action did not return within %s after %s", timeout, event)
	}
}
