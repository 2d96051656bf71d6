package route

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// Match says which requests a route applies to. Empty fields match everything; a request must
// match every field that is set.
type Match struct {
	// Method is the HTTP method, any case; "" matches every method.
	Method string
	// URL is a glob on the request URL. "*" matches any run of characters but "/", "**" any run
	// at all, "{a,b}" either a or b; every other character matches itself ("?" too). A glob that
	// starts with "/" is matched against the URL's path (and its query when the glob holds "?"),
	// any other against the whole URL without its fragment: "/api/*" or "http://127.0.0.1:*/**".
	URL string
	// Regexp is a Go regular expression searched for in the whole URL (without its fragment).
	Regexp string
	// ResourceType is DevTools' resource type, any case: document, stylesheet, image, script,
	// xhr, fetch, font, media, ...; "" matches every type. xhr and fetch both match requests of
	// fetch() and XMLHttpRequest: Chrome's Fetch domain does not tell them apart.
	ResourceType string
}

// String names the match as step logs and HAR entries show it: "PUT /api/favourites/*".
func (m Match) String() string {
	var parts []string
	if m.Method != "" {
		parts = append(parts, strings.ToUpper(m.Method))
	}
	switch {
	case m.URL != "":
		parts = append(parts, m.URL)
	case m.Regexp != "":
		parts = append(parts, "~"+m.Regexp)
	default:
		parts = append(parts, "**")
	}
	if m.ResourceType != "" {
		parts = append(parts, "("+strings.ToLower(m.ResourceType)+")")
	}
	return strings.Join(parts, " ")
}

// matcher is a compiled Match.
type matcher struct {
	method   string
	glob     *regexp.Regexp
	pathOnly bool // glob applies to the path (and query when withQuery)
	query    bool
	re       *regexp.Regexp
	typ      proto.NetworkResourceType
	pattern  string // the Fetch urlPattern: every URL the match may accept, and maybe more
}

// resourceTypes are DevTools' resource types, as the Fetch domain spells them.
var resourceTypes = []proto.NetworkResourceType{
	proto.NetworkResourceTypeDocument, proto.NetworkResourceTypeStylesheet, proto.NetworkResourceTypeImage,
	proto.NetworkResourceTypeMedia, proto.NetworkResourceTypeFont, proto.NetworkResourceTypeScript,
	proto.NetworkResourceTypeTextTrack, proto.NetworkResourceTypeXHR, proto.NetworkResourceTypeFetch,
	proto.NetworkResourceTypePrefetch, proto.NetworkResourceTypeEventSource, proto.NetworkResourceTypeWebSocket,
	proto.NetworkResourceTypeManifest, proto.NetworkResourceTypeSignedExchange, proto.NetworkResourceTypePing,
	proto.NetworkResourceTypeCSPViolationReport, proto.NetworkResourceTypePreflight, proto.NetworkResourceTypeOther,
}

// compile checks m and compiles it. Its errors are one line naming the field.
func (m Match) compile() (*matcher, error) {
	c := &matcher{method: strings.ToUpper(strings.TrimSpace(m.Method)), pattern: "*"}
	if m.URL != "" && m.Regexp != "" {
		return nil, fmt.Errorf("url %s and regexp %s both set: use one", redact.Quote(m.URL), redact.Quote(m.Regexp))
	}
	if m.URL != "" {
		re, err := globRegexp(m.URL)
		if err != nil {
			return nil, fmt.Errorf("url glob %s: %w", redact.Quote(m.URL), err)
		}
		c.glob = re
		c.pathOnly = strings.HasPrefix(m.URL, "/")
		c.query = strings.Contains(m.URL, "?")
		c.pattern = fetchPattern(m.URL, c.pathOnly)
	}
	if m.Regexp != "" {
		re, err := regexp.Compile(m.Regexp)
		if err != nil {
			return nil, fmt.Errorf("url regexp %s: %s", redact.Quote(m.Regexp), redact.Bound(strings.TrimPrefix(err.Error(), "error parsing regexp: "), 2*redact.MaxQuoted))
		}
		c.re = re
	}
	if m.ResourceType != "" {
		for _, t := range resourceTypes {
			if strings.EqualFold(string(t), m.ResourceType) {
				c.typ = t
			}
		}
		if c.typ == "" {
			names := make([]string, len(resourceTypes))
			for i, t := range resourceTypes {
				names[i] = strings.ToLower(string(t))
			}
			return nil, fmt.Errorf("resource type %s: expected one of %s", redact.Quote(m.ResourceType), strings.Join(names, ", "))
		}
	}
	return c, nil
}

// matches reports whether a request of method for rawURL, of resource type typ, matches.
func (c *matcher) matches(method, rawURL string, typ proto.NetworkResourceType) bool {
	if c.method != "" && c.method != method {
		return false
	}
	if c.typ != "" && c.typ != typ && !(isXHR(c.typ) && isXHR(typ)) {
		return false
	}
	u, _, _ := strings.Cut(rawURL, "#")
	if c.re != nil && !c.re.MatchString(u) {
		return false
	}
	if c.glob != nil {
		target := u
		if c.pathOnly {
			pu, err := url.Parse(u)
			if err != nil {
				return false
			}
			target = pu.EscapedPath()
			if c.query && pu.RawQuery != "" {
				target += "?" + pu.RawQuery
			}
		}
		if !c.glob.MatchString(target) {
			return false
		}
	}
	return true
}

// isXHR reports whether t is xhr or fetch: Chrome's Fetch domain reports fetch() calls as
// XHR, so the two are one type to a route.
func isXHR(t proto.NetworkResourceType) bool {
	return t == proto.NetworkResourceTypeXHR || t == proto.NetworkResourceTypeFetch
}

// fetchType is the resource type of the Fetch pattern for t ("" for xhr and fetch, which Chrome
// does not tell apart).
func fetchType(t proto.NetworkResourceType) proto.NetworkResourceType {
	if isXHR(t) {
		return ""
	}
	return t
}

// globRegexp compiles a URL glob into an anchored regexp.
func globRegexp(glob string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("^")
	depth := 0
	for i := 0; i < len(glob); i++ {
		switch ch := glob[i]; ch {
		case '*':
			if i+1 < len(glob) && glob[i+1] == '*' {
				for i+1 < len(glob) && glob[i+1] == '*' {
					i++
				}
				b.WriteString(".*")
			} else {
				b.WriteString("[^/]*")
			}
		case '{':
			depth++
			b.WriteString("(?:")
		case '}':
			if depth == 0 {
				return nil, fmt.Errorf(`"}" without "{" at offset %d`, i)
			}
			depth--
			b.WriteString(")")
		case ',':
			if depth > 0 {
				b.WriteString("|")
			} else {
				b.WriteString(",")
			}
		default:
			b.WriteString(regexp.QuoteMeta(string(ch)))
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf(`"{" without "}"`)
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}

// fetchPattern turns a glob into a Fetch urlPattern that accepts at least every URL the glob
// does ("*" any run, "?" one character, "\" escapes), so that Chrome pauses only requests a
// route may want and lets the others through without a round trip.
func fetchPattern(glob string, pathOnly bool) string {
	var b strings.Builder
	if pathOnly {
		b.WriteString("*://*")
	}
	star := false
	for i := 0; i < len(glob); i++ {
		ch := glob[i]
		if ch == '{' { // alternatives: anything, up to the closing brace
			if j := strings.IndexByte(glob[i:], '}'); j > 0 {
				i += j
			}
			ch = '*'
		}
		if ch == '*' {
			if !star {
				b.WriteByte('*')
			}
			star = true
			continue
		}
		star = false
		if ch == '?' || ch == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(ch)
	}
	if pathOnly && !star {
		b.WriteByte('*') // the query string
	}
	return b.String()
}
