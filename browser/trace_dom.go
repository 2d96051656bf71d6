package browser

import (
	_ "embed"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/ysmood/gson"

	"github.com/e2e-dev/e2e/internal/js"
)

// serialiseJS declares serialise(doc), which serialises a document, with its doctype.
//
//go:embed serialise.js
var serialiseJS string

// serializeDOMJS returns the page's document serialised.
var serializeDOMJS = js.Declare(`() => { return serialise(document) }`, serialiseJS)

// The scripts that call serialise(doc) get its declaration at the start of their body, once.
func init() {
	for _, s := range []*string{&keepTargetJS, &snapshotJS} {
		*s = js.Declare(*s, serialiseJS)
	}
}

// SerializeDOM returns p's document as HTML, with its doctype.
func SerializeDOM(p *rod.Page) (string, error) {
	res, err := p.Eval(serializeDOMJS)
	if err != nil {
		return "", err
	}
	return res.Value.Str(), nil
}

// keepTargetJS keeps the document serialised, as copy number seq, with the place of its element
// this: its tag, and how many elements of that tag come before it. It is posted as an action
// finds its element, before it acts on it. The page keeps the copy in a property of its global
// object named by a symbol its own code does not use, globalThis[Symbol.for("e2e.dom")].
//
//go:embed keep_target.js
var keepTargetJS string

// snapshotJS returns copy number seq with its element marked with attr (parsed again, where no
// script runs, and serialised), the box of el (the element the action found, else the first
// on the page matching the CSS selector sel) as it is now, and whether the copy was there.
// Without copy seq (the action found no element, or a new document came since) it serialises
// the document as it is, el marked.
//
//go:embed snapshot.js
var snapshotJS string

// DOMKeeper keeps a copy of a page's DOM, inside the page, for a trace's snapshot "before the
// failing action": the DOM serialised as each action finds its element, before it acts on it,
// with that element's place. Keeping costs the flow no round trip: the copy is asked for and
// its reply not awaited (the browser makes it before the action's next call), and only the
// failing action's copy ever leaves the page (Snapshot). A copy costs the page one
// serialisation of its DOM, tens of microseconds for a page of a few hundred elements; the page
// itself is neither changed nor marked. An action that finds no element acts on nothing: the
// DOM as it fails is the one it saw.
type DOMKeeper struct {
	page *rod.Page
	// post sends a call without waiting for its reply; nil when the browser's client cannot.
	post func(sessionID, method string, params any) error
	seq  int // the running action's number: the page's copy is its own when it bears it
}

// KeepDOM returns a keeper of p's DOM (see DOMKeeper). p must be a page of b.
func (b *Browser) KeepDOM(p *rod.Page) *DOMKeeper {
	k := &DOMKeeper{page: p}
	if b.live != nil {
		k.post = b.live.post
	}
	return k
}

// Begin says a new action begins: the copies kept for earlier ones are no longer its own. It
// does not call the browser.
func (k *DOMKeeper) Begin() { k.seq++ }

// KeepTarget asks the page for a copy of its DOM as it is now, with the place of el, the
// element the running action found, and returns at once. An element of another frame than the
// page's top one keeps nothing.
func (k *DOMKeeper) KeepTarget(el *rod.Element) {
	if k.post == nil || el == nil || el.Object == nil || el.Object.ObjectID == "" {
		return
	}
	// A copy that could not be asked for is no loss: Snapshot then finds an older number.
	_ = k.post(string(k.page.SessionID), "Runtime.callFunctionOn", proto.RuntimeCallFunctionOn{
		ObjectID: el.Object.ObjectID, FunctionDeclaration: keepTargetJS, Silent: true,
		Arguments: []*proto.RuntimeCallArgument{{Value: gson.New(k.seq)}},
	})
}

// DOMSnapshot is a page's DOM serialised, with an element marked.
type DOMSnapshot struct {
	// HTML is the document with its doctype; the target carries the attribute asked for.
	HTML string
	// Before says it is the copy kept as the running action found its element, before it acted;
	// false, the DOM as it was when Snapshot ran (the action found no element, or a new document
	// came since).
	Before bool
	// Marked says the target is marked in HTML.
	Marked bool
	// Box is the target's box [left, top, width, height] in viewport CSS pixels, as the page
	// is now; nil when it takes no space or there is none.
	Box *[4]float64
}

// Snapshot returns the running action's copy, its element marked with the attribute attr, and
// the box of el (the element the action found, or else the first matching selector, a CSS
// selector: a locator's description that is none matches nothing) as it is now, on p: the
// keeper's page bound by the caller's context.
func (k *DOMKeeper) Snapshot(p *rod.Page, el *rod.Element, selector, attr string) (DOMSnapshot, error) {
	var (
		res *proto.RuntimeRemoteObject
		err error
	)
	if el != nil {
		js := `function (seq, attr, sel) { return (` + snapshotJS + `)(seq, attr, this, sel) }`
		res, err = el.Context(p.GetContext()).Evaluate(rod.Eval(js, k.seq, attr, selector).ByUser())
	} else {
		res, err = p.Evaluate(rod.Eval(snapshotJS, k.seq, attr, nil, selector).ByUser())
	}
	if err != nil {
		return DOMSnapshot{}, err
	}
	var out struct {
		HTML   string    `json:"html"`
		Before bool      `json:"before"`
		Marked bool      `json:"marked"`
		Box    []float64 `json:"box"`
	}
	if err := res.Value.Unmarshal(&out); err != nil {
		return DOMSnapshot{}, err
	}
	snap := DOMSnapshot{HTML: out.HTML, Before: out.Before, Marked: out.Marked}
	if len(out.Box) == 4 {
		snap.Box = &[4]float64{out.Box[0], out.Box[1], out.Box[2], out.Box[3]}
	}
	return snap, nil
}
