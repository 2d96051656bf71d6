package report

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
)

// htmlImageTypes are the image types a browser shows from a data: URI.
var htmlImageTypes = map[string]bool{
	"image/png": true, "image/jpeg": true, "image/webp": true, "image/gif": true,
}

// htmlScreenshot reads the screenshot at rel (relative to the report's folder dir) and returns
// it as a data: URI, or an empty URI and why it is not embedded.
func htmlScreenshot(dir, rel string) (template.URL, string) {
	p := filepath.Join(dir, filepath.FromSlash(rel))
	f, err := os.Open(p)
	if err != nil {
		return "", fmt.Sprintf("screenshot %s could not be read: %v", rel, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxEmbeddedScreenshot+1))
	if err != nil {
		return "", fmt.Sprintf("screenshot %s could not be read: %v", rel, err)
	}
	if len(b) > MaxEmbeddedScreenshot {
		return "", fmt.Sprintf("screenshot %s is larger than %d MB: open it from the link", rel, MaxEmbeddedScreenshot>>20)
	}
	mime := http.DetectContentType(b)
	if !htmlImageTypes[mime] {
		return "", fmt.Sprintf("screenshot %s is not an image (%s)", rel, mime)
	}
	// A data: URI of base64 built here from a sniffed image type: safe to mark trusted.
	return template.URL("data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(b)), ""
}

// htmlPathEscape escapes one path segment of a link.
func htmlPathEscape(s string) string { return url.PathEscape(s) }
