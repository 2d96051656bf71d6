package axe_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/axe"
	"github.com/e2e-dev/e2e/internal/browsertest"
)

func TestAuditorOncePerState(t *testing.T) {
	base := browsertest.Serve(t, map[string]string{
		"/": `<!doctype html><html lang="en"><head><title>One</title></head><body><main><h1>One</h1>
<button id="add" onclick="document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=x.png>')">Add</button>
<a href="/two">Two</a></main></body></html>`,
		"/two": `<!doctype html><html lang="en"><head><title>Two</title></head><body><main><h1>Two</h1><input></main></body></html>`,
	})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	p := browsertest.Tab(t)

	a := axe.NewAuditor(p, axe.Options{Tags: []string{"wcag2a", "wcag2aa"}})
	require.NoError(t, a.Install(ctx))
	require.NoError(t, p.Navigate(base))
	require.NoError(t, p.WaitLoad())
	a.Observe(ctx)
	a.Observe(ctx)
	require.Empty(t, a.Errors())
	require.Len(t, a.Results(), 1, "the same state is audited once (axe's own work is no change)")
	require.Empty(t, a.Results()[0].Violations)

	_, err := p.Eval(`() => document.getElementById("add").click()`)
	require.NoError(t, err)
	a.Observe(ctx)
	a.Observe(ctx)
	require.Len(t, a.Results(), 2, "a changed DOM is a new state")
	require.Equal(t, []string{"image-alt"}, ids(a.Results()[1]))

	require.NoError(t, p.Navigate(base+"/two"))
	require.NoError(t, p.WaitLoad())
	a.Observe(ctx)
	rs := a.Results()
	require.Len(t, rs, 3, "a new document is a new state")
	require.Equal(t, base+"/two", rs[2].URL)
	require.Equal(t, []string{"label"}, ids(rs[2]))
	require.Empty(t, a.Errors())
}
