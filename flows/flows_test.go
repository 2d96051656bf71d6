package flows_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/testenv"
)

// TestShopFlows runs every flow of the suite as a subtest, under go test's own T, in real
// headless Chromium against the real shop.
func TestShopFlows(t *testing.T) {
	srv := testenv.NewTestShop(t)
	b := testenv.NewTestBrowser(t)
	db, err := backend.OpenDB("sqlite", srv.Shop().DBPath())
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	env := &flows.Env{BaseURL: srv.URL, APIURL: srv.URL, DB: db, ActionTimeout: 10 * time.Second, MaxBody: 1 << 20}

	for _, fl := range flows.ShopSuite() {
		t.Run(fl.Name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			a, err := flows.StartAttempt(ctx, b, env, fl.Name)
			require.NoError(t, err)
			t.Cleanup(func() { _ = a.Close() })
			t.Cleanup(func() {
				if t.Failed() {
					dir := t.ArtifactDir()
					_, err := a.WriteArtifacts(dir, dir, flows.Outcome{Failed: true, ID: fl.Name})
					t.Logf("artifacts in %s (keep them with go test -artifacts), errors: %v", dir, err)
				}
			})
			fl.Run(a.F(ctx, t))
		})
	}
}
