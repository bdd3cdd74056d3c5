package modules

import (
	"os"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/oserr"
)

// This file adds os.path.realpath(path, *, strict=False) and
// os.path.islink(path), as CPython 3.11's posixpath has them: a server
// that must keep requests inside a directory resolves the symbolic links
// of a path before it compares the path with the directory.

// osRealpath is os.path.realpath: path with every symbolic link resolved,
// made absolute and normalised. A component that does not exist is kept
// as it is (strict=False) or raises the OSError that lstat() gives
// (strict=True); a loop of links stops the resolution where it started,
// as CPython's does.
func osRealpath(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path string
	strict := false
	if len(args) > 1 {
		return nil, errorf("realpath() takes 1 positional argument but %d were given", len(args))
	}
	if err := starlark.UnpackArgs("realpath", args, kwargs, "filename", &path, "strict?", &strict); err != nil {
		return nil, err
	}
	if err := pathArg("realpath", path); err != nil {
		return nil, err
	}
	p, _, err := joinRealpath("", path, strict, map[string]*string{})
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, oserr.FromErr(err)
	}
	return starlark.String(abs), nil
}

// joinRealpath is CPython's posixpath._joinrealpath: it joins rest to
// path (already resolved), resolving each link it meets. seen maps a link
// to what it resolved to, or to nil while it is being resolved (a loop).
// ok is false when a loop stopped the resolution.
func joinRealpath(path, rest string, strict bool, seen map[string]*string) (string, bool, error) {
	if strings.HasPrefix(rest, "/") {
		rest = rest[1:]
		path = "/"
	}
	for rest != "" {
		var name string
		name, rest, _ = strings.Cut(rest, "/")
		if name == "" || name == "." {
			continue
		}
		if name == ".." {
			// parent dir
			if path != "" {
				path, name = splitPath(path)
				if name == ".." {
					path = joinPath(joinPath(path, ".."), "..")
				}
			} else {
				path = ".."
			}
			continue
		}
		newpath := joinPath(path, name)
		var st unix.Stat_t
		isLink := false
		if err := unix.Lstat(newpath, &st); err != nil {
			if strict {
				return "", false, oserr.FromErr(err)
			}
		} else {
			isLink = st.Mode&unix.S_IFMT == unix.S_IFLNK
		}
		if !isLink {
			path = newpath
			continue
		}
		// resolve the symbolic link
		if resolved, ok := seen[newpath]; ok {
			if resolved != nil {
				// already resolved
				path = *resolved
				continue
			}
			// the link is being resolved: a loop
			if strict {
				return "", false, oserr.New(unix.ELOOP)
			}
			return joinPath(newpath, rest), false, nil
		}
		seen[newpath] = nil // not resolved symlink
		target, err := os.Readlink(newpath)
		if err != nil {
			return "", false, oserr.FromErr(err)
		}
		var ok bool
		path, ok, err = joinRealpath(path, target, strict, seen)
		if err != nil {
			return "", false, err
		}
		if !ok {
			return joinPath(path, rest), false, nil
		}
		resolved := path
		seen[newpath] = &resolved // resolved symlink
	}
	return path, true, nil
}

// joinPath is posixpath.join of two parts.
func joinPath(a, b string) string {
	switch {
	case strings.HasPrefix(b, "/"):
		return b
	case a == "" || strings.HasSuffix(a, "/"):
		return a + b
	}
	return a + "/" + b
}

// splitPath is posixpath.split: the head (without trailing slashes,
// unless it is only slashes) and the last component.
func splitPath(p string) (head, tail string) {
	i := strings.LastIndexByte(p, '/') + 1
	head, tail = p[:i], p[i:]
	if head != "" && strings.Trim(head, "/") != "" {
		head = strings.TrimRight(head, "/")
	}
	return head, tail
}

// osIslink is os.path.islink: whether path names a symbolic link.
func osIslink(p string) starlark.Value {
	var st unix.Stat_t
	return starlark.Bool(unix.Lstat(p, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFLNK)
}
