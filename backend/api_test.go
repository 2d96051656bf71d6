package backend

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testfail"
	"github.com/e2e-dev/e2e/steps"
)

func TestAPICallActsAsTheUserAndIsBounded(t *testing.T) {
	arrived := make(chan struct{}, 2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hang" {
			arrived <- struct{}{}
			<-r.Context().Done()
			return
		}
		c, err := r.Cookie("sid")
		if err != nil {
			http.Error(w, `{"error":"no session"}`, http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"sid":"` + c.Value + `","csrf":"` + r.Header.Get("X-CSRF-Token") + `"}`))
	}))
	defer srv.Close()
	steps := steps.NewStepLog()
	ft := &testfail.T{}
	cookies := func(context.Context) ([]*http.Cookie, error) { return []*http.Cookie{{Name: "sid", Value: "s-1"}}, nil }
	api := NewAPI(context.Background(), ft, srv.URL+"/", cookies, steps)
	api.Timeout = 300 * time.Millisecond

	var res, refused *Response
	require.Empty(t, ft.Run(func() {
		res = api.Call(http.MethodGet, "/me", nil, http.Header{"X-Csrf-Token": {"t-1"}})
		refused = api.WithCookies(nil).Expect(http.StatusUnauthorized).Get("/me")
	}))
	require.Equal(t, http.StatusOK, res.Status)
	require.Equal(t, "s-1", res.JSON().Get("sid").Str())
	require.Equal(t, "t-1", res.JSON().Get("csrf").Str())
	require.Equal(t, http.StatusUnauthorized, refused.Status)
	require.Equal(t, `api GET /me: expected a status below 400, found 401; body: {"error":"no session"}`,
		ft.Run(func() { api.WithCookies(nil).Get("/me") }))

	start := time.Now()
	require.Equal(t, "api GET /hang: no answer after 300ms (timeouts.action): context deadline exceeded", ft.Run(func() { api.Get("/hang") }))
	require.Less(t, time.Since(start), 5*time.Second)

	flowCtx, cancel := context.WithCancel(context.Background())
	<-arrived // the first /hang
	go func() {
		<-arrived // the flow ends while the call waits
		cancel()
	}()
	stopped := NewAPI(flowCtx, ft, srv.URL, cookies, steps)
	require.Equal(t, "api GET /hang: flow stopped (context canceled)", ft.Run(func() { stopped.Get("/hang") }))

	var names []string
	for _, s := range steps.Steps() {
		names = append(names, s.Name+" "+s.Result())
	}
	require.Equal(t, []string{"api: GET /me → 200 ok", "api: GET /me → 401 ok", "api: GET /me → 401 FAIL", "api: GET /hang FAIL", "api: GET /hang FAIL"}, names)
}
