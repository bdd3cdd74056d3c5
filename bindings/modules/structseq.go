package modules

import (
	"fmt"
	"slices"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// structSeq is a tuple whose items also have names, and which may carry
// more named values than items, as Python's os.stat_result: st[6] and
// st.st_size are the same, and st.st_mtime (a float) has no index. It
// indexes, slices, iterates, unpacks, and compares as a tuple does with
// another of its type; repr shows the items by name.
type structSeq struct {
	typ    string         // "os.stat_result"
	names  []string       // the items' names
	items  starlark.Tuple // the tuple part
	extra  starlark.StringDict
	frozen bool
}

var (
	_ starlark.Sliceable  = (*structSeq)(nil)
	_ starlark.Sequence   = (*structSeq)(nil)
	_ starlark.HasAttrs   = (*structSeq)(nil)
	_ starlark.Comparable = (*structSeq)(nil)
)

func (s *structSeq) String() string {
	var b strings.Builder
	b.WriteString(s.typ + "(")
	for i, v := range s.items {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s.names[i] + "=" + v.String())
	}
	b.WriteString(")")
	return b.String()
}

func (s *structSeq) Type() string               { return s.typ }
func (s *structSeq) Freeze()                    { s.frozen = true; s.items.Freeze(); s.extra.Freeze() }
func (s *structSeq) Truth() starlark.Bool       { return len(s.items) > 0 }
func (s *structSeq) Hash() (uint32, error)      { return s.items.Hash() }
func (s *structSeq) Len() int                   { return len(s.items) }
func (s *structSeq) Index(i int) starlark.Value { return s.items[i] }
func (s *structSeq) Iterate() starlark.Iterator { return s.items.Iterate() }

func (s *structSeq) Slice(start, end, step int) starlark.Value {
	return s.items.Slice(start, end, step)
}

// Attr is an item by name, or a named value beyond the items, which wins
// over an item of the same name (st_mtime is a float, st[8] an int).
func (s *structSeq) Attr(name string) (starlark.Value, error) {
	if v, ok := s.extra[name]; ok {
		return v, nil
	}
	for i, n := range s.names {
		if n == name {
			return s.items[i], nil
		}
	}
	return nil, starlark.NoSuchAttrError(fmt.Sprintf("'%s' object has no attribute '%s'", s.typ, name))
}

func (s *structSeq) AttrNames() []string {
	names := append([]string(nil), s.names...)
	for _, k := range s.extra.Keys() {
		if !slices.Contains(s.names, k) {
			names = append(names, k)
		}
	}
	return names
}

func (s *structSeq) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, s.items, y.(*structSeq).items, depth)
}
