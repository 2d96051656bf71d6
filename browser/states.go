package browser

import (
	"reflect"
	"sync"
	"unsafe"

	"github.com/go-rod/rod"
)

// ownStates gives rb, a clone of the connected browser scoped to one incognito context, a state
// map of its own. rod keeps every page it opens (and the parameters of the last call of each
// method on each page's session) in a map its clones share, and drops an entry only when the
// page itself is closed through rod: a flow's pages go with its browser context instead, so the
// shared map grew by a page and its session's calls for every flow of a run (about 8 KB a flow:
// 8 MB of live heap, 17 MB of RSS, over 1,000 flows; bench/README.md, Soak). With a map per
// context, everything rod kept about the context's pages goes with the Context. rod has no
// setter for it; if a rod version ever lays the field out otherwise, rb is left as it is.
func ownStates(rb *rod.Browser) {
	f := reflect.ValueOf(rb).Elem().FieldByName("states")
	if !f.IsValid() || f.Type() != reflect.TypeOf((*sync.Map)(nil)) {
		return
	}
	reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Set(reflect.ValueOf(&sync.Map{}))
}
