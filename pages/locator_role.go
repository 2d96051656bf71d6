package pages

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/go-rod/rod/lib/proto"
)

// roleState is one of GetByRole's state options: the accessibility tree's property and the value
// wanted ("true", "false", "mixed", or the level).
type roleState struct {
	Prop string `json:"prop"`
	Want string `json:"want"`
}

// roleStateOrder is the order the states read in errors, whatever the order they were given in.
var roleStateOrder = []string{"level", "checked", "pressed", "expanded", "selected", "disabled"}

// roleStateRoles are the roles a state applies to, as Playwright's: another role with the option
// is an error. disabled applies to every role.
var roleStateRoles = map[string][]string{
	"level":    {"heading", "listitem", "row", "treeitem"},
	"checked":  {"checkbox", "menuitemcheckbox", "menuitemradio", "option", "radio", "switch", "treeitem"},
	"pressed":  {"button"},
	"expanded": {"application", "button", "checkbox", "columnheader", "combobox", "gridcell", "link", "listbox", "menuitem", "menuitemcheckbox", "menuitemradio", "row", "rowheader", "switch", "tab", "treeitem"},
	"selected": {"columnheader", "gridcell", "option", "row", "rowheader", "tab", "treeitem"},
}

// withState sets the state prop of a role step, replacing an earlier one.
func withState(prop, want string) RoleOption {
	return func(s *step) {
		s.States = slices.DeleteFunc(s.States, func(r roleState) bool { return r.Prop == prop })
		s.States = append(s.States, roleState{Prop: prop, Want: want})
	}
}

// Level keeps the elements of aria-level n: headings (<h2> is level 2), list items, rows and tree
// items, as Playwright's getByRole(role, {level}).
func Level(n int) RoleOption { return withState("level", strconv.Itoa(n)) }

// Checked keeps the checkboxes, radios, switches, options and checkable menu items and tree items
// that are checked (or, with false, not checked: a mixed one is neither), natively or by
// aria-checked.
func Checked(checked bool) RoleOption { return withState("checked", strconv.FormatBool(checked)) }

// CheckedMixed keeps the elements whose checked state is mixed: an indeterminate checkbox, or
// aria-checked="mixed".
func CheckedMixed() RoleOption { return withState("checked", "mixed") }

// Pressed keeps the toggle buttons that are pressed (aria-pressed="true") or, with false, the
// buttons that are not (aria-pressed="false" or none).
func Pressed(pressed bool) RoleOption { return withState("pressed", strconv.FormatBool(pressed)) }

// PressedMixed keeps the buttons of aria-pressed="mixed".
func PressedMixed() RoleOption { return withState("pressed", "mixed") }

// Expanded keeps the elements of aria-expanded="true" or, with false, of aria-expanded="false":
// an element without aria-expanded matches neither, as in Playwright.
func Expanded(expanded bool) RoleOption {
	return withState("expanded", strconv.FormatBool(expanded))
}

// Selected keeps the tabs, options, rows, cells and tree items that are selected (the selected
// <option>, aria-selected="true") or, with false, that are not.
func Selected(selected bool) RoleOption {
	return withState("selected", strconv.FormatBool(selected))
}

// Disabled keeps the elements that are disabled or, with false, enabled: natively (a disabled
// control, or one in a disabled <fieldset>) or by aria-disabled="true" on the element or an
// ancestor, as Playwright's getByRole(role, {disabled}).
func Disabled(disabled bool) RoleOption {
	return withState("disabled", strconv.FormatBool(disabled))
}

// IncludeHidden makes GetByRole match hidden elements too (display: none, visibility: hidden,
// aria-hidden="true" or under it), which it otherwise skips, as Playwright's includeHidden. The
// accessibility tree leaves them out: their role, name and states are computed in the page
// instead, from their tag and ARIA attributes.
func IncludeHidden() RoleOption { return func(s *step) { s.Hidden = true } }

// roleDisplay is how a role step reads in errors: `heading [level=2] "Title"`.
func (st *step) roleDisplay() string {
	slices.SortStableFunc(st.States, func(a, b roleState) int {
		return slices.Index(roleStateOrder, a.Prop) - slices.Index(roleStateOrder, b.Prop)
	})
	parts := []string{st.role}
	for _, s := range st.States {
		parts = append(parts, "["+s.Prop+"="+s.Want+"]")
	}
	if st.Hidden {
		parts = append(parts, "[include-hidden]")
	}
	if st.name != nil {
		parts = append(parts, st.name.String())
	}
	return strings.Join(parts, " ")
}

// roleError is what is wrong with a role step's options, as Playwright says it: a state of a role
// it does not apply to.
func (st *step) roleError() error {
	role := strings.ToLower(st.role)
	for _, s := range st.States {
		if roles, ok := roleStateRoles[s.Prop]; ok && !slices.Contains(roles, role) {
			return fmt.Errorf("%q applies only to roles %s", s.Prop, strings.Join(roles, ", "))
		}
	}
	return nil
}

// roleErrors returns the first error of a role step of the chain (its filters' too).
func roleErrors(steps []step) error {
	for i := range steps {
		if steps[i].Kind != "role" {
			if err := roleErrors(steps[i].Sub); err != nil {
				return err
			}
			continue
		}
		if err := steps[i].roleError(); err != nil {
			return err
		}
	}
	return nil
}

// statesMatch reports whether the accessibility tree's node has the role step's states. A state
// the node does not have is false, but for expanded and level, which it then has no value of.
func (st *step) statesMatch(n *proto.AccessibilityAXNode) bool {
	for _, s := range st.States {
		got := ""
		for _, p := range n.Properties {
			if string(p.Name) == s.Prop && p.Value != nil {
				got = p.Value.Value.Str()
			}
		}
		if got == "" && s.Prop != "expanded" && s.Prop != "level" {
			got = "false"
		}
		if got != s.Want {
			return false
		}
	}
	return true
}
