package ssl

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// typeValue is one of the module's types whose instances are Go values
// (SSLContext, SSLSocket): it names them in isinstance (class.Type) and,
// when it has a constructor, makes them.
type typeValue struct {
	name string
	call func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)
	is   func(starlark.Value) bool
}

var _ starlark.Callable = (*typeValue)(nil)

func (t *typeValue) String() string        { return "<class 'ssl." + t.name + "'>" }
func (t *typeValue) Type() string          { return "type" }
func (t *typeValue) Freeze()               {}
func (t *typeValue) Truth() starlark.Bool  { return true }
func (t *typeValue) Hash() (uint32, error) { return starlark.String(t.name).Hash() }
func (t *typeValue) Name() string          { return t.name }

// HasInstance reports whether x is one of the type's values.
func (t *typeValue) HasInstance(x starlark.Value) bool { return t.is(x) }

func (t *typeValue) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if t.call == nil {
		return nil, pyerr.Errorf("TypeError", "%s does not have a public constructor. Instances are returned by SSLContext.wrap_socket().", t.name)
	}
	return t.call(th, starlark.NewBuiltin(t.name, t.call), args, kwargs)
}

func isContext(x starlark.Value) bool   { _, ok := x.(*Context); return ok }
func isSSLSocket(x starlark.Value) bool { _, ok := x.(*SSLSocket); return ok }
