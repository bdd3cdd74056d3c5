package modules

import (
	"go.starlark.net/starlark"
	"sync"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewThreading makes threading, as far as a program of one thread uses
// it (see _thread): its locks and events work, and a thread cannot be
// started. Programs built on asyncore keep a lock or an event at class
// level for the day they run threads (pyftpdlib's IOLoop._lock).
//
//	Lock() -> _thread's lock, RLock() -> _thread.RLock()
//	Event() -> is_set() (isSet), set(), clear(), wait(timeout=None)
//	Thread(group=None, target=None, name=None, args=(), kwargs=None, daemon=None)
//	    start() raises RuntimeError (pyasync cannot start a thread),
//	    run() calls target(*args, **kwargs), join(timeout=None),
//	    is_alive() -> False, name, daemon
//	get_ident(), get_native_id(), active_count() -> 1, TIMEOUT_MAX
//
// Event.wait() on a flag that is not set would wait for ever in Python
// (no other thread can set it): pyasync raises RuntimeError; with a
// timeout it returns False at once.
func NewThreading() *Lazy {
	return NewLazy("threading", func() starlark.StringDict {
		return starlark.StringDict{
			"Lock":          starlark.NewBuiltin("Lock", newLock),
			"RLock":         rlockClass(),
			"Event":         eventClass(),
			"Thread":        threadClass(),
			"get_ident":     starlark.NewBuiltin("get_ident", threadIdent),
			"get_native_id": starlark.NewBuiltin("get_native_id", threadIdent),
			"active_count": starlark.NewBuiltin("active_count", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
					return nil, err
				}
				return starlark.MakeInt(1), nil
			}),
			"TIMEOUT_MAX": starlark.Float(9223372036.0),
		}
	})
}

// eventState is an Event's flag.
type eventState struct{ set bool }

func eventOf(fn string, self starlark.Value) (*eventState, error) {
	return nativeOf[eventState](fn, self)
}

func eventMethods() starlark.StringDict {
	isSet := func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		e, err := eventOf("is_set", self)
		if err != nil {
			return nil, err
		}
		if err := starlark.UnpackPositionalArgs("is_set", args, kwargs, 0); err != nil {
			return nil, err
		}
		return starlark.Bool(e.set), nil
	}
	setTo := func(name string, v bool) class.MethodFunc {
		return func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			e, err := eventOf(name, self)
			if err != nil {
				return nil, err
			}
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
				return nil, err
			}
			e.set = v
			return starlark.None, nil
		}
	}
	wait := func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		e, err := eventOf("wait", self)
		if err != nil {
			return nil, err
		}
		var timeout starlark.Value = starlark.None
		if err := starlark.UnpackArgs("wait", args, kwargs, "timeout?", &timeout); err != nil {
			return nil, err
		}
		if e.set {
			return starlark.True, nil
		}
		if timeout == starlark.None {
			return nil, pyerr.Errorf("RuntimeError", "wait: the event is not set, and pyasync has no other thread to set it")
		}
		if _, ok := starlark.AsFloat(timeout); !ok {
			return nil, pyerr.Errorf("TypeError", "'%s' object cannot be interpreted as a number", PyType(timeout))
		}
		return starlark.False, nil
	}
	return Methods(map[string]class.MethodFunc{
		"is_set": isSet, "isSet": isSet, "set": setTo("set", true), "clear": setTo("clear", false), "wait": wait,
	})
}

func threadMethods() starlark.StringDict {
	return Methods(map[string]class.MethodFunc{
		"__init__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			inst, err := Instance("Thread", self)
			if err != nil {
				return nil, err
			}
			var group, target, name, daemon, fkwargs starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None, starlark.None
			var fargs starlark.Value = starlark.Tuple{}
			if err := starlark.UnpackArgs("Thread", args, kwargs, "group?", &group, "target?", &target, "name?", &name,
				"args?", &fargs, "kwargs?", &fkwargs, "daemon?", &daemon); err != nil {
				return nil, err
			}
			if group != starlark.None {
				return nil, pyerr.Errorf("AssertionError", "group argument must be None for now")
			}
			if name == starlark.None {
				name = starlark.String("Thread-1")
			}
			if daemon == starlark.None {
				daemon = starlark.False
			}
			for k, v := range map[string]starlark.Value{"_target": target, "_args": fargs, "_kwargs": fkwargs, "name": name, "daemon": daemon} {
				if err := inst.SetField(k, v); err != nil {
					return nil, err
				}
			}
			return starlark.None, nil
		},
		"start": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("start", args, kwargs, 0); err != nil {
				return nil, err
			}
			return nil, pyerr.Errorf("RuntimeError", "can't start new thread: pyasync runs a script on one thread (use the loop's timers, asyncore.call_later)")
		},
		"run": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			inst, err := Instance("run", self)
			if err != nil {
				return nil, err
			}
			if err := starlark.UnpackPositionalArgs("run", args, kwargs, 0); err != nil {
				return nil, err
			}
			target, _ := inst.Attr("_target")
			fn, ok := target.(starlark.Callable)
			if !ok {
				return starlark.None, nil
			}
			fargs, _ := inst.Attr("_args")
			tuple, _ := fargs.(starlark.Tuple)
			if l, ok := fargs.(*starlark.List); ok {
				tuple = starlark.Tuple(listItems(l))
			}
			var kw []starlark.Tuple
			if d, ok := mustAttr(inst, "_kwargs").(*starlark.Dict); ok {
				for _, item := range d.Items() {
					kw = append(kw, starlark.Tuple{item[0], item[1]})
				}
			}
			if _, err := starlark.Call(th, fn, tuple, kw); err != nil {
				return nil, err
			}
			return starlark.None, nil
		},
		"join": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var timeout starlark.Value = starlark.None
			if err := starlark.UnpackArgs("join", args, kwargs, "timeout?", &timeout); err != nil {
				return nil, err
			}
			return nil, pyerr.Errorf("RuntimeError", "cannot join thread before it is started")
		},
		"is_alive": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("is_alive", args, kwargs, 0); err != nil {
				return nil, err
			}
			return starlark.False, nil
		},
	})
}

func mustAttr(inst *class.Instance, name string) starlark.Value {
	v, err := inst.Attr(name)
	if err != nil {
		return starlark.None
	}
	return v
}

func listItems(l *starlark.List) []starlark.Value {
	out := make([]starlark.Value, l.Len())
	for i := range out {
		out[i] = l.Index(i)
	}
	return out
}

var (
	eventClass = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("Event", "threading", []*class.Class{class.Object}, eventMethods())
	})
	threadClass = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("Thread", "threading", []*class.Class{class.Object}, threadMethods())
	})
)
