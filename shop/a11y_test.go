package shop

import (
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/go-rod/rod"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/axe"
	"github.com/e2e-dev/e2e/internal/browsertest"
)

// wcagAA are the tags of WCAG 2.1 level AA.
var wcagAA = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// auditPages signs up and in through the pages, then runs axe on every page of the shop, and
// returns each page's violations.
func auditPages(t *testing.T, faults ...Fault) map[string]*axe.Results {
	s, err := New(Options{DBPath: filepath.Join(t.TempDir(), "shop.db"), BcryptCost: 4, Faults: faults})
	require.NoError(t, err)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() { srv.Close(); _ = s.Close() })
	p := browsertest.Tab(t)
	out := map[string]*axe.Results{}
	visit := func(name, path string, do func(p *rod.Page)) {
		t.Helper()
		if path != "" {
			require.NoError(t, p.Navigate(srv.URL+path))
			require.NoError(t, p.WaitLoad())
		}
		if do != nil {
			do(p)
		}
		r, err := axe.Run(p, nil, axe.Options{Tags: wcagAA})
		require.NoError(t, err)
		out[name] = r
	}
	submit := func(fields map[string]string) func(p *rod.Page) {
		return func(p *rod.Page) {
			for k, v := range fields {
				_, err := p.Eval(`(k, v) => { document.querySelector("[name=" + k + "]").value = v }`, k, v)
				require.NoError(t, err)
			}
			wait := p.WaitNavigation("load")
			_, err := p.Eval(`() => document.querySelector("main form button[type=submit], main form button").click()`)
			require.NoError(t, err)
			wait()
		}
	}
	visit("catalogue", "/", nil)
	visit("product", "/products/1", nil)
	visit("search", "/search?q=a", nil)
	visit("search, nothing found", "/search?q=zzzz", nil)
	visit("not found", "/nowhere", nil)
	visit("signup", "/signup", nil)
	visit("signup, errors", "/signup", submit(map[string]string{"username": "x", "email": "bad", "password": "short"}))
	visit("login after signup", "/signup", submit(map[string]string{"username": "ann", "email": "ann@example.com", "password": "password123", "password_confirm": "password123"}))
	visit("login, error", "/login", submit(map[string]string{"username": "ann", "password": "wrong-password"}))
	visit("signed in", "/login", submit(map[string]string{"username": "ann", "password": "password123"}))
	visit("product, signed in", "/products/1", nil)
	visit("favourite added", "", func(p *rod.Page) {
		_, err := p.Eval(`() => document.querySelector("[data-testid=favourite-toggle]").click()`)
		require.NoError(t, err)
		_, err = p.Element(`[data-testid=toast]`)
		require.NoError(t, err)
	})
	visit("favourites", "/favourites", nil)
	visit("profile", "/profile", nil)
	return out
}

func describe(rs map[string]*axe.Results) string {
	s := ""
	for name, r := range rs {
		if len(r.Violations) > 0 {
			s += fmt.Sprintf("%s:\n%s", name, r)
		}
	}
	return s
}

// The shop passes axe at WCAG 2.1 AA on every page, signed in and out.
func TestPagesPassAxe(t *testing.T) {
	rs := auditPages(t)
	require.Len(t, rs, 14)
	require.Empty(t, describe(rs))
}

// hole:a11y breaks three WCAG rules on the catalogue, two on the search page, none elsewhere.
func TestA11yHole(t *testing.T) {
	rs := auditPages(t, Fault{Hole: HoleA11y})
	ids := func(name string) []string {
		var out []string
		for _, v := range rs[name].Violations {
			out = append(out, v.ID)
		}
		return out
	}
	require.Equal(t, []string{"color-contrast", "image-alt", "label"}, ids("catalogue"))
	require.Equal(t, []string{"color-contrast", "label"}, ids("search"))
	require.Empty(t, ids("product"))
	require.Equal(t, []string{"img"}, rs["catalogue"].Violations[1].Targets(), "the one image")
}

// hole:layout moves each card's price 12px right, and nothing else.
func TestLayoutHole(t *testing.T) {
	box := func(faults ...Fault) string {
		s, err := New(Options{DBPath: filepath.Join(t.TempDir(), "shop.db"), BcryptCost: 4, Faults: faults})
		require.NoError(t, err)
		srv := httptest.NewServer(s.Handler())
		defer func() { srv.Close(); _ = s.Close() }()
		p := browsertest.Tab(t)
		require.NoError(t, p.Navigate(srv.URL))
		require.NoError(t, p.WaitLoad())
		res, err := p.Eval(`() => { const c = document.querySelector("[data-testid=product-card]"), r = c.querySelector(".price").getBoundingClientRect(), n = c.querySelector("a").getBoundingClientRect(); return (r.left - c.getBoundingClientRect().left) + "," + r.top + "," + n.left + "," + n.top }`)
		require.NoError(t, err)
		return res.Value.Str()
	}
	normal, moved := box(), box(Fault{Hole: HoleLayout})
	var nx, ny, ax, ay, mx, my, bx, by float64
	_, err := fmt.Sscanf(normal, "%g,%g,%g,%g", &nx, &ny, &ax, &ay)
	require.NoError(t, err)
	_, err = fmt.Sscanf(moved, "%g,%g,%g,%g", &mx, &my, &bx, &by)
	require.NoError(t, err)
	require.Equal(t, nx+12, mx, "the price moved 12px right")
	require.Equal(t, ny, my)
	require.Equal(t, [2]float64{ax, ay}, [2]float64{bx, by}, "the name did not move")
}
