package runner

// The files a flow attaches to its attempt (F.Attach): kept in memory as the flow runs, written
// with the attempt's artifacts (redacted when text), listed in the report.

import (
	"cmp"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// attachment is a file the flow attached.
type attachment struct {
	name, contentType string
	body              []byte
}

// attachmentsDir is the folder of an attempt's artifacts its attachments are written to.
const attachmentsDir = "attachments"

// attach keeps a copy of body as the attachment name of the attempt, with a line in steps.log.
func (a *Attempt) attach(name, contentType string, body []byte) error {
	a.tabsMu.Lock()
	a.attachments = append(a.attachments, attachment{name: name, contentType: contentType, body: append([]byte(nil), body...)})
	a.tabsMu.Unlock()
	shown := contentType
	if shown == "" {
		shown = "text/plain"
	}
	a.steps.Note(fmt.Sprintf("attach %q (%s, %d bytes)", name, shown, len(body)))
	return nil
}

// attached reports whether the flow attached a file.
func (a *Attempt) attached() bool {
	a.tabsMu.Lock()
	defer a.tabsMu.Unlock()
	return len(a.attachments) > 0
}

// writeAttachments writes each attachment as attachments/<file> with writeAs, its kind
// "attachment <name>" ("attachment <name> (2)" for a second of the same name): its name and,
// when text, its body redacted.
func (a *Attempt) writeAttachments(writeAs func(kind, file string, data []byte)) {
	a.tabsMu.Lock()
	atts := append([]attachment(nil), a.attachments...)
	a.tabsMu.Unlock()
	used, kinds := map[string]bool{}, map[string]int{}
	for _, at := range atts {
		name := a.text(at.name)
		body := at.body
		if isText(at.contentType, body) {
			body = []byte(a.textBody(at.contentType, string(body)))
		}
		file := attachmentFile(name, at.contentType)
		for n := 2; used[file]; n++ {
			ext := filepath.Ext(file)
			file = strings.TrimSuffix(attachmentFile(name, at.contentType), ext) + "-" + strconv.Itoa(n) + ext
		}
		used[file] = true
		kind := "attachment " + name
		if kinds[name]++; kinds[name] > 1 {
			kind += " (" + strconv.Itoa(kinds[name]) + ")"
		}
		writeAs(kind, filepath.Join(attachmentsDir, file), body)
	}
}

// textBody redacts a text attachment of the content type ct: as a recorded body of its type is
// (JSON keys, form fields, HTML), then as a message the tester wrote (the secrets the run knows,
// the secrets known by their shape).
func (a *Attempt) textBody(ct, body string) string {
	if a.redactor == nil {
		return body
	}
	return a.redactor.Message(a.redactor.Body(ct, body))
}

// isText reports whether an attachment of the content type ct is text, to redact: text/*, JSON,
// XML, JavaScript, a form; with no type, a body that is UTF-8.
func isText(ct string, body []byte) bool {
	switch mt := redact.BaseMIME(ct); {
	case mt == "":
		return utf8.Valid(body)
	case strings.HasPrefix(mt, "text/"), redact.IsJSONMIME(mt), strings.HasSuffix(mt, "+xml"), mt == "application/xml",
		mt == "application/javascript", mt == "application/x-www-form-urlencoded", mt == "application/yaml",
		mt == "application/x-yaml", mt == "application/graphql", mt == "image/svg+xml":
		return true
	}
	return false
}

// unsafeFile is what an attachment's name may not keep in its file name.
var unsafeFile = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// attachmentExt is the extension an attachment's file gets by its content type when its name
// has none.
var attachmentExt = map[string]string{
	"": ".txt", "text/plain": ".txt", "text/html": ".html", "text/csv": ".csv", "text/markdown": ".md",
	"application/json": ".json", "application/xml": ".xml", "text/xml": ".xml", "application/pdf": ".pdf",
	"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp", "image/svg+xml": ".svg",
	"video/webm": ".webm", "application/zip": ".zip",
}

// attachmentFile is the file name of the attachment name of the content type ct: name with
// what a file name may not hold replaced by "-", no leading dot, at most 100 characters, and
// an extension by its type when it has none ("order status" as JSON: "order-status.json").
func attachmentFile(name, ct string) string {
	f := strings.Trim(unsafeFile.ReplaceAllString(name, "-"), "-.")
	if len(f) > 100 {
		f = f[:100]
	}
	if f == "" {
		f = "attachment"
	}
	if filepath.Ext(f) == "" {
		f += cmp.Or(attachmentExt[redact.BaseMIME(ct)], ".bin")
	}
	return f
}
