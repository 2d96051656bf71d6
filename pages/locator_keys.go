package pages

import (
	_ "embed"
	"fmt"
	"runtime"
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/input"
	"github.com/go-rod/rod/lib/proto"
)

// focusJS focuses a visible, enabled element; given true, it puts the caret at the start of
// an input that did not have the focus, as Playwright does before it types, so that where
// typing goes does not depend on the browser.
//
//go:embed focus.js
var focusJS string

// focusToType waits until l's one element can be focused and focuses it for typing.
func (l *Locator) focusToType(p *rod.Page) error {
	_, err := l.resolve(p, "focused", func(el *rod.Element) error { return tryScript(el, focusJS, true) })
	return err
}

// Press focuses the element and presses key: a character, or a key name ("Enter", "Tab",
// "Escape", "ArrowDown", "F2", "KeyA", "Digit1", ...), with modifiers held down joined by "+":
// "Control+A", "Shift+Tab", "ControlOrMeta+c" (Meta on macOS). Held with Control, Alt or Meta a
// key types no text, as on a real keyboard; held with Shift, a character key types its shifted
// character ("Shift+a" types "A").
func (l *Locator) Press(key string) {
	keys, err := parseKeys(key)
	if err != nil {
		l.tab.must(fmt.Errorf("%s: press %q: %w", l.page, key, err))
	}
	l.do(fmt.Sprintf("press %q on", key), func(p *rod.Page) error {
		if err := l.focusToType(p); err != nil {
			return err
		}
		return pressChordHeld(p, l.tab.input.mods, keys)
	})
}

// PressSequentially focuses the element and types text one character at a time, each with the
// key events a keyboard sends ("\n" presses Enter); characters no key of a US keyboard types
// are inserted as text, as an input method does. Fill is the way to set a field's value: this
// is for pages that handle each key. The step log shows text unless the field is one the tab's
// SensitiveField names.
func (l *Locator) PressSequentially(text string) {
	shown := fmt.Sprintf("%q", text)
	if l.tab.o.SensitiveField != nil && l.tab.o.SensitiveField(l.key()) {
		shown = `"***"`
	}
	l.do("type "+shown+" into", func(p *rod.Page) error {
		el, err := l.resolve(p, "focused", func(el *rod.Element) error { return tryScript(el, focusJS, true) })
		if err != nil {
			return err
		}
		if shown != `"***"` {
			l.tab.secretIfSecretField(el, text)
		}
		return typeText(p, l.tab.input.mods, text)
	})
}

// pressChordHeld sends the key events of keys with the modifiers mods held down already
// (Keyboard.Down): each key but the last pressed and held, in order, the last pressed and
// released, the held ones released in reverse order.
func pressChordHeld(p *rod.Page, mods int, keys []input.Key) error {
	held := keys[:len(keys)-1]
	for _, k := range held {
		mods |= k.Modifier()
		if err := sendKey(p, k, proto.InputDispatchKeyEventTypeKeyDown, mods); err != nil {
			return err
		}
	}
	last := keys[len(keys)-1]
	if shifted, ok := last.Shift(); ok && mods&input.ModifierShift != 0 {
		last = shifted
	}
	err := sendKey(p, last, proto.InputDispatchKeyEventTypeKeyDown, mods)
	if err == nil {
		err = sendKey(p, last, proto.InputDispatchKeyEventTypeKeyUp, mods)
	}
	for i := len(held) - 1; i >= 0; i-- {
		mods &^= held[i].Modifier()
		if uerr := sendKey(p, held[i], proto.InputDispatchKeyEventTypeKeyUp, mods); err == nil {
			err = uerr
		}
	}
	return delivered(p, err)
}

// sendKey sends one key event of k with the modifiers mods held.
func sendKey(p *rod.Page, k input.Key, t proto.InputDispatchKeyEventType, mods int) error {
	e := k.Encode(t, mods)
	if mods&^input.ModifierShift != 0 && e.Text != "" {
		// A shortcut, not typing: no text, as Chromium's own keyboard sends it.
		e.Text, e.UnmodifiedText = "", ""
		if e.Type == proto.InputDispatchKeyEventTypeKeyDown {
			e.Type = proto.InputDispatchKeyEventTypeRawKeyDown
		}
	}
	return e.Call(p)
}

// typeText types text one character at a time, with the modifiers mods held, each with the
// key events a keyboard sends; characters no key of a US keyboard types are inserted as text.
func typeText(p *rod.Page, mods int, text string) error {
	for _, r := range text {
		k, ok := typedKeys[r]
		if !ok {
			if err := p.InsertText(string(r)); err != nil {
				return err
			}
			continue
		}
		if err := pressChordHeld(p, mods, []input.Key{k}); err != nil {
			return err
		}
	}
	return nil
}

// keyNames are the key names Press knows besides single characters: Playwright's (the key
// values and the key codes of a US keyboard).
var keyNames = map[string]input.Key{
	"Enter": input.Enter, "Tab": input.Tab, "Escape": input.Escape, "Backspace": input.Backspace,
	"Delete": input.Delete, "Insert": input.Insert, "Space": input.Space, "Home": input.Home, "End": input.End,
	"PageUp": input.PageUp, "PageDown": input.PageDown, "ArrowUp": input.ArrowUp,
	"ArrowDown": input.ArrowDown, "ArrowLeft": input.ArrowLeft, "ArrowRight": input.ArrowRight,
	"Shift": input.ShiftLeft, "Control": input.ControlLeft, "Alt": input.AltLeft, "Meta": input.MetaLeft,
	"ShiftLeft": input.ShiftLeft, "ShiftRight": input.ShiftRight, "ControlLeft": input.ControlLeft,
	"ControlRight": input.ControlRight, "AltLeft": input.AltLeft, "AltRight": input.AltRight,
	"MetaLeft": input.MetaLeft, "MetaRight": input.MetaRight, "CapsLock": input.CapsLock,
	"ContextMenu": input.ContextMenu, "F1": input.F1, "F2": input.F2, "F3": input.F3, "F4": input.F4,
	"F5": input.F5, "F6": input.F6, "F7": input.F7, "F8": input.F8, "F9": input.F9, "F10": input.F10,
	"F11": input.F11, "F12": input.F12, "NumpadEnter": input.NumpadEnter,
}

// typedKeys are the characters a US keyboard types, by the key that types each.
var typedKeys = map[rune]input.Key{'\n': input.Enter, '\r': input.Enter, '\t': input.Tab}

func init() {
	for r := rune(' '); r <= '~'; r++ {
		typedKeys[r] = input.Key(r) // rod's key map has every printable ASCII character
	}
	for c := 'A'; c <= 'Z'; c++ {
		keyNames["Key"+string(c)] = input.Key(c + 'a' - 'A')
	}
	for c := '0'; c <= '9'; c++ {
		keyNames["Digit"+string(c)] = input.Key(c)
	}
	keyNames["ControlOrMeta"] = input.ControlLeft
	if runtime.GOOS == "darwin" {
		keyNames["ControlOrMeta"] = input.MetaLeft
	}
}

// parseKeys reads a key or chord as Press takes it.
func parseKeys(s string) ([]input.Key, error) {
	parts := strings.Split(s, "+")
	if strings.HasSuffix(s, "++") || s == "+" { // "Control++" presses "+"
		parts = append(parts[:len(parts)-2], "+")
	}
	keys := make([]input.Key, 0, len(parts))
	for _, p := range parts {
		if k, ok := keyNames[p]; ok {
			keys = append(keys, k)
			continue
		}
		var k input.Key
		r := []rune(p)
		ok := len(r) == 1
		if ok {
			k, ok = typedKeys[r[0]]
		}
		if !ok {
			return nil, fmt.Errorf("unknown key %q (a character or one of Enter, Tab, Escape, Backspace, Delete, Space, Home, End, PageUp, PageDown, Arrow*, F1-F12, Key[A-Z], Digit[0-9], Shift, Control, Alt, Meta, ControlOrMeta)", p)
		}
		keys = append(keys, k)
	}
	return keys, nil
}
