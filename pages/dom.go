package pages

import (
	"context"
	_ "embed"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/input"
	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/internal/js"
)

// The DOM primitives of the page objects. Each is one small script evaluated in the page, so
// that an action costs one or two round trips. rod's own element methods inject rod's helper
// library into every new document first (~20ms per page load), and wait for two animation
// frames before every focus or click; these wait only for what Playwright's actionability
// checks wait for: visible, enabled, editable, stable for a frame, and not covered.

// secretFieldJS declares secretField(e): whether e is a field whose value is never shown.
//
//go:embed secret_field.js
var secretFieldJS string

// visibleJS declares visible(e): true for an element that takes up space and is not hidden.
//
//go:embed visible.js
var visibleJS string

// The scripts that call visible(e) get its declaration at the start of their body, once.
func init() {
	for _, s := range []*string{
		&clickPointJS, &focusForInputJS, &selectOptionJS, &focusJS, &probeJS, &visibleOnlyJS, &readJS,
	} {
		*s = js.Declare(*s, visibleJS)
	}
	// Those that tell a secret field get secretField, with browser's selector of such fields.
	secretField := strings.ReplaceAll(secretFieldJS, "MASK_SELECTOR", strconv.Quote(browser.MaskSelector))
	for _, s := range []*string{&focusForInputJS, &probeJS, &focusedFieldJS, &describeElementJS, &isSecretFieldJS} {
		*s = js.Declare(*s, secretField)
	}
	locateProbeJS = "(" + locateProbeJS + ")(" + queryJS + ", " + probeJS + ")"
}

// innerTextJS returns the element's rendered text (innerText, else textContent), trimmed.
//
//go:embed inner_text.js
var innerTextJS string

// tryScript runs js on el: a non-empty string it returns says why el cannot be acted on yet.
func tryScript(el *rod.Element, js string, args ...any) error {
	res, err := el.Eval(js, args...)
	if err != nil {
		return err
	}
	if r := res.Value.Str(); r != "" {
		return &notActionable{reason: r}
	}
	return nil
}

// notActionable is why an element cannot be acted on yet; polling goes on until it can. When
// the wait ends, it wraps the context's error.
type notActionable struct {
	reason string
	err    error
}

func (e *notActionable) Error() string {
	if e.err == nil {
		return e.reason
	}
	return e.reason + ": " + e.err.Error()
}

func (e *notActionable) Unwrap() error { return e.err }

// clickPointJS scrolls the element into view when it is not, and resolves with the point to
// click: its centre, once it is visible, enabled, has not moved for an animation frame, and is
// what the pointer would hit there. Otherwise it resolves with the reason. It runs in the
// top page's context (rod calls every function there), so it reads the element's own document
// and window; the point is offset by the frames around it, to be the top page's.
//
//go:embed click_point.js
var clickPointJS string

// clickPoint returns where to click el, or a notActionable saying why not yet.
func clickPoint(el *rod.Element) (proto.Point, error) {
	res, err := el.Evaluate(rod.Eval(clickPointJS).ByPromise())
	if err != nil {
		return proto.Point{}, err
	}
	if r := res.Value.Get("reason"); !r.Nil() {
		return proto.Point{}, &notActionable{reason: r.Str()}
	}
	return proto.Point{X: res.Value.Get("x").Num(), Y: res.Value.Get("y").Num()}, nil
}

// mouseClick moves the mouse to pt and clicks there.
func mouseClick(p *rod.Page, pt proto.Point) error {
	if err := p.Mouse.MoveTo(pt); err != nil {
		return err
	}
	return delivered(p, p.Mouse.Click(proto.InputMouseButtonLeft, 1))
}

// closeCheck bounds delivered's question to the browser.
const closeCheck = 2 * time.Second

// delivered returns err, the error of input sent to p, unless p's tab has closed meanwhile: a
// popup's "Done" that closes its own window. rod ends the calls of a closed tab with
// context.Canceled, maybe before the input's own answer; the window closing is the input's
// effect, not its failure. Input to a tab closed before it is refused earlier, as its target
// is looked for.
func delivered(p *rod.Page, err error) error {
	if !errors.Is(err, context.Canceled) {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), closeCheck)
	defer cancel()
	res, terr := proto.TargetGetTargets{}.Call(p.Browser().Context(ctx))
	if terr != nil {
		return err
	}
	for _, ti := range res.TargetInfos {
		if ti.TargetID == p.TargetID {
			return err
		}
	}
	return nil
}

// focusForInputJS focuses an editable field and selects its text, so that what is typed next
// replaces it.
//
//go:embed focus_for_input.js
var focusForInputJS string

// focusForInput focuses an editable field and selects its text, or says why it cannot yet; it
// reports whether the field is a secret field (secretField: a password field, ...).
func focusForInput(el *rod.Element) (secret bool, err error) {
	res, err := el.Evaluate(rod.Eval(focusForInputJS).ByUser())
	if err != nil {
		return false, err
	}
	if r := res.Value.Get("reason").Str(); r != "" {
		return false, &notActionable{reason: r}
	}
	return res.Value.Get("secret").Bool(), nil
}

// typeValue replaces the focused field's selected text with value.
func typeValue(p *rod.Page, value string) error {
	if value == "" {
		return p.Keyboard.Type(input.Backspace)
	}
	return p.InsertText(value)
}
