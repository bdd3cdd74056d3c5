package modules

import (
	"math"
	"time"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
	"github.com/pyasync/pyasync/runtime/poll"
)

// SelectFunctions are the select module's functions, beside its error
// class (select.error, OSError):
//
//	select(rlist, wlist, xlist, timeout=None) -> (r, w, x)
//
// Python's: waits until some of the file descriptors are ready for
// reading, for writing, or have an exceptional condition (out-of-band
// data), or until timeout seconds have passed, and returns the items of
// each list that are. An item is an int or an object with a fileno()
// method (a socket, a dispatcher). It waits with poll(2), so that a
// descriptor above FD_SETSIZE works too. A program with its own loop on
// select (pyftpdlib's IOLoop) runs with it; asyncore programs need it
// not.
func SelectFunctions() starlark.StringDict {
	return builtins(starlark.StringDict{}, map[string]builtinFunc{"select": selectSelect})
}

func selectSelect(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var r, w, x starlark.Value
	var timeout starlark.Value = starlark.None
	if err := starlark.UnpackArgs("select", args, kwargs, "rlist", &r, "wlist", &w, "xlist", &x, "timeout?", &timeout); err != nil {
		return nil, err
	}
	wait := time.Duration(-1) // for ever
	if timeout != starlark.None {
		secs, ok := starlark.AsFloat(timeout)
		if !ok {
			return nil, pyerr.Errorf("TypeError", "timeout must be a float or None")
		}
		if secs < 0 {
			return nil, pyerr.Errorf("ValueError", "timeout must be non-negative")
		}
		if secs*1000 > math.MaxInt32 {
			return nil, pyerr.Errorf("OverflowError", "timeout is too large")
		}
		wait = time.Duration(math.Ceil(secs*1000)) * time.Millisecond
	}
	var fds []unix.PollFd
	var lists [3][]starlark.Value
	for k, l := range []starlark.Value{r, w, x} {
		items, err := selectItems(th, l)
		if err != nil {
			return nil, err
		}
		lists[k] = items
		for _, it := range items {
			fd, err := selectFD(th, it)
			if err != nil {
				return nil, err
			}
			fds = append(fds, unix.PollFd{Fd: fd, Events: [3]int16{unix.POLLIN, unix.POLLOUT, unix.POLLPRI}[k]})
		}
	}
	if err := poll.Poll(fds, wait); err != nil {
		return nil, oserr.FromErr(err)
	}
	var out [3]*starlark.List
	i := 0
	for k := range lists {
		out[k] = starlark.NewList(nil)
		for _, it := range lists[k] {
			ev := fds[i].Revents
			i++
			if ev&unix.POLLNVAL != 0 {
				return nil, oserr.FromErr(unix.EBADF)
			}
			// as Linux's select: a hang-up is readable, an error readable and writable
			ready := ev&[3]int16{unix.POLLIN | unix.POLLHUP | unix.POLLERR, unix.POLLOUT | unix.POLLERR, unix.POLLPRI}[k] != 0
			if ready {
				out[k].Append(it)
			}
		}
	}
	return starlark.Tuple{out[0], out[1], out[2]}, nil
}

// selectItems are the items of one of select's lists.
func selectItems(th *starlark.Thread, l starlark.Value) ([]starlark.Value, error) {
	if _, ok := l.(starlark.Iterable); !ok {
		return nil, pyerr.Errorf("TypeError", "arguments 1-3 must be sequences")
	}
	return iterItems(l) // deque.go
}

// selectFD is the file descriptor of an item of select's lists: an int,
// or what its fileno() method returns.
func selectFD(th *starlark.Thread, v starlark.Value) (int32, error) {
	if _, ok := v.(starlark.Int); !ok {
		var fn starlark.Value
		if ha, ok := v.(starlark.HasAttrs); ok {
			fn, _ = ha.Attr("fileno")
		}
		if fn == nil {
			return 0, pyerr.Errorf("TypeError", "argument must be an int, or have a fileno() method.")
		}
		got, err := starlark.Call(th, fn, nil, nil)
		if err != nil {
			return 0, err
		}
		if _, ok := got.(starlark.Int); !ok {
			return 0, pyerr.Errorf("TypeError", "fileno() returned a non-integer")
		}
		v = got
	}
	n, err := starlark.AsInt32(v)
	if err != nil {
		return 0, pyerr.Errorf("OverflowError", "Python int too large to convert to C int")
	}
	if n < 0 {
		return 0, pyerr.Errorf("ValueError", "file descriptor cannot be a negative integer (%d)", n)
	}
	return int32(n), nil
}
