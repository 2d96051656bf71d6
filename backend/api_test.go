package backend

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

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
	api := NewAPI(srv.URL+"/", func(context.Context) ([]*http.Cookie, error) {
		return []*http.Cookie{{Name: "sid", Value: "s-1"}}, nil
	}, steps)
	api.Timeout = 300 * time.Millisecond
	ctx := context.Background()

	res, err := api.Call(ctx, http.MethodGet, "/me", nil, http.Header{"X-Csrf-Token": {"t-1"}})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.Status)
	require.Equal(t, "s-1", res.JSON().Get("sid").Str())
	require.Equal(t, "t-1", res.JSON().Get("csrf").Str())

	res, err = api.WithCookies(nil).Expect(http.StatusUnauthorized).Get(ctx, "/me")
	require.NoError(t, err)
	require.Equal(t, http.StatusUnauthorized, res.Status)
	res, err = api.WithCookies(nil).Get(ctx, "/me")
	require.EqualError(t, err, `api GET /me: expected a status below 400, found 401; body: {"error":"no session"}`)
	require.Equal(t, http.StatusUnauthorized, res.Status, "the response comes with the error")

	start := time.Now()
	_, err = api.Get(ctx, "/hang")
	require.EqualError(t, err, "api GET /hang: no answer after 300ms (timeouts.action): context deadline exceeded")
	require.Less(t, time.Since(start), 5*time.Second)

	flowCtx, cancel := context.WithCancel(ctx)
	<-arrived // the first /hang
	go func() {
		<-arrived // the flow ends while the call waits
		cancel()
	}()
	_, err = api.Get(flowCtx, "/hang")
	require.EqualError(t, err, "api GET /hang: flow stopped (context canceled)")

	var names []string
	for _, s := range steps.Steps() {
		names = append(names, s.Name+" "+s.Result())
	}
	require.Equal(t, []string{"api: GET /me → 200 ok", "api: GET /me → 401 ok", "api: GET /me → 401 FAIL", "api: GET /hang FAIL", "api: GET /hang FAIL"}, names)
}
