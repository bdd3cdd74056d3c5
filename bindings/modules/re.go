package modules

import (
	"math"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewRe returns the re module, Python's regular expressions on Go's
// regexp (RE2):
//
//	compile(pattern, flags=0) -> Pattern (see re_pattern.go)
//	search(pattern, string, flags=0)  match(...)  fullmatch(...) -> Match or None
//	findall(pattern, string, flags=0) -> list    finditer(...) -> iterable of Match
//	sub(pattern, repl, string, count=0, flags=0)  subn(...) -> (str, n)
//	split(pattern, string, maxsplit=0, flags=0) -> list
//	escape(pattern)  purge()
//	I IGNORECASE  M MULTILINE  S DOTALL  X VERBOSE  A ASCII  U UNICODE
//	L LOCALE  T TEMPLATE  DEBUG  NOFLAG
//	error: the exception class of a bad pattern
//
// Patterns are Python's syntax; what Go's regexp cannot run
// (backreferences, lookahead and lookbehind, conditionals, atomic groups
// and possessive repeats, a $ in the middle of a pattern) fails at
// compile time with re.error naming the construct and its position. In
// exchange every match takes time linear in the text: no pattern
// backtracks for minutes. Other differences from Python:
//
//   - positions are offsets in the str's bytes, as Starlark indexes it
//     (Python counts characters); the text of a match is the same;
//   - \b and \B know only ASCII letters, digits and _ as word characters;
//   - after an empty match, the next match starts at least one character
//     further on even when Python would take a longer match at the same
//     place (only patterns that prefer an empty match, like a*?, differ);
//   - a bytes pattern also runs on a str (socket data is a str in
//     pyasync), and a str pattern that is not UTF-8 is read byte by byte.
func NewRe() *Lazy {
	return NewLazy("re", func() starlark.StringDict {
		m := starlark.StringDict{
			"compile":   starlark.NewBuiltin("re.compile", reCompile),
			"search":    starlark.NewBuiltin("re.search", onString(findIn(modeSearch))),
			"match":     starlark.NewBuiltin("re.match", onString(findIn(modeMatch))),
			"fullmatch": starlark.NewBuiltin("re.fullmatch", onString(findIn(modeFull))),
			"findall":   starlark.NewBuiltin("re.findall", onString((*Pattern).findall)),
			"finditer":  starlark.NewBuiltin("re.finditer", onString((*Pattern).finditer)),
			"sub":       starlark.NewBuiltin("re.sub", reSub(false)),
			"subn":      starlark.NewBuiltin("re.subn", reSub(true)),
			"split":     starlark.NewBuiltin("re.split", reSplit),
			"escape":    starlark.NewBuiltin("re.escape", reEscape),
			"purge":     starlark.NewBuiltin("re.purge", rePurge),
		}
		for _, f := range []struct {
			names []string
			bit   int
		}{
			{[]string{"I", "IGNORECASE"}, flagIgnoreCase}, {[]string{"M", "MULTILINE"}, flagMultiline},
			{[]string{"S", "DOTALL"}, flagDotAll}, {[]string{"X", "VERBOSE"}, flagVerbose},
			{[]string{"A", "ASCII"}, flagASCII}, {[]string{"U", "UNICODE"}, flagUnicode},
			{[]string{"L", "LOCALE"}, flagLocale}, {[]string{"T", "TEMPLATE"}, flagTemplate},
			{[]string{"DEBUG"}, flagDebug}, {[]string{"NOFLAG"}, 0},
		} {
			for _, n := range f.names {
				m[n] = starlark.MakeInt(f.bit)
			}
		}
		for name, cls := range exceptions.ModuleMembers("re") {
			m[name] = cls
		}
		return m
	})
}

func reCompile(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pattern starlark.Value
	flags := 0
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "pattern", &pattern, "flags?", &flags); err != nil {
		return nil, err
	}
	return compilePattern(b.Name(), pattern, flags)
}

// onString makes a function of (pattern, string, flags=0) that runs f,
// a Pattern's method, over the whole string.
func onString(f rxPosFunc) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var pattern, str starlark.Value
		flags := 0
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "pattern", &pattern, "string", &str, "flags?", &flags); err != nil {
			return nil, err
		}
		p, err := compilePattern(b.Name(), pattern, flags)
		if err != nil {
			return nil, err
		}
		return f(p, b.Name(), str, 0, math.MaxInt)
	}
}

// reSub is sub, or subn when n is set.
func reSub(n bool) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var pattern, repl, str starlark.Value
		count, flags := 0, 0
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "pattern", &pattern, "repl", &repl, "string", &str, "count?", &count, "flags?", &flags); err != nil {
			return nil, err
		}
		p, err := compilePattern(b.Name(), pattern, flags)
		if err != nil {
			return nil, err
		}
		return p.sub(th, b.Name(), repl, str, count, n)
	}
}

func reSplit(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pattern, str starlark.Value
	maxsplit, flags := 0, 0
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "pattern", &pattern, "string", &str, "maxsplit?", &maxsplit, "flags?", &flags); err != nil {
		return nil, err
	}
	p, err := compilePattern(b.Name(), pattern, flags)
	if err != nil {
		return nil, err
	}
	return p.split(b.Name(), str, maxsplit)
}

// escapeChars are what re.escape puts a backslash before.
const escapeChars = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f"

// escape(pattern) puts a backslash before each character that means
// something in a pattern.
func reEscape(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pattern starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "pattern", &pattern); err != nil {
		return nil, err
	}
	var s string
	isBytes := false
	switch v := pattern.(type) {
	case starlark.String:
		s = string(v)
	case starlark.Bytes:
		s, isBytes = string(v), true
	default:
		return nil, pyerr.Errorf("TypeError", "%s: got %s, want str or bytes", b.Name(), pattern.Type())
	}
	var out strings.Builder
	out.Grow(len(s) + len(s)/4)
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(escapeChars, s[i]) >= 0 {
			out.WriteByte('\\')
		}
		out.WriteByte(s[i])
	}
	return rxValue(out.String(), isBytes), nil
}

// purge() empties the cache of compiled patterns.
func rePurge(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	purgeCache()
	return starlark.None, nil
}
