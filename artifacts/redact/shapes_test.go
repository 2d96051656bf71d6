package redact

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const r = Redacted

func TestValueMasksURLUserInfoLeniently(t *testing.T) {
	for in, want := range map[string]string{
		"":                                       "",
		"http://h:1":                             "http://h:1",
		"http://tok3n@h/":                        "http://" + r + "@h/",
		"http://u:p@h":                           "http://u:" + r + "@h",
		"http://u:p:q@h/x?y=1#z":                 "http://u:" + r + "@h/x?y=1#z",
		"http://u:p%40x@h":                       "http://u:" + r + "@h",
		"ws://h:9222/x?token=abc&a=b#f":          "ws://h:9222/x?token=" + r + "&a=b#f",
		"h:9222?Auth=x":                          "h:9222?Auth=" + r,
		"http://h/path@x":                        "http:" + r + "@x", // or u://p/ath@x
		"u:gridpw@h:9222":                        "u:" + r + "@h:9222",
		"http//user:s3cret@host/":                "http//user:" + r + "@host/",
		"alice@example.com":                      "alice@example.com",
		"http://me@mail.test:pw@h/":              "http://me@mail.test:" + r + "@h/",
		"http://admin:pw#x@127.0.0.1:1/":         "http://admin:" + r + "@127.0.0.1:1/",
		"http://admin:pw/x@h:1/wd/hub":           "http://admin:" + r + "@h:1/wd/hub",
		"http://admin:p?w@h/":                    "http://admin:" + r + "@h/",
		"http://admin:p@w@h/":                    "http://admin:" + r + "@h/",
		"http://admin:p w@h/":                    "http://admin:" + r + "@h/",
		"--proxy-server=http://u:pw@p:3128":      "--proxy-server=http://u:" + r + "@p:3128",
		"psql postgres://app:p w@db/app -c 'x'":  "psql postgres://app:" + r + "@db/app -c 'x'",
		"http://h/?next=http://v:q@k/":           "http://h/?next=http://v:" + r + "@k/",
		"https://a.test/cb#access_token=abc&x=1": "https://a.test/cb#access_token=" + r + "&x=1",
	} {
		require.Equal(t, want, Value(in), in)
	}
}

func TestValueMasksDSNPasswords(t *testing.T) {
	for in, want := range map[string]string{
		"/tmp/shop.db":                                  "/tmp/shop.db",
		"file:shop.db?cache=shared":                     "file:shop.db?cache=shared",
		"file:shop.db?_auth_user=u&_auth_pass=p&c=1":    "file:shop.db?_auth_user=" + r + "&_auth_pass=" + r + "&c=1",
		"postgres://u:secret@db:5432/shop":              "postgres://u:" + r + "@db:5432/shop",
		"postgres://admin:pw#x@127.0.0.1/db":            "postgres://admin:" + r + "@127.0.0.1/db",
		"u:secret@tcp(db:3306)/shop":                    "u:" + r + "@tcp(db:3306)/shop",
		"u:p/4ss@tcp(h:3306)/db":                        "u:" + r + "@tcp(h:3306)/db",
		"u:p@ss@tcp(h:3306)/db?loc=Europe/Paris":        "u:" + r + "@tcp(h:3306)/db?loc=Europe/Paris",
		"host=db user=u password=secret":                "host=db user=u password=" + r,
		"host=db password='a b' dbname=shop":            "host=db password=" + r + " dbname=shop",
		`host=h user=u password="p 4ss" x=1`:            "host=h user=u password=" + r + " x=1",
		`host=h password='it\'s' dbname=d`:              "host=h password=" + r + " dbname=d",
		"host=h password = spaced dbname=d":             "host=h password = " + r + " dbname=d",
		"host=h sslpassword=k dbname=d sort_key=name":   "host=h sslpassword=" + r + " dbname=d sort_key=name",
		"sqlserver://sa:Pa55;w0rd@h:1433?database=shop": "sqlserver://sa:" + r + "@h:1433?database=shop",
	} {
		require.Equal(t, want, Value(in), in)
	}
}

func TestSettingMasksByNameOrShape(t *testing.T) {
	require.Equal(t, r, Setting("API_SECRET", "x"))
	require.Equal(t, "", Setting("API_SECRET", ""))
	require.Equal(t, "postgres://app:"+r+"@db/app", Setting("DATABASE_URL", "postgres://app:pw@db/app"))
	require.Equal(t, "8080", Setting("PORT", "8080"))
	require.Equal(t, "plain", Setting("", "plain"))
}

// TestShapesInText: in free text a URL ends at a space; host:port/path@x is a URL with an
// e-mail address in it, not a password.
func TestShapesInText(t *testing.T) {
	for in, want := range map[string]string{
		`parse "http://admin:S3cret@127.0.0.1:1/a%zz": invalid URL escape "%zz"`: `parse "http://admin:` + r + `@127.0.0.1:1/a%zz": invalid URL escape "%zz"`,
		`parse "http://admin:p\"w#x@h/": bad`:                                    `parse "http://admin:` + r + `@h/": bad`,
		"db is postgres://app:pw@db:5432/app; ready":                             "db is postgres://app:" + r + "@db:5432/app; ready",
		"GET http://127.0.0.1:8080/api?email=a@b.test: 500":                      "GET http://127.0.0.1:8080/api?email=a@b.test: 500",
		"GET http://127.0.0.1:8080/api?token=abc&page=2 failed":                  "GET http://127.0.0.1:8080/api?token=" + r + "&page=2 failed",
		"open root:pw@tcp(db:3306)/app: refused":                                 "open root:" + r + "@tcp(db:3306)/app: refused",
		`dsn "host=db password='a b' dbname=x"`:                                  `dsn "host=db password=` + r + ` dbname=x"`,
		"login with password=hunter2 failed":                                     "login with password=" + r + " failed",
		"mail alice@example.com at 10:30@home":                                   "mail alice@example.com at 10:30@home",
		"fill input[name=password] with 3 characters":                            "fill input[name=password] with 3 characters",
		"sort_key=name key=value":                                                "sort_key=name key=value",
		"nothing to see":                                                         "nothing to see",
	} {
		require.Equal(t, want, Shapes(in), in)
	}
}

func TestPasswords(t *testing.T) {
	require.Equal(t, []string{"p w#1"}, Passwords("postgres://app:p w#1@db/app"))
	require.Equal(t, []string{"'x y'"}, Passwords("host=h password='x y'"))
	require.Nil(t, Passwords("8080"))
}

func TestMessageMasksShapes(t *testing.T) {
	m := NewRedactor(Options{}).Message(`app.seed step 1: parse "http://admin:pw@127.0.0.1:1/a%zz": invalid URL escape`)
	require.Equal(t, `app.seed step 1: parse "http://admin:`+r+`@127.0.0.1:1/a%zz": invalid URL escape`, m)
}

func TestQuoteBoundsAnEcho(t *testing.T) {
	require.Equal(t, `"abc"`, Quote("abc"))
	require.Equal(t, `"http://u:`+r+`@h"`, Quote("http://u:pw@h"))
	big := strings.Repeat("x", 50_000_155)
	q := Quote(big)
	require.Equal(t, strconv.Quote(strings.Repeat("x", MaxQuoted))+"…(50000155 bytes)", q)
	require.Equal(t, "ab…(4 bytes)", Bound("abcd", 2))
	require.Equal(t, "…(4 bytes)", Bound("éé", 1), "never half a character")
	require.Equal(t, "é…(4 bytes)", Bound("éé", 3))
	require.Equal(t, "abcd", Bound("abcd", 4))
}
