package shopsuite

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/e2e-dev/e2e/internal/runner"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/redact"
	"github.com/e2e-dev/e2e/artifacts/report"
	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/browser"
	"github.com/e2e-dev/e2e/flows"
	"github.com/e2e-dev/e2e/internal/testenv"
	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/shop"
)

// runWithHole runs fs, two workers, against a fresh shop built with the hole, audited when audit
// is set, and returns the report and the shop's URL.
func runWithHole(t *testing.T, hole string, fs []flows.Flow, audit *runner.AuditOptions) (*report.RunReport, string) {
	t.Helper()
	return runWithFault(t, shop.Fault{Hole: hole}, fs, audit, 0)
}

// runWithFault is runWithHole for any fault of the shop, with an action timeout (0: the default).
func runWithFault(t *testing.T, fault shop.Fault, fs []flows.Flow, audit *runner.AuditOptions, action time.Duration) (*report.RunReport, string) {
	t.Helper()
	_, err := browser.FindChromium("")
	testenv.Require(t, err == nil, "Chromium", "apt-get install -y chromium")
	srv := fixture.NewTestShop(t, fault)
	db, err := backend.OpenDB("sqlite", srv.Shop().DBPath())
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	rep, err := runner.Run(context.Background(), runner.Options{
		Flows: fs, BeforeEach: Suite().BeforeEach, Workers: 2,
		Browser: browser.Options{Headless: true}, ArtifactsDir: t.TempDir(), ArtifactsMode: artifacts.ModeOff,
		Env: runner.Env{BaseURL: srv.URL, APIURL: srv.URL, DB: db, MaxBody: 1 << 20, Redact: &redact.Options{},
			ActionTimeout: action, Audit: audit},
	})
	require.NoError(t, err)
	return rep, srv.URL
}

// TestAuditCatchesAReflectedProbe runs the profile flow, whose display name carries an audit
// probe (F.Probe), against a shop that prints it unescaped: the audit finds it in the DOM and
// in the HAR, at fail.
func TestAuditCatchesAReflectedProbe(t *testing.T) {
	rep, base := runWithHole(t, shop.HoleXSS, []flows.Flow{profileFlow}, &runner.AuditOptions{})
	at := rep.Flows[0].Attempts[0]
	require.Equal(t, report.StatusFailed, at.Status)
	var reflected []string
	for _, f := range at.Audit.Failing() {
		if f.Rule == "security.reflected_input" {
			reflected = append(reflected, f.String())
		}
	}
	require.Len(t, reflected, 2, "in the DOM and in the HAR: %v", at.Audit.Findings)
	assert.Contains(t, reflected[0], "the DOM holds a <e2e")
	assert.Contains(t, reflected[1], "GET "+base+"/profile: typed input came back unescaped")
}

// TestSecurityFlowsCatchTheirHole runs the three security flows against a shop built with each
// hole: the matching flow fails, saying what got through, and the others pass. (TestFlows runs
// them against the real shop, where all pass.)
func TestSecurityFlowsCatchTheirHole(t *testing.T) {
	for _, tc := range []struct {
		hole, flow, says string
	}{
		{shop.HoleIDOR, idorFlow.Name, "bob reads alice's favourites through the API: answered 200"},
		{shop.HoleCSRF, csrfFlow.Name, "add a favourite without a token: answered 204"},
		{shop.HoleXSS, xssFlow.Name, "the page shows"},
	} {
		t.Run(tc.hole, func(t *testing.T) {
			rep, _ := runWithHole(t, tc.hole, SecurityFlows(), nil)
			for _, f := range rep.Flows {
				if f.Name != tc.flow {
					assert.Equal(t, report.StatusPassed, f.Status, "%s against hole %s: %s", f.Name, tc.hole, f.Error)
					continue
				}
				require.Equal(t, report.StatusFailed, f.Status, "%s against hole %s", f.Name, tc.hole)
				details := f.Attempts[0].Failure.Message + "\n" + f.Attempts[0].Failure.Details
				assert.Contains(t, details, tc.says)
				if tc.hole == shop.HoleXSS {
					assert.Contains(t, details, "alert dialog opened", "seen through the DevTools dialog event")
					assert.Contains(t, details, "console.log ran", "seen through the DevTools console event")
				}
			}
		})
	}
}

// TestEachFlowFailsWhenItsPartOfTheShopBreaks breaks, for each of the seven flows, the request
// its own action makes, and checks that the flow fails at that step: its checks see the app,
// not only the page's words.
func TestEachFlowFailsWhenItsPartOfTheShopBreaks(t *testing.T) {
	for _, tc := range []struct {
		flow        flows.Flow
		fault, step string
	}{
		{signupFlow, "POST /signup=500", "see the login page with the flash"},
		{loginFlow, "POST /login=500", "log in with a wrong password"},
		{protectedRedirectFlow, "GET /favourites=500", "open /favourites signed out"},
		{profileFlow, "POST /profile=500", "change the display name"},
		{addFavouriteFlow, "PUT /api/favourites/*=500", "add it to favourites"},
		{removeFavouriteFlow, "DELETE /api/favourites/*=500", "remove the newest"},
		{logoutFlow, "POST /logout=500", "log out"},
	} {
		t.Run(tc.flow.Name, func(t *testing.T) {
			fault, err := shop.ParseFault(tc.fault)
			require.NoError(t, err)
			rep, _ := runWithFault(t, fault, []flows.Flow{tc.flow}, nil, 3*time.Second)
			f := rep.Flows[0]
			require.Equal(t, report.StatusFailed, f.Status, "%s against %s", f.Name, tc.fault)
			assert.True(t, strings.HasPrefix(f.Attempts[0].Failure.Step, tc.step), "failed in %q: %s", f.Attempts[0].Failure.Step, f.Error)
		})
	}
}
