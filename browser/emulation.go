package browser

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // CheckTimezone knows every zone, whatever the system has

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// Emulation is what a project changes in the tabs of its flows: a device (viewport, scale,
// touch, mobile, user agent) and overrides. The zero value changes nothing. Going offline is
// the network conditions' job (route.Conditions), which own the page's network emulation.
type Emulation struct {
	// Device is a device of rod's list, as Device takes its name ("Pixel 2").
	Device string
	// Locale is the language and region ("de-DE"): Intl's default, navigator.language and the
	// Accept-Language header.
	Locale string
	// Timezone is an IANA time zone ("Europe/Berlin").
	Timezone string
	// Geolocation is where navigator.geolocation says the device is; pages read it only with
	// the geolocation permission granted.
	Geolocation *Geolocation
	// ColorScheme is prefers-color-scheme: light, dark or no-preference.
	ColorScheme string
}

// Geolocation is a position on Earth.
type Geolocation struct {
	Latitude  float64 `json:"latitude" mapstructure:"latitude"`
	Longitude float64 `json:"longitude" mapstructure:"longitude"`
	// Accuracy is in meters; 0 means 1.
	Accuracy float64 `json:"accuracy,omitempty" mapstructure:"accuracy"`
}

// ColorSchemes are the values of Emulation.ColorScheme.
var ColorSchemes = []string{"light", "dark", "no-preference"}

// IsZero reports whether e changes nothing.
func (e Emulation) IsZero() bool { return e == Emulation{} }

// Emulate applies e to p, a tab of the context: call it before the tab navigates. Each call is
// bounded by the setup timeout.
func (c *Context) Emulate(ctx context.Context, p *rod.Page, e Emulation) error {
	var calls []proto.Request
	ua := &proto.EmulationSetUserAgentOverride{}
	if e.Device != "" {
		d, err := Device(e.Device)
		if err != nil {
			return fmt.Errorf("emulate: %w", err)
		}
		m := d.MetricsEmulation()
		t := d.TouchEmulation()
		calls = append(calls, m, t)
		ua.UserAgent, ua.AcceptLanguage = d.UserAgent, d.AcceptLanguage
	}
	if e.Locale != "" {
		calls = append(calls, proto.EmulationSetLocaleOverride{Locale: e.Locale})
		ua.AcceptLanguage = e.Locale
	}
	if ua.AcceptLanguage != "" || ua.UserAgent != "" {
		if ua.UserAgent == "" { // the language alone: the browser's own user agent
			err := c.Browser.bounded(ctx, "Browser.getVersion", func(ctx context.Context) error {
				v, err := proto.BrowserGetVersion{}.Call(c.Rod.Context(ctx))
				if err == nil {
					ua.UserAgent = v.UserAgent
				}
				return err
			})
			if err != nil {
				return fmt.Errorf("emulate: %w", err)
			}
		}
		calls = append(calls, ua)
	}
	if e.Timezone != "" {
		if err := CheckTimezone(e.Timezone); err != nil {
			return fmt.Errorf("emulate: %w", err)
		}
		calls = append(calls, proto.EmulationSetTimezoneOverride{TimezoneID: e.Timezone})
	}
	if g := e.Geolocation; g != nil {
		acc := g.Accuracy
		if acc == 0 {
			acc = 1
		}
		calls = append(calls, proto.EmulationSetGeolocationOverride{Latitude: &g.Latitude, Longitude: &g.Longitude, Accuracy: &acc})
	}
	if e.ColorScheme != "" {
		calls = append(calls, proto.EmulationSetEmulatedMedia{Features: []*proto.EmulationMediaFeature{{Name: "prefers-color-scheme", Value: e.ColorScheme}}})
	}
	for _, req := range calls {
		err := c.Browser.bounded(ctx, req.ProtoReq(), func(ctx context.Context) error {
			pc := p.Context(ctx)
			_, err := pc.Call(ctx, string(p.SessionID), req.ProtoReq(), req)
			return err
		})
		if err != nil {
			return fmt.Errorf("emulate %s: %s: %w", e, req.ProtoReq(), err)
		}
	}
	return nil
}

// String says what e changes: device "Pixel 2", locale de-DE.
func (e Emulation) String() string {
	var parts []string
	if e.Device != "" {
		parts = append(parts, fmt.Sprintf("device %q", e.Device))
	}
	if e.Locale != "" {
		parts = append(parts, "locale "+e.Locale)
	}
	if e.Timezone != "" {
		parts = append(parts, "timezone "+e.Timezone)
	}
	if g := e.Geolocation; g != nil {
		parts = append(parts, fmt.Sprintf("geolocation %g,%g", g.Latitude, g.Longitude))
	}
	if e.ColorScheme != "" {
		parts = append(parts, "color scheme "+e.ColorScheme)
	}
	if len(parts) == 0 {
		return "no emulation"
	}
	return strings.Join(parts, ", ")
}

// CheckTimezone fails unless tz is an IANA time zone. Chromium takes any name and then runs in
// UTC, so the check is made here.
func CheckTimezone(tz string) error {
	if _, err := time.LoadLocation(tz); err != nil || tz == "" || tz == "Local" {
		return fmt.Errorf("unknown time zone %q: use an IANA name such as Europe/Berlin", tz)
	}
	return nil
}

// permissionNames maps the permission names a project may grant, Playwright's, to Chromium's.
var permissionNames = map[string]proto.BrowserPermissionType{
	"geolocation":          proto.BrowserPermissionTypeGeolocation,
	"notifications":        proto.BrowserPermissionTypeNotifications,
	"camera":               proto.BrowserPermissionTypeVideoCapture,
	"microphone":           proto.BrowserPermissionTypeAudioCapture,
	"clipboard-read":       proto.BrowserPermissionTypeClipboardReadWrite,
	"clipboard-write":      proto.BrowserPermissionTypeClipboardSanitizedWrite,
	"midi":                 proto.BrowserPermissionTypeMidi,
	"midi-sysex":           proto.BrowserPermissionTypeMidiSysex,
	"background-sync":      proto.BrowserPermissionTypeBackgroundSync,
	"accelerometer":        proto.BrowserPermissionTypeSensors,
	"gyroscope":            proto.BrowserPermissionTypeSensors,
	"magnetometer":         proto.BrowserPermissionTypeSensors,
	"ambient-light-sensor": proto.BrowserPermissionTypeSensors,
	"payment-handler":      proto.BrowserPermissionTypePaymentHandler,
	"storage-access":       proto.BrowserPermissionTypeStorageAccess,
	"local-fonts":          proto.BrowserPermissionTypeLocalFonts,
	"idle-detection":       proto.BrowserPermissionTypeIdleDetection,
}

// Permissions returns the permission names GrantPermissions takes, sorted.
func Permissions() []string {
	out := make([]string, 0, len(permissionNames))
	for n := range permissionNames {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// CheckPermission fails unless name is one GrantPermissions takes.
func CheckPermission(name string) error {
	if _, ok := permissionNames[name]; !ok {
		return fmt.Errorf("unknown permission %q: use one of %s", name, strings.Join(Permissions(), ", "))
	}
	return nil
}

// GrantPermissions grants the context's pages the permissions named (Playwright's names:
// geolocation, notifications, clipboard-read, ...) on every origin, bounded by the setup
// timeout.
func (c *Context) GrantPermissions(ctx context.Context, names []string) error {
	if len(names) == 0 {
		return nil
	}
	perms := make([]proto.BrowserPermissionType, 0, len(names))
	for _, n := range names {
		if err := CheckPermission(n); err != nil {
			return fmt.Errorf("grant permissions: %w", err)
		}
		perms = append(perms, permissionNames[n])
	}
	err := c.Browser.bounded(ctx, "Browser.grantPermissions", func(ctx context.Context) error {
		return proto.BrowserGrantPermissions{Permissions: perms, BrowserContextID: c.Rod.BrowserContextID}.Call(c.Rod.Context(ctx))
	})
	if err != nil {
		return fmt.Errorf("grant permissions %s: %w", strings.Join(names, ", "), err)
	}
	return nil
}
