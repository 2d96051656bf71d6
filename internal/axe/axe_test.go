package axe_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/axe"
	"github.com/e2e-dev/e2e/internal/browsertest"
)

// holes has three violations at wcag2aa: an image without alt, an unlabelled input and a
// low-contrast button; the aside is clean.
const holes = `<!doctype html><html lang="en"><head><title>Holes</title></head><body><main>
<h1>Holes</h1>
<div id="bad"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">
<input type="search" name="q">
<button style="color:#bbb;background:#fff">Go</button></div>
<div id="good"><label for="n">Name</label><input id="n"><button>Save</button></div>
</main></body></html>`

func ids(r *axe.Results) []string {
	var out []string
	for _, v := range r.Violations {
		out = append(out, v.ID)
	}
	return out
}

func TestRun(t *testing.T) {
	p := browsertest.Open(t, holes)
	has, err := p.Eval(`() => typeof window.axe`)
	require.NoError(t, err)
	require.Equal(t, "undefined", has.Value.Str(), "axe is injected only when used")

	r, err := axe.Run(p, nil, axe.Options{Tags: []string{"wcag2a", "wcag2aa"}})
	require.NoError(t, err)
	require.Equal(t, []string{"color-contrast", "image-alt", "label"}, ids(r))
	alt := r.Violations[1]
	require.Equal(t, "critical", alt.Impact)
	require.Equal(t, []string{"img"}, alt.Targets())
	require.Equal(t, "https://dequeuniversity.com/rules/axe/4.14/image-alt?application=axeAPI", alt.HelpURL)
	require.Contains(t, r.String(), "image-alt (critical, 1 element(s): img): Images must have alternative text https://")

	// Disabled rules, excluded and included parts.
	r, err = axe.Run(p, nil, axe.Options{Tags: []string{"wcag2aa", "wcag2a"}, DisableRules: []string{"color-contrast"}, Exclude: []string{"img"}})
	require.NoError(t, err)
	require.Equal(t, []string{"label"}, ids(r))
	r, err = axe.Run(p, nil, axe.Options{Include: []string{"#good"}})
	require.NoError(t, err)
	require.Empty(t, r.Violations, r.String())

	// On an element: what is inside it only.
	el, err := p.Element("#bad")
	require.NoError(t, err)
	r, err = axe.Run(p, el, axe.Options{Tags: []string{"wcag2aa"}})
	require.NoError(t, err)
	require.Equal(t, []string{"color-contrast"}, ids(r), "wcag2aa alone: contrast is AA, alt and label are A")

	// axe says what it does not know.
	_, err = axe.Run(p, nil, axe.Options{Tags: []string{"wcag9"}})
	require.ErrorContains(t, err, "unknown tag `wcag9`")
	_, err = axe.Run(p, nil, axe.Options{DisableRules: []string{"no-such-rule"}})
	require.ErrorContains(t, err, "unknown rule `no-such-rule`")
}
