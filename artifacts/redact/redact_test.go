package redact

import (
	"encoding/json"
	"html"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRedactHeaders(t *testing.T) {
	r := NewRedactor(Options{Headers: []string{"X-Tenant-Key"}})
	for _, name := range []string{"Cookie", "set-cookie", "AUTHORIZATION", "Proxy-Authorization", "X-CSRF-Token", "x-tenant-key"} {
		require.Equal(t, Redacted, r.Header(name, "some value"), name)
	}
	require.Equal(t, "", r.Header("Cookie", ""), "an empty value stays empty")
	require.Equal(t, "text/html", r.Header("Content-Type", "text/html"))
	require.Equal(t, "/next?token="+Redacted, r.Header("Location", "/next?token=abc"))
	require.Equal(t, "https://a.test/?sid="+Redacted, r.Header("Referer", "https://a.test/?sid=xyz"))

	r.AddSecret("s3cr3t-value")
	require.Equal(t, "Bearer-ish "+Redacted, r.Header("X-Debug", "Bearer-ish s3cr3t-value"))

	require.Equal(t, "abc", r.Header("X-Tenant-Token", "abc"), "a short value is no secret of its own")
	r.AddHeader(" X-Tenant-Token ")
	require.Equal(t, Redacted, r.Header("x-tenant-token", "abc"), "a header added is redacted by name")
	var nilR *Redactor
	nilR.AddHeader("X-Any")
}

func TestRedactMessage(t *testing.T) {
	r := NewRedactor(Options{JSONKeys: []string{"email"}})
	r.AddSecret("session-id-1")
	require.Equal(t, `PUT /x status; body: {"error":"boom","token":"`+Redacted+`","email":"`+Redacted+`"}; cookie `+Redacted,
		r.Message(`PUT /x status; body: {"error":"boom","token":"t-1","email":"a@b.test"}; cookie session-id-1`))
	require.Equal(t, "plain text", r.Message("plain text"))
	require.True(t, r.SensitiveField("Email"), "a configured JSON key is a sensitive form field")
	require.True(t, r.SensitiveField("password_confirm"))
	require.False(t, r.SensitiveField("username"))

	var none *Redactor
	require.Equal(t, `{"token":"t-1"}`, none.Message(`{"token":"t-1"}`), "a nil Redactor keeps everything")
	require.False(t, none.SensitiveField("password"))
}

func TestRedactURL(t *testing.T) {
	r := NewRedactor(Options{QueryParams: []string{"otp"}})
	cases := map[string]string{
		"https://a.test/path":                          "https://a.test/path",
		"https://a.test/?q=shoes&page=2":               "https://a.test/?q=shoes&page=2",
		"https://a.test/?password=hunter2&q=x":         "https://a.test/?password=" + Redacted + "&q=x",
		"https://a.test/?Access_Token=abc&x=1":         "https://a.test/?Access_Token=" + Redacted + "&x=1",
		"https://a.test/cb?code=xyz&state=s1":          "https://a.test/cb?code=" + Redacted + "&state=s1",
		"https://a.test/?api_key=k&apikey=k&key=k":     "https://a.test/?api_key=" + Redacted + "&apikey=" + Redacted + "&key=" + Redacted,
		"https://a.test/?sig=1&signature=2&sid=3":      "https://a.test/?sig=" + Redacted + "&signature=" + Redacted + "&sid=" + Redacted,
		"https://a.test/?session=1&secret=2&pwd=3":     "https://a.test/?session=" + Redacted + "&secret=" + Redacted + "&pwd=" + Redacted,
		"https://a.test/?client_secret=1&csrf_token=2": "https://a.test/?client_secret=" + Redacted + "&csrf_token=" + Redacted,
		"https://a.test/?id_token=1&refresh_token=2":   "https://a.test/?id_token=" + Redacted + "&refresh_token=" + Redacted,
		"https://a.test/?passwd=1&token=2&OTP=3":       "https://a.test/?passwd=" + Redacted + "&token=" + Redacted + "&OTP=" + Redacted,
		"https://a.test/?pass%77ord=x":                 "https://a.test/?pass%77ord=" + Redacted, // name is decoded
		"https://a.test/?token=":                       "https://a.test/?token=",
		"https://a.test/?flag&token":                   "https://a.test/?flag&token",
		"https://a.test/cb#access_token=abc&type=bear": "https://a.test/cb#access_token=" + Redacted + "&type=bear",
		"https://a.test/page#section-2":                "https://a.test/page#section-2",
		"https://bob:pa55word@a.test/x?y=1":            "https://bob:" + Redacted + "@a.test/x?y=1",
		"https://bob@a.test/x":                         "https://bob@a.test/x",
		"":                                             "",
	}
	for in, want := range cases {
		require.Equal(t, want, r.URL(in), in)
	}
}

func TestRedactFormBody(t *testing.T) {
	r := NewRedactor(Options{JSONKeys: []string{"pin"}})
	in := "username=alice&password=p%40ss&password_confirm=x&csrf_token=abc&PIN=1234&remember=on&new_password="
	want := "username=alice&password=" + Redacted + "&password_confirm=" + Redacted + "&csrf_token=" + Redacted + "&PIN=" + Redacted + "&remember=on&new_password="
	require.Equal(t, want, r.Body("application/x-www-form-urlencoded; charset=UTF-8", in))
}

func TestRedactJSONBody(t *testing.T) {
	r := NewRedactor(Options{JSONKeys: []string{"ssn"}})
	in := `{"user":"alice","password":"p","Password2":"q","passwd":"r","secret":"s",
 "token":"t","tokenType":"bearer","access_token":"u","csrf":"v","csrfToken":"w","Authorization":"Bearer x",
 "nested":{"list":[{"password":"deep"},{"ok":1}],"SSN":"123-45-6789"},
 "empty":"","none":null,"count":3,"clientSecret":{"a":[1,2]},"token_n":12345,"flag":true,"password_set":false}`
	out := r.Body("application/json", in)
	require.True(t, json.Valid([]byte(out)), out)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	for _, k := range []string{"password", "Password2", "passwd", "secret", "token", "tokenType", "access_token", "csrf", "csrfToken", "Authorization", "clientSecret", "token_n", "password_set"} {
		require.Equal(t, Redacted, got[k], k)
	}
	require.Equal(t, "alice", got["user"])
	require.Equal(t, "", got["empty"])
	require.Nil(t, got["none"])
	require.Equal(t, 3.0, got["count"])
	require.Equal(t, true, got["flag"])
	nested := got["nested"].(map[string]any)
	require.Equal(t, Redacted, nested["SSN"])
	require.Equal(t, Redacted, nested["list"].([]any)[0].(map[string]any)["password"])
	require.Equal(t, 1.0, nested["list"].([]any)[1].(map[string]any)["ok"])
	// Untouched parts keep their exact bytes.
	require.Contains(t, out, `"tokenType":"[REDACTED]","access_token"`)
	require.Contains(t, out, "\n \"nested\"")

	// +json types and JSON sent as text/plain are JSON too; invalid JSON gets a best effort.
	require.Equal(t, `{"password":"`+Redacted+`"}`, r.Body("application/vnd.api+json", `{"password":"x"}`))
	require.Equal(t, `[{"token":"`+Redacted+`"}]`, r.Body("text/plain;charset=UTF-8", `[{"token":"x"}]`))
	require.Equal(t, `{"password": "`+Redacted+`", "user": "a"`, r.Body("application/json", `{"password": "x", "user": "a"`))
}

func TestRedactHTML(t *testing.T) {
	r := NewRedactor(Options{})
	doc := `<html><head><meta name="csrf-token" content="tok123"><meta name="viewport" content="width=device-width"></head>
<body><form><input type="hidden" name="csrf_token" value="abc">
<input TYPE=password name=pw value=hunter2>
<input type='password' value='x y' id="p2"/>
<input name="email" value="a@b.test">
<input type="password" value="">
<input name="authenticity_token" value="rails">
</form></body></html>`
	out := r.HTML(doc)
	require.Contains(t, out, `<meta name="csrf-token" content="`+Redacted+`">`)
	require.Contains(t, out, `<meta name="viewport" content="width=device-width">`)
	require.Contains(t, out, `<input type="hidden" name="csrf_token" value="`+Redacted+`">`)
	require.Contains(t, out, `<input TYPE=password name=pw value="`+Redacted+`">`)
	require.Contains(t, out, `<input type='password' value='`+Redacted+`' id="p2"/>`)
	require.Contains(t, out, `<input name="email" value="a@b.test">`)
	require.Contains(t, out, `<input type="password" value="">`)
	require.Contains(t, out, `<input name="authenticity_token" value="`+Redacted+`">`)
	require.NotContains(t, out, "hunter2")
	require.NotContains(t, out, "tok123")
	require.Equal(t, out, r.Body("text/html; charset=utf-8", doc))
}

func TestRedactSecretsInEveryForm(t *testing.T) {
	r := NewRedactor(Options{})
	secret := `Pa$$ w0rd&<"x'>/é`
	r.AddSecret(secret)
	r.AddSecret("short") // under 6 characters: ignored
	jsonEsc, _ := json.Marshal(secret)
	forms := map[string]string{
		"raw":             secret,
		"query":           url.QueryEscape(secret),
		"path":            url.PathEscape(secret),
		"json":            string(jsonEsc[1 : len(jsonEsc)-1]),
		"json-no-html":    jsonString(secret, false),
		"json-slashes":    strings.ReplaceAll(jsonString(secret, false), "/", `\/`),
		"html":            html.EscapeString(secret),
		"uri-component":   percentEncode(secret, "-_.!~*'()", false),
		"browser-form":    percentEncode(secret, "-_.*", true),
		"html-attr-quote": strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(secret),
	}
	for name, f := range forms {
		out := r.Text("before " + f + " after")
		require.Equal(t, "before "+Redacted+" after", out, name)
	}
	require.Equal(t, "a short text", r.Text("a short text"))

	// Secrets are scrubbed in every kind of body too, JSON staying valid.
	out := r.Body("application/json", `{"note":"my `+string(jsonEsc[1:len(jsonEsc)-1])+` here","n":1}`)
	require.JSONEq(t, `{"note":"my [REDACTED] here","n":1}`, out)
	require.Equal(t, "x="+Redacted, r.Body("application/x-www-form-urlencoded", "x="+url.QueryEscape(secret)))
	require.Equal(t, "<p>"+Redacted+"</p>", r.HTML("<p>"+html.EscapeString(secret)+"</p>"))
	require.Equal(t, "https://a.test/?q="+Redacted, r.URL("https://a.test/?q="+url.QueryEscape(secret)))

	// A numeric secret inside JSON becomes a string, keeping the document valid.
	r.AddSecret("12345678")
	out = r.Body("application/json", `{"id":12345678,"other":123456789}`)
	require.True(t, json.Valid([]byte(out)), out)
	require.Contains(t, out, `"id":"[REDACTED]"`)
}

func TestRedactNilAndConcurrent(t *testing.T) {
	var r *Redactor
	require.Equal(t, "x", r.Text("x"))
	require.Equal(t, "x", r.Header("Cookie", "x"))
	require.Equal(t, "u?token=1", r.URL("u?token=1"))
	require.Equal(t, "password=1", r.Body("application/x-www-form-urlencoded", "password=1"))
	r.AddSecret("whatever-secret")

	r = NewRedactor(Options{})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				r.AddSecret(strings.Repeat("s", 6) + string(rune('a'+i)) + string(rune('a'+j%26)))
				_ = r.Text("ssssssaa and more")
				_ = r.Body("application/json", `{"a":"ssssssab"}`)
			}
		}()
	}
	wg.Wait()
	require.Equal(t, Redacted, r.Text("ssssssaa"))
}

// FuzzRedactJSONStaysValid checks that Body keeps any valid JSON document valid, whatever
// secrets are registered.
func FuzzRedactJSONStaysValid(f *testing.F) {
	f.Add(`{"password":"x","a":[1,2,{"token":null}],"b":"secret-value"}`, "secret-value")
	f.Add(`[1, -0.5e+10, "a\u0041\n", true, false, null, {}]`, `"a\u0041`)
	f.Add(`{"x":{"y":{"z":"123456"}}}`, "123456")
	f.Add(`"just a string with \"quotes\""`, `with \"quotes`)
	f.Add(` { "csrf" : { "k" : [ ] } } `, "} } ")
	f.Add(`{"a":1,"b":2}`, `1,"b":`)
	f.Fuzz(func(t *testing.T, doc, secret string) {
		if !json.Valid([]byte(doc)) {
			return
		}
		r := NewRedactor(Options{})
		r.AddSecret(secret)
		out := r.Body("application/json", doc)
		if !json.Valid([]byte(out)) {
			t.Fatalf("Body(%q) with secret %q = %q: not valid JSON", doc, secret, out)
		}
	})
}
