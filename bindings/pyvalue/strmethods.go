package pyvalue

import (
	"go.starlark.net/starlark"
)

// A pyasync str holds bytes (what recv() returned), as Python 2's str
// does, so its case and class methods are those of Python's byte
// strings: upper(), lower(), title(), swapcase() and capitalize() change
// the ASCII letters and leave every other byte as it is (a byte that is
// not valid UTF-8 included); isdigit(), isalpha(), isalnum(), isspace(),
// islower(), isupper() and istitle() look at ASCII only, so that
// isdigit() is true exactly when int() accepts the digits.

// caseMethods are the methods of str that Install replaces by a
// mapping of every byte.
var caseMethods = map[string]func(byte) byte{
	"lower":    toLower,
	"upper":    toUpper,
	"swapcase": swapCase,
}

// strMethods are the other methods of str that Install replaces.
var strMethods = map[string]func(s string) starlark.Value{
	"capitalize": func(s string) starlark.Value { return starlark.String(capitalize(s)) },
	"title":      func(s string) starlark.Value { return starlark.String(title(s)) },
	"isdigit":    func(s string) starlark.Value { return starlark.Bool(all(s, isDigit)) },
	"isalpha":    func(s string) starlark.Value { return starlark.Bool(all(s, isAlpha)) },
	"isalnum":    func(s string) starlark.Value { return starlark.Bool(all(s, isAlnum)) },
	"isspace":    func(s string) starlark.Value { return starlark.Bool(all(s, isSpace)) },
	"islower":    func(s string) starlark.Value { return starlark.Bool(cased(s, isUpper, isLower)) },
	"isupper":    func(s string) starlark.Value { return starlark.Bool(cased(s, isLower, isUpper)) },
	"istitle":    func(s string) starlark.Value { return starlark.Bool(isTitle(s)) },
}

// strMethod makes the built-in method name of str from f.
func strMethod(name string, f func(s string) starlark.Value) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, err
		}
		return f(string(b.Receiver().(starlark.String))), nil
	})
}

// caseMethod makes the built-in method name of str that maps every
// byte by f. A str that f leaves as it is is returned itself, with no
// new string (lower() of a lower-case str), as CPython does.
func caseMethod(name string, f func(byte) byte) *starlark.Builtin {
	var table [256]byte
	for c := range table {
		table[c] = f(byte(c))
	}
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, err
		}
		s := string(b.Receiver().(starlark.String))
		if t, changed := mapBytes(s, &table); changed {
			return starlark.String(t), nil
		}
		return b.Receiver(), nil
	})
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isAlpha(c byte) bool { return isUpper(c) || isLower(c) }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isAlnum(c byte) bool { return isAlpha(c) || isDigit(c) }

// isSpace is Python's bytes.isspace: space, \t, \n, \r, \v, \f.
func isSpace(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }

func toUpper(c byte) byte {
	if isLower(c) {
		return c - 'a' + 'A'
	}
	return c
}

func toLower(c byte) byte {
	if isUpper(c) {
		return c - 'A' + 'a'
	}
	return c
}

func swapCase(c byte) byte {
	if isUpper(c) {
		return toLower(c)
	}
	return toUpper(c)
}

// mapBytes maps every byte of s by table, and reports whether that
// changed any; s itself is returned when it did not.
func mapBytes(s string, table *[256]byte) (string, bool) {
	for i := 0; i < len(s); i++ {
		if table[s[i]] != s[i] {
			b := make([]byte, len(s)) // on the stack when small
			copy(b, s[:i])
			for ; i < len(s); i++ {
				b[i] = table[s[i]]
			}
			return string(b), true
		}
	}
	return s, false
}

// capitalize upper-cases the first byte and lower-cases the rest.
func capitalize(s string) string {
	b := []byte(s)
	for i, c := range b {
		if i == 0 {
			b[i] = toUpper(c)
		} else {
			b[i] = toLower(c)
		}
	}
	return string(b)
}

// title upper-cases each letter that follows a byte that is not a letter
// and lower-cases the others.
func title(s string) string {
	b := []byte(s)
	prevCased := false
	for i, c := range b {
		if prevCased {
			b[i] = toLower(c)
		} else {
			b[i] = toUpper(c)
		}
		prevCased = isAlpha(c)
	}
	return string(b)
}

// all reports whether s is not empty and every byte satisfies f.
func all(s string, f func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !f(s[i]) {
			return false
		}
	}
	return s != ""
}

// cased reports whether s has a byte satisfying want and none
// satisfying not (islower: a lower-case letter and no upper-case one).
func cased(s string, not, want func(byte) bool) bool {
	found := false
	for i := 0; i < len(s); i++ {
		if not(s[i]) {
			return false
		}
		found = found || want(s[i])
	}
	return found
}

// isTitle reports whether s has a letter, every upper-case letter
// follows a byte that is not a letter, and every lower-case one follows
// a letter.
func isTitle(s string) bool {
	prevCased, found := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isUpper(c):
			if prevCased {
				return false
			}
			prevCased, found = true, true
		case isLower(c):
			if !prevCased {
				return false
			}
			prevCased, found = true, true
		default:
			prevCased = false
		}
	}
	return found
}
