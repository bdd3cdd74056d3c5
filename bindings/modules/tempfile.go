package modules

import (
	"crypto/rand"
	"os"
	"strings"
	"sync"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/bindings/pyfile"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// NewTempfile makes the tempfile module:
//
//	mkstemp(suffix=None, prefix=None, dir=None, text=False) -> (fd, path)
//	mkdtemp(suffix=None, prefix=None, dir=None) -> path
//	TemporaryFile(mode='w+b', buffering=-1, encoding=None, newline=None,
//	    suffix=None, prefix=None, dir=None, *, errors=None) -> a file object
//	    (open()'s) on a file with no name (O_TMPFILE), its name the descriptor
//	NamedTemporaryFile(mode='w+b', buffering=-1, encoding=None, newline=None,
//	    suffix=None, prefix=None, dir=None, delete=True, *, errors=None) -> a
//	    file object named by its path, removed when closed if delete
//	gettempdir() gettempprefix() template ("tmp")
//
// As Python's: the file is made with O_EXCL and mode 0o600, the
// directory with 0o700, under $TMPDIR, $TEMP, $TMP, /tmp, /var/tmp,
// /usr/tmp or the current directory, whichever first takes a file.
func NewTempfile() *Lazy {
	return NewLazy("tempfile", func() starlark.StringDict {
		return builtins(starlark.StringDict{"template": starlark.String("tmp")}, map[string]builtinFunc{
			"mkstemp":            tempMake,
			"mkdtemp":            tempMake,
			"gettempdir":         tempGettempdir,
			"gettempprefix":      tempGettempprefix,
			"TemporaryFile":      tempFileObject,
			"NamedTemporaryFile": tempFileObject,
		})
	})
}

// tempDirs caches gettempdir's answer for the environment it was found
// in (Python finds it once; a program that changes $TMPDIR later gets the
// new one here).
var tempDirs struct {
	sync.Mutex
	env, dir string
}

// gettempdir finds the temporary directory: the first of $TMPDIR, $TEMP,
// $TMP, /tmp, /var/tmp, /usr/tmp and the current directory that takes a
// file.
func gettempdir() (string, error) {
	var dirs []string
	for _, env := range []string{"TMPDIR", "TEMP", "TMP"} {
		if d := os.Getenv(env); d != "" {
			dirs = append(dirs, d)
		}
	}
	key := strings.Join(dirs, "\x00")
	tempDirs.Lock()
	defer tempDirs.Unlock()
	if tempDirs.dir != "" && tempDirs.env == key {
		return tempDirs.dir, nil
	}
	dirs = append(dirs, "/tmp", "/var/tmp", "/usr/tmp")
	if cwd, err := os.Getwd(); err == nil {
		dirs = append(dirs, cwd)
	}
	for _, d := range dirs {
		d = absPath(d)
		if f, err := makeTemp(d, "tmp", "", false); err == nil {
			unix.Close(f.fd)
			unix.Unlink(f.name)
			tempDirs.env, tempDirs.dir = key, d
			return d, nil
		}
	}
	return "", pyerr.Errorf("FileNotFoundError", "[Errno 2] No usable temporary directory found in %v", dirs)
}

const tempChars = "abcdefghijklmnopqrstuvwxyz0123456789_"

// randomName is 8 characters of tempChars.
func randomName() string {
	b := make([]byte, 8)
	rand.Read(b)
	for i := range b {
		b[i] = tempChars[int(b[i])%len(tempChars)]
	}
	return string(b)
}

type tempFile struct {
	fd   int
	name string
}

// makeTemp makes a file (a directory when dir) named prefix + 8 random
// characters + suffix in parent, trying other names while one exists.
func makeTemp(parent, prefix, suffix string, dir bool) (tempFile, error) {
	var err error
	for i := 0; i < 10000; i++ {
		name := joinPath(parent, prefix+randomName()+suffix)
		if dir {
			err = unix.Mkdir(name, 0o700)
			if err == nil {
				return tempFile{-1, absPath(name)}, nil
			}
		} else {
			var fd int
			fd, err = unix.Open(name, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
			if err == nil {
				return tempFile{fd, absPath(name)}, nil
			}
		}
		if err != unix.EEXIST {
			return tempFile{}, oserr.WithPaths(err, name)
		}
	}
	return tempFile{}, pyerr.Errorf("FileExistsError", "[Errno 17] No usable temporary file name found")
}

// tempMake is mkstemp(suffix=None, prefix=None, dir=None, text=False)
// and mkdtemp(suffix=None, prefix=None, dir=None).
func tempMake(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sv, pv, dv starlark.Value = starlark.None, starlark.None, starlark.None
	text := false
	var err error
	if b.Name() == "mkstemp" {
		err = starlark.UnpackArgs("mkstemp", args, kwargs, "suffix?", &sv, "prefix?", &pv, "dir?", &dv, "text?", &text)
	} else {
		err = starlark.UnpackArgs("mkdtemp", args, kwargs, "suffix?", &sv, "prefix?", &pv, "dir?", &dv)
	}
	if err != nil {
		return nil, err
	}
	suffix, prefix, parent, isBytes, err := tempPlace(sv, pv, dv)
	if err != nil {
		return nil, err
	}
	f, err := makeTemp(parent, prefix, suffix, b.Name() == "mkdtemp")
	if err != nil {
		return nil, err
	}
	if b.Name() == "mkdtemp" {
		return asPath(f.name, isBytes), nil
	}
	return starlark.Tuple{starlark.MakeInt(f.fd), asPath(f.name, isBytes)}, nil
}

// tempPlace reads the suffix, prefix and dir arguments of tempfile's
// functions (None for "", "tmp" and gettempdir()); isBytes when one of
// them is bytes, and the name made is then bytes too.
func tempPlace(sv, pv, dv starlark.Value) (suffix, prefix, parent string, isBytes bool, err error) {
	part := func(v starlark.Value, def string) (string, error) {
		if v == starlark.None {
			return def, nil
		}
		s, bytes, err := pathText(v)
		if err != nil {
			return "", pyerr.Errorf("TypeError", "can only concatenate str (not \"%s\") to str", pyType(v))
		}
		isBytes = isBytes || bytes
		return s, nil
	}
	if suffix, err = part(sv, ""); err != nil {
		return
	}
	if prefix, err = part(pv, "tmp"); err != nil {
		return
	}
	if dv == starlark.None {
		parent, err = gettempdir()
	} else {
		parent, err = part(dv, "")
	}
	return
}

func tempGettempdir(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("gettempdir", args, kwargs, 0); err != nil {
		return nil, err
	}
	d, err := gettempdir()
	if err != nil {
		return nil, err
	}
	return starlark.String(d), nil
}

func tempGettempprefix(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("gettempprefix", args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.String("tmp"), nil
}

// tempFileObject is TemporaryFile(mode='w+b', buffering=-1,
// encoding=None, newline=None, suffix=None, prefix=None, dir=None, *,
// errors=None) and NamedTemporaryFile(..., dir=None, delete=True, *,
// errors=None): a file object (open()'s) on a new file made as mkstemp
// makes it. TemporaryFile's has no name in the file system (O_TMPFILE,
// or removed at once where that is refused); its name is its
// descriptor, as on Python's Linux.
func tempFileObject(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	mode := "w+b"
	var buffering int = -1
	var encoding, newline, errs starlark.Value = starlark.None, starlark.None, starlark.None
	var sv, pv, dv starlark.Value = starlark.None, starlark.None, starlark.None
	named, del := b.Name() == "NamedTemporaryFile", true
	var err error
	if named {
		err = starlark.UnpackArgs(b.Name(), args, kwargs, "mode?", &mode, "buffering?", &buffering, "encoding?", &encoding,
			"newline?", &newline, "suffix?", &sv, "prefix?", &pv, "dir?", &dv, "delete?", &del, "errors?", &errs)
	} else {
		err = starlark.UnpackArgs(b.Name(), args, kwargs, "mode?", &mode, "buffering?", &buffering, "encoding?", &encoding,
			"newline?", &newline, "suffix?", &sv, "prefix?", &pv, "dir?", &dv, "errors?", &errs)
	}
	if err != nil {
		return nil, err
	}
	suffix, prefix, parent, isBytes, err := tempPlace(sv, pv, dv)
	if err != nil {
		return nil, err
	}
	create := func() (int, string, error) {
		if !named {
			fd, err := unix.Open(parent, unix.O_RDWR|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC|unix.O_TMPFILE, 0o600)
			if err == nil {
				return fd, "", nil
			}
			// as Python's, any failure falls back to a file made and removed
		}
		f, err := makeTemp(parent, prefix, suffix, false)
		if err != nil {
			return -1, "", err
		}
		if !named {
			unix.Unlink(f.name)
			return f.fd, "", nil
		}
		return f.fd, f.name, nil
	}
	name := func(fd int, path string) starlark.Value {
		if !named {
			return starlark.MakeInt(fd)
		}
		return asPath(path, isBytes)
	}
	return pyfile.NewTemp(th, mode, newline, create, name, named && del)
}
