package logging

import (
	"math"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// The state of loggers, handlers and formatters lives in their
// attributes, under Python's names (logger.level, handler.formatter,
// formatter._fmt...), so that a program that reads or sets them, or a
// subclass that overrides a method, sees what Python's would
// (modules.GetAttr and modules.CallMethod read them). These are the
// helpers for levels.
// levelOf reads a level attribute as an int; a level too big for int64
// compares as the largest.
func levelOf(v starlark.Value) int64 {
	switch v := v.(type) {
	case starlark.Int:
		if n, ok := v.Int64(); ok {
			return n
		}
		if v.Sign() > 0 {
			return math.MaxInt64
		}
		return math.MinInt64
	case starlark.Bool:
		if v {
			return 1
		}
	case starlark.Float:
		return int64(v)
	}
	return 0
}

// levelAttr reads v.level.
func levelAttr(v starlark.Value) (int64, error) {
	l, err := modules.GetAttr(v, "level")
	if err != nil {
		return 0, err
	}
	return levelOf(l), nil
}

// checkLevel is logging._checkLevel: an int, or the name of a level.
func (s *state) checkLevel(v starlark.Value) (starlark.Value, error) {
	switch v := v.(type) {
	case starlark.Int:
		return v, nil
	case starlark.Bool:
		if v {
			return starlark.MakeInt(1), nil
		}
		return starlark.MakeInt(0), nil
	case starlark.String:
		if n, ok := s.nameToLevel[string(v)]; ok {
			return starlark.MakeInt(n), nil
		}
		return nil, pyerr.Errorf("ValueError", "Unknown level: %s", modules.PyRepr(string(v)))
	}
	return nil, pyerr.Errorf("TypeError", "Level not an integer or a valid string: %s", modules.Repr(v))
}

// noArgs checks that a method got no arguments.
func noArgs(fn string, args starlark.Tuple, kwargs []starlark.Tuple) error {
	return starlark.UnpackPositionalArgs(fn, args, kwargs, 0)
}

// typeName is the class name of an instance, as __class__.__name__.
func typeName(v starlark.Value) string {
	if inst, ok := v.(*class.Instance); ok {
		return inst.Class().Name()
	}
	return v.Type()
}
