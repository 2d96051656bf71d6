package browser

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// Dialog types, as Chromium names them.
const (
	DialogAlert        = "alert"
	DialogConfirm      = "confirm"
	DialogPrompt       = "prompt"
	DialogBeforeUnload = "beforeunload"
)

// Dialogs handles a page's JavaScript dialogs (alert, confirm, prompt, beforeunload): each one
// is dismissed as it opens, as Playwright does, unless Expect is waiting for it. Dismissing a
// confirm makes it return false, a prompt null, a beforeunload keep the page.
type Dialogs struct {
	page    *rod.Page
	setup   time.Duration
	onClose func(d *Dialog) // told of each dialog dismissed unasked
	stop    context.CancelFunc

	mu     sync.Mutex
	waiter chan *Dialog // the Expect waiting for the next dialog, if any
}

// Dialog is a dialog the page opened.
type Dialog struct {
	// Type is alert, confirm, prompt or beforeunload.
	Type string
	// Message is the text it shows.
	Message string
	// DefaultPrompt is a prompt's default value.
	DefaultPrompt string
	// URL is the address of the frame that opened it.
	URL string

	page    *rod.Page
	setup   time.Duration
	action  <-chan error // the outcome of the action that opened it; nil when none
	handled bool
}

// String is how steps.log shows the dialog: confirm "Delete it?".
func (d *Dialog) String() string { return fmt.Sprintf("%s %q", d.Type, d.Message) }

// WatchDialogs starts handling p's dialogs until Close. dismissed, when set, is told of each
// dialog dismissed because nothing expected it (for the flow's step log). setup bounds each
// CDP call.
func WatchDialogs(p *rod.Page, setup time.Duration, dismissed func(d *Dialog)) (*Dialogs, error) {
	if err := enable(p, setup, proto.PageEnable{}); err != nil {
		return nil, fmt.Errorf("watch dialogs: %w", err)
	}
	ctx, stop := context.WithCancel(p.GetContext())
	w := &Dialogs{page: p, setup: setup, onClose: dismissed, stop: stop}
	go p.Context(ctx).EachEvent(func(e *proto.PageJavascriptDialogOpening) {
		d := &Dialog{Type: string(e.Type), Message: e.Message, DefaultPrompt: e.DefaultPrompt, URL: e.URL, page: p, setup: setup}
		w.mu.Lock()
		waiter := w.waiter
		w.waiter = nil
		w.mu.Unlock()
		if waiter != nil {
			waiter <- d
			return
		}
		if err := d.handle(false, ""); err == nil && w.onClose != nil {
			w.onClose(d)
		}
	})()
	return w, nil
}

// Close stops handling the page's dialogs.
func (w *Dialogs) Close() { w.stop() }

// Expect runs action and returns the dialog it opens, within timeout, unhandled: the page
// waits, and the action with it, until Accept or Dismiss. Only the next dialog is kept for
// the caller; others are dismissed as usual.
func (w *Dialogs) Expect(ctx context.Context, timeout time.Duration, action func() error) (*Dialog, error) {
	got := make(chan *Dialog, 1)
	w.mu.Lock()
	if w.waiter != nil {
		w.mu.Unlock()
		return nil, fmt.Errorf("expect a dialog: another expectation of a dialog is already waiting on this page")
	}
	w.waiter = got
	w.mu.Unlock()
	d, done, err := during(ctx, got, timeout, "dialog", action)
	if err != nil {
		w.mu.Lock()
		if w.waiter == got {
			w.waiter = nil
		}
		w.mu.Unlock()
		return nil, err
	}
	d.action = done
	return d, nil
}

// Accept accepts the dialog, with text as a prompt's answer, and waits (up to the setup bound)
// for the action that opened it to return; it returns the action's error.
func (d *Dialog) Accept(text string) error { return d.close(true, text) }

// Dismiss dismisses the dialog (Cancel) and waits for the action that opened it, as Accept.
func (d *Dialog) Dismiss() error { return d.close(false, "") }

func (d *Dialog) close(accept bool, text string) error {
	if d.handled {
		return fmt.Errorf("dialog %s: already accepted or dismissed", d)
	}
	if err := d.handle(accept, text); err != nil {
		return err
	}
	if d.action == nil {
		return nil
	}
	return actionEnd(d.action, d.setup, "the dialog closed")
}

// handle answers the dialog.
func (d *Dialog) handle(accept bool, text string) error {
	d.handled = true
	p := d.page.Timeout(d.setup)
	defer p.CancelTimeout()
	if err := (proto.PageHandleJavaScriptDialog{Accept: accept, PromptText: text}).Call(p); err != nil {
		verb := map[bool]string{true: "accept", false: "dismiss"}[accept]
		return fmt.Errorf("%s dialog %s: Page.handleJavaScriptDialog: %w", verb, d, err)
	}
	return nil
}
