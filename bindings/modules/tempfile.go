package modules

import (
	"crypto/rand"
	"os"
	"strings"
	"sync"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// NewTempfile makes the tempfile module's functions that work with
// names and descriptors (TemporaryFile and NamedTemporaryFile need file
// objects, which pyasync's open() does not make):
//
//	mkstemp(suffix=None, prefix=None, dir=None, text=False) -> (fd, path)
//	mkdtemp(suffix=None, prefix=None, dir=None) -> path
//	gettempdir() gettempprefix() template ("tmp")
//
// As Python's: the file is made with O_EXCL and mode 0o600, the
// directory with 0o700, under $TMPDIR, $TEMP, $TMP, /tmp, /var/tmp,
// /usr/tmp or the current directory, whichever first takes a file.
func NewTempfile() *Lazy {
	return NewLazy("tempfile", func() starlark.StringDict {
		return builtins(starlark.StringDict{"template": starlark.String("tmp")}, map[string]builtinFunc{
			"mkstemp":       tempMake,
			"mkdtemp":       tempMake,
			"gettempdir":    tempGettempdir,
			"gettempprefix": tempGettempprefix,
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
	isBytes := false
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
	suffix, err := part(sv, "")
	if err != nil {
		return nil, err
	}
	prefix, err := part(pv, "tmp")
	if err != nil {
		return nil, err
	}
	var parent string
	if dv == starlark.None {
		if parent, err = gettempdir(); err != nil {
			return nil, err
		}
	} else if parent, err = part(dv, ""); err != nil {
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
