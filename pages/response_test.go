package pages_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testenv/fixture"
	"github.com/e2e-dev/e2e/pages"
)

// TestExpectResponse clicks buttons that call an API and waits for the answer: its status,
// headers and JSON body come back, and a UI check that fails after it names what the API said.
func TestExpectResponse(t *testing.T) {
	base := serveFixture(t)
	b := fixture.NewTestBrowser(t)
	s := openFixture(t, b, base, "/fixture.html", 5*time.Second)

	for _, m := range []pages.URLMatch{
		pages.Match("POST", "/api/echo*"),
		pages.Match("", "**/api/echo?*"),
		pages.MatchRegexp("post", regexp.MustCompile(`/api/echo\?status=200`)),
	} {
		resp := s.ExpectResponse(m, s.GetByRole("button", pages.Name("Call API", pages.Exact())).Click)
		require.Equal(t, 200, resp.Status, m.String())
		require.True(t, resp.OK())
		require.Equal(t, "yes", resp.Headers["X-Echo"])
		var body struct{ Message string }
		require.NoError(t, resp.JSON(&body))
		require.Equal(t, "Saved", body.Message)
		pages.Expect(s.GetByRole("status")).ToHaveText("Saved")
	}

	resp := s.ExpectResponse(pages.Match("POST", "/api/echo*"), s.GetByRole("button", pages.Name("Call broken API")).Click)
	require.Equal(t, 500, resp.Status, "an error status is the caller's to judge")
	require.False(t, resp.OK())

	s.SetDefaultTimeout(short)
	require.Equal(t, `page: expected status to have text "db down", last seen "Saved" (polled 300ms); after POST /api/echo?status=500&msg=db+down answered 500: {"message":"db down"}`,
		failure(s, func() { pages.Expect(s.GetByRole("status")).ToHaveText("db down") }))
	require.Equal(t, `page: text "Database down" not found after 300ms; after POST /api/echo?status=500&msg=db+down answered 500: {"message":"db down"}`,
		failure(s, func() { s.GetByText("Database down").InnerText() }))

	s.GetByTestID("only-button").Click() // the next action ends the response's story
	require.Equal(t, `page: text "Database down" not found after 300ms`, failure(s, func() { s.GetByText("Database down").InnerText() }))

	require.Equal(t, `page: no response to GET /api/never after 300ms`,
		failure(s, func() { s.ExpectResponse(pages.Match("GET", "/api/never"), s.GetByTestID("only-button").Click) }))
	require.Equal(t, `page: "nope" not found after 300ms`,
		failure(s, func() { s.ExpectResponse(pages.Match("GET", "/api/never"), s.GetByTestID("nope").Click) }),
		"the action's own failure comes first")
	s.SetDefaultTimeout(5 * time.Second)
	require.Equal(t, `page: expected a success, found POST /api/echo?status=500&msg=db+down answered 500: {"message":"db down"}`,
		failure(s, func() {
			s.ExpectOKResponse(pages.Match("POST", "/api/echo*"), s.GetByRole("button", pages.Name("Call broken API")).Click)
		}))
}
