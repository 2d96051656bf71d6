package pages

import (
	"fmt"
	"sort"
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/ysmood/gson"

	"github.com/e2e-dev/e2e/artifacts/redact"
)

// SetExtraHTTPHeaders makes every request the tab sends from now on carry headers, as
// Playwright's page.setExtraHTTPHeaders: they replace those an earlier call set (nil or an empty
// map sends none). The step names the headers, never their values; a header whose name looks
// like a credential (X-Api-Key, X-Session-Token) is redacted in the HAR and its value scrubbed
// from every artifact.
//
//	tab.SetExtraHTTPHeaders(map[string]string{"X-Api-Key": key})
func (tab *Tab) SetExtraHTTPHeaders(headers map[string]string) {
	names := make([]string, 0, len(headers))
	h := proto.NetworkHeaders{}
	for name, value := range headers {
		names = append(names, name)
		h[name] = gson.New(value)
		if redact.SecretName(name) {
			if tab.o.SecretHeader != nil {
				tab.o.SecretHeader(name)
			}
			if tab.o.Secret != nil {
				tab.o.Secret(value)
			}
		}
	}
	sort.Strings(names)
	what := "set extra HTTP headers " + strings.Join(names, ", ")
	if len(names) == 0 {
		what = "clear extra HTTP headers"
	}
	tab.must(tab.act(tabLabel, what, func(p *rod.Page) error {
		// Chromium adds the headers only while the Network domain is on: it stays on for the tab.
		_ = p.EnableDomain(&proto.NetworkEnable{})
		if err := (proto.NetworkSetExtraHTTPHeaders{Headers: h}).Call(p); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}))
}
