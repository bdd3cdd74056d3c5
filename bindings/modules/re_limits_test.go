package modules

import (
	"errors"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// These tests pin what pyasync's re does where it differs from CPython's
// on purpose (re_cases.json holds where they agree).

// reCall calls the re module's function fn with args.
func reCall(t *testing.T, fn string, args ...starlark.Value) (starlark.Value, error) {
	t.Helper()
	f, _ := NewRe().Attr(fn)
	return starlark.Call(&starlark.Thread{}, f, args, nil)
}

func mustRe(t *testing.T, fn string, args ...starlark.Value) starlark.Value {
	t.Helper()
	v, err := reCall(t, fn, args...)
	if err != nil {
		t.Fatalf("re.%s%v: %v", fn, starlark.Tuple(args), err)
	}
	return v
}

func TestReRefusesWhatRE2CannotRun(t *testing.T) {
	for _, c := range []struct{ pattern, want string }{
		{`(a)bc\1`, `re.compile: backreference \1 at position 5 is not supported (Go's regexp, RE2, has no backreferences)`},
		{`(?P<q>['"]).*?(?P=q)`, `re.compile: backreference (?P=q) at position 14 is not supported`},
		{`foo(?=bar)`, `re.compile: lookahead (?=...) at position 3 is not supported (Go's regexp, RE2, has no lookaround)`},
		{`foo(?!bar)`, `negative lookahead (?!...) at position 3`},
		{`(?<=\$)\d+`, `lookbehind (?<=...) at position 0`},
		{`(?<!-)\d+`, `negative lookbehind (?<!...) at position 0`},
		{`(<)?a(?(1)>)`, `conditional group (?(...)...) at position 5`},
		{`(?>a+)b`, `atomic group (?>...) at position 0`},
		{`a++b`, `possessive repeat ++ at position 1`},
		{`a{2,3}+`, `possessive repeat {2,3}+ at position 1`},
		{`a{1001}`, `repeat count 1001 at position 1 is not supported (Go's regexp, RE2, counts at most 1000)`},
		{`a$b`, `$ followed by more of the pattern at position 1 is not supported`},
		{`x\N{EM DASH}`, `named character \N{EM DASH} at position 1 is not supported`},
		// a syntax error after a construct Go cannot run is Python's error
		{`(?=a)(`, `missing ), unterminated subpattern at position 5`},
		{`(a)\2`, `invalid group reference 2 at position 4`},
	} {
		_, err := reCall(t, "compile", starlark.String(c.pattern))
		var pe *pyerr.Error
		if !errors.As(err, &pe) || pe.Type != "re.error" || !strings.Contains(pe.Msg, c.want) {
			t.Errorf("re.compile(%q): got %v, want re.error containing %q", c.pattern, err, c.want)
		}
	}
	// the function named is the one called
	_, err := reCall(t, "search", starlark.String(`(a)\1`), starlark.String("aa"))
	if err == nil || !strings.Contains(err.Error(), "re.search: backreference") {
		t.Errorf("re.search: got %v, want it named", err)
	}
}

// TestReCatastrophicPatternsRunInLinearTime runs patterns on which a
// backtracking engine, CPython's included, takes exponential time: with
// these subjects CPython's re would run for minutes (far longer, in
// truth); Go's regexp answers in linear time.
func TestReCatastrophicPatternsRunInLinearTime(t *testing.T) {
	as := strings.Repeat("a", 5000)
	for _, c := range []struct {
		fn, pattern, subject string
		want                 string
	}{
		{"search", `(a+)+$`, as + "b", "None"},
		{"match", `(x+x+)+y`, strings.Repeat("x", 5000), "None"},
		{"match", `^(\w+\s?)*$`, strings.Repeat("word ", 2000) + "!", "None"},
		{"search", `(a|aa)+$`, as, "<re.Match object; span=(0, 5000), match='aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa>"},
		{"fullmatch", `(a*)*b`, as, "None"},
	} {
		got := mustRe(t, c.fn, starlark.String(c.pattern), starlark.String(c.subject))
		if got.String() != c.want {
			t.Errorf("re.%s(%q, ...) = %s, want %s", c.fn, c.pattern, got, c.want)
		}
	}
}

// TestReEmptyMatchThenAdvance: after an empty match the next one starts a
// character further on. Python first tries a longer match at the same
// place, which only differs for patterns that prefer the empty match:
// CPython gives ["", "a", "", "a", ""] here.
func TestReEmptyMatchThenAdvance(t *testing.T) {
	got := mustRe(t, "findall", starlark.String(`a??`), starlark.String("aa"))
	if got.String() != `["", "", ""]` {
		t.Errorf(`re.findall("a??", "aa") = %s, want ["", "", ""]`, got)
	}
}

// TestReWordBoundariesAreASCII: \b knows only ASCII word characters, so
// "é" at the start of a str is not after a boundary (CPython finds it
// there), and the é after "a" is.
func TestReWordBoundariesAreASCII(t *testing.T) {
	got := mustRe(t, "search", starlark.String(`\bé`), starlark.String("é aé"))
	if got.String() != "<re.Match object; span=(4, 6), match='é'>" {
		t.Errorf(`re.search("\\bé", "é aé") = %s`, got)
	}
}

// TestReBytesPatternRunsOnStr: socket data is a str in pyasync, so a
// bytes pattern (Python 3's idiom for it) runs on a str, byte by byte,
// and gives str results; on bytes it gives bytes.
func TestReBytesPatternRunsOnStr(t *testing.T) {
	data := starlark.String("\xff\x01a\xff\xfb")
	got := mustRe(t, "findall", starlark.Bytes(`\xff(.)`), data)
	if want := starlark.NewList([]starlark.Value{starlark.String("\x01"), starlark.String("\xfb")}); got.String() != want.String() {
		t.Errorf("findall on str = %s, want %s", got, want)
	}
	got = mustRe(t, "sub", starlark.Bytes(`\xff.`), starlark.Bytes("-"), data)
	if got != starlark.String("-a-") {
		t.Errorf("sub on str = %#v, want str \"-a-\"", got)
	}
	got = mustRe(t, "sub", starlark.Bytes(`\xff.`), starlark.Bytes("-"), starlark.Bytes(data))
	if got != starlark.Bytes("-a-") {
		t.Errorf("sub on bytes = %#v, want bytes", got)
	}
	m := mustRe(t, "search", starlark.Bytes(`a(\xff)`), data).(*Match)
	if m.spans[0] != 2 || m.spans[3] != 4 {
		t.Errorf("spans = %v, want byte offsets 2..4", m.spans)
	}
	// a str pattern on bytes stays an error, as in Python
	if _, err := reCall(t, "search", starlark.String("a"), starlark.Bytes("a")); err == nil || !strings.Contains(err.Error(), "cannot use a string pattern on a bytes-like object") {
		t.Errorf("str pattern on bytes: %v", err)
	}
}

// TestReKeepsBytesThatAreNotUTF8: a str's bytes that are not UTF-8 are
// matched as one character each and never changed.
func TestReKeepsBytesThatAreNotUTF8(t *testing.T) {
	s := starlark.String("a\xffb\xfe")
	if got := mustRe(t, "sub", starlark.String("b"), starlark.String("X"), s); got != starlark.String("a\xffX\xfe") {
		t.Errorf("sub = %q", got)
	}
	got := mustRe(t, "findall", starlark.String("."), s)
	want := starlark.NewList([]starlark.Value{starlark.String("a"), starlark.String("\xff"), starlark.String("b"), starlark.String("\xfe")})
	if got.String() != want.String() {
		t.Errorf("findall = %s, want %s", got, want)
	}
	// a str pattern that is not UTF-8 reads the subject byte by byte
	got = mustRe(t, "findall", starlark.String("\xff(.)"), starlark.String("\xff\xe9\xff\x01"))
	want = starlark.NewList([]starlark.Value{starlark.String("\xe9"), starlark.String("\x01")})
	if got.String() != want.String() {
		t.Errorf("non-UTF-8 pattern: findall = %s, want %s", got, want)
	}
}

// TestReContextAtAPositionInsideACharacter: search from a byte offset
// that splits a UTF-8 sequence sees a non-word character before it.
func TestReContextAtAPositionInsideACharacter(t *testing.T) {
	p := mustRe(t, "compile", starlark.String(`\bb|^`)).(*Pattern)
	for _, c := range []struct {
		pos  int
		want string
	}{
		{0, "<re.Match object; span=(0, 0), match=''>"},
		{1, "<re.Match object; span=(2, 3), match='b'>"},
		{2, "<re.Match object; span=(2, 3), match='b'>"},
	} {
		got, err := p.find("search", modeSearch, starlark.String("éb"), c.pos, 99)
		if err != nil || got.String() != c.want {
			t.Errorf("search from %d = %v %v, want %s", c.pos, got, err, c.want)
		}
	}
}

// TestReCompileCacheIsBounded: compiled patterns are kept, up to 512,
// and purge() forgets them.
func TestReCompileCacheIsBounded(t *testing.T) {
	mustRe(t, "purge")
	first := mustRe(t, "compile", starlark.String("p0"))
	if again := mustRe(t, "compile", starlark.String("p0")); again != first {
		t.Error("the same pattern compiled twice is not the same object")
	}
	var last starlark.Value
	for i := 1; i < 600; i++ {
		last = mustRe(t, "compile", starlark.String("p"+strings.Repeat("x", i)))
	}
	rxCache.Lock()
	n := len(rxCache.m)
	rxCache.Unlock()
	if n != rxMaxCache {
		t.Errorf("%d patterns kept, want %d", n, rxMaxCache)
	}
	if again := mustRe(t, "compile", starlark.String("p0")); again == first {
		t.Error("the oldest pattern was not dropped")
	}
	if again := mustRe(t, "compile", starlark.String("p"+strings.Repeat("x", 599))); again != last {
		t.Error("the newest pattern was dropped")
	}
	mustRe(t, "purge")
	rxCache.Lock()
	n = len(rxCache.m)
	rxCache.Unlock()
	if n != 0 {
		t.Errorf("purge left %d patterns", n)
	}
}

// TestReIsSafeFromManyGoroutines: workers (pyasync -j N) are goroutines
// that share the cache of compiled patterns and the Go regexps each
// pattern makes on demand (run with -race).
func TestReIsSafeFromManyGoroutines(t *testing.T) {
	mustRe(t, "purge")
	done := make(chan string)
	for w := 0; w < 4; w++ {
		go func() {
			th := &starlark.Thread{}
			findall, _ := NewRe().Attr("findall")
			var got starlark.Value
			for i := 0; i < 50; i++ {
				v, err := starlark.Call(th, findall, starlark.Tuple{starlark.String(`\bb\w`), starlark.String("ab bc bd")}, nil)
				if err != nil {
					done <- err.Error()
					return
				}
				got = v
			}
			done <- got.String()
		}()
	}
	for w := 0; w < 4; w++ {
		if got := <-done; got != `["bc", "bd"]` {
			t.Errorf("worker got %s", got)
		}
	}
}
