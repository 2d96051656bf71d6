package doccheck

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
)

// Link is a link of a markdown file.
type Link struct {
	// File is the markdown file, Line the line the link is on.
	File string
	Line int
	// Target is the link's destination as written: "docs/ci.md#github", "#sharding".
	Target string
}

var (
	// inlineLink is [text](dest) or ![alt](dest), with an optional "title".
	inlineLink = regexp.MustCompile(`!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)
	// refDefinition is [label]: dest.
	refDefinition = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$`)
	// codeSpan is `code`, whose brackets are no link.
	codeSpan = regexp.MustCompile("`+[^`]*`+")
	// htmlAnchor is an explicit anchor: <a id="x"> or <a name="x">.
	htmlAnchor = regexp.MustCompile(`<a\s+(?:id|name)="([^"]+)"`)
)

// Links returns the links of the markdown file path, outside code blocks and code spans.
func Links(path string) ([]Link, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []Link
	// A link's text may wrap onto the next line: links are looked for in each paragraph.
	var para []string
	start := 0
	flush := func() {
		text := codeSpan.ReplaceAllStringFunc(strings.Join(para, "\n"), func(c string) string {
			return strings.Repeat(" ", len(c)-strings.Count(c, "\n")) + strings.Repeat("\n", strings.Count(c, "\n"))
		})
		for _, m := range inlineLink.FindAllStringSubmatchIndex(text, -1) {
			out = append(out, Link{File: path, Line: start + strings.Count(text[:m[0]], "\n"), Target: text[m[2]:m[3]]})
		}
		for i, line := range para {
			if m := refDefinition.FindStringSubmatch(line); m != nil {
				out = append(out, Link{File: path, Line: start + i, Target: m[1]})
			}
		}
		para = nil
	}
	prose(string(text), func(n int, line string) {
		if strings.TrimSpace(line) == "" || (len(para) > 0 && start+len(para) != n) {
			flush()
		}
		if strings.TrimSpace(line) != "" {
			if len(para) == 0 {
				start = n
			}
			para = append(para, line)
		}
	})
	flush()
	return out, nil
}

// prose calls fn with each line of markdown text outside fenced code blocks, and its number.
func prose(text string, fn func(n int, line string)) {
	inCode, marker := false, ""
	for i, line := range strings.Split(text, "\n") {
		if m := fence.FindStringSubmatch(line); m != nil {
			switch {
			case !inCode:
				inCode, marker = true, m[1]
			case strings.HasPrefix(m[1], marker) && m[2] == "":
				inCode = false
			}
			continue
		}
		if !inCode {
			fn(i+1, line)
		}
	}
}

// IsRelative reports whether a link target points into the repository: no scheme, no host.
func IsRelative(target string) bool {
	u, err := url.Parse(target)
	return err == nil && u.Scheme == "" && u.Host == "" && !strings.HasPrefix(target, "//")
}

// Resolve checks that a relative link of a markdown file under root names a file or folder
// inside root and, when it has a fragment and names a markdown file (or is only a fragment), a
// heading or anchor of that file.
func Resolve(root string, l Link) error {
	u, err := url.Parse(l.Target)
	if err != nil {
		return fmt.Errorf("%s:%d: %s: %w", l.File, l.Line, l.Target, err)
	}
	target := l.File
	if u.Path != "" {
		target = filepath.Join(filepath.Dir(l.File), filepath.FromSlash(u.Path))
		if strings.HasPrefix(u.Path, "/") {
			target = filepath.Join(root, filepath.FromSlash(u.Path))
		}
	}
	rel, err := filepath.Rel(root, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("%s:%d: %s leaves the repository", l.File, l.Line, l.Target)
	}
	st, err := os.Stat(target)
	if err != nil {
		return fmt.Errorf("%s:%d: %s: no such file or folder in the repository", l.File, l.Line, l.Target)
	}
	if u.Fragment == "" || st.IsDir() || !strings.HasSuffix(target, ".md") {
		return nil
	}
	anchors, err := Anchors(target)
	if err != nil {
		return err
	}
	if !anchors[u.Fragment] {
		return fmt.Errorf("%s:%d: %s: %s has no heading or anchor #%s", l.File, l.Line, l.Target, rel, u.Fragment)
	}
	return nil
}

// heading is an ATX heading: "## Title".
var heading = regexp.MustCompile(`^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$`)

// Anchors returns the fragments the headings (as GitHub slugs them) and explicit anchors of a
// markdown file define.
func Anchors(path string) (map[string]bool, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	anchors := map[string]bool{}
	seen := map[string]int{}
	prose(string(text), func(_ int, line string) {
		for _, m := range htmlAnchor.FindAllStringSubmatch(line, -1) {
			anchors[m[1]] = true
		}
		m := heading.FindStringSubmatch(line)
		if m == nil {
			return
		}
		slug := Slug(m[1])
		if n := seen[slug]; n > 0 {
			anchors[fmt.Sprintf("%s-%d", slug, n)] = true
		} else {
			anchors[slug] = true
		}
		seen[slug]++
	})
	return anchors, nil
}

// Slug is the fragment GitHub gives a heading: lower case, markup and punctuation dropped,
// spaces as hyphens. "Start with `e2e init`" is "start-with-e2e-init".
func Slug(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}
