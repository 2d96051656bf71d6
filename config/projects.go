package config

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/browser"
)

// Project is one way every flow runs, as Playwright's projects: a device of rod's list and
// overrides. A run runs each flow once per project it selects (run.projects, --project).
type Project struct {
	// Name names the project in reports and in --project: letters, digits, "-", "_", ".".
	Name string `json:"name"`
	// Device is a device of rod's list (lib/devices) as DevTools names it: "Pixel 2", "iPhone X",
	// "iPad Pro landscape". It sets the viewport, scale, touch, mobile and user agent.
	Device string `json:"device,omitempty"`
	// Locale is a language tag: "de-DE".
	Locale string `json:"locale,omitempty"`
	// Timezone is an IANA time zone: "Europe/Berlin".
	Timezone string `json:"timezone,omitempty"`
	// Geolocation is where the device says it is; pages read it with the geolocation permission.
	Geolocation *browser.Geolocation `json:"geolocation,omitempty"`
	// Permissions are granted to every page: geolocation, notifications, clipboard-read, ...
	Permissions []string `json:"permissions,omitempty"`
	// ColorScheme is prefers-color-scheme: light, dark or no-preference.
	ColorScheme string `json:"color_scheme,omitempty"`
	// Offline cuts the tabs off the network.
	Offline bool `json:"offline,omitempty"`
}

// Emulation is what the project changes in a tab, but for Offline, which the tab's network
// conditions apply.
func (p Project) Emulation() browser.Emulation {
	return browser.Emulation{Device: p.Device, Locale: p.Locale, Timezone: p.Timezone, Geolocation: p.Geolocation, ColorScheme: p.ColorScheme}
}

var (
	projectName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)
	localeTag   = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
)

// CheckProject fails, saying what to fix, unless p is a project a run can apply: a suite's
// projects declared in Go are checked with it, as the configuration's are.
func CheckProject(p Project) error {
	if !projectName.MatchString(p.Name) {
		return fmt.Errorf("name: expected letters, digits, '-', '_' or '.' (at most 40), like \"mobile\", got %s", redact.Quote(p.Name))
	}
	if p.Device != "" {
		if _, err := browser.Device(p.Device); err != nil {
			msg := fmt.Sprintf("device: %s is not in rod's device list", redact.Quote(p.Device))
			if s := closestOf(strings.TrimSuffix(p.Device, " landscape"), browser.DeviceNames()); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			return fmt.Errorf("%s", msg)
		}
	}
	if p.Locale != "" && !localeTag.MatchString(p.Locale) {
		return fmt.Errorf("locale: expected a language tag like \"de-DE\", got %s", redact.Quote(p.Locale))
	}
	if p.Timezone != "" {
		if err := browser.CheckTimezone(p.Timezone); err != nil {
			return fmt.Errorf("timezone: %w", err)
		}
	}
	if g := p.Geolocation; g != nil {
		if g.Latitude < -90 || g.Latitude > 90 || g.Longitude < -180 || g.Longitude > 180 || g.Accuracy < 0 {
			return fmt.Errorf("geolocation: expected latitude -90 to 90, longitude -180 to 180, accuracy >= 0, got %g, %g, %g", g.Latitude, g.Longitude, g.Accuracy)
		}
	}
	for _, perm := range p.Permissions {
		if err := browser.CheckPermission(perm); err != nil {
			return fmt.Errorf("permissions: %w", err)
		}
	}
	if p.ColorScheme != "" && !slices.Contains(browser.ColorSchemes, p.ColorScheme) {
		return fmt.Errorf("color_scheme: expected one of %s, got %s", strings.Join(browser.ColorSchemes, ", "), redact.Quote(p.ColorScheme))
	}
	return nil
}

// closestOf is the name of names nearest to s (ignoring case), or "" when none is near.
func closestOf(s string, names []string) string {
	best, dist := "", max(2, len(s)/3)+1
	for _, n := range names {
		if d := editDistance(strings.ToLower(s), strings.ToLower(n)); d < dist {
			best, dist = n, d
		}
	}
	return best
}

// validateProjects checks projects and run.projects against them.
func validateProjects(c *Config, bad func(key, format string, args ...any) error) error {
	seen := map[string]bool{}
	for i, p := range c.Projects {
		if err := CheckProject(p); err != nil {
			return bad("projects", "entry %d%s: %v", i+1, entryName(map[string]any{"name": p.Name}), err)
		}
		if seen[strings.ToLower(p.Name)] {
			return bad("projects", "entry %d: a second project named %q: names must differ", i+1, p.Name)
		}
		seen[strings.ToLower(p.Name)] = true
	}
	for _, name := range c.Run.Projects {
		if !projectName.MatchString(name) {
			return bad("run.projects", "expected project names (letters, digits, '-', '_', '.'), got %q", name)
		}
	}
	return nil
}

// toFloat converts a number.
func toFloat(raw any) (any, string) {
	switch v := raw.(type) {
	case float64:
		return v, ""
	case float32:
		return float64(v), ""
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f, ""
		}
	default:
		if i, ok := integral(raw); ok {
			return float64(i), ""
		}
	}
	return nil, "expected a number, got " + describe(raw)
}
