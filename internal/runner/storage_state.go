package runner

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// StorageState is a signed-in browser state, as Playwright's storageState holds it: the
// cookies and the local and session storage of the app's origins, plus the values the sign-in
// stored for the flows (F.Set). It is saved in a file of mode 0600 outside the artifacts, and
// every value in it is a secret of each attempt that starts from it.
type StorageState struct {
	// Cookies are the browser context's cookies for the app's origins.
	Cookies []*proto.NetworkCookie `json:"cookies"`
	// Origins hold each origin's storage.
	Origins []OriginState `json:"origins"`
	// Values are what the setup kept for the flows (the account's username...).
	Values map[string]string `json:"values,omitempty"`
}

// OriginState is the storage of one origin.
type OriginState struct {
	// Origin is scheme://host:port.
	Origin string `json:"origin"`
	// LocalStorage and SessionStorage map keys to values.
	LocalStorage   map[string]string `json:"localStorage"`
	SessionStorage map[string]string `json:"sessionStorage"`
}

// secrets returns every value of the state, for the redactor.
func (s *StorageState) secrets() []string {
	var out []string
	for _, c := range s.Cookies {
		out = append(out, c.Value)
	}
	for _, o := range s.Origins {
		for _, v := range o.LocalStorage {
			out = append(out, v)
		}
		for _, v := range o.SessionStorage {
			out = append(out, v)
		}
	}
	return out
}

// save writes the state to path with mode 0600.
func (s *StorageState) save(path string) error {
	b, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("storage state: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("storage state: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		_ = f.Close()
		return fmt.Errorf("storage state: %w", err)
	}
	return f.Close()
}

// loadStorageState reads a state saved by save.
func loadStorageState(path string) (*StorageState, error) {
	b, err := os.ReadFile(filepath.Clean(path))
	if err != nil {
		return nil, fmt.Errorf("storage state: %w", err)
	}
	var s StorageState
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("storage state %s: %w", path, err)
	}
	return &s, nil
}

// appOrigins returns the origins of the app's URLs, without duplicates.
func appOrigins(urls ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, u := range urls {
		p, err := url.Parse(u)
		if err != nil || p.Host == "" {
			continue
		}
		o := p.Scheme + "://" + p.Host
		if !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	return out
}

// readStoragesJS reads both storages of the page's origin as {local: {...}, session: {...}}.
//
//go:embed storage_state_read.js
var readStoragesJS string

// writeStoragesJS fills both storages of the page's origin.
//
//go:embed storage_state_write.js
var writeStoragesJS string

// captureState reads the state of page p, in its context, for the app's origins.
func captureState(p *rod.Page, origins []string) (*StorageState, error) {
	urls := make([]string, len(origins))
	for i, o := range origins {
		urls[i] = o + "/"
	}
	cs, err := proto.NetworkGetCookies{Urls: urls}.Call(p)
	if err != nil {
		return nil, fmt.Errorf("cookies: %w", err)
	}
	st := &StorageState{Cookies: cs.Cookies}
	for _, o := range origins {
		var os OriginState
		err := atOrigin(p, o, func() error {
			res, err := p.Eval(readStoragesJS)
			if err != nil {
				return err
			}
			os = OriginState{Origin: o, LocalStorage: stringMap(res.Value.Get("local").Map()), SessionStorage: stringMap(res.Value.Get("session").Map())}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("storage of %s: %w", o, err)
		}
		st.Origins = append(st.Origins, os)
	}
	return st, nil
}

// applyState gives page p's fresh context the state: its cookies, and each origin's storage
// set from a blank page of that origin that the browser never asks the app for. The page is
// left at about:blank.
func applyState(p *rod.Page, st *StorageState) error {
	if len(st.Cookies) > 0 {
		params := make([]*proto.NetworkCookieParam, len(st.Cookies))
		for i, c := range st.Cookies {
			params[i] = &proto.NetworkCookieParam{
				Name: c.Name, Value: c.Value, Domain: c.Domain, Path: c.Path, Secure: c.Secure,
				HTTPOnly: c.HTTPOnly, SameSite: c.SameSite, Expires: c.Expires,
			}
			if c.Session {
				params[i].Expires = 0
			}
		}
		if err := (proto.NetworkSetCookies{Cookies: params}).Call(p); err != nil {
			return fmt.Errorf("set cookies: %w", err)
		}
	}
	for _, o := range st.Origins {
		if len(o.LocalStorage) == 0 && len(o.SessionStorage) == 0 {
			continue
		}
		err := atOrigin(p, o.Origin, func() error {
			_, err := p.Eval(writeStoragesJS, o.LocalStorage, o.SessionStorage)
			return err
		})
		if err != nil {
			return fmt.Errorf("storage of %s: %w", o.Origin, err)
		}
	}
	return p.Navigate("about:blank")
}

// statePage is the blank document served, without asking the app, where a state's storage is
// read or written.
const statePage = "/__e2e_storage_state__"

// atOrigin runs fn with page p on a document of origin: where it already is, or on a blank page
// of that origin that the Fetch domain serves without asking the app.
func atOrigin(p *rod.Page, origin string, fn func() error) error {
	if cur, err := p.Eval(`() => location.origin`); err == nil && cur.Value.Str() == origin {
		return fn()
	}
	pattern := origin + statePage
	if err := (proto.FetchEnable{Patterns: []*proto.FetchRequestPattern{{URLPattern: pattern, RequestStage: proto.FetchRequestStageRequest}}}).Call(p); err != nil {
		return fmt.Errorf("intercept %s: %w", pattern, err)
	}
	defer func() { _ = proto.FetchDisable{}.Call(p) }()
	ctx, cancel := context.WithCancel(p.GetContext())
	defer cancel()
	served := make(chan error, 1)
	go p.Context(ctx).EachEvent(func(e *proto.FetchRequestPaused) bool {
		served <- proto.FetchFulfillRequest{
			RequestID: e.RequestID, ResponseCode: 200,
			ResponseHeaders: []*proto.FetchHeaderEntry{{Name: "Content-Type", Value: "text/html"}},
			Body:            []byte("<!doctype html><title>e2e storage state</title>"),
		}.Call(p)
		return true
	})()
	if err := p.Navigate(pattern); err != nil {
		return fmt.Errorf("open %s: %w", origin, err)
	}
	select {
	case err := <-served:
		if err != nil {
			return fmt.Errorf("serve %s: %w", pattern, err)
		}
	case <-p.GetContext().Done():
		return p.GetContext().Err()
	}
	if err := p.WaitLoad(); err != nil {
		return err
	}
	return fn()
}

// stringMap turns a JSON object of strings into a map.
func stringMap[V interface{ Str() string }](m map[string]V) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v.Str()
	}
	return out
}
