package modules

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// Match is the result of a successful match, Python's re.Match:
//
//	m.group(*groups)  m.groups(default=None)  m.groupdict(default=None)
//	m.start(group=0)  m.end(group=0)  m.span(group=0)  m.expand(template)
//	m[group]
//	m.string  m.re  m.pos  m.endpos  m.lastindex  m.lastgroup  m.regs
//
// A group is named by its number or its name; a group that did not take
// part in the match is None (start and end -1).
type Match struct {
	p           *Pattern
	s           rxSubject
	pos, endpos int
	spans       []int             // start and end of each group, group 0 first; -1 when unset
	bound       *starlark.Builtin // the method last read, bound to it (m.group(1), m.group(2))
}

var (
	_ starlark.HasAttrs = (*Match)(nil)
	_ starlark.Mapping  = (*Match)(nil)
)

func (m *Match) Type() string          { return "re.Match" }
func (m *Match) Freeze()               {}
func (m *Match) Truth() starlark.Bool  { return true }
func (m *Match) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: %s", m.Type()) }

// String is Python's repr: <re.Match object; span=(0, 3), match='abc'>.
func (m *Match) String() string {
	text := m.s.orig[m.spans[0]:m.spans[1]]
	var r string
	if m.s.isBytes {
		r = pyReprBytes(text)
	} else {
		r = pyReprStr(text)
	}
	return fmt.Sprintf("<re.Match object; span=(%d, %d), match=%s>", m.spans[0], m.spans[1], truncateRunes(r, 50))
}

// matchMethods are bound to a match when looked up (one allocation).
// None keeps its args (class.BuiltinsInPlace).
var matchMethods = map[string]*starlark.Builtin{
	"end":       starlark.NewBuiltin("end", matchPosition("Match.end", 1)).ArgsInPlace(),
	"expand":    starlark.NewBuiltin("expand", matchExpand).ArgsInPlace(),
	"group":     starlark.NewBuiltin("group", matchGroup).ArgsInPlace(),
	"groupdict": starlark.NewBuiltin("groupdict", matchGroupdict).ArgsInPlace(),
	"groups":    starlark.NewBuiltin("groups", matchGroups).ArgsInPlace(),
	"span":      starlark.NewBuiltin("span", matchPosition("Match.span", 2)).ArgsInPlace(),
	"start":     starlark.NewBuiltin("start", matchPosition("Match.start", 0)).ArgsInPlace(),
}

func (m *Match) Attr(name string) (starlark.Value, error) {
	switch name {
	case "string":
		return m.s.value, nil
	case "re":
		return m.p, nil
	case "pos":
		return starlark.MakeInt(m.pos), nil
	case "endpos":
		return starlark.MakeInt(m.endpos), nil
	case "lastindex":
		if g := m.lastindex(); g > 0 {
			return starlark.MakeInt(g), nil
		}
		return starlark.None, nil
	case "lastgroup":
		if g := m.lastindex(); g > 0 && m.p.groupNames[g] != "" {
			return starlark.String(m.p.groupNames[g]), nil
		}
		return starlark.None, nil
	case "regs":
		t := make(starlark.Tuple, len(m.spans)/2)
		for g := range t {
			t[g] = starlark.Tuple{starlark.MakeInt(m.spans[2*g]), starlark.MakeInt(m.spans[2*g+1])}
		}
		return t, nil
	}
	if m.bound != nil && m.bound.Name() == name {
		return m.bound, nil
	}
	if fn, ok := matchMethods[name]; ok {
		m.bound = fn.BindReceiver(m)
		return m.bound, nil
	}
	return nil, nil
}

func (m *Match) AttrNames() []string {
	return []string{"end", "endpos", "expand", "group", "groupdict", "groups", "lastgroup", "lastindex", "pos", "re", "regs", "span", "start", "string"}
}

// Get is m[group].
func (m *Match) Get(k starlark.Value) (starlark.Value, bool, error) {
	g, err := m.index(k)
	if err != nil {
		return nil, false, err
	}
	return m.group(g), true, nil
}

// lastindex is the number of the last group to close, 0 for none: the
// one that ends last, and of those, the one whose ")" comes last.
func (m *Match) lastindex() int {
	best := 0
	for g := 1; g <= m.p.groups; g++ {
		if m.spans[2*g] < 0 {
			continue
		}
		if best == 0 || m.spans[2*g+1] > m.spans[2*best+1] ||
			m.spans[2*g+1] == m.spans[2*best+1] && m.p.closeOrder[g] > m.p.closeOrder[best] {
			best = g
		}
	}
	return best
}

// index is the number of the group v names (a number or a name).
func (m *Match) index(v starlark.Value) (int, error) {
	switch v := v.(type) {
	case starlark.Int:
		if g, ok := v.Int64(); ok && g >= 0 && g <= int64(m.p.groups) {
			return int(g), nil
		}
	case starlark.Bool:
		if v {
			if m.p.groups >= 1 {
				return 1, nil
			}
		} else {
			return 0, nil
		}
	case starlark.String:
		if g, ok := m.p.names[string(v)]; ok {
			return g, nil
		}
	}
	return 0, pyerr.Errorf("IndexError", "no such group")
}

// group is the text of group g, or dflt when it did not take part.
func (m *Match) groupOr(g int, dflt starlark.Value) starlark.Value {
	a, b := m.spans[2*g], m.spans[2*g+1]
	if a < 0 {
		return dflt
	}
	return m.s.slice(a, b)
}

func (m *Match) group(g int) starlark.Value { return m.groupOr(g, starlark.None) }

// group(*groups): group 0 without arguments, one group's text with one,
// a tuple with more.
func matchGroup(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := b.Receiver().(*Match)
	if len(kwargs) > 0 {
		return nil, pyerr.Errorf("TypeError", "Match.group: takes no keyword arguments")
	}
	switch len(args) {
	case 0:
		return m.group(0), nil
	case 1:
		g, err := m.index(args[0])
		if err != nil {
			return nil, err
		}
		return m.group(g), nil
	}
	out := make(starlark.Tuple, len(args))
	for i, a := range args {
		g, err := m.index(a)
		if err != nil {
			return nil, err
		}
		out[i] = m.group(g)
	}
	return out, nil
}

// groups(default=None) is every group's text, default for those that did
// not take part.
func matchGroups(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m, dflt, err := unpackDefault("Match.groups", b, args, kwargs)
	if err != nil {
		return nil, err
	}
	out := make(starlark.Tuple, m.p.groups)
	for g := range out {
		out[g] = m.groupOr(g+1, dflt)
	}
	return out, nil
}

// groupdict(default=None) maps each named group to its text.
func matchGroupdict(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m, dflt, err := unpackDefault("Match.groupdict", b, args, kwargs)
	if err != nil {
		return nil, err
	}
	d := starlark.NewDict(len(m.p.nameOrder))
	for _, name := range m.p.nameOrder {
		d.SetKey(starlark.String(name), m.groupOr(m.p.names[name], dflt))
	}
	return d, nil
}

// unpackDefault reads the (default=None) of groups and groupdict.
func unpackDefault(fn string, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (*Match, starlark.Value, error) {
	var dflt starlark.Value = starlark.None
	err := starlark.UnpackArgs(fn, args, kwargs, "default?", &dflt)
	return b.Receiver().(*Match), dflt, err
}

// matchPosition is start(group=0) (which 0), end (1) or span (2).
func matchPosition(fn string, which int) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		m := b.Receiver().(*Match)
		var gv starlark.Value = starlark.MakeInt(0)
		if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0, &gv); err != nil {
			return nil, err
		}
		g, err := m.index(gv)
		if err != nil {
			return nil, err
		}
		a, e := m.spans[2*g], m.spans[2*g+1]
		switch which {
		case 0:
			return starlark.MakeInt(a), nil
		case 1:
			return starlark.MakeInt(e), nil
		}
		return starlark.Tuple{starlark.MakeInt(a), starlark.MakeInt(e)}, nil
	}
}

// expand(template) is the template with the match's groups in it, as
// sub() would write it.
func matchExpand(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := b.Receiver().(*Match)
	var tv starlark.Value
	if err := starlark.UnpackArgs("Match.expand", args, kwargs, "template", &tv); err != nil {
		return nil, err
	}
	var repl string
	switch t := tv.(type) {
	case starlark.String:
		if m.p.isBytes && m.s.isBytes {
			return nil, pyerr.Errorf("TypeError", "Match.expand: expected a bytes-like object, str found")
		}
		repl = string(t)
	case starlark.Bytes:
		if !m.p.isBytes {
			return nil, pyerr.Errorf("TypeError", "Match.expand: expected str instance, bytes found")
		}
		repl = string(t)
	default:
		return nil, pyerr.Errorf("TypeError", "Match.expand: got %s, want str", tv.Type())
	}
	t, err := m.p.parsedTemplate(repl)
	if err != nil {
		return nil, err
	}
	var out strings.Builder
	t.expand(&out, m.s.orig, m.spans)
	return rxValue(out.String(), m.s.isBytes), nil
}
