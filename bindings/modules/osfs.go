package modules

import (
	"math"
	"os"
	"sort"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// This file is the file-system part of os, with Python's signatures and
// errors (an OSError subclass naming the path: "FileNotFoundError:
// [Errno 2] No such file or directory: 'x'"):
//
//	stat(path, *, dir_fd=None, follow_symlinks=True) lstat(path) fstat(fd)
//	    -> os.stat_result, a 10-tuple (st[stat.ST_SIZE]) with attributes
//	    (st.st_size, st.st_mtime as a float, st_mtime_ns, st_blocks...)
//	listdir(path=".") mkdir(path, mode=0o777) makedirs(name, mode=0o777, exist_ok=False)
//	rmdir(path) remove(path) unlink(path) rename(src, dst) replace(src, dst)
//	getcwd() chdir(path) access(path, mode) umask(mask) chmod(path, mode)
//	readlink(path) symlink(src, dst) utime(path, times=None, *, ns=None)
//	F_OK R_OK W_OK X_OK

var osFSFuncs = map[string]builtinFunc{
	"stat":     osStat,
	"lstat":    osStat,
	"fstat":    osFstat,
	"listdir":  osListdir,
	"mkdir":    osMkdir,
	"makedirs": osMakedirs,
	"rmdir":    pathCall(unix.Rmdir),
	"remove":   pathCall(unix.Unlink),
	"unlink":   pathCall(unix.Unlink),
	"rename":   twoPathCall(unix.Rename),
	"replace":  twoPathCall(unix.Rename),
	"symlink":  twoPathCall(unix.Symlink),
	"getcwd":   osGetcwd,
	"chdir":    pathCall(unix.Chdir),
	"access":   osAccess,
	"umask":    osUmask,
	"chmod":    osChmod,
	"readlink": osReadlink,
	"utime":    osUtime,
}

var osFSConstants = map[string]int{"F_OK": unix.F_OK, "R_OK": unix.R_OK, "W_OK": unix.W_OK, "X_OK": unix.X_OK}

// statResult is os.stat_result for st.
func statResult(st *unix.Stat_t) *structSeq {
	ts := func(t unix.Timespec) (starlark.Value, starlark.Value, starlark.Value) {
		return starlark.MakeInt64(t.Sec),
			starlark.Float(float64(t.Sec) + float64(t.Nsec)*1e-9),
			starlark.MakeInt64(t.Sec).Mul(starlark.MakeInt(1e9)).Add(starlark.MakeInt64(t.Nsec))
	}
	ai, af, ans := ts(st.Atim)
	mi, mf, mns := ts(st.Mtim)
	ci, cf, cns := ts(st.Ctim)
	return &structSeq{
		typ:   "os.stat_result",
		names: []string{"st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size", "st_atime", "st_mtime", "st_ctime"},
		items: starlark.Tuple{
			starlark.MakeInt(int(st.Mode)), starlark.MakeUint64(st.Ino), starlark.MakeUint64(st.Dev),
			starlark.MakeUint64(uint64(st.Nlink)), starlark.MakeInt(int(st.Uid)), starlark.MakeInt(int(st.Gid)),
			starlark.MakeInt64(st.Size), ai, mi, ci,
		},
		extra: starlark.StringDict{
			"st_atime": af, "st_mtime": mf, "st_ctime": cf,
			"st_atime_ns": ans, "st_mtime_ns": mns, "st_ctime_ns": cns,
			"st_blksize": starlark.MakeInt64(int64(st.Blksize)), "st_blocks": starlark.MakeInt64(st.Blocks),
			"st_rdev": starlark.MakeUint64(st.Rdev),
		},
	}
}

// osStat is stat(path, *, dir_fd=None, follow_symlinks=True), and
// lstat(path, *, dir_fd=None), which does not follow a final symlink.
// stat also takes an open descriptor, as fstat.
func osStat(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	name := b.Name()
	var p starlark.Value
	var dirFD starlark.Value = starlark.None
	follow := name == "stat"
	if name == "stat" {
		if err := starlark.UnpackArgs(name, args, kwargs, "path", &p, "dir_fd?", &dirFD, "follow_symlinks?", &follow); err != nil {
			return nil, err
		}
		if _, ok := p.(starlark.Int); ok {
			return fstat(p)
		}
	} else if err := starlark.UnpackArgs(name, args, kwargs, "path", &p, "dir_fd?", &dirFD); err != nil {
		return nil, err
	}
	what := pathTypes
	if name == "stat" {
		what = pathOrFD
	}
	path, err := fsPath(name, "path", what, p)
	if err != nil {
		return nil, err
	}
	if dirFD != starlark.None {
		return nil, pyerr.Errorf("NotImplementedError", "%s: dir_fd unavailable on this platform", name)
	}
	var st unix.Stat_t
	if follow {
		err = unix.Stat(path, &st)
	} else {
		err = unix.Lstat(path, &st)
	}
	if err != nil {
		return nil, oserr.WithPaths(err, path)
	}
	return statResult(&st), nil
}

func osFstat(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fd starlark.Value
	if err := starlark.UnpackArgs("fstat", args, kwargs, "fd", &fd); err != nil {
		return nil, err
	}
	return fstat(fd)
}

func fstat(v starlark.Value) (starlark.Value, error) {
	fd, err := intArg(v)
	if err != nil {
		return nil, err
	}
	var st unix.Stat_t
	if fd < 0 {
		return nil, oserr.New(unix.EBADF)
	}
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, oserr.FromErr(err)
	}
	return statResult(&st), nil
}

// osListdir is listdir(path="."): the names in the directory, sorted
// (Python's are in the directory's order, which no program can rely
// on); bytes names for a bytes path.
func osListdir(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p starlark.Value = starlark.None
	if err := starlark.UnpackArgs("listdir", args, kwargs, "path?", &p); err != nil {
		return nil, err
	}
	path := "."
	if p != starlark.None {
		var err error
		if path, err = fsPath("listdir", "path", pathFDOrNil, p); err != nil {
			return nil, err
		}
	}
	ents, err := os.ReadDir(path)
	if err != nil {
		return nil, oserr.WithPaths(err, path)
	}
	names := make([]string, len(ents))
	for i, e := range ents {
		names[i] = e.Name()
	}
	sort.Strings(names)
	_, asBytes := p.(starlark.Bytes)
	out := make([]starlark.Value, len(names))
	for i, n := range names {
		if asBytes {
			out[i] = starlark.Bytes(n)
		} else {
			out[i] = starlark.String(n)
		}
	}
	return starlark.NewList(out), nil
}

func osGetcwd(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("getcwd", args, kwargs, 0); err != nil {
		return nil, err
	}
	d, err := os.Getwd()
	if err != nil {
		return nil, oserr.FromErr(err)
	}
	return starlark.String(d), nil
}

// pathCall is fn(path): a system call on one path.
func pathCall(call func(string) error) builtinFunc {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		fn := b.Name()
		var p starlark.Value
		var dirFD starlark.Value = starlark.None
		if err := starlark.UnpackArgs(fn, args, kwargs, "path", &p, "dir_fd?", &dirFD); err != nil {
			return nil, err
		}
		what := pathTypes
		if fn == "chdir" {
			what = pathOrFD
		}
		path, err := fsPath(fn, "path", what, p)
		if err != nil {
			return nil, err
		}
		if err := call(path); err != nil {
			return nil, oserr.WithPaths(err, path)
		}
		return starlark.None, nil
	}
}

// twoPathCall is fn(src, dst): a system call on two paths.
func twoPathCall(call func(string, string) error) builtinFunc {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		fn := b.Name()
		var s, d starlark.Value
		if err := starlark.UnpackArgs(fn, args, kwargs, "src", &s, "dst", &d); err != nil {
			return nil, err
		}
		src, err := fsPath(fn, "src", pathTypes, s)
		if err != nil {
			return nil, err
		}
		dst, err := fsPath(fn, "dst", pathTypes, d)
		if err != nil {
			return nil, err
		}
		if err := call(src, dst); err != nil {
			return nil, oserr.WithPaths(err, src, dst)
		}
		return starlark.None, nil
	}
}

func osMkdir(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p starlark.Value
	var mode starlark.Value = starlark.MakeInt(0o777)
	var dirFD starlark.Value = starlark.None
	if err := starlark.UnpackArgs("mkdir", args, kwargs, "path", &p, "mode?", &mode, "dir_fd?", &dirFD); err != nil {
		return nil, err
	}
	path, err := fsPath("mkdir", "path", pathTypes, p)
	if err != nil {
		return nil, err
	}
	m, err := intArg(mode)
	if err != nil {
		return nil, err
	}
	if err := unix.Mkdir(path, uint32(m)); err != nil {
		return nil, oserr.WithPaths(err, path)
	}
	return starlark.None, nil
}

// osMakedirs is makedirs(name, mode=0o777, exist_ok=False): mkdir with
// every missing parent, as Python's (which names the first directory it
// could not make).
func osMakedirs(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p starlark.Value
	var mode starlark.Value = starlark.MakeInt(0o777)
	existOK := false
	if err := starlark.UnpackArgs("makedirs", args, kwargs, "name", &p, "mode?", &mode, "exist_ok?", &existOK); err != nil {
		return nil, err
	}
	name, err := fsPath("mkdir", "path", pathTypes, p)
	if err != nil {
		return nil, err
	}
	m, err := intArg(mode)
	if err != nil {
		return nil, err
	}
	return starlark.None, makedirs(name, uint32(m), existOK)
}

// makedirs follows os.makedirs: make the head first, with mode 0o777 (a
// head that exists, or that another process makes meanwhile, is fine),
// then name.
func makedirs(name string, mode uint32, existOK bool) error {
	head, tail := splitPath(name)
	if tail == "" {
		head, tail = splitPath(head)
	}
	if head != "" && tail != "" && !exists(head) {
		if err := makedirs(head, 0o777, existOK); err != nil && !isErrno(err, unix.EEXIST) {
			return err
		}
		if tail == "." {
			return nil
		}
	}
	if err := unix.Mkdir(name, mode); err != nil {
		if existOK && isDir(name) {
			return nil
		}
		return oserr.WithPaths(err, name)
	}
	return nil
}

func isErrno(err error, errno unix.Errno) bool {
	e, ok := err.(*oserr.Error)
	return ok && e.Errno == errno
}

// osAccess is access(path, mode, *, dir_fd=None, effective_ids=False,
// follow_symlinks=True): whether the real user may use path so.
func osAccess(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p, mode starlark.Value
	var dirFD starlark.Value = starlark.None
	effective, follow := false, true
	if err := starlark.UnpackArgs("access", args, kwargs, "path", &p, "mode", &mode, "dir_fd?", &dirFD, "effective_ids?", &effective, "follow_symlinks?", &follow); err != nil {
		return nil, err
	}
	path, err := fsPath("access", "path", pathTypes, p)
	if err != nil {
		return nil, err
	}
	m, err := intArg(mode)
	if err != nil {
		return nil, err
	}
	return starlark.Bool(unix.Access(path, uint32(m)) == nil), nil
}

func osUmask(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var mask starlark.Value
	if err := starlark.UnpackPositionalArgs("umask", args, kwargs, 1, &mask); err != nil {
		return nil, err
	}
	m, err := intArg(mask)
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt(unix.Umask(m)), nil
}

func osChmod(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p, mode starlark.Value
	var dirFD starlark.Value = starlark.None
	follow := true
	if err := starlark.UnpackArgs("chmod", args, kwargs, "path", &p, "mode", &mode, "dir_fd?", &dirFD, "follow_symlinks?", &follow); err != nil {
		return nil, err
	}
	path, err := fsPath("chmod", "path", pathOrFD, p)
	if err != nil {
		return nil, err
	}
	m, err := intArg(mode)
	if err != nil {
		return nil, err
	}
	if err := unix.Chmod(path, uint32(m)); err != nil {
		return nil, oserr.WithPaths(err, path)
	}
	return starlark.None, nil
}

func osReadlink(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p starlark.Value
	var dirFD starlark.Value = starlark.None
	if err := starlark.UnpackArgs("readlink", args, kwargs, "path", &p, "dir_fd?", &dirFD); err != nil {
		return nil, err
	}
	path, err := fsPath("readlink", "path", pathTypes, p)
	if err != nil {
		return nil, err
	}
	target, err := os.Readlink(path)
	if err != nil {
		return nil, oserr.WithPaths(err, path)
	}
	if _, ok := p.(starlark.Bytes); ok {
		return starlark.Bytes(target), nil
	}
	return starlark.String(target), nil
}

// osUtime is os.utime(path, times=None, *, ns=None, dir_fd=None,
// follow_symlinks=True): sets a file's access and modification times,
// (atime, mtime) in seconds, or ns=(atime_ns, mtime_ns), or now.
func osUtime(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var p starlark.Value
	var times, ns, dirFD starlark.Value = starlark.None, starlark.None, starlark.None
	follow := true
	if err := starlark.UnpackArgs("utime", args, kwargs, "path", &p, "times?", &times, "ns?", &ns, "dir_fd?", &dirFD, "follow_symlinks?", &follow); err != nil {
		return nil, err
	}
	path, err := fsPath("utime", "path", pathOrFD, p)
	if err != nil {
		return nil, err
	}
	pair := func(v starlark.Value, what string) (starlark.Tuple, error) {
		t, ok := v.(starlark.Tuple)
		if !ok || len(t) != 2 {
			if what == "ns" {
				return nil, pyerr.Errorf("TypeError", "utime: 'ns' must be a tuple of two ints")
			}
			return nil, pyerr.Errorf("TypeError", "utime: 'times' must be either a tuple of two ints or None")
		}
		return t, nil
	}
	var ts []unix.Timespec
	switch {
	case times != starlark.None && ns != starlark.None:
		return nil, pyerr.Errorf("ValueError", "utime: you may specify either 'times' or 'ns' but not both")
	case times != starlark.None:
		t, err := pair(times, "times")
		if err != nil {
			return nil, err
		}
		for _, v := range t {
			f, ok := starlark.AsFloat(v)
			if !ok {
				return nil, pyerr.Errorf("TypeError", "'%s' object cannot be interpreted as an integer", pyType(v))
			}
			sec := math.Floor(f)
			ts = append(ts, unix.Timespec{Sec: int64(sec), Nsec: int64(math.Round((f - sec) * 1e9))})
		}
	case ns != starlark.None:
		t, err := pair(ns, "ns")
		if err != nil {
			return nil, err
		}
		for _, v := range t {
			n, err := intArg(v)
			if err != nil {
				return nil, err
			}
			ts = append(ts, unix.NsecToTimespec(int64(n)))
		}
	}
	if ts == nil {
		ts = []unix.Timespec{{Nsec: unix.UTIME_NOW}, {Nsec: unix.UTIME_NOW}}
	}
	flags := 0
	if !follow {
		flags = unix.AT_SYMLINK_NOFOLLOW
	}
	if err := unix.UtimesNanoAt(unix.AT_FDCWD, path, ts, flags); err != nil {
		return nil, oserr.FromErr(err) // CPython's utime names no path
	}
	return starlark.None, nil
}
