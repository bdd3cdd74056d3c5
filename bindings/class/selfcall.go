package class

import "go.starlark.net/starlark"

// CallFunc calls the script's function fn as a method of self:
// fn(self, *args, **kwargs).
//
// The arguments need one tuple, self and args. A Starlark function
// copies its arguments into its frame before it runs any code and keeps
// nothing of the tuple it was given (its *args is a tuple of its own),
// so the tuple can be the same few words every time: a method called
// with none but self gets the instance's (SelfArgs), one called with a
// few gets its class's (Class.args), which a call made while fn runs
// may fill again, fn being done with it. The classes shared by the
// interpreters of pyasync -j, whose words two threads would write, and
// calls with more arguments allocate the tuple.
func CallFunc(th *starlark.Thread, fn *starlark.Function, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if inst, ok := self.(*Instance); ok {
		if len(args) == 0 {
			return starlark.Call(th, fn, inst.SelfArgs(), kwargs)
		}
		if c := inst.class; len(args) < len(c.args) && !c.sharedByWorkers() {
			all := c.args[:1+len(args)]
			all[0] = self
			copy(all[1:], args)
			res, err := starlark.Call(th, fn, all, kwargs)
			clear(all) // keep nothing alive
			return res, err
		}
	}
	all := make(starlark.Tuple, 1+len(args))
	all[0] = self
	copy(all[1:], args)
	return starlark.Call(th, fn, all, kwargs)
}
