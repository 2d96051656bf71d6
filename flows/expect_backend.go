package flows

import (
	"github.com/ysmood/gson"

	"github.com/e2e-dev/e2e/backend"
)

// ExpectRows returns assertions on the rows of a read-only query of the app's database that
// fail the flow: f.ExpectRows("SELECT 1 FROM tokens WHERE user_id = ?", id).ToHaveCount(0).
// With Eventually they poll, for a backend that writes asynchronously:
// f.ExpectRows("SELECT shelf_count FROM users WHERE id = ?", id).Eventually().ToHaveValue(3).
func (f *F) ExpectRows(query string, args ...any) *backend.RowAssertions {
	return f.DB.ExpectRows(query, args...)
}

// CallAPI calls the app's JSON API as the flow's user (F.API, with backend.auth) and returns
// the answer's JSON; an answer with another status than status fails the flow, the status and
// body in its error: me := f.CallAPI("GET", "/api/me", nil, 200).
func (f *F) CallAPI(method, path string, body any, status int) gson.JSON {
	f.Helper()
	return f.API.Expect(status).Call(method, path, body, nil).JSON()
}
