package redact

import (
	"html"
	"regexp"
	"strings"
)

var (
	// htmlFormTag matches <input ...> and <meta ...> tags, quoted attribute values included.
	htmlFormTag = regexp.MustCompile(`(?i)<(?:input|meta)\b(?:[^>"']|"[^"]*"|'[^']*')*>`)
	// htmlAttr matches one attribute of a tag: name, and the value with its quotes if any.
	htmlAttr = regexp.MustCompile("([^\\s\"'>/=]+)(?:\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s\"'=<>`]+))?")
)

// csrfMetaNames are <meta name=...> values whose content is an anti-forgery token.
var csrfMetaNames = map[string]bool{
	"csrf-token": true, "csrf_token": true, "_csrf": true, "xsrf-token": true,
}

// HTML returns an HTML document with credentials removed: the value attribute of every
// <input type=password>, of every input named csrf_token (or another credential field name),
// and the content of <meta name="csrf-token">; then the secrets everywhere.
func (r *Redactor) HTML(doc string) string {
	if r == nil || doc == "" {
		return doc
	}
	out := htmlFormTag.ReplaceAllStringFunc(doc, r.redactTag)
	return r.Text(out)
}

// redactTag rewrites one <input> or <meta> tag.
func (r *Redactor) redactTag(tag string) string {
	isMeta := len(tag) > 5 && strings.EqualFold(tag[1:5], "meta")
	body := tag[1 : len(tag)-1]
	nameEnd := 5
	if !isMeta {
		nameEnd = 6
	}
	attrsText := body[nameEnd-1:]
	locs := htmlAttr.FindAllStringSubmatchIndex(attrsText, -1)
	attr := func(name string) (string, bool) {
		for _, l := range locs {
			if strings.EqualFold(attrsText[l[2]:l[3]], name) {
				if l[4] < 0 {
					return "", true
				}
				return html.UnescapeString(strings.Trim(attrsText[l[4]:l[5]], `"'`)), true
			}
		}
		return "", false
	}

	var target string
	if isMeta {
		name, _ := attr("name")
		if csrfMetaNames[strings.ToLower(name)] {
			target = "content"
		}
	} else {
		typ, _ := attr("type")
		name, _ := attr("name")
		if strings.EqualFold(typ, "password") || (name != "" && r.SensitiveField(name)) {
			target = "value"
		}
	}
	if target == "" {
		return tag
	}
	for _, l := range locs {
		if !strings.EqualFold(attrsText[l[2]:l[3]], target) || l[4] < 0 {
			continue
		}
		val := attrsText[l[4]:l[5]]
		if strings.Trim(val, `"'`) == "" {
			return tag // empty: nothing to hide
		}
		quote := `"`
		if val[0] == '\'' {
			quote = "'"
		}
		off := 1 + nameEnd - 1
		return tag[:off+l[4]] + quote + Redacted + quote + tag[off+l[5]:]
	}
	return tag
}
