package browser

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEmulate: a device (viewport, scale, touch, user agent) and the overrides (locale, time
// zone, geolocation with its permission, color scheme) reach the page; a bad device, time zone
// or permission fails with what to fix.
func TestEmulate(t *testing.T) {
	site := tabSite(t)
	onEachKind(t, func(t *testing.T, c *Context) {
		ctx := context.Background()
		p, err := c.NewPage(ctx)
		require.NoError(t, err)
		require.NoError(t, c.GrantPermissions(ctx, []string{"geolocation"}))
		require.NoError(t, c.Emulate(ctx, p, Emulation{Device: "Pixel 2", Locale: "de-DE", Timezone: "Asia/Tokyo",
			Geolocation: &Geolocation{Latitude: 52.52, Longitude: 13.405}, ColorScheme: "dark"}))
		require.NoError(t, p.Navigate(site+"/emulation"))
		require.NoError(t, p.WaitLoad())
		facts, err := p.Eval(`() => facts()`)
		require.NoError(t, err)
		f := facts.Value
		require.Contains(t, f.Get("ua").Str(), "Pixel 2 Build")
		require.Equal(t, 411, f.Get("width").Int())
		require.Equal(t, 2.0, f.Get("dpr").Num())
		require.Equal(t, 5, f.Get("touch").Int())
		require.True(t, f.Get("coarse").Bool(), "pointer: coarse")
		require.Equal(t, "de-DE", f.Get("lang").Str())
		require.Equal(t, "de-DE", f.Get("intl").Str())
		require.Equal(t, "1.234,5", f.Get("price").Str())
		require.Equal(t, "Asia/Tokyo", f.Get("tz").Str())
		require.True(t, f.Get("dark").Bool(), "prefers-color-scheme: dark")
		require.Equal(t, "[52.52,13.405]", f.Get("geo").JSON("", ""))

		// Without the permission, the page may not read the position.
		c2 := testContext(t, c.Browser)
		p2, err := c2.NewPage(ctx)
		require.NoError(t, err)
		require.NoError(t, c2.Emulate(ctx, p2, Emulation{Locale: "fr-FR", Geolocation: &Geolocation{Latitude: 1, Longitude: 2}}))
		require.NoError(t, p2.Navigate(site+"/emulation"))
		require.NoError(t, p2.WaitLoad())
		facts, err = p2.Eval(`() => facts()`)
		require.NoError(t, err)
		require.Equal(t, "User denied Geolocation", facts.Value.Get("geo").Str())
		require.Equal(t, "fr-FR", facts.Value.Get("lang").Str(), "the locale alone keeps the browser's user agent")
		require.NotContains(t, facts.Value.Get("ua").Str(), "Pixel")
		require.False(t, facts.Value.Get("dark").Bool())

		require.EqualError(t, c.Emulate(ctx, p, Emulation{Device: "Pixel 9"}), `emulate: no device "Pixel 9" in rod's device list`)
		require.EqualError(t, c.Emulate(ctx, p, Emulation{Timezone: "Mars/Olympus"}), `emulate: unknown time zone "Mars/Olympus": use an IANA name such as Europe/Berlin`)
		require.EqualError(t, c.GrantPermissions(ctx, []string{"teleport"}), "grant permissions: unknown permission \"teleport\": use one of "+strings.Join(Permissions(), ", "))
	})
}

// TestDeviceListIsRodsWhole: every device of rod's lib/devices has its name in deviceList, and
// Device finds each, in any case, and landscape.
func TestDeviceListIsRodsWhole(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/go-rod/rod").Output()
	require.NoError(t, err)
	dir := filepath.Join(strings.TrimSpace(string(out)), "lib", "devices")
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, "list.go"), nil, 0)
	require.NoError(t, err)
	var titles []string
	ast.Inspect(f, func(n ast.Node) bool {
		if kv, ok := n.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Title" {
				titles = append(titles, strings.Trim(kv.Value.(*ast.BasicLit).Value, `"`))
			}
		}
		return true
	})
	require.NotEmpty(t, titles)
	require.ElementsMatch(t, titles, DeviceNames())
	d, err := Device("iphone x")
	require.NoError(t, err)
	require.Equal(t, 375, d.MetricsEmulation().Width)
	d, err = Device("iPhone X landscape")
	require.NoError(t, err)
	require.Equal(t, 812, d.MetricsEmulation().Width)
}
