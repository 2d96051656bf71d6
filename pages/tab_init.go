package pages

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
)

// AddInitScript makes js run in every document the tab loads from now on, in its frames too,
// before the document's own scripts, as Playwright's page.addInitScript: to seed
// localStorage, stub an API (Math.random, a feature flag) or record what the page does. The
// document the tab shows now is left alone: Goto or Reload after it. js is a script; given args,
// it is a function called with them (JSON-encoded).
//
//	tab.AddInitScript(`(flags) => { window.featureFlags = flags }`, map[string]bool{"newCart": true})
func (tab *Tab) AddInitScript(js string, args ...any) {
	src := js
	if len(args) > 0 {
		enc := make([]string, len(args))
		for i, a := range args {
			b, err := json.Marshal(a)
			if err != nil {
				tab.must(fmt.Errorf("%s: add init script %s: argument %d: %w: pass values JSON can encode", tabLabel, shortJS(js), i+1, err))
			}
			enc[i] = string(b)
		}
		src = "(\n" + fnSource(js) + "\n)(" + strings.Join(enc, ", ") + ");"
	}
	tab.must(tab.act(tabLabel, "add init script "+shortJS(js), func(p *rod.Page) error {
		_, err := proto.PageAddScriptToEvaluateOnNewDocument{Source: src}.Call(p)
		if err != nil {
			return fmt.Errorf("add init script %s: %w", shortJS(js), err)
		}
		return nil
	}))
}
