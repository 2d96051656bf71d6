package pages

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
)

// The assertions on what an element says: its text, value, classes, attributes and properties.

// textOf is what a probe saw as the element's text.
func textOf(p *probe) string { return quoted(p.el.Text) }

// ToHaveText expects the element's text (whitespace collapsed) to be text.
func (a *LocatorAssertions) ToHaveText(text string) {
	want := normalize(text)
	a.check("to have text "+quoted(want), ask{}, func(p *probe) bool { return p.n == 1 && p.el.Text == want }, textOf)
}

// ToContainText expects the element's text to contain text.
func (a *LocatorAssertions) ToContainText(text string) {
	want := normalize(text)
	a.check("to contain text "+quoted(want), ask{}, func(p *probe) bool { return p.n == 1 && strings.Contains(p.el.Text, want) }, textOf)
}

// ToHaveTextMatching expects the element's text to match re.
func (a *LocatorAssertions) ToHaveTextMatching(re *regexp.Regexp) {
	a.check("to have text matching /"+re.String()+"/", ask{}, func(p *probe) bool { return p.n == 1 && re.MatchString(p.el.Text) }, textOf)
}

// The list forms take every match at once (ToHaveTexts("Milk", "Bread")) where Playwright's
// toHaveText takes an array: Go has no overloading, and a list of one is not the single form,
// which fails when several elements match. ToHaveTexts() expects no match.

// texts is the text of every match a probe saw.
func texts(p *probe) []string {
	out := make([]string, len(p.all))
	for i, e := range p.all {
		out[i] = e.Text
	}
	return out
}

// ToHaveTexts expects l to match as many elements as texts, the i-th with text texts[i]
// (whitespace collapsed), all in one look: Playwright's toHaveText with an array.
func (a *LocatorAssertions) ToHaveTexts(texts ...string) {
	want := normalizeAll(texts)
	a.check("to have texts "+quotedList(want), ask{All: true}, func(p *probe) bool {
		return p.n == len(want) && matchInOrder(want, p.all, func(w string, e elementState) bool { return e.Text == w })
	}, seenTexts)
}

// ToContainTexts expects elements of l, in order though not necessarily adjacent, to contain
// texts[0], texts[1], ...: Playwright's toContainText with an array.
func (a *LocatorAssertions) ToContainTexts(texts ...string) {
	want := normalizeAll(texts)
	a.check("to contain texts "+quotedList(want), ask{All: true}, func(p *probe) bool {
		return matchInOrder(want, p.all, func(w string, e elementState) bool { return strings.Contains(e.Text, w) })
	}, seenTexts)
}

func seenTexts(p *probe) string { return quotedList(texts(p)) }

// matchInOrder reports whether each of want matches an element of all, in order: an element
// that does not match the next want is skipped.
func matchInOrder(want []string, all []elementState, match func(string, elementState) bool) bool {
	i := 0
	for _, e := range all {
		if i < len(want) && match(want[i], e) {
			i++
		}
	}
	return i == len(want)
}

func normalizeAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = normalize(s)
	}
	return out
}

// ToHaveValue expects an input's, text area's or select's value to be value.
func (a *LocatorAssertions) ToHaveValue(value string) {
	a.check("to have value "+quoted(value), ask{}, func(p *probe) bool { return p.n == 1 && p.el.Value == value },
		func(p *probe) string { return shownValue(p, p.el.Value) })
}

// shownValue is a field's value v as a failure shows it: quoted, or "***" in a secret field.
func shownValue(p *probe, v string) string {
	if p.el.Secret && v != "" {
		return `"***"`
	}
	return quoted(v)
}

// ToHaveValues expects the options selected in a multiple <select> to be those of values, in
// order, as Playwright's toHaveValues; no value expects none selected.
func (a *LocatorAssertions) ToHaveValues(values ...string) {
	a.check("to have values "+quotedList(values), ask{Values: true},
		func(p *probe) bool {
			if p.n == 1 && p.el.Values == nil {
				return a.not // no multiple select: the check fails, negated or not
			}
			return p.n == 1 && slices.Equal(p.el.Values, values)
		},
		func(p *probe) string {
			if p.el.Values == nil {
				return "no <select multiple>"
			}
			return quotedList(p.el.Values)
		})
}

func seenClass(p *probe) string { return "class " + quoted(p.el.ClassName) }

// ToHaveClass expects the element's class attribute, whitespace collapsed, to be class: all
// its classes, in order ("item done"). "" expects an element without classes. ToContainClass
// checks for some classes among others.
func (a *LocatorAssertions) ToHaveClass(class string) {
	want := normalize(class)
	a.check("to have class "+quoted(want), ask{}, func(p *probe) bool { return p.n == 1 && normalize(p.el.ClassName) == want }, seenClass)
}

// ToContainClass expects the element's class list to hold each of the space-separated classes,
// in any order, among others.
func (a *LocatorAssertions) ToContainClass(classes string) {
	a.check("to contain class "+quoted(normalize(classes)), ask{}, func(p *probe) bool { return p.n == 1 && hasClasses(p.el.ClassName, classes) }, seenClass)
}

func hasClasses(list, classes string) bool {
	have := strings.Fields(list)
	for _, c := range strings.Fields(classes) {
		found := false
		for _, h := range have {
			found = found || h == c
		}
		if !found {
			return false
		}
	}
	return true
}

// ToHaveClasses expects l to match as many elements as classes, the i-th with the class
// attribute classes[i] (whitespace collapsed), all in one look: Playwright's toHaveClass with
// an array.
func (a *LocatorAssertions) ToHaveClasses(classes ...string) {
	want := normalizeAll(classes)
	a.check("to have classes "+quotedList(want), ask{All: true}, func(p *probe) bool {
		return p.n == len(want) && matchInOrder(want, p.all, func(w string, e elementState) bool { return normalize(e.ClassName) == w })
	}, func(p *probe) string {
		out := make([]string, len(p.all))
		for i, e := range p.all {
			out[i] = normalize(e.ClassName)
		}
		return quotedList(out)
	})
}

// ToHaveAttribute expects the element's attribute name to be value.
func (a *LocatorAssertions) ToHaveAttribute(name, value string) {
	a.check(fmt.Sprintf("to have attribute %s=%q", name, value), ask{Attr: name}, func(p *probe) bool {
		return p.n == 1 && p.el.Attr != nil && *p.el.Attr == value
	}, func(p *probe) string {
		if p.el.Attr == nil {
			return "no " + name
		}
		return fmt.Sprintf("%s=%q", name, *p.el.Attr)
	})
}

// ToHaveID expects the element's id to be id.
func (a *LocatorAssertions) ToHaveID(id string) {
	a.check("to have id "+quoted(id), ask{}, func(p *probe) bool { return p.n == 1 && p.el.ID == id },
		func(p *probe) string { return "id " + quoted(p.el.ID) })
}

// ToHaveCSS expects the computed style property name (as CSS writes it: "background-color")
// of the element to be value, as the browser computes it ("rgb(255, 0, 0)", "none").
func (a *LocatorAssertions) ToHaveCSS(name, value string) {
	a.check(fmt.Sprintf("to have CSS %s %q", name, value), ask{CSS: name}, func(p *probe) bool { return p.n == 1 && p.el.CSS == value },
		func(p *probe) string { return fmt.Sprintf("%s %q", name, p.el.CSS) })
}

// ToHaveJSProperty expects the element's JavaScript property name (a dotted path reads
// deeper: "dataset.state") to equal value, compared as JSON: ToHaveJSProperty("checked", true),
// ToHaveJSProperty("files.length", 2).
func (a *LocatorAssertions) ToHaveJSProperty(name string, value any) {
	b, err := json.Marshal(value)
	if err != nil {
		a.l.tab.must(fmt.Errorf("%s: expect %s to have JS property %s: the value is not JSON: %w", a.l.page, a.l, name, err))
		return
	}
	var want any
	_ = json.Unmarshal(b, &want)
	a.check(fmt.Sprintf("to have JS property %s=%s", name, b), ask{Prop: name}, func(p *probe) bool {
		var got any
		return p.n == 1 && json.Unmarshal([]byte(p.el.Prop), &got) == nil && reflect.DeepEqual(got, want)
	}, func(p *probe) string { return name + "=" + p.el.Prop })
}
