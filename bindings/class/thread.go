package class

import "go.starlark.net/starlark"

// The interpreter calls a value's Truth, Hash, String, comparison and
// operator methods without a thread, yet a class's __bool__, __eq__ or
// __add__ is Starlark code that needs one. An interpreter runs all its
// Starlark on one thread and one goroutine, so the thread that defined a
// class (or made an instance of a built-in class) is the one running
// whenever such a method is asked for: the special method runs on it, as
// a nested call, exactly as a built-in calling back into a script does.
//
// A file that load() runs has a thread of its own; its classes belong to
// the thread of the interpreter that loads it (SetOwner).

// ownerKey is the thread-local name of a thread's owner.
const ownerKey = "pyasync.class.owner"

// SetOwner says that the classes defined on th belong to owner, the
// interpreter's thread (th runs a loaded file and then ends).
func SetOwner(th, owner *starlark.Thread) { th.SetLocal(ownerKey, owner) }

// Owner is the thread that th's classes belong to: th itself unless
// SetOwner said otherwise.
func Owner(th *starlark.Thread) *starlark.Thread {
	if th == nil {
		return nil
	}
	if o, ok := th.Local(ownerKey).(*starlark.Thread); ok {
		return o
	}
	return th
}

// thread is the thread properties and special methods of c's instances
// run on: the one that defined the class, or a fresh one for a built-in
// class.
func (c *Class) thread() *starlark.Thread {
	if c.th != nil {
		return c.th
	}
	return ReprThread()
}

// thread is the thread i's special methods run on.
func (i *Instance) thread() *starlark.Thread {
	if i.rare != nil && i.rare.th != nil {
		return i.rare.th
	}
	return i.class.thread()
}

// running reports whether th is running Starlark code now, so that a
// failure recorded with Fail will be raised by it.
func running(th *starlark.Thread) bool { return th.CallStackDepth() > 0 }

// fail reports err, from a method that cannot return an error (Truth,
// String, an iterator's Next), to the computation running on th: it fails
// at its next step.
func fail(th *starlark.Thread, err error) {
	if running(th) {
		th.Fail(err)
	}
}
