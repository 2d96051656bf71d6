package route

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-rod/rod/lib/proto"

	"github.com/e2e-dev/e2e/artifacts"
	"github.com/e2e-dev/e2e/artifacts/har"
	"github.com/e2e-dev/e2e/browser"
)

// updateMaxBody is the largest body a HAR written in update mode keeps.
const updateMaxBody = 32 << 20

// harUpdate is a HAR route in update mode: it lets the requests go to the backend, records the
// page, and writes the exchanges its route matches to the file when the router closes.
type harUpdate struct {
	file string
	m    *matcher // the route's, set by Add before start

	builder *har.Builder
	rec     *browser.Recording
}

// start begins recording the router's page.
func (u *harUpdate) start(r *Router) error {
	if err := os.MkdirAll(filepath.Dir(u.file), 0o755); err != nil {
		return fmt.Errorf("har update: %w", err)
	}
	u.builder = har.NewBuilder(har.Options{MaxBody: updateMaxBody, Redactor: r.opts.Redactor, Creator: "e2e"})
	rec, err := browser.Record(r.page, u.builder, nil)
	if err != nil {
		return fmt.Errorf("har update: %w", err)
	}
	u.rec = rec
	return nil
}

func (u *harUpdate) responseStage() bool { return false }

func (u *harUpdate) handle(x *exchange) (did, error) { return did{}, x.cont(nil) }

// write stops the recording and writes the matching exchanges to the file.
func (u *harUpdate) write() error {
	if u.rec == nil {
		return nil
	}
	u.rec.Stop()
	h := u.builder.HAR()
	kept := h.Log.Entries[:0]
	for _, e := range h.Log.Entries {
		if u.m.matches(e.Request.Method, e.Request.URL, resourceTypeOf(e.ResourceType)) {
			kept = append(kept, e)
		}
	}
	h.Log.Entries = kept
	h.Log.Comment = "recorded by e2e's HAR route in update mode"
	data, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return fmt.Errorf("har update %s: %w", u.file, err)
	}
	if err := artifacts.WriteFileAtomic(u.file, data); err != nil {
		return fmt.Errorf("har update %s: %w", u.file, err)
	}
	return nil
}

// resourceTypeOf turns a HAR's _resourceType back into the Fetch domain's spelling.
func resourceTypeOf(s string) proto.NetworkResourceType {
	for _, t := range resourceTypes {
		if strings.EqualFold(string(t), s) {
			return t
		}
	}
	return proto.NetworkResourceTypeOther
}
