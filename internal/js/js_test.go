package js

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDeclare(t *testing.T) {
	got := Declare("(a) => {\n\treturn twice(a);\n}\n", "function twice(x) {\n\treturn 2 * x;\n}\n")
	require.Equal(t, "(a) => {function twice(x) {\n\treturn 2 * x;\n}\n\treturn twice(a);\n}", got)
	require.PanicsWithValue(t, "js.Declare: a function's source has a body: (a) => a", func() { Declare("(a) => a", "function f() {}") })
}
