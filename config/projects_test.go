package config

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/browser"
)

// TestProjects: projects load from the file and from E2E_PROJECTS (JSON), --project selects
// (repeatable, or comma-separated), and each mistake is one line naming the entry and what to
// fix.
func TestProjects(t *testing.T) {
	c := mustLoad(t, `projects:
  - name: desktop
  - {name: mobile, device: pixel 2, locale: de-DE, timezone: Europe/Berlin, geolocation: {latitude: 52.52, longitude: "13.4"}, permissions: [geolocation], color_scheme: dark, offline: yes}
`, nil, "--project", "mobile", "--project=desktop,mobile")
	require.Equal(t, []Project{{Name: "desktop"}, {Name: "mobile", Device: "pixel 2", Locale: "de-DE", Timezone: "Europe/Berlin",
		Geolocation: &browser.Geolocation{Latitude: 52.52, Longitude: 13.4}, Permissions: []string{"geolocation"}, ColorScheme: "dark", Offline: true}}, c.Projects)
	require.Equal(t, []string{"mobile", "desktop", "mobile"}, c.Run.Projects)
	require.Equal(t, browser.Emulation{Device: "pixel 2", Locale: "de-DE", Timezone: "Europe/Berlin", Geolocation: &browser.Geolocation{Latitude: 52.52, Longitude: 13.4}, ColorScheme: "dark"},
		c.Projects[1].Emulation())

	c = mustLoad(t, "", []string{`E2E_PROJECTS=[{"name":"tablet","device":"iPad Pro landscape"}]`, "E2E_RUN_PROJECTS=tablet"})
	require.Equal(t, []Project{{Name: "tablet", Device: "iPad Pro landscape"}}, c.Projects)
	require.Equal(t, []string{"tablet"}, c.Run.Projects)

	for _, tc := range []struct{ yaml, want string }{
		{"projects: [{device: Pixel 2}]", `config: projects: entry 1: name: expected letters, digits, '-', '_' or '.' (at most 40), like "mobile", got ""`},
		{"projects: [{name: 'two words'}]", `config: projects: entry 1 (two words): name: expected letters, digits, '-', '_' or '.' (at most 40), like "mobile", got "two words"`},
		{"projects: [{name: m, device: Pixel 9}]", `config: projects: entry 1 (m): device: "Pixel 9" is not in rod's device list (did you mean "Pixel 2"?)`},
		{"projects: [{name: m, device: Toaster}]", `config: projects: entry 1 (m): device: "Toaster" is not in rod's device list`},
		{"projects: [{name: m, locale: german}]", `config: projects: entry 1 (m): locale: expected a language tag like "de-DE", got "german"`},
		{"projects: [{name: m, timezone: Mars/Olympus}]", `config: projects: entry 1 (m): timezone: unknown time zone "Mars/Olympus": use an IANA name such as Europe/Berlin`},
		{"projects: [{name: m, geolocation: {latitude: 91, longitude: 0}}]", `config: projects: entry 1 (m): geolocation: expected latitude -90 to 90, longitude -180 to 180, accuracy >= 0, got 91, 0, 0`},
		{"projects: [{name: m, geolocation: Berlin}]", `config: projects: entry 1 (m): geolocation: expected a mapping like {latitude: 52.52, longitude: 13.405}, got a string`},
		{"projects: [{name: m, geolocation: {lattitude: 1}}]", `config: projects: entry 1 (m): geolocation: unknown key "lattitude" (did you mean "latitude"?)`},
		{"projects: [{name: m, geolocation: {latitude: north}}]", `config: projects: entry 1 (m): geolocation: latitude: expected a number, got "north"`},
		{"projects: [{name: m, permissions: [teleport]}]", `config: projects: entry 1 (m): permissions: unknown permission "teleport": use one of accelerometer, ambient-light-sensor, background-sync, camera, clipboard-read, clipboard-write, geolocation, gyroscope, idle-detection, local-fonts, magnetometer, microphone, midi, midi-sysex, notifications, payment-handler, storage-access`},
		{"projects: [{name: m, color_scheme: purple}]", `config: projects: entry 1 (m): color_scheme: expected one of light, dark, no-preference, got "purple"`},
		{"projects: [{name: m, colour_scheme: dark}]", `config: projects: entry 1 (m): unknown key "colour_scheme" (did you mean "color_scheme"?)`},
		{"projects: [{name: m}, {name: M}]", `config: projects: entry 2: a second project named "M": names must differ`},
		{"projects: {name: m}", `config: projects: expected a list of mappings, got a mapping`},
		{"run: {projects: ['a b']}", `config: run.projects: expected project names (letters, digits, '-', '_', '.'), got "a b"`},
	} {
		t.Run(tc.yaml, func(t *testing.T) {
			require.Equal(t, tc.want, loadErr(t, tc.yaml+"\n", nil).Error())
		})
	}
}
