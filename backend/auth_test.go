package backend

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/e2e-dev/e2e/internal/testfail"
	"github.com/e2e-dev/e2e/steps"
)

// TestAuthKinds: storage reads the token afresh at each call (a JSON path inside the value,
// a header template), says in the step when there is none, and header sends an environment
// variable's value; every value sent is told to Secret.
func TestAuthKinds(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Token tok-1" || r.Header.Get("X-Api-Key") == "key-1" {
			w.WriteHeader(http.StatusOK)
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	log := steps.NewStepLog()
	var secrets []string
	ft := &testfail.T{}
	api := NewAPI(context.Background(), ft, srv.URL, nil, log)
	api.Secret = func(s string) { secrets = append(secrets, s) }

	stored := `{"username":"ann","token":"tok-1"}`
	auth, err := NewStorageAuth("local", "user", "token", "Authorization", "Token {{.}}",
		func(_ context.Context, area StorageArea, key string) (string, bool, error) {
			require.Equal(t, StorageLocal, area)
			require.Equal(t, "user", key)
			return stored, stored != "", nil
		})
	require.NoError(t, err)
	api.Auth = auth
	require.Empty(t, ft.Run(func() { api.Get("/me") }))
	require.Equal(t, []string{stored, "tok-1", "Token tok-1"}, secrets)
	// A header given by hand wins over backend.auth's: another user's token, say.
	require.Empty(t, ft.Run(func() {
		api.Expect(http.StatusUnauthorized).Call(http.MethodGet, "/me", nil, http.Header{"Authorization": {"Token bob-2"}})
	}))
	require.Contains(t, secrets, "Token bob-2", "the token given is a secret too")
	stored = "" // a logout
	require.Empty(t, ft.Run(func() { api.Expect(http.StatusUnauthorized).Get("/me") }))

	t.Setenv("E2E_TEST_API_KEY", "key-1")
	header, err := NewHeaderAuth("X-Api-Key", "E2E_TEST_API_KEY")
	require.NoError(t, err)
	api.Auth = header
	require.Empty(t, ft.Run(func() { api.Get("/me") }))
	require.Contains(t, secrets, "key-1")

	var names []string
	for _, s := range log.Steps() {
		names = append(names, s.Result()+" "+s.Name)
	}
	require.Equal(t, []string{
		"ok api: GET /me → 200",
		"ok api: GET /me (Authorization: the one given, not backend.auth's) → 401",
		`ok api: GET /me (no Authorization header: localStorage["user"] has no value) → 401`,
		"ok api: GET /me → 200",
	}, names)

	_, err = NewHeaderAuth("X-Api-Key", "E2E_TEST_UNSET_VARIABLE")
	require.EqualError(t, err, "backend.auth.env: $E2E_TEST_UNSET_VARIABLE is not set: export it with the value of the X-Api-Key header")
	_, err = NewStorageAuth("cookie", "user", "", "Authorization", "{{.}}", nil)
	require.EqualError(t, err, `backend.auth.storage "cookie": expected local or session`)
}
