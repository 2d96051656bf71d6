package browser

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDOMKeeperSnapshotsTheDOMBeforeTheActionActed keeps a copy as an action that found its
// element would, then changes the page, and checks that the snapshot is the copy with the
// element marked at its place in it, that the page is never marked, and that without a copy
// (none kept, or a new document since) it is the DOM as it is.
func TestDOMKeeperSnapshotsTheDOMBeforeTheActionActed(t *testing.T) {
	b, p := openHTMLPage(t, `<!doctype html><html><body><ul><li>one</li><li id="two">two</li></ul>`+
		`<script>customElements.define("x-counted", class extends HTMLElement { constructor() { super(); window.built = (window.built || 0) + 1; } });</script>`+
		`<x-counted></x-counted></body></html>`)

	k := b.KeepDOM(p)
	require.NotNil(t, k.post, "a launched browser's client posts")
	el, err := p.Element("#two")
	require.NoError(t, err)
	k.Begin()        // the action begins
	k.KeepTarget(el) // and finds its element
	// What the action does after it found it: none of this is in the copy.
	_, err = p.Eval(`() => { document.querySelector("ul").insertAdjacentHTML("afterbegin", "<li>zero</li>"); document.body.append(Object.assign(document.createElement("p"), {id: "late"})); }`)
	require.NoError(t, err)

	snap, err := k.Snapshot(p, el, "", "data-mark")
	require.NoError(t, err)
	require.True(t, snap.Before)
	require.True(t, snap.Marked)
	require.True(t, strings.HasPrefix(snap.HTML, "<!DOCTYPE html>\n<html>"), snap.HTML)
	require.NotContains(t, snap.HTML, "late")
	require.NotContains(t, snap.HTML, "zero")
	// #two is now the third item on the page; in the copy it is still the second.
	require.Contains(t, snap.HTML, `<li>one</li><li id="two" data-mark="">two</li>`)
	require.Equal(t, 1, strings.Count(snap.HTML, "data-mark"))
	require.NotNil(t, snap.Box)
	state, err := p.Eval(`() => [document.querySelectorAll("[data-mark]").length, window.built]`)
	require.NoError(t, err)
	require.Zero(t, state.Value.Get("0").Int(), "the page itself is never marked")
	require.Equal(t, 1, state.Value.Get("1").Int(), "the copy constructs no custom element")

	// An action that found no element kept no copy: the DOM as it is, a CSS selector marking
	// its match there (only in the snapshot).
	k.Begin()
	snap, err = k.Snapshot(p, nil, "#late", "data-mark")
	require.NoError(t, err)
	require.False(t, snap.Before)
	require.True(t, snap.Marked)
	require.Contains(t, snap.HTML, `<p id="late" data-mark=""></p>`)
	snap, err = k.Snapshot(p, nil, `getByRole("listitem")`, "data-mark")
	require.NoError(t, err)
	require.False(t, snap.Marked, "a locator's description is no selector")
	state, err = p.Eval(`() => document.querySelectorAll("[data-mark]").length`)
	require.NoError(t, err)
	require.Zero(t, state.Value.Int())

	// A new document since the copy: the DOM as it is, the element marked.
	k.Begin()
	k.KeepTarget(el)
	require.NoError(t, p.Navigate(p.MustInfo().URL+"again"))
	require.NoError(t, p.WaitLoad())
	el, err = p.Element("#two")
	require.NoError(t, err)
	snap, err = k.Snapshot(p, el, "", "data-mark")
	require.NoError(t, err)
	require.False(t, snap.Before)
	require.True(t, snap.Marked)
	require.Contains(t, snap.HTML, `<li id="two" data-mark="">two</li>`)

	// A copy asked for before a call is made before it: the browser keeps the order.
	for i := 0; i < 20; i++ {
		k.Begin()
		k.KeepTarget(el)
		snap, err = k.Snapshot(p, nil, "", "data-mark")
		require.NoError(t, err)
		require.True(t, snap.Before && snap.Marked, "copy %d", k.seq)
	}
}
