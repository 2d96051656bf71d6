package flowstate

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordT keeps what testify reports.
type recordT struct{ msgs []string }

func (r *recordT) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

func TestSummarizeTestifyMessages(t *testing.T) {
	cases := []struct {
		name   string
		assert func(assert.TestingT)
		want   string
	}{
		{"equal", func(r assert.TestingT) { assert.Equal(r, 204, 500, "PUT /api/favourites/3 status") },
			"PUT /api/favourites/3 status: expected 204, found 500"},
		{"equal strings", func(r assert.TestingT) { assert.Equal(r, "/login", "/", "page after signing up") },
			`page after signing up: expected "/login", found "/"`},
		{"no error", func(r assert.TestingT) { assert.NoError(r, errors.New("login page: boom")) },
			`Received unexpected error: login page: boom`},
		{"len", func(r assert.TestingT) { assert.Len(r, []int{1, 2}, 1, "favourite-item rows") },
			`favourite-item rows: "[1 2]" should have 1 item(s), but has 2`},
		{"contains", func(r assert.TestingT) { assert.Contains(r, []string{"Emma"}, "Dracula", "titles of GET /api/shelf") },
			`titles of GET /api/shelf: expected to contain "Dracula", found []string{"Emma"}`},
		{"not contains", func(r assert.TestingT) { assert.NotContains(r, []any{"Emma"}, "Emma", "titles") },
			`titles: expected not to contain "Emma", found []interface {}{"Emma"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &recordT{}
			c.assert(r)
			require.Len(t, r.msgs, 1)
			require.Equal(t, c.want, Summarize(r.msgs[0]))
		})
	}
	require.Equal(t, "plain message", Summarize("plain message"))
}
