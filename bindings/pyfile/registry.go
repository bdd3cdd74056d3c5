package pyfile

import (
	"sync"
	"weak"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
)

// CPython closes a file as soon as the program drops it; here the
// collector does, later. So that no descriptor outlives its interpreter,
// each interpreter's open files are remembered (weakly: a dropped file
// is still collected) and CloseAll closes those left when it ends.

var registry = struct {
	sync.Mutex
	files map[*starlark.Thread][]weak.Pointer[File] // by interpreter thread
	kept  map[*starlark.Thread]int                  // entries after the last pruning
}{files: map[*starlark.Thread][]weak.Pointer[File]{}, kept: map[*starlark.Thread]int{}}

// track remembers f, opened by the script running on th.
func track(th *starlark.Thread, f *File) {
	owner := class.Owner(th)
	if owner == nil {
		return
	}
	registry.Lock()
	defer registry.Unlock()
	list := append(registry.files[owner], weak.Make(f))
	if len(list) > 2*registry.kept[owner]+64 {
		live := list[:0]
		for _, p := range list {
			if g := p.Value(); g != nil && g.f != nil {
				live = append(live, p)
			}
		}
		list = live
		registry.kept[owner] = len(list)
	}
	registry.files[owner] = list
}

// CloseAll closes the files still open that the interpreter whose thread
// is th opened, and forgets them.
func CloseAll(th *starlark.Thread) {
	registry.Lock()
	list := registry.files[th]
	delete(registry.files, th)
	delete(registry.kept, th)
	registry.Unlock()
	for _, p := range list {
		if f := p.Value(); f != nil && f.f != nil {
			f.f.Close()
			f.f, f.rbuf = nil, nil
		}
	}
}
