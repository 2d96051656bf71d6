package runner

import (
	"context"
	_ "embed"
	"fmt"

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

// storageItemJS reads a key of localStorage or sessionStorage; a page whose storage cannot be
// read (about:blank, an opaque origin) has no value.
//
//go:embed storage_item.js
var storageItemJS string

// readStorage reads key from the storage of the attempt's page, for backend.auth storage.
func (a *Attempt) readStorage(ctx context.Context, area backend.StorageArea, key string) (string, bool, error) {
	res, err := a.page.Context(ctx).Eval(storageItemJS, area, key)
	if err != nil {
		return "", false, fmt.Errorf("the page's %sStorage: %w", area, err)
	}
	if !res.Value.Get("ok").Bool() {
		return "", false, nil
	}
	return res.Value.Get("value").Str(), true, nil
}
