package flowstate

import (
	"errors"
	"fmt"
	"strings"
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

// TestWithoutTrace: testify's trace of call sites goes, what it says stays, line breaks and
// all; a message without a trace is left as it is.
func TestWithoutTrace(t *testing.T) {
	r := &recordT{}
	assert.Equal(r, "Ann", "Bob\nsmith", "nav-user")
	require.Len(t, r.msgs, 1)
	require.Contains(t, r.msgs[0], "Error Trace:", "testify wrote its trace")
	got := WithoutTrace(r.msgs[0])
	require.NotContains(t, got, "Error Trace")
	require.NotContains(t, got, "summarize_test.go", "no call site of the trace is left")
	require.True(t, strings.HasPrefix(got, "Error:"), got)
	require.Contains(t, got, "expected: \"Ann\"")
	require.Contains(t, got, "Messages:   \tnav-user")
	require.Equal(t, `login page: button "Sign in" not visible after 5s`, WithoutTrace(`login page: button "Sign in" not visible after 5s`))
}
