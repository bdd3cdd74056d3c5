package interp

import (
	"reflect"
	"sort"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/pybuiltins"
	"github.com/pyasync/pyasync/bindings/pyvalue"
)

// Session is the REPL's side of an interpreter: globals that persist from
// one chunk to the next, evaluation of a chunk, completion, and serving
// the loop while the prompt waits. Its methods run on the goroutine that
// owns the interpreter.
type Session struct {
	in      *Interp
	Globals starlark.StringDict
}

// NewSession starts a session with globals (a script's, for -i) on top of
// the predeclared names.
func (in *Interp) NewSession(globals starlark.StringDict) *Session {
	g := starlark.StringDict{}
	for k, v := range in.Predeclared {
		g[k] = v
	}
	for k, v := range globals {
		g[k] = v
	}
	s := &Session{in: in, Globals: g}
	in.Thread.SetLocal(pybuiltins.ScopeKey, s.names) // dir() at the prompt
	return s
}

// names are the globals the session defined (or redefined): what dir()
// lists at the prompt (not _, the last value shown, which Python keeps
// among the built-ins).
func (s *Session) names() []string {
	var names []string
	for k, v := range s.Globals {
		if p, ok := s.in.Predeclared[k]; k == "_" || ok && same(p, v) {
			continue
		}
		names = append(names, k)
	}
	return names
}

// same reports whether a and b are the same value, for values Go can
// compare.
func same(a, b starlark.Value) bool {
	ta := reflect.TypeOf(a)
	return ta == reflect.TypeOf(b) && ta.Comparable() && a == b
}

// Incomplete reports whether src needs more lines: an open bracket or
// string, or a compound statement (whose block ends at a blank line).
func Incomplete(src string) bool {
	lines := strings.Split(strings.TrimRight(src, "\n"), "\n")
	first := strings.TrimSpace(lines[0])
	if strings.HasSuffix(first, ":") || strings.HasPrefix(first, "@") {
		return !strings.HasSuffix(src, "\n\n") || len(lines) == 1
	}
	_, err := Options().Parse("<stdin>", src, 0)
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "end of file") || strings.Contains(msg, "unexpected EOF") ||
		strings.Contains(msg, "unterminated") && strings.Contains(msg, `"""`)
}

// Eval runs one chunk. An expression's value comes back as Python's REPL
// would print it ("" for None); statements update the globals.
func (s *Session) Eval(src string) (string, error) {
	f, err := Options().Parse("<stdin>", src, 0)
	if err != nil {
		return "", pythonHint(err, src)
	}
	th := s.in.Thread
	if len(f.Stmts) == 1 {
		if e, ok := f.Stmts[0].(*syntax.ExprStmt); ok {
			v, err := starlark.EvalExprOptions(f.Options, th, e.X, s.Globals)
			if err != nil {
				return "", err
			}
			s.Globals["_"] = v
			if v == starlark.None {
				return "", nil
			}
			return pyvalue.Repr(v) // as Python's prompt shows it
		}
	}
	return "", starlark.ExecREPLChunk(f, th, s.Globals)
}

// Serve keeps the loop serving until idle() is true.
func (s *Session) Serve(idle func() bool) error {
	return s.in.Asyncore.Serve(s.in.Thread, idle)
}

// Complete returns the completions of the dotted name that ends text:
// global names, module members, attributes of values (instances and
// classes included).
func (s *Session) Complete(text string) []string {
	i := len(text)
	for i > 0 && (isIdent(text[i-1]) || text[i-1] == '.') {
		i--
	}
	word := text[i:]
	parts := strings.Split(word, ".")
	prefix := parts[len(parts)-1]
	var names []string
	if len(parts) == 1 {
		for k := range s.Globals {
			names = append(names, k)
		}
		for k := range starlark.Universe {
			names = append(names, k)
		}
		for _, kw := range []string{"def", "if", "elif", "else", "for", "while", "return", "load", "pass", "break", "continue", "lambda", "True", "False", "None"} {
			names = append(names, kw)
		}
	} else {
		v, ok := s.Globals[parts[0]]
		if !ok {
			v, ok = starlark.Universe[parts[0]]
		}
		for _, p := range parts[1 : len(parts)-1] {
			if !ok {
				break
			}
			ha, isAttrs := v.(starlark.HasAttrs)
			if !isAttrs {
				ok = false
				break
			}
			x, err := ha.Attr(p)
			if err != nil || x == nil {
				ok = false
				break
			}
			v = x
		}
		if ok {
			if ha, isAttrs := v.(starlark.HasAttrs); isAttrs {
				names = ha.AttrNames()
			}
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		if strings.HasPrefix(n, prefix) && !seen[n] && (strings.HasPrefix(prefix, "_") || !strings.HasPrefix(n, "_")) {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// Report formats an error for the REPL: the backtrace of an evaluation
// error, or the message.
func Report(err error) string {
	if _, ok := interrupted(err); ok {
		return "KeyboardInterrupt"
	}
	return Traceback(err)
}
