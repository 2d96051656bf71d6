package redact

import (
	"strconv"
	"strings"
	"testing"
)

// printable maps b onto printable ASCII (space to tilde), so that every input is a password a
// user could paste.
func printable(b []byte) string {
	out := make([]byte, len(b))
	for i, c := range b {
		if c < ' ' || c > '~' {
			c = ' ' + c%95
		}
		out[i] = c
	}
	return string(out)
}

// libpqQuote writes pw as libpq's key=value syntax needs it: bare, or quoted with \ escapes.
func libpqQuote(pw string) string {
	if pw != "" && !strings.ContainsAny(pw, ` '\`) {
		return pw
	}
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(pw) + "'"
}

// secretShapes are the values a password goes in, by how e2e gets them: pw stands for it.
var secretShapes = []struct {
	name, value string
	quote       func(string) string // how the shape writes the password; nil: as it is
	inText      bool                // Shapes knows it in free text too
}{
	{"postgres URL", "postgres://app:pw@db.example:5432/app?sslmode=disable", nil, true},
	{"mysql URL", "mysql://app:pw@db.example:3306/app", nil, true},
	{"base URL", "http://admin:pw@127.0.0.1:8080/", nil, true},
	{"grid URL", "https://grid-user:pw@grid.example:4444/wd/hub", nil, true},
	{"mysql DSN", "app:pw@tcp(db.example:3306)/app?parseTime=true", nil, true},
	{"host:port", "grid-user:pw@grid.example:4444", nil, false}, // a configured value only
	{"libpq", "host=db.example port=5432 user=app password=pw dbname=app", libpqQuote, true},
}

// FuzzMask: a password of any printable characters, in each URL and DSN shape, never shows in
// what Value, Setting or a Redactor's Message make of the value, nor (a password without
// spaces) in what Shapes makes of an error or a log line quoting it, plain or Go-quoted.
func FuzzMask(f *testing.F) {
	for _, s := range []string{"hunter2", "pw#x", "pw/x", "p?w", "p@w", "a b", `it's`, `"q"`, `\`, "://", "x@tcp(", "password=", "?token=1", "0/x", "a:b@c", "%zz", "[::1]"} {
		f.Add([]byte(s))
	}
	r := NewRedactor(Options{})
	f.Fuzz(func(t *testing.T, raw []byte) {
		pw := printable(raw)
		if len(strings.TrimSpace(pw)) < 3 { // "a" or "." is in any masked output
			return
		}
		for _, sh := range secretShapes {
			written := pw
			if sh.quote != nil {
				written = sh.quote(pw)
			}
			before, after, _ := strings.Cut(sh.value, "pw")
			value := before + written + after
			expected := before + Redacted + after
			check := func(what, out, expected string, forms ...string) {
				for _, form := range forms {
					if !strings.Contains(expected, form) && strings.Contains(out, form) {
						t.Fatalf("%s of a %s shows the password %q:\n in:  %q\n out: %q", what, sh.name, pw, value, out)
					}
				}
			}
			check("Value", Value(value), expected, pw)
			check("Setting", Setting("DATABASE_URL", value), expected, pw)
			if len(Passwords(value)) == 0 { // app://0@tcp(... is a URL: its secret is "0"
				t.Fatalf("Passwords of a %s finds none", sh.name)
			}
			if !sh.inText || strings.ContainsAny(pw, " ") || sh.quote == nil && strings.Contains(sh.value, "://") && isPortPath(pw) {
				continue // free text ends a URL at a space, and takes host:8080/x@ for a host and port
			}
			inner := strconv.Quote(pw)
			inner = inner[1 : len(inner)-1]
			for _, line := range []func(string) string{
				func(v string) string { return "connecting to " + v + " failed" },
				func(v string) string { return "parse " + strconv.Quote(v) + `: invalid URL escape "%zz"` },
				func(v string) string { return "open database " + v + ": refused" },
			} {
				check("Shapes", Shapes(line(value)), line(expected), pw, inner)
				check("Message", r.Message(line(value)), line(expected), pw, inner)
			}
		}
	})
}

// FuzzShapes: any text is masked without a panic, and masking what was masked changes
// nothing.
func FuzzShapes(f *testing.F) {
	for _, s := range []string{"", "http://u:p@h", "a=b", "password='x", "://@", "u:p@tcp(", "x?token=&", "http://@", "password=\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fn := range []func(string) string{Value, Shapes} {
			once := fn(s)
			if twice := fn(once); twice != once {
				t.Fatalf("masking again changed it: %q -> %q -> %q", s, once, twice)
			}
		}
		if q := Quote(s); len(q) > 6*MaxQuoted+40 {
			t.Fatalf("Quote is %d bytes long", len(q))
		}
		_ = Passwords(s)
	})
}
