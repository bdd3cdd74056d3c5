package modules

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewStat makes the stat module, Python's names for the fields of
// os.stat()'s result and the bits of st_mode:
//
//	ST_MODE ST_INO ST_DEV ST_NLINK ST_UID ST_GID ST_SIZE ST_ATIME ST_MTIME ST_CTIME
//	S_ISDIR(mode) S_ISREG S_ISLNK S_ISCHR S_ISBLK S_ISFIFO S_ISSOCK
//	    S_ISDOOR S_ISPORT S_ISWHT (always False on Linux)
//	S_IMODE(mode) S_IFMT(mode) filemode(mode) ("-rw-r--r--")
//	S_IFDIR S_IFREG S_IFLNK S_IFCHR S_IFBLK S_IFIFO S_IFSOCK
//	S_ISUID S_ISGID S_ISVTX S_IRWXU S_IRUSR S_IWUSR S_IXUSR S_IRWXG ...
//	S_IREAD S_IWRITE S_IEXEC S_ENFMT UF_* SF_* FILE_ATTRIBUTE_*
func NewStat() *Lazy { return NewLazy("stat", statMembers) }

// The file types of st_mode.
const (
	sIFMT   = 0o170000
	sIFSOCK = 0o140000
	sIFLNK  = 0o120000
	sIFREG  = 0o100000
	sIFBLK  = 0o060000
	sIFDIR  = 0o040000
	sIFCHR  = 0o020000
	sIFIFO  = 0o010000
)

var statConstants = []struct {
	name  string
	value int
}{
	{"ST_MODE", 0}, {"ST_INO", 1}, {"ST_DEV", 2}, {"ST_NLINK", 3}, {"ST_UID", 4},
	{"ST_GID", 5}, {"ST_SIZE", 6}, {"ST_ATIME", 7}, {"ST_MTIME", 8}, {"ST_CTIME", 9},
	{"S_IFDIR", sIFDIR}, {"S_IFCHR", sIFCHR}, {"S_IFBLK", sIFBLK}, {"S_IFREG", sIFREG},
	{"S_IFIFO", sIFIFO}, {"S_IFLNK", sIFLNK}, {"S_IFSOCK", sIFSOCK},
	{"S_IFDOOR", 0}, {"S_IFPORT", 0}, {"S_IFWHT", 0},
	{"S_ISUID", 0o4000}, {"S_ISGID", 0o2000}, {"S_ENFMT", 0o2000}, {"S_ISVTX", 0o1000},
	{"S_IREAD", 0o400}, {"S_IWRITE", 0o200}, {"S_IEXEC", 0o100},
	{"S_IRWXU", 0o700}, {"S_IRUSR", 0o400}, {"S_IWUSR", 0o200}, {"S_IXUSR", 0o100},
	{"S_IRWXG", 0o070}, {"S_IRGRP", 0o040}, {"S_IWGRP", 0o020}, {"S_IXGRP", 0o010},
	{"S_IRWXO", 0o007}, {"S_IROTH", 0o004}, {"S_IWOTH", 0o002}, {"S_IXOTH", 0o001},
	{"UF_NODUMP", 1}, {"UF_IMMUTABLE", 2}, {"UF_APPEND", 4}, {"UF_OPAQUE", 8},
	{"UF_NOUNLINK", 16}, {"UF_COMPRESSED", 32}, {"UF_HIDDEN", 32768},
	{"SF_ARCHIVED", 65536}, {"SF_IMMUTABLE", 131072}, {"SF_APPEND", 262144},
	{"SF_NOUNLINK", 1048576}, {"SF_SNAPSHOT", 2097152},
	{"FILE_ATTRIBUTE_READONLY", 1}, {"FILE_ATTRIBUTE_HIDDEN", 2}, {"FILE_ATTRIBUTE_SYSTEM", 4},
	{"FILE_ATTRIBUTE_DIRECTORY", 16}, {"FILE_ATTRIBUTE_ARCHIVE", 32}, {"FILE_ATTRIBUTE_DEVICE", 64},
	{"FILE_ATTRIBUTE_NORMAL", 128}, {"FILE_ATTRIBUTE_TEMPORARY", 256}, {"FILE_ATTRIBUTE_SPARSE_FILE", 512},
	{"FILE_ATTRIBUTE_REPARSE_POINT", 1024}, {"FILE_ATTRIBUTE_COMPRESSED", 2048},
	{"FILE_ATTRIBUTE_OFFLINE", 4096}, {"FILE_ATTRIBUTE_NOT_CONTENT_INDEXED", 8192},
	{"FILE_ATTRIBUTE_ENCRYPTED", 16384}, {"FILE_ATTRIBUTE_INTEGRITY_STREAM", 32768},
	{"FILE_ATTRIBUTE_VIRTUAL", 65536}, {"FILE_ATTRIBUTE_NO_SCRUB_DATA", 131072},
}

// statTests are the S_IS* functions: the file type each one tests for
// (0: a type Linux does not have).
var statTests = []struct {
	name string
	typ  uint32
}{
	{"S_ISDIR", sIFDIR}, {"S_ISCHR", sIFCHR}, {"S_ISBLK", sIFBLK}, {"S_ISREG", sIFREG},
	{"S_ISFIFO", sIFIFO}, {"S_ISLNK", sIFLNK}, {"S_ISSOCK", sIFSOCK},
	{"S_ISDOOR", 0}, {"S_ISPORT", 0}, {"S_ISWHT", 0},
}

func statMembers() starlark.StringDict {
	m := starlark.StringDict{
		"S_IMODE":  modeFunc("S_IMODE", func(mode uint32) starlark.Value { return starlark.MakeInt(int(mode & 0o7777)) }),
		"S_IFMT":   modeFunc("S_IFMT", func(mode uint32) starlark.Value { return starlark.MakeInt(int(mode & sIFMT)) }),
		"filemode": modeFunc("filemode", func(mode uint32) starlark.Value { return starlark.String(filemode(mode)) }),
	}
	for _, c := range statConstants {
		m[c.name] = starlark.MakeInt(c.value)
	}
	for _, t := range statTests {
		typ := t.typ
		m[t.name] = modeFunc(t.name, func(mode uint32) starlark.Value { return starlark.Bool(typ != 0 && mode&sIFMT == typ) })
	}
	return m
}

// modeFunc is a function of one mode_t, refusing what C's _stat does.
func modeFunc(name string, fn func(mode uint32) starlark.Value) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &v); err != nil {
			return nil, err
		}
		mode, err := modeArg(v)
		if err != nil {
			return nil, err
		}
		return fn(mode), nil
	})
}

// modeArg is v as a mode_t.
func modeArg(v starlark.Value) (uint32, error) {
	var n int64
	switch x := v.(type) {
	case starlark.Int:
		var ok bool
		if n, ok = x.Int64(); !ok {
			if x.Sign() < 0 {
				return 0, pyerr.Errorf("OverflowError", "can't convert negative value to unsigned int")
			}
			return 0, pyerr.Errorf("OverflowError", "Python int too large to convert to C unsigned long")
		}
	case starlark.Bool:
		if x {
			n = 1
		}
	default:
		return 0, pyerr.Errorf("TypeError", "an integer is required")
	}
	if n < 0 {
		return 0, pyerr.Errorf("OverflowError", "can't convert negative value to unsigned int")
	}
	if n > 1<<32-1 {
		return 0, pyerr.Errorf("OverflowError", "mode out of range")
	}
	return uint32(n), nil
}

// filemode is ls -l's text for mode: "-rwxr-xr-x", "drwxrwxrwt".
func filemode(mode uint32) string {
	b := []byte("?---------")
	for _, t := range []struct {
		typ uint32
		c   byte
	}{{sIFLNK, 'l'}, {sIFSOCK, 's'}, {sIFREG, '-'}, {sIFBLK, 'b'}, {sIFDIR, 'd'}, {sIFCHR, 'c'}, {sIFIFO, 'p'}} {
		if mode&sIFMT == t.typ {
			b[0] = t.c
		}
	}
	for i, who := range []struct {
		special uint32
		set     byte // execute and special
		only    byte // special without execute
	}{{0o4000, 's', 'S'}, {0o2000, 's', 'S'}, {0o1000, 't', 'T'}} {
		shift := uint(3 * (2 - i))
		if mode&(4<<shift) != 0 {
			b[1+3*i] = 'r'
		}
		if mode&(2<<shift) != 0 {
			b[2+3*i] = 'w'
		}
		x, s := mode&(1<<shift) != 0, mode&who.special != 0
		switch {
		case x && s:
			b[3+3*i] = who.set
		case s:
			b[3+3*i] = who.only
		case x:
			b[3+3*i] = 'x'
		}
	}
	return string(b)
}
