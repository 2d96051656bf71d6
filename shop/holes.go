package shop

import (
	"fmt"
	"slices"
	"strings"
)

// Security holes a shop can be built with, for tests only: each turns one protection off, so
// that a suite's security flows can show they catch it. Set one with the fault rule
// "hole:<name>" (shop.fault, --shop-fault).
const (
	// HoleIDOR lets a signed-in user read and change another user's favourites by user id.
	HoleIDOR = "idor"
	// HoleCSRF accepts signed-in state changes (profile, favourites) without a valid token.
	HoleCSRF = "csrf"
	// HoleXSS prints usernames, display names and search terms unescaped, accepts any username, and sends a
	// CSP that allows inline scripts (as an app without a strict CSP).
	HoleXSS = "xss"
)

// holePrefix starts a fault rule naming a hole.
const holePrefix = "hole:"

// Holes are the holes a shop can be built with.
var Holes = []string{HoleIDOR, HoleCSRF, HoleXSS}

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
