package modules

import (
	"fmt"
	"os"
	"sync"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewThread makes _thread (Python 2's thread), as far as a program of
// one thread uses it: pyasync runs each loop on one thread, so there is
// no other thread to start or to wait for.
//
//	allocate_lock() (allocate) -> lock, LockType (the lock class)
//	    acquire(blocking=True, timeout=-1), release(), locked(),
//	    acquire_lock, release_lock, locked_lock, with (__enter__, __exit__)
//	RLock() -> a reentrant lock: acquire, release, with, _is_owned()
//	get_ident(), get_native_id(), error (RuntimeError), TIMEOUT_MAX,
//	stack_size(size=0), _count()
//	start_new_thread(function, args, kwargs={}) (start_new), exit(), interrupt_main()
//
// A lock behaves as Python's when only one thread uses it: acquire of a
// free lock takes it, release of a free lock is RuntimeError. Acquiring
// a lock that is held would wait for ever in Python (no other thread can
// release it): pyasync raises RuntimeError instead, and returns False at
// once where a timeout was given. start_new_thread raises RuntimeError:
// pyasync cannot start a thread.
func NewThread() *Lazy {
	return NewLazy("_thread", func() starlark.StringDict {
		return starlark.StringDict{
			"allocate_lock": starlark.NewBuiltin("allocate_lock", newLock),
			"allocate":      starlark.NewBuiltin("allocate", newLock),
			"LockType":      lockClass(),
			"RLock":         rlockClass(),
			"get_ident":     starlark.NewBuiltin("get_ident", threadIdent),
			"get_native_id": starlark.NewBuiltin("get_native_id", threadIdent),
			"error":         exceptions.Class("RuntimeError"),
			"TIMEOUT_MAX":   starlark.Float(9223372036.0),
			"stack_size":    starlark.NewBuiltin("stack_size", stackSize),
			"_count": starlark.NewBuiltin("_count", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
				return starlark.MakeInt(0), nil
			}),
			"start_new_thread": starlark.NewBuiltin("start_new_thread", startNewThread),
			"start_new":        starlark.NewBuiltin("start_new", startNewThread),
			"exit": starlark.NewBuiltin("exit", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
				return nil, &pyerr.SystemExit{Code: 0}
			}),
			"interrupt_main": starlark.NewBuiltin("interrupt_main", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
				return nil, &pyerr.Interrupt{Reason: pyerr.KeyboardInterrupt}
			}),
		}
	})
}

// lockState is the state of a lock or an RLock: how many times it is
// held (a lock: 0 or 1).
type lockState struct{ count int }

func lockOf(fn string, self starlark.Value) (*lockState, error) {
	return nativeOf[lockState](fn, self)
}

// nativeOf is the Go state of self, an instance of a module's class,
// made (zero) the first time a method asks for it.
func nativeOf[T any](fn string, self starlark.Value) (*T, error) {
	inst, err := Instance(fn, self)
	if err != nil {
		return nil, err
	}
	v, ok := inst.Native.(*T)
	if !ok {
		v = new(T)
		inst.Native = v
	}
	return v, nil
}

func lockMethods(reentrant bool) starlark.StringDict {
	acquire := func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		l, err := lockOf("acquire", self)
		if err != nil {
			return nil, err
		}
		var blocking starlark.Value = starlark.True
		var timeout starlark.Value = starlark.MakeInt(-1)
		if err := starlark.UnpackArgs("acquire", args, kwargs, "blocking?", &blocking, "timeout?", &timeout); err != nil {
			return nil, err
		}
		if _, isInt := blocking.(starlark.Int); !isInt {
			if _, isBool := blocking.(starlark.Bool); !isBool {
				return nil, pyerr.Errorf("TypeError", "'%s' object cannot be interpreted as an integer", PyType(blocking))
			}
		}
		t, ok := starlark.AsFloat(timeout)
		if !ok {
			return nil, pyerr.Errorf("TypeError", "'%s' object cannot be interpreted as an integer", PyType(timeout))
		}
		if blocking.Truth() == starlark.False && t != -1 {
			return nil, pyerr.Errorf("ValueError", "can't specify a timeout for a non-blocking call")
		}
		if t < 0 && t != -1 {
			return nil, pyerr.Errorf("ValueError", "timeout value must be positive")
		}
		if l.count == 0 || reentrant {
			l.count++
			return starlark.True, nil
		}
		if blocking.Truth() == starlark.False || t >= 0 {
			return starlark.False, nil
		}
		return nil, pyerr.Errorf("RuntimeError", "acquire: the lock is held, and pyasync has no other thread to release it")
	}
	release := func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		l, err := lockOf("release", self)
		if err != nil {
			return nil, err
		}
		if err := starlark.UnpackPositionalArgs("release", args, kwargs, 0); err != nil {
			return nil, err
		}
		if l.count == 0 {
			if reentrant {
				return nil, pyerr.Errorf("RuntimeError", "cannot release un-acquired lock")
			}
			return nil, pyerr.Errorf("RuntimeError", "release unlocked lock")
		}
		l.count--
		return starlark.None, nil
	}
	locked := func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		l, err := lockOf("locked", self)
		if err != nil {
			return nil, err
		}
		if err := starlark.UnpackPositionalArgs("locked", args, kwargs, 0); err != nil {
			return nil, err
		}
		return starlark.Bool(l.count > 0), nil
	}
	exit := func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return release(th, self, nil, nil)
	}
	m := map[string]class.MethodFunc{
		"__init__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if !reentrant {
				return nil, pyerr.Errorf("TypeError", "cannot create '_thread.lock' instances")
			}
			return starlark.None, starlark.UnpackPositionalArgs("RLock", args, kwargs, 0)
		},
		"acquire": acquire, "release": release, "__enter__": acquire, "__exit__": exit,
		"__repr__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			l, err := lockOf("__repr__", self)
			if err != nil {
				return nil, err
			}
			state := "unlocked"
			if l.count > 0 {
				state = "locked"
			}
			if reentrant {
				return starlark.String(fmt.Sprintf("<%s _thread.RLock object owner=0 count=%d at %#x>", state, l.count, self.(*class.Instance).ID())), nil
			}
			return starlark.String(fmt.Sprintf("<%s _thread.lock object at %#x>", state, self.(*class.Instance).ID())), nil
		},
	}
	if reentrant {
		m["_is_owned"] = locked
	} else {
		m["locked"], m["acquire_lock"], m["release_lock"], m["locked_lock"] = locked, acquire, release, locked
	}
	return Methods(m)
}

var (
	lockClass = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("lock", "_thread", []*class.Class{class.Object}, lockMethods(false))
	})
	rlockClass = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("RLock", "_thread", []*class.Class{class.Object}, lockMethods(true))
	})
)

func newLock(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	lock := class.NewInstance(lockClass())
	lock.Native = &lockState{}
	return lock, nil
}

// threadIdent is the one thread's identity: the process's, as pyasync
// runs the script on one thread per loop.
func threadIdent(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.MakeInt(os.Getpid()), nil
}

func stackSize(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	size := 0
	if err := starlark.UnpackPositionalArgs("stack_size", args, kwargs, 0, &size); err != nil {
		return nil, err
	}
	if size != 0 && size < 32768 {
		return nil, pyerr.Errorf("ValueError", "size not valid: %d bytes", size)
	}
	return starlark.MakeInt(0), nil
}

func startNewThread(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fn, fargs, fkwargs starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &fn, &fargs, &fkwargs); err != nil {
		return nil, err
	}
	return nil, pyerr.Errorf("RuntimeError", "can't start new thread: pyasync runs a script on one thread (use the loop's timers, asyncore.call_later)")
}
