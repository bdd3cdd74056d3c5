package pyfile

import (
	"os"
	"runtime"
	"sync"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// CPython closes a file as soon as the program drops it; here the
// collector does, later: each file object has a closer, run when the
// script closes the file or, failing that, when the collector finds the
// object dropped. So that no descriptor outlives its interpreter, the
// closers of each interpreter's open files are kept (not the file
// objects: they may still be collected), and CloseAll runs those left
// when the interpreter ends.

// closer closes one file, once, and forgets it.
type closer struct {
	f      *os.File
	owner  *starlark.Thread
	once   sync.Once
	err    error
	remove string // a path removed once the file is closed (NamedTemporaryFile's)
}

// close closes the file the first time it is called (and removes the
// path remove names).
func (c *closer) close() error {
	c.once.Do(func() {
		c.err = c.f.Close()
		if c.remove != "" {
			if err := os.Remove(c.remove); err != nil && c.err == nil {
				c.err = oserr.WithPaths(err, c.remove)
			}
		}
		registry.Lock()
		delete(registry.open[c.owner], c)
		registry.Unlock()
	})
	return c.err
}

var registry = struct {
	sync.Mutex
	open map[*starlark.Thread]map[*closer]bool // by interpreter thread
}{open: map[*starlark.Thread]map[*closer]bool{}}

// track gives fo, opened by the script running on th, its closer.
func track(th *starlark.Thread, fo *File) {
	c := &closer{f: fo.f, owner: class.Owner(th)}
	fo.c = c
	registry.Lock()
	if registry.open[c.owner] == nil {
		registry.open[c.owner] = map[*closer]bool{}
	}
	registry.open[c.owner][c] = true
	registry.Unlock()
	runtime.AddCleanup(fo, func(c *closer) { c.close() }, c)
}

// CloseAll closes the files still open that the interpreter whose thread
// is th opened.
func CloseAll(th *starlark.Thread) {
	registry.Lock()
	open := registry.open[th]
	delete(registry.open, th)
	registry.Unlock()
	for c := range open {
		c.close()
	}
}
