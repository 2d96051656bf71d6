package shopsuite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/e2e-dev/e2e/internal/runner"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/flows/shopsuite"
	"github.com/e2e-dev/e2e/internal/testenv"
	"github.com/e2e-dev/e2e/shop"
)

// runShop runs the suite's flows through the runner against srv, the probe reading db, and
// returns the report and the artifacts folder.
func runShop(t *testing.T, suite flows.Suite, srv *shop.Server, db *backend.DB, adjust func(*runner.Options)) (*report.RunReport, string) {
	t.Helper()
	_, err := browser.FindChromium("")
	testenv.Require(t, err == nil, "Chromium", "apt-get install -y chromium")
	dir := filepath.Join(t.TempDir(), "test-results")
	o := runner.Options{
		Flows: suite.Flows, BeforeEach: suite.BeforeEach, AfterEach: suite.AfterEach,
		Workers: 2, FlowTimeout: 60 * time.Second, Browser: browser.Options{Headless: true},
		Env:          runner.Env{BaseURL: srv.URL, DB: db, ActionTimeout: 5 * time.Second, MaxBody: 1 << 20, Redact: &redact.Options{}},
		ArtifactsDir: dir,
	}
	if adjust != nil {
		adjust(&o)
	}
	rep, err := runner.Run(context.Background(), o)
	require.NoError(t, err)
	return rep, dir
}

// TestShopFlowsPassOnPostgres runs the seven flows against the shop on PostgreSQL, the probe
// reading the same database.
func TestShopFlowsPassOnPostgres(t *testing.T) {
	pg := testenv.StartPostgres(t)
	srv, err := shop.Start(shop.Options{DBPath: pg.DSN("app"), BcryptCost: 4}, "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	require.Equal(t, "postgres", srv.Shop().DBDriver())
	db, err := backend.OpenDB(backend.DriverPostgres, pg.DSN("app"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })

	rep, _ := runShop(t, shopsuite.Suite(), srv, db, nil)
	require.Len(t, rep.Flows, 7)
	for _, f := range rep.Flows {
		require.Equal(t, report.StatusPassed, f.Status, "%s: %s", f.ID, f.Error)
	}
}
