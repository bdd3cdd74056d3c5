package modules

import "go.starlark.net/starlark"

// NewCollections makes the collections module:
//
//	deque(iterable=(), maxlen=None)            deque.go
//	defaultdict(default_factory=None, ...)     mapping.go
//	OrderedDict(other=(), **kwargs)            mapping.go
//	Counter(iterable=None, **kwds)             counter.go
//	namedtuple(typename, field_names, *, rename=False, defaults=None, module=None)
//	                                           namedtuple.go
//
// They are Go values that behave as Python's; isinstance() and
// subclassing them are not available, and a defaultdict, OrderedDict or
// Counter is not == to a plain dict (nor a namedtuple to a tuple), since
// Starlark compares values of different types as unequal.
func NewCollections() *Lazy {
	return NewLazy("collections", func() starlark.StringDict {
		return builtins(starlark.StringDict{}, map[string]builtinFunc{
			"deque":       newDeque,
			"defaultdict": newDefaultdict,
			"OrderedDict": newOrderedDict,
			"Counter":     newCounter,
			"namedtuple":  newNamedtuple,
		})
	})
}
