package runner

import (
	"context"
	_ "embed"
	"fmt"
	"slices"

	"github.com/go-rod/rod"

	"github.com/e2e-dev/e2e/backend"
	"github.com/e2e-dev/e2e/config"
)

// newAuth returns the backend.auth of API checks, reading a storage token through read; nil
// for cookies only.
func newAuth(a config.AuthConfig, read backend.StorageReader) (backend.Auth, error) {
	switch a.Kind {
	case backend.AuthStorage:
		return backend.NewStorageAuth(a.Storage, a.Key, a.Path, a.Header, a.Template, read)
	case backend.AuthHeader:
		return backend.NewHeaderAuth(a.Header, a.Env)
	}
	return nil, nil
}

// storageItemJS reads a key of localStorage or sessionStorage, with the page's origin; a page
// whose storage cannot be read (about:blank, an opaque origin) has no value.
//
//go:embed storage_item.js
var storageItemJS string

// storageReader reads a key of page's storage, for backend.auth storage. Before the page showed
// any of the app's origins (and without a page: an API-only flow), it reads restored, the state
// the page's context started from: a flow that starts signed in may call the API before it
// opens a page.
func (a *Attempt) storageReader(page *rod.Page, restored *StorageState) backend.StorageReader {
	return func(ctx context.Context, area backend.StorageArea, key string) (string, bool, error) {
		if page != nil {
			res, err := page.Context(ctx).Eval(storageItemJS, area, key)
			if err != nil {
				return "", false, fmt.Errorf("the page's %sStorage: %w", area, err)
			}
			if res.Value.Get("ok").Bool() {
				return res.Value.Get("value").Str(), true, nil
			}
			if restored == nil || slices.Contains(appOrigins(a.env.BaseURL, a.env.APIURL), res.Value.Get("origin").Str()) {
				return "", false, nil // the page shows the app: its storage is the truth
			}
		}
		if restored == nil {
			return "", false, nil
		}
		for _, o := range restored.Origins {
			if !slices.Contains(appOrigins(a.env.BaseURL), o.Origin) {
				continue
			}
			m := o.LocalStorage
			if area == backend.StorageSession {
				m = o.SessionStorage
			}
			v, ok := m[key]
			return v, ok, nil
		}
		return "", false, nil
	}
}
