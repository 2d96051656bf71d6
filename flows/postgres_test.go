package flows_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/testenv"
	"github.com/e2e-dev/e2e/shop"
)

// TestShopFlowsPassOnPostgres runs the seven flows against the shop on PostgreSQL, the probe
// reading the same database.
func TestShopFlowsPassOnPostgres(t *testing.T) {
	_, err := browser.FindChromium("")
	testenv.Require(t, err == nil, "Chromium", "apt-get install -y chromium")
	pg := testenv.StartPostgres(t)
	srv, err := shop.Start(shop.Options{DBPath: pg.DSN("app"), BcryptCost: 4}, "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	require.Equal(t, "postgres", srv.Shop().DBDriver())
	db, err := backend.OpenDB(backend.DriverPostgres, pg.DSN("app"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })

	rep, err := flows.Run(context.Background(), flows.Options{
		Flows: flows.ShopSuite(), Workers: 2, FlowTimeout: 60 * time.Second,
		Browser:      browser.Options{Headless: true},
		Env:          flows.Env{BaseURL: srv.URL, DB: db, ActionTimeout: 5 * time.Second, MaxBody: 1 << 20, Redact: &artifacts.RedactOptions{}},
		ArtifactsDir: filepath.Join(t.TempDir(), "test-results"),
	})
	require.NoError(t, err)
	for _, f := range rep.Flows {
		require.Equal(t, artifacts.StatusPassed, f.Status, "%s: %s", f.ID, f.Error)
	}
	require.Len(t, rep.Flows, 7)
}
