package shop

import (
	"fmt"
	"slices"
	"strings"
)

// Holes a shop can be built with, for tests only: each turns one protection off (or breaks its
// layout or its accessibility), so that a suite's flows and the audit can show they catch it. Set one with the fault rule
// "hole:<name>" (shop.fault, --shop-fault).
const (
	// HoleIDOR lets a signed-in user read and change another user's favourites by user id.
	HoleIDOR = "idor"
	// HoleCSRF accepts signed-in state changes (profile, favourites) without a valid token.
	HoleCSRF = "csrf"
	// HoleXSS prints usernames, display names and search terms unescaped, accepts any username, and sends a
	// CSP that allows inline scripts (as an app without a strict CSP).
	HoleXSS = "xss"
	// HoleLayout moves the price of every product card 12px to the right: a layout break that
	// every text and role check misses, for the visual flows' own tests.
	HoleLayout = "layout"
	// HoleA11y adds three accessibility faults, for the a11y audit's own tests: a banner image
	// without alt text on the catalogue, a search input without a label, and a search button
	// whose text has too little contrast.
	HoleA11y = "a11y"
)

// holePrefix starts a fault rule naming a hole.
const holePrefix = "hole:"

// Holes are the holes a shop can be built with.
var Holes = []string{HoleIDOR, HoleCSRF, HoleXSS, HoleLayout, HoleA11y}

// xssHoleCSP is the policy of a shop built with HoleXSS.
const xssHoleCSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"

// validHole checks a hole's name.
func validHole(name string) error {
	if !slices.Contains(Holes, name) {
		return fmt.Errorf("unknown hole %q: expected one of %s", name, strings.Join(Holes, ", "))
	}
	return nil
}

// hole reports whether the shop was built with the named hole.
func (s *Shop) hole(name string) bool { return slices.Contains(s.holes, name) }

// layoutHoleCSS is what HoleLayout adds to the style sheet.
const layoutHoleCSS = "\n.card .price{position:relative;left:12px}\n"

// a11yHoleCSS is what HoleA11y adds: the search button's text, light grey on white (1.6:1).
const a11yHoleCSS = "\n.low-contrast{color:#ccc;background:#fff;border:1px solid #ccc}\n"

// style returns the shop's style sheet with what its holes add.
func (s *Shop) style() string {
	css := styleCSS
	if s.hole(HoleLayout) {
		css += layoutHoleCSS
	}
	if s.hole(HoleA11y) {
		css += a11yHoleCSS
	}
	return css
}
