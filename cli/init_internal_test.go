package cli

import (
	"bufio"
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestInitAsksForWhatTheFlagsDoNotSay: in a terminal, init asks for the URL, the auth style
// (and its header template for storage), the database and its DSN, skipping what flags gave;
// an empty answer takes the default.
func TestInitAsksForWhatTheFlagsDoNotSay(t *testing.T) {
	cmd := InitCommand()
	require.NoError(t, cmd.Flags().Parse([]string{"--db-dsn", "file:app.db"}))
	var o initOptions
	o.auth, o.tmpl = "cookies", "Bearer {{.}}"
	var asked bytes.Buffer
	answers := "\nstorage:auth.jwt\nJWT {{.}}\nsqlite\n"
	require.NoError(t, o.ask(cmd, bufio.NewReader(strings.NewReader(answers)), &asked))
	require.Equal(t, initOptions{url: defaultURL, auth: "storage:auth.jwt", tmpl: "JWT {{.}}", dbDriver: "sqlite"}, o,
		"the DSN's flag was given: not asked (the flag's value is bound to the command's own options)")
	require.Equal(t, "The app's URL [http://localhost:8080]: "+
		"API calls authenticate with cookies, or storage:KEY.PATH (a token in localStorage) [cookies]: "+
		"The Authorization header's value, {{.}} being the token [Bearer {{.}}]: "+
		"The app's database: sqlite, postgres, mysql or none [none]: ", asked.String())
}
