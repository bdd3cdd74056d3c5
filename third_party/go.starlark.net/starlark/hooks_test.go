package starlark_test

// Tests of the hooks and optional interfaces of hooks.go (not upstream).

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// probe is a value whose truth fails, whose comparisons with ints are its
// own, which slices itself, and which counts += on itself.
type probe struct {
	th    *starlark.Thread
	added int
}

func (p *probe) String() string        { return "probe" }
func (p *probe) Type() string          { return "probe" }
func (p *probe) Freeze()               {}
func (p *probe) Hash() (uint32, error) { return 1, nil }
func (p *probe) Truth() starlark.Bool {
	p.th.Fail(errors.New("probe has no truth"))
	return false
}

func (p *probe) CompareMixed(op syntax.Token, y starlark.Value, side starlark.Side, depth int) (bool, bool, error) {
	if _, ok := y.(starlark.Int); !ok {
		return false, false, nil
	}
	return op == syntax.LT && side == starlark.Left || op == syntax.GT && side == starlark.Right, true, nil
}

func (p *probe) SliceValues(lo, hi, step starlark.Value) (starlark.Value, error) {
	return starlark.String(fmt.Sprintf("%v:%v:%v", lo, hi, step)), nil
}

func (p *probe) InplaceBinary(op syntax.Token, y starlark.Value) (starlark.Value, error) {
	if op != syntax.PLUS {
		return nil, nil
	}
	p.added++
	return p, nil
}

// bounds is a slice value.
type bounds struct{ lo, hi, step starlark.Value }

func (b bounds) String() string        { return "bounds" }
func (b bounds) Type() string          { return "bounds" }
func (b bounds) Freeze()               {}
func (b bounds) Truth() starlark.Bool  { return true }
func (b bounds) Hash() (uint32, error) { return 0, nil }
func (b bounds) SliceBounds() (lo, hi, step starlark.Value) {
	return b.lo, b.hi, b.step
}

func run(t *testing.T, th *starlark.Thread, src string, env starlark.StringDict) (starlark.StringDict, error) {
	t.Helper()
	opts := &syntax.FileOptions{TopLevelControl: true, GlobalReassign: true, While: true}
	return starlark.ExecFileOptions(opts, th, "hooks.star", src, env)
}

func TestFailRaisesAtNextStep(t *testing.T) {
	th := &starlark.Thread{}
	p := &probe{th: th}
	for _, src := range []string{
		"x = 1\nif p:\n    x = 2\n",
		"x = not p\n",
		"x = bool(p)\n",
		"x = [y for y in [1] if p]\n",
	} {
		g, err := run(t, th, src, starlark.StringDict{"p": p})
		if err == nil || err.Error() != "probe has no truth" {
			t.Errorf("%q: got %v (globals %v), want the failure", src, err, g)
		}
	}
	// the failure is raised once: the thread runs again
	if _, err := run(t, th, "x = 1\n", nil); err != nil {
		t.Errorf("after a failure: %v", err)
	}
}

func TestCancelWinsOverFail(t *testing.T) {
	th := &starlark.Thread{}
	th.Fail(errors.New("pending"))
	th.Cancel("stop")
	_, err := run(t, th, "x = 1\n", nil)
	if err == nil || !strings.Contains(err.Error(), "cancelled: stop") {
		t.Errorf("got %v, want the cancellation", err)
	}
	th.Uncancel()
	if _, err := run(t, th, "x = 1\n", nil); err != nil {
		t.Errorf("after Uncancel: %v", err)
	}
}

func TestFirstFailureWins(t *testing.T) {
	th := &starlark.Thread{}
	fn := starlark.NewBuiltin("f", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		th.Fail(errors.New("first"))
		th.Fail(errors.New("second"))
		return starlark.None, nil
	})
	_, err := starlark.Call(th, fn, nil, nil)
	if err == nil || err.Error() != "first" {
		t.Errorf("got %v, want first", err)
	}
}

func TestMixedCompareSliceInplace(t *testing.T) {
	th := &starlark.Thread{}
	p := &probe{th: th}
	g, err := run(t, th, `
lt = p < 1
gt = 1 > p
eq = p == "a"
s = p[1:]
t = [0, 1, 2, 3][b]
def add(q):
    q += 1

    q += 3
    return q
r = add(p)
`, starlark.StringDict{"p": p, "b": bounds{starlark.MakeInt(1), starlark.None, starlark.MakeInt(2)}})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"lt": "True", "gt": "True", "eq": "False", "s": `"1:None:None"`, "t": "[1, 3]"} {
		if got := g[name].String(); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
	if p.added != 2 || g["r"] != p {
		t.Errorf("+= ran InplaceBinary %d times, want 2 (the same value back)", p.added)
	}
}

func TestReprAndErrorHooks(t *testing.T) {
	starlark.ReprHook = func(x starlark.Value) (string, bool) {
		if s, ok := x.(starlark.String); ok {
			return "'" + string(s) + "'", true
		}
		return "", false
	}
	starlark.ErrorHook = func(err error) error {
		return fmt.Errorf("hooked: %w", err)
	}
	defer func() { starlark.ReprHook, starlark.ErrorHook = nil, nil }()
	th := &starlark.Thread{}
	g, err := run(t, th, `
r = repr(["a", ("b",)])
s = "%s|%r" % (["a"], "b")
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := g["r"].(starlark.String); got != `['a', ('b',)]` {
		t.Errorf("repr = %s", got)
	}
	if got := g["s"].(starlark.String); got != `['a']|'b'` {
		t.Errorf("interpolation = %s", got)
	}
	_, err = run(t, th, "x = 1 // 0\n", nil)
	if err == nil || err.Error() != "hooked: floored division by zero" {
		t.Errorf("got %v", err)
	}
}

func TestFormatHook(t *testing.T) {
	starlark.FormatHook = func(conv byte, x starlark.Value) (string, error) {
		if x == starlark.None {
			return "", errors.New("no text for None")
		}
		return fmt.Sprintf("<%c %s>", conv, x), nil
	}
	defer func() { starlark.FormatHook = nil }()
	g, err := run(t, &starlark.Thread{}, `x = "%s|%r" % ("a", 1)`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := g["x"].(starlark.String); got != `<s "a">|<r 1>` {
		t.Errorf("got %s", got)
	}
	if _, err := run(t, &starlark.Thread{}, `x = "%s" % None`, nil); err == nil || err.Error() != "no text for None" {
		t.Errorf("the hook's error: %v", err)
	}
}

func TestSetTypeMethod(t *testing.T) {
	orig := starlark.TypeMethod("string", "upper")
	defer starlark.SetTypeMethod("string", "upper", orig)
	err := starlark.SetTypeMethod("string", "upper", starlark.NewBuiltin("upper", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		return starlark.String("UP:" + string(b.Receiver().(starlark.String))), nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	g, err := run(t, &starlark.Thread{}, `x = "a".upper()`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := g["x"].(starlark.String); got != "UP:a" {
		t.Errorf("got %s", got)
	}
	if err := starlark.SetTypeMethod("int", "x", nil); err == nil {
		t.Errorf("SetTypeMethod on int: no error")
	}
}

// Dict.Version changes with each change of the dict's content, made by
// Go or by a script (methods included), and with nothing else: not a
// lookup, an iteration, a failed deletion, nor the table growing.
func TestDictVersion(t *testing.T) {
	d := starlark.NewDict(0)
	v := d.Version()
	changed := func(what string, want bool) {
		t.Helper()
		if now := d.Version(); (now != v) != want {
			t.Errorf("%s: version changed %v, want %v", what, now != v, want)
		}
		v = d.Version()
	}
	for i := 0; i < 100; i++ { // grows the table several times
		d.SetKey(starlark.MakeInt(i), starlark.None)
		if d.Version() != v+1 {
			t.Fatalf("insertion %d: version %d, want %d", i, d.Version(), v+1)
		}
		v = d.Version()
	}
	d.Get(starlark.MakeInt(1))
	for range d.Entries() {
	}
	changed("lookup and iteration", false)
	d.SetKey(starlark.MakeInt(1), starlark.None)
	changed("a value set to itself", true)
	d.Delete(starlark.MakeInt(1000))
	changed("deleting a missing key", false)
	d.Delete(starlark.MakeInt(1))
	changed("a deletion", true)
	for _, src := range []string{`d[2] = 3`, `d.pop(3)`, `d.update({4: 5})`, `d.setdefault(1000, 0)`, `d.popitem()`, `d.clear()`} {
		if _, err := run(t, &starlark.Thread{}, src, starlark.StringDict{"d": d}); err != nil {
			t.Fatal(err)
		}
		changed(src, true)
	}
}

// object is a HasMethods value: its methods are the functions of
// methods, called with the object first; its other attributes are
// fields.
type object struct {
	methods map[string]starlark.Callable
	fields  map[string]starlark.Value
}

func (o *object) String() string        { return "object" }
func (o *object) Type() string          { return "object" }
func (o *object) Freeze()               {}
func (o *object) Truth() starlark.Bool  { return true }
func (o *object) Hash() (uint32, error) { return 2, nil }
func (o *object) AttrNames() []string   { return nil }
func (o *object) Attr(name string) (starlark.Value, error) {
	if v, ok := o.fields[name]; ok {
		return v, nil
	}
	return nil, nil
}
func (o *object) Method(name string) (starlark.Callable, bool) {
	fn, ok := o.methods[name]
	return fn, ok
}

// goMethod is a Go method of object (not a *Builtin, which Method must
// not return).
type goMethod func(args starlark.Tuple)

func (m goMethod) String() string        { return "goMethod" }
func (m goMethod) Type() string          { return "goMethod" }
func (m goMethod) Name() string          { return "goMethod" }
func (m goMethod) Freeze()               {}
func (m goMethod) Truth() starlark.Bool  { return true }
func (m goMethod) Hash() (uint32, error) { return 3, nil }
func (m goMethod) CallInternal(th *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	m(args)
	return starlark.None, nil
}

func TestHasMethods(t *testing.T) {
	var kept []starlark.Tuple // what a Go method was given: not to be changed afterwards
	keep := goMethod(func(args starlark.Tuple) { kept = append(kept, args) })
	g, err := run(t, &starlark.Thread{}, `
def add(self, x, y = 1):
    return (self, x + y)
def twice(x):
    return 2 * x
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	o := &object{
		methods: map[string]starlark.Callable{"add": g["add"].(*starlark.Function), "keep": keep},
		fields:  map[string]starlark.Value{"twice": g["twice"]},
	}
	g, err = run(t, &starlark.Thread{}, `
seen = []
def arg(v):
    seen.append(v)
    return v
a = o.add(1)
b = o.add(1, y = 2)
c = o.twice(3)
o.keep(arg(1))
o.keep(arg(2))
def missing():
    o.nosuch(arg(3))
`, starlark.StringDict{"o": o})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"a": "(object, 2)", "b": "(object, 3)", "c": "6", "seen": "[1, 2]"} {
		if got := g[name].String(); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
	if got := fmt.Sprint(kept); got != "[(object, 1) (object, 2)]" {
		t.Errorf("a Go method's arguments: %s", got)
	}
	_, err = starlark.Call(&starlark.Thread{}, g["missing"], nil, nil)
	if err == nil || !strings.Contains(err.Error(), "object has no .nosuch field or method") {
		t.Errorf("o.nosuch(): %v", err)
	}
	if got := g["seen"].String(); got != "[1, 2]" {
		t.Errorf("arguments evaluated after a failed lookup: %s", got)
	}
}

func TestArgsInPlace(t *testing.T) {
	// The address of the arguments of each call: the same for two calls
	// from one place when they are passed in place, on the operand stack.
	var addrs []*starlark.Value
	keep := func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		addrs = append(addrs, &args[0])
		return starlark.None, nil
	}
	if !starlark.Universe["len"].(*starlark.Builtin).TakesArgsInPlace() {
		t.Errorf("len does not take its arguments in place")
	}
	for _, inPlace := range []bool{false, true} {
		addrs = nil
		b := starlark.NewBuiltin("keep", keep)
		if inPlace {
			b.ArgsInPlace()
		}
		_, err := run(t, &starlark.Thread{}, `
for i in range(2):
    keep(i)
`, starlark.StringDict{"keep": b})
		if err != nil {
			t.Fatal(err)
		}
		if same := addrs[0] == addrs[1]; same != inPlace {
			t.Errorf("ArgsInPlace %v: the arguments of two calls at the same address: %v", inPlace, same)
		}
	}
}

// inPlaceMethod is a goMethod that may say it takes its arguments in
// place (ArgsInPlacer).
type inPlaceMethod struct {
	goMethod
	inPlace bool
}

func (m inPlaceMethod) TakesArgsInPlace() bool { return m.inPlace }

func TestArgsInPlacer(t *testing.T) {
	// The address of the arguments of each call, as in TestArgsInPlace,
	// for a method of a HasMethods value (o.keep(i), given the receiver
	// first) and for the same method called as a function (keep(i)).
	for _, inPlace := range []bool{false, true} {
		var addrs []*starlark.Value
		var kept []string
		keep := inPlaceMethod{goMethod(func(args starlark.Tuple) {
			addrs = append(addrs, &args[0])
			kept = append(kept, args.String())
		}), inPlace}
		o := &object{methods: map[string]starlark.Callable{"keep": keep}}
		_, err := run(t, &starlark.Thread{}, `
for i in range(2):
    o.keep(i)
for i in range(2):
    keep(i)
`, starlark.StringDict{"o": o, "keep": keep})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(kept, " "); got != "(object, 0) (object, 1) (0,) (1,)" {
			t.Errorf("ArgsInPlacer %v: the arguments: %s", inPlace, got)
		}
		if same := addrs[0] == addrs[1] && addrs[2] == addrs[3]; same != inPlace {
			t.Errorf("ArgsInPlacer %v: the arguments of two calls at the same address: %v", inPlace, same)
		}
	}
}

// TestDecodedPairs checks the instructions decoded as one (x.f() and
// x[lo:hi]): their results, and the positions their errors report, as
// if they were two.
func TestDecodedPairs(t *testing.T) {
	g, err := run(t, &starlark.Thread{}, `
s = " Ab "
a = s.strip().lower()
b = s[1:3]
c = s[1:(3 if len(s) > 9 else 2)]
def f(x):
    return x.popitem()
def g(x):
    return x[1:2]
def h(x):
    y = 2
    x.f = y
def k(x):
    if x < 1:
        return "lt"
    elif x != 2:
        return "ne"
    return "eq"
def m(x):
    if x in "abc":
        return "in"
    return "out"
d = [k(0), k(2), k(3), m("b"), m("d")]
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"a": `"ab"`, "b": `"Ab"`, "c": `"A"`, "d": `["lt", "eq", "ne", "in", "out"]`} {
		if got := g[name].String(); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
	for _, c := range []struct {
		fn   string
		arg  starlark.Value
		want string // the position of the error
	}{
		{"f", starlark.MakeInt(1), "hooks.star:7:13"},   // the method's lookup, at the dot
		{"f", starlark.NewDict(0), "hooks.star:7:21"},   // the call, at its parenthesis
		{"g", starlark.MakeInt(1), "hooks.star:9:12"},   // the slice, at its operand
		{"h", starlark.MakeInt(1), "hooks.star:12:6"},   // x.f = y (LOCAL, EXCH, SETFIELD), at the dot
		{"k", starlark.String("a"), "hooks.star:14:10"}, // x < 1 then CJMP, at the operator
		{"m", starlark.MakeInt(1), "hooks.star:20:10"},  // x in "abc" then CJMP, at the operator
	} {
		_, err := starlark.Call(&starlark.Thread{}, g[c.fn], starlark.Tuple{c.arg}, nil)
		ee, ok := err.(*starlark.EvalError)
		if !ok {
			t.Errorf("%s(%s): %v, want an EvalError", c.fn, c.arg, err)
			continue
		}
		pos := ee.CallStack.At(0).Pos
		if pos.Filename() == "<builtin>" {
			pos = ee.CallStack.At(1).Pos
		}
		if got := pos.String(); got != c.want {
			t.Errorf("%s(%s): error at %s, want %s", c.fn, c.arg, got, c.want)
		}
	}
}

// TestDecodedLocalMethod checks the instructions of patches 39 and 41
// decoded as one: x.f(...) of a local x (after an assignment to another
// local, whose pair reads its local as before), the last argument of a
// method call if it is a local or a constant, the end of a function
// that returns None, and a jump to it or a POP before it, with their
// results and the positions of their errors.
func TestDecodedLocalMethod(t *testing.T) {
	g, err := run(t, &starlark.Thread{}, `
def f(x, y, out):
    s = y
    n = x.count(s)
    if n:
        out.append(n)
def g(x):
    if x:
        x.pop(0)
    else:
        x.pop(0)
    return x
def h(x):
    if x:
        y = x
    y.append(1)
def k(x):
    if x:
        y = 1
    x.append(y)
def m(x, s):
    return x.replace(s, "-")
lst = []
r1 = f("aab", "a", lst)
r2 = f("aab", "c", lst)
r3 = g([1, 2])
r4 = m("aab", "a")
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"lst": "[2]", "r1": "None", "r2": "None", "r3": "[2]", "r4": `"--b"`} {
		if got := g[name].String(); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
	for _, c := range []struct {
		fn   string
		arg  starlark.Value
		want string // the error, at its position
	}{
		{"f", starlark.MakeInt(1), "hooks.star:4:10: int has no .count field or method"}, // the lookup, at the dot
		{"g", starlark.NewList(nil), "hooks.star:11:14: pop: index 0 out of range: empty list"},
		{"h", starlark.NewList(nil), "hooks.star:16:5: local variable y referenced before assignment"},
		{"k", starlark.NewList(nil), "hooks.star:20:14: local variable y referenced before assignment"}, // an argument
	} {
		var args starlark.Tuple
		if c.fn == "f" {
			args = starlark.Tuple{c.arg, starlark.String("a"), starlark.NewList(nil)}
		} else {
			args = starlark.Tuple{c.arg}
		}
		_, err := starlark.Call(&starlark.Thread{}, g[c.fn], args, nil)
		ee, ok := err.(*starlark.EvalError)
		if !ok {
			t.Errorf("%s(%s): %v, want an EvalError", c.fn, c.arg, err)
			continue
		}
		pos := ee.CallStack.At(0).Pos
		if pos.Filename() == "<builtin>" {
			pos = ee.CallStack.At(1).Pos
		}
		if got := pos.String() + ": " + ee.Msg; got != c.want {
			t.Errorf("%s(%s): %s, want %s", c.fn, c.arg, got, c.want)
		}
	}
}

// record is a value whose attributes are read and set through the
// instruction's AttrSite: it leaves a hint (its field's index) at each
// site, and counts how often the interpreter asked it rather than the
// hint.
type record struct {
	names  []string
	vals   []starlark.Value
	asked  int
	method starlark.Callable
}

func (r *record) String() string        { return "record" }
func (r *record) Type() string          { return "record" }
func (r *record) Freeze()               {}
func (r *record) Truth() starlark.Bool  { return true }
func (r *record) Hash() (uint32, error) { return 4, nil }
func (r *record) AttrNames() []string   { return r.names }
func (r *record) index(name string) int {
	for i, n := range r.names {
		if n == name {
			return i
		}
	}
	return -1
}
func (r *record) Attr(name string) (starlark.Value, error) {
	if i := r.index(name); i >= 0 {
		return r.vals[i], nil
	}
	return nil, nil
}
func (r *record) SetField(name string, v starlark.Value) error {
	if i := r.index(name); i >= 0 {
		r.vals[i] = v
		return nil
	}
	return starlark.NoSuchAttrError("record has no field " + name)
}
func (r *record) Method(name string) (starlark.Callable, bool) {
	return r.method, name == "m"
}

// hint is r's hint for name: its index, good for r alone.
func (r *record) hint(name string) *starlark.AttrHint {
	i := r.index(name)
	if i < 0 {
		return nil
	}
	return &starlark.AttrHint{Key: unsafe.Pointer(r), Index: i,
		Read: func(x starlark.Value, h *starlark.AttrHint) (starlark.Value, bool) {
			if r, ok := x.(*record); ok && unsafe.Pointer(r) == h.Key {
				return r.vals[h.Index], true
			}
			return nil, false
		},
		Write: func(x starlark.Value, h *starlark.AttrHint, name string, v starlark.Value) bool {
			if r, ok := x.(*record); ok && unsafe.Pointer(r) == h.Key {
				r.vals[h.Index] = v
				return true
			}
			return false
		},
		Method: func(x starlark.Value, h *starlark.AttrHint) (starlark.Callable, bool) {
			if r, ok := x.(*record); ok && unsafe.Pointer(r) == h.Key {
				return r.method, true
			}
			return nil, false
		},
	}
}
func (r *record) AttrAt(site *starlark.AttrSite, name string) (starlark.Value, error) {
	r.asked++
	if h := r.hint(name); h != nil {
		site.SetHint(h)
	}
	return r.Attr(name)
}
func (r *record) SetFieldAt(site *starlark.AttrSite, name string, v starlark.Value) error {
	r.asked++
	if h := r.hint(name); h != nil {
		site.SetHint(h)
	}
	return r.SetField(name, v)
}
func (r *record) MethodAt(site *starlark.AttrSite, name string) (starlark.Callable, bool) {
	r.asked++
	if h := r.hint("m"); h != nil && name == "m" {
		site.SetHint(h)
	}
	return r.Method(name)
}

func TestAttrSites(t *testing.T) {
	g, err := run(t, &starlark.Thread{}, `
def self_first(self):
    return self.a
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	r1 := &record{names: []string{"a", "b", "m"}, vals: []starlark.Value{starlark.MakeInt(1), starlark.MakeInt(2), starlark.None}, method: g["self_first"].(starlark.Callable)}
	r2 := &record{names: []string{"b", "a"}, vals: []starlark.Value{starlark.MakeInt(20), starlark.MakeInt(10)}}
	g, err = run(t, &starlark.Thread{}, `
def read(r):
    return r.a + r.b
def write(r, v):
    r.a = v
def call(r):
    return r.m()
def missing(r):
    return r.c
def unsettable(r):
    r.c = 1
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	call := func(fn string, args ...starlark.Value) (starlark.Value, error) {
		return starlark.Call(&starlark.Thread{}, g[fn], args, nil)
	}
	for i := 0; i < 3; i++ {
		if v, err := call("read", r1); err != nil || v != starlark.MakeInt(3) {
			t.Fatalf("read(r1) = %v, %v", v, err)
		}
	}
	// each of the two instructions asked r1 once, then read its hint
	if r1.asked != 2 {
		t.Errorf("r1 asked %d times, want 2", r1.asked)
	}
	// r2's fields are elsewhere: r1's hints do not hold for it
	if v, err := call("read", r2); err != nil || v != starlark.MakeInt(30) {
		t.Errorf("read(r2) = %v, %v", v, err)
	}
	if r2.asked != 2 {
		t.Errorf("r2 asked %d times, want 2", r2.asked)
	}
	for _, v := range []int{5, 6} {
		if _, err := call("write", r1, starlark.MakeInt(v)); err != nil {
			t.Fatal(err)
		}
	}
	if r1.vals[0] != starlark.MakeInt(6) || r1.asked != 3 {
		t.Errorf("after write(r1, 5), write(r1, 6): a = %v, asked %d times", r1.vals[0], r1.asked)
	}
	for i := 0; i < 2; i++ {
		if v, err := call("call", r1); err != nil || v != starlark.MakeInt(6) {
			t.Errorf("call(r1) = %v, %v", v, err)
		}
	}
	// the call's instruction asked once, and self_first's r.a once
	if r1.asked != 5 {
		t.Errorf("r1 asked %d times after two calls, want 5", r1.asked)
	}
	if _, err := call("missing", r1); err == nil || !strings.Contains(err.Error(), "record has no .c field or method") {
		t.Errorf("r1.c: %v", err)
	}
	if _, err := call("unsettable", r1); err == nil || err.Error() != "record has no field c" {
		t.Errorf("r1.c = 1: %v", err)
	}
}
