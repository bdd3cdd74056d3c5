package starlark

// This file is not part of upstream go.starlark.net (see PATCHES.md at
// the module's root): the clean-up of the frames that a Go panic passing
// through the interpreter leaves on a thread's stack, done once by the
// outermost Call it passes through rather than deferred by every call;
// and CallNested, a call without that deferred clean-up.

// CallNested calls fn as Call does, from Go code that runs within a
// call of Call on the same thread (a built-in's, or code a built-in
// calls), and that does not recover a panic of the call: if a Go panic
// passes through it, the enclosing Call cleans up the thread's stack,
// not this call, which therefore costs no deferred call. With the
// thread's stack empty, it is Call.
func CallNested(thread *Thread, fn Value, args Tuple, kwargs []Tuple) (Value, error) {
	if len(thread.stack) == 0 {
		return Call(thread, fn, args, kwargs)
	}
	return call(thread, fn, args, kwargs)
}

// unwind cleans up the frames above depth that a panic left on the
// thread's stack, and pops them: Call defers it. When the call returned,
// its frame is already popped and unwind does nothing.
func (thread *Thread) unwind(depth int) {
	if len(thread.stack) > depth {
		thread.unwindFrames(depth)
	}
}

// unwindFrames does for each frame above depth, from the top, what its
// call and, for a Starlark function, its CallInternal do as they
// return: it ends the loops the function was running, clears its locals
// and operand stack, and pops the frame.
func (thread *Thread) unwindFrames(depth int) {
	for len(thread.stack) > depth {
		fr := thread.frameAt(0)
		fr.endIters()
		fr.locals = nil
		clear(fr.space[:cap(fr.space)])
		thread.endProfSpan()
		fr.reset()
		thread.stack = thread.stack[:len(thread.stack)-1] // pop
	}
}

// reset clears what a call sets in its frame: the callable, the
// address, the profiler's start, the receiver of the method bound for a
// call from the frame. The frame keeps its space, and the method's name
// and function, for the next call at its depth (its locals are cleared
// by CallInternal).
func (fr *frame) reset() {
	fr.callable, fr.pc, fr.spanStart = nil, 0, 0
	if fr.method.recv != nil {
		fr.method.recv = nil
	}
}

// endIters ends the loops that a panic left running in the frame: the
// iterators of fr.iters, which ITERPUSH keeps up to date (the slots of
// the loops that ended since are nil).
func (fr *frame) endIters() {
	for i, iter := range fr.iters {
		if iter != nil {
			iter.Done()
			fr.clearIter(i)
		}
	}
	clear(fr.iters)
	fr.iters = fr.iters[:0]
}
