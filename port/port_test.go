package port

import (
	"strings"
	"testing"
)

// translate ports src and returns the output and the TODO lines.
func translate(t *testing.T, src string, py int) (string, []TODO) {
	t.Helper()
	r, err := Translate("case.py", []byte(src), Options{Python: py})
	if err != nil {
		t.Fatal(err)
	}
	return r.Output, r.TODOs
}

// TestConstructs: each construct PORTING.md lists, in and out.
func TestConstructs(t *testing.T) {
	cases := []struct {
		name, in, want string
		py             int
	}{
		{"print statement", "print x, 'y'\n", "print(x, 'y')\n", 2},
		{"print to a stream", "print >>sys.stderr, 'n =', n\n", "sys.stderr.write(\"n = %s\\n\" % (n,))\n", 2},
		{"print without newline", "print x,\n", "sys.stdout.write(\"%s \" % (x,))\n", 2},
		{"print of a tuple in Python 2", "print('a', b)\n", "print('a', b)\n", 2},
		{"print file= and end=", "print('x', y, file=f, end='')\n", "f.write(\"x %s\" % (y,))\n", 3},
		{"print flush=", "print(x, flush=True)\n", "print(x)\n", 3},
		{"bytes literal", "x = b'ab\\r\\n'\n", "x = 'ab\\r\\n'\n", 3},
		{"unicode literal", "x = u\"h\\xe9\"\n", "x = \"h\\u00e9\"\n", 2},
		{"bytes above 0x7f", "x = b'\\xff\\x00'\n", "x = rawstr(b'\\xff\\x00')\n", 3},
		{"Python 2 str is bytes", "x = '\\xff'\n", "x = rawstr(b'\\xff')\n", 2},
		{"unknown escape kept", "x = '\\d+'\n", "x = '\\\\d+'\n", 3},
		{"adjacent literals", "x = ('a'\n     'b')\n", "x = ('a' +\n     'b')\n", 3},
		{"width needs sprintf", "s = '%5d|%-3s' % (n, m)\n", "s = sprintf('%5d|%-3s', n, m)\n", 3},
		{"plain % stays", "s = '%d %s' % (n, m)\n", "s = '%d %s' % (n, m)\n", 3},
		{"f-string", "s = f'{a} and {b!r}'\n", "s = '{} and {}'.format(a, repr(b))\n", 3},
		{"is None", "if x is None or y is not None: pass\n", "if x == None or y != None:\n    pass\n", 3},
		{"<> and long", "if x <> 10L: pass\n", "if x != 10:\n    pass\n", 2},
		{"old octal", "os.chmod(p, 0755)\n", "os.chmod(p, 0o755)\n", 2},
		{"backquotes", "s = `x`\n", "s = repr(x)\n", 2},
		{"chained comparison", "ok = 0 < n <= 10\n", "ok = 0 < n and n <= 10\n", 3},
		{"has_key", "if d.has_key(k): pass\n", "if k in d:\n    pass\n", 2},
		{"iteritems and xrange", "for i in xrange(3): d.iteritems()\n", "for i in range(3):\n    d.items()\n", 2},
		{"frozenset", "self.ignore_log_types = frozenset(['warning'])\n", "self.ignore_log_types = set(['warning'])\n", 3},
		{"frozenset key", "key = (args, frozenset(sorted(kwargs.items())))\n", "key = (args, tuple(sorted(set(kwargs.items()))))\n", 3},
		{"sum of a generator", "n = sum(len(x) for x in xs)\n", "n = sum([len(x) for x in iter(xs)])\n", 3},
		{"encode and decode", "self.send(msg.encode('ascii'))\n", "self.send(msg)\n", 3},
		{"integer division in Python 2", "half = n / 2\n", "half = n // 2\n", 2},
		{"float division stays", "r = n / 2.0\n", "r = n / 2.0\n", 2},
		{"raise ExitNow", "raise asyncore.ExitNow\n", "throw(asyncore.ExitNow)\n", 2},
		{"raise with message", "raise ValueError('bad')\n", "throw(ValueError('bad'))\n", 3},
		{"Python 2 raise", "raise ValueError, 'bad'\n", "throw(ValueError, 'bad')\n", 2},
		{"Python 2 raise with a tuple", "raise E, (1, 'x'), tb\n", "throw(E, 1, 'x')\n", 2},
		{"raise from", "raise ValueError('x') from e\n", "throw(ValueError('x'))\n", 3},
		{"bare raise outside a handler", "def f():\n    raise\n", "def f():\n    throw()\n", 3},
		{"assert", "assert n > 0\n", "if not (n > 0):\n    throw(AssertionError)\n", 3},
		{"assert with a message", "assert n, 'empty'\n", "if not (n):\n    throw(AssertionError('empty'))\n", 3},
		{"del item", "del d[k]\n", "d.pop(k)\n", 3},
		{"chained assignment", "a = b = []\n", "b = []\na = b\n", 3},
		{"sort in place", "names.sort()\n", "names = sorted(names)\n", 3},
		{"set literal", "s = {1, 2}\n", "s = set([1, 2])\n", 3},
		{"generator argument", "t = sum(x for x in xs)\n", "t = sum([x for x in iter(xs)])\n", 3},
		{"map", "ys = map(str, xs)\n", "ys = [str(x) for x in xs]\n", 2},
		{"imports dropped", "import asyncore, socket\nfrom asynchat import async_chat\nimport os.path\n", "async_chat = asynchat.async_chat\n", 3},
		{"main guard", "if __name__ == '__main__':\n    main()\n", "if __name__ == '__main__':\n    main()\n", 3},
		{"global", "n = 0\ndef f():\n    global n\n    n += 1\n", "_globals = {}  # the module's variables that functions assign (Python's global statement)\n\n_globals[\"n\"] = 0\ndef f():\n    _globals[\"n\"] += 1\n", 3},
		{"comments kept", "# head\nx = 1  # one\n", "# head\nx = 1  # one\n", 3},
		{"class", "class A(asyncore.dispatcher):\n    n = 1\n    def f(self):\n        return self.n\n",
			"def _A_f(self):\n    return self.n\n\nA = subclass(asyncore.dispatcher, \"A\",\n    n = 1,\n    f = _A_f,\n)\n", 3},
		{"super", "class B(A):\n    def __init__(self, s):\n        super().__init__(s)\n",
			"def _B___init__(self, s):\n    A.__init__(self, s)\n\nB = subclass(A, \"B\",\n    __init__ = _B___init__,\n)\n", 3},
		{"map of a lambda", "ys = map(lambda h: h[0].lower(), hs)\n", "ys = [h[0].lower() for h in hs]\n", 2},
		{"filter of a lambda", "ys = filter(lambda s: s, xs)\n", "ys = [s for s in xs if s]\n", 2},
		{"class alias of a method", "class R:\n    def error(self):\n        pass\n    reply_now = error\n",
			"def _R_error(self):\n    pass\n\nR = subclass(object, \"R\",\n    error = _R_error,\n    reply_now = _R_error,\n)\n", 2},
		{"property and staticmethod", "class C(object):\n    @property\n    def x(self):\n        return self._x\n    @x.setter\n    def x(self, v):\n        self._x = v\n    @staticmethod\n    def norm(s):\n        return s.lower()\n",
			"def _C_x(self):\n    return self._x\n\ndef _C_set_x(self, v):\n    self._x = v\n\ndef _C_norm(s):\n    return s.lower()\n\nC = subclass(object, \"C\",\n    x = property(_C_x, _C_set_x),\n    norm = staticmethod(_C_norm),\n)\n", 3},
		{"integer power", "n = 2**16 - 1\n", "n = 65536 - 1\n", 3},
		{"Starlark keyword as a name", "def load(self):\n    return self.load\n", "def load_(self):\n    return self.load_\n", 3},
		{"positional-only marker", "def f(a, /, b):\n    pass\n", "def f(a, b):\n    pass\n", 3},
		{"keyword after *args", "f(*args, key=1)\n", "f(key=1, *args)\n", 3},
		{"one-item unpacking", "a, = xs\n", "(a,) = xs\n", 3},
		{"whole slice assigned", "self.items[:] = []\nxs[:] = ys\n", "self.items.clear()\nxs.clear()\nxs.extend(ys)\n", 3},
		{"trailing comma tuple", "x = 1,\n", "x = (1,)\n", 3},
		{"underscores in numbers", "n = 1_000\n", "n = 1000\n", 3},
		{"not of a chained comparison", "ok = not 0 < n < 9\n", "ok = not (0 < n and n < 9)\n", 3},
		{"tab indentation", "def f():\n\tx = g(1,\n\t      2)\n\treturn x\n", "def f():\n    x = g(1,\n          2)\n    return x\n", 2},
		{"generator stepped through", "def g():\n    yield 1\nit = g()\nnext(it)\n",
			"def g():\n    items = []  # what the generator yields\n    items.append(1)\n    return iter(items)\nit = g()\nnext(it)\n", 3},
		{"loop over what may be a str", "for p in perm:\n    pass\nxs = [c for c in self.s]\n", "for p in iter(perm):\n    pass\nxs = [c for c in iter(self.s)]\n", 3},
		{"loops over what is not a str", "for k in d.keys():\n    pass\nfor i in range(3):\n    pass\nfor a in sys.argv[1:] + [1]:\n    pass\n",
			"for k in d.keys():\n    pass\nfor i in range(3):\n    pass\nfor a in sys.argv[1:] + [1]:\n    pass\n", 3},
		{"loop over a list variable", "def f(s):\n    xs = []\n    xs += s.split()\n    for x in xs:\n        pass\n    for c in s:\n        pass\n",
			"def f(s):\n    xs = []\n    xs += s.split()\n    for x in xs:\n        pass\n    for c in iter(s):\n        pass\n", 3},
		{"old-style class", "class P:\n    pass\n", "P = subclass(object, \"P\")\n", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, todos := translate(t, c.in, c.py)
			if got != c.want {
				t.Errorf("in:\n%s\ngot:\n%s\nwant:\n%s", c.in, got, c.want)
			}
			if len(todos) != 0 {
				t.Errorf("unexpected TODOs: %v", todos)
			}
		})
	}
}

// TestLeftForAPerson: what has no Starlark form stays, commented, under a
// TODO naming the original line.
func TestLeftForAPerson(t *testing.T) {
	cases := []struct {
		name, in, what string
		line           int
	}{
		{"generator that prints", "x = 1\ndef g():\n    print(1)\n    yield 1\n", "a generator (yield): it changes state as it goes (line 3)", 2},
		{"exec", "x = 1\nexec 'y = 2'\n", "exec", 2},
		{"decorated class", "x = 1\n@register\nclass C: pass\n", "a decorated class", 2},
		{"deleter", "x = 1\nclass C:\n    @x.deleter\n    def x(self): pass\n", "a decorated method", 3},
		{"property among decorators", "x = 1\nclass C:\n    @cached\n    @property\n    def x(self): pass\n", "a decorated method", 3},
		{"unknown module", "x = 1\nimport xmlrpclib\n", "no module xmlrpclib", 2},
		{"matrix multiplication", "x = 1\na @= b\n", "@= has no Starlark operator", 2},
		{"walrus in elif", "x = 1\nif a:\n    pass\nelif (n := f()):\n    pass\n", "an assignment expression", 2},
		{"slice assignment", "x = 1\nxs[1:] = ys\n", "assignment to a slice", 2},
		{"generator stepped through that sets an attribute", "x = 1\ndef g(o):\n    o.n = 1\n    yield 1\nit = g(p)\nnext(it)\n", "a generator (yield): it changes state as it goes (line 3) and a caller does more", 2},
		{"generator forever", "x = 1\ndef g():\n    while True:\n        yield 1\nfor v in g(): pass\n", "a generator (yield): it yields forever", 2},
		{"class using the function's variables", "x = 1\ndef f(n):\n    class C:\n        k = n\n", "a class inside a function that uses", 3},
		{"del of a computed slice", "x = 1\ndel xs[i:j]\n", "del of a slice that starts at a computed index", 2},
		{"except star", "x = 1\ntry:\n    f()\nexcept* ValueError:\n    pass\n", "except*", 2},
		{"super where a subclass mixes in another class", "x = 1\nclass A(B):\n    def m(self):\n        return super().m()\nclass D(A, Mixin):\n    pass\n",
			"super() in a class that a class of several bases extends", 4},
		{"super past a base from elsewhere", "x = 1\nclass A(B):\n    pass\nclass C(asyncore.dispatcher, A):\n    def m(self):\n        return super().m()\n",
			"super() with several base classes", 6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.line == 0 {
				c.line = 2
			}
			got, todos := translate(t, c.in, 0)
			if len(todos) != 1 || todos[0].Line != c.line || !strings.HasPrefix(todos[0].What, c.what) {
				t.Fatalf("TODOs %v, want one at line %d starting %q", todos, c.line, c.what)
			}
			lines := strings.Split(c.in, "\n")
			if !strings.Contains(got, "# TODO(port): "+c.what) || !strings.Contains(got, "# "+strings.TrimSpace(lines[c.line-1])) {
				t.Errorf("the original is not kept under the TODO:\n%s", got)
			}
		})
	}
}

// TestDialect: Python 2 is recognised from its syntax.
func TestDialect(t *testing.T) {
	for src, want := range map[string]int{
		"print 'x'\n":                         2,
		"try:\n  f()\nexcept E, e:\n  pass\n": 2,
		"print('x')\n":                        3,
		"x = 1 / 2\n":                         3,
	} {
		r, err := Translate("d.py", []byte(src), Options{})
		if err != nil || r.Python != want {
			t.Errorf("%q: read as Python %d (%v), want %d", src, r.Python, err, want)
		}
	}
}

// FuzzTranslate: any input gives an output or an error, never a panic.
func FuzzTranslate(f *testing.F) {
	for _, s := range []string{"print x\n", "class A(B):\n  def f(self): pass\n", "x = '\\xff' % (", "def f(:\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		Translate("fuzz.py", []byte(src), Options{})
	})
}
