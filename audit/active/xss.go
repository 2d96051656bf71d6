package active

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/flows"
)

// XSSPayload returns a script payload unique to the call and its marker: markup that runs
// alert(marker) and console.log(marker) wherever an app prints it unescaped. It is 80
// characters or so: type it where the app takes that much.
func XSSPayload() (payload, marker string) {
	marker = "xss" + flows.UniqueName(flows.NameOptions{Alphabet: "abcdefghijklmnopqrstuvwxyz", Length: 8})
	payload = fmt.Sprintf(`"'><img src=x onerror=alert('%[1]s')><script>console.log('%[1]s')</script>`, marker)
	return payload, marker
}

// ScriptWatch listens to a flow's tab for script that a payload ran: every JavaScript dialog
// (dismissed at once, so the page goes on) and every console message holding a marker, through
// the DevTools protocol's Page.javascriptDialogOpening and Runtime.consoleAPICalled events.
type ScriptWatch struct {
	markers []string
	cancel  context.CancelFunc
	done    chan struct{}

	mu   sync.Mutex
	seen []string
}

// WatchScripts starts watching the flow's tab for the markers' scripts; Stop ends it.
func WatchScripts(f *flows.F, markers ...string) *ScriptWatch {
	f.Helper()
	ctx, cancel := context.WithCancel(f.Ctx)
	w := &ScriptWatch{markers: markers, cancel: cancel, done: make(chan struct{})}
	p := f.Tab.Rod().Context(ctx)
	enable, stop := context.WithTimeout(ctx, 5*time.Second)
	defer stop()
	if err := (proto.PageEnable{}).Call(p.Context(enable)); err != nil {
		cancel()
		must(f, fmt.Errorf("watch scripts: enable the Page domain: %w", err))
	}
	if err := (proto.RuntimeEnable{}).Call(p.Context(enable)); err != nil {
		cancel()
		must(f, fmt.Errorf("watch scripts: enable the Runtime domain: %w", err))
	}
	wait := p.EachEvent(func(e *proto.PageJavascriptDialogOpening) {
		w.add(fmt.Sprintf("%s dialog opened: %q", e.Type, e.Message))
		go func() { // answer it off the event loop: the page is blocked until then
			c, done := context.WithTimeout(ctx, 5*time.Second)
			defer done()
			_ = proto.PageHandleJavaScriptDialog{Accept: false}.Call(p.Context(c))
		}()
	}, func(e *proto.RuntimeConsoleAPICalled) {
		var parts []string
		for _, a := range e.Args {
			if s := a.Value.Str(); s != "" {
				parts = append(parts, s)
			} else {
				parts = append(parts, a.Description)
			}
		}
		text := strings.Join(parts, " ")
		for _, m := range w.markers {
			if strings.Contains(text, m) {
				w.add(fmt.Sprintf("console.%s ran: %q", e.Type, text))
				return
			}
		}
	})
	go func() {
		defer close(w.done)
		wait()
	}()
	return w
}

func (w *ScriptWatch) add(s string) {
	w.mu.Lock()
	w.seen = append(w.seen, s)
	w.mu.Unlock()
}

// Seen returns what ran so far: one line per dialog or marked console message.
func (w *ScriptWatch) Seen() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.seen...)
}

// Stop ends the watch.
func (w *ScriptWatch) Stop() {
	w.cancel()
	<-w.done
}

// ExpectNoScript fails the flow if a payload's script ran: a dialog opened or a marked console
// message was logged. what names where the payloads went.
func (w *ScriptWatch) ExpectNoScript(f *flows.F, what string) {
	f.Helper()
	if seen := w.Seen(); len(seen) > 0 {
		f.Errorf("%s: script from the payload ran: %s", what, strings.Join(seen, "; "))
	}
}

// ExpectShownLiterally fails the flow unless shown (the text or input value the page shows)
// is the payload as typed: escaped output shows it character for character.
func ExpectShownLiterally(f *flows.F, what, shown, payload string) {
	f.Helper()
	if shown != payload {
		f.Errorf("%s: the page shows %q, want the payload as typed %q (unescaped output becomes markup)", what, shown, payload)
	}
}
