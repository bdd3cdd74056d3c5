package modules

import (
	"crypto/rand"
	"fmt"
	"os"
	"strings"
	"sync"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// NewOS makes the os module of one interpreter (environ is a mutable
// dict, so each interpreter has its own):
//
//	environ getenv(key, default=None) name ("posix")
//	getpid() getppid() getuid() geteuid() getgid() getegid() kill(pid, signal)
//	strerror(code) urandom(size)
//	open(path, flags, mode=0o777) read(fd, n) write(fd, data) close(fd)
//	pipe() dup(fd) set_blocking(fd, flag) get_blocking(fd)
//	the file-system functions of osfs.go (stat, listdir, mkdir, rename...)
//	path (ospath.go) sep altsep curdir pardir extsep pathsep devnull defpath linesep
//	O_RDONLY O_WRONLY O_RDWR O_APPEND O_CREAT O_TRUNC O_EXCL O_NONBLOCK O_CLOEXEC
//	F_OK R_OK W_OK X_OK
func NewOS() *starlarkstruct.Module {
	environ := os.Environ()
	env := starlark.NewDict(len(environ))
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		env.SetKey(starlark.String(k), starlark.String(v))
	}
	// made at its size (some 60 members), not grown from the first five
	m := make(starlark.StringDict, 64)
	m["environ"] = env
	m["name"] = starlark.String("posix")
	m["linesep"] = starlark.String("\n")
	m["path"] = newPath(env)
	m["getenv"] = starlark.NewBuiltin("getenv", osGetenv(env))
	builtins(m, map[string]builtinFunc{
		"getpid":       osID(os.Getpid),
		"getppid":      osID(os.Getppid),
		"getuid":       osID(os.Getuid),
		"geteuid":      osID(os.Geteuid),
		"getgid":       osID(os.Getgid),
		"getegid":      osID(os.Getegid),
		"kill":         osKill,
		"strerror":     osStrerror,
		"urandom":      osUrandom,
		"open":         osOpen,
		"read":         osRead,
		"write":        osWrite,
		"close":        osClose,
		"pipe":         osPipe,
		"dup":          osDup,
		"set_blocking": osSetBlocking,
		"get_blocking": osGetBlocking,
	})
	builtins(m, osFSFuncs)
	for name, v := range pathConstants {
		m[name] = v
	}
	for name, v := range map[string]int{
		"O_RDONLY": unix.O_RDONLY, "O_WRONLY": unix.O_WRONLY, "O_RDWR": unix.O_RDWR, "O_APPEND": unix.O_APPEND,
		"O_CREAT": unix.O_CREAT, "O_TRUNC": unix.O_TRUNC, "O_EXCL": unix.O_EXCL, "O_NONBLOCK": unix.O_NONBLOCK,
		"O_CLOEXEC": unix.O_CLOEXEC,
	} {
		m[name] = starlark.MakeInt(v)
	}
	for name, v := range osFSConstants {
		m[name] = starlark.MakeInt(v)
	}
	return &starlarkstruct.Module{Name: "os", Members: class.BuiltinsInPlace(m)}
}

// fdArg refuses descriptors outside the kernel's range: the system call
// would otherwise see only the low 32 bits (1<<40 would become stdin).
func fdArg(fn string, fd int) error {
	if fd < 0 || fd > 1<<30 {
		return oserr.New(unix.EBADF)
	}
	return nil
}

func osStrerror(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var code int
	if err := starlark.UnpackPositionalArgs("strerror", args, kwargs, 1, &code); err != nil {
		return nil, err
	}
	return starlark.String(oserr.Strerror(unix.Errno(code))), nil
}

func osOpen(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) >= 2 && len(args) <= 3 && len(kwargs) == 0 {
		// os.open(path, flags[, mode]) of ints: without UnpackArgs,
		// which puts its variables on the heap
		flags, ok := smallInt(args[1])
		mode := 0o777
		if len(args) == 3 {
			var ok2 bool
			mode, ok2 = smallInt(args[2])
			ok = ok && ok2
		}
		if ok {
			return openPath(args[0], flags, mode)
		}
	}
	var p starlark.Value
	var flags int
	mode := 0o777
	if err := starlark.UnpackArgs("open", args, kwargs, "path", &p, "flags", &flags, "mode?", &mode); err != nil {
		return nil, err
	}
	return openPath(p, flags, mode)
}

// openPath is os.open(p, flags, mode).
func openPath(p starlark.Value, flags, mode int) (starlark.Value, error) {
	path, err := fsPath("open", "path", pathTypes, p)
	if err != nil {
		return nil, err
	}
	fd, err := openAt(path, flags|unix.O_CLOEXEC, uint32(mode))
	if err != nil {
		return nil, oserr.WithPaths(err, path)
	}
	return starlark.MakeInt(fd), nil
}

func osRead(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	fd, n, err := twoInts("read", args, kwargs)
	if err != nil {
		return nil, err
	}
	if err := fdArg("read", fd); err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, fmt.Errorf("read: negative length")
	}
	if n > 16<<20 {
		n = 16 << 20
	}
	// a read of up to readBufSize goes through a buffer kept for the
	// next one, and the result copies what came: a file producer's
	// os.read(fd, 65536) of a 1 KiB file then allocates 1 KiB, not a
	// zeroed 64 KiB
	var buf []byte
	if n <= readBufSize {
		p := readBufs.Get().(*[]byte)
		defer readBufs.Put(p)
		buf = (*p)[:n]
	} else {
		buf = make([]byte, n)
	}
	var k int
	err = oserr.IgnoringEINTR(func() (err error) {
		k, err = unix.Read(fd, buf)
		return err
	})
	if err != nil {
		return nil, oserr.FromErr(err)
	}
	return starlark.String(buf[:k]), nil
}

// readBufSize is the largest read that os.read makes through a kept
// buffer: the 64 KiB that file producers ask for.
const readBufSize = 64 << 10

// readBufs are os.read's kept buffers, one per reader at a time (the
// workers of -j N read at once).
var readBufs = sync.Pool{New: func() any {
	b := make([]byte, readBufSize)
	return &b
}}

func osWrite(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fd int
	var d starlark.Value
	if err := starlark.UnpackPositionalArgs("write", args, kwargs, 2, &fd, &d); err != nil {
		return nil, err
	}
	if err := fdArg("write", fd); err != nil {
		return nil, err
	}
	var s string
	switch v := d.(type) {
	case starlark.String:
		s = string(v)
	case starlark.Bytes:
		s = string(v)
	default:
		return nil, fmt.Errorf("write: a bytes-like object is required, not '%s'", d.Type())
	}
	var k int
	err := oserr.IgnoringEINTR(func() (err error) {
		k, err = unix.Write(fd, []byte(s))
		return err
	})
	if err != nil {
		return nil, oserr.FromErr(err)
	}
	return starlark.MakeInt(k), nil
}

func osClose(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	fd, err := oneInt("close", args, kwargs)
	if err != nil {
		return nil, err
	}
	if err := fdArg("close", fd); err != nil {
		return nil, err
	}
	// close(2) is never retried: on Linux the descriptor is gone even
	// when it reports EINTR, and a retry could close one reused since
	if err := unix.Close(fd); err != nil && err != unix.EINTR {
		return nil, oserr.FromErr(err)
	}
	return starlark.None, nil
}

func osPipe(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("pipe", args, kwargs, 0); err != nil {
		return nil, err
	}
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		return nil, oserr.FromErr(err)
	}
	return starlark.Tuple{starlark.MakeInt(p[0]), starlark.MakeInt(p[1])}, nil
}

func osDup(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fd int
	if err := starlark.UnpackPositionalArgs("dup", args, kwargs, 1, &fd); err != nil {
		return nil, err
	}
	if err := fdArg("dup", fd); err != nil {
		return nil, err
	}
	nfd, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return nil, oserr.FromErr(err)
	}
	return starlark.MakeInt(nfd), nil
}

func osSetBlocking(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fd int
	var flag bool
	if err := starlark.UnpackPositionalArgs("set_blocking", args, kwargs, 2, &fd, &flag); err != nil {
		return nil, err
	}
	if err := fdArg("set_blocking", fd); err != nil {
		return nil, err
	}
	if err := unix.SetNonblock(fd, !flag); err != nil {
		return nil, oserr.FromErr(err)
	}
	return starlark.None, nil
}

func osGetBlocking(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fd int
	if err := starlark.UnpackPositionalArgs("get_blocking", args, kwargs, 1, &fd); err != nil {
		return nil, err
	}
	if err := fdArg("get_blocking", fd); err != nil {
		return nil, err
	}
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	if err != nil {
		return nil, oserr.FromErr(err)
	}
	return starlark.Bool(fl&unix.O_NONBLOCK == 0), nil
}

// osID is a process's or user's id: getpid(), getuid()...
func osID(id func() int) builtinFunc {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
			return nil, err
		}
		return starlark.MakeInt(id()), nil
	}
}

// osKill is kill(pid, signal).
func osKill(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pv, sv starlark.Value
	if err := starlark.UnpackPositionalArgs("kill", args, kwargs, 2, &pv, &sv); err != nil {
		return nil, err
	}
	pid, err := intArg(pv)
	if err != nil {
		return nil, err
	}
	sig, err := intArg(sv)
	if err != nil {
		return nil, err
	}
	if err := unix.Kill(pid, unix.Signal(sig)); err != nil {
		return nil, oserr.FromErr(err)
	}
	return starlark.None, nil
}

// osGetenv is getenv(key, default=None): os.environ.get(key, default).
func osGetenv(env *starlark.Dict) builtinFunc {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var key, def starlark.Value = nil, starlark.None
		if err := starlark.UnpackArgs("getenv", args, kwargs, "key", &key, "default?", &def); err != nil {
			return nil, err
		}
		if _, ok := key.(starlark.String); !ok {
			return nil, pyerr.Errorf("TypeError", "str expected, not %s", key.Type())
		}
		if v, ok, _ := env.Get(key); ok {
			return v, nil
		}
		return def, nil
	}
}

// osUrandom is urandom(size): size random bytes from the kernel.
func osUrandom(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sv starlark.Value
	if err := starlark.UnpackPositionalArgs("urandom", args, kwargs, 1, &sv); err != nil {
		return nil, err
	}
	n, err := intArg(sv)
	if err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, pyerr.Errorf("ValueError", "negative argument not allowed")
	}
	if n > 1<<26 {
		return nil, pyerr.Errorf("MemoryError", "urandom: %d bytes is more than pyasync will make at once", n)
	}
	buf := make([]byte, n)
	if _, err := rand.Read(buf); err != nil {
		return nil, oserr.FromErr(err)
	}
	return starlark.Bytes(buf), nil
}
