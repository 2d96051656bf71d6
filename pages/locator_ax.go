package pages

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	"github.com/ysmood/gson"
)

// axNodes is the accessibility tree of a page: its top document's nodes, and its same-process
// child frames'.
type axNodes struct {
	main, frames []*proto.AccessibilityAXNode
}

// all returns every node.
func (t axNodes) all() []*proto.AccessibilityAXNode { return append(slices.Clip(t.main), t.frames...) }

// axFrames remembers a session's child frames, so that their trees are asked for together with
// the top document's (one round trip), and again only when the frames change.
type axFrames struct {
	mu  sync.Mutex
	ids []proto.PageFrameID
}

// axTree reads the page's accessibility tree (Accessibility.getFullAXTree) and its child
// frames', concurrently.
func (tab *Tab) axTree(p *rod.Page) (axNodes, error) {
	tab.frames.mu.Lock()
	known := slices.Clone(tab.frames.ids)
	tab.frames.mu.Unlock()

	var out axNodes
	var tree *proto.PageGetFrameTreeResult
	var mainErr, treeErr error
	byFrame := map[proto.PageFrameID][]*proto.AccessibilityAXNode{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	frameTree := func(id proto.PageFrameID) {
		defer wg.Done()
		// A cross-origin frame runs in a process of its own: it has no tree here, and
		// locators do not look into it.
		if r, err := (proto.AccessibilityGetFullAXTree{FrameID: id}).Call(p); err == nil {
			mu.Lock()
			byFrame[id] = r.Nodes
			mu.Unlock()
		}
	}
	wg.Add(2 + len(known))
	go func() {
		defer wg.Done()
		var r *proto.AccessibilityGetFullAXTreeResult
		if r, mainErr = (proto.AccessibilityGetFullAXTree{}).Call(p); mainErr == nil {
			out.main = r.Nodes
		}
	}()
	go func() { defer wg.Done(); tree, treeErr = proto.PageGetFrameTree{}.Call(p) }()
	for _, id := range known {
		go frameTree(id)
	}
	wg.Wait()
	if mainErr != nil {
		return out, mainErr
	}
	var now []proto.PageFrameID
	if treeErr == nil {
		var walk func([]*proto.PageFrameTree)
		walk = func(ts []*proto.PageFrameTree) {
			for _, t := range ts {
				now = append(now, t.Frame.ID)
				walk(t.ChildFrames)
			}
		}
		walk(tree.FrameTree.ChildFrames)
	}
	for _, id := range now {
		if !slices.Contains(known, id) { // a frame that came since the last look
			wg.Add(1)
			go frameTree(id)
		}
	}
	wg.Wait()
	for _, id := range now {
		out.frames = append(out.frames, byFrame[id]...)
	}
	tab.frames.mu.Lock()
	tab.frames.ids = now
	tab.frames.mu.Unlock()
	return out, nil
}

func axString(v *proto.AccessibilityAXValue) string {
	if v == nil {
		return ""
	}
	return v.Value.Str()
}

// maxResolving bounds the calls in flight: a role without a name may match hundreds of nodes.
const maxResolving = 16

// resolveNodes turns the matched nodes into what the query script takes after its first four
// arguments: the top document's nodes as objects (one round trip each, all at once) with their
// tokens; a frame's nodes, which live in the frame's own context and cannot be passed along,
// are marked with gen on the element instead (the JavaScript wrapper of a node is one in every
// frame's main world).
func resolveNodes(p *rod.Page, main, frames map[proto.DOMBackendNodeID][]string, gen int64) ([]any, error) {
	group := fmt.Sprintf("e2e-locator-%d", gen)
	var mu sync.Mutex
	var wg sync.WaitGroup
	var first error
	objs := []any{}
	tokens := []any{}
	slots := make(chan struct{}, maxResolving)
	run := func(id proto.DOMBackendNodeID, toks []string, pass bool) {
		defer wg.Done()
		defer func() { <-slots }()
		res, err := proto.DOMResolveNode{BackendNodeID: id, ObjectGroup: group}.Call(p)
		if err != nil {
			if ctxErr := p.GetContext().Err(); ctxErr != nil {
				mu.Lock()
				first = ctxErr // out of time: not the same as a node that is gone
				mu.Unlock()
			}
			return // gone since the tree was read: it is not there to match
		}
		if !pass {
			_, err = proto.RuntimeCallFunctionOn{
				ObjectID:            res.Object.ObjectID,
				FunctionDeclaration: `function (gen, tokens) { this.__e2eRole = {gen, tokens} }`,
				Arguments:           []*proto.RuntimeCallArgument{{Value: gson.New(gen)}, {Value: gson.New(toks)}},
			}.Call(p)
		}
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err != nil && first == nil:
			first = err
		case err == nil && pass:
			objs, tokens = append(objs, res.Object), append(tokens, toks)
		}
	}
	for id, toks := range main {
		wg.Add(1)
		slots <- struct{}{}
		go run(id, toks, true)
	}
	for id, toks := range frames {
		wg.Add(1)
		slots <- struct{}{}
		go run(id, toks, false)
	}
	wg.Wait()
	return append([]any{tokens}, objs...), first
}

// releaseGroup frees the objects of the query gen once it has run, off the action's path.
func releaseGroup(p *rod.Page, gen int64) {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = proto.RuntimeReleaseObjectGroup{ObjectGroup: fmt.Sprintf("e2e-locator-%d", gen)}.Call(p.Context(ctx))
	}()
}

// ariaRoles are the ARIA names of the roles Chromium's accessibility tree names otherwise.
var ariaRoles = map[string]string{
	"image": "img", "LayoutTable": "table", "LayoutTableRow": "row", "LayoutTableCell": "cell",
}

// ariaRole is the ARIA name of a role of Chromium's accessibility tree.
func ariaRole(r string) string {
	if a, ok := ariaRoles[r]; ok {
		return a
	}
	return r
}

// sameRole reports whether the tree's role is role, as GetByRole compares them.
func sameRole(tree, role string) bool { return strings.EqualFold(ariaRole(tree), role) }
