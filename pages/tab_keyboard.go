package pages

import (
	_ "embed"
	"fmt"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/input"
	"github.com/go-rod/rod/lib/proto"
)

// inputState is what a tab's Keyboard and Mouse hold down, and where the mouse is: what the next
// key or mouse event carries, as a real keyboard and mouse do.
type inputState struct {
	mods    int                      // the modifiers Keyboard.Down holds (input.Modifier*)
	x, y    float64                  // where the mouse is, in CSS pixels of the viewport
	buttons int                      // the mouse buttons held down (Left=1, Right=2, Middle=4)
	pressed map[input.Key]bool       // the keys Keyboard.Down holds
	held    []proto.InputMouseButton // the mouse buttons in the order Mouse.Down pressed them
}

// Keyboard is a tab's keyboard, as Playwright's page.keyboard: its keys go to whatever has the
// focus, with no element to wait for. A page object's Locator.Press and PressSequentially are
// the usual way to type; this is for shortcuts of the whole page and for keys held down across
// other actions. Each call is a step of the tab's step log and an action of its trace.
//
//	f.Tab.Keyboard().Press("ControlOrMeta+A")
//	f.Tab.Keyboard().Down("Shift")
//	f.Tab.Mouse().Click(120, 80) // a shift-click
//	f.Tab.Keyboard().Up("Shift")
type Keyboard struct{ tab *Tab }

// Keyboard returns the tab's keyboard.
func (tab *Tab) Keyboard() *Keyboard { return &Keyboard{tab: tab} }

// Press presses key as Locator.Press does ("Enter", "Control+A", "Shift+Tab", ...), where the
// focus is, with the keys Down holds held too.
func (k *Keyboard) Press(key string) {
	keys, err := parseKeys(key)
	if err != nil {
		k.tab.must(fmt.Errorf("%s: keyboard press %q: %w", tabLabel, key, err))
	}
	k.do(fmt.Sprintf("press %q", key), func(p *rod.Page) error { return pressChordHeld(p, k.tab.input.mods, keys) })
}

// Type types text where the focus is, one character at a time, as Locator.PressSequentially
// does. The step log shows text unless the focused field is a password field or one the tab's
// SensitiveField names (or it cannot tell which field has the focus).
func (k *Keyboard) Type(text string) {
	k.do("type "+k.tab.shownTyped(text), func(p *rod.Page) error { return typeText(p, k.tab.input.mods, text) })
}

// InsertText inserts text where the focus is, as an input method does: an input event, no key
// events. Its step shows text as Type's does.
func (k *Keyboard) InsertText(text string) {
	k.do("insert text "+k.tab.shownTyped(text), func(p *rod.Page) error { return p.InsertText(text) })
}

// Down presses key (one key: "Shift", "a", "ArrowDown") and holds it until Up: a modifier held
// goes with the tab's later keys (Keyboard's, and its locators' Press and PressSequentially) and
// its Mouse's events; a locator's Click does not carry it.
func (k *Keyboard) Down(key string) {
	kk, err := oneKey(key)
	if err != nil {
		k.tab.must(fmt.Errorf("%s: keyboard down %q: %w", tabLabel, key, err))
	}
	k.do(fmt.Sprintf("down %q", key), func(p *rod.Page) error {
		in := &k.tab.input
		mods := in.mods | kk.Modifier()
		if err := delivered(p, sendKey(p, kk, proto.InputDispatchKeyEventTypeKeyDown, mods)); err != nil {
			return err
		}
		in.mods = mods
		if in.pressed == nil {
			in.pressed = map[input.Key]bool{}
		}
		in.pressed[kk] = true
		return nil
	})
}

// Up releases key, which Down pressed.
func (k *Keyboard) Up(key string) {
	kk, err := oneKey(key)
	if err != nil {
		k.tab.must(fmt.Errorf("%s: keyboard up %q: %w", tabLabel, key, err))
	}
	k.do(fmt.Sprintf("up %q", key), func(p *rod.Page) error {
		in := &k.tab.input
		if !in.pressed[kk] {
			return fmt.Errorf("keyboard up %q: the key is not down: press it with Keyboard().Down first", key)
		}
		mods := in.mods &^ kk.Modifier()
		if err := delivered(p, sendKey(p, kk, proto.InputDispatchKeyEventTypeKeyUp, mods)); err != nil {
			return err
		}
		in.mods = mods
		delete(in.pressed, kk)
		return nil
	})
}

// oneKey reads key, one key as Down and Up take it.
func oneKey(key string) (input.Key, error) {
	keys, err := parseKeys(key)
	if err != nil {
		return 0, err
	}
	if len(keys) != 1 {
		return 0, fmt.Errorf("one key at a time, not a chord: Down each key in turn, or Press %q", key)
	}
	return keys[0], nil
}

// do runs fn as the step "page: keyboard <what>".
func (k *Keyboard) do(what string, fn func(p *rod.Page) error) {
	k.tab.must(k.tab.act(tabLabel, "keyboard "+what, fn))
}

// focusedFieldJS describes the focused element: whether it is a password field, and its names.
//
//go:embed focused_field.js
var focusedFieldJS string

// shownTyped is text quoted as the step log shows what is typed where the focus is: "***" when
// the focused field is a password field or one SensitiveField names, or cannot be told.
func (tab *Tab) shownTyped(text string) string {
	const masked = `"***"`
	p := tab.page.Timeout(tab.timeout)
	defer p.CancelTimeout()
	if tab.closed.Load() {
		return masked
	}
	res, err := p.Evaluate(rod.Eval(focusedFieldJS))
	if err != nil {
		return masked
	}
	if res.Value.Get("password").Bool() {
		return masked
	}
	if tab.o.SensitiveField != nil {
		for _, n := range res.Value.Get("names").Arr() {
			if tab.o.SensitiveField(n.Str()) {
				return masked
			}
		}
	}
	return fmt.Sprintf("%q", text)
}
